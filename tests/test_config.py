"""Configuration files (ledgerlint.toml, [tool.ledgerlint]), settings and their origins, waivers."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.config import find_config, load_config
from checker.errors import ConfigError

DATA = Path(__file__).parent / "data"
NOTICE = DATA / "notices" / "fancheng-2023-notice.txt"

LOCAL_RULES = '''ruleset local "本地规则"

rule title-short info "问题标题过短"
  doc """标题不足八个字,多半没有说清问题。"""
  for issue in issues
  forbid len(issue.title) < 8
  at issue.title
  message "问题 {issue.id} 的标题「{issue.title}」过短"
'''

# an approximate rate (约) 0.8 percentage points off: within the default approx_margin (3.0), outside 0.5
RATE_LEDGER = """ledger_version: 1
unit: 某区司法局党组
inspection: {feedback: 2023-03-16}
report_date: 2023-07-15
contact: {phone: 0710-3232187}
issues:
  - id: "1"
    title: 矛盾纠纷调解工作不够扎实
    owner: {leader: 张某, department: 办公室, person: 李某}
    deadline: 2023-06-30
    status: completed
    completed_on: 2023-05-10
    measures:
      - {text: "2023年4月起调解纠纷约100件，调解成功90件，调解成功率89.2%", date: 2023-04-01}
    evidence: [调解台账]
  - id: "2"
    title: 普法
    owner: {leader: 张某, department: 办公室, person: 李某}
    deadline: 2023-06-30
    status: completed
    completed_on: 2023-05-10
    measures:
      - {text: "2023年4月3日召开普法工作推进会", date: 2023-03-01}
    evidence: [会议纪要]
"""


def lint(cwd: Path, *args: str) -> tuple[int, dict, str]:
    """Run `lint --format json` in `cwd`; (exit code, report, stderr)."""
    old = Path.cwd()
    try:
        os.chdir(cwd)
        result = CliRunner().invoke(main, ["lint", "--format", "json", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    report = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, report, result.stderr


def findings(report: dict) -> list[tuple[str, str, str | None]]:
    return sorted((f["rule"], f["severity"], f["item"]) for file in report["files"] for f in file["findings"])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "ledger.yaml").write_text(RATE_LEDGER, encoding="utf-8")
    (tmp_path / "local.rules").write_text(LOCAL_RULES, encoding="utf-8")
    return tmp_path


def test_config_adds_a_rule_ignores_by_prefix_changes_a_severity_and_sets_a_param(project: Path) -> None:
    code, before, _ = lint(project, "ledger.yaml")
    assert code == 0
    assert findings(before) == [("dates/measure-before-feedback", "warning", "2")]

    (project / "ledgerlint.toml").write_text(
        'rules = ["builtin", "local.rules"]\nignore = ["dates/"]\n'
        '[severity]\n"local/title-short" = "error"\n[params]\n"consistency.approx_margin" = 0.5\n', encoding="utf-8")
    code, after, _ = lint(project, "ledger.yaml")
    assert findings(after) == [("consistency/rate", "error", "1"), ("local/title-short", "error", "2")]
    assert code == 1


def test_local_rules_extend_the_builtin_set_on_the_command_line(project: Path) -> None:
    # the README's example: a local rule file and a parameter of a built-in rule set
    code, report, err = lint(project, "ledger.yaml", "--rules", "local.rules", "--param", "consistency.approx_margin=0.5")
    assert err == ""
    rules = {r for r, _, _ in findings(report)}
    assert {"local/title-short", "consistency/rate", "dates/measure-before-feedback"} <= rules
    code, report, _ = lint(project, "ledger.yaml", "--rules", "local.rules", "--no-builtin-rules")
    assert findings(report) == [("local/title-short", "info", "2")]


def test_select_and_ignore_as_comma_lists_longest_selector_wins(project: Path) -> None:
    _, report, _ = lint(project, "ledger.yaml", "--param", "consistency.approx_margin=0.5",
                        "--select", "consistency/,dates/measure-before-feedback", "--ignore", "dates/")
    assert findings(report) == [("consistency/rate", "error", "1"), ("dates/measure-before-feedback", "warning", "2")]


def test_a_typo_in_a_key_is_a_located_error(project: Path) -> None:
    (project / "ledgerlint.toml").write_text('rules = ["builtin"]\n\n[severty]\n"dates/order" = "info"\n',
                                             encoding="utf-8")
    code, _, err = lint(project, "ledger.yaml")
    assert code == 2
    assert "ledgerlint.toml:3:1: 未知的配置项「severty」" in err
    assert "severity" in err  # did you mean
    assert "Traceback" not in err


@pytest.mark.parametrize(("text", "line", "words"), [
    ('fail-on = "warn"\n', 1, "级别应为"),
    ('[params]\n"consistency.rounding" = "half"\n', 2, "应为数字"),
    ('[params]\n"consistency.roundng" = 0.5\n', 2, "未知的规则参数"),
    ('fail-on = "error"\n[params]\nconsistency.approx_margin = "wide"\n', 3, "应为数字"),  # dotted keys
    ('select = ["complteness/"]\n', 1, "不是任何规则"),
    ('[severity]\n"dates/order" = "fatal"\n', 2, "级别应为"),
    ('\n[[waivers]]\npath = "*.txt"\nrule = "dates/order"\nitem = "1"\n', 2, "理由"),
    ('[[waivers]]\npath = "*.txt"\nrule = "dates/ordr"\nitem = "1"\nreason = "r"\n', 3, "不存在的规则"),
    ('[[waivers]]\npath = "*.txt"\nrule = "dates/order"\nitem = "1"\nreason = "r"\nexpires = "soon"\n', 6,
     "expires"),
    ('[[waivers]]\npath = "*.txt"\nrule = "dates/order"\nreason = "r"\n', 1, "item"),
    ('rules = ["nowhere.rules"]\n', 1, "找不到规则文件"),
    ('exclude = [\n', 1, "TOML"),
])
def test_bad_values_are_located_errors(project: Path, text: str, line: int, words: str) -> None:
    (project / "ledgerlint.toml").write_text(text, encoding="utf-8")
    code, _, err = lint(project, "ledger.yaml")
    assert code == 2
    assert err.startswith(f"ledgerlint.toml:{line}:"), err
    assert words in err


def test_every_mistake_of_a_config_file_is_reported_in_one_run(project: Path) -> None:
    (project / "ledgerlint.toml").write_text(
        'selec = ["dates/"]\nfail-on = "warn"\n\n[severity]\n"dates/order" = "loud"\n"dates/as-of" = "info"\n\n'
        '[[waivers]]\npath = "*.txt"\nrule = "dates/order"\nitem = "1"\nreson = "x"\n\n'
        '[[waivers]]\npath = "*.txt"\nrule = "dates/order"\nitem = "2"\nreason = "r"\nexpires = "soon"\n',
        encoding="utf-8")
    code, report, err = lint(project, "ledger.yaml")
    assert code == 2
    located = [line.split(": ", 1)[0] for line in err.splitlines() if line.startswith("ledgerlint.toml:")]
    assert located == ["ledgerlint.toml:1:1", "ledgerlint.toml:2:1", "ledgerlint.toml:5:1",
                       "ledgerlint.toml:12:1", "ledgerlint.toml:19:1"]
    assert "是不是「select」" in err and "是不是「warning」" in err and "是不是「reason」" in err
    assert err.rstrip().endswith("共 5 处错误")
    # the JSON report says it too, for a pipeline that reads only the report
    assert [e["location"]["line"] for e in report["errors"]] == [1, 2, 5, 12, 19]
    assert report["files"] == []


def test_every_unknown_rule_id_of_the_settings_is_reported_in_one_run(project: Path) -> None:
    (project / "ledgerlint.toml").write_text(
        'select = ["complteness/", "dates/"]\n[severity]\n"dates/ordr" = "info"\n'
        '[[waivers]]\npath = "*.yaml"\nrule = "dates/orde"\nitem = "1"\nreason = "r"\n', encoding="utf-8")
    code, _, err = lint(project, "ledger.yaml", "--ignore", "wordng/")
    assert code == 2
    assert [line.split(": ", 1)[0] for line in err.splitlines() if ": " in line and not line.startswith("提示")] == [
        "ledgerlint.toml:1:1", "ledgerlint.toml:3:1", "ledgerlint.toml:6:1", "--ignore"]
    assert "「dates/order」" in err and "共 4 处错误" in err


def test_parameter_mistakes_and_unknown_rule_ids_are_reported_together(project: Path) -> None:
    (project / "ledgerlint.toml").write_text(
        'select = ["dates/o", "consistency/"]\n[params]\n"consistency.roundng" = 0.5\n'
        '"consistency.rounding" = "half"\n[[waivers]]\npath = "*.yaml"\nrule = "nosuch/rule"\nitem = "1"\n'
        'reason = "r"\n', encoding="utf-8")
    code, report, err = lint(project, "ledger.yaml", "--param", "dates.nothing=3")
    assert code == 2
    assert [line.split(": ", 1)[0] for line in err.splitlines() if line.startswith("ledgerlint.toml:")] == [
        "ledgerlint.toml:1:1", "ledgerlint.toml:3:1", "ledgerlint.toml:4:1", "ledgerlint.toml:7:1"]
    assert "未知的规则参数: consistency.roundng\n提示: 是不是「consistency.rounding」?" in err
    assert "未知的规则参数: dates.nothing" in err  # the command line's, without a line, after the file's
    assert err.rstrip().endswith("共 5 处错误") and len(report["errors"]) == 5


def test_pyproject_table_is_found_from_a_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "site"\n\n[tool.ledgerlint]\nignore = ["dates/"]\n'
                                            '[tool.ledgerlint.severity]\n"dates/order" = "info"\n', encoding="utf-8")
    sub = project / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == project / "pyproject.toml"
    config = load_config(project / "pyproject.toml")
    assert config.origin("ignore").endswith("pyproject.toml:5")
    code, report, _ = lint(sub, str(project / "ledger.yaml"))
    assert findings(report) == []
    # ledgerlint.toml wins over pyproject.toml in the same folder
    (project / "ledgerlint.toml").write_text("fail-on = \"warning\"\n", encoding="utf-8")
    assert find_config(sub) == project / "ledgerlint.toml"


def test_pyproject_without_the_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n', encoding="utf-8")
    assert find_config(tmp_path) != tmp_path / "pyproject.toml"


def test_config_command_prints_settings_and_their_origin(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "ledgerlint.toml").write_text('rules = ["builtin", "local.rules"]\n\nfail-on = "warning"\n',
                                             encoding="utf-8")
    monkeypatch.chdir(project)
    out = CliRunner().invoke(main, ["config"]).output
    assert "# 配置文件: ledgerlint.toml" in out
    assert 'fail-on = "warning"' in out and "# ledgerlint.toml:3" in out
    assert 'rules = ["builtin", "local.rules"]' in out
    assert "select = []" in out and "# 默认" in out
    shown = CliRunner().invoke(main, ["lint", "--show-settings", "--fail-on", "info", "--ignore", "dates/", "x"])
    assert shown.exit_code == 0
    assert 'fail-on = "info"' in shown.output and "# 命令行" in shown.output


def test_fail_on_from_the_config(project: Path) -> None:
    (project / "ledgerlint.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    assert lint(project, "ledger.yaml")[0] == 1
    assert lint(project, "ledger.yaml", "--fail-on", "error")[0] == 0  # the command line wins
    assert lint(project, "ledger.yaml", "--isolated")[0] == 0  # no config at all


def test_exclude_globs_and_gitignore(tmp_path: Path) -> None:
    for name in ("notices/a.txt", "drafts/b.txt", "build/c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(NOTICE, tmp_path / name)
    (tmp_path / "ledgerlint.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    _, report, _ = lint(tmp_path, ".")
    assert sorted(f["path"] for f in report["files"]) == ["build/c.txt", "notices/a.txt"]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    _, report, _ = lint(tmp_path, ".")
    assert [f["path"] for f in report["files"]] == ["notices/a.txt"]
    # a file named on the command line is linted anyway, unless --force-exclude
    _, report, _ = lint(tmp_path, "drafts/b.txt")
    assert [f["path"] for f in report["files"]] == ["drafts/b.txt"]
    # (pre-commit passes the changed files: all of them excluded is intended, not a failure)
    code, _, err = lint(tmp_path, "drafts/b.txt", "--force-exclude")
    assert code == 0 and "exclude 排除" in err
    # a path that holds nothing is still a mistake
    code, _, err = lint(tmp_path, "nowhere.txt", "--force-exclude")
    assert code == 2


def _workbook(path: Path) -> None:
    """A ledger workbook whose item 2 has no measures and item 3 no deadline."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append(["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "整改时限", "整改状态", "完成时间",
                  "佐证材料"])
    sheet.append([1, "理论学习不够深入细致", "修改完善《理论学习中心组制度》", "张某", "办公室", "李某",
                  dt.datetime(2023, 6, 30), "已完成", dt.datetime(2023, 5, 10), "会议纪要"])
    sheet.append([2, "财务报销审核不严格", None, "张某", "财务股", "王某", dt.datetime(2023, 6, 30), "正在推进",
                  None, None])
    sheet.append([3, "档案管理不规范", "2023年5月完成档案整理120卷", "张某", "办公室", "赵某", None, "正在推进",
                  None, None])
    book.save(path)


WAIVERS = '''
[[waivers]]
path = "notices/*.txt"
rule = "completeness/measures-vague"
item = "15"
reason = "措施已在附件中逐项列明"
by = "巡察办王某"
expires = {txt_expires}

[[waivers]]
path = "*.xlsx"
rule = "completeness/measures-missing"
quote = "财务报销审核不严格"
reason = "措施另行报送"
expires = 2099-12-31
'''


def test_waivers_silence_exactly_one_finding_in_a_notice_and_in_a_workbook(tmp_path: Path) -> None:
    (tmp_path / "notices").mkdir()
    shutil.copy(NOTICE, tmp_path / "notices" / "fancheng.txt")
    _workbook(tmp_path / "ledger.xlsx")
    _, before, _ = lint(tmp_path, ".")
    (tmp_path / "ledgerlint.toml").write_text(WAIVERS.format(txt_expires="2099-03-31"), encoding="utf-8")
    _, after, _ = lint(tmp_path, ".")
    gone = set(_keyed(before)) - set(_keyed(after))
    assert gone == {("notices/fancheng.txt", "completeness/measures-vague", "15"),
                    ("ledger.xlsx", "completeness/measures-missing", "2")}
    assert len(_keyed(before)) - len(_keyed(after)) == 2
    assert [f["path"] for f in after["files"]] == [f["path"] for f in before["files"]]  # no notes: all used

    # expired: waives nothing and is reported at its line in the config file
    (tmp_path / "ledgerlint.toml").write_text(WAIVERS.format(txt_expires="2023-01-31"), encoding="utf-8")
    _, expired, _ = lint(tmp_path, ".")
    assert ("notices/fancheng.txt", "completeness/measures-vague", "15") in _keyed(expired)
    notes = [f for file in expired["files"] if file["path"] == "ledgerlint.toml" for f in file["findings"]]
    assert [(n["rule"], n["location"]["line"]) for n in notes] == [("suppression/expired", 2)]


def test_an_unused_waiver_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notices").mkdir()
    shutil.copy(NOTICE, tmp_path / "notices" / "fancheng.txt")
    (tmp_path / "ledgerlint.toml").write_text(
        '[[waivers]]\npath = "notices/*.txt"\nrule = "dates/order"\nitem = "3"\nreason = "已核实"\n'
        '[[waivers]]\npath = "other/*.txt"\nrule = "dates/order"\nitem = "3"\nreason = "不适用于本次检查的文件"\n',
        encoding="utf-8")
    _, report, _ = lint(tmp_path, "notices")
    notes = [f for file in report["files"] if file["path"] == "ledgerlint.toml" for f in file["findings"]]
    assert [(n["rule"], n["location"]["line"]) for n in notes] == [("suppression/unused", 1)]


def _keyed(report: dict) -> list[tuple[str, str, str | None]]:
    return [(file["path"], f["rule"], f["item"]) for file in report["files"] for f in file["findings"]]


def test_load_config_rejects_a_non_table_waiver(tmp_path: Path) -> None:
    path = tmp_path / "ledgerlint.toml"
    path.write_text('waivers = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.location is not None and caught.value.location.line == 1


def test_waiver_notes_do_not_count_as_a_checked_file(tmp_path: Path) -> None:
    # fail closed: only a document that is not a report, plus a config whose waiver notes form a "file"
    (tmp_path / "news.txt").write_text("本报讯 昨日,区图书馆举办读书分享会,三十余名读者参加。\n", encoding="utf-8")
    (tmp_path / "ledgerlint.toml").write_text(
        '[[waivers]]\npath = "*.txt"\nrule = "dates/order"\nitem = "1"\nreason = "r"\nexpires = 2020-01-01\n',
        encoding="utf-8")
    code, report, err = lint(tmp_path, "news.txt")
    assert any(f["path"] == "ledgerlint.toml" for f in report["files"])
    assert code == 2 and "没有任何文件被实际检查" in err


def test_params_written_as_dotted_keys_or_a_sub_table(project: Path) -> None:
    for text in ("[params]\nconsistency.approx_margin = 0.5\n", "[params.consistency]\napprox_margin = 0.5\n"):
        (project / "ledgerlint.toml").write_text(text, encoding="utf-8")
        _, report, err = lint(project, "ledger.yaml")
        assert ("consistency/rate", "error", "1") in findings(report), err


def test_rules_list_and_explain_see_local_rules_beside_the_builtin_ones(project: Path) -> None:
    listed = CliRunner().invoke(main, ["rules", "list", "--rules", str(project / "local.rules")]).output
    assert "local/title-short" in listed and "completeness/owner-missing" in listed
    explained = CliRunner().invoke(main, ["rules", "explain", "local/title-short", "--rules",
                                          str(project / "local.rules")])
    assert explained.exit_code == 0 and "标题不足八个字" in explained.output


def test_no_rules_at_all_is_an_error(project: Path) -> None:
    code, _, err = lint(project, "ledger.yaml", "--no-builtin-rules")
    assert code == 2 and "没有规则文件" in err
