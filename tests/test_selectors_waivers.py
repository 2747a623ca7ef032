"""Rule selectors name whole ids or groups, and config waivers are judged only where their rule ran."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.api import LintOptions, disabled_rules
from checker.cli import main

DATA = Path(__file__).parent / "data"
NOTICE = DATA / "notices" / "fancheng-2023-notice.txt"
RULES = ["dates/order", "dates/overdue", "dates/as-of", "wording/future-in-completed", "completeness/owner-missing"]


def lint(cwd: Path, *args: str) -> tuple[int, dict, str]:
    old = Path.cwd()
    try:
        os.chdir(cwd)
        result = CliRunner().invoke(main, ["lint", "--format", "json", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    report = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, report, result.stderr


@pytest.mark.parametrize("select, ignore, runs", [
    (("dates",), (), ["dates/order", "dates/overdue", "dates/as-of"]),
    (("dates/",), ("dates/order",), ["dates/overdue", "dates/as-of"]),
    (("dates/order",), (), ["dates/order"]),
    ((), ("wording/",), ["dates/order", "dates/overdue", "dates/as-of", "completeness/owner-missing"]),
])
def test_selectors_are_whole_ids_or_groups(select: tuple[str, ...], ignore: tuple[str, ...], runs: list[str]) -> None:
    off = disabled_rules(RULES, LintOptions(select=select, ignore=ignore))
    assert [r for r in RULES if r not in off] == runs


@pytest.mark.parametrize("args, config, wanted", [
    (["--select", "dates/o"], "", "「dates/order」、「dates/overdue」"),
    ([], 'ignore = ["wording/futur"]\n', "「wording/future-in-completed」"),
])
def test_a_cut_off_selector_is_an_error_with_a_suggestion(tmp_path: Path, args: list[str], config: str,
                                                          wanted: str) -> None:
    shutil.copy(NOTICE, tmp_path / "notice.txt")
    if config:
        (tmp_path / "ledgerlint.toml").write_text(config, encoding="utf-8")
    code, report, err = lint(tmp_path, *args, "notice.txt")
    assert code == 2 and report["files"] == []
    [error] = report["errors"]
    assert "不是任何规则的 id 或前缀" in error["message"] and wanted in error["hint"]
    if config:
        assert (error["location"]["source"], error["location"]["line"]) == ("ledgerlint.toml", 1)
    else:
        assert "--select" in error["message"]


WAIVER = '[[waivers]]\npath = "*.txt"\nrule = "dates/order"\nitem = "3"\nreason = "已核实"\n'


@pytest.mark.parametrize("args", [["--select", "completeness/"], ["--ignore", "dates/"],
                                  ["--ignore", "dates/order"]])
def test_a_waiver_of_a_rule_that_did_not_run_is_not_unused(tmp_path: Path, args: list[str]) -> None:
    shutil.copy(NOTICE, tmp_path / "notice.txt")
    (tmp_path / "ledgerlint.toml").write_text(WAIVER, encoding="utf-8")
    code, report, err = lint(tmp_path, *args, "notice.txt")
    assert code in (0, 1), err
    assert [f["rule"] for file in report["files"] for f in file["findings"] if f["rule"].startswith("suppression/")] == []
    assert report["summary"]["files"] == 1
    # The same waiver when its rule runs on the file and waives nothing: unused, at its line.
    code, report, err = lint(tmp_path, "notice.txt")
    notes = [(f["rule"], f["location"]["line"]) for file in report["files"] if file["path"] == "ledgerlint.toml"
             for f in file["findings"]]
    assert notes == [("suppression/unused", 1)]
    assert report["summary"]["files"] == 1  # the config's notes are not a checked file


def test_suppression_notes_follow_ignore(tmp_path: Path) -> None:
    shutil.copy(NOTICE, tmp_path / "notice.txt")
    (tmp_path / "ledgerlint.toml").write_text(WAIVER, encoding="utf-8")
    _, report, _ = lint(tmp_path, "--ignore", "suppression/unused", "notice.txt")
    assert [f["rule"] for file in report["files"] for f in file["findings"]
            if f["rule"].startswith("suppression/")] == []


def test_an_unknown_rule_in_an_item_waiver_suggests_the_rule(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.yaml"
    ledger.write_text(
        "ledger_version: 1\nunit: 某区司法局\nreport_date: 2024-05-01\nissues:\n"
        "  - id: '1'\n    title: 制度落实不到位\n    owner: {leader: 王某某, department: 办公室, person: 李某}\n"
        "    deadline: 2024-06-30\n    measures: [{text: 修订完善内部管理制度}]\n"
        "    suppress:\n      - {rule: dates/overdu, reason: 已延期, by: 王某}\n", encoding="utf-8")
    _, report, err = lint(tmp_path, "ledger.yaml")
    messages = [f["message"] for file in report["files"] for f in file["findings"]
                if f["rule"] == "suppression/unknown-rule"]
    assert len(messages) == 1, err
    assert "「dates/overdu」" in messages[0] and "是不是「dates/overdue」" in messages[0]
