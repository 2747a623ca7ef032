"""JSON report, version 1, described by checker/schemas/report-v1.json."""

from __future__ import annotations

import json

import orjson

import checker
from checker.findings import FileResult, Finding, LintResult
from checker.report.common import fired_rules, severity_counts
from checker.resources import schema_path

REPORT_VERSION = 1
SCHEMA_PATH = schema_path("report-v1.json")


def _finding(finding: Finding) -> dict[str, object]:
    """One finding in its documented JSON form."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "item": finding.item,
        "location": finding.location.to_dict(),
        "excerpt": finding.excerpt,
    }


def _file(file: FileResult) -> dict[str, object]:
    """One file with its findings, in the order given."""
    return {
        "path": file.path,
        "format": file.format,
        "kind": file.kind,
        "items": file.items,
        "failed": file.failed,
        "findings": [_finding(f) for f in file.findings],
    }


def to_dict(result: LintResult) -> dict[str, object]:
    """The report as plain data (what `render` serialises)."""
    counts = severity_counts(result)
    summary: dict[str, object] = {s.label: n for s, n in counts.items()}
    summary.update(
        files=len(result.inputs),
        failed=sum(1 for file in result.files if file.failed),
        findings=sum(counts.values()),
    )
    if result.baselined:
        summary["baselined"] = result.baselined
    out: dict[str, object] = {
        "version": REPORT_VERSION,
        "tool": {"name": "ledgerlint", "version": checker.__version__},
        "summary": summary,
        "files": [_file(file) for file in result.files],
        "rules": {
            rule_id: {"title": info.title, "severity": info.severity.label, "doc": info.doc}
            for rule_id, info in fired_rules(result).items()
        },
    }
    if result.errors:  # the run stopped before checking anything (a broken rule or config file)
        out["errors"] = [{"message": e.message, "hint": e.hint,
                          "location": e.location.to_dict() | {"source": e.location.source} if e.location else None}
                         for e in result.errors]
    return out


def render(result: LintResult, *, color: bool = False) -> str:
    """The JSON report: sorted keys, findings in the order given, UTF-8 text (`color` is ignored).

    orjson writes it (json's `indent` forces its pure-Python encoder, 4x slower); the bytes are those of
    `json.dumps(ensure_ascii=False, indent=2, sort_keys=True)` because the report holds only strings,
    integers, booleans and nulls (the two differ in how they write floats). A string orjson refuses (a lone
    surrogate from an undecodable file name) falls back to json.
    """
    data = to_dict(result)
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
                            ).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

