"""The deadline reader: 整改时限 as offices write it.

- a date (see checker.read.dates), also with words around it: 2023年6月30日前, 2023年6月底前完成;
  several dates (6月底前初步完成,12月底前全面完成): the last one;
- a month or day without a year (6月底前, 9月30日前): the year comes from the context (`year`: the report
  date's or the one the table's other dates share);
- a period: 2023年上半年 → 06-30, 2023年第二季度 → 06-30, 年底前 / 年内 → 12-31 (the end of the period);
- 立行立改 and the like (vocab.DEADLINE_IMMEDIATE): immediate, due at the feedback date when it is known;
- 长期坚持 and the like (vocab.DEADLINE_LONG_TERM): no deadline; the item is long-term and needs a
  review date instead;
- both (立行立改并长期坚持): due at the feedback date, and the item is long-term (`ongoing`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from checker import vocab
from checker.read.dates import read_date
from checker.read.reading import Reading, fold
from checker.text.dates import find_dates

_YEAR = r"(?:(?P<year>(?:19|20)\d{2})年?)?"
_PERIOD = re.compile(_YEAR + r"(?P<period>" + vocab.alternation(vocab.DEADLINE_PERIODS) + r")"
                     + vocab.alternation(vocab.DEADLINE_FILLERS) + "*$")
_IMMEDIATE = re.compile(vocab.alternation(vocab.DEADLINE_IMMEDIATE))
_LONG_TERM = re.compile(vocab.alternation(vocab.DEADLINE_LONG_TERM))


@dataclass(frozen=True, slots=True)
class Deadline:
    """A read deadline: `reading.value` is the ISO date or None; `kind` says what was written:
    "date", "period", "immediate", "long_term", "empty" or "unreadable"; `ongoing`: an immediate deadline
    that is also kept up for good (立行立改并长期坚持), so the item is long-term."""

    reading: Reading
    kind: str
    ongoing: bool = False

    @property
    def long_term(self) -> bool:
        """长期坚持 was written: the item is long-term."""
        return self.kind == "long_term"


def read_deadline(value: object, *, year: int | None = None, feedback: dt.date | None = None) -> Deadline:
    """The deadline a cell or a labelled value states (see the module notes)."""
    if value is None or not isinstance(value, str):
        reading = read_date(value, lenient_end=True)
        return Deadline(reading, "empty" if reading.empty else "unreadable" if reading.problem else "date")
    text = value.strip()
    if not text:
        return Deadline(Reading(None, ""), "empty")
    compact = fold(text)
    if _IMMEDIATE.search(compact):
        ongoing = _LONG_TERM.search(_IMMEDIATE.sub("", compact)) is not None
        return Deadline(Reading(feedback.isoformat() if feedback else None, text), "immediate", ongoing)
    direct = read_date(text, lenient_end=True)
    if direct.value is not None:
        return Deadline(direct, "date")
    period = _PERIOD.search(compact)
    if period is not None:
        stated = int(period["year"]) if period["year"] else year
        if stated is None:
            return Deadline(Reading.unreadable(text, f"整改时限「{text}」未写年份,无法确定具体日期"), "unreadable")
        month, day = vocab.DEADLINE_PERIODS[period["period"]]
        return Deadline(Reading(dt.date(stated, month, day).isoformat(), text), "period")
    mentioned = _last_date(compact, year)
    if mentioned is not None:
        return Deadline(Reading(mentioned.isoformat(), text), "date")
    if _LONG_TERM.search(compact):
        return Deadline(Reading(None, text), "long_term")
    if find_dates(compact) == [] and re.search(r"\d+月", compact) and year is None:
        return Deadline(Reading.unreadable(text, f"整改时限「{text}」未写年份,无法确定具体日期"), "unreadable")
    return Deadline(Reading.unreadable(text, f"整改时限「{text}」不是可识别的日期或时限"), "unreadable")


def _last_date(text: str, year: int | None) -> dt.date | None:
    """The latest date the text names, a month or a year read as its last day (a deadline is "by then")."""
    latest: dt.date | None = None
    for mention in find_dates(text, default_year=year):
        if mention.in_title:
            continue
        day = mention.end_date or mention.date
        if mention.end_date is None and mention.precision == "month":
            day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        elif mention.end_date is None and mention.precision == "year":
            day = day.replace(month=12, day=31)
        if latest is None or day > latest:
            latest = day
    return latest
