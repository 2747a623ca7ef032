"""Word documents (.docx) as a reader sees them: prose, tables, numbering, tracked changes, headers, footers.

Text: one paragraph is one line, counted over every paragraph of the body in document order (w:p elements
depth first: table-cell paragraphs and text-box paragraphs included, empty ones too), so the line of a
finding is its paragraph number (DESIGN §4). What Word shows is what is read:
- automatic numbering is drawn in front of the paragraph (一、 (二) 3.; checker.load.docx_numbering);
- tracked changes are read accepted: inserted runs (w:ins, w:moveTo) count, deleted ones (w:del,
  w:moveFrom) do not;
- a text box is read where it is anchored (its paragraphs follow the paragraph holding it); the legacy copy
  Word keeps for old readers (mc:Fallback) is a blank line, so it is not read twice;
- a line break inside a paragraph becomes a space, a tab stays a tab; field codes are not text;
- headers and footers are read after the body (each distinct text once; page numbers are skipped).

Tables: a table whose header row maps to ledger fields (tables.find_header) is a problem table. When the
document is nothing but that table (and a title above it), it is read like a sheet named 表N (N counts the
document's tables from 1). When prose surrounds it, both are read: the table gives the items, the prose the
facts (feedback date, stated counts, contact, report date); the table's paragraphs are blank lines of the
prose. Cells are `表1!C4`, and every finding in a table carries its cell and its paragraph number.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from checker.errors import InputError
from checker.findings import Finding, Severity
from checker.load import SourceDoc, WholeFileMap
from checker.load.docx_numbering import Numbering, W, read_numbering
from checker.load.tables import Cell, cell_ref
from checker.location import Location
from checker.read.scripts import rows_as_read
from checker.read.table import find_header, table_to_ledger

UNREAD_RULE = "input/unread-content"  # parts of a Word document whose text is not read (footnotes, images …)
PREAMBLE_PARAGRAPHS = 5  # paragraphs above a ledger table searched for its title
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "txbxContent",
         MC_FALLBACK, W + "footnoteReference", W + "endnoteReference", W + "commentReference"}
_BREAKS = {W + "br": " ", W + "cr": " ", W + "tab": "\t", W + "noBreakHyphen": "-", W + "softHyphen": ""}
_HEADER_REL = ("/header", "/footer")
_READABLE = re.compile(r"[\u4e00-\u9fff@]")  # a header or footer line worth reading (not "- 1 -")
_SENTENCE = re.compile(r"[。;；]")


def read_docx(data: bytes, path: str) -> SourceDoc:
    """A Word SourceDoc: `text` (one line per paragraph), `data` from a problem table, or both."""
    import docx

    try:
        document = docx.Document(BytesIO(data))
    except Exception:  # python-docx raises zip, XML, key and value errors for files that are not .docx
        raise InputError("不是有效的 Word 文件", Location(path),
                         hint="文件可能已损坏,或是改了扩展名的其他文件;旧版 .doc 请另存为 .docx") from None
    body = document.element.body
    if body is None:
        raise InputError("Word 文件没有正文(document.xml 中缺少 w:body)", Location(path),
                         hint="文件可能已损坏;请用 Word 打开后另存为 .docx 再检查")
    numbering = read_numbering(_part_element(document, "numbering_part"), _part_element(document, "styles_part"))
    paragraphs = list(body.iter(W + "p"))
    lines = [_paragraph_line(p, numbering) for p in paragraphs]
    line_of = {p: i for i, p in enumerate(paragraphs)}  # 0-based; the elements stay alive in `paragraphs`
    places: dict[int, str] = {}
    ledger: tuple[dict, Any] | None = None
    tables = 0
    for tbl in _top_tables(body):
        tables += 1
        sheet = f"表{tables}"
        rows = table_rows(tbl, document, line_of, lines, places, sheet)
        if ledger is None and find_header(rows_as_read(rows)) is not None:  # 問題/整改時限 are headers too
            first = min(line_of[p] for p in tbl.iter(W + "p"))
            preamble = [Cell(text, "", n, 1) for n, text in enumerate(lines[:first], start=1) if text.strip()]
            ledger = table_to_ledger(rows, sheet, path, preamble[-PREAMBLE_PARAGRAPHS:])
            for p in tbl.iter(W + "p"):  # the table is read as a table, not as prose
                lines[line_of[p]] = ""
    body_lines = len(lines)
    for text, part in _header_footer_lines(document, numbering):
        lines.append(text)
        places[len(lines)] = part
    text = "\n".join(lines)
    notes = _unread_content(document, body, path)
    if ledger is not None:
        if not _SENTENCE.search("\n".join(lines[:body_lines])):  # only a title around the table
            return SourceDoc(path, "docx", ledger[1], data=ledger[0], notes=notes)
        return SourceDoc(path, "docx", ledger[1], data=ledger[0], text=text, places=places, notes=notes)
    if not text.strip():
        raise InputError("文档没有文字内容", Location(path))
    return SourceDoc(path, "docx", WholeFileMap(path), text=text, places=places, notes=notes)


def _part_element(document: Any, name: str) -> Any | None:
    """The root element of a document part (numbering, styles), None when the document has none."""
    try:
        return getattr(document.part, name).element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _paragraph_line(p: Any, numbering: Numbering) -> str:
    """The text Word shows for one paragraph: its numbering label and its accepted runs, on one line."""
    if _inside_fallback(p):
        return ""
    parts: list[str] = [numbering.label(p)]
    _collect(p, parts)
    return "".join(parts).replace("\r", "").replace("\n", " ")


def _inside_fallback(p: Any) -> bool:
    """True for a paragraph of the legacy copy of a text box (read once, from the modern copy)."""
    node = p.getparent()
    while node is not None:
        if node.tag == MC_FALLBACK:
            return True
        node = node.getparent()
    return False


def _collect(node: Any, parts: list[str]) -> None:
    """Text of node's descendants in order, skipping deletions, field codes and nested text boxes."""
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
        elif tag == W + "p":  # a paragraph nested in a text box: it is a line of its own
            continue
        else:
            _collect(child, parts)


def _top_tables(body: Any) -> list[Any]:
    """Tables of the body that are not nested in another table, in document order."""
    return [tbl for tbl in body.iter(W + "tbl") if not any(a.tag == W + "tbl" for a in tbl.iterancestors())]


def table_rows(tbl: Any, document: Any, line_of: dict[Any, int], lines: list[str],
               places: dict[int, str], sheet: str) -> list[list[Cell]]:
    """The cells of a Word table as shown (numbering, accepted changes); merged cells repeat their text in
    every grid cell they cover; each cell's line is the paragraph number of its first paragraph. `places`
    gets the cell reference (表1!C4) of every paragraph number in the table."""
    from docx.table import Table

    table = Table(tbl, document)
    rows: list[list[Cell]] = []
    for number, row in enumerate(table.rows, start=1):
        cells: list[Cell] = []
        for col, cell in enumerate(row.cells, start=1):
            paragraphs = [p for p in cell._tc.iter(W + "p") if p in line_of]
            text = "\n".join(lines[line_of[p]] for p in paragraphs)
            line = line_of[paragraphs[0]] + 1 if paragraphs else number
            for p in paragraphs:
                places.setdefault(line_of[p] + 1, f"{sheet}!{cell_ref(number, col)}")
            cells.append(Cell(text, cell_ref(number, col), line, col))
        rows.append(cells)
    return rows


def _header_footer_lines(document: Any, numbering: Numbering) -> list[tuple[str, str]]:
    """Distinct readable lines of the headers and footers, each with 页眉 or 页脚."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for rel in sorted(document.part.rels.values(), key=lambda r: r.rId):
        kind = next((k for k in _HEADER_REL if rel.reltype.endswith(k)), None)
        if kind is None or rel.is_external:
            continue
        try:
            root = rel.target_part.element
        except AttributeError:
            continue
        for p in root.iter(W + "p"):
            text = _paragraph_line(p, numbering).strip()
            if text and text not in seen and _READABLE.search(text):
                seen.add(text)
                out.append((text, "页眉" if kind == "/header" else "页脚"))
    return out


_NOTE_PARTS = (("/footnotes", "脚注"), ("/endnotes", "尾注"), ("/comments", "批注"))
_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"


def _unread_content(document: Any, body: Any, path: str) -> list[Finding]:
    """One note naming what Word shows but this reader does not read: the text of footnotes, endnotes and
    comments, embedded objects and charts (a warning: text left unchecked), pictures (info: text in an
    image cannot be read)."""
    unread: list[str] = []
    for rel in document.part.rels.values():
        kind = next((name for suffix, name in _NOTE_PARTS if rel.reltype.endswith(suffix)), None)
        if kind is None or rel.is_external:
            continue
        element = getattr(rel.target_part, "element", None)
        root = element if element is not None else _xml_of(rel.target_part)
        count = sum(1 for p in root.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")).strip())
        if count:
            unread.append(f"{kind}中的 {count} 段文字")
    objects = sum(1 for _ in body.iter(W + "object")) + sum(1 for _ in body.iter(_CHART))
    if objects:
        unread.append(f"{objects} 个嵌入对象或图表")
    pictures = sum(1 for _ in body.iter(_PICTURE)) + sum(1 for _ in body.iter(_VML_IMAGE))
    if not unread and not pictures:
        return []
    if pictures:
        unread.append(f"{pictures} 张图片(图片中的文字无法读取)")
    severity = Severity.WARNING if objects or len(unread) > (1 if pictures else 0) else Severity.INFO
    return [Finding(UNREAD_RULE, severity, f"Word 文档中有未读取的内容:{'、'.join(unread)};其中的文字没有检查",
                    Location(path))]


def _xml_of(part: Any) -> Any:
    """The root element of a part python-docx keeps as bytes (footnotes, comments in older versions)."""
    from docx.oxml import parse_xml

    return parse_xml(part.blob)
