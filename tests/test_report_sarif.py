"""SARIF reporter: valid SARIF 2.1.0 (official schema, draft 4) carrying every location form."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

import checker
from checker.findings import LintResult, Severity
from checker.report import sarif
from checker.report.common import cell_position
from tests.test_report_common import JSON_LEDGER, SEED, XLSX_LEDGER, sample_result

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def run_of(result: LintResult) -> dict:
    log = json.loads(sarif.render(result))
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    return log["runs"][0]


def test_validates_against_official_schema(validator: jsonschema.Draft4Validator) -> None:
    validator.validate(json.loads(sarif.render(sample_result())))
    validator.validate(json.loads(sarif.render(LintResult((), {}))))


def test_schema_check_can_fail(validator: jsonschema.Draft4Validator) -> None:
    log = json.loads(sarif.render(sample_result()))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(log)


def test_driver_and_rules() -> None:
    result = sample_result()
    driver = run_of(result)["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("ledgerlint", checker.__version__)
    assert driver["informationUri"] == "https://github.com/ledgerlint/ledgerlint"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(set(result.rules) | {f.rule for f in result.findings()})
    vague = driver["rules"][ids.index("completeness/owner-vague")]
    info = result.rules["completeness/owner-vague"]
    assert vague["name"] == "CompletenessOwnerVague"
    assert vague["shortDescription"]["text"] == info.title
    assert vague["fullDescription"]["text"] == vague["help"]["text"] == info.doc
    assert vague["defaultConfiguration"]["level"] == "warning"


def test_results_follow_findings() -> None:
    result = sample_result()
    run = run_of(result)
    rules = run["tool"]["driver"]["rules"]
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    assert len(run["results"]) == len(result.findings())
    for out, finding in zip(run["results"], result.findings(), strict=True):
        assert out["ruleId"] == finding.rule == rules[out["ruleIndex"]]["id"]
        assert out["level"] == levels[finding.severity]
        cell = finding.location.cell
        # a table cell is named in the message: its row and column alone are no place a reader can find
        expected = finding.message + (f"({cell})" if cell and cell not in finding.message else "")
        assert out["message"]["text"] == expected
        if cell:
            region = out["locations"][0]["physicalLocation"]["region"]
            expected_at = (finding.location.line, finding.location.column) if finding.location.line else \
                cell_position(cell)
            assert (region["startLine"], region["startColumn"]) == expected_at
        uri = out["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert unquote(uri) == finding.location.source
    # config lowered consistency/rate to info: the result says note, the rule keeps its default
    rate = next(r for r in run["results"] if r["ruleId"] == "consistency/rate")
    assert rate["level"] == "note"
    assert rules[rate["ruleIndex"]]["defaultConfiguration"]["level"] == "warning"


def test_line_region_with_snippet_and_pointer() -> None:
    run = run_of(sample_result())
    vague = next(r for r in run["results"] if r["ruleId"] == "completeness/measures-vague")
    loc = vague["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == SEED
    assert loc["physicalLocation"]["region"] == {
        "startLine": 52, "startColumn": 65, "endLine": 52, "endColumn": 82,
        "snippet": {"text": "加强思想教育,杜绝再次出现类似情况"},
    }
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "/issues/22/measures"
    assert vague["properties"]["item"] == "23"
    assert run["columnKind"] == "unicodeCodePoints"


def test_cell_and_pointer_only_locations() -> None:
    run = run_of(sample_result())
    by_rule = {r["ruleId"]: r for r in run["results"]}
    cell = by_rule["dates/deadline-before-feedback"]
    region = cell["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7, "startColumn": 6, "snippet": {"text": "2023年3月10日"}}  # F7
    assert cell["message"]["text"].endswith("(整改台账!F7)")
    assert cell["properties"] == {"item": "6", "pointer": "/issues/5/deadline", "cell": "整改台账!F7"}
    related = cell["relatedLocations"][0]
    assert related["id"] == 1
    assert related["logicalLocations"][0]["fullyQualifiedName"] == "/inspection/feedback"
    missing = next(r for r in run["results"]
                   if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == JSON_LEDGER)
    assert missing["locations"][0]["logicalLocations"] == [
        {"name": "3", "fullyQualifiedName": "/issues/3", "kind": "value"}]


def test_uri_is_relative_with_forward_slashes() -> None:
    assert unquote(sarif.artifact_uri("ledgers\\2023\\整改台账.xlsx")) == "ledgers/2023/整改台账.xlsx"
    assert sarif.artifact_uri("通报 2023/000.txt") == "%E9%80%9A%E6%8A%A5%202023/000.txt"
    assert sarif.artifact_uri("/srv/台账/a.json").startswith("file:///srv/")
    result = sample_result()
    backslashed = XLSX_LEDGER.replace("/", "\\")
    xlsx = result.files[2]
    findings = tuple(replace(f, location=replace(f.location, source=backslashed)) for f in xlsx.findings)
    windows = replace(xlsx, path=backslashed, findings=findings)
    run = run_of(LintResult((windows,), result.rules))
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "\\" not in uri and unquote(uri) == XLSX_LEDGER


def test_invocation_reports_unreadable_input() -> None:
    result = sample_result()
    assert run_of(result)["invocations"] == [{"executionSuccessful": False}]
    readable = LintResult(tuple(f for f in result.files if not f.failed), result.rules)
    assert run_of(readable)["invocations"] == [{"executionSuccessful": True}]
