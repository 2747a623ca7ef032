"""Report-level facts of a notice: inspection, unit, declared counts, report date, contact, title.

All functions read the normalised text; `masked` is the same text with the items blanked out, so that a
number or a phone inside an item's measures is never taken for a fact about the whole report.
"""

from __future__ import annotations

import datetime as dt
import re

from checker import vocab
from checker.extract.sourcemap import Hit
from checker.extract.structure import Heading, section_status
from checker.extract.textutil import find_dates, parse_count, parse_date, trim

# Each run starts where a run of its characters starts (the look-behinds): on a long run of digits or 一
# a match is tried once per run, not once per character of it, which made long notices quadratic.
_NUM = r"(?<!\d)\d+|(?<![零一二两三四五六七八九十百])[零一二两三四五六七八九十百]+"
_HANDED = vocab.alternation(vocab.HANDED_OVER_VERBS, escape=False)
_HANDED_AFTER = vocab.alternation(vocab.HANDED_OVER_AFTER, escape=False)
_TOTAL = vocab.alternation(vocab.TOTAL_WORDS, escape=False)
_STATED_LEAD = vocab.alternation(vocab.STATED_FOR_ALL_LEADS)
_N = r"(?P<n>" + _NUM + r")(?:个|项|条)"  # a count with its counter word
_AREAS = r"(?:(?:" + _NUM + r")(?:个)?方面(?:的)?(?:共)?)?"  # 3个方面15个问题: the areas are not the count
_ORG = vocab.alternation(vocab.INSPECTING_BODIES, escape=False)
_BODY = re.compile(
    _ORG + r"(?:第[一二三四五六七八九十\d]+轮)?(?:第[一二三四五六七八九十\d]+)?(?:专项)?(?:巡察|巡视)组")
_INSPECTION_WORD = re.compile(r"巡察|巡视")
_RANGE_JOIN = re.compile(r"\s*(?:至|到|—|-|~|～)\s*")
_FEEDBACK = re.compile(
    r"反馈(?:了)?" + vocab.alternation(vocab.INSPECTION_KINDS) + r"?(?:意见|问题|情况)"
    r"|" + vocab.alternation(vocab.INSPECTION_KINDS) + r"(?:情况)?反馈会|反馈会议?")
_SENTENCE_END = "。!?\uff01\uff1f\n"
_UNIT_LABEL = re.compile(r"被(?:巡察|巡视)(?:单位|党组织)[:：]\s*")
_UNIT_LINE = re.compile(vocab.alternation(vocab.PARTY_PREFIXES, escape=False) + r"\S{2,30}|\S{2,30}"
                        + vocab.alternation(vocab.PARTY_ORGANISATIONS, escape=False))
_UNIT_OBJECT = re.compile(r"对(?P<unit>[\u4e00-\u9fff()（）]{2,30}?)(?:开展|进行)")
_SELF = ("我", "本")
_DECLARED: dict[str, tuple[re.Pattern[str], ...]] = {
    "issues": (
        re.compile(_HANDED + r"(?:了)?(?:的)?(?:共)?" + _AREAS
                   + r"(?P<n>" + _NUM + r")(?:条|个|项)(?:具体)?问题"),
        re.compile(_TOTAL + r"(?:计)?" + _AREAS + r"(?P<n>" + _NUM + r")(?:条|个|项)(?:具体)?问题"),
        # the count after the noun: 反馈问题32个, 指出问题三个
        re.compile(_HANDED_AFTER + r"(?:了)?问题(?:共)?(?P<n>" + _NUM + r")(?:条|个|项)"),
        re.compile(vocab.alternation(vocab.ISSUE_LIST_WORDS) + r"(?:共)?(?P<n>" + _NUM + r")(?:条|个|项)"),
        # the general shape, any verb before the noun: 共梳理出问题4个, 共发现问题12个, 排查出问题5个
        re.compile(r"(?:" + _TOTAL + r"(?P<verb>[\u4e00-\u9fff]{1,4}?)(?:出|了)?"
                   r"|(?P<verb2>[\u4e00-\u9fff]{2})出)"
                   r"(?:的)?问题(?:共)?(?P<n>" + _NUM + r")(?:条|个|项)"),
    ),
    # 已完成20项 / 20项已完成 … : the status phrases are checker.vocab's
    **{status: (re.compile(vocab.alternation(before, escape=False) + r"(?:的)?(?:问题)?" + _N),
                re.compile(_N + r"(?:问题)?" + vocab.alternation(after, escape=False)))
       for status, (before, after) in vocab.COUNT_STATUS_PHRASES.items()},
}
# A verb made of the characters of status words (整改, 完成, 办结, 推进 …) counts problems by state.
_STATUS_VERB = re.compile("[" + "".join(sorted({ch for words in vocab.STATUS_WORDS.values() for w in words
                                                for ch in w if not ch.isascii()})) + "]")
_HEADING_COUNT = re.compile(r"[(（](?:共)?(?P<n>" + _NUM + r")(?:个|项|条)(?:问题)?[)）]")
_PHONE_NUMBER = r"(?:0\d{2,3}\s*[-—－]?\s*)?\d{7,8}(?:\s*[-—－]\s*\d{1,4})?|1[3-9]\d{9}|123\d{2}"
_PHONE = re.compile(
    vocab.alternation(vocab.PHONE_LABELS, escape=False) + r"[:：]?\s*"
    r"(?P<v>" + _PHONE_NUMBER + r")")
_PHONE_BARE = re.compile(r"(?<!\d)(?P<v>0\d{2,3}-\d{7,8})(?!\d)")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])(?P<v>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
# The address ends at a clause break or at its postcode: 来信请寄…办公室(邮编441000)
_ADDRESS = re.compile(
    r"(?:" + vocab.alternation(vocab.ADDRESS_LABELS, escape=False) + r"[:：]"
    r"|" + vocab.alternation(vocab.ADDRESS_LEADS, escape=False) + r"[:：]?)\s*"
    r"(?P<v>(?:(?![(（]?邮(?:编|政编码))[^;；。,，\n])+)")
_TITLE_WORDS = re.compile(vocab.alternation(vocab.TITLE_WORDS, escape=False))
_TITLE_MAX = 60
_PUBLIC = re.compile(vocab.alternation(vocab.PUBLIC_PHRASES, escape=False))
_STATED_OWNERS = re.compile(
    _STATED_LEAD + r"?明确(?:了)?[^。;；,，\n]{0,20}?"
    + vocab.alternation(vocab.OWNER_STATED_LABELS) + r"[^。;；,，\n]{0,30}")
_STATED_DEADLINES = re.compile(
    _STATED_LEAD + r"?明确(?:了)?[^。;；,，\n]{0,30}?" + vocab.alternation(vocab.DEADLINE_STATED_LABELS)
    + r"[^。;；,，\n]{0,20}")
_DEADLINE_WORD = re.compile(vocab.alternation(vocab.DEADLINE_WORDS))
# A closing line gives contact details (labelled) or invites the public's feedback.
_CLOSING = re.compile(vocab.alternation(vocab.CLOSING_PHRASES, escape=False))
_CLOSING_LINE_MAX = 200
# Marks under the date of an official document: (此件公开发布), 附件:整改台账
_CLOSING_MARK = re.compile(r"[(（][^()（）\n]{1,20}[)）]|附件[^\n]{0,40}")
# An unnumbered closing paragraph about the whole rectification: 下一步,局党委将持续巩固巡察整改成果…
_CLOSING_OUTLOOK = re.compile(vocab.alternation(vocab.OUTLOOK_WORDS) + r"[^\n]*?(?:巡察|巡视)")
_EDGE_CHARS = " \t\u3000。"


def inspection_body(masked: str) -> Hit | None:
    """The inspection group (区委第一巡察组); a numbered group is preferred over a generic one."""
    matches = list(_BODY.finditer(masked))
    numbered = [m for m in matches if "第" in m.group()]
    chosen = numbered or matches
    if not chosen:
        return None
    best = chosen[0]
    return Hit(best.group(), best.start(), best.end())


def inspection_period(masked: str) -> tuple[Hit, Hit] | None:
    """Start and end of the inspection (2022年11月2日至2023年1月6日), from a sentence about it."""
    mentions = list(find_dates(masked))
    for i, mention in enumerate(mentions):
        if mention.in_title or not _INSPECTION_WORD.search(_sentence(masked, mention.start)):
            continue
        if mention.end_date is not None:
            joint = _RANGE_JOIN.search(masked, mention.start, mention.end)
            cut = joint.start() if joint else mention.end
            tail = joint.end() if joint else mention.start
            return Hit(mention.date, mention.start, cut), Hit(mention.end_date, tail, mention.end)
        if i + 1 < len(mentions):
            nxt = mentions[i + 1]
            if _RANGE_JOIN.fullmatch(masked, mention.end, nxt.start):
                return Hit(mention.date, mention.start, mention.end), Hit(nxt.date, nxt.start, nxt.end)
    return None


def feedback_date(masked: str, period_end: dt.date | None) -> Hit | None:
    """The date the feedback was given: the last date before 反馈了巡察意见 in the same sentence."""
    for m in _FEEDBACK.finditer(masked):
        begin = _sentence_start(masked, m.start())
        year = period_end.year if period_end else None
        candidates = [d for d in find_dates(masked[begin:m.start()], year)
                      if d.end_date is None and d.qualifier is None and not d.in_title]
        for mention in reversed(candidates):
            date = mention.date
            if period_end is not None and date <= period_end:
                if not mention.year_inferred:
                    continue
                date = _next_year(date)  # 2023年12月 inspection, 1月22日 feedback: the next January
                if date <= period_end:
                    continue
            return Hit(date, begin + mention.start, begin + mention.end)
    return None


def unit_name(text: str, masked: str) -> Hit | None:
    """被巡察单位: a labelled name, the organisation on the first line, or the object of 对…开展巡察."""
    label = _UNIT_LABEL.search(masked)
    if label is not None:
        end = label.end()
        while end < len(masked) and masked[end] not in ",，。;；\n ":
            end += 1
        start, end = trim(masked, label.end(), end)
        if end > start:
            return Hit(masked[start:end], start, end)
    first = _first_lines(text, 1)
    if first:
        start, end = first[0]
        if _UNIT_LINE.fullmatch(text, start, end) and not _TITLE_WORDS.search(text[start:end]):
            return Hit(text[start:end], start, end)
        # a title that names its issuer: 中共樊城区司法局党组关于巡察整改进展情况的通报
        about = text.find("关于", start, end)
        if about > start and _UNIT_LINE.fullmatch(text, start, about):
            return Hit(text[start:about], start, about)
    for m in _UNIT_OBJECT.finditer(masked):
        if _INSPECTION_WORD.search(_sentence(masked, m.start())) and not m.group("unit").startswith(_SELF):
            return Hit(m.group("unit"), m.start("unit"), m.end("unit"))
    return None


def declared_counts(masked: str) -> dict[str, Hit]:
    """Counts the text states: 列出了30条问题清单 → issues 30; 已完成20项 → completed 20."""
    out: dict[str, Hit] = {}
    for key, patterns in _DECLARED.items():
        found: list[tuple[int, int, Hit]] = []  # (start, pattern rank, hit): the first match of each pattern
        for rank, pattern in enumerate(patterns):
            for m in pattern.finditer(masked):
                verb = m.groupdict().get("verb") or m.groupdict().get("verb2") or ""
                if _STATUS_VERB.search(verb):
                    continue  # 共整改问题4个 counts problems by state, not the problems handed over
                value = parse_count(m.group("n"))
                if value is not None:
                    found.append((m.start(), rank, Hit(value, m.start(), m.end())))
                    break
        if not found:
            continue
        best = min(found)[2]
        # Overlapping readings of one phrase: the earlier pattern is the more specific one
        # (23个问题已完成整改20个: "已完成整改20个" → 20, not "23个问题已完成" → 23).
        overlapping = [f for f in found if f[2].start < best.end and best.start < f[2].end]
        out[key] = min(overlapping, key=lambda f: f[1])[2]
    return out


def section_counts(text: str, headings: list[Heading]) -> dict[str, Hit]:
    """Counts in status headings: 二、已完成整改的问题(20个) → completed 20."""
    out: dict[str, Hit] = {}
    for heading in headings:
        status = section_status(heading.head(text))
        m = _HEADING_COUNT.search(text, heading.label_start, heading.line_end)
        if status is None or m is None or status in out:
            continue
        value = parse_count(m.group("n"))
        if value is not None:
            out[status] = Hit(value, m.start(), m.end())
    return out


def report_date(text: str) -> Hit | None:
    """The date the notice was issued: a line holding only a date among the last three lines."""
    for start, end in reversed(_last_lines(text, 3)):
        line = text[start:end]
        date = parse_date(line)
        if date is None:
            mentions = list(find_dates(line))
            if len(mentions) == 1 and mentions[0].end_date is None and not line.replace(
                    mentions[0].text, "").strip(_EDGE_CHARS):
                date = mentions[0].date
        if date is not None:
            return Hit(date, start, end)
    return None


def closing_start(text: str) -> int:
    """Start of the closing lines (contact paragraph, signature, date) that follow the last item."""
    start_of_tail = len(text)
    for start, end in reversed(_last_lines(text, 6)):
        line = text[start:end]
        contact_line = len(line) <= _CLOSING_LINE_MAX and _CLOSING.search(line) is not None
        signature = len(line) <= 30 and _UNIT_LINE.fullmatch(line) is not None
        mark = _CLOSING_MARK.fullmatch(line) is not None
        outlook = len(line) <= _CLOSING_LINE_MAX and _CLOSING_OUTLOOK.match(line) is not None
        closing = contact_line or signature or mark or outlook or report_date(line) is not None
        if not closing:
            break
        start_of_tail = start
    return start_of_tail


def closing_span(text: str, closing: int) -> tuple[int, int]:
    """The closing lines from `closing` on, or the last non-empty line if there are none."""
    start, end = _strip(text, closing, len(text))
    if end > start:
        return start, end
    last = _last_lines(text, 1)
    return last[0] if last else (0, 0)


def contact(masked: str) -> dict[str, Hit]:
    """Phone, e-mail and postal address given for the public's feedback."""
    out: dict[str, Hit] = {}
    for key, patterns in (("phone", (_PHONE, _PHONE_BARE)), ("email", (_EMAIL,)), ("address", (_ADDRESS,))):
        for pattern in patterns:
            m = pattern.search(masked)
            if m is not None:
                start, end = trim(masked, m.start("v"), m.end("v"))
                if end > start:
                    out[key] = Hit(masked[start:end], start, end)
                    break
    return out


def title(text: str, limit: int) -> Hit | None:
    """The document's title: a short heading-like line among the first three lines before `limit`."""
    lines = [(start, end) for start, end in _first_lines(text, 3) if end <= limit]
    for start, end in lines:
        line = text[start:end]
        if len(line) <= _TITLE_MAX and _TITLE_WORDS.search(line) and not re.search(r"[。:：;；]", line):
            return Hit(line, start, end)
    if lines:
        start, end = lines[0]
        line = text[start:end]
        plain = not re.search(r"[。,，:：;；、]", line) and not _UNIT_LINE.fullmatch(line)
        if len(line) <= _TITLE_MAX // 2 and plain:
            return Hit(line, start, end)
    return None


def public_statement(masked: str) -> Hit | None:
    """A phrase addressing the notice to the public (向社会予以公布, 现将…予以公布)."""
    m = _PUBLIC.search(masked)
    return Hit(True, m.start(), m.end()) if m else None


def stated_for_all(masked: str) -> dict[str, Hit]:
    """Phrases stating owners or deadlines for all items at once (逐一明确了责任领导、责任部门及整改时限)."""
    out: dict[str, Hit] = {}
    owners = _STATED_OWNERS.search(masked)
    if owners is not None:
        start, end = trim(masked, owners.start(), owners.end())
        out["owners_stated"] = Hit(masked[start:end], start, end)
        if _DEADLINE_WORD.search(masked, start, end):
            out["deadlines_stated"] = out["owners_stated"]
    if "deadlines_stated" not in out:
        deadlines = _STATED_DEADLINES.search(masked)
        if deadlines is not None:
            start, end = trim(masked, deadlines.start(), deadlines.end())
            out["deadlines_stated"] = Hit(masked[start:end], start, end)
    return out


def _sentence_start(text: str, pos: int) -> int:
    """Offset just after the sentence break before pos."""
    begin = pos
    while begin > 0 and text[begin - 1] not in _SENTENCE_END:
        begin -= 1
    return begin


def _sentence(text: str, pos: int) -> str:
    """The sentence around pos."""
    begin = _sentence_start(text, pos)
    end = pos
    while end < len(text) and text[end] not in _SENTENCE_END:
        end += 1
    return text[begin:end]


def _next_year(date: dt.date) -> dt.date:
    """The same day a year later (29 February becomes 28 February)."""
    try:
        return date.replace(year=date.year + 1)
    except ValueError:
        return date.replace(year=date.year + 1, day=28)


def _first_lines(text: str, count: int) -> list[tuple[int, int]]:
    """Spans of the first `count` non-empty lines, trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = _strip(text, pos, pos + len(line))
        if end > start:
            out.append((start, end))
            if len(out) == count:
                break
        pos += len(line) + 1
    return out


def _last_lines(text: str, count: int) -> list[tuple[int, int]]:
    """Spans of the last `count` non-empty lines, trimmed, in document order."""
    out: list[tuple[int, int]] = []
    end = len(text)
    while end > 0 and len(out) < count:
        start = text.rfind("\n", 0, end) + 1
        span = _strip(text, start, end)
        if span[1] > span[0]:
            out.append(span)
        end = start - 1 if start > 0 else 0
    return list(reversed(out))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without surrounding whitespace."""
    return trim(text, start, end, " \t\u3000\r\n\ufeff")
