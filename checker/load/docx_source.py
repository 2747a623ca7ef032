"""Word documents (.docx): a ledger table if the document has one, else the text of the document.

Text: one body paragraph is one line, so the line numbers of findings are paragraph numbers (counting
empty paragraphs, as Word's navigation does not but a reader can); a line break inside a paragraph becomes
a space. Tables that are not ledgers add one line per row, cells joined by tabs, in document order.
Headers, footers, text boxes, footnotes and content controls are not read.

Ledger: the first table whose header row maps to ledger fields (tables.find_header) is read like a sheet
named 表N (N counts the document's tables from 1), cells as `表1!C4`; the paragraphs just above it may
name the unit (樊城区司法局党组巡察整改台账).
"""

from __future__ import annotations

from io import BytesIO

from checker.errors import InputError
from checker.load import SourceDoc, WholeFileMap
from checker.load.tables import Cell, cell_ref, find_header, table_to_ledger
from checker.location import Location

PREAMBLE_PARAGRAPHS = 5  # paragraphs above a ledger table searched for its title


def read_docx(data: bytes, path: str) -> SourceDoc:
    """A Word SourceDoc: `data` from a ledger table, else `text` with one line per paragraph or table row."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(BytesIO(data))
    except Exception:  # python-docx raises zip, XML, key and value errors for files that are not .docx
        raise InputError("不是有效的 Word 文件", Location(path),
                         hint="文件可能已损坏,或是改了扩展名的其他文件;旧版 .doc 请另存为 .docx") from None
    lines: list[str] = []
    tables = 0
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(block.text.replace("\r", "").replace("\n", " "))
            continue
        tables += 1
        rows = table_rows(block)
        if find_header(rows) is not None:
            preamble = [Cell(text, "", line, 1) for line, text in enumerate(lines, start=1) if text.strip()]
            ledger, source_map = table_to_ledger(rows, f"表{tables}", path, preamble[-PREAMBLE_PARAGRAPHS:])
            return SourceDoc(path, "docx", source_map, data=ledger)
        lines.extend(_row_line(row) for row in block.rows)
    text = "\n".join(lines)
    if not text.strip():
        raise InputError("文档没有文字内容", Location(path))
    return SourceDoc(path, "docx", WholeFileMap(path), text=text)


def table_rows(table: object) -> list[list[Cell]]:
    """The cells of a Word table; merged cells repeat their text in every grid cell they cover."""
    rows: list[list[Cell]] = []
    for number, row in enumerate(table.rows, start=1):  # type: ignore[attr-defined]
        rows.append([Cell(cell.text, cell_ref(number, col), number, col)
                     for col, cell in enumerate(row.cells, start=1)])
    return rows


def _row_line(row: object) -> str:
    """One table row as a line: cell texts joined by tabs, a merged cell once, line breaks as spaces."""
    texts: list[str] = []
    previous = None
    for cell in row.cells:  # type: ignore[attr-defined]
        if cell._tc is not previous:  # a cell merged across columns is listed once per grid column
            texts.append(cell.text.strip().replace("\r", "").replace("\n", " "))
        previous = cell._tc
    return "\t".join(texts)
