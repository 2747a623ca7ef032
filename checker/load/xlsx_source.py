"""Excel ledgers (.xlsx): the first sheet with a recognisable header is the ledger; merged cells give
their value to every cell they cover (a 责任领导 merged over three rows owns all three issues).

Workbooks up to FULL_LOAD_MAX bytes are loaded fully, which merged cells need; bigger ones are streamed
(openpyxl read-only mode, a fraction of the memory) and merged ranges are then not filled in: only their
top-left cell has the value, as in the file.
"""

from __future__ import annotations

from io import BytesIO

from checker.errors import InputError
from checker.load import SourceDoc
from checker.load.tables import Cell, cell_ref, find_header, table_to_ledger
from checker.location import Location

FULL_LOAD_MAX = 20 * 1024 * 1024  # compressed size; a full load takes tens of times this in memory


def read_xlsx(data: bytes, path: str) -> SourceDoc:
    """An Excel SourceDoc: the ledger of the first sheet with a header, cells as `Sheet!F7`."""
    import openpyxl

    streamed = len(data) > FULL_LOAD_MAX
    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=streamed, data_only=True)
    except Exception:  # openpyxl raises zip, XML, key and value errors for files that are not workbooks
        raise InputError("不是有效的 Excel 文件", Location(path),
                         hint="文件可能已损坏,或是改了扩展名的其他文件;旧版 .xls 请另存为 .xlsx") from None
    try:
        names = []
        for sheet in workbook.worksheets:
            names.append(sheet.title)
            rows = sheet_rows(sheet, merged=not streamed)
            if find_header(rows) is not None:
                ledger, source_map = table_to_ledger(rows, sheet.title, path)
                return SourceDoc(path, "xlsx", source_map, data=ledger)
    finally:
        if streamed:
            workbook.close()
    raise InputError(f"未找到表头(已查找工作表: {'、'.join(names) or '无'})", Location(path),
                     hint="表头应至少包含下列列名中的三个: 序号、问题、整改措施、责任领导、责任部门、"
                          "责任人、整改时限、整改状态、完成时间、佐证材料")


def sheet_rows(sheet: object, *, merged: bool = True) -> list[list[Cell]]:
    """The cells of a worksheet, row by row, merged ranges filled with their top-left value."""
    fill = _merged_values(sheet) if merged else {}
    rows: list[list[Cell]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        rows.append([Cell(fill.get((number, col)) if value is None else value, cell_ref(number, col),
                          number, col) for col, value in enumerate(values, start=1)])
    return rows


def _merged_values(sheet: object) -> dict[tuple[int, int], object]:
    """(row, column) -> value for every covered cell of every merged range, clipped to the used area."""
    fill: dict[tuple[int, int], object] = {}
    max_row, max_col = sheet.max_row, sheet.max_column  # type: ignore[attr-defined]
    for span in sheet.merged_cells.ranges:  # type: ignore[attr-defined]
        value = sheet.cell(span.min_row, span.min_col).value  # type: ignore[attr-defined]
        if value is None:
            continue
        for row in range(span.min_row, min(span.max_row, max_row) + 1):
            for col in range(span.min_col, min(span.max_col, max_col) + 1):
                fill[(row, col)] = value
    return fill
