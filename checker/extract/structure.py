"""The outline of a notice: headings of every level (一、 (一) 1. (1) ① 问题1:), their nesting and extents."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker import vocab
from checker.extract.textutil import chinese_ordinal

# A Chinese ordinal up to 九百九十九 (一百零五 heads item 105 of a long notice): it starts with a digit word.
_CN = r"[一二三四五六七八九十][一二三四五六七八九十百零〇]{0,5}"
# One alternative per marker kind; the kind, not a fixed level, decides nesting (documents differ in order).
_MARKER = re.compile(
    r"[ \t\u3000]*(?:"
    r"(?P<cn>" + _CN + r")[、.．]"
    r"|[(（](?P<pcn>" + _CN + r")[)）]"
    r"|(?P<num>\d{1,3})[.．、](?!\d)"
    r"|[(（](?P<pnum>\d{1,3})[)）]"
    r"|(?P<circ>[①-⑳])"
    r"|问题(?P<prob>\d{1,3}|" + _CN + r")[ \t\u3000]*[:：]"  # 问题1:… names the problem
    r")[ \t\u3000]*"
)
# A bare item line without a number: 关于“…”的问题 / 针对“…”问题
_BARE_ITEM = re.compile(r"[ \t\u3000]*(?=(?:关于|针对)\s*[“\"「『‘])")
_KINDS = ("cn", "pcn", "num", "pnum", "circ", "prob")
# The head of a heading line ends at the first full stop or colon: "1.提高思想认识。巡察反馈后,…"
_HEAD_END = re.compile(r"[。:：;；]")


@dataclass(frozen=True, slots=True)
class Heading:
    """One heading line: its marker kind and number, label (text after the marker) and extent."""

    index: int
    kind: str  # cn 一、 | pcn (一) | num 1. | pnum (1) | circ ① | prob 问题1: | bare (关于“…”问题, no number)
    number: int | None
    start: int  # start of the line
    label_start: int
    line_end: int
    head_end: int  # end of the heading phrase inside the label
    end: int  # end of everything under it (next heading at the same or a higher level)
    depth: int
    parent: int | None

    def label(self, text: str) -> str:
        """Text of the line after the marker."""
        return text[self.label_start:self.line_end]

    def head(self, text: str) -> str:
        """The heading phrase: the label up to its first full stop or colon."""
        return text[self.label_start:self.head_end]


@dataclass(frozen=True, slots=True)
class Outline:
    """All headings of a document in order, with parent links."""

    text: str
    headings: tuple[Heading, ...]

    def children(self, index: int | None) -> list[Heading]:
        """Direct children of a heading (None: top-level headings). Linear in the heading's subtree."""
        if index is None:
            return [h for h in self.headings if h.parent is None]
        return [h for h in self.descendants(self.headings[index]) if h.parent == index]

    def ancestors(self, heading: Heading) -> list[Heading]:
        """Ancestors of a heading, nearest first."""
        out: list[Heading] = []
        parent = heading.parent
        while parent is not None:
            out.append(self.headings[parent])
            parent = self.headings[parent].parent
        return out

    def descendants(self, heading: Heading) -> list[Heading]:
        """Headings nested under a heading: those after it that start before its end. Headings are in
        document order, so they are contiguous and the scan stops at the first one past the end (linear in
        the subtree, not in the document: called once per heading, this kept long notices quadratic)."""
        out: list[Heading] = []
        for h in self.headings[heading.index + 1:heading.index + 1 + self._span_count(heading)]:
            out.append(h)
        return out

    def _span_count(self, heading: Heading) -> int:
        count = 0
        headings = self.headings
        i = heading.index + 1
        while i < len(headings) and headings[i].start < heading.end:
            count += 1
            i += 1
        return count


def parse_outline(text: str) -> Outline:
    """Find every heading line and nest them by marker kind."""
    raw: list[tuple[str, int | None, int, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        found = _match_heading(line)
        if found is not None:
            kind, number, offset = found
            raw.append((kind, number, pos, pos + offset, pos + len(line)))
        pos += len(line) + 1
    depths, parents = _nest([r[0] for r in raw])
    ends = _section_ends([r[2] for r in raw], depths, len(text))
    headings = []
    for i, (kind, number, start, label_start, line_end) in enumerate(raw):
        end = _rstrip_offset(text, start, ends[i])
        head = _HEAD_END.search(text, label_start, line_end)
        head_end = head.start() if head else _rstrip_offset(text, label_start, line_end)
        headings.append(Heading(i, kind, number, start, label_start, line_end, head_end, end,
                                depths[i], parents[i]))
    return Outline(text, tuple(headings))


def _match_heading(line: str) -> tuple[str, int | None, int] | None:
    """(kind, number, label offset) if the line starts with a heading marker and has a label."""
    m = _MARKER.match(line)
    if m is not None and m.end() < len(line.rstrip()):
        for kind in _KINDS:
            value = m.group(kind)
            if value is not None:
                if kind == "circ":
                    number: int | None = ord(value) - ord("①") + 1
                elif value.isdigit():
                    number = int(value)
                else:
                    number = chinese_ordinal(value)
                return kind, number, m.end()
    m = _BARE_ITEM.match(line)
    if m is not None:
        return "bare", None, m.end()
    return None


def _nest(kinds: list[str]) -> tuple[list[int], list[int | None]]:
    """Depth and parent of each heading: a kind already open closes back to it, a new kind opens a level."""
    stack: list[tuple[str, int]] = []
    depths: list[int] = []
    parents: list[int | None] = []
    for i, kind in enumerate(kinds):
        open_kinds = [k for k, _ in stack]
        if kind in open_kinds:
            del stack[open_kinds.index(kind):]
        parents.append(stack[-1][1] if stack else None)
        depths.append(len(stack))
        stack.append((kind, i))
    return depths, parents


def _section_ends(starts: list[int], depths: list[int], text_end: int) -> list[int]:
    """Where each heading's section ends: at the next heading of the same or a higher level."""
    ends = [text_end] * len(starts)
    open_headings: list[int] = []
    for i, depth in enumerate(depths):
        while open_headings and depths[open_headings[-1]] >= depth:
            ends[open_headings.pop()] = starts[i]
        open_headings.append(i)
    return ends


def _rstrip_offset(text: str, start: int, end: int) -> int:
    """End offset with trailing whitespace removed, never before start."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --- sections and items -------------------------------------------------------------------------

# Sections that report on the work around the rectification, not on feedback items.
_NOT_ITEMS = re.compile(vocab.alternation(vocab.SECTION_NOT_ITEMS, escape=False))
_ITEM_SECTION = re.compile(vocab.alternation(vocab.SECTION_ITEM_WORDS))
_STATUS_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(  # long_term first: 长期推进 is not 推进中
    (status, re.compile(vocab.alternation(vocab.STATUS_PHRASES[status], escape=False)))
    for status in ("long_term", "in_progress", "completed"))
_OPEN_CLOSE = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "《": "》"}
_ITEM_LEAD = re.compile(vocab.alternation(vocab.ITEM_LEADS) + r"\s*")
_PROBLEM_TAIL = re.compile(r"(?:的)?(?:方面)?(?:的)?问题")
_ENDS_WITH_PROBLEM = re.compile(r"问题[ \t\u3000]*$")
# 关于巡察反馈问题的整改情况 refers to all the feedback, it names no problem of its own
_GENERIC_TITLE = re.compile(vocab.alternation(vocab.GENERIC_TITLES, escape=False))
_UNQUOTED_TITLE_END = re.compile(r"[。:：;；]")
# …”问题 / …”方面的问题 / …”问题的整改情况: what follows the quoted title on its heading line
_AFTER_TITLE = re.compile(r"[ \t\u3000]*(?:的)?(?:方面)?(?:的)?(?:问题)?(?:的?整改(?:落实|进展)?情况)?"
                          r"[ \t\u3000]*[。.:：;；,，]?")
_UNQUOTED_TITLE_MAX = 80
# 问题一:… / 问题:… / 存在问题:… — the title follows the colon
_PROBLEM_LABEL = re.compile(r"(?:存在)?问题[一二三四五六七八九十\d]*[ \t\u3000]*[:：][ \t\u3000]*")
_MEASURES_LABEL = re.compile(vocab.prose_labels("measures", "progress") + "[:：]")
_TITLE_STOP = re.compile(r"[。;；\n]|" + vocab.prose_labels("measures", "progress") + "[:：]")


@dataclass(frozen=True, slots=True)
class ItemBlock:
    """One feedback item found in the outline: its heading, title span and where its body lies."""

    heading: Heading
    title_start: int
    title_end: int
    body_start: int  # first character after the title phrase
    section: Heading | None  # the heading that gives the section (status heading, else top level)
    category: Heading | None  # a grouping heading between section and item, if any

    @property
    def start(self) -> int:
        """Start of the item (its heading line)."""
        return self.heading.start

    @property
    def end(self) -> int:
        """End of the item's text."""
        return self.heading.end


# A heading that describes a shortcoming names a problem; one that describes an action is organisational.
SHORTCOMING = re.compile(vocab.alternation(vocab.SHORTCOMING_WORDS, escape=False))


def describes_shortcoming(head: str) -> bool:
    """True when a heading phrase names a problem (…不够深入, …不到位, …的问题), not an action."""
    return SHORTCOMING.search(head) is not None


def section_status(head: str) -> str | None:
    """completed / in_progress / long_term when a heading names the status of what it holds."""
    for status, pattern in _STATUS_WORDS:
        if pattern.search(head):
            return status
    return None


def is_non_item_section(head: str) -> bool:
    """True for sections such as 组织领导情况 or 下一步打算 that hold no feedback items."""
    return _NOT_ITEMS.search(head) is not None


def find_items(outline: Outline) -> list[ItemBlock]:
    """Feedback items: 关于/针对“…”问题 and 问题1:… headings, else numbered entries of an item section."""
    text = outline.text
    titled = {h.index: t for h in outline.headings
              if (t := quoted_title(text, h) or labelled_title(text, h)) is not None}
    items: list[ItemBlock] = []
    for top in _item_sections(outline):
        if top is None:
            chosen = [h for h in outline.children(None) if h.index in titled]
        elif top.index in titled and not _has_titled(outline, top, titled):
            chosen = [top]
        else:
            explicit = any(h.index in titled for h in outline.descendants(top))
            implicit = not explicit and _ITEM_SECTION.search(top.head(text)) is not None
            chosen = _walk(outline, outline.children(top.index), titled, implicit)
            if implicit and section_status(top.head(text)) is None:
                # a section about the rectification in general (一、整改工作开展情况) holds problems only if
                # its entries describe shortcomings; (一)提高政治站位 (二)压实整改责任 are work done
                chosen = [h for h in chosen if h.index in titled or _is_problem(outline, h)]
        for heading in chosen:
            t_start, t_end, body_start = titled.get(heading.index) or _plain_title(text, heading)
            section, category = _section_of(outline, heading)
            items.append(ItemBlock(heading, t_start, t_end, body_start, section, category))
    items.sort(key=lambda item: item.start)
    return items


def _walk(outline: Outline, headings: list[Heading], titled: dict[int, tuple[int, int, int]],
          implicit: bool) -> list[Heading]:
    """Items among headings: titled ones, and untitled ones where untitled entries count (implicit)."""
    out: list[Heading] = []
    for heading in headings:
        quoted = heading.index in titled and outline.text[titled[heading.index][0] - 1] in _OPEN_CLOSE
        grouping = _has_titled(outline, heading, titled) or (not quoted and _groups(outline, heading))
        if grouping:
            # entries of an area group count even when the section also has titled items; the
            # subsections of a section that is not about problems (一、上半年工作开展情况) hold none
            nested = implicit or _names_problems(outline, heading, titled)
            out.extend(_walk(outline, outline.children(heading.index), titled, nested))
        elif heading.index in titled or implicit:
            out.append(heading)
    return out


def _is_problem(outline: Outline, heading: Heading) -> bool:
    """An untitled entry that names a problem: its heading phrase (or a grouping ancestor's) describes a
    shortcoming (…不够深入, …不到位)."""
    text = outline.text
    return describes_shortcoming(heading.head(text)) or any(
        describes_shortcoming(a.head(text)) for a in outline.ancestors(heading)[:-1])


def _has_titled(outline: Outline, heading: Heading, titled: dict[int, tuple[int, int, int]]) -> bool:
    """True if a titled item heading is nested under heading."""
    return any(d.index in titled for d in outline.descendants(heading))


def _item_sections(outline: Outline) -> list[Heading | None]:
    """Top-level headings that may hold items; None stands for a document with no top-level numbering."""
    tops = outline.children(None)
    kinds = {h.kind for h in tops}
    if not tops or kinds == {"bare"}:
        return [None]
    return [h for h in tops if h.kind != "bare" and not is_non_item_section(h.head(outline.text))] + (
        [None] if "bare" in kinds else [])


def _groups(outline: Outline, heading: Heading) -> bool:
    """True for a heading that only groups numbered problems: (一)党的政治建设方面 / …方面存在的问题.

    Its children follow it directly, and it names no problem of its own, or names an area (方面), or its
    children name problems. A problem whose measures are numbered (1.…的问题 / (1)修订…) is no group.
    """
    kids = outline.children(heading.index)
    text = outline.text
    if not kids or text[heading.line_end:kids[0].start].strip():
        return False
    head = heading.label(text)
    return (not _PROBLEM_TAIL.search(head) or "方面" in head
            or any(_PROBLEM_TAIL.search(kid.head(text)) for kid in kids))


def _names_problems(outline: Outline, heading: Heading, titled: dict[int, tuple[int, int, int]]) -> bool:
    """True for a group that names an area of problems (…方面, …存在的问题), whose entries are titled or
    name problems (…不深入的问题), or whose entries report under a 整改情况: / 整改措施: label."""
    text = outline.text
    kids = outline.children(heading.index)
    return ("方面" in heading.label(text) or _ENDS_WITH_PROBLEM.search(heading.head(text)) is not None
            or any(kid.index in titled or _ENDS_WITH_PROBLEM.search(kid.head(text)) for kid in kids)
            or _MEASURES_LABEL.search(text, heading.line_end, heading.end) is not None)


def _section_of(outline: Outline, heading: Heading) -> tuple[Heading | None, Heading | None]:
    """The section an item sits in (nearest status heading, else its top-level heading) and its category."""
    text = outline.text
    ancestors = outline.ancestors(heading)
    if not ancestors:
        return None, None
    section = next((a for a in ancestors if section_status(a.head(text))), ancestors[-1])
    between = ancestors[:ancestors.index(section)]
    category = between[0] if between else None
    return section, category


def quoted_title(text: str, heading: Heading) -> tuple[int, int, int] | None:
    """(title start, title end, body start) for 关于“…”的问题 / 针对“…”问题 headings, else None."""
    lead = _ITEM_LEAD.match(text, heading.label_start, heading.line_end)
    if lead is None:
        return None
    pos = lead.end()
    if pos < heading.line_end and text[pos] in _OPEN_CLOSE and text[pos] != "《":
        close = _closing_quote(text, pos, heading.line_end)
        if close is None or close == pos + 1:
            return None
        after = _AFTER_TITLE.match(text, close + 1, heading.line_end)
        return pos + 1, close, after.end() if after else close + 1
    # the last 问题 of the heading phrase: 关于巡察发现问题整改不彻底的问题
    stop = _UNQUOTED_TITLE_END.search(text, pos, heading.line_end)
    limit = min(stop.start() if stop else heading.line_end, pos + _UNQUOTED_TITLE_MAX)
    tails = list(_PROBLEM_TAIL.finditer(text, pos, limit))
    tail = tails[-1] if tails else None
    if tail is None or tail.start() == pos or _GENERIC_TITLE.fullmatch(text, pos, tail.start()):
        return None
    after = _AFTER_TITLE.match(text, tail.start(), heading.line_end)
    return pos, tail.start(), after.end() if after else tail.end()


def _closing_quote(text: str, open_at: int, limit: int) -> int | None:
    """Offset of the quote closing the one at open_at: nesting counted; else the last closer before 问题."""
    opener = text[open_at]
    closer = _OPEN_CLOSE[opener]
    if opener != closer:
        depth = 0
        for i in range(open_at, limit):
            if text[i] == opener:
                depth += 1
            elif text[i] == closer:
                depth -= 1
                if depth == 0:
                    return i
    tail = _PROBLEM_TAIL.search(text, open_at + 1, limit)
    stop = tail.start() if tail else limit
    last = text.rfind(closer, open_at + 1, stop)
    return last if last != -1 else None


def labelled_title(text: str, heading: Heading) -> tuple[int, int, int] | None:
    """(title start, title end, body start) for 问题1:… lines and 1.问题:… / (一)问题一:… headings."""
    start = heading.label_start
    if heading.kind != "prob":
        label = _PROBLEM_LABEL.match(text, start, heading.line_end)
        if label is None:
            return None
        start = label.end()
    stop = _TITLE_STOP.search(text, start, heading.line_end)
    title_end = stop.start() if stop else heading.line_end
    if title_end <= start:
        return None
    body = stop.end() if stop and stop.group() in "。;；" else title_end
    return start, title_end, body


def _plain_title(text: str, heading: Heading) -> tuple[int, int, int]:
    """Title of a numbered item with no quotes: its heading phrase, without 关于 and 的问题."""
    found = quoted_title(text, heading) or labelled_title(text, heading)
    if found is not None:
        return found
    start, end = heading.label_start, heading.head_end
    lead = _ITEM_LEAD.match(text, start, end)
    if lead is not None:
        start = lead.end()
    tail = re.compile(r"(?:的)?问题$").search(text, start, end)
    title_end = tail.start() if tail and tail.start() > start else end
    body = end + 1 if end < heading.line_end else end
    return start, title_end, body
