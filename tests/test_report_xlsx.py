"""The Excel report, read back with openpyxl: 汇总 per unit with totals, 文件, 问题清单 (unit, item, title, rule,
severity, message, position in words, quote with the span marked), 规则统计, print setup, coloured severities,
text that never becomes a formula, identical bytes for identical results."""

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
from checker.location import Location, Quote
from checker.report import render
from tests.test_report_common import DOCX_BROKEN, SEED
from tests.test_report_html import people_result

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ["被巡察单位", "文件数", "问题数", "错误", "警告", "提示", "逾期", "无法读取"]
FILES = ["被巡察单位", "文件", "类型", "格式", "巡察组", "反馈日期", "报告日期", "检查基准日", "问题数", "错误", "警告", "提示"]
FINDINGS = ["被巡察单位", "问题编号", "问题标题", "规则", "规则标题", "级别", "说明", "位置", "原文", "文件"]
RULES = ["规则", "规则标题", "级别", "数量", "涉及单位", "说明"]
KIND = {"ledger": "台账", "notice": "通报", "other": "其他"}


def book(data: bytes, rich: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), rich_text=rich)


def rows(sheet: Worksheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def with_finding(result: LintResult, index: int, finding: Finding) -> LintResult:
    """`result` with `finding` added to file `index`."""
    files = list(result.files)
    files[index] = dataclasses.replace(files[index], findings=files[index].findings + (finding,))
    return LintResult(tuple(files), result.rules)


def test_four_sheets_with_bold_frozen_filtered_headers() -> None:
    wb = book(render(people_result(), "xlsx"))
    assert wb.sheetnames == ["汇总", "文件", "问题清单", "规则统计"]
    for sheet, header in ((wb["汇总"], SUMMARY), (wb["文件"], FILES), (wb["问题清单"], FINDINGS),
                          (wb["规则统计"], RULES)):
        assert [c.value for c in sheet[1]] == header
        assert all(c.font.b for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")


def test_every_sheet_prints_a4_landscape_fit_to_width_header_repeated() -> None:
    for sheet in book(render(people_result(), "xlsx")).worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, as many pages tall as needed
        assert sheet.print_title_rows == "$1:$1"


def test_summary_has_one_row_per_unit_and_a_total() -> None:
    result = people_result()
    got = rows(book(render(result, "xlsx"))["汇总"])
    named = [f for f in result.files if f.meta.unit]
    other = [f for f in result.files if not f.meta.unit]

    def line(unit: str, files: list) -> list:
        counts = Counter(f.severity for file in files for f in file.findings)
        return [unit, len(files), sum(f.items for f in files), counts[Severity.ERROR], counts[Severity.WARNING],
                counts[Severity.INFO], 0, sum(1 for f in files if f.failed)]

    first, second = line("樊城区司法局党组", named), line("未载明被巡察单位", other)
    assert got == [first, second, ["合计", *(a + b for a, b in zip(first[1:], second[1:], strict=True))]]
    assert book(render(result, "xlsx"))["汇总"].auto_filter.ref == "A1:H3"  # the total row stays out of the filter


def test_files_sheet_names_unit_body_and_dates() -> None:
    result = people_result()
    got = rows(book(render(result, "xlsx"))["文件"])
    seed = next(r for r in got if r[1] == SEED)
    assert seed[:9] == ["樊城区司法局党组", SEED, "通报", "text", "区委第一巡察组", "2023-03-16", "2023-07-15",
                        "2023-07-15", 23]
    broken = next(r for r in got if r[1] == DOCX_BROKEN)
    assert broken[0] == "未载明被巡察单位" and broken[2] == "无法读取" and broken[8] is None


def test_one_row_per_finding_with_unit_item_title_and_position_in_words() -> None:
    result = people_result()
    got = rows(book(render(result, "xlsx"))["问题清单"])
    assert len(got) == len(result.findings())
    assert Counter(r[3] for r in got) == Counter(f.rule for f in result.findings())
    for row in got:
        file = next(f for f in result.files if f.path == row[9])
        finding = next(f for f in file.findings if f.message == row[6])
        assert row[0] == (file.meta.unit or "未载明被巡察单位")
        assert row[1] == finding.item  # kept as text: "2.14" must not become the number 2.14
        assert row[2] == (file.title_of(finding.item) or None)
        assert row[4] == (result.rules[finding.rule].title if finding.rule in result.rules else row[4])
        assert row[5] == finding.severity.chinese
    position = {r[6]: r[7] for r in got}
    assert position["问题「统筹落实法律服务不够有力」的整改时限 2023-03-10 早于巡察反馈日期 2023-03-16"] == "「整改台账」表第7行F列"
    assert position["长期整改问题「巡察发现问题整改不彻底」未明确阶段性复查时间"] == "「长期整改事项」表第4行D列"
    assert position["问题「政务信息发布不及时」的责任人仅表述为“明确专人负责”,未落实到具体人员"] == "第26行第16列"
    assert position["无法读取文件:不是有效的 Word 文档(zip 结构损坏)"] == "整个文件"
    notice = [r[1] for r in got if r[9] == SEED]
    assert notice == [None, "4", "10", "13", "23"]  # document-wide first, then by item


def test_quote_cell_marks_the_span_in_bold_red() -> None:
    sheet = book(render(people_result(), "xlsx"), rich=True)["问题清单"]
    cell = next(r[8] for r in sheet.iter_rows(min_row=2) if r[3].value == "completeness/owner-vague")
    assert str(cell.value) == "一是明确专人负责政务信息的收集、审核和发布工作。"
    marked = [b for b in cell.value if not isinstance(b, str)]
    assert [b.text for b in marked] == ["明确专人负责"]
    assert marked[0].font.b and marked[0].font.color.rgb.endswith("C00000")
    assert sheet.cell(2, 9).alignment.wrap_text  # long quotes wrap instead of running off the page


def test_rules_sheet_counts_each_rule_and_units() -> None:
    result = people_result()
    got = rows(book(render(result, "xlsx"))["规则统计"])
    counts = Counter(f.rule for f in result.findings())
    assert [r[0] for r in got[:-1]] == sorted(counts)
    assert {r[0]: r[3] for r in got[:-1]} == dict(counts)
    assert got[-1][0] == "合计" and got[-1][3] == sum(counts.values())
    owner = next(r for r in got if r[0] == "completeness/owner-missing")
    assert owner[1] == "问题未明确责任人" and owner[4] == 1 and owner[5] == result.rules["completeness/owner-missing"].doc


def test_severity_cells_are_coloured_by_severity() -> None:
    sheet = book(render(people_result(), "xlsx"))["问题清单"]
    fills: dict[str, set[str]] = {}
    for row in sheet.iter_rows(min_row=2):
        fills.setdefault(row[5].value, set()).add(row[5].fill.fgColor.rgb)
        assert row[3].fill.fill_type is None  # only the 级别 cell
    assert set(fills) == {"错误", "警告", "提示"}
    assert all(len(colours) == 1 for colours in fills.values())
    assert len({next(iter(c)) for c in fills.values()}) == 3


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://example.cn\",\"详情\")", "=1+1", "+86 0710-3232187",
                                  "-3 天", "@SUM(A1:A3)"])
def test_formula_like_text_stays_text(text: str) -> None:
    tricky = Finding("publication/contact-missing", Severity.ERROR, text, Location(SEED, 60, 1, 60, 11),
                     excerpt=text, quote=Quote(text, 0, 0))
    data = render(with_finding(people_result(), 4, tricky), "xlsx")
    sheet = book(data)["问题清单"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "publication/contact-missing")
    for cell in (row[6], row[8]):
        assert cell.value == text and cell.data_type == "s"  # exactly the text, no quote character added
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def test_characters_a_workbook_cannot_hold_are_replaced() -> None:
    damaged = Finding("input/invalid", Severity.ERROR, "无法读取文件:\x00\x07第3段", Location(DOCX_BROKEN),
                      excerpt="第3段\x1b[0m")
    sheet = book(render(with_finding(people_result(), 3, damaged), "xlsx"))["问题清单"]
    got = [(row[6], row[8]) for row in rows(sheet)]
    assert ("无法读取文件:\ufffd\ufffd第3段", "第3段\ufffd[0m") in got


def test_same_result_gives_identical_bytes() -> None:
    first = render(people_result(), "xlsx")
    assert isinstance(first, bytes) and first == render(people_result(), "xlsx")
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
    wb = book(data, rich=True)
    units = [r[0] for r in rows(wb["汇总"])]
    assert units[-2:] == ["未载明被巡察单位", "合计"] and "中共平顶山市司法局党委" in units
    assert "平顶山市司法局党委" not in units  # the ledgers written without 中共 count under the same unit
    listed = rows(wb["问题清单"])
    assert len(listed) == len(result.findings()) > 0
    assert ["中共平顶山市司法局党委", "6", "指导普法宣传教育不扎实", "completeness/deadline-missing"] in [r[:4] for r in listed]
    assert "「整改台账」表第8行G列" in {r[7] for r in listed}
    assert "2.14" in {r[1] for r in listed}  # item numbers of the Pingdingshan notice stay text
    future = next(r for r in listed if r[1] == "2.3" and r[3] == "wording/future-in-completed")
    assert str(future[8]) == "本年度政治轮训拟于6月至8月期间进行。"
    assert [b.text for b in future[8] if not isinstance(b, str)] == ["拟于"]


def test_cli_needs_output_for_xlsx_and_writes_the_file(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(main, ["lint", "--format", "xlsx", str(ROOT / "samples" / "clean")])
    assert refused.exit_code == 2 and "--output" in refused.output
    target = tmp_path / "检查报告.xlsx"
    written = runner.invoke(main, ["lint", "--format", "xlsx", "-o", str(target), str(ROOT / "samples" / "ledgers")])
    assert written.exit_code == 1 and written.output == ""
    wb = book(target.read_bytes())
    assert wb["文件"].max_row - 1 == len(lint([ROOT / "samples" / "ledgers"]).files)
