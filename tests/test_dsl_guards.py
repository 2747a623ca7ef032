"""Every rule guarded, and what cannot run refused when the rule file loads: located errors, exit 2, no traceback."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.dsl.ruleset import load_ruleset
from checker.errors import ConfigError, LedgerlintError

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "samples" / "ledgers" / "fancheng-2023.json"
HEADER = 'ruleset t "测试"\n'
OK_RULE = 'rule fine error "总在运行"\n  for issue in issues\n  forbid issue.id == "1"\n  message "问题 {issue.id}"\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.rules"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


# ---- run time: a failing rule is one located finding; the others still run --------------------------------

def _ledger_with_titles(tmp_path: Path, *titles: str) -> Path:
    data = json.loads(LEDGER.read_text(encoding="utf-8"))
    for issue, title in zip(data["issues"], titles, strict=False):  # titles for the first issues only
        issue["title"] = title
    path = tmp_path / "ledger.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("body", [
    # a regex built from ledger data: a title with an unbalanced parenthesis
    'rule bad error "由数据构造的正则"\n  for issue in issues, j in issues\n  forbid j.title matches issue.title\n  message "m"\n',
    'rule bad error "first_match"\n  for issue in issues\n  forbid first_match(issue.title, issue.title) == "x"\n  message "m"\n',
])
def test_regex_built_from_data_gives_one_located_finding(tmp_path: Path, body: str) -> None:
    ledger = _ledger_with_titles(tmp_path, "落实(不到位")
    rules = _rules(tmp_path, body + OK_RULE)
    code, out, err = run("lint", str(ledger), "--rules", str(rules), "--format", "json")
    assert code == 2 and "Traceback" not in err
    findings = json.loads(out)["files"][0]["findings"]
    failed = [f for f in findings if f["rule"] == "rule/failed"]
    assert len(failed) == 1
    assert failed[0]["location"]["line"] == 3  # the clause of t/bad in the rule file
    assert "t/bad" in failed[0]["message"] and "ledger.json" in failed[0]["message"]
    assert "正则表达式无效" in failed[0]["message"] and failed[0]["item"] == "1"
    assert any(f["rule"] == "t/fine" for f in findings)  # the other rule still ran


def test_rule_failure_in_text_report_points_at_the_rule_file(tmp_path: Path) -> None:
    ledger = _ledger_with_titles(tmp_path, "落实[不到位")
    rules = _rules(tmp_path, 'rule bad error "t"\n  for issue in issues\n  forbid "x" matches issue.title\n'
                   '  message "m"\n')
    code, out, _ = run("lint", str(ledger), str(LEDGER), "--rules", str(rules))
    assert code == 2
    assert "t.rules:3:" in out and "rule/failed" in out
    assert out.count("rule/failed") == 1  # the clean title of the second file compiles


def test_overflow_while_running_is_guarded(tmp_path: Path) -> None:
    rules = _rules(tmp_path, 'rule far error "t"\n  for issue in issues where issue.deadline is present\n'
                   '  require issue.deadline + 36000d * 1000 > issue.deadline\n  message "m"\n' + OK_RULE)
    code, out, err = run("lint", str(LEDGER), "--rules", str(rules), "--format", "json")
    assert code == 2 and "Traceback" not in err
    findings = json.loads(out)["files"][0]["findings"]
    assert [f["rule"] for f in findings].count("rule/failed") == 1
    assert "超出" in next(f["message"] for f in findings if f["rule"] == "rule/failed")


def test_date_of_text_that_is_not_a_date_is_missing(tmp_path: Path) -> None:
    rules = _rules(tmp_path, 'rule d error "t"\n  for issue in issues\n  forbid date(issue.title) is present\n'
                   '  message "m"\n' + OK_RULE)
    code, out, err = run("lint", str(LEDGER), "--rules", str(rules), "--format", "json")
    assert "Traceback" not in err
    rules_seen = {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
    assert "rule/failed" not in rules_seen and "t/d" not in rules_seen and "t/fine" in rules_seen


# ---- load time: refused with file:line:col and a hint -------------------------------------------------------

@pytest.mark.parametrize("body, word", [
    ('rule r error "t"\n  require count(issues) / 0 > 1\n  message "m"\n', "除数为零"),
    ('rule r error "t"\n  require count(issues) % 0 > 1\n  message "m"\n', "除数为零"),
    ('rule r error "t"\n  require date("2023-02-30") is present\n  message "m"\n', "无效的日期"),
    ('rule r error "t"\n  require count(issues) < ' + "9" * 5000 + '\n  message "m"\n', "数字超出范围"),
    ('rule r error "t"\n  require count(issues) < 1' + "0" * 400 + '.5\n  message "m"\n', "数字超出范围"),
    ('rule r error "t"\n  for issue in issues\n  require issue.deadline - issue.deadline < 99999999999d\n  message "m"\n',
     "时长超出范围"),
    ('rule r error "t"\n  require true\n  message "\\N{NO SUCH NAME}"\n', "无效的转义"),
    ('rule r error "t"\n  require true\n  message "\\x"\n', "无效的转义"),
    ('rule r error "t"\n  require true\n  message "\\u12"\n', "无效的转义"),
    ('rule r error "t"\n  require true\n  message "\\U0011FFFF"\n', "无效的转义"),
    ('rule r error "t"\n  doc """abc\\"""\n  require true\n  message "m"\n', "无效的转义"),
    ('rule r error "t"\n  for issue in issues\n  require issue.title matches "C:\\Users\\x"\n  message "m"\n', "无效的转义"),
    ('rule r error "t"\n  require ' + "not " * 3000 + 'true\n  message "m"\n', "嵌套过深"),
    ('rule r error "t"\n  require ' + "- " * 3000 + '1 > 0\n  message "m"\n', "嵌套过深"),
    ('rule r error "t"\n  require ' + " and ".join(["true"] * 3000) + '\n  message "m"\n', "嵌套过深"),
    ('rule r error "t"\n  require count(' + "[" * 3000 + "1" + "]" * 3000 + ') > 0\n  message "m"\n', "嵌套过深"),
    ('rule r error "t"\n  for issue in issues\n  require issue' + ".owner" * 3000 + ' is present\n  message "m"\n', "嵌套过深"),
    ('rule r error "t"\n  require true\n  message "{' + "not " * 3000 + 'true}"\n', "嵌套过深"),
    ('rule r error "t"\n  for issue in issues\n  require issue.title matches "(a)(?=b)\\\\1"\n  message "m"\n', "正则表达式无效"),
])
def test_what_cannot_run_is_refused_at_load_time(tmp_path: Path, body: str, word: str) -> None:
    path = _rules(tmp_path, body)
    with pytest.raises(LedgerlintError) as info:
        load_ruleset([path])
    assert word in info.value.message
    assert info.value.location is not None and info.value.location.line is not None
    code, _, err = run("rules", "check", str(path))
    assert code == 2 and "Traceback" not in err and word in err


def test_long_and_chains_within_the_limit_still_load(tmp_path: Path) -> None:
    body = 'rule r error "t"\n  for issue in issues\n  require ' + " and ".join(["issue.title is present"] * 60) + \
        '\n  message "m"\n'
    assert len(load_ruleset([_rules(tmp_path, body)]).rules) == 1


def test_escapes_that_mean_something_are_kept(tmp_path: Path) -> None:
    body = 'rule r error "t"\n  require true\n  message "a\\tb\\u4e00\\N{BULLET}\\d"\n'
    rule = load_ruleset([_rules(tmp_path, body)]).rules[0]
    assert rule.info.id == "t/r"


@pytest.mark.parametrize("param, word", [
    ("consistency.rounding=Infinity", "超出范围"),
    ("consistency.rounding=NaN", "超出范围"),
    ("consistency.rounding=-Infinity", "超出范围"),
    ("consistency.rounding=1e300", "超出范围"),
    ("consistency.rounding=-2023-01-01", "应为数字"),
    ("consistency.rounding=\"0.5\"", "应为数字"),
    ("x.when=2023-02-30", "不存在的日期"),
    ("x.span=99999999999999999999d", "时长超出范围"),
])
def test_parameters_of_the_wrong_shape_are_refused(param: str, word: str) -> None:
    code, out, err = run("lint", str(LEDGER), "--param", param)
    assert code == 2 and word in err and "Traceback" not in err and "datetime" not in err


@pytest.mark.parametrize("default", ['-"abc"', "-true", "-2024-01-01", '[-"a"]'])
def test_a_minus_sign_on_text_dates_or_booleans_is_a_located_error(tmp_path: Path, default: str) -> None:
    rules = _rules(tmp_path, f'param x = {default}\nrule r error "t"\n  require true\n  message "m"\n')
    code, out, err = run("rules", "check", str(rules))
    assert code == 2 and "Traceback" not in err
    assert f"{rules}:2:" in err and "负号只能用于数字或时长" in err  # line 1 is the ruleset header


@pytest.mark.parametrize("default, value", [("-3", -3), ("-1.5", -1.5), ("-30d", -dt.timedelta(days=30))])
def test_negative_numbers_and_durations_are_parameter_defaults(tmp_path: Path, default: str,
                                                                value: object) -> None:
    rules = _rules(tmp_path, f'param x = {default}\nrule r error "t"\n  require true\n  message "m"\n')
    assert load_ruleset([rules]).params["t.x"] == value


def test_override_checks_apply_to_any_caller() -> None:
    with pytest.raises(ConfigError, match="超出范围"):
        load_ruleset([ROOT / "rules"], {"consistency.rounding": float("inf")})


# ---- regular expressions are bounded ----------------------------------------------------------------------

def test_catastrophic_regex_from_a_rule_file_finishes(tmp_path: Path) -> None:
    """(a+)+$ on a long run of a's backtracks for ever in Python's re; rule patterns run on RE2."""
    ledger = _ledger_with_titles(tmp_path, "a" * 200_000 + "!", "aaa")  # the second matches: exit 1
    rules = _rules(tmp_path, 'param evil = "(a+)+$"\nrule r error "t"\n  for issue in issues\n'
                   '  forbid issue.title matches evil\n  message "m"\n')
    proc = subprocess.run([sys.executable, "-m", "checker", "lint", str(ledger), "--rules", str(rules)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_catastrophic_regex_given_as_a_parameter_finishes(tmp_path: Path) -> None:
    data = json.loads(LEDGER.read_text(encoding="utf-8"))
    data["issues"][0]["measures"] = [{"text": "a" * 100_000 + "!"}]
    data["issues"][0]["status"] = "completed"
    ledger = tmp_path / "l.json"
    ledger.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "lint", str(ledger), "--param",
                           "wording.future_words=(a|aa)+$"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr
