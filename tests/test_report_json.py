"""JSON reporter: content, determinism and conformance to checker/schemas/report-v1.json."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

import jsonschema
import pytest

import checker
from checker.findings import LintResult
from checker.report import json_report
from tests.test_report_common import DOCX_BROKEN, XLSX_LEDGER, sample_result


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(json_report.SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_output_validates_against_schema(validator: jsonschema.Draft202012Validator) -> None:
    validator.validate(json.loads(json_report.render(sample_result())))
    validator.validate(json.loads(json_report.render(LintResult((), {}))))


@pytest.mark.parametrize("mutate", [
    lambda d: d["files"][0]["findings"][0].update(help="多余字段"),
    lambda d: d["files"][0]["findings"][0]["location"].pop("cell"),
    lambda d: d["files"][0]["findings"][0].update(severity="fatal"),
    lambda d: d["summary"].update(files=-1),
    lambda d: d["rules"].update({"input/invalid": {"title": "x", "severity": "error"}}),
])
def test_schema_rejects_other_shapes(validator: jsonschema.Draft202012Validator,
                                    mutate: Callable[[dict], object]) -> None:
    data = json.loads(json_report.render(sample_result()))
    bad = copy.deepcopy(data)
    mutate(bad)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)


def test_files_and_findings_keep_given_order_and_values() -> None:
    result = sample_result()
    data = json.loads(json_report.render(result))
    assert data["version"] == 1
    assert data["tool"] == {"name": "ledgerlint", "version": checker.__version__}
    assert [f["path"] for f in data["files"]] == [f.path for f in result.files]
    for out, file in zip(data["files"], result.files, strict=True):
        assert (out["format"], out["kind"], out["items"], out["failed"]) == (
            file.format, file.kind, file.items, file.failed)
        fields = ("rule", "severity", "message", "item", "excerpt")
        assert [tuple(f[k] for k in fields) for f in out["findings"]] == [
            (f.rule, f.severity.label, f.message, f.item, f.excerpt) for f in file.findings]
        assert [f["location"] for f in out["findings"]] == [f.location.to_dict() for f in file.findings]


def test_locations_of_each_kind() -> None:
    data = json.loads(json_report.render(sample_result()))
    by_path = {f["path"]: f for f in data["files"]}
    cell = by_path[XLSX_LEDGER]["findings"][0]["location"]
    assert cell["cell"] == "整改台账!F7" and cell["pointer"] == "/issues/5/deadline" and cell["line"] is None
    broken = by_path[DOCX_BROKEN]
    assert broken["failed"] is True and broken["kind"] is None
    assert broken["findings"][0]["rule"] == "input/invalid"
    assert set(broken["findings"][0]["location"].values()) == {None}


def test_summary_counts() -> None:
    result = sample_result()
    summary = json.loads(json_report.render(result))["summary"]
    labels = [f.severity.label for f in result.findings()]
    assert summary == {
        "files": len(result.files), "failed": sum(f.failed for f in result.files),
        "findings": len(labels), "error": labels.count("error"),
        "warning": labels.count("warning"), "info": labels.count("info"),
    }


def test_rules_lists_only_rules_that_fired() -> None:
    result = sample_result()
    rules = json.loads(json_report.render(result))["rules"]
    assert list(rules) == sorted({f.rule for f in result.findings()})
    assert "publication/contact-missing" not in rules
    info = result.rules["completeness/owner-vague"]
    assert rules["completeness/owner-vague"] == {"title": info.title, "severity": "warning", "doc": info.doc}
    assert rules["input/invalid"]["severity"] == "error"


def test_text_form_is_readable_and_stable() -> None:
    out = json_report.render(sample_result())
    assert "明确专人负责" in out and "\\u" not in out
    assert out.startswith('{\n  "files": [')
    data = json.loads(out)
    assert out == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert out == json_report.render(sample_result())
