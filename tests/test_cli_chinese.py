"""The command line speaks Chinese in its own words too: usage errors (exit 2), usage lines, help pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "samples" / "ledgers" / "pingdingshan-2024.yaml"
ENGLISH = re.compile(r"Usage|Error|Try |Invalid value|Missing|No such|Show this|Options:|Commands:|default:|"
                     r"is not|does not exist|requires an")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="ledgerlint")
    return result.exit_code, result.output


@pytest.mark.parametrize("args, says", [
    (["lint", str(LEDGER), "--as-of", "七月"], "选项 '--as-of' 的值无效"),
    (["lint"], "缺少参数 PATHS..."),
    (["lint", "-f", "pdf", str(LEDGER)], "「pdf」不是可选的值"),
    (["lint", "--jobs", "999", str(LEDGER)], "不在范围"),
    (["lint", "--bogus", str(LEDGER)], "没有选项 --bogus"),
    (["lnt"], "没有命令「lnt」;是不是「lint」?"),
    (["rules", "explain"], "缺少参数 RULE_ID"),
    (["rules", "explain", "dates/overdu"], "参数 RULE_ID 的值无效: 未知的规则 dates/overdu,是不是 dates/overdue?"),
    (["lint", "--disable", "dates/overdu", str(LEDGER)], "选项 --disable 的值无效"),
    (["rules", "test", "/no/such/rules"], "路径「/no/such/rules」不存在"),
])
def test_usage_errors_are_chinese_with_exit_code_2(args: list[str], says: str) -> None:
    code, out = run(*args)
    assert code == 2, out
    assert says in out and "错误: " in out
    assert "用法: ledgerlint" in out and "查看帮助" in out
    assert not ENGLISH.search(out), out


@pytest.mark.parametrize("args", [["--help"], ["lint", "--help"], ["rules", "--help"], ["rules", "test", "-h"],
                                  ["serve", "--help"], [], ["rules"]])
def test_help_pages_are_chinese(args: list[str]) -> None:
    code, out = run(*args)
    # a group run bare shows its help: a usage error from click 8.2 on (exit 2), a plain help page before
    assert code in ((0, 2) if args in ([], ["rules"]) else (0,))
    assert "错误: " not in out
    assert out.startswith("用法: ledgerlint") and "显示此帮助并退出。" in out and "选项:" in out
    assert not ENGLISH.search(out), out


@pytest.mark.parametrize("written", ["2024年7月15日", "2024.7.15", "2024/7/15", "2024-07-15"])
def test_as_of_takes_the_date_forms_of_ledgers(written: str) -> None:
    code, out = run("lint", "--as-of", written, str(LEDGER))
    assert code == 1, out
    assert "检查日期 2024-07-15" in out


def test_one_file_that_is_no_report_is_spoken_of_as_one(tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    path.write_text('{"name": "site", "version": "1.0.0"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == 2
    assert "没有任何文件被实际检查: 该文件不是整改报告或台账" in result.stderr
    assert "1 个文件都" not in result.stderr


@pytest.mark.parametrize("toml, says", [
    ("fail-on = error\n", "无效的值"),
    ('select = ["dates/"\n', "数组缺少结尾的“]”"),
    ('fail-on = "error\n', "缺少结尾的引号"),
    ("[abc]\n[abc]\n", "表 [abc] 声明了两次"),
    ('fail-on = "error" select = []\n', "之后应换行"),
])
def test_toml_syntax_errors_are_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str,
                                        says: str) -> None:
    (tmp_path / "ledgerlint.toml").write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", str(LEDGER)])
    assert result.exit_code == 2
    assert "ledgerlint.toml:" in result.stderr and "配置文件不是有效的 TOML: " in result.stderr
    assert says in result.stderr
    assert not re.search(r"[A-Za-z]{4,}", result.stderr.split("TOML: ", 1)[1].replace("error", "")), result.stderr


@pytest.mark.parametrize("check, says", [
    ("require issue.ownr is present", "问题没有字段 'ownr'"),
    ("require issue.owner.lead is present", "责任主体没有字段 'lead'"),
])
def test_rule_file_errors_name_records_in_chinese(tmp_path: Path, check: str, says: str) -> None:
    rules = tmp_path / "local.rules"
    rules.write_text(f'ruleset local "本地"\n\nrule y warning "测试"\n  for issue in issues\n  {check}\n  message "x"\n',
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", str(rules)])
    assert result.exit_code == 2
    assert says in result.output and "Issue" not in result.output and "Owner" not in result.output


def test_the_config_file_of_waivers_is_headed_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ledgerlint.toml").write_text(
        '[[waivers]]\npath = "*.yaml"\nrule = "dates/order"\nitem = "99"\nreason = "已核实"\n', encoding="utf-8")
    (tmp_path / "ledger.yaml").write_bytes(LEDGER.read_bytes())
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["lint", "ledger.yaml"]).output
    assert "ledgerlint.toml  [配置文件]" in out and "config" not in out and "toml ·" not in out


def test_a_report_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "gone" / "x.json"
    (folder / "gone").write_text("a file where a folder is wanted", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(LEDGER), "-f", "json", "-o", str(target)])
    assert result.exit_code == 2
    assert f"无法写入报告 {target}: " in result.stderr and "不存在" not in result.stderr


@pytest.mark.parametrize("args", [["desk", "createsupervisor", "admin"],
                                  ["desk", "createuser", "clerk", "--unit", "某区司法局"]])
def test_a_missing_desk_extra_is_said_before_the_password_is_asked(monkeypatch: pytest.MonkeyPatch,
                                                                   args: list[str]) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name.split(".")[0] == "django" else real(name, *a))
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code == 2
    assert "pip install 'ledgerlint[desk]'" in result.output
    assert "密码" not in result.output


def test_a_prompt_left_without_input_is_aborted_in_chinese(tmp_path: Path) -> None:
    pytest.importorskip("django")
    result = CliRunner().invoke(main, ["desk", "createsupervisor", "admin", "--home", str(tmp_path)], input="")
    assert result.exit_code == 1
    assert "已中止" in result.output and "Aborted" not in result.output


def test_passwords_that_differ_are_said_in_chinese(tmp_path: Path) -> None:
    pytest.importorskip("django")
    result = CliRunner().invoke(main, ["desk", "createsupervisor", "admin", "--home", str(tmp_path)],
                                input="secret-one-1\nsecret-two-2\n")
    assert "两次输入的密码不一致" in result.output and "do not match" not in result.output
    assert result.exit_code == 1 and "已中止" in result.output  # then the input ends
