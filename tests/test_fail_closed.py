"""Nothing loads, nothing passes: no rules, no readable input or nothing checked is exit 2, said clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "samples" / "ledgers" / "fancheng-2023.json"
SUMMARY = ROOT / "samples" / "notices" / "yuanjiang-work-summary.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n# 第二行\n", 'ruleset t "只有参数"\nparam x = 1\n'])
def test_rule_file_without_rules_is_an_error(tmp_path: Path, text: str) -> None:
    rules = tmp_path / "empty.rules"
    rules.write_text(text, encoding="utf-8")
    code, out, err = run("lint", str(LEDGER), "--rules", str(rules))
    assert code == 2
    assert "没有加载到任何规则" in err and "未发现问题" not in out
    code, out, err = run("rules", "check", str(rules))
    assert code == 2 and "没有加载到任何规则" in err and "规则文件无误" not in out


def test_rules_folder_without_rules_files_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "my.rule").write_text('ruleset t "t"\n', encoding="utf-8")
    code, out, err = run("lint", str(LEDGER), "--rules", str(folder))
    assert code == 2
    assert "没有 .rules 规则文件" in err and "my.rule" in err
    code, _, err = run("rules", "check", str(folder))
    assert code == 2 and "没有 .rules 规则文件" in err


def test_a_run_where_nothing_was_checked_exits_2(tmp_path: Path) -> None:
    code, out, err = run("lint", str(SUMMARY))
    assert code == 2
    assert "没有任何文件被实际检查" in err
    assert "document/not-a-report" in out  # the report still says why


def test_one_checked_file_is_enough(tmp_path: Path) -> None:
    code, _, err = run("lint", str(SUMMARY), str(ROOT / "samples" / "clean"))
    assert "没有任何文件被实际检查" not in err
    assert code == 1  # the not-a-report finding is an error of its own


def test_ledger_with_empty_issue_list_is_a_finding(tmp_path: Path) -> None:
    data = json.loads(LEDGER.read_text(encoding="utf-8"))
    data["issues"] = []
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("lint", str(path), "--format", "json")
    assert code == 2
    findings = json.loads(out)["files"][0]["findings"]
    assert "input/no-items" in {f["rule"] for f in findings}


def test_empty_object_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text("{}", encoding="utf-8")
    code, out, _ = run("lint", str(path))
    assert code == 2 and "input/no-items" in out and "未发现问题" not in out


def test_csv_with_only_its_header_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("序号,问题,整改措施,责任领导,责任部门,责任人,整改时限,整改状态\n", encoding="utf-8")
    code, out, _ = run("lint", str(path))
    assert code == 2 and "input/no-items" in out


def test_output_into_a_missing_folder_is_created_and_an_impossible_one_is_a_clear_error(tmp_path: Path) -> None:
    # -o creates its folder (CI writes reports/x.sarif into a fresh checkout) ...
    code, _, err = run("lint", str(LEDGER), "-o", str(tmp_path / "no" / "such" / "r.json"), "--format", "json")
    assert code != 2 and (tmp_path / "no" / "such" / "r.json").is_file() and "Traceback" not in err
    # ... and a folder that cannot be made (a file is in the way) is a clear error, exit 2
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    code, _, err = run("lint", str(LEDGER), "-o", str(tmp_path / "taken" / "r.json"), "--format", "json")
    assert code == 2 and "无法写入报告" in err and "Traceback" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_output_to_a_full_disk_is_a_clear_error() -> None:
    code, _, err = run("lint", str(LEDGER), "-o", "/dev/full")
    assert code == 2 and "磁盘空间不足" in err


def test_json_duplicate_keys_are_an_error(tmp_path: Path) -> None:
    data = json.loads(LEDGER.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False, indent=1)
    path = tmp_path / "dup.json"
    for key, value in (("issues", "[]"), ("unit", '"另一个单位"')):
        path.write_text(text[:-2] + f',\n "{key}": {value}\n}}', encoding="utf-8")
        code, out, _ = run("lint", str(path), "--format", "json")
        assert code == 2
        finding = json.loads(out)["files"][0]["findings"][0]
        assert finding["rule"] == "input/invalid" and f"“{key}”" in finding["message"] and "两次" in finding["message"]
    # "unit" is a key of one object only: the second occurrence is located
    assert finding["location"]["line"] == text.count("\n") + 1


def test_a_duplicate_key_every_item_has_is_located_in_its_item(tmp_path: Path) -> None:
    # "status" is a key of every item: the repeat is found in the third item's object, escapes and brackets
    # inside texts notwithstanding.
    lines = ['{"ledger_version": 1, "unit": "某区司法局党组", "issues": [']
    for n in range(1, 6):
        status = '"status": "completed",' + (' "status": "in_progress",' if n == 3 else "")
        lines.append(f' {{"id": "{n}", "title": "问题{n}:\\"括号{{[\\" 未闭合", {status} "deadline": "2023-06-30"}}'
                     + ("," if n < 5 else ""))
    lines.append("]}")
    path = tmp_path / "dup.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run("lint", str(path), "--format", "json")
    finding = json.loads(out)["files"][0]["findings"][0]
    assert code == 2 and finding["rule"] == "input/invalid" and "“status”出现了两次" in finding["message"]
    third = lines[3]
    column = third.index('"status"', third.index('"status"') + 1) + 1
    assert (finding["location"]["line"], finding["location"]["column"]) == (4, column)
    assert finding["location"]["end_column"] == column + len('"status"')


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_duplicate_issue_ids_are_reported(tmp_path: Path, fmt: str) -> None:
    if fmt == "json":
        data = json.loads(LEDGER.read_text(encoding="utf-8"))
        data["issues"][2]["id"] = data["issues"][1]["id"]
        path = tmp_path / "dup.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        path = tmp_path / "dup.csv"
        path.write_text("序号,问题,整改措施,责任领导,责任部门,责任人,整改时限,整改状态\n"
                        "1,学习不深入,召开会议2次,张某,办公室,李某,2023-06-30,已完成\n"
                        "1,制度不健全,印发《制度》,王某,办公室,赵某,2023-06-30,已完成\n", encoding="utf-8")
    code, out, _ = run("lint", str(path), "--format", "json")
    dups = [f for f in json.loads(out)["files"][0]["findings"] if f["rule"] == "input/duplicate-id"]
    assert len(dups) == 1 and "重复" in dups[0]["message"] and code >= 1


def test_csv_unclosed_quote_is_located(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text("序号,问题,整改措施\n1,\"未闭合的引号,措施\n2,问题二,措施二\n3,问题三,措施三\n", encoding="utf-8")
    code, out, _ = run("lint", str(path))
    assert code == 2 and "引号没有闭合" in out and "q.csv:2:3" in out


def test_csv_quotes_that_are_closed_or_literal_are_fine(tmp_path: Path) -> None:
    from checker.load.csv_source import unclosed_quote

    assert unclosed_quote('1,"多行\n单元格",x', ",") is None
    assert unclosed_quote('1,他说"好",x', ",") is None
    assert unclosed_quote('1,"引号""内",x', ",") is None
    assert unclosed_quote('1,x,"开\n始', ",") == (0, 5)
