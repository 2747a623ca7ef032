"""Build Word notices the way offices write them, with python-docx and the XML it does not cover:
automatic numbering (numbering.xml levels written here), tracked changes (w:ins / w:del), footers,
text boxes and problem tables."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = nsdecls("w")


class Notice:
    """A Word document being written; `numbered(...)` paragraphs use Word's automatic numbering."""

    def __init__(self) -> None:
        self.document = docx.Document()
        self._next_id = 900

    def list_definition(self, *levels: tuple[str, str], start_override: int | None = None) -> int:
        """A new list: one (numFmt, lvlText) per level, e.g. ("chineseCounting", "%1、"); returns its numId."""
        numbering = self.document.part.numbering_part.element
        abstract_id = num_id = self._next_id
        self._next_id += 1
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels))
        abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # abstract definitions come before the list instances
        else:
            numbering.append(abstract)
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
                    if start_override is not None else "")
        numbering.append(parse_xml(
            f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'))
        return num_id

    def restart(self, num_id: int) -> int:
        """A new list instance of the same definition as `num_id`, restarting at 1 (Word's 重新开始于 1)."""
        numbering = self.document.part.numbering_part.element
        abstract = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)
                        ).find(qn("w:abstractNumId")).get(qn("w:val"))
        new_id = self._next_id
        self._next_id += 1
        numbering.append(parse_xml(
            f'<w:num {W_NS} w:numId="{new_id}"><w:abstractNumId w:val="{abstract}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
        return new_id

    def para(self, text: str = "") -> object:
        """A plain paragraph."""
        return self.document.add_paragraph(text)

    def numbered(self, num_id: int, text: str, level: int = 0) -> object:
        """A paragraph numbered by Word (the number is not in its text)."""
        paragraph = self.document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        return paragraph

    def tracked(self, *pieces: tuple[str, str]) -> object:
        """A paragraph with tracked changes: pieces of ("", text) kept, ("ins", text) inserted, ("del", text)
        deleted, as Word writes them with Track Changes on."""
        paragraph = self.document.add_paragraph()
        for n, (kind, text) in enumerate(pieces):
            if kind == "ins":
                xml = (f'<w:ins {W_NS} w:id="{n + 1}" w:author="审核人" w:date="2023-07-14T09:00:00Z">'
                       f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>')
            elif kind == "del":
                xml = (f'<w:del {W_NS} w:id="{n + 1}" w:author="审核人" w:date="2023-07-14T09:00:00Z">'
                       f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')
            else:
                xml = f'<w:r {W_NS}><w:t xml:space="preserve">{text}</w:t></w:r>'
            paragraph._p.append(parse_xml(xml))
        return paragraph

    def footer(self, text: str) -> None:
        """Text in the page footer."""
        self.document.sections[0].footer.paragraphs[0].text = text

    def table(self, rows: list[list[str]]) -> object:
        """A table with the given cell texts (first row: the header)."""
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        return table

    def save(self, path: Path) -> Path:
        """Write the .docx file."""
        self.document.save(path)
        return path
