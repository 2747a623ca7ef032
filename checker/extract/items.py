"""Read one feedback item: title, section and status, measures, owners, deadline and evidence."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from checker import vocab
from checker.extract.measures import first_full_date, split_measures
from checker.extract.progress import completions, stated_status
from checker.extract.sourcemap import Hit
from checker.extract.structure import ItemBlock, section_status
from checker.extract.textutil import EDGE_PUNCT, find_dates, trim
from checker.read.dates import read_date
from checker.read.deadline import read_deadline
from checker.read.promise import promised_date
from checker.read.status import status_of

# Labelled fields inside an item; the group name says what the value is. Labels: checker.vocab.

_FIELD = re.compile(
    r"(?:【[ \t\u3000]*)?"  # 【整改情况】 as well as 整改情况:
    rf"(?:(?P<measures>{vocab.prose_labels('measures', 'progress')})"
    rf"|(?P<leader>{vocab.prose_labels('owner.leader')})"
    rf"|(?P<department>{vocab.prose_labels('owner.department')})"
    rf"|(?P<person>{vocab.prose_labels('owner.person')})"
    rf"|(?P<deadline>{vocab.prose_labels('deadline')})"
    rf"|(?P<completed_on>{vocab.prose_labels('completed_on')})"
    rf"|(?P<review_date>{vocab.prose_labels('review_date')})"
    rf"|(?P<evidence>{vocab.prose_labels('evidence')})"
    rf"|(?P<status>{vocab.prose_labels('status')}))"
    r"(?:[ \t\u3000]*】[ \t\u3000]*[:：]?|[ \t\u3000]*[:：])"
)
_FIELD_BEFORE = "\n。;；,，(（【[ \t\u3000"
# Short values (a name, a date, a status) end at the first clause break or unmatched closing bracket.
_SHORT_BREAK = frozenset(";；。\n")
_OPENING = frozenset("(（【[《")
_CLOSING = frozenset(")）】]》")
_EVIDENCE_SEPARATORS = frozenset(vocab.EVIDENCE_PROSE_SEPARATORS)
_STRONG_SEPARATORS = frozenset(vocab.EVIDENCE_SEPARATORS)  # ;/； — where a list uses them, 、 is inside a title
_LIST_BREAK = frozenset("。\n")
_TITLE_STATUS = re.compile(r"[(（【\[](" + vocab.alternation(vocab.TITLE_STATUS_TAGS) + r")[)）】\]]")


@dataclass(slots=True)
class MeasureRecord:
    """One measure and the first date in it."""

    text: Hit
    date: Hit | None = None
    due: Hit | None = None  # the date the measure promises to meet


@dataclass(slots=True)
class ItemRecord:
    """Everything read for one item, each value with its span in the normalised text."""

    start: int
    end: int
    number: int | None
    title: Hit
    section: Hit | None = None
    category: Hit | None = None
    status: Hit | None = None
    owner: dict[str, Hit] = field(default_factory=dict)
    deadline: Hit | None = None
    completed_on: Hit | None = None
    review_date: Hit | None = None
    measures: list[MeasureRecord] = field(default_factory=list)
    measures_span: tuple[int, int] | None = None
    progress: Hit | None = None
    evidence: list[Hit] = field(default_factory=list)
    unknown: dict[str, tuple[int, int]] = field(default_factory=dict)  # stated, value unknown: field -> span


def read_item(text: str, block: ItemBlock, default_year: int | None,
              feedback: dt.date | None = None) -> ItemRecord:
    """Read the item at block: all spans are offsets into text (the normalised document). `feedback`: the
    feedback date, when 立行立改 is due (checker.read.deadline)."""
    heading = block.heading
    t_start, t_end = trim(text, block.title_start, block.title_end, " \t\u3000")
    record = ItemRecord(block.start, block.end, heading.number, Hit(text[t_start:t_end], t_start, t_end))
    if block.section is not None:
        record.section = _head_hit(text, block.section.label_start, block.section.head_end)
        status = section_status(record.section.value)  # type: ignore[arg-type]  # a heading hit holds its text
        if status is not None:
            record.status = Hit(status, record.section.start, record.section.end)
    if block.category is not None:
        record.category = _head_hit(text, block.category.label_start, block.category.head_end)
    tagged = _TITLE_STATUS.search(text, heading.label_start, heading.line_end)
    if tagged is not None:
        record.status = Hit(section_status(tagged.group(1)) or "completed", tagged.start(1), tagged.end(1))
    _read_fields(text, block.body_start, block.end, record, default_year, feedback)
    return record


def _head_hit(text: str, start: int, end: int) -> Hit:
    """A heading phrase without edge punctuation."""
    start, end = trim(text, start, end)
    return Hit(text[start:end], start, end)


def _read_fields(text: str, start: int, end: int, record: ItemRecord, default_year: int | None,
                 feedback: dt.date | None = None) -> None:
    """Fill measures, owners, deadline, status and evidence from the body text[start:end]; a status and a
    completion date the item's own text states (已于…完成整改。目前已整改到位。) where no label or heading
    gives them."""
    fields = [m for m in _FIELD.finditer(text, start, end)
              if m.start() == start or text[m.start() - 1] in _FIELD_BEFORE]
    short_spans: list[tuple[int, int]] = []
    measure_spans: list[tuple[int, int]] = []
    for i, m in enumerate(fields):
        stop = fields[i + 1].start() if i + 1 < len(fields) else end
        kind = m.lastgroup or ""
        if kind == "measures":
            measure_spans.append(trim(text, m.end(), stop))
            continue
        # an evidence list goes on past ;/； (材料A;材料B) to the end of the sentence
        breaks = _LIST_BREAK if kind == "evidence" else _SHORT_BREAK
        v_start, v_end = trim(text, m.end(), _short_end(text, m.end(), stop, breaks))
        short_spans.append((m.start(), v_end))
        if v_end > v_start:
            _short_field(text, kind, v_start, v_end, record, default_year, feedback)
    labelled = bool(measure_spans)
    gaps = _gaps(text, start, end, short_spans + [(m.start(), (fields[i + 1].start() if i + 1 < len(fields)
                                                               else end))
                                                  for i, m in enumerate(fields) if m.lastgroup == "measures"])
    if not labelled and gaps:
        longest = max(gaps, key=lambda g: g[1] - g[0])
        measure_spans = [longest]
        gaps = [g for g in gaps if g != longest]
    reported = [span for span in measure_spans + gaps if span[1] > span[0]]
    done = [c for r_start, r_end in reported for c in completions(text, r_start, r_end, default_year, feedback)]
    dated = [c for c in done if not c.bound]
    if dated and record.completed_on is None:
        record.completed_on = dated[-1].date
    skip = [(c.date.start, c.date.end) for c in done]  # a completion date is not when a measure was taken
    for m_start, m_end in measure_spans:
        if m_end > m_start:
            _add_measures(text, m_start, m_end, record, default_year, skip)
    # Text no label claims (a sentence after the owner/deadline line, 目前,…) is still part of the item:
    # it is kept as what the item reports, so its numbers are checked like any measure's.
    for g_start, g_end in gaps:
        _add_measures(text, g_start, g_end, record, default_year, skip)
    if record.status is None:
        record.status = stated_status(text, sorted(reported), done)


def _short_field(text: str, kind: str, start: int, end: int, record: ItemRecord,
                 default_year: int | None, feedback: dt.date | None = None) -> None:
    """Store one labelled short value (owner, deadline, completion or review date, status, evidence), each
    through the value reader a table cell of that field goes through (checker.read)."""
    value = text[start:end]
    if kind in ("leader", "department", "person"):
        record.owner.setdefault(kind, Hit(value, start, end))
    elif kind == "deadline":
        # the one deadline reader (6月底前, 立行立改 at the feedback date, 长期坚持 …)
        deadline = read_deadline(value, year=default_year, feedback=feedback)
        if deadline.reading.value is not None and record.deadline is None:
            span = (start, end) if deadline.kind == "immediate" else _date_span(value, start, end, default_year)
            record.deadline = Hit(dt.date.fromisoformat(str(deadline.reading.value)), *span)
        elif deadline.kind == "immediate" and record.deadline is None:
            record.unknown.setdefault("deadline", (start, end))  # 立行立改 with no feedback date: stated, day unknown
        if (deadline.long_term or deadline.ongoing) and record.status is None:  # 长期坚持, 立行立改并长期坚持
            record.status = Hit("long_term", start, end)
    elif kind in ("completed_on", "review_date"):
        # a completion date as its first day (2023年5月 is not late against 5月31日), a review date as its last
        if getattr(record, kind) is None:
            setattr(record, kind, _labelled_date(value, start, end, default_year, first_day=kind == "completed_on"))
    elif kind == "status":
        status = status_of(value) or section_status(value)
        if status is not None:
            record.status = Hit(status, start, end)
    elif kind == "evidence":
        for p_start, p_end in _evidence_parts(text, start, end):
            record.evidence.append(Hit(text[p_start:p_end], p_start, p_end))


def _labelled_date(value: str, start: int, end: int, default_year: int | None, *,
                   first_day: bool) -> Hit | None:
    """The date after a date label: the whole value through the date reader (checker.read.dates), else the
    first date written in it (2023年10月20日已完成), with the span of that date."""
    reading = read_date(value, lenient_start=first_day, lenient_end=not first_day)
    if reading.value is not None:
        return Hit(dt.date.fromisoformat(str(reading.value)), start, end)
    mentions = [m for m in find_dates(value, default_year) if not m.in_title]
    if not mentions:
        return None
    first = mentions[0]
    date = first.date if first_day or first.end_date is None else first.end_date
    return Hit(date, start + first.start, start + first.end)


def _date_span(value: str, start: int, end: int, default_year: int | None) -> tuple[int, int]:
    """Span of the last date written in a value (the one a deadline reads), else the whole value."""
    mentions = [m for m in find_dates(value, default_year) if not m.in_title]
    if mentions:
        return start + mentions[-1].start, start + mentions[-1].end
    return start, end


def _short_end(text: str, start: int, stop: int, breaks: frozenset[str] = _SHORT_BREAK) -> int:
    """End of a short value: the first clause break or closing bracket not opened inside the value."""
    depth = 0
    for pos in range(start, stop):
        ch = text[pos]
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            if depth == 0:
                return pos
            depth -= 1
        elif ch in breaks and depth == 0:
            return pos
    return stop


def _evidence_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of an evidence list: split at ;/； when the list uses them, else at 、 (vocab), never
    inside 《…》 or brackets (《关于加强财务、资产管理的规定》 is one document)."""
    outside: list[int] = []
    depth = 0
    for pos in range(start, end):
        ch = text[pos]
        if ch in _OPENING or ch == "“":
            depth += 1
        elif (ch in _CLOSING or ch == "”") and depth:
            depth -= 1
        elif depth == 0 and ch in _EVIDENCE_SEPARATORS:
            outside.append(pos)
    strong = [pos for pos in outside if text[pos] in _STRONG_SEPARATORS]
    cuts = strong or outside
    parts = []
    pos = start
    for cut in [*cuts, end]:
        p_start, p_end = trim(text, pos, cut)
        if p_end > p_start:
            parts.append((p_start, p_end))
        pos = cut + 1
    return parts


def _gaps(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of text[start:end] outside the labelled fields, trimmed, that hold a letter or digit
    (not only punctuation or brackets), in order."""
    found: list[tuple[int, int]] = []
    pos = start
    for t_start, t_end in sorted(taken) + [(end, end)]:
        if t_start > pos:
            gap = trim(text, pos, t_start, EDGE_PUNCT)
            if any(ch.isalnum() for ch in text[gap[0]:gap[1]]):  # not a bracket left by a label
                found.append(gap)
        pos = max(pos, t_end)
    return found


def _add_measures(text: str, start: int, end: int, record: ItemRecord, default_year: int | None,
                  skip: list[tuple[int, int]] | None = None) -> None:
    """Split a measures text; unsplittable text becomes one measure and the item's progress. Dates inside
    `skip` (completion dates) are not measure dates."""
    spans = split_measures(text, start, end)
    if spans is None:
        span = trim(text, start, end, EDGE_PUNCT)
        spans = [span]
        if record.progress is None:
            record.progress = Hit(text[span[0]:span[1]], span[0], span[1])
    if record.measures_span is None:
        record.measures_span = (start, end)
    else:
        record.measures_span = (min(record.measures_span[0], start), max(record.measures_span[1], end))
    for m_start, m_end in spans:
        date = first_full_date(text, m_start, m_end, default_year, skip or ())
        due = promised_date(text, m_start, m_end, default_year)
        record.measures.append(MeasureRecord(
            Hit(text[m_start:m_end], m_start, m_end),
            Hit(date[0], date[1], date[2]) if date else None,
            Hit(due[0], due[1], due[2]) if due else None,
        ))
