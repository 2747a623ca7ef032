"""Split a 整改情况 text into measures by its enumeration: 一是…二是…, 1.…2.…, (1)(2), ①②."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from checker import vocab
from checker.extract.textutil import chinese_ordinal, find_dates, trim

# A marker counts only at the start of the text or after a clause break, never inside “3.23” or 2.6万.
_BREAK = "。;；:：!！?？\n"
_SCHEMES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("shi", re.compile(r"([一二三四五六七八九十]{1,3})是"), _BREAK + ",，、 \t\u3000"),
    ("num", re.compile(r"(\d{1,2})[.．、](?!\d+(?:[.．]\d|[万亿千百%]|个百分点|倍))"), _BREAK + " \t\u3000"),
    ("pnum", re.compile(r"[(（](\d{1,2})[)）]"), _BREAK + ",， \t\u3000"),
    ("pcn", re.compile(r"[(（]([一二三四五六七八九十]{1,3})[)）]"), _BREAK + ",， \t\u3000"),
    ("circ", re.compile(r"([①-⑳])"), _BREAK + ",， \t\u3000"),
)
# A lead-in before the first marker is a measure of its own unless it is short or only introduces the list.
_MIN_LEAD = 5
_INTRO = re.compile(vocab.alternation(vocab.MEASURE_INTROS) + "$")


def split_measures(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """Spans of the measures in text[start:end], markers excluded; None if it is not enumerated."""
    best: list[tuple[int, int]] | None = None
    for _name, pattern, breaks in _SCHEMES:
        markers = _sequence(text, start, end, pattern, breaks)
        # one marker counts only when it opens the text ("整改情况:1.建立健全…" with no 2.)
        if not markers or (len(markers) == 1 and trim(text, start, markers[0][0])[1] > start):
            continue
        if best is None or markers[0][0] < best[0][0]:
            best = markers
    if best is None:
        return None
    spans: list[tuple[int, int]] = []
    lead = trim(text, start, best[0][0])
    if lead[1] - lead[0] >= _MIN_LEAD and not _INTRO.search(text, lead[0], lead[1]):
        spans.append(lead)
    for i, (_marker_start, body_start) in enumerate(best):
        stop = best[i + 1][0] if i + 1 < len(best) else end
        span = trim(text, body_start, stop)
        if span[1] > span[0]:
            spans.append(span)
    return spans


def _sequence(text: str, start: int, end: int, pattern: re.Pattern[str],
              breaks: str) -> list[tuple[int, int]]:
    """(marker start, text start) of markers numbered 1, 2, 3 … in order, each after a clause break."""
    expected = 1
    found: list[tuple[int, int]] = []
    for m in pattern.finditer(text, start, end):
        if m.start() > start and text[m.start() - 1] not in breaks:
            continue
        if _number(m.group(1)) == expected:
            found.append((m.start(), m.end()))
            expected += 1
    return found


def _number(token: str) -> int | None:
    """Value of an enumeration token: 3, 三, ③."""
    if token.isascii() and token.isdigit():
        return int(token)
    if "①" <= token <= "⑳":
        return ord(token) - ord("①") + 1
    return chinese_ordinal(token)


def first_full_date(text: str, start: int, end: int, default_year: int | None,
                    skip: Iterable[tuple[int, int]] = ()) -> tuple[dt.date, int, int] | None:
    """(date, start, end) of the first day-precise date in text[start:end] that is not a 前/以来 bound nor
    one of the spans in `skip` (a completion date: 已于2023年10月20日完成整改 says when the item was done)."""
    skipped = set(skip)
    for mention in find_dates(text[start:end], default_year):
        if (start + mention.start, start + mention.end) in skipped:
            continue
        # a bound (4月22日前) is a plan, a date inside 《…》 names a document, not when something was done
        if mention.qualifier is None and mention.precision == "day" and not mention.in_title:
            return mention.date, start + mention.start, start + mention.end
    return None


