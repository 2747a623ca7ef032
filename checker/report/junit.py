"""JUnit XML report: one testsuite per file, one testcase per finding. Only findings at or above the run's
--fail-on severity are failures (an unreadable file is an error); the others are passing testcases that carry
the finding as output, so that a CI that shows JUnit agrees with the exit code."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.findings import INPUT_ERROR_RULE, FileResult, Finding, LintResult, Severity
from checker.report.common import rule_info, where

PASSED_NAME = "未发现问题"
# characters XML 1.0 cannot carry at all (control codes from damaged documents)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """`text` without characters XML 1.0 forbids."""
    return _NOT_XML.sub("\ufffd", text)


def case_name(finding: Finding) -> str:
    """Rule id plus the item (or, without one, the place in the file) so that names stay distinct."""
    if finding.item:
        return f"{finding.rule} #{finding.item}"
    loc = finding.location
    if loc.cell:
        return f"{finding.rule} @ {loc.cell}"
    if loc.line is not None:
        return f"{finding.rule} @ {loc.line}:{loc.column or 1}"
    if loc.pointer:
        return f"{finding.rule} @ {loc.pointer}"
    return finding.rule


def unique_names(findings: tuple[Finding, ...]) -> list[str]:
    """Case names of a file's findings, made unique: a repeated name gets its position, then a counter."""
    names = [case_name(f) for f in findings]
    seen: dict[str, int] = {}
    out: list[str] = []
    for finding, name in zip(findings, names, strict=True):
        if names.count(name) > 1 and finding.item and (finding.location.cell or finding.location.line):
            loc = finding.location
            name += f" @ {loc.cell or f'{loc.line}:{loc.column or 1}'}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _case(suite: ET.Element, file: FileResult, finding: Finding, name: str, result: LintResult,
          fail_on: Severity) -> str:
    """Append the testcase of one finding; return its outcome: error (unreadable file), failure (at or above
    `fail_on`) or passed (the finding is the case's output)."""
    case = ET.SubElement(suite, "testcase", classname=_clean(file.path), name=_clean(name))
    title = rule_info(result, finding.rule, finding.severity).title
    head = f"{where(finding.location)}  {finding.severity.chinese}  {finding.rule}({title})"
    body = [head, finding.message]
    if finding.excerpt:
        body.append("> " + finding.excerpt)
    text = _clean("\n".join(body))
    if finding.rule == INPUT_ERROR_RULE:
        outcome = "error"
    elif finding.severity >= fail_on:
        outcome = "failure"
    else:
        ET.SubElement(case, "system-out").text = text
        return "passed"
    node = ET.SubElement(case, outcome, message=_clean(finding.message), type=finding.severity.label)
    node.text = text
    return outcome


def _suite(root: ET.Element, file: FileResult, result: LintResult, fail_on: Severity) -> tuple[int, int, int]:
    """Append the testsuite of one file; return its (tests, failures, errors)."""
    suite = ET.Element("testsuite", name=_clean(file.path))
    props = ET.SubElement(suite, "properties")
    for name, value in (("format", file.format), ("kind", file.kind), ("items", str(file.items))):
        if value is not None:
            ET.SubElement(props, "property", name=name, value=_clean(value))
    outcomes = [_case(suite, file, finding, name, result, fail_on)
                for finding, name in zip(file.findings, unique_names(file.findings), strict=True)]
    if not file.findings:
        ET.SubElement(suite, "testcase", classname=_clean(file.path), name=PASSED_NAME)
    tests, failures, errors = max(1, len(outcomes)), outcomes.count("failure"), outcomes.count("error")
    suite.attrib.update(tests=str(tests), failures=str(failures), errors=str(errors), skipped="0")
    root.append(suite)
    return tests, failures, errors


def render(result: LintResult, *, color: bool = False, fail_on: Severity = Severity.ERROR) -> str:
    """The JUnit XML document as text (`color` is ignored). An error that stopped the run is a testsuite
    `ledgerlint` with one erroring case."""
    root = ET.Element("testsuites", name="ledgerlint")
    totals = [0, 0, 0]
    for file in result.files:
        totals = [a + b for a, b in zip(totals, _suite(root, file, result, fail_on), strict=True)]
    if result.errors:
        suite = ET.SubElement(root, "testsuite", name="ledgerlint", tests=str(len(result.errors)), failures="0",
                              errors=str(len(result.errors)), skipped="0")
        for n, error in enumerate(result.errors, start=1):
            case = ET.SubElement(suite, "testcase", classname="ledgerlint", name=f"配置或规则错误 {n}")
            where_at = error.location.short() if error.location else ""
            node = ET.SubElement(case, "error", message=_clean(error.message), type="configuration")
            node.text = _clean(f"{where_at}: {error.message}" if where_at else error.message)
        totals = [totals[0] + len(result.errors), totals[1], totals[2] + len(result.errors)]
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
