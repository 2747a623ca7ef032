"""SARIF 2.1.0 report (one run) for code-scanning services."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import checker
from checker.findings import Finding, LintResult, RuleInfo, Severity
from checker.location import Location, pointer_split
from checker.report.common import known_rules, line_and_column, posix_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ledgerlint/ledgerlint"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_uri(path: str) -> str:
    """A URI reference for `path`: relative paths stay relative, with forward slashes, percent-encoded."""
    posix = posix_path(path)
    if _DRIVE.match(posix):
        return "file:///" + quote(posix, safe="/:")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def rule_name(rule_id: str) -> str:
    """`completeness/owner-missing` → `CompletenessOwnerMissing`, the readable name SARIF asks for."""
    return "".join(word.capitalize() for word in re.split(r"[/_.-]+", rule_id) if word)


def _descriptor(rule_id: str, info: RuleInfo) -> dict[str, object]:
    """A reportingDescriptor for one rule."""
    out: dict[str, object] = {
        "id": rule_id,
        "name": rule_name(rule_id),
        "shortDescription": {"text": info.title},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
    }
    if info.doc:
        out["fullDescription"] = {"text": info.doc}
        out["help"] = {"text": info.doc}
    return out


def _location(loc: Location, excerpt: str = "") -> dict[str, object]:
    """A SARIF location: file and region when the line is known, the ledger pointer as a logical location."""
    physical: dict[str, object] = {"artifactLocation": {"uri": artifact_uri(loc.source)}}
    line, column = line_and_column(loc)
    if line is not None:
        region: dict[str, object] = {"startLine": line}
        ends = {"startColumn": column, "endLine": loc.end_line, "endColumn": loc.end_column}
        region.update({key: value for key, value in ends.items() if value is not None})
        if excerpt:
            region["snippet"] = {"text": excerpt}
        physical["region"] = region
    out: dict[str, object] = {"physicalLocation": physical}
    if loc.pointer is not None:
        tokens = pointer_split(loc.pointer)
        out["logicalLocations"] = [
            {"name": tokens[-1] if tokens else "", "fullyQualifiedName": loc.pointer, "kind": "value"}
        ]
    return out


def _result(finding: Finding, index: dict[str, int]) -> dict[str, object]:
    """A SARIF result for one finding; a table cell is its row and column, and named in the message."""
    loc = finding.location
    message = finding.message if not loc.cell or loc.cell in finding.message else f"{finding.message}({loc.cell})"
    out: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": message},
        "locations": [_location(loc, finding.excerpt)],
    }
    if finding.related:
        out["relatedLocations"] = [
            {"id": n, **_location(rel)} for n, rel in enumerate(finding.related, start=1)
        ]
    props = {"item": finding.item, "pointer": loc.pointer, "cell": loc.cell}
    # the excerpt has no region to sit in when only a pointer is known
    if line_and_column(loc)[0] is None and finding.excerpt:
        props["excerpt"] = finding.excerpt
    props = {k: v for k, v in props.items() if v is not None}
    if props:
        out["properties"] = props
    return out


def _invocation(result: LintResult) -> dict[str, object]:
    """Whether the run succeeded; a rule or config error that stopped it as a tool notification."""
    out: dict[str, object] = {"executionSuccessful": not result.failed}
    notes = []
    for error in result.errors:
        text = error.message + (f"(提示: {error.hint})" if error.hint else "")
        note: dict[str, object] = {"level": "error", "message": {"text": text},
                                   "descriptor": {"id": "configuration"}}
        if error.location is not None:
            note["locations"] = [_location(error.location)]
        notes.append(note)
    if notes:
        out["toolExecutionNotifications"] = notes
    return out


def to_dict(result: LintResult) -> dict[str, object]:
    """The SARIF log as plain data."""
    rules = known_rules(result)
    index = {rule_id: n for n, rule_id in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "ledgerlint",
                "version": checker.__version__,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(k, v) for k, v in rules.items()],
            }
        },
        "invocations": [_invocation(result)],
        "columnKind": "unicodeCodePoints",  # columns count characters, not UTF-16 units
        "results": [_result(f, index) for f in result.findings()],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(result: LintResult, *, color: bool = False) -> str:
    """The SARIF log as JSON text (`color` is ignored)."""
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"
