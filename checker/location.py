"""Shared vocabulary for positions in source files. Imports nothing from checker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value sits in its source: line/column (1-based), a JSON Pointer, or a table cell."""

    source: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    pointer: str | None = None
    cell: str | None = None  # e.g. "整改台账!F7"

    def short(self) -> str:
        """`file:line:col`, `file:Sheet!F7` or just the file, for one-line reports."""
        if self.cell:
            return f"{self.source}:{self.cell}"
        if self.line is not None:
            return f"{self.source}:{self.line}:{self.column or 1}"
        return self.source

    def to_dict(self) -> dict[str, object]:
        """JSON form as documented in the output schema."""
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "pointer": self.pointer,
            "cell": self.cell,
        }


class SourceMap(Protocol):
    """Maps a JSON Pointer into the ledger (and an optional character span inside a string value)
    back to the original file. Implementations compute lazily: only reported findings pay for it."""

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """Location of the value at `pointer`, or of chars [start, end) of that string value."""
        ...

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """The original source text of that value or span (a short quote, one line at most)."""
        ...


def pointer_join(base: str, *parts: str | int) -> str:
    """Append reference tokens to a JSON Pointer, escaping `~` and `/` (RFC 6901)."""
    out = base
    for part in parts:
        out += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return out


def pointer_split(pointer: str) -> list[str]:
    """Reference tokens of a JSON Pointer, unescaped."""
    if not pointer:
        return []
    tokens = pointer.lstrip("/").split("/")
    if "~" not in pointer:  # nothing escaped (almost every pointer)
        return tokens
    return [p.replace("~1", "/").replace("~0", "~") for p in tokens]


def value_at(data: object, pointer: str) -> object:
    """The value at a JSON Pointer in nested dicts and lists, None when there is none."""
    node = data
    for token in pointer_split(pointer):
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def line_col(text: str, offset: int, line_starts: list[int] | None = None) -> tuple[int, int]:
    """1-based (line, column) of a character offset; pass precomputed line starts for many lookups."""
    import bisect

    starts = line_starts if line_starts is not None else line_start_offsets(text)
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


def line_start_offsets(text: str) -> list[int]:
    """Offsets at which each line of `text` starts."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def caret_context(text: str, line: int, column: int, end_column: int | None = None) -> str:
    """The source line (a window of it, for long lines) with carets under [column, end_column), as compilers
    show it. East Asian characters take two terminal cells, so the carets are padded to match."""
    lines = text.split("\n", line)
    if not 0 < line <= len(lines):
        return ""
    src = lines[line - 1].rstrip("\r\n").replace("\t", " ")
    col = max(1, min(column, len(src) + 1))
    end = max(col + 1, min(end_column or col + 1, len(src) + 1))
    first = max(0, col - 60)
    shown = src[first:first + 100]
    pad = _cells(shown[:col - 1 - first])
    carets = max(1, _cells(src[col - 1:end - 1]))
    return f"  {shown}\n  {' ' * pad}{'^' * carets}"


def _cells(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


@dataclass(frozen=True, slots=True)
class Quote:
    """The source text a finding is about as a reader finds it: the sentence (prose) or the cell (tables,
    structured values), and the offending span [start, end) inside `text`, in code points."""

    text: str
    start: int
    end: int

    def parts(self) -> tuple[str, str, str]:
        """(before, marked, after): the text split around the span."""
        return self.text[:self.start], self.text[self.start:self.end], self.text[self.end:]


def quote_of(source_map: object, pointer: str, start: int | None = None, end: int | None = None) -> Quote | None:
    """The Quote of a value or span: from the map's own `quote` method when it has one (prose maps know the
    sentence), else the value's excerpt with the span found in it. None when there is nothing to quote."""
    own = getattr(source_map, "quote", None)
    if own is not None:
        return own(pointer, start, end)
    whole: str = source_map.excerpt(pointer)  # type: ignore[attr-defined]  # maps without quote() have excerpt()
    if not whole:
        return None
    if start is None and end is None:
        return Quote(whole, 0, len(whole))
    part: str = source_map.excerpt(pointer, start, end)  # type: ignore[attr-defined]  # as above
    if not part:
        return Quote(whole, 0, len(whole))
    lo = start or 0
    at = lo if whole[lo:lo + len(part)] == part else whole.find(part)
    if at == -1:
        return Quote(whole, 0, len(whole))
    return Quote(whole, at, at + len(part))
