"""The date reader: a date as offices write it, in a cell or after a label.

Read: Excel dates and day numbers (45107 in a date column is 2023-06-30), ISO dates, 2023年6月30日,
2023.6.30, 2023/6/30, full-width digits (２０２３年６月３０日), spaces inside (2023 年 6 月 30 日), Chinese
numerals (二〇二三年六月三十日), a trailing 前/之前/完成 (2023年6月30日前). With `lenient_end` a month or a
year names its last day (2023年6月底 → 2023-06-30), as a deadline does.
"""

from __future__ import annotations

import datetime as dt
import re

from checker import vocab
from checker.read.reading import Reading, fold
from checker.text.dates import parse_date, parse_date_span

EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_RANGE = (20000, 80000)  # Excel day numbers of 1954..2119: a plain number in a date column
_FILLER_TAIL = re.compile(vocab.alternation(vocab.DEADLINE_FILLERS) + "+$")


def read_date(value: object, *, lenient_end: bool = False, lenient_start: bool = False) -> Reading:
    """A cell value (str, number, date or datetime) as an ISO date. Empty: value None, no problem;
    unreadable: value None and a problem. A month or a year alone names its last day with `lenient_end`
    (a deadline, a review date), its first day with `lenient_start` (a completion date: 2023年5月 is not
    called late against a deadline of 5月31日)."""
    if value is None:
        return Reading(None, "")
    if isinstance(value, dt.datetime):
        return Reading(value.date().isoformat(), value.date().isoformat())
    if isinstance(value, dt.date):
        return Reading(value.isoformat(), value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value)) if float(value).is_integer() else str(value)
        if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            return Reading((EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat(), text)
        return Reading.unreadable(text, f"「{text}」不是日期")
    text = str(value).strip()
    if not text:
        return Reading(None, "")
    day = date_of(text, lenient_end=lenient_end, lenient_start=lenient_start)
    if day is None:
        return Reading.unreadable(text, f"「{text}」不是可识别的日期,应写作 2023-06-30 或 2023年6月30日")
    return Reading(day.isoformat(), text)


def date_of(text: str, *, lenient_end: bool = False, lenient_start: bool = False) -> dt.date | None:
    """The date a written value names, or None (see the module notes)."""
    compact = fold(text)
    if compact.isdigit() and len(compact) == 8:  # 20230630
        try:
            return dt.date(int(compact[:4]), int(compact[4:6]), int(compact[6:]))
        except ValueError:
            return None
    for candidate in dict.fromkeys((text.strip(), compact, _FILLER_TAIL.sub("", compact))):
        if not candidate:
            continue
        day = parse_date(candidate)
        if day is None and (lenient_end or lenient_start):
            span = parse_date_span(candidate)
            day = (span[1] if lenient_end else span[0]) if span else None
        if day is not None:
            return day
    return None
