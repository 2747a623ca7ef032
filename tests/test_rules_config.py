"""`rules list` and `rules explain` show the rule set and parameters `lint` runs with: the config file's
rules, [params] and [severity] (found upward, or --config), under --rules/--param, none with --isolated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONFIG = """rules = ["rules/office.rules"]

[severity]
"office/owner-load" = "error"

[params]
"office.max_days" = "90d"
"consistency.rounding" = 0.2
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "rules").mkdir()
    shutil.copy(ROOT / "samples" / "rules" / "office.rules", tmp_path / "rules" / "office.rules")
    (tmp_path / "ledgerlint.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "notices").mkdir()
    monkeypatch.chdir(tmp_path / "notices")  # the config is found upward, as lint finds it
    return tmp_path


def _line(out: str, rule_id: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(rule_id + " "))


def test_list_shows_the_configured_rules_with_the_severity_in_force(project: Path) -> None:
    code, out = run("rules", "list")
    assert code == 0, out
    assert "整改时限距反馈超过180天" in _line(out, "office/deadline-far")
    assert "  错误  " in _line(out, "office/owner-load")  # warning in the file, error by the config
    assert _line(out, "completeness/owner-missing")  # the built-in rules are still there
    code, out = run("rules", "list", "--isolated")
    assert code == 0 and "office/" not in out
    code, out = run("rules", "list", "--no-builtin-rules")
    assert code == 0 and all(line.startswith("office/") for line in out.splitlines()), out


def test_explain_knows_the_configured_rules_and_shows_config_params_in_force(project: Path) -> None:
    code, out = run("rules", "explain", "office/deadline-far")
    assert code == 0, out
    assert "office.max_days = 180d(当前值: 90d)" in out
    code, out = run("rules", "explain", "office/deadline-far", "--param", "office.max_days=30d")
    assert code == 0 and "office.max_days = 180d(当前值: 30d)" in out  # the command line wins, as in lint
    code, out = run("rules", "explain", "consistency/rate")
    assert code == 0 and "(当前值: 0.2)" in out
    code, out = run("rules", "explain", "office/owner-load")
    assert code == 0 and out.startswith("office/owner-load(错误)")
    code, out = run("rules", "explain", "office/deadline-far", "--isolated")
    assert code == 2 and "未知的规则 office/deadline-far" in out


def test_explain_reads_a_config_given_with_config_from_elsewhere(project: Path, tmp_path_factory:
                                                                  pytest.TempPathFactory,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    code, out = run("rules", "explain", "office/deadline-far")
    assert code == 2 and "未知的规则" in out
    code, out = run("rules", "explain", "office/deadline-far", "--config", str(project / "ledgerlint.toml"))
    assert code == 0 and "(当前值: 90d)" in out
    code, out = run("rules", "list", "--config", str(project / "ledgerlint.toml"))
    assert code == 0 and _line(out, "office/deadline-far")


def test_a_bad_param_in_the_config_is_an_error_at_its_line(project: Path) -> None:
    text = CONFIG.replace('"office.max_days" = "90d"', '"office.max_days" = "很久"')
    (project / "ledgerlint.toml").write_text(text, encoding="utf-8")
    code, out = run("rules", "explain", "office/deadline-far")
    assert code == 2
    assert "ledgerlint.toml:7:" in out and "Traceback" not in out


def test_doc_covers_the_configured_rules(project: Path) -> None:
    code, out = run("rules", "doc")
    assert code == 0 and "### office/deadline-far" in out and "### completeness/owner-missing" in out
    code, out = run("rules", "doc", "--isolated")
    assert code == 0 and "office/" not in out
