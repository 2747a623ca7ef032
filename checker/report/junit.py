"""JUnit XML report: one testsuite per file, one failing testcase per finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from checker.findings import INPUT_ERROR_RULE, FileResult, Finding, LintResult
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


def _case(suite: ET.Element, file: FileResult, finding: Finding, result: LintResult) -> None:
    """Append the testcase of one finding; an unreadable file is an <error>, anything else a <failure>."""
    case = ET.SubElement(suite, "testcase", classname=_clean(file.path), name=_clean(case_name(finding)))
    tag = "error" if finding.rule == INPUT_ERROR_RULE else "failure"
    title = rule_info(result, finding.rule, finding.severity).title
    head = f"{where(finding.location)}  {finding.severity.chinese}  {finding.rule}({title})"
    body = [head, finding.message]
    if finding.excerpt:
        body.append("> " + finding.excerpt)
    node = ET.SubElement(case, tag, message=_clean(finding.message), type=finding.severity.label)
    node.text = _clean("\n".join(body))


def _suite(root: ET.Element, file: FileResult, result: LintResult) -> tuple[int, int, int]:
    """Append the testsuite of one file; return its (tests, failures, errors)."""
    errors = sum(1 for f in file.findings if f.rule == INPUT_ERROR_RULE)
    failures = len(file.findings) - errors
    tests = max(1, len(file.findings))
    suite = ET.SubElement(root, "testsuite", name=_clean(file.path), tests=str(tests),
                          failures=str(failures), errors=str(errors), skipped="0")
    props = ET.SubElement(suite, "properties")
    for name, value in (("format", file.format), ("kind", file.kind), ("items", str(file.items))):
        if value is not None:
            ET.SubElement(props, "property", name=name, value=_clean(value))
    for finding in file.findings:
        _case(suite, file, finding, result)
    if not file.findings:
        ET.SubElement(suite, "testcase", classname=_clean(file.path), name=PASSED_NAME)
    return tests, failures, errors


def render(result: LintResult, *, color: bool = False) -> str:
    """The JUnit XML document as text (`color` is ignored)."""
    root = ET.Element("testsuites", name="ledgerlint")
    totals = [0, 0, 0]
    for file in result.files:
        totals = [a + b for a, b in zip(totals, _suite(root, file, result), strict=True)]
    root.set("tests", str(totals[0]))
    root.set("failures", str(totals[1]))
    root.set("errors", str(totals[2]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
