"""Excel ledgers (.xlsx): every worksheet as rows of cells; merged cells give their value to every cell they
cover (a 责任领导 merged over three rows owns all three issues). Which sheets hold a ledger, and what the
cells mean, is the reading stage's business (checker.read.table).

A formula cell whose result was never saved (a workbook written by a program and not opened in Excel
since) holds a `Formula`, not None: its value is unknown, not empty.

Workbooks up to FULL_LOAD_MAX bytes are loaded fully, which merged cells need; bigger ones are streamed
(openpyxl read-only mode, a fraction of the memory) and merged ranges are then not filled in: only their
top-left cell has the value, as in the file.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any

from checker.errors import InputError
from checker.load import SourceDoc, WholeFileMap
from checker.load.tables import Cell, Formula, Sheet, cell_ref
from checker.location import Location

FULL_LOAD_MAX = 20 * 1024 * 1024  # compressed size; a full load takes tens of times this in memory
_FORMULA_WITHOUT_VALUE = re.compile(rb"<(?:\w+:)?f[ >](?:(?!</(?:\w+:)?c>).)*</(?:\w+:)?f>\s*(?:<(?:\w+:)?v\s*/>|"
                                    rb"<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>", re.S)


def read_xlsx(data: bytes, path: str) -> SourceDoc:
    """An Excel SourceDoc: one Sheet per worksheet, cells as `Sheet!F7`."""
    import openpyxl

    streamed = len(data) > FULL_LOAD_MAX
    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=streamed, data_only=True)
    except Exception:  # openpyxl raises zip, XML, key and value errors for files that are not workbooks
        raise InputError("不是有效的 Excel 文件", Location(path),
                         hint="文件可能已损坏,或是改了扩展名的其他文件;旧版 .xls 请另存为 .xlsx") from None
    formulas = _formulas_without_values(data) if not streamed and _has_unsaved_formulas(data) else {}
    if streamed:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # the stored <dimension> may be stale: read every row the sheet holds
    try:
        sheets = [Sheet(sheet.title, sheet_rows(sheet, merged=not streamed, formulas=formulas.get(sheet.title, {})))
                  for sheet in workbook.worksheets]
    finally:
        if streamed:
            workbook.close()
    return SourceDoc(path, "xlsx", WholeFileMap(path), sheets=sheets)


def sheet_rows(sheet: Any, *, merged: bool = True,
               formulas: dict[tuple[int, int], str] | None = None) -> list[list[Cell]]:
    """The cells of a worksheet, row by row, merged ranges filled with their top-left value; `formulas`
    ((row, column) -> formula) marks cells whose formula result was never saved."""
    fill = _merged_values(sheet) if merged else {}
    formulas = formulas or {}
    rows: list[list[Cell]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        row = []
        for col, value in enumerate(values, start=1):
            if value is None and (number, col) in formulas:
                value = Formula(formulas[(number, col)])
            elif value is None:
                value = fill.get((number, col))
            row.append(Cell(value, cell_ref(number, col), number, col))
        rows.append(row)
    return rows


def _has_unsaved_formulas(data: bytes) -> bool:
    """Whether some worksheet holds a formula with no saved result (cheap scan of the sheet XML)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    if _FORMULA_WITHOUT_VALUE.search(archive.read(name)):
                        return True
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return False


def _formulas_without_values(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet -> (row, column) -> formula, for every formula cell (the caller keeps those without a value)."""
    import openpyxl

    workbook = openpyxl.load_workbook(BytesIO(data), data_only=False)
    found: dict[str, dict[tuple[int, int], str]] = {}
    for sheet in workbook.worksheets:
        cells = found.setdefault(sheet.title, {})
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cells[(cell.row, cell.column)] = cell.value
    return found


def _merged_values(sheet: Any) -> dict[tuple[int, int], object]:
    """(row, column) -> value for every covered cell of every merged range, clipped to the used area."""
    fill: dict[tuple[int, int], object] = {}
    max_row, max_col = sheet.max_row, sheet.max_column
    for span in sheet.merged_cells.ranges:
        value = sheet.cell(span.min_row, span.min_col).value
        if value is None:
            continue
        for row in range(span.min_row, min(span.max_row, max_row) + 1):
            for col in range(span.min_col, min(span.max_col, max_col) + 1):
                fill[(row, col)] = value
    return fill
