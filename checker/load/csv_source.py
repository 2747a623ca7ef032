"""CSV ledgers: decoded like any text file (UTF-8, BOM, GBK...), the delimiter sniffed, rows of cells."""

from __future__ import annotations

import csv
import io

from checker.errors import InputError
from checker.load import SourceDoc, WholeFileMap
from checker.load.encoding import decode
from checker.load.tables import Cell, Sheet, cell_ref
from checker.location import Location

DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 30


def read_csv(data: bytes, path: str, *, tab: bool = False) -> SourceDoc:
    """A CSV SourceDoc: one sheet of cells (`F7`: column F of record 7; line and column: where the field
    starts in the file, so that editors and code-scanning annotations point at the field itself)."""
    text = decode(data, path)
    if not text.strip():
        raise InputError("文件为空", Location(path))
    delimiter = "\t" if tab else sniff_delimiter(text)
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last_line = 0
    lines = text.split("\n")
    try:
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num  # a quoted cell may span lines
            number = len(rows) + 1
            starts = field_starts("\n".join(lines[first_line - 1:last_line]), delimiter)
            rows.append([Cell(value, cell_ref(number, col), *_position(starts, col, first_line))
                         for col, value in enumerate(record, start=1)])
    except csv.Error as exc:
        raise InputError(f"CSV 格式错误: {exc}", Location(path, line=reader.line_num)) from None
    if rows and last_line > first_line:  # an unclosed quote swallows the rest of the file into one record
        opened = unclosed_quote("\n".join(lines[first_line - 1:last_line]), delimiter)
        if opened is not None:
            line, column = first_line + opened[0], opened[1]
            raise InputError("CSV 中的引号没有闭合,其后的内容都被读成了同一个单元格", Location(path, line, column),
                             hint="补上结尾的双引号;单元格内的双引号应写作两个双引号 \"\"")
    return SourceDoc(path, "csv", WholeFileMap(path), sheets=[Sheet("", rows)])


def unclosed_quote(record: str, delimiter: str) -> tuple[int, int] | None:
    """(line offset, 1-based column) of a quote that opens a field and is never closed, else None. A quote
    opens a field only at its start; inside, a doubled quote is a literal one."""
    quoted, at_start, opened = False, True, (0, 1)
    line, column, i = 0, 1, 0
    while i < len(record):
        char = record[i]
        if quoted:
            if char == '"':
                if record[i + 1:i + 2] == '"':
                    i, column = i + 1, column + 1
                else:
                    quoted = False
        elif char == '"' and at_start:
            quoted, opened = True, (line, column)
        at_start = char == delimiter or char == "\n"
        if char == "\n":
            line, column = line + 1, 0
        column += 1
        i += 1
    return opened if quoted else None


def field_starts(record: str, delimiter: str) -> list[tuple[int, int]]:
    """(line offset, 1-based column) where each field of one CSV record starts; delimiters inside quotes
    (and quoted line breaks) do not count."""
    starts = [(0, 1)]
    line, column, quoted = 0, 1, False
    for char in record:
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice: still inside
        elif char == "\n":
            line, column = line + 1, 0
        elif char == delimiter and not quoted:
            starts.append((line, column + 1))
        column += 1
    return starts


def _position(starts: list[tuple[int, int]], col: int, first_line: int) -> tuple[int, int]:
    if col - 1 < len(starts):
        offset, column = starts[col - 1]
        return first_line + offset, column
    return first_line, 1


def sniff_delimiter(text: str) -> str:
    """The delimiter among `,` `;` and tab that splits the first lines into the most equal-width rows."""
    sample = "\n".join(text.split("\n", SNIFF_LINES)[:SNIFF_LINES])
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [width for width in widths if width > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        score = wide.count(common) * common
        if score > best_score:
            best, best_score = delimiter, score
    return best
