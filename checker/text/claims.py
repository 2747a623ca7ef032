"""Numeric claims in prose that rules can check: totals with their parts, and rates.

A claim never spans a sentence end (。;!? or a line break). Precision matters more than recall: a claim
that is read wrongly becomes a false alarm, so only these shapes are read.

Sums (``kind="sum"``):
- a total followed by 其中 / 分别(为|是|有) / 包括 and its parts: 共受理法律援助案件213件,其中刑事案件85件,
  民事案件125件,行政案件3件. The total is the last number before the marker, in the marker's clause or in
  the clause just before it; the parts are the numbers of the following clauses, one per clause, with the
  total's unit. The list stops at a clause without a number, with another unit, with two numbers, or that
  opens a new topic (共, 另, 此外, 同时, 其中 ...); clauses holding only a percentage are skipped.
- the "N个…中,已有A个…,B个…" shape: 43个未达到五星规范化司法所建设标准的司法所中,已有27个完成硬件建设,
  8个正在建设中,8个正在协调办公用房. The clause after 中 must start with 已/有/已有/共有/均有; clauses such
  as 8个正在建设中 (正在…中, 推进中) are no total.
- Two numbers side by side (共召开党委会17次,组织进行第一议题学习17次; 共梳理廉政风险点24条,制定防控措施46条)
  are no sum: without a marker nothing says the second is part of the first.

``exhaustive`` says the parts claim to be a complete breakdown, so they must add up to the total. Offices
often list only some parts after 其中, so it is set only on evidence: 分别为/分别是, or after 其中 parts that
name the rest (其余/其他), a thing and its negation (合格/不合格), or every member of a closed set (刑事/民事/
行政; 已完成/正在推进/长期). It also needs at least two parts, all in the total's unit, no hedge word (等, 主要,
包括, 部分, 例如, 比如, 诸如) in the total's clause or among the parts, and a list not cut short by an
ambiguous clause. Otherwise the parts must only not exceed the total.

Rates (``kind="rate"``):
- "X率 R%" with a numerator whose clause names the same thing: 调解纠纷25958件,调解成功25779件,调解成功率99%.
  The numerator is the nearest earlier number whose label (the clause text before it, without 已/共/累计)
  ends with the last two characters before 率 (成功); the denominator is the nearest number before the
  numerator with the same unit. A numerator larger than its denominator means the pairing is wrong: skipped.
- "占(…的|比) R%": the numerator is the last number of the same or the previous clause, the denominator the
  total of a sum in the sentence that lists the numerator as a part, or an earlier number in the same unit
  introduced by 共/合计/总计/累计.
- A rate stated before its numerator (共检查电梯200台,合格率为90%,其中合格170台) takes the numerator after it
  and the nearest earlier number in its unit as denominator.
- A completion rate after counts by state and no total (已完成整改2个,正在推进1个,整改完成率为70%): the
  completed count over the sum of the counts, when every count names a state.
- A rate with no numerator in the sentence (出庭应诉率64%, 报备率、合格率均为100%) is no claim.

``approx`` is set when any number involved carries 余/近/约/多/左右/以上 and the like.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from checker import vocab
from checker.text.numerals import Number, find_numbers

__all__ = ["Claim", "find_claims", "might_have_claims", "search_marker"]
_DECIMALS = re.compile(r"[.．点]([0-9０-９〇零一二三四五六七八九]+)")  # the digits after the decimal point


class Claim:
    """A numeric claim: a total with parts (``sum``) or a percentage with numerator and denominator.

    A plain slots class (a frozen dataclass costs several times as much to build, and claim-heavy ledgers
    hold hundreds of thousands of claims); equal and hashed by its fields, read-only by convention.
    """

    __slots__ = ("kind", "text", "start", "end", "total", "parts", "exhaustive", "approx", "numerator",
                 "denominator", "rate", "unit", "rate_step")

    kind: str  # "sum" | "rate"
    text: str
    start: int
    end: int
    total: float | None
    parts: tuple[float, ...]
    exhaustive: bool
    approx: bool
    numerator: float | None
    denominator: float | None
    rate: float | None  # a percentage, e.g. 99.0
    unit: str | None
    rate_step: float | None  # the last stated digit of the rate: 1.0 for 99%, 0.1 for 98.5%

    def __init__(self, kind: str, text: str, start: int, end: int, total: float | None,
                 parts: tuple[float, ...], exhaustive: bool, approx: bool, numerator: float | None,
                 denominator: float | None, rate: float | None, unit: str | None,
                 rate_step: float | None = None) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.total = total
        self.parts = parts
        self.exhaustive = exhaustive
        self.approx = approx
        self.numerator = numerator
        self.denominator = denominator
        self.rate = rate
        self.unit = unit
        self.rate_step = rate_step

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in Claim.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Claim):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in Claim.__slots__)
        return f"Claim({fields})"


# A claim needs a numeral (Arabic, Chinese or 大写, or a percent sign) and one of its markers: 其中 分别 包括
# 率 占, or the "N个…中,已有A个" shape.
_DIGIT = re.compile(r"[0-9０-９%％零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]")
_MARKER = re.compile(r"其中|分别|包括|率|占|中[,，]")

_SENTENCE = re.compile(r"[^。;；!！?？\n]+")
_CLAUSE_SEP = re.compile(r"[,，、:：]")
_SUM_MARKER = re.compile(r"其中|分别(?:为|是|有)?|包括")
_IN_SHAPE = re.compile(r"中[,，]\s*(?=已有|已|有|共有|均有)")
_PROGRESSIVE = re.compile(r"正在|(?:建设|进行|推进|整改|办理|实施|运行|处理|审查|调查|执行|协调)中$")
_NEW_TOPIC = re.compile(r"共|合计|总计|另|此外|同时|其中|分别|包括")
_HEDGE = re.compile(r"等|主要|包括|部分|例如|比如|诸如")
# Evidence that a 其中 list is complete (see _complete).
_REST = re.compile(r"(?:其余|其他|其它|剩余|余下|另外)")
_NEGATED = re.compile(r"(?:不|未|非|没有)([\u4e00-\u9fff]{2,4})")
# Sets whose members cover a whole: the three kinds of case of the procedure laws (刑事/民事/行政), and the
# three states a rectification report sorts problems into (vocab.STATUS_WORDS; long-term and in-progress
# first, so 基本完成 and 未完成 are not read as completed).
_CLOSED_SETS: tuple[tuple[str, ...], ...] = (
    ("刑事", "民事", "行政"),
    tuple(vocab.alternation(w for w in vocab.STATUS_WORDS[status] if not w.isascii())
          for status in ("long_term", "in_progress", "completed")),
)
# The members of each closed set as compiled patterns (_complete and _status_pair search labels with them).
_CLOSED_SET_PATTERNS: tuple[tuple[re.Pattern[str], ...], ...] = tuple(
    tuple(re.compile(member) for member in members) for members in _CLOSED_SETS)
_CLOSED_SET_ANY = tuple(re.compile("|".join(f"(?:{m})" for m in members)) for members in _CLOSED_SETS)
_LONG_TERM, _IN_PROGRESS, _COMPLETED = _CLOSED_SET_PATTERNS[1]
_COMPLETED_STEM = re.compile(_CLOSED_SETS[1][2] + "$")
_TOTAL_WORD = re.compile(r"共|合计|总计|累计|总数")
_LABEL_FILLERS = ("其中", "共计", "合计", "累计", "总计", "共", "已经", "已", "并", "均", "全年", "今年以来")
_LABEL_FILLER = re.compile("^(?:" + "|".join(_LABEL_FILLERS) + ")+")
_LABEL_FILLER_HEADS = frozenset(word[0] for word in _LABEL_FILLERS)
_RATE_TAIL = re.compile(
    r"([\u4e00-\u9fff]+)率(?:为|是|达到了|达到|达|均为|均达|约为|已达|提升至|提升到|提高到|提高至)?\s*$")
_SHARE_TAIL = re.compile(
    r"占(?:比|[^,，、:：0-9]{0,15}?的)?(?:比例|比重)?(?:为|是|达到|达|约为|约)?\s*$")


# search_marker(text) finds one of the markers every claim needs; None means find_claims(text) is empty.
# Bound to the pattern rather than wrapped in a function: it runs on every text of a ledger, and a Python
# call would cost as much again as the search.
search_marker = _MARKER.search


def might_have_claims(text: str) -> bool:
    """Cheap pre-filter: False means ``find_claims(text)`` is certainly empty."""
    # One search for any marker (the engine skips to their first characters) takes about two thirds of the
    # time of a substring test per marker; most ledger strings have none.
    return _MARKER.search(text) is not None and _DIGIT.search(text) is not None


class _Sentence:
    """Numbers of one sentence, assigned to clauses (the text between separators , ， 、 : ：)."""

    __slots__ = ("text", "start", "end", "seps", "numbers", "clause", "clause_start", "clause_end", "_labels")

    def __init__(self, text: str, start: int, end: int, numbers: list[Number]) -> None:
        self.text = text
        self.start = start
        self.end = end
        # Offsets of the clause separators (absolute): clause k runs from separator k-1 to separator k.
        self.seps = seps = [m.start() for m in _CLAUSE_SEP.finditer(text, start, end)]
        self.numbers = numbers
        self.clause = [bisect_left(seps, n.start) for n in numbers]  # the clause of each number
        # Absolute [start, end) of each clause, separators excluded: looked up, never recomputed.
        self.clause_start = [start, *[sep + 1 for sep in seps]]
        self.clause_end = [*seps, end]
        self._labels: list[str | None] = [None] * len(numbers)

    def label(self, i: int) -> str:
        """The clause text before number ``i``, without leading filler (已, 共, 累计 ...); computed once."""
        label = self._labels[i]
        if label is None:
            label = self.text[self.clause_start[self.clause[i]]:self.numbers[i].start].strip()
            if label[:1] in _LABEL_FILLER_HEADS:  # most labels start with no filler: no regex call
                label = _LABEL_FILLER.sub("", label)
            self._labels[i] = label
        return label


def _claim_text(s: _Sentence, first: int, end: int) -> tuple[int, int, str]:
    """Span of a claim: from the clause (up to a comma, not 、) of number ``first`` to ``end``."""
    text, seps = s.text, s.seps
    clause = s.clause[first]
    while clause and text[seps[clause - 1]] == "、":  # a clause after 、 belongs to the one before it
        clause -= 1
    start = s.clause_start[clause]
    while start < end and text[start].isspace():
        start += 1
    return start, end, text[start:end]


def _collect_parts(s: _Sentence, first_clause: int, after: int, unit: str | None,
                   ) -> tuple[list[int], bool]:
    """Indices of the parts from clause ``first_clause`` on (numbers after ``after``), and whether the
    list was cut short by an ambiguous clause."""
    numbers, clauses, text = s.numbers, s.clause, s.text
    count = len(numbers)
    # Numbers run in text order, so the candidates (from ``after`` and ``first_clause`` on) are a tail.
    i = 0
    while i < count and (numbers[i].start < after or clauses[i] < first_clause):
        i += 1
    parts: list[int] = []
    last_clause = len(s.seps)
    for clause in range(first_clause, last_clause + 1):
        j = i  # numbers[i:j] are this clause's
        while j < count and clauses[j] == clause:
            j += 1
        if clause != first_clause and _NEW_TOPIC.search(text, s.clause_start[clause], s.clause_end[clause]):
            return parts, False
        members = [k for k in range(i, j) if not numbers[k].percent]
        if not members:
            if j > i:
                i = j
                continue  # 占40%: a comment on the previous part
            return parts, False
        if len(members) > 1:
            return parts, any(numbers[k].unit == unit for k in members)
        if numbers[members[0]].unit != unit:
            return parts, False
        parts.append(members[0])
        i = j
    return parts, False


def _sum_claims(s: _Sentence) -> list[tuple[Claim, int, tuple[int, ...]]]:
    """Sum claims of a sentence, with the index of the total and of the parts."""
    found: list[tuple[Claim, int, tuple[int, ...]]] = []
    used_totals: set[int] = set()
    # Shape 1: total, then 其中 / 分别 / 包括.
    for marker in _SUM_MARKER.finditer(s.text, s.start, s.end):
        m_clause = bisect_left(s.seps, marker.start())
        at_clause_start = not s.text[s.clause_start[m_clause]:marker.start()].strip()
        # The total: the last number in the marker's clause (or the one before it) ending before the marker.
        lowest = m_clause - 1 if at_clause_start else m_clause
        total = _last_count(s, marker.start(), lowest, m_clause)
        if total < 0:
            continue
        # 分别为/分别是 state every part; 其中 may list only some, so it needs evidence (_complete).
        word = marker.group()
        exhaustive_marker = word in ("分别为", "分别是")
        _emit_sum(s, total, m_clause, marker.end(), exhaustive_marker, found, used_totals,
                  evidence=word != "包括")
    # Shape 2: N个…中,已有A个…,B个….
    for m in _IN_SHAPE.finditer(s.text, s.start, s.end):
        t_clause = bisect_left(s.seps, m.start())
        if _PROGRESSIVE.search(s.text[s.clause_start[t_clause]:m.start() + 1]):
            continue
        total = _last_count(s, m.start(), t_clause, t_clause)
        if total < 0:
            continue
        _emit_sum(s, total, t_clause + 1, m.end(), False, found, used_totals)
    return found


def _last_count(s: _Sentence, before: int, low_clause: int, high_clause: int) -> int:
    """Index of the last number with a unit, not a percentage, ending by ``before`` and in a clause from
    ``low_clause`` to ``high_clause``; -1 if there is none."""
    numbers, clause = s.numbers, s.clause
    for i in range(len(numbers) - 1, -1, -1):
        n = numbers[i]
        if n.end <= before and not n.percent and n.unit is not None and low_clause <= clause[i] <= high_clause:
            return i
    return -1


def _emit_sum(s: _Sentence, total: int, first_clause: int, after: int, exhaustive_marker: bool,
              found: list[tuple[Claim, int, tuple[int, ...]]], used_totals: set[int],
              evidence: bool = False) -> None:
    """Build a sum claim from a total and the parts that follow, if there are any. The breakdown is
    exhaustive when the marker says so (``exhaustive_marker``) or, with ``evidence``, when the parts'
    labels show it (_complete)."""
    if total in used_totals:
        return
    t = s.numbers[total]
    parts, cut_short = _collect_parts(s, first_clause, after, t.unit)
    if not parts:
        return
    used_totals.add(total)
    last_end = s.clause_end[s.clause[parts[-1]]]
    while last_end > 0 and s.text[last_end - 1].isspace():  # as len(text[:last_end].rstrip()), without a copy
        last_end -= 1
    start, end, text = _claim_text(s, total, last_end)
    hedged = (_HEDGE.search(s.text, start, t.start) is not None
              or _HEDGE.search(s.text, after, end) is not None)
    complete = exhaustive_marker or (evidence and _complete([s.label(i) for i in parts]))
    exhaustive = complete and len(parts) >= 2 and not hedged and not cut_short
    numbers = s.numbers
    approx = t.approx or any([numbers[i].approx for i in parts])
    claim = Claim("sum", text, start, end, t.value, tuple([numbers[i].value for i in parts]), exhaustive, approx,
                  None, None, None, t.unit)
    found.append((claim, total, tuple(parts)))


def _complete(labels: list[str]) -> bool:
    """Whether part labels form a complete breakdown: one names the rest (其余/其他/剩余), two are a thing
    and its negation (合格/不合格, 完成/未完成), or together they name every member of a closed set
    (_CLOSED_SETS)."""
    for label in labels[1:]:
        if _REST.match(label):
            return True
    for label in labels:
        neg = _NEGATED.search(label)
        if neg is None:
            continue
        core = neg.group(1)[:2]
        for other in labels:
            if other is not label and core in other and _NEGATED.search(other) is None:
                return True
    for members, any_member in zip(_CLOSED_SET_PATTERNS, _CLOSED_SET_ANY, strict=True):
        if len(labels) != len(members):
            continue  # every member named once by one label each: the counts must agree
        named = set()
        for label in labels:
            if any_member.search(label) is None:
                break  # a label naming no member (the usual case): no need to look further
            # The member the label names: the first in the set's order (any_member says there is one).
            named.add(next(member for member in members if member.search(label)))
        else:
            if len(named) == len(labels):
                return True
    return False


def _rate_claims(s: _Sentence, sums: list[tuple[Claim, int, tuple[int, ...]]]) -> list[Claim]:
    """Rate claims of a sentence."""
    found: list[Claim] = []
    numbers = s.numbers
    for p, pct in enumerate(numbers):  # every percentage of the sentence
        if not pct.percent:
            continue
        head = s.text[s.clause_start[s.clause[p]]:pct.start]
        pair: tuple[int, int] | None = None
        dens: tuple[int, ...] = ()
        rate = _RATE_TAIL.search(head) if "率" in head else None  # most shares have no 率: no search
        if rate is not None:
            pair = _rate_pair(s, p, rate.group(1))
            if pair is None:
                status_pair = _status_pair(s, p, rate.group(1))
                if status_pair is not None:
                    pair, dens = (status_pair[0], status_pair[1][0]), status_pair[1]
        elif _SHARE_TAIL.search(head):
            pair = _share_pair(s, p, sums)
        if pair is None:
            continue
        num, den = pair
        dens = dens or (den,)
        numerator = numbers[num]
        involved = (p, num, *dens)
        denominator = sum([numbers[d].value for d in dens])
        start, end, text = _claim_text(s, min(involved), max([numbers[i].end for i in involved]))
        approx = pct.approx or any([numbers[i].approx for i in (num, *dens)])
        found.append(Claim("rate", text, start, end, None, (), False, approx, numerator.value, denominator,
                           pct.value, numerator.unit, precision_step(pct.text)))
    return found


def precision_step(written: str) -> float:
    """The value of the last digit a number is written to: 99% → 1.0, 98.5% → 0.1, 百分之八十四点四五 → 0.01."""
    decimals = _DECIMALS.search(written)
    return 10.0 ** -len(decimals.group(1)) if decimals else 1.0


def _rate_pair(s: _Sentence, p: int, stem: str) -> tuple[int, int] | None:
    """(numerator, denominator) for "…成功率99%": the numerator's label ends like the rate's name
    (调解成功25779件), else holds it (已完成整改27个 for 整改完成率). Numbers before the rate are tried
    first; a rate stated before its numbers (满意率98.5%,回访200件,表示满意197件) pairs with those after."""
    if len(stem) < 2:
        return None
    key = stem[-2:]
    numbers = s.numbers
    counts = [i for i, n in enumerate(numbers) if not n.percent and n.unit is not None]
    before = [i for i in reversed(counts) if i < p]  # nearest first
    after = [i for i in counts if i > p]
    for candidates in (before, after):
        for test in (str.endswith, str.__contains__):
            for i in candidates:
                label = s.label(i)
                if test(label, key) and not _COMPLEMENT.search(label, 0, label.find(key)):
                    return _with_denominator(s, i)
    return None


# 未完成2个, 不满意5人, 正在化解6件: the count beside the numerator, not the numerator (checker.vocab).
_COMPLEMENT = re.compile("(?:" + vocab.alternation(vocab.RATE_COMPLEMENT_MARKS) + ")$")


def _status_pair(s: _Sentence, p: int, stem: str) -> tuple[int, tuple[int, ...]] | None:
    """(numerator, denominator parts) for a completion rate after counts by state, with no total:
    已完成整改2个,正在推进1个,整改完成率为70% is 2 of 2 + 1. Every count of the sentence before the rate in
    the completed count's unit must name a state (_CLOSED_SETS' rectification states), at least two."""
    if not _COMPLETED_STEM.search(stem):
        return None
    counts = [i for i in range(p) if not s.numbers[i].percent and s.numbers[i].unit is not None]
    states = []
    for i in counts:
        label = s.text[s.clause_start[s.clause[i]]:s.numbers[i].start]
        state = next((k for k, words in enumerate((_LONG_TERM, _IN_PROGRESS, _COMPLETED))
                      if words.search(label)), None)
        states.append(state)
    if len(counts) < 2 or None in states or 2 not in states or len(set(states)) < 2:
        return None
    if len({s.numbers[i].unit for i in counts}) != 1:
        return None
    num = counts[states.index(2)]
    return num, tuple(counts)


def _with_denominator(s: _Sentence, num: int, lowest: int = 0) -> tuple[int, int] | None:
    """The nearest earlier number (index >= lowest) in the numerator's unit, if it is not smaller than
    the numerator."""
    numerator = s.numbers[num]
    for j in range(num - 1, lowest - 1, -1):
        d = s.numbers[j]
        if d.percent or d.unit != numerator.unit:
            continue
        if d.value <= 0 or numerator.value > d.value:
            return None
        return num, j
    return None


def _share_pair(s: _Sentence, p: int, sums: list[tuple[Claim, int, tuple[int, ...]]],
                ) -> tuple[int, int] | None:
    """(numerator, denominator) for "…85件,占39.9%": a part and the total it belongs to."""
    clause = s.clause[p]
    num = None
    for i in range(p - 1, -1, -1):
        n = s.numbers[i]
        if s.clause[i] < clause - 1:
            break
        if not n.percent and n.unit is not None:
            num = i
            break
    if num is None:
        return None
    for _claim, total, parts in sums:
        if num in parts:
            return num, total
    numerator = s.numbers[num]
    for j in range(num - 1, -1, -1):
        d = s.numbers[j]
        if d.percent or d.unit != numerator.unit:
            continue
        if (_TOTAL_WORD.search(s.text, s.clause_start[s.clause[j]], d.start) and d.value > 0
                and numerator.value <= d.value):
            return num, j
        return None
    return None


def find_claims(text: str) -> list[Claim]:
    """Sum and rate claims in ``text``, in order of position (see the module notes for the shapes read)."""
    if not might_have_claims(text):
        return []
    claims: list[Claim] = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        if _MARKER.search(text, start, end) is None:
            continue
        numbers = find_numbers(text[start:end], start)
        if len(numbers) < 2:
            continue
        s = _Sentence(text, start, end, numbers)
        sums = _sum_claims(s)
        claims += [c for c, _, _ in sums]
        claims += _rate_claims(s, sums)
    if len(claims) > 1:
        claims.sort(key=lambda c: (c.start, c.end, c.kind))
    return claims
