"""ledgerlint never lints its own files: baselines, reports, its config and rule test case files, known by
what they are (their markers), whatever they are called."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.own_files import is_own_file

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "samples" / "ledgers" / "pingdingshan-2024.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(LEDGER, tmp_path / "ledger.yaml")
    (tmp_path / "ledgerlint.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    (tmp_path / "tests").mkdir()
    shutil.copy(ROOT / "rules" / "tests" / "completeness.owner-missing.yaml", tmp_path / "tests")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_baseline_and_reports_in_the_linted_folder_are_not_linted(folder: Path) -> None:
    run("lint", "ledger.yaml", "-f", "github", "-o", "out/annotations.txt")
    assert (folder / "out" / "annotations.txt").read_text(encoding="utf-8").startswith("::error ")
    code, out = run("lint", ".", "--write-baseline", "accepted.json")
    assert code == 0, out
    code, out = run("lint", ".", "--baseline", "accepted.json", "-f", "json", "-o", "out/report.json",
                    "-f", "sarif", "-o", "out/report.sarif.json", "-f", "xlsx", "-o", "out/report.xlsx",
                    "-f", "text", "-o", "out/report.txt")
    assert code == 0, out
    code, out = run("lint", ".", "--baseline", "accepted.json")
    assert code == 0, out
    assert "not-a-report" not in out and "accepted.json" not in out and "report" not in out
    assert "共检查 1 个文件" in out  # the ledger; not the config, the baseline, the reports or the case file
    # Named one by one (as pre-commit does), the tool's files are still left out.
    names = ["ledger.yaml", "ledgerlint.toml", "accepted.json", "out/report.json", "out/report.txt",
             "out/annotations.txt", "tests/completeness.owner-missing.yaml"]
    code, out = run("lint", *names, "--baseline", "accepted.json")
    assert code == 0, out
    assert "共检查 1 个文件" in out


@pytest.mark.parametrize("name, content", [
    ("package.json", '{"name": "ledgerlint", "version": "1.0.0"}'),
    ("ledger.json", json.dumps({"ledger_version": 1, "unit": "ledgerlint 测试单位", "issues": []},
                               ensure_ascii=False)),
    ("notes.txt", "会议纪要\n共检查 3 个文件的说明\n下一步继续整改。"),
    ("ledger.yaml", "ledger_version: 1\nrule: 不是用例\nissues: []\n"),
])
def test_other_files_that_mention_the_markers_are_still_linted(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert not is_own_file(path)


def test_a_text_report_is_known_by_its_summary_line(tmp_path: Path) -> None:
    path = tmp_path / "result.md"
    path.write_text("a.yaml  [yaml · 台账 · 11 项]\n\n共检查 1 个文件,发现 0 个错误、0 个警告、0 个提示\n", encoding="utf-8")
    assert is_own_file(path)


@pytest.fixture()
def notices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two notices with findings and a clean ledger, no config."""
    for name in ("pingdingshan-2024-notice.txt", "fancheng-2023-notice.txt"):
        shutil.copy(ROOT / "samples" / "notices" / name, tmp_path / name)
    shutil.copy(ROOT / "samples" / "clean" / "fancheng-2023.yaml", tmp_path / "clean.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_text_report_and_the_rules_doc_written_into_the_folder_are_not_linted(notices: Path) -> None:
    code, before = run("lint", ".", "--isolated", "-f", "json")
    assert code == 1
    assert json.loads(before)["summary"]["files"] == 3
    inputs = ["pingdingshan-2024-notice.txt", "fancheng-2023-notice.txt"]
    run("lint", *inputs, "--isolated", "-q", "-f", "text", "-o", "out/report_q.txt")
    run("lint", *inputs, "--isolated", "-o", "out/report.txt")
    run("lint", *inputs, "--isolated", "--statistics", "-f", "text", "-o", "out/with_statistics.txt")
    run("lint", "clean.yaml", "--isolated", "-f", "text", "-o", "out/clean.txt")
    run("rules", "doc", "-o", "out/规则参考.md")
    run("schema", "-o", "out/ledger.schema.json")
    run("schema", "--report", "-o", "out/report.schema.json")
    # What a shell redirection of standard output writes: statistics, and a coloured -q report.
    _, statistics = run("lint", *inputs, "--isolated", "--statistics")
    (notices / "out" / "stdout_statistics.txt").write_text(statistics, encoding="utf-8")
    _, coloured = run("lint", *inputs, "--isolated", "-q", "--color")
    assert "\x1b[" in coloured
    (notices / "out" / "stdout_colour.txt").write_text(coloured, encoding="utf-8")
    written = sorted(path.name for path in (notices / "out").iterdir())
    assert len(written) == 9, written
    assert "未发现问题" in (notices / "out" / "clean.txt").read_text(encoding="utf-8")
    assert "共检查" not in (notices / "out" / "report_q.txt").read_text(encoding="utf-8")
    assert statistics.lstrip()[0].isdigit()
    for name in written:
        assert is_own_file(notices / "out" / name), name
    code, out = run("lint", ".", "--isolated", "-f", "json")
    assert code == 1
    report = json.loads(out)
    assert report["summary"]["files"] == 3
    assert sorted(Path(f["path"]).name for f in report["files"]) == sorted([*inputs, "clean.yaml"])
    assert report["files"] == json.loads(before)["files"]
    code, out = run("lint", "out", "--isolated")  # the reports alone: nothing to lint, not a clean pass
    assert code == 2 and "没有找到可检查的文件" in out


def test_a_notice_that_quotes_a_report_line_is_still_linted(tmp_path: Path) -> None:
    notice = ROOT / "samples" / "notices" / "pingdingshan-2024-notice.txt"
    path = tmp_path / "通报.txt"
    header = "通报.txt  [text · 通报 · 4 项]\n"
    path.write_text(header + notice.read_text(encoding="utf-8"), encoding="utf-8")
    assert not is_own_file(path)
    path.write_text(notice.read_text(encoding="utf-8") + "\n共检查 2 个文件的情况说明\n", encoding="utf-8")
    assert not is_own_file(path)


def test_a_folder_of_reports_under_a_config_with_waivers_has_nothing_to_lint(notices: Path) -> None:
    (notices / "ledgerlint.toml").write_text(
        '[[waivers]]\npath = "*.txt"\nrule = "dates/overdue"\nitem = "3"\nreason = "已核实"\nby = "巡察办"\n'
        "expires = 2020-01-01\n", encoding="utf-8")
    run("lint", "pingdingshan-2024-notice.txt", "-q", "-f", "text", "-o", "out/report_q.txt")
    code, out = run("lint", "out")
    assert code == 2
    assert "没有找到可检查的文件: out" in out and "0 个文件" not in out
