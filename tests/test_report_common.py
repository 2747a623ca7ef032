"""Shared sample run for the reporter tests, and tests of format dispatch and the common helpers.

The findings quote seed 000_5e4d1fbfc647a5c5.txt (区司法局党组 巡察整改进展情况通报) at their real
line and column; the ledgers are the same 23 issues as a JSON, YAML and Excel ledger.
"""

from __future__ import annotations

import pytest

from checker.errors import ConfigError
from checker.findings import INPUT_ERROR_RULE, FileResult, Finding, LintResult, RuleInfo, Severity
from checker.location import Location
from checker.report import FORMATS, render
from checker.report.common import fired_rules, known_rules, rule_info, severity_counts, where

SEED = "seeds/000_5e4d1fbfc647a5c5.txt"
JSON_LEDGER = "ledgers/fancheng-2023.json"
YAML_LEDGER = "ledgers/fancheng-2023-q3.yaml"
XLSX_LEDGER = "ledgers/整改台账.xlsx"
DOCX_BROKEN = "ledgers/司法局整改台账.docx"

RULES = {
    "completeness/owner-missing": RuleInfo(
        "completeness/owner-missing", "问题未明确责任人", Severity.ERROR,
        "每项问题应至少明确责任领导、责任部门或责任人之一。", "rules/completeness.rules"),
    "completeness/owner-vague": RuleInfo(
        "completeness/owner-vague", "责任人表述笼统", Severity.WARNING,
        "“明确专人负责”“相关股室”等表述无法追责,应写明具体人员或部门。", "rules/completeness.rules"),
    "completeness/measures-vague": RuleInfo(
        "completeness/measures-vague", "整改措施无可核查内容", Severity.WARNING,
        "整改措施应至少包含日期、数量、文件名称或具体会议之一。", "rules/completeness.rules"),
    "completeness/deadline-missing": RuleInfo(
        "completeness/deadline-missing", "问题未明确整改时限", Severity.ERROR,
        "每项问题应有整改时限;长期整改事项应有阶段性复查时间。", "rules/completeness.rules"),
    "consistency/rate": RuleInfo(
        "consistency/rate", "比率与分子分母不符", Severity.WARNING,
        "百分比应与其分子、分母一致(允许四舍五入及“余、近、约”)。", "rules/consistency.rules"),
    "dates/deadline-before-feedback": RuleInfo(
        "dates/deadline-before-feedback", "整改时限早于反馈日期", Severity.ERROR,
        "整改时限不应早于巡察反馈意见的日期。", "rules/dates.rules"),
    "publication/contact-missing": RuleInfo(
        "publication/contact-missing", "通报未公布联系方式", Severity.ERROR,
        "公开通报应给出电话、电子邮箱或通信地址,便于群众监督。", "rules/publication.rules"),
}


def _span(line: int, col: int, end_col: int, pointer: str | None = None) -> Location:
    return Location(SEED, line, col, line, end_col, pointer=pointer)


def seed_findings() -> tuple[Finding, ...]:
    """Findings on the notice, at the real positions of the quoted text in the seed."""
    return (
        Finding("completeness/owner-missing", Severity.INFO,
                "通报仅概括说明“明确责任领导、责任人、整改措施和完成时限”,"
                "23 项问题均未逐项列明责任领导和责任部门",
                _span(4, 75, 95), excerpt="明确责任领导、责任人、整改措施和完成时限"),
        Finding("consistency/rate", Severity.INFO,
                "「行政应诉出庭率达到100%」未给出出庭次数和应诉案件数,无法核对比率",
                _span(14, 737, 750, "/issues/3/measures/7/text"), item="4", excerpt="行政应诉出庭率达到100%"),
        Finding("completeness/owner-vague", Severity.WARNING,
                "问题「政务信息发布不及时」的责任人仅表述为“明确专人负责”,未落实到具体人员",
                _span(26, 16, 22, "/issues/9/measures/0/text"), item="10", excerpt="明确专人负责"),
        Finding("completeness/owner-vague", Severity.WARNING,
                "问题「创文工作务虚」的责任人仅表述为“明确专人负责”,未落实到具体人员",
                _span(32, 8, 14, "/issues/12/measures/0/text"), item="13", excerpt="明确专人负责"),
        Finding("completeness/measures-vague", Severity.WARNING,
                "问题「巡察发现问题整改不彻底」的 3 条整改措施均无日期、数量、文件或会议等可核查内容",
                _span(52, 65, 82, "/issues/22/measures"), item="23",
                excerpt="加强思想教育,杜绝再次出现类似情况"),
    )


def sample_result() -> LintResult:
    """One run over five files: pointer-only, cell, line/column, broken and clean results."""
    files = (
        FileResult(JSON_LEDGER, "json", "ledger", (
            Finding("completeness/owner-missing", Severity.ERROR,
                    "问题「统筹推进法治政府建设不够有力」未明确责任领导、责任部门或责任人",
                    Location(JSON_LEDGER, pointer="/issues/3"), item="4"),
        ), items=23),
        FileResult(YAML_LEDGER, "yaml", "ledger", (), items=23),
        FileResult(XLSX_LEDGER, "xlsx", "ledger", (
            Finding("dates/deadline-before-feedback", Severity.ERROR,
                    "问题「统筹落实法律服务不够有力」的整改时限 2023-03-10 早于巡察反馈日期 2023-03-16",
                    Location(XLSX_LEDGER, pointer="/issues/5/deadline", cell="整改台账!F7"), item="6",
                    excerpt="2023年3月10日",
                    related=(Location(XLSX_LEDGER, pointer="/inspection/feedback", cell="整改台账!B2"),)),
            Finding("completeness/deadline-missing", Severity.WARNING,
                    "长期整改问题「巡察发现问题整改不彻底」未明确阶段性复查时间",
                    Location(XLSX_LEDGER, pointer="/issues/22/review_date", cell="长期整改事项!D4"),
                    item="23"),
        ), items=23),
        FileResult(DOCX_BROKEN, "docx", None, (
            Finding(INPUT_ERROR_RULE, Severity.ERROR, "无法读取文件:不是有效的 Word 文档(zip 结构损坏)",
                    Location(DOCX_BROKEN)),
        ), failed=True),
        FileResult(SEED, "text", "notice", seed_findings(), items=23),
    )
    return LintResult(files=files, rules=dict(RULES))


def test_every_format_renders_deterministically() -> None:
    result = sample_result()
    for name in FORMATS:
        out = render(result, name)
        if name == "xlsx":
            assert isinstance(out, bytes) and out.startswith(b"PK"), name
        else:
            assert isinstance(out, str) and out.endswith("\n"), name
        assert out == render(sample_result(), name), f"{name} output is not deterministic"


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        render(sample_result(), "html5")
    assert "html5" in info.value.message


def test_severity_counts_cover_every_finding() -> None:
    result = sample_result()
    counts = severity_counts(result)
    assert counts == {Severity.ERROR: 3, Severity.WARNING: 4, Severity.INFO: 2}
    assert sum(counts.values()) == len(result.findings())


def test_fired_rules_only_and_input_rule_described() -> None:
    result = sample_result()
    fired = fired_rules(result)
    assert list(fired) == sorted({f.rule for f in result.findings()})
    assert "publication/contact-missing" not in fired
    assert fired[INPUT_ERROR_RULE].severity is Severity.ERROR and fired[INPUT_ERROR_RULE].title
    assert "publication/contact-missing" in known_rules(result)


def test_rule_without_metadata_falls_back_to_its_id() -> None:
    info = rule_info(sample_result(), "wording/future-in-completed", Severity.WARNING)
    assert (info.title, info.severity) == ("wording/future-in-completed", Severity.WARNING)


@pytest.mark.parametrize(("location", "expected"), [
    (Location(SEED, 26, 16, 26, 22), f"{SEED}:26:16"),
    (Location(XLSX_LEDGER, cell="整改台账!F7", pointer="/issues/5/deadline"), f"{XLSX_LEDGER}:整改台账!F7"),
    (Location(JSON_LEDGER, pointer="/issues/3"), f"{JSON_LEDGER}#/issues/3"),
    (Location(DOCX_BROKEN), DOCX_BROKEN),
])
def test_where(location: Location, expected: str) -> None:
    assert where(location) == expected


def test_files_of_one_unit_written_two_ways_are_grouped_together() -> None:
    from checker.findings import FileMeta
    from checker.report.common import UNKNOWN_UNIT, group_by_unit

    def file(path: str, unit: str | None) -> FileResult:
        return FileResult(path, "text", "notice", (), meta=FileMeta(unit=unit))

    result = LintResult((file("a.txt", "中共平顶山市司法局党委"), file("b.docx", None),
                         file("c.xlsx", "平顶山市司法局党委"), file("d.txt", "樊城区司法局党组")), ())
    groups = [(unit, [f.path for f in files]) for unit, files in group_by_unit(result)]
    assert groups == [("中共平顶山市司法局党委", ["a.txt", "c.xlsx"]), ("樊城区司法局党组", ["d.txt"]),
                      (UNKNOWN_UNIT, ["b.docx"])]
