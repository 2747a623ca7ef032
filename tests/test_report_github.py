"""GitHub Actions annotations: one command per finding, escaped so the runner reads back the same values."""

from __future__ import annotations

import re
from dataclasses import replace

from checker.findings import LintResult, Severity
from checker.location import Location
from checker.report import github
from tests.test_report_common import JSON_LEDGER, SEED, XLSX_LEDGER, sample_result

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(text: str) -> str:
    """What the Actions runner does to a value."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match.group(3))


def test_one_annotation_per_finding_in_order() -> None:
    result = sample_result()
    lines = github.render(result).splitlines()
    assert len(lines) == len(result.findings())
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for line, finding in zip(lines, result.findings(), strict=True):
        command, props, message = parse(line)
        assert command == kinds[finding.severity]
        assert props["file"] == finding.location.source and props["title"] == finding.rule
        assert message.startswith(finding.message)


def test_line_and_columns_when_known() -> None:
    lines = github.render(sample_result()).splitlines()
    _, props, message = parse(next(x for x in lines if "completeness/measures-vague" in x))
    assert props == {"file": SEED, "line": "52", "col": "65", "endLine": "52", "endColumn": "82",
                     "title": "completeness/measures-vague"}
    _, props, message = parse(next(x for x in lines if "dates/deadline-before-feedback" in x))
    # a cell is its row and column (F7: row 7, column 6), and named in the message
    assert (props["line"], props["col"], props["file"]) == ("7", "6", XLSX_LEDGER)
    assert message.endswith("(整改台账!F7)")
    _, props, message = parse(next(x for x in lines if f"file={JSON_LEDGER}" in x))
    assert "line" not in props and message.endswith("(/issues/3)")


def test_percent_in_message_survives() -> None:
    lines = github.render(sample_result()).splitlines()
    raw = next(x for x in lines if "consistency/rate" in x)
    assert "100%25" in raw
    assert "「行政应诉出庭率达到100%」" in parse(raw)[2]


def test_escaping_of_data_and_properties() -> None:
    assert github.escape_data("出庭率100%\r\n下一步") == "出庭率100%25%0D%0A下一步"
    assert github.escape_data("a,b:c") == "a,b:c"
    assert github.escape_property("通报,第二批/a:b.txt%") == "通报%2C第二批/a%3Ab.txt%25"


def test_awkward_path_and_multiline_message_round_trip() -> None:
    seed = sample_result().files[-1]
    path = "通报,2023:第二批\\000_5e4d1fbfc647a5c5.txt"
    finding = replace(seed.findings[-1], message="整改措施无可核查内容:\n一是加强制度建设,构建长效机制",
                      location=replace(seed.findings[-1].location, source=path))
    out = github.render(LintResult((replace(seed, path=path, findings=(finding,)),), {}))
    assert out.count("\n") == 1
    command, props, message = parse(out.rstrip("\n"))
    assert command == "warning"
    assert props["file"] == "通报,2023:第二批/000_5e4d1fbfc647a5c5.txt"
    assert message == finding.message


def test_whole_file_location_and_empty_run() -> None:
    broken = Location("ledgers/司法局整改台账.docx")
    finding = replace(sample_result().files[0].findings[0], location=broken)
    assert github.annotation(finding).startswith("::error file=ledgers/司法局整改台账.docx,title=")
    assert github.render(LintResult((), {})) == ""
