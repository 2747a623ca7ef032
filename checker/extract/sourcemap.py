"""Where each extracted value came from: spans in the normalised text, mapped back to the original."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from checker.location import Location, Quote, line_col, line_start_offsets, pointer_split, quote_of

EXCERPT_MAX = 120
QUOTE_MAX = 240  # a quote longer than this is cut to a window around the span: a sentence, not a page
_SENTENCE_END = "。!?;!?;\n"  # where a sentence ends in Chinese prose (a line break ends one too)


@dataclass(frozen=True, slots=True)
class Hit:
    """A value found in the normalised text and the span [start, end) it was read from."""

    value: object
    start: int
    end: int


class TextSourceMap:
    """SourceMap over a prose document: pointer → span of normalised text → span of the original.

    Every string value stored under a pointer is the exact slice of normalised text its span covers (in
    the script the text was written in), so an offset inside the value is an offset inside the span.
    `end_column` is exclusive (the column just after the last character), as in SARIF regions.
    `simplified` maps the pointers of values written in traditional characters to the values as read
    (simplified, the same length): what rules match on (checker.read.scripts).
    """

    def __init__(self, source: str, original: str, to_original: Callable[[int], int],
                 spans: Mapping[str, tuple[int, int]], simplified: Mapping[str, str] | None = None,
                 unknown: Iterable[str] = ()) -> None:
        self._source = source
        self._original = original
        self._to_original = to_original
        self._spans = dict(spans)
        self._line_starts = line_start_offsets(original)
        self.simplified: Mapping[str, str] = dict(simplified or {})
        self.unknown = frozenset(unknown)  # pointers of values stated but not known: no rule calls them missing

    def has(self, pointer: str) -> bool:
        """True if a value was stored under exactly this pointer."""
        return pointer in self._spans

    def pointers(self) -> list[str]:
        """All pointers that carry their own span, in insertion order."""
        return list(self._spans)

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """Location of the value at `pointer`, or of chars [start, end) of that string value."""
        span = self._original_span(pointer, start, end)
        if span is None:
            return self._whole_file(pointer)
        ostart, oend = span
        line, column = line_col(self._original, ostart, self._line_starts)
        end_line, end_column = line_col(self._original, oend, self._line_starts)
        return Location(self._source, line, column, end_line, end_column, pointer=pointer)

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """The original text of that value or span: its first line, at most EXCERPT_MAX characters."""
        span = self._original_span(pointer, start, end)
        if span is None:
            return self._first_line(0)
        ostart, oend = span
        text = self._original[ostart:oend]
        cut = text.find("\n")
        if cut != -1:
            text = text[:cut]
        return text.rstrip("\r")[:EXCERPT_MAX]

    def quote(self, pointer: str, start: int | None = None, end: int | None = None) -> Quote | None:
        """The original sentence(s) holding the value or span, the span marked; None for the whole file."""
        span = self._original_span(pointer, start, end)
        if span is None or self._nearest_is_ancestor(pointer):
            return None
        return sentence_quote(self._original, *span)

    def _nearest_is_ancestor(self, pointer: str) -> bool:
        """True when the pointer has no span of its own and would be quoted by a whole ancestor (an item)."""
        return pointer not in self._spans

    def _original_span(self, pointer: str, start: int | None, end: int | None) -> tuple[int, int] | None:
        """Original [start, end) for the pointer (or its nearest filled ancestor), None for the file."""
        found = self._spans.get(pointer)
        if found is None:
            ancestor = self._nearest_ancestor(pointer)
            if ancestor is None:
                return None
            found = self._spans[ancestor]
        elif start is not None or end is not None:
            found = _sub_span(found, start, end)
        nstart, nend = found
        ostart = self._to_original(nstart)
        # map the last character, not the end offset: text dropped after it (a gloss) stays outside
        oend = self._to_original(nend - 1) + 1 if nend > nstart else ostart
        return ostart, max(oend, ostart)

    def _nearest_ancestor(self, pointer: str) -> str | None:
        """Longest proper prefix of the pointer that has a span."""
        parts = pointer_split(pointer)
        while parts:
            parts.pop()
            candidate = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)
            if candidate in self._spans:
                return candidate
        return None

    def _whole_file(self, pointer: str) -> Location:
        """Location covering the whole file."""
        end_line, end_column = line_col(self._original, len(self._original), self._line_starts)
        return Location(self._source, 1, 1, end_line, end_column, pointer=pointer)

    def _first_line(self, offset: int) -> str:
        """The first non-empty original line at or after offset, for whole-file excerpts."""
        for line in self._original[offset:].splitlines():
            if line.strip():
                return line.strip()[:EXCERPT_MAX]
        return ""


def sentence_quote(text: str, start: int, end: int) -> Quote:
    """The sentence(s) of `text` around [start, end): from the end of the previous sentence to the end of the
    one the span ends in, whitespace trimmed, cut to QUOTE_MAX characters around the span."""
    lo = start
    while lo > 0 and text[lo - 1] not in _SENTENCE_END:
        lo -= 1
    hi = max(end, start)
    if hi > start and text[hi - 1] in _SENTENCE_END:
        hi -= 1  # a span ending on a full stop ends that sentence
    while hi < len(text) and text[hi] not in _SENTENCE_END:
        hi += 1
    if hi < len(text) and text[hi] != "\n":
        hi += 1  # keep the full stop
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    if hi - lo > QUOTE_MAX:
        if end - start >= QUOTE_MAX:
            lo, hi = start, start + QUOTE_MAX
        else:
            lo = max(lo, start - (QUOTE_MAX - (end - start)) // 2)
            hi = min(hi, lo + QUOTE_MAX)
    return Quote(text[lo:hi], start - lo, min(end, hi) - lo)


def _sub_span(span: tuple[int, int], start: int | None, end: int | None) -> tuple[int, int]:
    """Chars [start, end) of the value stored at span, clamped to it."""
    base, limit = span
    lo = base + max(0, start or 0)
    hi = base + end if end is not None else limit
    lo = min(lo, limit)
    return lo, max(lo, min(hi, limit))


class DocxTextMap:
    """Wraps a prose SourceMap: locations on table lines also name their cell, header/footer lines their part."""

    def __init__(self, inner: Any, places: dict[int, str]) -> None:
        self.inner = inner
        self.places = places

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """The prose location, with `cell` set for a paragraph inside a table, header or footer."""
        location = self.inner.locate(pointer, start, end)
        place = self.places.get(location.line or 0)
        if place is not None and location.cell is None:
            return replace(location, cell=place)
        return location

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """The prose excerpt."""
        return self.inner.excerpt(pointer, start, end)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class MergedMap:
    """Source map of a notice whose items come from a table: /issues from the table, the rest from the prose."""

    def __init__(self, prose: Any, table: Any) -> None:
        self.prose = prose
        self.table = table
        # values written in traditional characters, as read: the items' from the table, the rest from the prose
        self.simplified: Mapping[str, str] = {
            pointer: value for part in (prose, table) for pointer, value in getattr(part, "simplified", {}).items()
            if self._pick(pointer) is part}

    def _pick(self, pointer: str) -> Any:
        return self.table if pointer == "/issues" or pointer.startswith("/issues/") else self.prose

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """Location from the table for items, from the prose for everything else."""
        return self._pick(pointer).locate(pointer, start, end)

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """Excerpt from the table for items, from the prose for everything else."""
        return self._pick(pointer).excerpt(pointer, start, end)

    def quote(self, pointer: str, start: int | None = None, end: int | None = None) -> Quote | None:
        """Quote from the table for items (the cell), from the prose for everything else (the sentence)."""
        return quote_of(self._pick(pointer), pointer, start, end)
