"""Helpers shared by the reporters: rule lookup, severity counts, paths."""

from __future__ import annotations

from checker.findings import ENGINE_RULES, INPUT_ERROR_RULE, FileResult, LintResult, RuleInfo, Severity
from checker.location import Location

INPUT_RULE_INFO = ENGINE_RULES[INPUT_ERROR_RULE]

KIND_CHINESE = {"ledger": "台账", "notice": "通报", "other": "其他"}


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


def position(location: Location) -> str:
    """Where in the file: the cell, else `line:col`, else the JSON Pointer; empty for the whole file."""
    if location.cell:
        return location.cell
    if location.line is not None:
        return f"{location.line}:{location.column or 1}"
    return location.pointer or ""
