"""The command line on the bundled samples: exit codes, formats, broken inputs in a batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.model import ledger_json_schema
from checker.resources import schema_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def lint_json(*args: str) -> tuple[int, dict]:
    code, out = run("lint", "--format", "json", *args)
    return code, json.loads(out)


def test_clean_sample_exits_zero_without_findings() -> None:
    code, report = lint_json(str(SAMPLES / "clean"))
    assert code == 0
    assert [f["findings"] for f in report["files"]] == [[]]


def test_samples_have_findings_and_exit_one() -> None:
    code, report = lint_json(str(SAMPLES / "ledgers" / "fancheng-2023.json"))
    assert code == 1
    rules = {f["rule"] for f in report["files"][0]["findings"]}
    assert {"completeness/owner-missing", "completeness/measures-missing"} <= rules


def test_fail_on_warning_and_info_thresholds(tmp_path: Path) -> None:
    ledger = tmp_path / "l.yaml"
    ledger.write_text(
        "ledger_version: 1\ninspection: {feedback: 2023-03-16}\nreport_date: 2023-07-15\nissues:\n"
        "  - id: '1'\n    title: 用先进的理论武装思想不够深入细致\n    owner: {leader: 张某}\n    deadline: 2023-06-30\n"
        "    status: completed\n    completed_on: 2023-05-10\n    measures: [{text: 修改完善《理论学习中心组制度》}]\n",
        encoding="utf-8")
    assert run("lint", str(ledger))[0] == 0  # evidence-missing is a warning
    assert run("lint", "--fail-on", "warning", str(ledger))[0] == 1


def test_json_output_has_locations_pointer_and_excerpt() -> None:
    _, report = lint_json(str(SAMPLES / "ledgers" / "fancheng-2023.json"))
    finding = next(f for f in report["files"][0]["findings"] if f["rule"] == "completeness/owner-vague")
    assert finding["location"]["line"] > 1
    assert finding["location"]["pointer"].startswith("/issues/")
    assert "专人" in finding["excerpt"]
    assert finding["item"]


def test_json_report_validates_against_shipped_schema() -> None:
    import jsonschema

    _, report = lint_json(str(SAMPLES))
    schema = json.loads(schema_path("report-v1.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)


def test_broken_files_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-bad.yaml").write_text("issues: [\n  - id: 1\n", encoding="utf-8")
    (tmp_path / "b-unknown-key.json").write_text('{"ledger_version": 1, "isues": []}', encoding="utf-8")
    (tmp_path / "c-not-excel.xlsx").write_bytes(b"this is not a zip file")
    (tmp_path / "d-good.yaml").write_text("ledger_version: 1\nissues: []\n", encoding="utf-8")
    code, report = lint_json(str(tmp_path))
    assert code == 2
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert [by_name[n]["failed"] for n in sorted(by_name)] == [True, True, True, False]
    unknown = by_name["b-unknown-key.json"]["findings"][0]
    assert unknown["rule"] == "input/invalid"
    assert "isues" in unknown["message"] and "issues" in unknown["message"]  # did you mean
    assert unknown["location"]["line"] == 1
    assert by_name["a-bad.yaml"]["findings"][0]["location"]["line"] is not None


def test_wrong_type_in_yaml_is_located_at_the_value(tmp_path: Path) -> None:
    path = tmp_path / "l.yaml"
    path.write_text("ledger_version: 1\nissues:\n  - id: '1'\n    title: 问题\n    deadline: 下个月\n",
                    encoding="utf-8")
    code, report = lint_json(str(path))
    assert code == 2
    # the rest of the ledger is still checked: pick the input error among the findings
    finding = next(f for f in report["files"][0]["findings"] if f["rule"] == "input/invalid")
    assert (finding["location"]["line"], finding["location"]["column"]) == (5, 15)
    assert finding["location"]["pointer"] == "/issues/0/deadline"


def test_wrong_values_are_explained_in_chinese_as_the_file_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    path.write_text(json.dumps({"ledger_version": 2, "declared": {"issues": 5.5, "completed": -1}, "issues": [
        {"id": "1", "title": "问题", "suppress": [{"rule": "dates/overdue", "reason": ""}]},
        {"id": "2", "title": None, "measures": {"text": "修订制度" * 20}}]}), encoding="utf-8")
    code, report = lint_json(str(path))
    assert code == 2
    messages = {f["location"]["pointer"]: f["message"] for f in report["files"][0]["findings"]}
    assert messages["/declared/issues"] == "declared/issues: 应为整数,得到带小数的 5.5"
    assert messages["/declared/completed"] == "declared/completed: 取值 -1 应不小于 0"
    assert messages["/issues/0/suppress/0/reason"] == "issues/0/suppress/0/reason: 不能为空"
    # Values as the file writes them (null, not None), long ones cut short; one allowed value is not "one of"
    assert messages["/issues/1/title"] == "issues/1/title: 应为文本,得到 null"
    assert messages["/issues/1/measures"] == 'issues/1/measures: 应为列表,得到 {"text": "' + "修订制度" * 7 + "修…"
    assert messages["/ledger_version"] == "ledger_version: 取值 2 无效,应为 1"


def test_a_waiver_whose_reason_is_only_blanks_waives_nothing_and_is_an_input_error(tmp_path: Path) -> None:
    item = {"id": "1", "title": "理论学习不够深入", "deadline": "2023-01-31", "status": "in_progress"}
    for name, reason in (("a.json", "   "), ("b.json", "\u3000"), ("c.yaml", "' '")):
        path = tmp_path / name
        if name.endswith(".json"):
            waiver = {"rule": "dates/overdue", "reason": reason}
            path.write_text(json.dumps({"report_date": "2023-07-15", "issues": [{**item, "suppress": [waiver]}]}),
                            encoding="utf-8")
        else:
            path.write_text("report_date: 2023-07-15\nissues:\n  - id: '1'\n    title: 理论学习不够深入\n"
                            "    deadline: 2023-01-31\n    status: in_progress\n"
                            f"    suppress:\n      - rule: dates/overdue\n        reason: {reason}\n", encoding="utf-8")
        code, report = lint_json(str(path))
        assert code == 2, name
        finding = next(f for f in report["files"][0]["findings"] if f["rule"] == "input/invalid")
        assert finding["message"] == "issues/0/suppress/0/reason: 豁免理由不能只有空白", name
        assert finding["location"]["pointer"] == "/issues/0/suppress/0/reason" and finding["location"]["line"]


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    code, report = lint_json(str(tmp_path / "nope.yaml"))
    assert code == 2
    assert report["files"][0]["failed"]


def test_broken_rule_file_exits_two_with_location(tmp_path: Path) -> None:
    rules = tmp_path / "bad.rules"
    rules.write_text('ruleset x\nrule r error "t"\n  for issue in issues\n  require issue.dedline is present\n'
                     '  message "m"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--rules", str(rules), str(SAMPLES / "clean")])
    assert result.exit_code == 2
    assert "bad.rules:4:17" in result.output
    assert "deadline" in result.output  # did you mean
    code, out = run("rules", "check", str(rules))
    assert code == 2 and "^" in out


def test_rules_list_and_check_builtin() -> None:
    code, out = run("rules", "list")
    assert code == 0
    assert "consistency/parts-sum" in out and "错误" in out and "error" not in out
    code, out = run("rules", "check", str(ROOT / "rules"))
    assert code == 0
    code, out = run("rules", "explain", "consistency/rate")
    assert code == 0 and "25958" in out


def test_as_of_moves_the_overdue_check() -> None:
    sample = str(SAMPLES / "ledgers" / "pingdingshan-2024.yaml")
    _, report = lint_json(sample)
    assert any(f["rule"] == "dates/overdue" for f in report["files"][0]["findings"])
    _, report = lint_json("--as-of", "2024-01-31", sample)
    assert not any(f["rule"] == "dates/overdue" for f in report["files"][0]["findings"])


def test_param_override_and_bad_param() -> None:
    sample = str(SAMPLES / "ledgers" / "pingdingshan-2024.yaml")
    def rate_findings(*extra: str) -> list[dict]:
        _, report = lint_json(*extra, sample)
        return [f for f in report["files"][0]["findings"] if f["rule"] == "consistency/rate"]

    assert rate_findings()  # 25779 / 25958 = 99.31%, stated 90%
    # 90% admits 89.5 up to 90.99…; rounding widens that by its points on each side
    assert rate_findings("--param", "consistency.rounding=8") != []  # up to 98.99…
    assert rate_findings("--param", "consistency.rounding=9") == []  # up to 99.99…: 99.31 is in
    code, out = run("lint", "--param", "consistency.nope=1", sample)
    assert code == 2 and "nope" in out


def test_schema_command_prints_the_generated_schema() -> None:
    code, out = run("schema")
    assert code == 0
    assert json.loads(out) == ledger_json_schema()


def test_shipped_ledger_schema_is_current() -> None:
    shipped = json.loads(schema_path("ledger-v1.json").read_text(encoding="utf-8"))
    assert shipped == ledger_json_schema(), "regenerate: ledgerlint schema -o checker/schemas/ledger-v1.json"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_every_format_renders_the_samples(fmt: str) -> None:
    code, out = run("lint", "--format", fmt, str(SAMPLES))
    assert code in (1, 2)
    assert out.strip()


def test_output_is_deterministic() -> None:
    first = run("lint", "--format", "json", str(SAMPLES))[1]
    second = run("lint", "--format", "json", str(SAMPLES))[1]
    assert first == second


def test_parallel_jobs_give_the_same_report() -> None:
    serial = run("lint", "--format", "json", str(SAMPLES))[1]
    parallel = run("lint", "--format", "json", "--jobs", "2", str(SAMPLES))[1]
    assert parallel == serial


def test_extract_prints_the_ledger_with_source_lines() -> None:
    code, out = run("extract", str(SAMPLES / "notices" / "pingdingshan-2024-notice.txt"))
    assert code == 0
    assert "issues: 30  # L3:130" in out
    assert "title: 落实第一议题制度不到位  # L9:" in out


def test_sarif_of_the_samples_validates_against_the_official_schema() -> None:
    import jsonschema

    _, out = run("lint", "--format", "sarif", str(SAMPLES))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    sarif = json.loads(out)
    jsonschema.Draft4Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "consistency/parts-sum" for r in results)
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("samples/") for r in results)


def test_disable_skips_a_rule_and_rejects_unknown_ids() -> None:
    sample = str(SAMPLES / "ledgers" / "fancheng-2023.json")
    _, report = lint_json("--disable", "completeness/owner-missing", sample)
    assert "completeness/owner-missing" not in {f["rule"] for f in report["files"][0]["findings"]}
    code, out = run("lint", "--disable", "completeness/owner-mising", sample)
    assert code == 2 and "owner-mising" in out


def test_expired_waiver_is_noted_at_its_line() -> None:
    sample = str(SAMPLES / "ledgers" / "pingdingshan-2024.yaml")
    _, report = lint_json(sample)
    assert not any(f["rule"].startswith("suppression/") for f in report["files"][0]["findings"])
    _, report = lint_json("--as-of", "2025-01-31", sample)
    expired = [f for f in report["files"][0]["findings"] if f["rule"] == "suppression/expired"]
    assert len(expired) == 1 and expired[0]["severity"] == "info"
    assert expired[0]["location"]["pointer"].endswith("/suppress/0/expires")
    assert expired[0]["excerpt"] == "2024-12-31"
    assert report["rules"]["suppression/expired"]["title"] == "豁免已过期"


def test_a_folder_without_ledgers_fails_closed(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(main, ["lint", str(tmp_path)])
    assert result.exit_code == 2
    assert "没有找到可检查的文件" in result.output
