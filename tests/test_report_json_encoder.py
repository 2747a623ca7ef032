"""The JSON report is written by a C encoder, byte for byte what `json.dumps` writes."""

from __future__ import annotations

import json
from pathlib import Path

from checker import api
from checker.findings import FileResult, Finding, LintResult, Severity
from checker.location import Location
from checker.report import json_report
from tests.test_report_common import sample_result

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _reference(result: LintResult) -> str:
    return json.dumps(json_report.to_dict(result), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_bytes_match_json_dumps_on_the_shared_sample() -> None:
    result = sample_result()
    assert json_report.render(result) == _reference(result)


def test_bytes_match_json_dumps_on_real_runs() -> None:
    result = api.lint([SAMPLES])
    assert result.findings()  # the samples carry defects
    assert json_report.render(result) == _reference(result)


def test_quotes_controls_and_separators_are_written_alike() -> None:
    odd = '引号"反斜杠\\ 制表\t换行\n\x01\x1f\x7f\u2028\u2029 «é» 😀'
    result = LintResult((FileResult("目录/台账 1.json", "json", "ledger", (
        Finding("completeness/owner-missing", Severity.ERROR, odd, Location("目录/台账 1.json", 3, 5, 3, 9,
                "/issues/0/title"), item=odd, excerpt=odd),), items=1),), {})
    assert json_report.render(result) == _reference(result)


def test_a_lone_surrogate_falls_back_to_json() -> None:
    name = "bad\udcff.json"  # a file name that is not valid UTF-8, as os.fsdecode gives it
    result = LintResult((FileResult(name, "json", None, (), failed=True),), {})
    assert json_report.render(result) == _reference(result)
