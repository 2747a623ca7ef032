"""Excel report for supervisors: sheet 汇总 (one row per file) and sheet 问题清单 (one row per finding)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from checker.findings import LintResult, Severity
from checker.report.common import kind_label, position, rule_info

SUMMARY_SHEET = "汇总"
FINDINGS_SHEET = "问题清单"
SUMMARY_HEADER = ("文件", "格式", "类型", "项数", "错误", "警告", "提示", "无法读取")
FINDINGS_HEADER = ("文件", "问题编号", "级别", "规则", "规则标题", "说明", "位置", "原文")
# (minimum, maximum) column width in characters; long text columns wrap at the maximum
SUMMARY_WIDTHS = ((24, 60), (6, 10), (6, 10), (6, 8), (6, 8), (6, 8), (6, 8), (8, 10))
FINDINGS_WIDTHS = ((24, 48), (8, 10), (6, 8), (16, 34), (14, 28), (30, 60), (10, 24), (20, 50))
WHOLE_FILE = "整个文件"  # 位置 of a finding about the file as a whole
WRAPPED = frozenset({"说明", "原文", "规则标题"})

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


def _finish(ws: Worksheet, widths: Sequence[tuple[int, int]]) -> None:
    """Autofilter over the table and column widths fitted to the content within bounds."""
    ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{ws.max_row}"
    for col, (low, high) in enumerate(widths, start=1):
        letter = get_column_letter(col)
        longest = max((text_width(c.value) for c in ws[letter] if c.value is not None), default=0)
        ws.column_dimensions[letter].width = max(low, min(high, longest + 2))


def _colour(cell: Cell, severity: Severity) -> None:
    cell.font, cell.fill = _SEVERITY_STYLE[severity]


def _summary_sheet(ws: Worksheet, result: LintResult) -> None:
    """One row per file: path, format, kind, items, counts per severity, failed."""
    _header(ws, SUMMARY_HEADER)
    sevs = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    for file in result.files:
        counts = Counter(f.severity for f in file.findings)
        items = None if file.failed else file.items  # an unreadable file has no item count, not zero
        row = _append(ws, [file.path, file.format, kind_label(file), items,
                           *(counts[s] for s in sevs), "是" if file.failed else "否"], SUMMARY_HEADER)
        for col, sev in enumerate(sevs, start=5):
            if counts[sev]:
                _colour(ws.cell(row, col), sev)
        if file.failed:
            _colour(ws.cell(row, 8), Severity.ERROR)
    _finish(ws, SUMMARY_WIDTHS)


def _findings_sheet(ws: Worksheet, result: LintResult) -> None:
    """One row per finding, in report order, the 级别 cell coloured by severity."""
    _header(ws, FINDINGS_HEADER)
    for file in result.files:
        for finding in file.findings:
            title = rule_info(result, finding.rule, finding.severity).title
            values = [file.path, finding.item or "", finding.severity.chinese, finding.rule, title,
                      finding.message, position(finding.location) or WHOLE_FILE, finding.excerpt]
            row = _append(ws, values, FINDINGS_HEADER)
            _colour(ws.cell(row, 3), finding.severity)
    _finish(ws, FINDINGS_WIDTHS)


def build_workbook(result: LintResult) -> Workbook:
    """The report workbook, with fixed document properties."""
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    _summary_sheet(summary, result)
    _findings_sheet(wb.create_sheet(FINDINGS_SHEET), result)
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
