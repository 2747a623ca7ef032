"""Notices and tables written in traditional characters: rules read the values in simplified characters, people
see them as written.

The prose reader stores every text value as written (traditional characters stay traditional) and keeps, by
pointer, the value as it was read in simplified characters wherever the two differ (the source map's
`simplified`). Rules and the claims scanner match simplified words (the vocabulary, rule patterns such as
拟于 or 专人), so they run on :func:`as_read` of the ledger; the text a message quotes goes back through
:class:`AsWritten`. For a notice in simplified characters `simplified` is empty and neither is used.

Tables do the same: :func:`sheets_as_read` gives the table reader cells in simplified characters (header
labels, status and deadline words match), and :func:`table_as_written` puts the values, the cells the
source map quotes and the notes of reading back as written; :func:`data_as_read` and
:func:`data_as_written` do it for the text values of a YAML ledger.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from checker.findings import Finding
from checker.load import one_line
from checker.load.tables import Cell, Sheet
from checker.location import pointer_join, pointer_split, value_at
from checker.model import LedgerRecord

if TYPE_CHECKING:
    from checker.read.table import TableMap

__all__ = ["AsWritten", "Converted", "as_read", "data_as_read", "data_as_written", "sheets_as_read",
           "table_as_written"]

# A cell read in simplified characters, by id of the cell the reader is given: (that cell, the cell as written).
Converted = dict[int, tuple[Cell, Cell]]


def as_read(ledger: LedgerRecord, simplified: Mapping[str, str]) -> LedgerRecord:
    """The ledger with the text at each pointer of `simplified` replaced by its simplified reading.

    Only the dicts and lists on the way to a replaced value are copied; the ledger itself is not changed.
    A pointer whose value is not text of the reading's length (it changed after reading) is left as it is.
    """
    tree: dict[str, Any] = {}
    for pointer, text in simplified.items():
        *parents, last = pointer_split(pointer)
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[last] = _Reading(text)
    replaced = _replace(ledger, tree)
    return replaced if isinstance(replaced, dict) else ledger


class _Reading(str):
    """A leaf of the replacement tree (a distinct type, so a dict of parts is never mistaken for one)."""


def _replace(node: object, tree: dict[str, Any]) -> object:
    """A copy of node with the leaves of tree put in place (dict keys and list indices as pointer tokens)."""
    if isinstance(node, dict):
        out: dict[str, Any] = dict(node)
        for key, sub in tree.items():
            if key in out:
                out[key] = _put(out[key], sub)
        return out
    if isinstance(node, list):
        items = list(node)
        for key, sub in tree.items():
            if key.isdigit() and int(key) < len(items):
                items[int(key)] = _put(items[int(key)], sub)
        return items
    return node


def _put(value: object, sub: Any) -> object:
    """The reading for a leaf (when it still fits the value), the replaced node below it otherwise."""
    if isinstance(sub, _Reading):
        return str(sub) if isinstance(value, str) and len(value) == len(sub) else value
    return _replace(value, sub)


class AsWritten:
    """Text a message quotes, given back in the script it was written in.

    Called with text from the simplified reading: a whole value (an item's title, an owner) is looked up;
    a part of one (the sentence of a claim, the word a pattern matched) is cut from the first value read as
    holding it. Other text (numbers, ids, a rule's own words) is returned as it is.
    """

    def __init__(self, ledger: LedgerRecord, simplified: Mapping[str, str]) -> None:
        self._written: dict[str, str] = {}
        for pointer, text in simplified.items():
            value = value_at(ledger, pointer)
            if isinstance(value, str) and len(value) == len(text) and value != text:
                self._written.setdefault(text, value)

    def __call__(self, text: str) -> str:
        """`text` as written in the document, or `text` itself when it is not the document's."""
        written = self._written.get(text)
        if written is not None:
            return written
        if text.isascii():
            return text
        for read, value in self._written.items():
            at = read.find(text)
            if at != -1:
                return value[at:at + len(text)]
        return text


def sheets_as_read(sheets: Sequence[Sheet]) -> tuple[list[Sheet], Converted]:
    """The sheets with every text cell written in traditional characters read in simplified ones (the same
    length, checker.text.normalize.to_simplified), and the cells converted. A sheet without a traditional
    character anywhere is passed on as it is (one search over its text)."""
    from checker.text.normalize import has_traditional, to_simplified

    converted: Converted = {}

    def read(cell: Cell) -> Cell:
        value = cell.value
        if not isinstance(value, str) or value.isascii():
            return cell
        text = to_simplified(value)
        if text == value:
            return cell
        new = replace(cell, value=text)
        converted[id(new)] = (new, cell)
        return new

    out: list[Sheet] = []
    for sheet in sheets:
        texts = [c.value for row in sheet.rows for c in row if isinstance(c.value, str)]
        texts += [c.value for c in sheet.preamble if isinstance(c.value, str)]
        if not has_traditional("\n".join(texts)):
            out.append(sheet)
            continue
        out.append(Sheet(sheet.name, [[read(c) for c in row] for row in sheet.rows],
                         [read(c) for c in sheet.preamble]))
    return out, converted


def rows_as_read(rows: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    """The rows of one table read in simplified characters (as sheets_as_read), to find its header."""
    return sheets_as_read([Sheet("", [list(row) for row in rows])])[0][0].rows


def table_as_written(ledger: dict[str, Any], table_map: TableMap, converted: Converted) -> None:
    """Put back as written what was read from converted cells: each value cut from the same place of the
    cell as written (its reading kept in `table_map.simplified`), the map's cells (so excerpts and quotes
    are the cell as written) and the excerpts and quoted cell texts of the notes of reading."""
    if not converted:
        return
    for pointer, (cell, text, sheet) in table_map.entries().items():
        pair = converted.get(id(cell))
        if pair is None:
            continue
        read_text, written_text = pair[0].text, pair[1].text
        at = read_text.find(text) if text else -1
        written = written_text[at:at + len(text)] if at != -1 else text
        table_map.record(pointer, pair[1], written, sheet)
        value = value_at(ledger, pointer)
        if isinstance(value, str) and value and at != -1:
            k = text.find(value)
            if k != -1 and written[k:k + len(value)] != value:
                _set_at(ledger, pointer, written[k:k + len(value)])
                table_map.simplified[pointer] = value
    by_place: dict[tuple[int, int], list[tuple[Cell, Cell]]] = {}
    for new, old in converted.values():
        by_place.setdefault((new.line, new.column), []).append((new, old))
    for n, note in enumerate(table_map.notes):
        for new, old in by_place.get((note.location.line or 0, note.location.column or 0), ()):
            read_text, written_text = new.text, old.text
            if read_text and (read_text in note.message or one_line(read_text) == note.excerpt):
                table_map.notes[n] = replace(note, message=note.message.replace(read_text, written_text),
                                             excerpt=one_line(written_text))
                break


def _set_at(ledger: dict[str, Any], pointer: str, value: str) -> None:
    """Set the value at a JSON Pointer that exists."""
    *parents, last = pointer_split(pointer)
    node: Any = ledger
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def data_as_read(data: object) -> dict[str, str]:
    """Every text value of a ledger's data (a YAML ledger) written in traditional characters replaced, in
    place, by its reading in simplified characters, so the value readers read 已辦結 as 已办结; returns
    pointer -> the text as written. Data without a traditional character is left as it is (one search)."""
    from checker.text.normalize import has_traditional, to_simplified

    texts: list[tuple[Any, Any, str]] = []  # (container, key, pointer) of every text value

    def walk(node: object, pointer: str) -> None:
        pairs = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in pairs:
            child = pointer_join(pointer, key)
            if isinstance(value, str):
                texts.append((node, key, child))
            else:
                walk(value, child)

    walk(data, "")
    if not texts or not has_traditional("\n".join(holder[key] for holder, key, _ in texts)):
        return {}
    written: dict[str, str] = {}
    for holder, key, pointer in texts:
        value = holder[key]
        read = to_simplified(value)
        if read != value:
            holder[key] = read
            written[pointer] = value
    return written


def data_as_written(data: dict[str, Any], written: Mapping[str, str],
                    notes: list[Finding]) -> tuple[dict[str, str], list[Finding]]:
    """Put back as written the text values `data_as_read` replaced that reading left as text (a status read
    as completed stays completed); returns (pointer -> the reading, what rules match; the notes of reading
    with the values they quote as written)."""
    from checker.text.normalize import to_simplified

    simplified: dict[str, str] = {}
    for pointer, text in written.items():
        value = value_at(data, pointer)
        if isinstance(value, str) and len(value) == len(text):
            _set_at(data, pointer, text)
            simplified[pointer] = value
    fixed = []
    for note in notes:
        as_written = written.get(note.location.pointer or "")
        if as_written is not None:  # an unreadable value: quoted as written
            note = replace(note, message=note.message.replace(to_simplified(as_written), as_written))
        fixed.append(note)
    return simplified, fixed
