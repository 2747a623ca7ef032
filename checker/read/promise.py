"""The promise reader: the date a measure promises to meet (4月22日前印发…, 计划于9月底前完成, 拟于6月至8月),
read the same way from a notice's 整改情况 and from a table's 整改措施 cell. The plan words are checker.vocab's
(PLAN_WORDS, from the notices of the seeds and the corpus: 计划, 拟, 预计, 力争 …)."""

from __future__ import annotations

import datetime as dt
import re

from checker import vocab
from checker.text.dates import DateMention, find_dates

_PLAN = re.compile(vocab.alternation(vocab.PLAN_WORDS) + r"[于在到]?\s*$")
_PLAN_REACH = 6  # characters before a date searched for a plan word


def promised_date(text: str, start: int, end: int,
                  default_year: int | None) -> tuple[dt.date, int, int] | None:
    """(last day, start, end) of the first date text[start:end] promises: a 前 bound (4月22日前印发) or a
    date after a plan word (计划6月组织, 拟于6月至8月); a month or a range stands for its last day."""
    for mention in find_dates(text[start:end], default_year):
        if mention.in_title:
            continue
        lead = text[max(start, start + mention.start - _PLAN_REACH):start + mention.start]
        if mention.qualifier == "before" or _PLAN.search(lead):
            return _last_day(mention), start + mention.start, start + mention.end
    return None


def _last_day(mention: DateMention) -> dt.date:
    """The last day a date mention covers: the end of a range, of a month, of a year."""
    if mention.end_date is not None:
        return mention.end_date
    date: dt.date = mention.date
    if mention.precision == "year":
        return date.replace(month=12, day=31)
    if mention.precision == "month":
        following = date.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)
    return date
