"""Helpers shared by the reporters: rule lookup, severity counts, paths."""

from __future__ import annotations

import re

from checker.baseline import unit_key
from checker.findings import ENGINE_RULES, INPUT_ERROR_RULE, FileResult, Finding, LintResult, RuleInfo, Severity
from checker.location import Location

INPUT_RULE_INFO = ENGINE_RULES[INPUT_ERROR_RULE]

# "config": the notes about the config file's waivers, which is no input
KIND_CHINESE = {"ledger": "台账", "notice": "通报", "other": "其他", "config": "配置文件"}
WHOLE_FILE = "整个文件"  # position of a finding about the file as a whole


def rule_info(result: LintResult, rule_id: str, severity: Severity) -> RuleInfo:
    """Metadata of `rule_id`, or a stand-in when the rule set does not describe it."""
    info = result.rules.get(rule_id)
    if info is not None:
        return info
    if rule_id in ENGINE_RULES:
        return ENGINE_RULES[rule_id]
    return RuleInfo(id=rule_id, title=rule_id, severity=severity)


def fired_rules(result: LintResult) -> dict[str, RuleInfo]:
    """Metadata of the rules that produced at least one finding, sorted by id."""
    seen: dict[str, RuleInfo] = {}
    for finding in result.findings():
        if finding.rule not in seen:
            seen[finding.rule] = rule_info(result, finding.rule, finding.severity)
    return dict(sorted(seen.items()))


def known_rules(result: LintResult) -> dict[str, RuleInfo]:
    """Every rule of the run plus any rule that fired without metadata, sorted by id."""
    rules = dict(result.rules)
    rules.update({k: v for k, v in fired_rules(result).items() if k not in rules})
    return dict(sorted(rules.items()))


def severity_counts(result: LintResult) -> dict[Severity, int]:
    """Number of findings per severity, every severity present (most severe first)."""
    counts = dict.fromkeys(sorted(Severity, reverse=True), 0)
    for finding in result.findings():
        counts[finding.severity] += 1
    return counts


def posix_path(path: str) -> str:
    """The path with forward slashes, as CI systems expect."""
    return path.replace("\\", "/")


def where(location: Location) -> str:
    """`path:line:col`, `path:Sheet!F7`, `path#/issues/3` or the bare path."""
    if location.cell or location.line is not None:
        return location.short()
    if location.pointer:
        return f"{location.source}#{location.pointer}"
    return location.source


def kind_label(file: FileResult) -> str:
    """台账 / 通报 / 其他, or 无法读取 for a file that could not be read."""
    if file.failed:
        return "无法读取"
    return KIND_CHINESE.get(file.kind or "", file.kind or "未知类型")


def quote_parts(finding: Finding) -> tuple[str, str, str]:
    """What a finding quotes, as (before, marked, after): the sentence or cell split around the offending
    span; the whole quote in `before` when no span is marked; else the bare excerpt in `before` (a finding
    whose reader kept no quote, such as a workbook cell or a Word paragraph). ("", "", "") when it quotes
    nothing. Every report shows this, so none drops a quote the text and JSON reports have."""
    quote = finding.quote
    if quote is not None and quote.text.strip():
        before, marked, after = quote.parts()
        return (before, marked, after) if marked else (quote.text, "", "")
    if finding.excerpt.strip():
        return finding.excerpt, "", ""
    return "", "", ""


def position(location: Location) -> str:
    """Where in the file: the cell, else `line:col`, else the JSON Pointer; empty for the whole file."""
    if location.cell:
        return location.cell
    if location.line is not None:
        return f"{location.line}:{location.column or 1}"
    return location.pointer or ""


_CELL = re.compile(r"^(?:(?P<sheet>.+)!)?(?P<col>[A-Z]{1,3})(?P<row>\d+)$")
_PLACE_WORDS = frozenset({"页眉", "页脚"})


def position_words(location: Location, fmt: str) -> str:
    """Where a finding is, as a reader of the original file says it: 第3段 (Word paragraph), 表1第6行第4列
    (Word table), 「整改台账」表第8行G列 (workbook), 第5行G列 (CSV), 第12行第5列 (text, YAML, JSON);
    整个文件 for the file as a whole."""
    cell = location.cell
    if fmt == "docx":
        if cell in _PLACE_WORDS:
            return str(cell)  # header and footer paragraphs have no body paragraph number
        if cell and (m := _CELL.match(cell)):
            table = m.group("sheet") or "表格"
            return f"{table}第{m.group('row')}行第{_column_number(m.group('col'))}列"
        if location.line is not None:
            return f"第{location.line}段"
        return WHOLE_FILE
    if cell and (m := _CELL.match(cell)):
        sheet = f"「{m.group('sheet')}」表" if m.group("sheet") else ""
        return f"{sheet}第{m.group('row')}行{m.group('col')}列"
    if cell:
        return cell
    if location.line is not None:
        return f"第{location.line}行第{location.column or 1}列"
    return WHOLE_FILE


def _column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


UNKNOWN_UNIT = "未载明被巡察单位"  # the group of files that do not name their unit


def unit_of(file: FileResult) -> str:
    """The unit a file is grouped under: the one it names, else UNKNOWN_UNIT."""
    return (file.meta.unit or "").strip() or UNKNOWN_UNIT


def group_by_unit(result: LintResult) -> list[tuple[str, list[FileResult]]]:
    """Files per unit in order of first appearance; files naming no unit last. Names equal under
    checker.baseline.unit_key are one unit (中共X党委 and X党委), shown by its fullest name."""
    groups: dict[str, list[FileResult]] = {}
    for file in result.files:
        groups.setdefault(unit_key(unit_of(file)), []).append(file)
    unknown = groups.pop(unit_key(UNKNOWN_UNIT), None)
    out = [(max((unit_of(f) for f in files), key=len), files) for files in groups.values()]
    if unknown:
        out.append((UNKNOWN_UNIT, unknown))
    return out


def cell_position(cell: str | None) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as `整改台账!F7` or `AB12`, 1-based; None when it is none."""
    if not cell:
        return None
    ref = cell.rsplit("!", 1)[-1].replace("$", "")
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not letters.isalpha() or not letters.isascii() or not digits:
        return None
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(digits), column


def line_and_column(location: Location) -> tuple[int | None, int | None]:
    """The line and column CI annotations should use: the location's own, else a table cell's row and
    column (an Excel sheet has no lines: its rows are what a reader counts)."""
    if location.line is not None:
        return location.line, location.column
    position = cell_position(location.cell)
    return position if position is not None else (None, None)
