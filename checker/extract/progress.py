"""What an item's own progress text says about the item as a whole: its status (已完成整改。 目前已整改到位。
长期坚持。 目前正在推进。) and the day it was completed (已于2023年10月20日完成整改).

A status is read only from a clause that is nothing but a status statement: the status word goes through the
status reader the tables use (checker.read.status), the phrases and the words allowed around it are
checker.vocab's (STATUS_STATEMENT_LEADS/TAILS, STATUS_PHRASES, PROGRESS_PHRASES). A clause that reports one
step (完成河道清障12处, 已于10月完成平台建设) or a plan (下一步将继续推进, 计划2024年5月完成) states no status.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from checker import vocab
from checker.extract.sourcemap import Hit
from checker.extract.textutil import find_dates, trim
from checker.read.status import status_of

_CLAUSE_BREAK = re.compile(r"[。；;，,！!？?\n]")
_LEADS = re.compile(vocab.alternation(vocab.STATUS_STATEMENT_LEADS, escape=False))
_ADVERB = re.compile("^(已经?)" + vocab.alternation(vocab.STATUS_STATEMENT_ADVERBS))
_TAIL = re.compile(vocab.alternation(vocab.STATUS_STATEMENT_TAILS) + "$")
# long_term first: 长期推进 is not 推进中 (as for section headings)
_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(vocab.alternation(vocab.STATUS_PHRASES[status], escape=False)))
    for status in ("long_term", "in_progress", "completed"))
_PROGRESS = re.compile(vocab.alternation(vocab.PROGRESS_PHRASES, escape=False))
_EDGE = " \t\u3000\r"
_BEFORE_DATE = re.compile(vocab.alternation(vocab.COMPLETION_BEFORE_DATE, escape=False) + r"\s*$")
_VERB = re.compile(r"\s*" + vocab.alternation(vocab.COMPLETION_VERBS, escape=False) + r"\s*(?=$|[。；;，,！!？?\n])")
_PLAN = re.compile(vocab.alternation(vocab.PLAN_WORDS))
_PLAN_REACH = 6  # characters before 于 searched for a plan word (计划于, 力争在)


@dataclass(frozen=True, slots=True)
class Completion:
    """A completion phrase: `date` is the completion date with the span of the date as written, `start`/`end`
    the span of the whole phrase (已于…完成整改); `bound`: done by that day, not on it (已于10月底前完成整改),
    which says the item is completed but not when."""

    date: Hit
    start: int
    end: int
    bound: bool = False


def clauses(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The clauses (between 。；, and line breaks) of text inside `spans`, trimmed, in order."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        pos = start
        for m in [*_CLAUSE_BREAK.finditer(text, start, end), None]:
            stop = m.start() if m is not None else end
            c_start, c_end = trim(text, pos, stop, _EDGE)
            if c_end > c_start:
                out.append((c_start, c_end))
            pos = stop + 1
    return out


def clause_status(clause: str, completed: bool = False) -> str | None:
    """completed / in_progress / long_term when a clause is a status statement and nothing more (目前已整改到位,
    该问题已办结, 长期坚持); `completed`: the clause is a completion phrase (已于…完成整改)."""
    if completed:
        return "completed"
    whole = clause.strip()
    keys = dict.fromkeys(_ADVERB.sub(r"\1", key) for key in (whole, _without_leads(whole)))
    for candidate in (c for key in keys for c in (key, _TAIL.sub("", key))):
        if not candidate:
            continue
        status = status_of(candidate, whole=True)
        if status is not None:
            return status
        for name, pattern in _PHRASES:
            if pattern.fullmatch(candidate):
                return name
        if _PROGRESS.fullmatch(candidate):
            return _phrase_status(candidate)
    return None


def stated_status(text: str, spans: Iterable[tuple[int, int]],
                  completions: Iterable[Completion] = ()) -> Hit | None:
    """The status an item's text states about the item (spans: its progress and measures): the last clause
    that is a status statement, so 已完成…,下一步将…继续推进 is completed and 正在推进,计划…完成 is in progress."""
    done = {(c.start, c.end) for c in completions}
    found: Hit | None = None
    for start, end in clauses(text, spans):
        phrase = next(((s, e) for s, e in done if s >= start and e <= end), None)
        whole = phrase is not None and not _without_leads(text[start:phrase[0]].strip(_EDGE)) \
            and not text[phrase[1]:end].strip(_EDGE)
        status = clause_status(text[start:end], completed=whole)
        if status is not None:
            found = Hit(status, start, end)
    return found


def completions(text: str, start: int, end: int, default_year: int | None,
                feedback: dt.date | None = None) -> list[Completion]:
    """Completion phrases in text[start:end]: a date, not a plan (计划于), followed by a verb that ends its
    clause and says the item was done (已于2023年10月20日完成整改, 于2023年7月完成整改, 2023年8月已整改到位);
    a bound (前) only after 已 (已于10月底前完成整改). A month is read as its first day, as a completion cell
    is (checker.read.dates); a day written without its year that would fall before `feedback` is in the
    year after (the work follows the feedback: 1月20日 after a November feedback)."""
    out: list[Completion] = []
    for mention in find_dates(text[start:end], default_year):
        if mention.in_title or mention.qualifier == "since":
            continue
        m_start, m_end = start + mention.start, start + mention.end
        verb = _VERB.match(text, m_end, end)
        if verb is None:
            continue
        lead = _BEFORE_DATE.search(text, max(start, m_start - 4), m_start)
        phrase_start = lead.start() if lead is not None else m_start
        bound = mention.qualifier == "before"
        reported = (lead is not None and lead.group().startswith("已")) or verb.group().lstrip().startswith("已")
        if bound and not reported:
            continue  # 10月底前完成整改: a deadline or a promise, not a report
        clause_start = max(start, phrase_start - _PLAN_REACH)
        for brk in _CLAUSE_BREAK.finditer(text, clause_start, phrase_start):
            clause_start = brk.end()
        if _PLAN.search(text, clause_start, phrase_start):
            continue  # 计划于2024年5月完成: a promise (checker.read.promise)
        day: dt.date = mention.date
        if mention.year_inferred and feedback is not None and day < feedback:
            day = _next_year(day)
        out.append(Completion(Hit(day, m_start, m_end), phrase_start, verb.end(), bound))
    return out


def _next_year(day: dt.date) -> dt.date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _without_leads(key: str) -> str:
    """A clause without the words before a status that do not change it (目前, 该问题, 均)."""
    while True:
        lead = _LEADS.match(key)
        if lead is None or lead.end() == len(key) or lead.end() == 0:
            return key
        key = key[lead.end():]


def _phrase_status(phrase: str) -> str | None:
    """The status a progress phrase names (已完成整改 → completed, 正在推进 → in_progress)."""
    for name, pattern in _PHRASES:
        if pattern.search(phrase):
            return name
    return None
