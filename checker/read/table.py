"""The table reader: the rows of a CSV file, an Excel sheet or a Word table become the canonical ledger
dict (DESIGN §4), and every pointer in it keeps the cell it came from (`整改台账!F7`).

Real ledgers are laid out for printing: a merged title row ("樊城区司法局党组巡察整改台账(截至2024年5月20日)")
above the header, headers with line breaks ("整改\\n时限"), combined headers (责任单位/责任人), two header
rows (责任主体 over 责任领导/责任部门/责任人), group rows naming a category over the items below, one issue
over several rows (one measure per row, the 问题 cell merged or left blank), numbered measures in one cell,
several sheets. Each value goes through its value reader (checker.read.dates, deadline, status, owner,
evidence, ids); a value that cannot be read is a note at its cell (`input/unreadable-value`) and is left out,
so every other value is still checked. A column no label names is a note (info) naming it; formula cells
without a saved result are one note naming them, and their values are unknown, not missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from checker import vocab
from checker.errors import InputError
from checker.findings import Finding, Severity
from checker.load import one_line
from checker.load.tables import Cell, Formula, Sheet
from checker.location import Location, pointer_join
from checker.read.dates import date_of, read_date
from checker.read.deadline import read_deadline
from checker.read.evidence import split_evidence as _split_evidence
from checker.read.ids import read_id
from checker.read.owner import read_owner
from checker.read.promise import promised_date
from checker.read.scripts import sheets_as_read, table_as_written
from checker.read.status import read_status, status_of

HEADER_SCAN_ROWS = 30  # the header must be among the first rows
MIN_HEADER_FIELDS = 3  # a row is the header when this many distinct fields are recognised in it

# Header text (whitespace and notes in brackets removed, English lower-cased) -> ledger field; the words
# are checker.vocab's.
HEADERS: dict[str, str] = vocab.header_fields()
_OWNER_FIELDS = ("owner.leader", "owner.department", "owner.person")
_COMBINED_SPLIT = re.compile(vocab.alternation(vocab.COMBINED_HEADER_SEPARATORS))
_AS_OF = re.compile(vocab.alternation(vocab.AS_OF_WORDS)
                    + r"\s*(?:日期)?\s*[:：]?\s*(?P<date>[^)）\]】,，;；\s]{4,24})")
_STATUS_CELL_MAX = 12  # a progress cell this short that starts with a status word is a status
UNREADABLE_RULE = "input/unreadable-value"  # a cell that cannot be read: reported at the cell, left out
UNKNOWN_COLUMN_RULE = "input/unknown-column"  # a column no label of checker.vocab names
FORMULA_RULE = "input/formula-without-value"  # formula cells whose result was never saved

_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[（(【\[].*?[)）】\]]")
_HEADER_TRIM = "*※:：#"
_NUMERIC = re.compile(r"\d+(?:\.0+)?")
_ENUM_PREFIX = re.compile(
    r"^\s*(?:[（(]?\d{1,2}[)）.．、](?!\d)|[①-⑳]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[是、.．]"
    r"|第[一二三四五六七八九十]+[,，、:：])\s*")
_GROUP_PREFIX = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[类部分]+)")
_GROUP_COUNT = re.compile(r"[（(]\s*共?\s*\d+\s*[个项条]\s*[)）]\s*$")
_TRAILING = ";；,，、 \t"
_UNIT_LABEL = re.compile(vocab.alternation(vocab.UNIT_LABELS) + r"\s*[:：]\s*([^\s:：]{2,40})")
_FEEDBACK_LABEL = re.compile(vocab.alternation(vocab.FEEDBACK_DATE_LABELS) + r"\s*[:：]\s*([^\s,，;；]{6,20})")
_DATE_LABEL = re.compile(vocab.alternation(vocab.REPORT_DATE_LABELS) + r"\s*[:：]\s*([^\s]{6,20})")
_TITLE_CUT = vocab.TITLE_CUT_WORDS
_UNIT_SUFFIX = re.compile(vocab.alternation(vocab.UNIT_SUFFIXES) + "$")

_CN_NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
               "十五", "十六", "十七", "十八", "十九", "二十")
_LEAD = r"(?:^|(?<=[\s;；。,，:：!！?？]))"
# "1.5万" and "2.2023.3.27" are numbers, not markers; "2.2023年3月…" is item 2
_NOT_DECIMAL = r"(?!\d+(?:[.．]\d|[万亿%％倍]))"
# Numbering families for measures in one cell: marker n (1-based) of each family as a regex.
_FAMILIES: tuple[tuple[re.Pattern[str], ...], ...] = (
    tuple(re.compile(_LEAD + rf"(?:[（(]{n}[)）]|{n}[.．、)）]{_NOT_DECIMAL})", re.M) for n in range(1, 21)),
    tuple(re.compile(chr(0x2460 + n - 1)) for n in range(1, 21)),  # ① … ⑳ need no separator before
    tuple(re.compile(_LEAD + rf"{cn}是", re.M) for cn in _CN_NUMBERS),
    tuple(re.compile(_LEAD + rf"(?:{cn}[、.．]|[（(]{cn}[)）])", re.M) for cn in _CN_NUMBERS),
    tuple(re.compile(_LEAD + rf"第{cn}[,，、:：]", re.M) for cn in _CN_NUMBERS),
)


def header_fields(text: str) -> tuple[str, ...]:
    """The ledger fields a header cell names: ("deadline",) for "整改\\n时限", ("owner.department",
    "owner.person") for a combined 责任单位/责任人 or 整改责任单位/责任人, () when it names none."""
    single = _single_field(text)
    if single is not None:
        return (single,)
    key = _NOTE.sub("", _SPACE.sub("", text)).strip(_HEADER_TRIM)
    for prefix in vocab.HEADER_PREFIXES:
        key = key.removeprefix(prefix)
    parts = [part for part in _COMBINED_SPLIT.split(key) if part]
    if len(parts) < 2:  # 责任领导\n责任人 written in one cell: two labels side by side
        parts = next(([key[:cut], key[cut:]] for cut in range(2, len(key) - 1)
                      if _single_field(key[:cut]) in _OWNER_FIELDS and _single_field(key[cut:]) in _OWNER_FIELDS), [])
    if len(parts) < 2:
        return ()
    fields: list[str] = []
    for part in parts:
        name = _single_field(part)
        if name is None or name not in _OWNER_FIELDS or name in fields:
            return ()
        fields.append(name)
    return tuple(fields)


def header_field(text: str) -> str | None:
    """The first ledger field a header cell names ("整改\\n时限" -> "deadline"), or None."""
    fields = header_fields(text)
    return fields[0] if fields else None


def _single_field(text: str) -> str | None:
    key = _SPACE.sub("", text).strip(_HEADER_TRIM)
    key = _NOTE.sub("", key).strip(_HEADER_TRIM) or key
    name = HEADERS.get(key) or HEADERS.get(key.lower().replace("-", "_"))
    if name is None:
        name = HEADERS.get(text.strip().lower().replace(" ", "_").replace("-", "_"))
    if name is None:
        for prefix in vocab.HEADER_PREFIXES:
            if key.startswith(prefix) and key != prefix:
                name = HEADERS.get(key.removeprefix(prefix))
                break
    return name


def find_header(rows: Sequence[Sequence[Cell]], scan_rows: int = HEADER_SCAN_ROWS) -> int | None:
    """Index of the first row naming at least MIN_HEADER_FIELDS distinct ledger fields, or None."""
    for index, row in enumerate(rows[:scan_rows]):
        if len({name for fields in _row_fields(row).values() for name in fields}) >= MIN_HEADER_FIELDS:
            return index
    return None


def table_to_ledger(rows: Sequence[Sequence[Cell]], sheet: str, path: str,
                    preamble: Iterable[Cell] = ()) -> tuple[dict, TableMap]:
    """The ledger dict of one table and its source map; InputError when no header row is found.
    `sheet` prefixes cell references ("整改台账" -> "整改台账!F7"; "" for CSV); `preamble` holds text
    outside the table (a title paragraph) that may name the unit or the date."""
    return read_tables([Sheet(sheet, [list(row) for row in rows], list(preamble))], path)


def read_tables(sheets: Sequence[Sheet], path: str) -> tuple[dict, TableMap]:
    """One ledger from every sheet that has a header row (a workbook with one sheet per category or per
    year), items in sheet order; InputError naming the sheets when none has one."""
    sheets, converted = sheets_as_read(sheets)  # cells in traditional characters are read in simplified ones
    table_map = TableMap(path)
    ledger: dict = {"issues": []}
    tables = [(sheet, header) for sheet in sheets if (header := find_header(sheet.rows)) is not None]
    qualify = _numbering_restarts(tables)
    for sheet, header in tables:
        _read_sheet(sheet, header, path, ledger, table_map, f"{sheet.name}-" if qualify else "")
    if not tables:
        names = "、".join(sheet.name for sheet in sheets if sheet.name)
        where = f"(已查找工作表: {names})" if names else ""
        raise InputError(f"未找到表头{where}", Location(path, cell=sheets[0].name or None if sheets else None),
                         hint="表头应至少包含下列列名中的三个: " + "、".join(_HEADER_HINT))
    if table_map.formulas:
        table_map.note_formulas()
    table_as_written(ledger, table_map, converted)  # ... and shown as written
    return ledger, table_map


_HEADER_HINT = tuple(vocab.label_of(name) for name in vocab.USUAL_COLUMNS)


def _numbering_restarts(tables: Sequence[tuple[Sheet, int]]) -> bool:
    """Whether two sheets use the same item numbers (each sheet of a workbook numbered from 1): their ids
    then get the sheet name in front (党的建设-1), as the prose reader puts the section number in front
    where numbering restarts per section, so that every item keeps an id of its own."""
    seen: set[str] = set()
    for sheet, header in tables:
        column = next((i for i, fields in _row_fields(sheet.rows[header]).items() if fields[0] == "id"), None)
        if column is None:
            continue
        ids = {read_id(row[column].value) for row in sheet.rows[header + 1:] if column < len(row)} - {""}
        if ids & seen:
            return True
        seen |= ids
    return False


def _read_sheet(sheet: Sheet, header: int, path: str, ledger: dict, table_map: TableMap,
                id_prefix: str = "") -> None:
    rows = sheet.rows
    columns = _row_fields(rows[header])
    first_data = header + 1
    header_rows = [rows[header]]
    if first_data < len(rows) and _second_header(rows[header], rows[first_data], columns):
        known = {name for fields in columns.values() for name in fields}
        for index, fields in _row_fields(rows[first_data]).items():
            if not known & set(fields):
                columns[index] = fields
        header_rows.append(rows[first_data])
        first_data += 1
    builder = _Builder(path, sheet.name, columns, rows[header], ledger, table_map, id_prefix=id_prefix)
    builder.unknown_columns(header_rows)
    builder.facts([cell for row in rows[:header] for cell in row] + list(sheet.preamble))
    builder.context_year = _context_year(ledger, rows[first_data:], columns)
    for row in rows[first_data:]:
        builder.add(row)


def _context_year(ledger: dict, rows: Sequence[Sequence[Cell]], columns: dict[int, tuple[str, ...]]) -> int | None:
    """The year of dates written without one (6月底前, 第二季度): the report date's, else the year most full
    dates of the table's date columns share."""
    if ledger.get("report_date"):
        return int(str(ledger["report_date"])[:4])
    votes: Counter[int] = Counter()
    date_columns = [i for i, fields in columns.items() if set(fields) & {"deadline", "completed_on", "review_date"}]
    for row in rows:
        for index in date_columns:
            if index < len(row):
                day = read_date(row[index].value).value
                if day is not None:
                    votes[int(str(day)[:4])] += 1
    return max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0] if votes else None


class TableMap:
    """pointer -> the cell a value came from (cell reference, row as line, column number); `notes` are the
    findings of reading (unreadable cells, unknown columns, formulas), `unknown` the pointers of values
    that are stated but not known (a formula without a saved result, 立行立改 with no feedback date)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._entries: dict[str, tuple[Cell, str, str]] = {}
        self.notes: list[Finding] = []
        self.unknown: set[str] = set()
        self.formulas: list[tuple[str, Cell, str]] = []  # (sheet, cell, item id)
        # values written in traditional characters, as read (simplified): what rules match (read.scripts)
        self.simplified: dict[str, str] = {}

    def record(self, pointer: str, cell: Cell, text: str, sheet: str, *, replace: bool = True) -> None:
        """Remember that the value at `pointer` is `text` of `cell`."""
        if replace or pointer not in self._entries:
            self._entries[pointer] = (cell, text, sheet)

    def entries(self) -> dict[str, tuple[Cell, str, str]]:
        """A copy of what was recorded: pointer -> (cell, text, sheet)."""
        return dict(self._entries)

    def cell_location(self, cell: Cell, sheet: str, pointer: str | None = None) -> Location:
        """The Location of a cell of a sheet."""
        ref = f"{sheet}!{cell.ref}" if sheet and cell.ref else cell.ref or None
        return Location(self.path, cell.line, cell.column, pointer=pointer or None, cell=ref)

    def note(self, rule: str, severity: Severity, message: str, cell: Cell, sheet: str,
             item: str | None = None, pointer: str | None = None) -> None:
        """A finding of reading, at a cell, quoting it."""
        self.notes.append(Finding(rule, severity, message, self.cell_location(cell, sheet, pointer), item,
                                  one_line(cell.text or str(cell.value or ""))))

    def note_formulas(self) -> None:
        """One finding naming every formula cell whose result was never saved."""
        sheet, first, item = self.formulas[0]
        refs = [f"{s}!{c.ref}" if s else c.ref for s, c, _ in self.formulas]
        shown = "、".join(refs[:10]) + (f" 等 {len(refs)} 个单元格" if len(refs) > 10 else "")
        message = (f"公式单元格没有保存计算结果,其值无法读取: {shown}。这些值按“未知”处理,不视为未填写;"
                   "请在 Excel 中打开并保存后再检查")
        self.notes.append(Finding(FORMULA_RULE, Severity.WARNING, message, self.cell_location(first, sheet),
                                  item if len(self.formulas) == 1 else None, one_line(str(first.value))))

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """The cell of the value at `pointer` (or of its closest recorded ancestor); a span stays in it."""
        found = self._find(pointer)
        if found is None:
            return Location(self.path, pointer=pointer or None)
        return self.cell_location(found[0], found[2], pointer)

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """The cell text (for split measures and evidence: that part), or the span of it."""
        found = self._find(pointer)
        if found is None:
            return ""
        text = found[1]
        if start is not None and pointer in self._entries:
            text = text[start:end]
        return one_line(text)

    def _find(self, pointer: str) -> tuple[Cell, str, str] | None:
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
    columns: dict[int, tuple[str, ...]]
    header: Sequence[Cell]
    ledger: dict
    map: TableMap
    group: tuple[str, Cell] | None = None
    current: _Issue | None = None
    context_year: int | None = None
    id_prefix: str = ""  # the sheet name and "-" where numbering restarts per sheet
    _single: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        named = [cell for index, cell in enumerate(self.header) if index in self.columns]
        if named:
            self.map.record("/issues", named[0], named[0].text, self.sheet, replace=False)
        self._single = {index: fields[0] for index, fields in self.columns.items() if len(fields) == 1}

    def unknown_columns(self, header_rows: Sequence[Sequence[Cell]]) -> None:
        """One note (info) per header cell that names no field: its column is not read."""
        seen: set[str] = set()
        for index, cell in enumerate(header_rows[0]):
            texts = [row[index].text for row in header_rows if index < len(row) and row[index].text]
            if index in self.columns or not texts or any(header_fields(t) for t in texts):
                continue
            label = _SPACE.sub("", texts[-1])
            if label in seen or _NUMERIC.fullmatch(label):
                continue
            seen.add(label)
            self.map.note(UNKNOWN_COLUMN_RULE, Severity.INFO,
                          f"未识别的列「{label}」:该列内容未读入台账(如是台账要素,请使用标准列名)", cell, self.sheet)

    def facts(self, cells: Iterable[Cell]) -> None:
        """Report-level facts from text above the header: the unit (from a label or the title), the date
        (a labelled 填报日期, or 截至/截止 a date in the title)."""
        titled: tuple[str, Cell] | None = None
        for cell in cells:
            text = cell.text
            if not text:
                continue
            label = _UNIT_LABEL.search(text)
            if label and "unit" not in self.ledger and _NOTE.sub("", label.group(1)):
                self._set_fact("unit", _NOTE.sub("", label.group(1)), cell)
            feedback = _FEEDBACK_LABEL.search(text)
            if feedback and "inspection" not in self.ledger:  # 立行立改 is due at the feedback date
                day = date_of(feedback.group(1))
                if day is not None:
                    self.ledger["inspection"] = {"feedback": day.isoformat()}
                    self.map.record("/inspection/feedback", cell, text, self.sheet)
                    text = text[:feedback.start()] + text[feedback.end():]
            if "report_date" not in self.ledger:
                for pattern in (_DATE_LABEL, _AS_OF):
                    when = pattern.search(text)
                    # 截至2024年5月: to the end of that month
                    day = _leading_date(when.group(when.lastindex or 0), pattern is _AS_OF) if when else None
                    if day is not None:
                        self._set_fact("report_date", day.isoformat(), cell)
                        break
            if titled is None and "整改" in text and any(word in text for word in vocab.LEDGER_TITLE_WORDS):
                unit = _unit_from_title(text)
                if unit:
                    titled = (unit, cell)
        if titled is not None and "unit" not in self.ledger:
            self._set_fact("unit", *titled)

    def _set_fact(self, key: str, value: str, cell: Cell) -> None:
        self.ledger[key] = value
        self.map.record("/" + key, cell, cell.text, self.sheet)

    def add(self, row: Sequence[Cell]) -> None:
        """One data row: skipped when empty, a category if a group row, else an issue or part of one."""
        texts = [cell.text for cell in row if cell.text]
        formulas = [cell for index, cell in enumerate(row) if index in self.columns and isinstance(cell.value, Formula)]
        if not texts and not formulas:
            return
        cells = {self._single[index]: row[index] for index in self._single if index < len(row)}
        if not any(cell.text for cell in cells.values()) and not formulas and not any(
                row[index].text for index in self.columns if index < len(row)):
            return  # text only in columns that map to nothing (备注...)
        if not formulas and self._is_group(row, texts, cells):
            first = next(cell for cell in row if cell.text)
            self.group = (_clean_group(first.text), first)
            self.current = None
            return
        id_text = read_id(cells["id"].value) if "id" in cells else ""
        title = cells["title"].text if "title" in cells else ""
        owners = [(row[index], fields) for index, fields in self.columns.items()
                  if index < len(row) and fields[0].startswith("owner.")]
        current = self.current
        if current is not None and ((not id_text and not title) or
                                    (title == current.title and id_text in ("", current.id_text))):
            self._fill(current, cells, owners, first=False)
        else:
            self._start(cells, owners, id_text, title)

    def _is_group(self, row: Sequence[Cell], texts: list[str], cells: dict[str, Cell]) -> bool:
        """A row with one distinct text, in the first column, merged across columns or numbered like
        a heading (一、党的政治建设方面), that is not a bare number: a category heading."""
        if len(set(texts)) != 1 or _NUMERIC.fullmatch(texts[0]):
            return False
        first = next(index for index, cell in enumerate(row) if cell.text)
        title_cell = cells.get("title")
        in_title_only = title_cell is not None and row[first] is title_cell
        return len(texts) > 1 or bool(_GROUP_PREFIX.match(texts[0])) or (first == 0 and not in_title_only)

    def _start(self, cells: dict[str, Cell], owners: list[tuple[Cell, tuple[str, ...]]], id_text: str,
               title: str) -> None:
        issues = self.ledger["issues"]
        base = pointer_join("/issues", len(issues))
        issue: dict = {"id": self.id_prefix + id_text if id_text else str(len(issues) + 1)}
        anchor = cells.get("title") or cells.get("id") or next(iter(cells.values()), None) or owners[0][0]
        self.map.record(base, anchor, anchor.text, self.sheet)
        if title:
            issue["title"] = title
        if self.group is not None and not (cells.get("category") and cells["category"].text):
            issue["category"] = self.group[0]
            self.map.record(base + "/category", self.group[1], self.group[0], self.sheet)
        if owners:
            self.map.record(base + "/owner", owners[0][0], owners[0][0].text, self.sheet)
        for name, cell in cells.items():
            self.map.record(base + "/" + name.replace(".", "/"), cell, _shown(name, cell), self.sheet, replace=False)
        self.current = _Issue(issue, base, title, id_text)
        issues.append(issue)
        self._fill(self.current, cells, owners, first=True)

    def _unreadable(self, current: _Issue, name: str, cell: Cell, problem: str) -> None:
        pointer = f"{current.pointer}/{name}"
        self.map.note(UNREADABLE_RULE, Severity.WARNING, f"问题 {current.data['id']} 的{vocab.label_of(name)}"
                      f"无法读取: {problem};该值未计入检查", cell, self.sheet, current.data["id"], pointer)
        self.map.unknown.add(pointer)

    def _promise(self, measure: dict, pointer: str, cell: Cell) -> None:
        """The date a measure promises to meet (4月22日前印发…, 计划6月底前完成) as its `due`, read as the prose
        reader reads it, so that dates/promise-past-due judges a table's measures as it does a notice's."""
        text = measure["text"]
        if not _DATE_HINT.search(text):
            return  # most measures name no date
        due = promised_date(text, 0, len(text), self.context_year)
        if due is not None:
            measure["due"] = due[0]
            self.map.record(pointer + "/due", cell, text[due[1]:due[2]], self.sheet)

    def _fill(self, current: _Issue, cells: dict[str, Cell], owners: list[tuple[Cell, tuple[str, ...]]], *,
              first: bool) -> None:
        """The values of one row: measures and evidence are added, other fields fill gaps."""
        issue, base = current.data, current.pointer
        for cell, fields in owners:
            if isinstance(cell.value, Formula):
                self._formula(current, fields[0], cell)
                continue
            owner = issue.setdefault("owner", {}) if cell.text else issue.get("owner", {})
            for name, text in read_owner(cell.text, fields).items():
                key = name.split(".", 1)[1]
                if key not in owner:
                    owner[key] = text
                    self.map.record(f"{base}/owner/{key}", cell, cell.text, self.sheet)
        long_term = False
        for name, cell in cells.items():
            if name in ("id", "title") or name.startswith("owner."):
                continue
            if isinstance(cell.value, Formula):
                self._formula(current, name, cell)
                continue
            text = cell.text
            if not text:
                continue
            if name in ("measures", "evidence"):
                parts = split_measures(text) if name == "measures" else split_evidence(text)
                items = issue.setdefault(name, [])
                for part in parts:
                    pointer = pointer_join(base, name, len(items))
                    items.append({"text": part} if name == "measures" else part)
                    self.map.record(pointer, cell, part, self.sheet)
                    if name == "measures":
                        self.map.record(pointer + "/text", cell, part, self.sheet)
                        self._promise(items[-1], pointer, cell)
                continue
            if name == "progress" and "status" not in self._single.values() and "status" not in issue:
                status = status_of(text) if len(text) <= _STATUS_CELL_MAX else None
                if status is not None:  # 整改进展 holding 已办结: the status column under another label
                    issue["status"] = status
                    self.map.record(f"{base}/status", cell, text, self.sheet)
                    continue
            if name in issue:
                continue
            value, problem, long_term_word = self._value(name, cell)
            if problem is not None:
                self._unreadable(current, name, cell, problem)
                continue
            if long_term_word and value is not None:  # 立行立改并长期坚持: due at feedback, and long-term
                long_term = True
            elif long_term_word:
                long_term = True
                if "review_date" not in cells:  # no review-date column: the 长期坚持 cell is where it is owed
                    self.map.record(f"{base}/review_date", cell, text, self.sheet, replace=False)
                continue
            if value is None:
                if name == "deadline":  # 立行立改 with no feedback date: stated, date unknown
                    self.map.unknown.add(f"{base}/deadline")
                continue
            issue[name] = value
            if not first:
                self.map.record(f"{base}/{name}", cell, _shown(name, cell), self.sheet)
        if long_term and "status" not in issue:
            issue["status"] = "long_term"

    def _value(self, name: str, cell: Cell) -> tuple[object, str | None, bool]:
        """(value, problem, long-term word) of one cell through its value reader."""
        if name == "deadline":
            deadline = read_deadline(cell.value, year=self.context_year, feedback=self._feedback())
            return deadline.reading.value, deadline.reading.problem, deadline.long_term or deadline.ongoing
        if name in ("completed_on", "review_date"):
            reading = read_date(cell.value, lenient_end=name == "review_date", lenient_start=name == "completed_on")
            return reading.value, reading.problem, False
        if name == "status":
            reading = read_status(cell.text)
            return reading.value, reading.problem, False
        return cell.text, None, False

    def _feedback(self) -> dt.date | None:
        feedback = (self.ledger.get("inspection") or {}).get("feedback")
        return dt.date.fromisoformat(str(feedback)) if feedback else None

    def _formula(self, current: _Issue, name: str, cell: Cell) -> None:
        self.map.formulas.append((self.sheet, cell, current.data["id"]))
        unknown = current.data.setdefault("unknown", [])
        if name.split(".")[0] not in unknown:
            unknown.append(name.split(".")[0])
        self.map.unknown.add(f"{current.pointer}/{name.replace('.', '/')}")
        if name.startswith("owner."):
            self.map.unknown.add(f"{current.pointer}/owner")




_DATE_FIELDS = frozenset({"deadline", "completed_on", "review_date"})


def _shown(name: str, cell: Cell) -> str:
    """The text a finding quotes for the cell of field `name`: the cell's text, except that an Excel day
    number in a date column (45291) is quoted as the date it stands for (2023-12-31), as Excel shows it in a
    date-formatted column: the number alone tells a reader nothing."""
    value = cell.value
    if name in _DATE_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
        day = read_date(value).value
        return str(day) if day else cell.text
    return cell.text


def _row_fields(row: Sequence[Cell]) -> dict[int, tuple[str, ...]]:
    """Column index -> fields for the header cells of a row (the first column naming a field wins)."""
    found: dict[int, tuple[str, ...]] = {}
    taken: set[str] = set()
    for index, cell in enumerate(row):
        text = cell.text
        if not text or len(text) > 30:
            continue
        fields = header_fields(text)
        if fields and not taken & set(fields):
            found[index] = fields
            taken.update(fields)
    return found


def _second_header(top: Sequence[Cell], below: Sequence[Cell], columns: dict[int, tuple[str, ...]]) -> bool:
    """The row below the header completes it (责任主体 over 责任领导/责任部门/责任人): it names a field
    the header lacks, and each of its other cells is empty or repeats the header cell above."""
    extra = _row_fields(below)
    known = {name for fields in columns.values() for name in fields}
    if not any(not known & set(fields) for fields in extra.values()):
        return False
    for index, cell in enumerate(below):
        if cell.text and index not in extra:
            above = top[index].text if index < len(top) else ""
            if cell.text != above:
                return False
    return True


def status_value(text: str) -> str:
    """completed / in_progress / long_term for a known status word (or a cell starting with one);
    unknown words are returned as written."""
    return status_of(text) or text


def date_value(value: object, *, lenient_end: bool = False) -> str:
    """An ISO date for a date cell (see checker.read.dates); anything else is returned as written."""
    reading = read_date(value, lenient_end=lenient_end)
    return str(reading.value) if reading.value is not None else reading.text


_DATE_END = re.compile(r"[日号月年]|\d(?!.*\d)")  # where a date written before other words may end


def _leading_date(text: str, lenient_end: bool) -> dt.date | None:
    """The date `text` starts with: 截至2024年6月28日整改进展 is as of 2024-06-28 (the longest prefix that
    reads as a date, so 2024年6月 is not taken for the year 2024)."""
    ends = [m.end() for m in _DATE_END.finditer(text)]
    for end in (len(text), *reversed(ends)):
        day = date_of(text[:end], lenient_end=lenient_end)
        if day is not None:
            return day
    return None


_DATE_HINT = re.compile(r"[月年]")  # every promised date names a month or a year (6月底前, 2023年内)


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
    """Evidence items: one per line or per semicolon, never split inside 《…》 ("、" is not a separator in
    a table cell: titles contain it)."""
    return _split_evidence(text)


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
