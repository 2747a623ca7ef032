"""Every report shows what a finding quotes: the HTML and Excel reports carry the quote (its span marked) or,
when the reader kept no quote (a workbook cell, a Word paragraph), the excerpt the text and JSON reports show."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.test_report_html import Node, parse


def _workbook(path: Path) -> None:
    """A ledger sheet as offices keep it: a title row, a header row, an item with a vague owner, an
    unreadable deadline, and a long-term item with neither deadline nor review date."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "整改台账"
    ws.append(["某区交通运输局巡察反馈问题整改台账(截至2024年4月10日)"])
    ws.append(["巡察反馈时间:2023年9月12日"])
    ws.append(["序号", "存在问题", "整改措施", "责任单位/责任人", "整改时限", "整改进展", "佐证材料"])
    ws.append([1, "工程项目变更审批不严", "2023年10月修订《工程变更管理办法》,清理变更项目14个", "建设科/刘某",
               "2023年12月31日", "已完成", "管理办法;清理台账"])
    ws.append([2, "党员教育管理松散", "2023年11月起每月开展主题党日,已开展5次", "机关党委/陈某", "长期坚持",
               "长期坚持", "活动记录"])
    ws.append([3, "公务用车使用登记不全", "2023年10月建立用车登记台账,补登记录86条", "相关科室", "尽快",
               "正在推进", None])
    wb.save(path)


def _notice(path: Path) -> None:
    """A Word notice whose first item is still open past its deadline and whose second item names no owner."""
    document = docx.Document()
    for text in [
        "中共某区交通运输局党组关于区委巡察整改进展情况的通报",
        "2023年4月10日至6月9日,区委第四巡察组对区交通运输局党组开展了巡察。2023年7月20日,区委第四巡察组向局党组"
        "反馈了巡察意见。现将整改进展情况予以公布。",
        "区委第四巡察组反馈问题共2个,已完成整改1个,正在推进1个。",
        "1.关于“安全生产检查走过场”的问题。责任领导:周某;责任部门:安全监督科;责任人:吴某;整改时限:2023年10月31日。"
        "整改措施:2023年8月开展道路运输企业安全检查,检查企业32家。目前正在推进。",
        "2.关于“执法案卷评查不及时”的问题。整改时限:2023年11月30日。整改措施:2023年9月对2022年以来执法案卷逐卷评查,"
        "评查案卷210卷。已于2023年11月15日完成整改。",
        "联系电话:010-66001234。",
        "中共某区交通运输局党组",
        "2024年1月8日",
    ]:
        document.add_paragraph(text)
    document.save(str(path))


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, object], Node, list[list[str]]]:
    """The JSON report, the parsed HTML report and the 问题清单 rows of the Excel report of one run."""
    _workbook(tmp_path / "台账.xlsx")
    _notice(tmp_path / "通报.docx")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", ".", "--isolated", "-f", "json", "-o", "out/r.json", "-f", "html",
                                       "-o", "out/r.html", "-f", "xlsx", "-o", "out/r.xlsx"])
    assert result.exit_code == 1, result.output
    report = json.loads((tmp_path / "out" / "r.json").read_text(encoding="utf-8"))
    html = parse((tmp_path / "out" / "r.html").read_text(encoding="utf-8"))
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "out" / "r.xlsx").read_bytes()))["问题清单"]
    rows = [[str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]
    return report, html, rows


def test_every_excerpt_of_the_json_report_is_shown_in_the_html_and_excel_reports(
        reports: tuple[dict[str, object], Node, list[list[str]]]) -> None:
    report, html, rows = reports
    findings = [f for file in report["files"] for f in file["findings"]]  # type: ignore[index, union-attr]
    quoted = {f["rule"]: f["excerpt"] for f in findings if f["excerpt"]}
    # the kinds of finding whose readers keep no quote: workbook cells and a Word paragraph
    assert quoted["completeness/owner-vague"] == "相关科室"
    assert quoted["input/unreadable-value"] == "尽快"
    assert quoted["completeness/deadline-missing"] == "长期坚持"
    assert quoted["completeness/owner-missing"].startswith("2.关于“执法案卷评查不及时”")
    articles = html.all("article")
    header = rows[0]
    for finding in findings:
        if not finding["excerpt"]:
            continue
        excerpt = " ".join(finding["excerpt"].split())
        article = next(a for a in articles if a.one("p", "message").text() == finding["message"])
        assert excerpt in " ".join(article.one("blockquote", "quote").text().split()), finding["rule"]
        row = next(r for r in rows if r[header.index("说明")] == finding["message"])
        assert excerpt in " ".join(row[header.index("原文")].split()), finding["rule"]


def test_a_quote_keeps_its_marked_span_beside_excerpt_only_findings(
        reports: tuple[dict[str, object], Node, list[list[str]]]) -> None:
    _, html, _ = reports
    overdue = next(a for a in html.all("article") if a.attrs["data-rule"] == "dates/overdue")
    quote = overdue.one("blockquote", "quote")
    assert [m.text() for m in quote.all("mark")] == ["2023年10月31日"]
    assert quote.text().startswith("整改时限:2023年10月31日")  # the sentence around the marked span
    vague = next(a for a in html.all("article") if a.attrs["data-rule"] == "completeness/owner-vague")
    assert vague.one("blockquote", "quote").text() == "相关科室" and not vague.all("mark")


def test_rule_doc_examples_keep_their_lines_in_the_html_report(
        reports: tuple[dict[str, object], Node, list[list[str]]]) -> None:
    from checker.dsl.docs import doc_sections
    from checker.dsl.ruleset import rule_infos
    from checker.resources import builtin_rules_dir

    _, html, _ = reports
    rules = {rule.id: rule for rule in rule_infos([builtin_rules_dir()])}
    doc = html.one("section", "ruledocs")
    shown = 0
    for block in doc.all("div", "ruledoc"):
        rule_id = block.attrs["id"].removeprefix("rule-")
        if rule_id not in rules:
            continue
        sections = doc_sections(rules[rule_id].doc)
        examples = [sections[name] for name in ("不合格示例", "合格示例") if name in sections]
        assert [pre.text() for pre in block.all("pre", "example")] == examples, rule_id
        shown += len(examples)
    assert shown >= 2  # the YAML examples of the rules that fired, each with its line breaks


def test_an_excel_day_number_in_a_date_column_is_quoted_as_its_date(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "整改台账"
    ws.append(["巡察反馈时间:2023年9月1日"])
    ws.append(["序号", "存在问题", "整改措施", "责任人", "完成时限", "整改状态", "完成时间"])
    ws.append([1, "发展党员程序不规范", "2023年10月修订《发展党员工作细则》", "组织科/杨某", 45291, "正在推进", None])
    ws.append([2, "会议记录不完整", "2023年9月起统一会议记录格式,补记12次", "办公室/何某", 45260, "已完成", 45275.0])
    wb.save(tmp_path / "台账.xlsx")
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "台账.xlsx"), "--isolated", "--as-of", "2024-03-01",
                                       "-f", "json"])
    findings = {f["rule"]: f for f in json.loads(result.output)["files"][0]["findings"]}
    overdue = findings["dates/overdue"]
    assert overdue["location"]["cell"] == "整改台账!E3"
    assert overdue["excerpt"] == "2023-12-31"  # not 「45291」
    late = findings["dates/completed-after-deadline"]
    assert "45275" not in late["excerpt"] and "45260" not in late["excerpt"]
    assert late["excerpt"] in ("2023-12-15", "2023-11-30")
