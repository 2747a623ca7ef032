"""Excel report for supervisors: 汇总 (one row per unit and a total), 文件 (one row per file with its unit,
inspection and dates), 问题清单 (one row per finding: unit, item, title, rule, severity, message, location in
words, and the quoted sentence or cell with the offending span in bold red), 规则统计 (one row per rule).
Every sheet prints on A4 landscape, fitted to the page width, its header row repeated on each page."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from checker.baseline import unit_key
from checker.findings import Finding, LintResult, Severity
from checker.report.common import group_by_unit, kind_label, position_words, quote_parts, rule_info, unit_of

SUMMARY_SHEET = "汇总"
FILES_SHEET = "文件"
FINDINGS_SHEET = "问题清单"
RULES_SHEET = "规则统计"
TOTAL = "合计"
OVERDUE_RULE = "dates/overdue"
SUMMARY_HEADER = ("被巡察单位", "文件数", "问题数", "错误", "警告", "提示", "逾期", "无法读取")
FILES_HEADER = ("被巡察单位", "文件", "类型", "格式", "巡察组", "反馈日期", "报告日期", "检查基准日", "问题数",
                "错误", "警告", "提示")
FINDINGS_HEADER = ("被巡察单位", "问题编号", "问题标题", "规则", "规则标题", "级别", "说明", "位置", "原文", "文件")
RULES_HEADER = ("规则", "规则标题", "级别", "数量", "涉及单位", "说明")
# (minimum, maximum) column width in characters; long text columns wrap at the maximum
SUMMARY_WIDTHS = ((20, 40), (6, 8), (6, 8), (6, 8), (6, 8), (6, 8), (6, 8), (8, 10))
FILES_WIDTHS = ((16, 30), (20, 40), (6, 8), (6, 8), (12, 20), (10, 12), (10, 12), (10, 12), (6, 8), (6, 8),
                (6, 8), (6, 8))
FINDINGS_WIDTHS = ((14, 22), (8, 10), (16, 26), (16, 30), (12, 20), (6, 8), (24, 44), (12, 22), (24, 50),
                   (14, 30))
RULES_WIDTHS = ((20, 34), (14, 24), (6, 8), (6, 8), (8, 10), (30, 70))
WRAPPED = frozenset({"说明", "原文", "规则标题", "问题标题", "被巡察单位", "文件", "巡察组"})
_MARK_FONT = InlineFont(b=True, color="C00000", u="single")  # the offending span inside a quote

# Workbook properties and zip entries carry this instead of the current time: equal results, equal bytes.
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
# A text cell starting with one of these would be read as a formula when edited in a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SEVERITY_STYLE = {
    Severity.ERROR: (Font(color="9C0006", bold=True), PatternFill("solid", fgColor="FFC7CE")),
    Severity.WARNING: (Font(color="7F4F00"), PatternFill("solid", fgColor="FFEB9C")),
    Severity.INFO: (Font(color="1F4E79"), PatternFill("solid", fgColor="DDEBF7")),
}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E7E9EC")
_TOP = Alignment(vertical="top")
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)


def text_width(value: object) -> int:
    """Columns a value takes in a spreadsheet: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(value))


def set_text(cell: Cell, value: str) -> None:
    """Store `value` as plain text: never a formula, without characters the file format cannot hold."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if value.startswith(FORMULA_START):
        # openpyxl turns "=…" into a formula; the quote prefix keeps Excel from doing so when it is edited
        cell.data_type = "s"
        cell.quotePrefix = True


def _append(ws: Worksheet, values: Sequence[str | int | None], header: Sequence[str]) -> int:
    """Add a row below the last one (strings as safe text), aligned top, long text wrapped; its row number."""
    row = ws.max_row + 1 if ws["A1"].value is not None else 1
    for col, (name, value) in enumerate(zip(header, values, strict=True), start=1):
        cell = ws.cell(row, col)
        if isinstance(value, str):
            set_text(cell, value)
        else:
            cell.value = value
        cell.alignment = _TOP_WRAP if name in WRAPPED else _TOP
    return row


def _header(ws: Worksheet, header: Sequence[str]) -> None:
    """Bold, shaded header row, frozen and filterable."""
    _append(ws, header, header)
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "A2"


def _finish(ws: Worksheet, widths: Sequence[tuple[int, int]], rows: int | None = None) -> None:
    """Autofilter over the table (the first `rows` rows; all by default) and column widths fitted to the
    content within bounds."""
    ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{rows or ws.max_row}"
    for col, (low, high) in enumerate(widths, start=1):
        letter = get_column_letter(col)
        longest = max((text_width(c.value) for c in ws[letter] if c.value is not None), default=0)
        ws.column_dimensions[letter].width = max(low, min(high, longest + 2))


def _colour(cell: Cell, severity: Severity) -> None:
    cell.font, cell.fill = _SEVERITY_STYLE[severity]


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, fitted to one page wide (any number of pages tall), header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddHeader.center.text = "&A"  # the sheet name
    ws.oddFooter.right.text = "第 &P 页 / 共 &N 页"


def _summary_sheet(ws: Worksheet, result: LintResult) -> None:
    """One row per unit: files, items, findings per severity, overdue items, unreadable files; then 合计."""
    _header(ws, SUMMARY_HEADER)
    sevs = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    for unit, files in group_by_unit(result):
        counts = Counter(f.severity for file in files for f in file.findings)
        overdue = sum(1 for file in files for f in file.findings if f.rule == OVERDUE_RULE)
        failed = sum(1 for file in files if file.failed)
        row = _append(ws, [unit, len(files), sum(file.items for file in files), *(counts[s] for s in sevs),
                           overdue, failed], SUMMARY_HEADER)
        for col, sev in enumerate(sevs, start=4):
            if counts[sev]:
                _colour(ws.cell(row, col), sev)
        if overdue:
            _colour(ws.cell(row, 7), Severity.ERROR)
        if failed:
            _colour(ws.cell(row, 8), Severity.ERROR)
    _total_row(ws, range(2, len(SUMMARY_HEADER) + 1), len(SUMMARY_HEADER))
    _finish(ws, SUMMARY_WIDTHS, rows=ws.max_row - 1)


def _total_row(ws: Worksheet, summed: Sequence[int], width: int) -> None:
    """A bold 合计 row under the table: the sums of the `summed` columns (values, not formulas, so the
    file reads the same in any program without recalculation), the other cells empty."""
    last = ws.max_row
    row = last + 1
    for col in range(1, width + 1):
        cell = ws.cell(row, col)
        if col == 1:
            cell.value = TOTAL
        elif col in summed:
            cell.value = sum(int(ws.cell(r, col).value or 0) for r in range(2, last + 1))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL


def _files_sheet(ws: Worksheet, result: LintResult) -> None:
    """One row per file: its unit, path, kind, inspection body, dates and counts per severity."""
    _header(ws, FILES_HEADER)
    sevs = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    for unit, files in group_by_unit(result):
        for file in files:
            counts = Counter(f.severity for f in file.findings)
            meta = file.meta
            items = None if file.failed else file.items  # an unreadable file has no item count, not zero
            row = _append(ws, [unit, file.path, kind_label(file), file.format, meta.body or "",
                               _date(meta.feedback), _date(meta.report_date), _date(meta.as_of), items,
                               *(counts[s] for s in sevs)], FILES_HEADER)
            for col, sev in enumerate(sevs, start=10):
                if counts[sev]:
                    _colour(ws.cell(row, col), sev)
    _finish(ws, FILES_WIDTHS)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def quote_value(finding: Finding) -> str | CellRichText:
    """The sentence or cell a finding quotes, the offending span in bold red; plain text when nothing is
    marked (a bare excerpt, an unreadable file's line: checker.report.common.quote_parts)."""
    before, marked, after = (_clean(part) for part in quote_parts(finding))
    if not marked:
        return before
    parts: list[str | TextBlock] = []
    if before:
        parts.append(before)
    parts.append(TextBlock(_MARK_FONT, marked))
    if after:
        parts.append(after)
    return CellRichText(parts)


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _findings_sheet(ws: Worksheet, result: LintResult) -> None:
    """One row per finding, grouped by unit then file and item, the 级别 cell coloured by severity."""
    _header(ws, FINDINGS_HEADER)
    for unit, files in group_by_unit(result):
        for file in files:
            for finding in _by_item(file.findings):
                title = rule_info(result, finding.rule, finding.severity).title
                values = [unit, finding.item or "", file.title_of(finding.item), finding.rule, title,
                          finding.severity.chinese, finding.message,
                          position_words(finding.location, file.format), "", file.path]
                row = _append(ws, values, FINDINGS_HEADER)
                quoted = quote_value(finding)
                if isinstance(quoted, str):
                    set_text(ws.cell(row, 9), quoted)
                else:
                    ws.cell(row, 9).value = quoted
                _colour(ws.cell(row, 6), finding.severity)
    _finish(ws, FINDINGS_WIDTHS)


def _by_item(findings: Sequence[Finding]) -> list[Finding]:
    """Document-wide findings first, then per item in order of first appearance (stable inside a group)."""
    order: dict[str | None, int] = {None: -1}
    for finding in findings:
        order.setdefault(finding.item, len(order))
    return sorted(findings, key=lambda f: order[f.item])


def _rules_sheet(ws: Worksheet, result: LintResult) -> None:
    """One row per rule that fired: title, severity, count, units concerned, documentation."""
    _header(ws, RULES_HEADER)
    counts: Counter[str] = Counter()
    units: dict[str, set[str]] = {}
    worst: dict[str, Severity] = {}
    for file in result.files:
        for finding in file.findings:
            counts[finding.rule] += 1
            units.setdefault(finding.rule, set()).add(unit_key(unit_of(file)))
            worst[finding.rule] = max(worst.get(finding.rule, finding.severity), finding.severity)
    for rule_id in sorted(counts):
        info = rule_info(result, rule_id, worst[rule_id])
        row = _append(ws, [rule_id, info.title, worst[rule_id].chinese, counts[rule_id], len(units[rule_id]),
                           info.doc.strip()], RULES_HEADER)
        _colour(ws.cell(row, 3), worst[rule_id])
    if counts:
        _total_row(ws, (4,), len(RULES_HEADER))
    _finish(ws, RULES_WIDTHS, rows=ws.max_row - (1 if counts else 0))


def build_workbook(result: LintResult) -> Workbook:
    """The report workbook, with fixed document properties."""
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    _summary_sheet(summary, result)
    _files_sheet(wb.create_sheet(FILES_SHEET), result)
    _findings_sheet(wb.create_sheet(FINDINGS_SHEET), result)
    _rules_sheet(wb.create_sheet(RULES_SHEET), result)
    for ws in wb.worksheets:
        _print_setup(ws)
    wb.properties.creator = "ledgerlint"
    wb.properties.lastModifiedBy = "ledgerlint"
    wb.properties.title = "检查报告"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def workbook_bytes(wb: Workbook, when: dt.datetime = FIXED_TIME) -> bytes:
    """Serialise a workbook reproducibly (zip entries dated `when`): same workbook, same bytes."""
    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps the current time into the properties
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for member in src.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(member.filename))
    return out.getvalue()


def render(result: LintResult, *, color: bool = False) -> bytes:
    """The Excel report as .xlsx bytes; `color` is ignored (severities are always coloured)."""
    return workbook_bytes(build_workbook(result))
