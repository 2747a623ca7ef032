"""The Excel report: two sheets, one row per finding, no formulas, identical bytes for identical results."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from checker.api import lint
from checker.cli import main
from checker.findings import LintResult
from checker.report import render
from tests.test_report_common import sample_result

ROOT = Path(__file__).resolve().parent.parent


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_sheets_rows_and_header() -> None:
    result = lint([ROOT / "samples" / "ledgers"])
    book = _open(render(result, "xlsx"))
    assert book.sheetnames == ["汇总", "问题清单"]
    summary, findings = book["汇总"], book["问题清单"]
    assert [c.value for c in findings[1]][:4] == ["文件", "问题编号", "级别", "规则"]
    assert findings.max_row - 1 == len(result.findings())
    assert summary.max_row - 1 == len(result.files)
    assert findings.freeze_panes == "A2"
    cells = {row[6].value for row in findings.iter_rows(min_row=2)}
    assert "整改台账!G8" in " ".join(str(c) for c in cells)


def test_formula_like_text_stays_text() -> None:
    result = sample_result()
    first = result.files[0]
    tricky = dataclasses.replace(first.findings[0], message="=HYPERLINK(\"http://x\")", excerpt="+1")
    result = LintResult((dataclasses.replace(first, findings=(tricky,) + first.findings[1:]),) + result.files[1:],
                        result.rules)
    sheet = _open(render(result, "xlsx"))["问题清单"]
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[5].value).startswith("=HYPERLINK"))
    assert row[5].data_type == "s"


def test_same_result_gives_identical_bytes() -> None:
    assert render(sample_result(), "xlsx") == render(sample_result(), "xlsx")


def test_cli_refuses_binary_to_terminal_and_writes_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["lint", "--format", "xlsx", str(ROOT / "samples" / "clean")])
    assert result.exit_code == 2 and "--output" in result.output
    target = tmp_path / "报告.xlsx"
    result = runner.invoke(main, ["lint", "--format", "xlsx", "-o", str(target), str(ROOT / "samples" / "clean")])
    assert result.exit_code == 0
    assert _open(target.read_bytes())["汇总"].max_row == 2
