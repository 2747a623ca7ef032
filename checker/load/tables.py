"""Tables to ledgers: the rows of a CSV file, an Excel sheet or a Word table become the canonical ledger
dict (DESIGN §4), and every pointer in it keeps the cell it came from (`整改台账!F7`).

Real ledgers are laid out for printing: a merged title row ("樊城区司法局党组巡察整改台账") above the
header, headers with line breaks ("整改\\n时限") or two header rows (责任主体 over 责任领导/责任部门/责任人),
group rows naming a category over the items below, one issue over several rows (one measure per row,
the 问题 cell merged or left blank), numbered measures in one cell. Values are passed on as written when
they cannot be read (an unknown status word, a deadline that is not a date) so that validation reports
them at their cell instead of this reader guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from checker import vocab
from checker.errors import InputError
from checker.load import one_line
from checker.location import Location, pointer_join
from checker.text.dates import parse_date, parse_date_span

HEADER_SCAN_ROWS = 30  # the header must be among the first rows
MIN_HEADER_FIELDS = 3  # a row is the header when this many distinct fields are recognised in it

# Header text (whitespace and notes in brackets removed, English lower-cased) -> ledger field; the words
# are checker.vocab's.
HEADERS: dict[str, str] = vocab.header_fields()
# Status words (whitespace removed) -> status; longer words are tried first as prefixes.
STATUS_WORDS: dict[str, str] = vocab.status_by_word()
_STATUS_PREFIXES = tuple(sorted(STATUS_WORDS, key=len, reverse=True))
_DATE_FIELDS = ("deadline", "completed_on")
_OWNER_FIELDS = ("owner.leader", "owner.department", "owner.person")
_STATUS_TRIM = "。.;;,,"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (20000, 80000)  # Excel day numbers of 1954..2119: a plain number in a date column

_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[（(【\[].*?[)）】\]]")
_HEADER_TRIM = "*※:：#"
_NUMERIC = re.compile(r"\d+(?:\.0+)?")
_ENUM_PREFIX = re.compile(
    r"^\s*(?:[（(]?\d{1,2}[)）.．、](?!\d)|[①-⑳]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[是、.．]"
    r"|第[一二三四五六七八九十]+[,,、:：])\s*")
_GROUP_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[类部分]+)")
_GROUP_COUNT = re.compile(r"[（(]\s*共?\s*\d+\s*[个项条]\s*[)）]\s*$")
_TRAILING = ";;,,、 \t"
_EVIDENCE_SPLIT = re.compile(r"[\n;;]+")
_UNIT_LABEL = re.compile(vocab.alternation(vocab.UNIT_LABELS) + r"\s*[::]\s*([^\s::]{2,40})")
_DATE_LABEL = re.compile(vocab.alternation(vocab.REPORT_DATE_LABELS) + r"\s*[::]\s*([^\s]{6,20})")
_TITLE_CUT = vocab.TITLE_CUT_WORDS
_UNIT_SUFFIX = re.compile(vocab.alternation(vocab.UNIT_SUFFIXES) + "$")

_CN_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
               "十五", "十六", "十七", "十八", "十九", "二十")
_LEAD = r"(?:^|(?<=[\s;;。,,:：!！?？]))"
# "1.5万" and "2.2023.3.27" are numbers, not markers; "2.2023年3月…" is item 2
_NOT_DECIMAL = r"(?!\d+(?:[.．]\d|[万亿%％倍]))"
# Numbering families for measures in one cell: marker n (1-based) of each family as a regex.
_FAMILIES: tuple[tuple[re.Pattern[str], ...], ...] = (
    tuple(re.compile(_LEAD + rf"(?:[（(]{n}[)）]|{n}[.．、)）]{_NOT_DECIMAL})", re.M) for n in range(1, 21)),
    tuple(re.compile(chr(0x2460 + n - 1)) for n in range(1, 21)),  # ① … ⑳ need no separator before
    tuple(re.compile(_LEAD + rf"{cn}是", re.M) for cn in _CN_NUMBERS),
    tuple(re.compile(_LEAD + rf"(?:{cn}[、.．]|[（(]{cn}[)）])", re.M) for cn in _CN_NUMBERS),
    tuple(re.compile(_LEAD + rf"第{cn}[,,、:：]", re.M) for cn in _CN_NUMBERS),
)


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its value as the file holds it and where it is."""

    value: object  # str | int | float | bool | datetime | date | time | None
    ref: str  # "F7"; empty for text outside the table (a Word paragraph above it)
    line: int  # sheet row, CSV source line or Word paragraph number (1-based)
    column: int  # column number (1-based)

    @property
    def text(self) -> str:
        """The value as text, stripped (dates as ISO dates, whole numbers without ".0")."""
        return cell_text(self.value)


def cell_text(value: object) -> str:
    """A cell value as the text a reader sees."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "").strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """(7, 6) -> "F7"."""
    return f"{column_letter(column)}{row}"


def header_field(text: str) -> str | None:
    """The ledger field a header cell names ("整改\\n时限" -> "deadline"), or None."""
    key = _SPACE.sub("", text).strip(_HEADER_TRIM)
    key = _NOTE.sub("", key).strip(_HEADER_TRIM) or key
    field_name = HEADERS.get(key) or HEADERS.get(key.lower().replace("-", "_"))
    if field_name is None:
        field_name = HEADERS.get(text.strip().lower().replace(" ", "_").replace("-", "_"))
    return field_name


def find_header(rows: Sequence[Sequence[Cell]], scan_rows: int = HEADER_SCAN_ROWS) -> int | None:
    """Index of the first row naming at least MIN_HEADER_FIELDS distinct ledger fields, or None."""
    for index, row in enumerate(rows[:scan_rows]):
        if len(set(_row_fields(row).values())) >= MIN_HEADER_FIELDS:
            return index
    return None


def table_to_ledger(rows: Sequence[Sequence[Cell]], sheet: str, path: str,
                    preamble: Iterable[Cell] = ()) -> tuple[dict, TableMap]:
    """The ledger dict of a table and its source map; InputError when no header row is found.
    `sheet` prefixes cell references ("整改台账" -> "整改台账!F7"; "" for CSV); `preamble` holds text
    outside the table (a title paragraph) that may name the unit."""
    header = find_header(rows)
    if header is None:
        raise InputError("未找到整改台账表头", Location(path, cell=sheet or None),
                         hint="表头应至少包含下列列名中的三个: 序号、问题、整改措施、责任领导、责任部门、"
                              "责任人、整改时限、整改状态、完成时间、佐证材料")
    columns = _row_fields(rows[header])
    first_data = header + 1
    if first_data < len(rows) and _second_header(rows[header], rows[first_data], columns):
        for index, name in _row_fields(rows[first_data]).items():
            if name not in columns.values():
                columns[index] = name
        first_data += 1
    builder = _Builder(path, sheet, columns, rows[header])
    builder.facts([cell for row in rows[:header] for cell in row] + list(preamble))
    for row in rows[first_data:]:
        builder.add(row)
    return builder.ledger, TableMap(path, sheet, builder.entries)


class TableMap:
    """pointer -> the cell a value came from (cell reference, row as line, column number)."""

    def __init__(self, path: str, sheet: str, entries: dict[str, tuple[Cell, str]]) -> None:
        self.path = path
        self.sheet = sheet
        self._entries = entries

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """The cell of the value at `pointer` (or of its closest recorded ancestor); a span stays in it."""
        found = self._find(pointer)
        if found is None:
            return Location(self.path, pointer=pointer or None)
        cell = found[0]
        ref = f"{self.sheet}!{cell.ref}" if self.sheet and cell.ref else cell.ref or None
        return Location(self.path, cell.line, cell.column, pointer=pointer or None, cell=ref)

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """The cell text (for split measures and evidence: that part), or the span of it."""
        found = self._find(pointer)
        if found is None:
            return ""
        text = found[1]
        if start is not None and pointer in self._entries:
            text = text[start:end]
        return one_line(text)

    def _find(self, pointer: str) -> tuple[Cell, str] | None:
        probe = pointer
        while probe not in self._entries and probe:
            probe = probe[:probe.rfind("/")]
        return self._entries.get(probe)


@dataclass
class _Issue:
    """An issue being assembled from one or more rows."""

    data: dict
    pointer: str
    title: str
    id_text: str


@dataclass
class _Builder:
    """Turns data rows into issues, recording the cell of every value."""

    path: str
    sheet: str
    columns: dict[int, str]
    header: Sequence[Cell]
    ledger: dict = field(default_factory=lambda: {"issues": []})
    entries: dict[str, tuple[Cell, str]] = field(default_factory=dict)
    group: tuple[str, Cell] | None = None
    current: _Issue | None = None

    def __post_init__(self) -> None:
        named = [cell for index, cell in enumerate(self.header) if index in self.columns]
        if named:
            self.entries["/issues"] = (named[0], named[0].text)

    def facts(self, cells: Iterable[Cell]) -> None:
        """Report-level facts from text above the header: the unit (from a label or the title), the date."""
        titled: tuple[str, Cell] | None = None
        for cell in cells:
            text = cell.text
            if not text:
                continue
            label = _UNIT_LABEL.search(text)
            if label and "unit" not in self.ledger and _NOTE.sub("", label.group(1)):
                self._set_fact("unit", _NOTE.sub("", label.group(1)), cell)
            when = _DATE_LABEL.search(text)
            if when and "report_date" not in self.ledger:
                parsed = parse_date(when.group(1))
                if parsed is not None:
                    self._set_fact("report_date", parsed.isoformat(), cell)
            if titled is None and "整改" in text and any(word in text for word in vocab.LEDGER_TITLE_WORDS):
                unit = _unit_from_title(text)
                if unit:
                    titled = (unit, cell)
        if titled is not None and "unit" not in self.ledger:
            self._set_fact("unit", *titled)

    def _set_fact(self, key: str, value: str, cell: Cell) -> None:
        self.ledger[key] = value
        self.entries["/" + key] = (cell, cell.text)

    def add(self, row: Sequence[Cell]) -> None:
        """One data row: skipped when empty, a category if a group row, else an issue or part of one."""
        texts = [cell.text for cell in row if cell.text]
        if not texts:
            return
        cells = {name: row[index] for index, name in self.columns.items() if index < len(row)}
        if not any(cell.text for cell in cells.values()):
            return  # text only in columns that map to nothing (备注...)
        if self._is_group(row, texts, cells):
            first = next(cell for cell in row if cell.text)
            self.group = (_clean_group(first.text), first)
            self.current = None
            return
        id_text = _id_text(cells.get("id"))
        title = cells["title"].text if "title" in cells else ""
        current = self.current
        if current is not None and ((not id_text and not title) or
                                    (title == current.title and id_text in ("", current.id_text))):
            self._continue(current, cells)
        else:
            self._start(cells, id_text, title)

    def _is_group(self, row: Sequence[Cell], texts: list[str], cells: dict[str, Cell]) -> bool:
        """A row with one distinct text, in the first column, merged across columns or numbered like
        a heading (一、党的政治建设方面), that is not a bare number: a category heading."""
        if len(set(texts)) != 1 or _NUMERIC.fullmatch(texts[0]):
            return False
        first = next(index for index, cell in enumerate(row) if cell.text)
        title_cell = cells.get("title")
        in_title_only = title_cell is not None and row[first] is title_cell
        return len(texts) > 1 or bool(_GROUP_PREFIX.match(texts[0])) or (first == 0 and not in_title_only)

    def _start(self, cells: dict[str, Cell], id_text: str, title: str) -> None:
        issues = self.ledger["issues"]
        base = pointer_join("/issues", len(issues))
        issue: dict = {"id": id_text or str(len(issues) + 1)}
        anchor = cells.get("title") or cells.get("id") or next(iter(cells.values()))
        self.entries[base] = (anchor, anchor.text)
        if title:
            issue["title"] = title
        if self.group is not None and not (cells.get("category") and cells["category"].text):
            issue["category"] = self.group[0]
            self.entries[base + "/category"] = (self.group[1], self.group[0])
        owner_cells = [cells[name] for name in _OWNER_FIELDS if name in cells]
        if owner_cells:
            self.entries[base + "/owner"] = (owner_cells[0], owner_cells[0].text)
        for name, cell in cells.items():
            pointer = base + "/" + name.replace(".", "/")
            self.entries.setdefault(pointer, (cell, cell.text))
        self.current = _Issue(issue, base, title, id_text)
        self._fill(self.current, cells, first=True)
        issues.append(issue)

    def _continue(self, current: _Issue, cells: dict[str, Cell]) -> None:
        """A further row of the same issue: its measures and evidence are added, gaps are filled."""
        self._fill(current, cells, first=False)

    def _fill(self, current: _Issue, cells: dict[str, Cell], *, first: bool) -> None:
        issue, base = current.data, current.pointer
        long_term = False
        for name, cell in cells.items():
            text = cell.text
            if not text or name in ("id", "title"):
                continue
            if name in ("measures", "evidence"):
                parts = split_measures(text) if name == "measures" else split_evidence(text)
                items = issue.setdefault(name, [])
                for part in parts:
                    pointer = pointer_join(base, name, len(items))
                    items.append({"text": part} if name == "measures" else part)
                    self.entries[pointer] = (cell, part)
                    if name == "measures":
                        self.entries[pointer + "/text"] = (cell, part)
                continue
            if name.startswith("owner."):
                owner = issue.setdefault("owner", {})
                key = name.split(".", 1)[1]
                if key not in owner:
                    owner[key] = text
                    self.entries[f"{base}/owner/{key}"] = (cell, text)
                continue
            if name in issue:
                continue
            if name == "deadline" and status_value(text) == "long_term":
                long_term = True  # 长期坚持 as the deadline: no date, a long-term item
                continue
            issue[name] = _field_value(name, cell)
            if not first:
                self.entries[f"{base}/{name}"] = (cell, text)
        if long_term and "status" not in issue:
            issue["status"] = "long_term"


def _row_fields(row: Sequence[Cell]) -> dict[int, str]:
    """Column index -> field for the header cells of a row (the first column naming a field wins)."""
    found: dict[int, str] = {}
    for index, cell in enumerate(row):
        text = cell.text
        if not text or len(text) > 30:
            continue
        name = header_field(text)
        if name is not None and name not in found.values():
            found[index] = name
    return found


def _second_header(top: Sequence[Cell], below: Sequence[Cell], columns: dict[int, str]) -> bool:
    """The row below the header completes it (责任主体 over 责任领导/责任部门/责任人): it names a field
    the header lacks, and each of its other cells is empty or repeats the header cell above."""
    extra = _row_fields(below)
    if not any(name not in columns.values() for name in extra.values()):
        return False
    for index, cell in enumerate(below):
        if cell.text and index not in extra:
            above = top[index].text if index < len(top) else ""
            if cell.text != above:
                return False
    return True


def _id_text(cell: Cell | None) -> str:
    """The id as written: whole numbers without ".0", a trailing "." or "、" dropped."""
    if cell is None:
        return ""
    return cell.text.rstrip(".、．").strip()


def _field_value(name: str, cell: Cell) -> object:
    """The ledger value of one cell: ISO dates for date columns, status words mapped, else the text."""
    if name in _DATE_FIELDS:
        return date_value(cell.value, lenient_end=name == "deadline")
    if name == "status":
        return status_value(cell.text)
    return cell.text


def date_value(value: object, *, lenient_end: bool = False) -> str:
    """An ISO date for Excel dates, day numbers in date columns and written dates (2023年6月30日,
    2023.6.30); with `lenient_end` a month or year names its last day (2023年6月底 -> 2023-06-30).
    Anything else is returned as written, for validation to report."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        return cell_text(value)
    text = cell_text(value)
    compact = _SPACE.sub("", text)  # "2023 年 6 月 30 日" as typed into a cell
    parsed = parse_date(text) or parse_date(compact)
    if parsed is None and lenient_end:
        span = parse_date_span(text) or parse_date_span(compact)
        parsed = span[1] if span else None
    return parsed.isoformat() if parsed else text


def status_value(text: str) -> str:
    """completed / in_progress / long_term for a known status word (or a cell starting with one);
    unknown words are returned as written."""
    key = _SPACE.sub("", text).strip(_STATUS_TRIM).lower()
    if key in STATUS_WORDS:
        return STATUS_WORDS[key]
    for word in _STATUS_PREFIXES:
        if key.startswith(word.replace(" ", "")):
            return STATUS_WORDS[word]
    return text


def split_measures(text: str) -> list[str]:
    """Numbered measures in one cell ("1.…2.…", "一是…二是…", "(1)…(2)…", "①…②…") as a list, else
    one measure per line, else the whole text."""
    text = text.strip()
    for family in _FAMILIES:
        first = family[0].match(text)
        if first is None:
            continue
        bounds = [(first.start(), first.end())]
        for marker in family[1:]:
            found = marker.search(text, bounds[-1][1])
            if found is None:
                break
            bounds.append((found.start(), found.end()))
        if len(bounds) >= 2:
            ends = [start for start, _ in bounds[1:]] + [len(text)]
            pieces = (text[bound[1]:stop] for bound, stop in zip(bounds, ends, strict=True))
            parts = [piece.strip().rstrip(_TRAILING).strip() for piece in pieces]
            return [part for part in parts if part]
    lines = (_ENUM_PREFIX.sub("", line).strip().rstrip(_TRAILING).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def split_evidence(text: str) -> list[str]:
    """Evidence items: one per line or per semicolon ("、" is not a separator: titles contain it)."""
    parts = (_ENUM_PREFIX.sub("", part).strip().rstrip(_TRAILING) for part in _EVIDENCE_SPLIT.split(text))
    return [part for part in parts if part]


def _clean_group(text: str) -> str:
    """A category heading without its numbering or item count (一、党的政治建设(5个) -> 党的政治建设)."""
    text = _GROUP_PREFIX.sub("", text)
    text = _ENUM_PREFIX.sub("", text)
    return _GROUP_COUNT.sub("", text).strip().rstrip(":：")


def _unit_from_title(text: str) -> str | None:
    """The unit named before 关于/巡察/整改 in a title: 樊城区司法局党组巡察整改台账 -> 樊城区司法局党组."""
    compact = _SPACE.sub("", text)
    cuts = [compact.find(word) for word in _TITLE_CUT if compact.find(word) > 0]
    if not cuts:
        return None
    unit = compact[:min(cuts)].removeprefix("中共")
    if 2 <= len(unit) <= 40 and _UNIT_SUFFIX.search(unit):
        return unit
    return None
