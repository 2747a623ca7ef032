"""The Excel report, read back with openpyxl: two sheets, one row per file and per finding, header and
filter, coloured severities, text that never becomes a formula, identical bytes for identical results."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.worksheet import Worksheet

from checker.api import lint
from checker.cli import main
from checker.findings import Finding, LintResult, Severity
from checker.location import Location
from checker.report import render
from tests.test_report_common import DOCX_BROKEN, JSON_LEDGER, SEED, XLSX_LEDGER, sample_result

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ["文件", "格式", "类型", "项数", "错误", "警告", "提示", "无法读取"]
FINDINGS = ["文件", "问题编号", "级别", "规则", "规则标题", "说明", "位置", "原文"]
KIND = {"ledger": "台账", "notice": "通报", "other": "其他"}


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def rows(sheet: Worksheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def with_finding(result: LintResult, index: int, finding: Finding) -> LintResult:
    """`result` with `finding` added to file `index`."""
    files = list(result.files)
    files[index] = dataclasses.replace(files[index], findings=files[index].findings + (finding,))
    return LintResult(tuple(files), result.rules)


def test_two_sheets_with_bold_frozen_filtered_headers() -> None:
    wb = book(render(sample_result(), "xlsx"))
    assert wb.sheetnames == ["汇总", "问题清单"]
    for sheet, header in ((wb["汇总"], SUMMARY), (wb["问题清单"], FINDINGS)):
        assert [c.value for c in sheet[1]] == header
        assert all(c.font.b for c in sheet[1])
        assert not any(c.font.b for c in sheet[2] if c.column_letter in "ABDF")  # only the header is bold
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:H{sheet.max_row}"


def test_column_widths_follow_the_content() -> None:
    sheet = book(render(sample_result(), "xlsx"))["问题清单"]
    width = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGH"}
    assert width["F"] > width["C"] and width["A"] > width["C"]  # 说明 and 文件 wider than 级别
    assert 4 <= width["C"] <= 8 and max(width.values()) <= 60
    assert sheet["F2"].alignment.wrap_text  # long messages wrap instead of running off screen


def test_summary_has_one_row_per_file() -> None:
    result = sample_result()
    got = rows(book(render(result, "xlsx"))["汇总"])
    expected = []
    for file in result.files:
        counts = Counter(f.severity for f in file.findings)
        expected.append([file.path, file.format, "无法读取" if file.failed else KIND[file.kind],
                         None if file.failed else file.items,
                         counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO],
                         "是" if file.failed else "否"])
    assert got == expected


def test_one_row_per_finding_with_rule_title_and_position() -> None:
    result = sample_result()
    got = rows(book(render(result, "xlsx"))["问题清单"])
    assert len(got) == len(result.findings())
    pairs = [(file, finding) for file in result.files for finding in file.findings]
    for row, (file, finding) in zip(got, pairs, strict=True):
        assert row[0] == file.path
        assert row[1] == finding.item  # kept as text: "2.14" must not become the number 2.14
        assert row[2:4] == [finding.severity.chinese, finding.rule]
        if finding.rule in result.rules:
            assert row[4] == result.rules[finding.rule].title
        assert row[5] == finding.message
        assert row[7] == (finding.excerpt or None)
    position = {(row[0], row[5]): row[6] for row in got}
    by_path = {path: [v for (p, _), v in position.items() if p == path] for path in {r[0] for r in got}}
    assert by_path[JSON_LEDGER] == ["/issues/3"]
    assert by_path[XLSX_LEDGER] == ["整改台账!F7", "长期整改事项!D4"]
    assert by_path[DOCX_BROKEN] == ["整个文件"]
    assert "26:16" in by_path[SEED] and "4:75" in by_path[SEED]


def test_severity_cells_are_coloured_by_severity() -> None:
    result = sample_result()
    sheet = book(render(result, "xlsx"))["问题清单"]
    fills: dict[str, set[str]] = {}
    for row in sheet.iter_rows(min_row=2):
        fills.setdefault(row[2].value, set()).add(row[2].fill.fgColor.rgb)
        assert row[3].fill.fill_type is None  # only the 级别 cell
    assert set(fills) == {"错误", "警告", "提示"}
    assert all(len(colours) == 1 for colours in fills.values())  # one colour per severity
    assert len({next(iter(c)) for c in fills.values()}) == 3  # and a different one for each
    summary = book(render(result, "xlsx"))["汇总"]
    failed = next(row for row in summary.iter_rows(min_row=2) if row[7].value == "是")
    assert failed[7].fill.fgColor.rgb in fills["错误"]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://example.cn\",\"详情\")", "=1+1", "+86 0710-3232187",
                                  "-3 天", "@SUM(A1:A3)"])
def test_formula_like_text_stays_text(text: str) -> None:
    tricky = Finding("publication/contact-missing", Severity.ERROR, text, Location(SEED, 60, 1, 60, 11),
                     excerpt=text)
    data = render(with_finding(sample_result(), 4, tricky), "xlsx")
    sheet = book(data)["问题清单"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "publication/contact-missing")
    for cell in (row[5], row[7]):
        assert cell.value == text and cell.data_type == "s"  # exactly the text, no quote character added
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_characters_a_workbook_cannot_hold_are_replaced() -> None:
    damaged = Finding("input/invalid", Severity.ERROR, "无法读取文件:\x00\x07第3段", Location(DOCX_BROKEN),
                      excerpt="第3段\x1b[0m")
    sheet = book(render(with_finding(sample_result(), 3, damaged), "xlsx"))["问题清单"]
    values = [row[5] for row in rows(sheet)]
    assert "无法读取文件:\ufffd\ufffd第3段" in values


def test_same_result_gives_identical_bytes() -> None:
    first = render(sample_result(), "xlsx")
    assert isinstance(first, bytes) and first == render(sample_result(), "xlsx")
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert len(stamps) == 1  # one fixed time for every member, not the time of writing
    assert dt.datetime(*stamps.pop()).date() != dt.date.today()
    props = book(first).properties
    assert props.created == props.modified and props.created.date() != dt.date.today()


def test_real_run_over_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = lint(["samples/"])
    data = render(result, "xlsx")
    assert data == render(lint(["samples/"]), "xlsx")
    wb = book(data)
    assert [r[0] for r in rows(wb["汇总"])] == [f.path for f in result.files]
    listed = rows(wb["问题清单"])
    assert len(listed) == len(result.findings()) > 0
    assert Counter(r[3] for r in listed) == Counter(f.rule for f in result.findings())
    assert ["samples/ledgers/pingdingshan-2024.xlsx", "6", "错误", "completeness/deadline-missing"] in [
        r[:4] for r in listed]
    assert "整改台账!G8" in {r[6] for r in listed}
    assert "2.14" in {r[1] for r in listed}  # item numbers of the Pingdingshan notice stay text


def test_cli_needs_output_for_xlsx_and_writes_the_file(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(main, ["lint", "--format", "xlsx", str(ROOT / "samples" / "clean")])
    assert refused.exit_code == 2 and "--output" in refused.output
    target = tmp_path / "检查报告.xlsx"
    written = runner.invoke(main, ["lint", "--format", "xlsx", "-o", str(target), str(ROOT / "samples" / "ledgers")])
    assert written.exit_code == 1 and written.output == ""
    wb = book(target.read_bytes())
    assert wb["汇总"].max_row - 1 == len(lint([ROOT / "samples" / "ledgers"]).files)
