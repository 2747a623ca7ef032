"""JUnit reporter: one suite per file, one case per finding, parsed back with xml.etree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from checker.findings import INPUT_ERROR_RULE, LintResult, Severity
from checker.report import junit
from tests.test_report_common import DOCX_BROKEN, SEED, YAML_LEDGER, sample_result


def parse(result: LintResult, fail_on: Severity = Severity.INFO) -> ET.Element:
    """The JUnit document; by default every finding fails (--fail-on info)."""
    out = junit.render(result, fail_on=fail_on)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(out.encode("utf-8"))


def test_suites_and_cases_follow_files_and_findings() -> None:
    result = sample_result()
    root = parse(result)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f.path for f in result.files]
    for suite, file in zip(suites, result.files, strict=True):
        cases = suite.findall("testcase")
        assert {c.get("classname") for c in cases} == {file.path}
        assert int(suite.get("tests")) == len(cases) == max(1, len(file.findings))
        problems = [c.find("failure") if c.find("failure") is not None else c.find("error") for c in cases]
        if not file.findings:
            assert problems == [None]
            continue
        assert [p.get("message") for p in problems] == [f.message for f in file.findings]
        assert [p.get("type") for p in problems] == [f.severity.label for f in file.findings]
        assert int(suite.get("failures")) == sum(p.tag == "failure" for p in problems)
        assert int(suite.get("errors")) == sum(p.tag == "error" for p in problems)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)


def test_case_names_and_text() -> None:
    root = parse(sample_result())
    seed = next(s for s in root.findall("testsuite") if s.get("name") == SEED)
    names = [c.get("name") for c in seed.findall("testcase")]
    assert names[0] == "completeness/owner-missing @ 4:75"  # document-level finding, no item
    assert "completeness/owner-vague #10" in names and "completeness/owner-vague #13" in names
    body = seed.findall("testcase")[-1].find("failure").text
    assert f"{SEED}:52:65" in body and "警告" in body and "整改措施无可核查内容" in body
    assert "> 加强思想教育,杜绝再次出现类似情况" in body


def test_clean_file_passes_and_broken_file_errors() -> None:
    root = parse(sample_result())
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    clean = suites[YAML_LEDGER].findall("testcase")
    assert len(clean) == 1 and list(clean[0]) == []
    broken = suites[DOCX_BROKEN]
    case = broken.find("testcase")
    assert case.get("name") == INPUT_ERROR_RULE and case.find("error") is not None
    assert broken.get("errors") == "1" and broken.get("failures") == "0"
    assert {p.get("name"): p.get("value") for p in suites[SEED].iter("property")} == {
        "format": "text", "kind": "notice", "items": "23"}


def test_control_characters_from_damaged_documents_do_not_break_xml() -> None:
    result = sample_result()
    seed = result.files[-1]
    damaged = replace(seed.findings[0], message="整改情况:一是\x0b加强组织领导\x00",
                      excerpt="加强\x1f组织领导")
    root = parse(LintResult((replace(seed, findings=(damaged,)),), result.rules))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == "整改情况:一是\ufffd加强组织领导\ufffd"
    assert "> 加强\ufffd组织领导" in failure.text


def test_only_findings_at_or_above_fail_on_are_failures() -> None:
    result = sample_result()
    root = parse(result, Severity.ERROR)
    failing = [f for f in result.findings() if f.severity >= Severity.ERROR and f.rule != INPUT_ERROR_RULE]
    passing = [f for f in result.findings() if f.severity < Severity.ERROR and f.rule != INPUT_ERROR_RULE]
    assert passing, "the sample has warnings and infos"
    assert int(root.get("failures")) == len(failing)
    outputs = [c.find("system-out").text for c in root.iter("testcase") if c.find("system-out") is not None]
    assert len(outputs) == len(passing)
    assert all(f.message in text for f, text in zip(passing, outputs, strict=False))
    # nothing fails at --fail-on error when the run has only warnings: JUnit agrees with exit code 0
    only_warnings = LintResult(tuple(replace(file, findings=tuple(f for f in file.findings
                                                                  if f.severity < Severity.ERROR))
                                     for file in result.files if not file.failed), result.rules)
    assert parse(only_warnings, Severity.ERROR).get("failures") == "0"


def test_case_names_are_unique_within_a_file() -> None:
    result = sample_result()
    seed = result.files[-1]
    twice = replace(seed, findings=(seed.findings[-1], seed.findings[-1], seed.findings[-1]))
    root = parse(LintResult((twice,), result.rules))
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(set(names)) == 3
