"""JSON report, version 1, described by checker/schemas/report-v1.json."""

from __future__ import annotations

import json

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
        files=len(result.files),
        failed=sum(1 for file in result.files if file.failed),
        findings=sum(counts.values()),
    )
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "ledgerlint", "version": checker.__version__},
        "summary": summary,
        "files": [_file(file) for file in result.files],
        "rules": {
            rule_id: {"title": info.title, "severity": info.severity.label, "doc": info.doc}
            for rule_id, info in fired_rules(result).items()
        },
    }


def render(result: LintResult, *, color: bool = False) -> str:
    """The JSON report: sorted keys, findings in the order given, UTF-8 text (`color` is ignored)."""
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

