"""Command-line conventions CI and editors rely on: -V, -q, --statistics, --exit-zero, -j 0, stdin, several
formats in one run, colour switches, output folders, non-ledger files, baselines, rule errors in reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker import __version__
from checker.cli import main
from checker.resources import schema_path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
NOTICE = DATA / "notices" / "fancheng-2023-notice.txt"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
REPORT_SCHEMA = json.loads(schema_path("report-v1.json").read_text(encoding="utf-8"))


def invoke(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), input=stdin, env=env, catch_exceptions=False)


def test_short_version_flag() -> None:
    result = invoke("-V")
    assert result.exit_code == 0 and __version__ in result.output


def test_quiet_prints_only_files_with_findings(tmp_path: Path) -> None:
    clean = ROOT / "samples" / "clean"
    assert invoke("lint", "-q", str(clean)).output == ""
    out = invoke("lint", "-q", str(NOTICE)).output
    assert "completeness/measures-vague" in out and "共检查" not in out


def test_statistics_counts_per_rule() -> None:
    result = invoke("lint", "--statistics", str(NOTICE))
    lines = result.output.splitlines()
    report = json.loads(invoke("lint", "-f", "json", str(NOTICE)).output)
    counts: dict[str, int] = {}
    for finding in report["files"][0]["findings"]:
        counts[finding["rule"]] = counts.get(finding["rule"], 0) + 1
    assert sorted((int(line.split()[0]), line.split()[1]) for line in lines) == sorted(
        (n, rule) for rule, n in counts.items())
    assert result.exit_code == 0  # only warnings and notes in this notice


def test_exit_zero_keeps_findings_but_exits_0(tmp_path: Path) -> None:
    assert invoke("lint", "--fail-on", "warning", str(NOTICE)).exit_code == 1
    result = invoke("lint", "--fail-on", "warning", "--exit-zero", str(NOTICE))
    assert result.exit_code == 0 and "completeness/measures-vague" in result.output


def test_stdin_with_a_filename() -> None:
    data = NOTICE.read_bytes()
    result = invoke("lint", "-f", "json", "--stdin-filename", "通报/樊城.txt", "-", stdin=data)
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == ["通报/樊城.txt"]
    assert report["files"][0]["kind"] == "notice"
    expected = json.loads(invoke("lint", "-f", "json", str(NOTICE)).stdout)["files"][0]["findings"]
    assert [f["location"] for f in report["files"][0]["findings"]] == [f["location"] for f in expected]


def test_several_formats_in_one_run_and_output_folders_are_created(tmp_path: Path) -> None:
    a, b = tmp_path / "reports" / "a.json", tmp_path / "reports" / "sarif" / "b.sarif"
    result = invoke("lint", str(NOTICE), "-f", "json", "-o", str(a), "-f", "sarif", "-o", str(b), "-f", "text")
    assert "completeness/measures-vague" in result.stdout  # the format without -o goes to stdout
    report = json.loads(a.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    jsonschema.validate(json.loads(b.read_text(encoding="utf-8")), SARIF_SCHEMA)
    # two formats for standard output is a usage error
    assert invoke("lint", str(NOTICE), "-f", "json", "-f", "sarif").exit_code == 2


def test_json_is_utf8_text_not_escapes(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    invoke("lint", str(NOTICE), "-f", "json", "-o", str(out))
    raw = out.read_bytes()
    assert "整改措施".encode() in raw and b"\\u" not in raw
    assert "整改措施".encode() in invoke("lint", str(NOTICE), "-f", "json").stdout_bytes


def test_colour_switches() -> None:
    esc = "\x1b["
    assert esc not in invoke("lint", str(NOTICE)).output  # not a terminal: plain
    assert esc in invoke("lint", "--color", str(NOTICE)).output  # asked for, even when piped
    assert esc in invoke("lint", str(NOTICE), env={"FORCE_COLOR": "1"}).output
    assert esc not in invoke("lint", str(NOTICE), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).output


def test_jobs_zero_means_all_cores_and_gives_the_same_report(tmp_path: Path) -> None:
    for n in range(3):
        shutil.copy(NOTICE, tmp_path / f"n{n}.txt")
    one = invoke("lint", "-f", "json", "-j", "1", str(tmp_path)).stdout
    assert invoke("lint", "-f", "json", "-j", "0", str(tmp_path)).stdout == one


def test_no_progress_bar_when_piped(tmp_path: Path) -> None:
    for n in range(25):
        shutil.copy(NOTICE, tmp_path / f"n{n:02}.txt")
    proc = subprocess.run([sys.executable, "-m", "checker", "lint", "-q", str(tmp_path)], capture_output=True,
                          cwd=ROOT, check=False)
    assert proc.stderr == b""


def test_a_json_or_yaml_file_that_is_no_ledger_is_said_once(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "site", "version": "1.0.0", "scripts": {"b": "x"}}',
                                           encoding="utf-8")
    (tmp_path / "workflow.yml").write_text("name: CI\non: push\njobs: {}\n", encoding="utf-8")
    (tmp_path / "typo.json").write_text('{"ledger_version": 1, "isues": []}', encoding="utf-8")
    report = json.loads(invoke("lint", "-f", "json", str(tmp_path)).stdout)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    for name in ("package.json", "workflow.yml"):
        assert [x["rule"] for x in by_name[name]["findings"]] == ["document/not-a-report"]
        assert by_name[name]["kind"] == "other" and not by_name[name]["failed"]
    # a ledger with a misspelt key still gets its located problems
    assert by_name["typo.json"]["failed"] and "isues" in by_name["typo.json"]["findings"][0]["message"]
    ignored = json.loads(invoke("lint", "-f", "json", "--ignore", "document/not-a-report",
                                str(tmp_path / "package.json")).stdout)
    assert ignored["files"][0]["findings"] == []


def test_baseline_from_the_command_line(tmp_path: Path) -> None:
    notice = tmp_path / "notice.txt"
    text = NOTICE.read_text(encoding="utf-8")
    notice.write_text(text, encoding="utf-8")
    baseline = tmp_path / "ci" / "baseline.json"
    result = invoke("lint", str(notice), "--write-baseline", str(baseline))
    assert result.exit_code == 0 and baseline.is_file()
    head, rest = text.split("\n", 1)
    notice.write_text(head + "\n现将有关情况补充说明如下。\n" + rest, encoding="utf-8")
    report = json.loads(invoke("lint", "-f", "json", str(notice), "--baseline", str(baseline)).stdout)
    assert report["summary"]["findings"] == 0 and report["summary"]["baselined"] > 0
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    out = invoke("lint", str(notice), "--baseline", str(baseline)).output
    assert f"另有 {report['summary']['baselined']} 个问题已在基线中" in out


def test_a_rule_error_reaches_machine_reports(tmp_path: Path) -> None:
    rules = tmp_path / "bad.rules"
    rules.write_text('ruleset x "t"\n\nrule a fatal "标题"\n  doc """d"""\n  for issue in issues\n'
                     '  require issue.id is present\n  message "m"\n', encoding="utf-8")
    a, b, c = tmp_path / "r.json", tmp_path / "r.sarif", tmp_path / "r.xml"
    result = invoke("lint", str(NOTICE), "--rules", str(rules), "-f", "json", "-o", str(a), "-f", "sarif", "-o", str(b),
                    "-f", "junit", "-o", str(c))
    assert result.exit_code == 2 and "bad.rules:3:8" in result.stderr
    report = json.loads(a.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert report["files"] == [] and report["errors"][0]["location"]["line"] == 3
    sarif = json.loads(b.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["level"] == "error" and "fatal" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert 'errors="1"' in c.read_text(encoding="utf-8")


def test_sarif_for_a_csv_ledger_points_at_the_field(tmp_path: Path) -> None:
    csv = tmp_path / "台账.csv"
    csv.write_text("序号,问题,整改措施,责任领导,责任部门,责任人,整改时限,整改状态\n"
                   '1,"理论学习\n不够深入",修改完善《理论学习中心组制度》,张某,办公室,李某,,正在推进\n', encoding="utf-8")
    sarif = json.loads(invoke("lint", "-f", "sarif", str(csv)).stdout)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "completeness/deadline-missing")
    region = result["locations"][0]["physicalLocation"]["region"]
    lines = csv.read_text(encoding="utf-8").split("\n")
    # the deadline field of record 2 starts on line 3 (the title spans two lines), after six commas
    assert region["startLine"] == 3
    assert lines[2][region["startColumn"] - 2] == ","  # the column is a character column in that line
    assert "G2" in result["message"]["text"]


def test_color_environment_has_no_effect_on_machine_formats() -> None:
    env = {"FORCE_COLOR": "1"}
    assert "\x1b[" not in invoke("lint", "-f", "json", str(NOTICE), env=env).stdout


@pytest.mark.skipif(os.name == "nt", reason="POSIX paths")
def test_exclude_from_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    shutil.copy(NOTICE, tmp_path / "drafts" / "a.txt")
    shutil.copy(NOTICE, tmp_path / "b.txt")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        report = json.loads(invoke("lint", "-f", "json", "--isolated", "--exclude", "drafts/", ".").stdout)
    finally:
        os.chdir(old)
    assert [f["path"] for f in report["files"]] == ["b.txt"]


def test_stdin_follows_exclude_under_force_exclude(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ledgerlint.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = NOTICE.read_bytes()
    skipped = invoke("lint", "--force-exclude", "--stdin-filename", "drafts/a.txt", "-", stdin=data)
    assert skipped.exit_code == 0 and "exclude" in skipped.stderr and skipped.stdout == ""
    linted = invoke("lint", "--stdin-filename", "drafts/a.txt", "-", stdin=data)
    assert "drafts/a.txt" in linted.stdout
