"""Functions shared by the extract modules: trimming spans, ordinals, the text-stage functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

# Punctuation that separates clauses; trimmed from both ends of extracted values.
EDGE_PUNCT = " \t\u3000\n\r。;；,，、:："


def trim(text: str, start: int, end: int, chars: str = EDGE_PUNCT) -> tuple[int, int]:
    """Shrink [start, end) so that it neither starts nor ends with any of `chars`."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def chinese_ordinal(word: str) -> int | None:
    """一 → 1, 十一 → 11, 二十一 → 21 (heading and enumeration numbers)."""
    from checker.text.numerals import parse_number

    parsed = parse_number(word)
    if parsed is None:
        return None
    value = parsed[0]
    return int(value) if value == int(value) else None


def find_dates(text: str, default_year: int | None = None) -> Sequence[Any]:
    """Date mentions in text (checker.text.dates), imported when first needed."""
    from checker.text.dates import find_dates as _find_dates

    return _find_dates(text, default_year=default_year)


def parse_date(text: str) -> dt.date | None:
    """A whole string read as one date (checker.text.dates)."""
    from checker.text.dates import parse_date as _parse_date

    return _parse_date(text)


def infer_year(text: str) -> int | None:
    """The year a text most likely speaks of (checker.text.dates)."""
    from checker.text.dates import infer_year as _infer_year

    return _infer_year(text)


def parse_count(word: str) -> int | None:
    """A count written in digits or Chinese numerals (30, 三十), None if it is not a whole number."""
    from checker.text.numerals import parse_number

    parsed = parse_number(word)
    if parsed is None:
        return None
    value = parsed[0]
    return int(value) if value == int(value) and value >= 0 else None
