"""Dates in Chinese prose and table cells.

What :func:`find_dates` reads, and the date it gives:
- full dates: 2023年3月16日, 2023-03-16, 2023.3.16, 2023/3/16, 二〇二三年三月十六日 (day precision);
- year and month: 2024年6月, 2024年1月份 → the first of the month; with 前/之前/以前/底/末/底前 the last day
  of the month instead (a deadline "2024年6月前" is read leniently as "by the end of June", so an item is not
  called overdue a month early);
- month and day without a year (4月22日前, 3月15日) and a month alone (7月进行, 4月份) take ``default_year``
  and are marked ``year_inferred``; without ``default_year`` they are skipped;
- ranges: 2022年11月2日至2023年1月6日, 11月1日至12月20日, 11月1日至20日 (the end inherits year and month;
  an inherited end before the start moves to the next year), 6月至8月 (6/1 to 8/31), 2024年1-2月份,
  2022-2024年 and 2022年至2024年 (1 January to 31 December);
- a year alone only with a qualifier: 2024年以来 / 2024年起 → 2024-01-01 ``since``; 2024年底 → 2024-12-31
  ``end``; 2024年底前 / 2024年前 → 2024-12-31 ``before``. A bare year (2023年度, 二○二三年,
  《2023年工作要点》) is no date mention: read as 1 January it would date measures before the feedback.

Qualifiers: ``before`` (前, 之前, 以前, 底前, 末前), ``since`` (以来, 起, 开始), ``end`` (底, 末), else None.
The span of a mention includes its qualifier. ``in_title`` marks mentions inside 《…》 (document titles).
Invalid dates such as 2月30日 are skipped; nothing here raises on odd input.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import Counter
from dataclasses import dataclass

from checker.text.numerals import cn_to_number

__all__ = ["DateMention", "find_dates", "infer_year", "parse_date", "parse_date_span"]


@dataclass(frozen=True)
class DateMention:
    """A date (or a date range) mentioned in a text, with its character offsets."""

    date: datetime.date
    start: int
    end: int
    text: str
    year_inferred: bool
    qualifier: str | None  # "before" | "since" | "end" | None
    end_date: datetime.date | None = None  # last day of a range (6月至8月 → 8/31)
    precision: str = "day"  # "day" | "month" | "year": how much of ``date`` the text actually states
    in_title: bool = False  # inside 《…》: part of a document name, not an event


_CN_D = "〇○零一二三四五六七八九"
_YEAR = r"(?:(?<![0-9])(?:19|20)[0-9]{2}|[" + _CN_D + r"]{4})"
_MONTH = r"(?:(?<![0-9])[0-9]{1,2}|(?<![" + _CN_D + r"十])(?:十[一二]?|[一二三四五六七八九]))"
_DAY = r"(?:[0-9]{1,2}|(?:[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九]))"
_DASH = r"[-–—~～]"
_TO = r"(?:至|到|" + _DASH + r")"

_MENTION = re.compile(
    # 2023-03-16, 2023.3.16, 2023/3/16
    r"(?<![0-9.])(?P<iy>(?:19|20)[0-9]{2})(?P<sep>[-./])(?P<im>[0-9]{1,2})(?P=sep)(?P<id>[0-9]{1,2})(?![0-9])"
    # 2022-2024年
    r"|(?P<ry>(?<![0-9])(?:19|20)[0-9]{2})" + _DASH + r"(?P<ry2>(?:19|20)[0-9]{2})年(?!度)"
    # 2024年1-2月份
    r"|(?P<my>" + _YEAR + r")年(?P<mm>[0-9]{1,2})" + _DASH + r"(?P<mm2>[0-9]{1,2})月份?"
    # 2023年3月16日, 2024年6月, 2024年
    r"|(?P<y>" + _YEAR + r")年(?:(?P<m>" + _MONTH + r")月(?:(?P<d>" + _DAY + r")[日号]|份)?|(?P<yd>度)?)"
    # 3月16日, 7月, 4月份
    r"|(?P<m2>" + _MONTH + r")月(?:(?P<d2>" + _DAY + r")[日号]|份)?"
)

# The end of a range, matched right after the separator.
_RANGE_END = re.compile(
    r"(?:(?P<y>" + _YEAR + r")年)?(?:(?P<m>" + _MONTH + r")月份?)?(?:(?P<d>" + _DAY + r")[日号])?"
)
_RANGE_SEP = re.compile(_TO)
_QUALIFIER_RE = r"底前|末前|之前|以前|以来|开始|前(?!往|来)|起(?!草|诉|步|点|到)|底|末"
_QUALIFIER = re.compile(r"(?P<q>" + _QUALIFIER_RE + r")")
_QUALIFIER_KIND = {"底前": "before", "末前": "before", "之前": "before", "以前": "before", "前": "before",
                   "以来": "since", "开始": "since", "起": "since", "底": "end", "末": "end"}
_HINT = re.compile(r"[年月]|[0-9][-./][0-9]")

_SINGLE = re.compile(
    r"\s*(?:"
    r"(?P<iy>(?:19|20)[0-9]{2})(?P<sep>[-./])(?P<im>[0-9]{1,2})(?P=sep)(?P<id>[0-9]{1,2})"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
    r"|(?P<cy>(?:19|20)[0-9]{2})(?P<cm>[0-9]{2})(?P<cd>[0-9]{2})"
    r"|(?P<y>" + _YEAR + r")年(?:(?P<m>" + _MONTH + r")月(?:(?P<d>" + _DAY + r")[日号])?)?"
    r")\s*(?:" + _QUALIFIER_RE + r")?\s*"
)


def _num(s: str | None) -> int | None:
    """An Arabic or Chinese numeral as int; None when absent or unreadable."""
    if not s:
        return None
    if s.isascii():
        return int(s)
    value = cn_to_number(s)
    return int(value) if value is not None and value == int(value) else None


def _make(year: int | None, month: int | None, day: int | None) -> datetime.date | None:
    """A valid date or None (2月30日, month 13 ...)."""
    if year is None or month is None or day is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _last_day(year: int, month: int) -> int:
    """Number of days in the month."""
    return calendar.monthrange(year, month)[1]


def _period(year: int, month: int | None, day: int | None) -> tuple[datetime.date, datetime.date] | None:
    """First and last day of the period named by year[/month[/day]]."""
    if month is None:
        return _make(year, 1, 1), _make(year, 12, 31)  # type: ignore[return-value]  # 1 January and 31 December always exist
    if not 1 <= month <= 12:
        return None
    if day is None:
        return _make(year, month, 1), _make(year, month, _last_day(year, month))  # type: ignore[return-value]  # first and last day of a valid month
    d = _make(year, month, day)
    return None if d is None else (d, d)


def _in_title(text: str, pos: int) -> bool:
    """True if ``pos`` lies inside a 《…》 title."""
    opening = text.rfind("《", 0, pos)
    return opening >= 0 and text.rfind("》", opening, pos) < 0


def _qualifier_at(text: str, pos: int) -> tuple[str | None, int]:
    """The qualifier kind starting at ``pos`` and where it ends."""
    q = _QUALIFIER.match(text, pos)
    if q is None:
        return None, pos
    return _QUALIFIER_KIND[q["q"]], q.end()


def _range_end(text: str, pos: int, year: int, month: int | None, day: int | None,
               start: datetime.date) -> tuple[datetime.date, int] | None:
    """Read the end of a range after a separator at ``pos``; the end must be as precise as the start."""
    sep = _RANGE_SEP.match(text, pos)
    if sep is None:
        return None
    m = _RANGE_END.match(text, sep.end())
    if m is None or m.end() == sep.end():
        return None
    ey, em, ed = _num(m["y"]), _num(m["m"]), _num(m["d"])
    if day is not None:
        if ed is None or (ey is not None and em is None):
            return None
        inherited = ey is None
        ey = year if ey is None else ey
        em = (month if em is None else em) or 1
        end = _make(ey, em, ed)
        if end is not None and inherited and end < start:
            end = _make(ey + 1, em, ed)
    elif month is not None:
        if em is None or ed is not None:
            return None
        inherited = ey is None
        ey = year if ey is None else ey
        if not 1 <= em <= 12:
            return None
        if inherited and em < month:
            ey += 1
        end = _make(ey, em, _last_day(ey, em))
    else:
        if ey is None or em is not None or ed is not None:
            return None
        end = _make(ey, 12, 31)
    if end is None or end < start:
        return None
    return end, m.end()


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Every date, month, qualified year and date range mentioned in ``text`` (see the module notes)."""
    if not text or _HINT.search(text) is None:
        return []
    found: list[DateMention] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _MENTION.search(text, pos)
        if m is None:
            break
        pos = m.end()
        year_inferred = False
        end_date: datetime.date | None = None
        year: int | None
        end = m.end()
        if m["iy"]:
            first = _make(int(m["iy"]), int(m["im"]), int(m["id"]))
            if first is None:
                continue
            year, month, day = first.year, first.month, first.day
            precision = "day"
        elif m["ry"]:
            y1, y2 = int(m["ry"]), int(m["ry2"])
            if y2 < y1:
                continue
            year, month, day = y1, None, None
            first, end_date = datetime.date(y1, 1, 1), datetime.date(y2, 12, 31)
            precision = "year"
        elif m["my"]:
            year = _num(m["my"])
            m1, m2 = _num(m["mm"]), _num(m["mm2"])
            if year is None or m1 is None or m2 is None or not 1 <= m1 <= m2 <= 12:
                continue
            month, day = m1, None
            first = datetime.date(year, m1, 1)
            end_date = datetime.date(year, m2, _last_day(year, m2))
            precision = "month"
        else:
            if m["y"]:
                year = _num(m["y"])
                month, day = _num(m["m"]), _num(m["d"])
                if m["yd"]:
                    continue  # 2023年度: a bare year, not a date
            else:
                month, day = _num(m["m2"]), _num(m["d2"])
                if default_year is None:
                    continue
                year, year_inferred = default_year, True
            if year is None or (m["m"] or m["m2"]) and month is None:
                continue
            span = _period(year, month, day)
            if span is None:
                continue
            first = span[0]
            precision = "day" if day is not None else "month" if month is not None else "year"
        # A range: 6月至8月, 2022年11月2日至2023年1月6日.
        if end_date is None:
            rng = _range_end(text, end, year, month, day, first)
            if rng is not None:
                end_date, end = rng
        qualifier, q_end = _qualifier_at(text, end)
        if qualifier is not None:
            end = q_end
        elif precision == "year" and end_date is None:
            continue  # 2024年 alone says too little
        if end_date is None and precision != "day" and qualifier in ("before", "end"):
            span = _period(year, month, None)
            if span is None:
                continue
            first = span[1]
        pos = max(pos, end)
        found.append(DateMention(date=first, start=m.start(), end=end, text=text[m.start():end],
                                 year_inferred=year_inferred, qualifier=qualifier, end_date=end_date,
                                 precision=precision, in_title=_in_title(text, m.start())))
    return found


_YEAR_ONLY = re.compile(r"(?P<y>" + _YEAR + r")年")


def infer_year(text: str) -> int | None:
    """The dominant full year of a text (for dates without a year); None if it names no year.

    Years of full dates outside titles weigh 3, year-month mentions 2, other ``YYYY年`` 1; ties go to the
    later year, since a notice usually reports on the latest period it mentions.
    """
    if not text:
        return None
    votes: Counter[int] = Counter()
    for mention in find_dates(text):
        if mention.year_inferred or mention.in_title:
            continue
        weight = 3 if mention.precision == "day" else 2 if mention.precision == "month" else 1
        votes[mention.date.year] += weight
    for m in _YEAR_ONLY.finditer(text):
        year = _num(m["y"])
        if year is not None and 1900 <= year <= 2100:
            votes[year] += 1
    if not votes:
        return None
    return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]


def parse_date(s: str) -> datetime.date | None:
    """Read one cell value ("2023-06-30", "2023年6月30日", "二〇二三年六月三十日") as a date, else None."""
    span = _single(s)
    if span is None or span[2] != "day":
        return None
    return span[0]


def parse_date_span(s: str) -> tuple[datetime.date, datetime.date] | None:
    """First and last day of a cell naming a day, a month (2023年6月底) or a year (2023年), else None."""
    span = _single(s)
    return None if span is None else (span[0], span[1])


def _single(s: str) -> tuple[datetime.date, datetime.date, str] | None:
    """(first, last, precision) of one date value, or None."""
    if not s or not isinstance(s, str) or len(s) > 40:
        return None
    m = _SINGLE.fullmatch(s)
    if m is None:
        return None
    if m["iy"]:
        d = _make(int(m["iy"]), int(m["im"]), int(m["id"]))
        return None if d is None else (d, d, "day")
    if m["cy"]:
        d = _make(int(m["cy"]), int(m["cm"]), int(m["cd"]))
        return None if d is None else (d, d, "day")
    year = _num(m["y"])
    month, day = _num(m["m"]), _num(m["d"])
    if year is None or (m["m"] and month is None):
        return None
    span = _period(year, month, day)
    if span is None:
        return None
    precision = "day" if day is not None else "month" if month is not None else "year"
    return span[0], span[1], precision
