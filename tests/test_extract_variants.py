"""Other shapes real notices take, built from the seed notices' own sentences (tests/data/variants/).

Each variant is read as a careful reviewer would read it (items, titles, statuses, owners, deadlines,
declared counts, report date, contact, kind) and linted with the built-in rules: the findings listed for it
are the only ones a reviewer would write in the margin.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from checker.api import LintOptions, lint, load_rules
from checker.extract import extract_ledger
from checker.extract.structure import find_items, parse_outline
from checker.read.scripts import as_read
from tests.seeds import seed_text

D = datetime.date
VARIANTS = Path(__file__).resolve().parent / "data" / "variants"


def _text(name: str) -> str:
    return (VARIANTS / f"{name}.txt").read_text(encoding="utf-8")


def _ledger(name: str) -> dict:
    return extract_ledger(_text(name), f"{name}.txt")[0]


def _titles(ledger: dict) -> list[str]:
    return [issue["title"] for issue in ledger["issues"]]


@pytest.fixture(scope="module")
def results() -> dict:
    ruleset = load_rules(LintOptions())
    return {Path(f.path).stem: f for f in lint([VARIANTS], ruleset=ruleset).files}


# (rule, severity, item) of every finding expected on each variant; anything else is a false alarm.
EXPECTED_FINDINGS: dict[str, list[tuple[str, str, str | None]]] = {
    # owners and deadlines are stated for items 1 and 2 only, so item 3 is reported on its own;
    # item 2 (完成时限:长期坚持) is long-term and names no review date
    "01_item_owners": [  # undated, with open items: overdue is not judged and dates/as-of says so
        ("dates/as-of", "info", None),
        ("completeness/deadline-missing", "error", "2"),
        ("completeness/deadline-missing", "error", "3"),
        ("completeness/measures-vague", "warning", "3"),
        ("completeness/owner-missing", "error", "3"),
    ],
    # seed 000's own findings: measures dated before the feedback (items 4 and 8), empty measures
    "02_status_sections": [
        ("completeness/deadline-missing", "info", None),
        ("completeness/measures-vague", "warning", "14"),
        ("completeness/measures-vague", "warning", "15"),
        ("completeness/measures-vague", "warning", "23"),
        ("completeness/owner-missing", "info", None),
        ("dates/measure-before-feedback", "warning", "4"),
        ("dates/measure-before-feedback", "warning", "8"),
        ("dates/measure-before-feedback", "warning", "8"),
    ],
    "03a_problem_number_blocks": [("completeness/deadline-missing", "error", "3")],
    "03b_numbered_problem_label": [
        ("dates/as-of", "info", None),
        ("completeness/measures-vague", "warning", "1"),
        ("completeness/owner-missing", "warning", None),
    ],
    "03c_bracket_labels": [("completeness/measures-vague", "warning", "2")],
    "04_signature_chinese_date": [
        ("completeness/deadline-missing", "info", None),
        ("completeness/owner-missing", "info", None),
    ],
    # the closing 下一步… paragraph is not a measure of the last completed item (no future wording)
    "04b_closing_paragraph_and_release_mark": [
        ("completeness/deadline-missing", "info", None),
        ("completeness/owner-missing", "info", None),
    ],
    # no owner or deadline is stated anywhere in these notices, not even once for all items
    "05a_contact_phone_hours_and_letters": [
        ("completeness/deadline-missing", "warning", None),
        ("completeness/measures-vague", "warning", "1"),
        ("completeness/owner-missing", "warning", None),
    ],
    "05b_contact_postbox_only": [
        ("completeness/deadline-missing", "warning", None),
        ("completeness/measures-vague", "warning", "1"),
        ("completeness/owner-missing", "warning", None),
    ],
    "06_provincial_xunshi": [
        ("completeness/deadline-missing", "info", None),
        ("completeness/owner-missing", "info", None),
    ],
    "07_item_heading_with_sub_measures": [
        ("completeness/deadline-missing", "warning", None),
        ("completeness/owner-missing", "warning", None),
    ],
    "08_traditional_fullwidth": [
        ("completeness/deadline-missing", "warning", None),
        ("completeness/measures-vague", "warning", "2"),
        ("completeness/owner-missing", "warning", None),
    ],
    "09_short_no_label": [
        ("completeness/deadline-missing", "warning", None),
        ("completeness/measures-vague", "warning", "2"),
        ("completeness/owner-missing", "warning", None),
    ],
    "10a_news_feedback_meeting": [("document/not-a-report", "error", None)],
    "10b_work_summary_with_rectification": [("document/not-a-report", "error", None)],
}


def test_every_variant_file_has_expectations() -> None:
    assert sorted(p.stem for p in VARIANTS.glob("*.txt")) == sorted(EXPECTED_FINDINGS)


@pytest.mark.parametrize("name", sorted(EXPECTED_FINDINGS))
def test_only_the_expected_findings(results: dict, name: str) -> None:
    found = sorted((f.rule, f.severity.label, f.item) for f in results[name].findings)
    assert found == sorted(EXPECTED_FINDINGS[name])


def test_owners_and_deadlines_stated_for_some_items() -> None:
    ledger = _ledger("01_item_owners")
    first, second, third = ledger["issues"]
    assert _titles(ledger) == ["政务信息发布不及时", "创文工作务虚", "财务科目使用混乱"]
    assert first["owner"] == {"leader": "张某某", "department": "办公室"}
    assert first["deadline"] == D(2023, 6, 30)  # 2023年6月底前
    assert len(first["measures"]) == 2
    # (责任单位:政治部,完成时限:长期坚持) on the heading line
    assert second["owner"] == {"department": "政治部"}
    assert second["status"] == "long_term" and "deadline" not in second
    assert len(second["measures"]) == 3
    assert "owner" not in third and "deadline" not in third
    assert ledger["unit"] == "中共樊城区司法局党组"  # the issuer named in the title
    assert "owners_stated" not in ledger["document"]


def test_status_sections_with_counts_and_a_summary_sentence() -> None:
    ledger = _ledger("02_status_sections")
    assert len(ledger["issues"]) == 23
    assert ledger["declared"] == {"issues": 23, "completed": 20, "in_progress": 1, "long_term": 2}
    statuses = [issue["status"] for issue in ledger["issues"]]
    assert statuses == ["completed"] * 20 + ["in_progress"] + ["long_term"] * 2
    assert ledger["issues"][20]["title"] == "基层党建抓得不实"
    assert ledger["issues"][20]["section"] == "正在推进的问题(1个)"
    assert [i["id"] for i in ledger["issues"]] == [str(n) for n in range(1, 24)]
    # the organisation section before the status sections holds no items
    assert not any("提高思想认识" in t for t in _titles(ledger))


def test_problem_number_blocks_with_labelled_fields() -> None:
    ledger = _ledger("03a_problem_number_blocks")
    assert _titles(ledger) == ["用先进的理论武装思想不够深入细致", "政府采购程序执行不到位",
                               "推进律师进社区法律服务活动缺乏监督管理"]
    assert [i["id"] for i in ledger["issues"]] == ["1", "2", "3"]
    assert [i["status"] for i in ledger["issues"]] == ["completed", "completed", "long_term"]
    assert [i.get("deadline") for i in ledger["issues"]] == [D(2023, 6, 30), D(2023, 5, 31), None]
    assert ledger["issues"][1]["owner"] == {"leader": "分管财务副局长", "department": "办公室"}
    measures = ledger["issues"][0]["measures"]
    assert len(measures) == 2 and measures[1]["date"] == D(2023, 3, 27)
    assert ledger["declared"] == {"issues": 3}
    assert ledger["document"]["kind"] == "notice"


def test_numbered_problem_label_items_without_a_section() -> None:
    ledger = _ledger("03b_numbered_problem_label")
    assert ledger["document"]["kind"] == "notice"
    assert _titles(ledger) == ["政务信息发布不及时", "“三重一大”制度执行不严"]
    assert [i["status"] for i in ledger["issues"]] == ["completed", "in_progress"]
    assert [i["deadline"] for i in ledger["issues"]] == [D(2023, 5, 31), D(2023, 6, 30)]
    assert ledger["issues"][1]["measures"][0]["date"] == D(2023, 4, 3)
    assert ledger["contact"] == {"email": "467162438@qq.com"}


def test_bracketed_labels_and_a_status_summary() -> None:
    ledger = _ledger("03c_bracket_labels")
    assert _titles(ledger) == ["政务信息发布不及时", "未使用公务卡及对公转账", "乡村振兴工作驻村制度落实不到位"]
    assert [i["owner"] for i in ledger["issues"]] == [{"department": d} for d in ("办公室", "办公室", "政治部")]
    assert [i["deadline"] for i in ledger["issues"]] == [D(2023, 6, 30), D(2023, 5, 31), D(2023, 12, 31)]
    assert [i["status"] for i in ledger["issues"]] == ["completed", "completed", "in_progress"]
    assert [len(i["measures"]) for i in ledger["issues"]] == [2, 2, 2]
    assert not any("【" in m["text"] for i in ledger["issues"] for m in i["measures"])
    assert ledger["declared"] == {"issues": 3, "completed": 2, "in_progress": 1}  # 已整改到位2个
    assert ledger["report_date"] == D(2023, 7, 15)


def test_problem_lines_numbered_in_chinese() -> None:
    text = ("市委第六巡察组于2024年1月22日反馈了巡察意见,现将整改情况予以公布:\n"
            "问题一:落实第一议题制度不到位\n整改措施:严格执行第一议题制度。\n完成情况:已完成\n"
            "问题二:日常管理宽松软\n整改措施:建立作风纪律常态化检查机制。\n完成情况:正在推进\n")
    issues = extract_ledger(text, "x.txt")[0]["issues"]
    assert [(i["id"], i["title"], i["status"]) for i in issues] == [
        ("1", "落实第一议题制度不到位", "completed"), ("2", "日常管理宽松软", "in_progress")]


def test_signature_line_and_chinese_numeral_report_date() -> None:
    ledger, source_map = extract_ledger(_text("04_signature_chinese_date"), "04.txt")
    assert ledger["report_date"] == D(2024, 6, 28)
    assert source_map.excerpt("/report_date") == "二〇二四年六月二十八日"
    assert ledger["unit"] == "中共平顶山市司法局党委"
    assert _titles(ledger) == ["落实第一议题制度不到位", "村(居)法律顾问工作仍需加强", "暖警爱警措施有待提升"]
    assert [i["id"] for i in ledger["issues"]] == ["2.1", "2.2", "3.1"]
    assert [i["status"] for i in ledger["issues"]] == ["completed", "completed", "long_term"]
    assert ledger["declared"] == {"issues": 3}
    assert ledger["contact"] == {"phone": "0375-2661017", "email": "pdssfjjw@163.com"}
    # the contact paragraph and the signature are not part of the last item
    last = ledger["issues"][-1]["measures"][-1]["text"]
    assert "联系电话" not in last and "平顶山市司法局党委" not in last


def test_closing_paragraph_and_release_mark_follow_the_last_item() -> None:
    ledger = _ledger("04b_closing_paragraph_and_release_mark")
    assert ledger["report_date"] == D(2024, 6, 28)  # above (此件公开发布)
    assert ledger["contact"] == {"phone": "0375-2661017"}
    last = ledger["issues"][-1]
    assert last["status"] == "completed"
    assert last["measures"][-1]["text"].endswith("等相关管理规定")
    assert not any("下一步" in m["text"] for m in last["measures"])


def test_contact_phone_with_office_hours_and_letter_address() -> None:
    ledger, source_map = extract_ledger(_text("05a_contact_phone_hours_and_letters"), "05a.txt")
    assert ledger["contact"] == {"phone": "0710-3232187", "address": "襄阳市樊城区人民路12号樊城区司法局办公室"}
    assert source_map.locate("/contact/phone").line == 8
    # the contact lines are not read as measures of the last item
    assert ledger["issues"][-1]["measures"][-1]["text"].endswith("规范执行政府采购程序")


def test_letters_without_a_colon_and_a_postbox() -> None:
    ledger = _ledger("05b_contact_postbox_only")
    # 来信请寄… comes first; the address ends at the comma, before 信封上请注明…
    assert ledger["contact"] == {"address": "襄阳市樊城区人民路12号樊城区司法局办公室"}
    assert ledger["document"]["public"] is True


def test_provincial_inspection_tour() -> None:
    ledger = _ledger("06_provincial_xunshi")
    assert ledger["document"]["kind"] == "notice"
    assert "巡视整改情况报告" in ledger["document"]["reason"]
    assert ledger["inspection"] == {"body": "省委第三巡视组", "start": D(2023, 4, 10), "end": D(2023, 6, 15),
                                    "feedback": D(2023, 8, 25)}
    assert ledger["unit"] == "中共湖北省司法厅党组"
    assert ledger["declared"] == {"issues": 4}  # 反馈的2个方面4个问题
    assert _titles(ledger) == ["统筹推进法治政府建设不够有力", "统筹规划法治社会建设不够有力",
                               "民主集中制执行不到位", "政府采购程序执行不到位"]
    assert [i["category"] for i in ledger["issues"]][1:3] == [
        "关于贯彻落实党中央决策部署和省委工作要求方面的问题", "关于全面从严治党方面的问题"]
    assert ledger["contact"] == {"phone": "027-87328165", "address": "武汉市武昌区紫阳路XX号"}
    assert ledger["document"]["owners_stated"] == "逐一明确了责任领导、责任处室和整改时限"


def test_item_heading_naming_its_rectification_with_measures_on_lines() -> None:
    ledger = _ledger("07_item_heading_with_sub_measures")
    assert _titles(ledger) == ["落实第一议题制度不到位", "推行行政执法三项制度有差距", "指导安置帮教力度较弱"]
    measures = [[m["text"] for m in i["measures"]] for i in ledger["issues"]]
    assert [len(m) for m in measures] == [3, 2, 2]
    # 问题的整改情况 ends the heading; it is not a measure
    assert measures[0][0].startswith("严格执行第一议题制度")
    assert measures[2][0].startswith("增强对安置帮教工作的指导力度")
    assert ledger["unit"] == "中共平顶山市司法局党委"


def test_traditional_characters_and_full_width_digits() -> None:
    ledger, source_map = extract_ledger(_text("08_traditional_fullwidth"), "08.txt")
    seed = extract_ledger(seed_text("000_5e4d1fbfc647a5c5.txt"), "000.txt")[0]
    # values as written (traditional), read in simplified characters as the simplified seed is
    assert _titles(ledger) == ["政務信息發佈不及時", "未使用公務卡及對公轉賬", "文風不實作風不嚴謹"]
    read = as_read(ledger, source_map.simplified)
    assert _titles(read) == [seed["issues"][n]["title"] for n in (9, 14, 11)]
    assert ledger["inspection"]["body"] == "區委第一巡察組"
    assert read["inspection"] == seed["inspection"]
    assert ledger["contact"] == seed["contact"]
    assert [len(i["measures"]) for i in ledger["issues"]] == [2, 2, 4]
    assert ledger["issues"][2]["measures"][3]["date"] == D(2023, 4, 4)
    assert source_map.excerpt("/issues/1/title") == "未使用公務卡及對公轉賬"  # the original text is quoted


def test_short_notice_with_measures_directly_under_the_heading() -> None:
    ledger = _ledger("09_short_no_label")
    assert _titles(ledger) == ["政府采购程序执行不到位", "未使用公务卡及对公转账", "公证为民服务存在短板"]
    assert ledger["declared"] == {"issues": 3}
    first = ledger["issues"][0]["measures"]
    assert len(first) == 1 and first[0]["text"].startswith("召开党组会剖析问题根源")
    third = ledger["issues"][2]["measures"]
    assert len(third) == 2 and third[0]["date"] == D(2023, 4, 20)
    assert ledger["inspection"]["feedback"] == D(2023, 3, 16)


def test_news_story_about_a_feedback_meeting_is_no_notice() -> None:
    ledger = _ledger("10a_news_feedback_meeting")
    assert ledger["document"]["kind"] == "other"
    assert "新闻报道" in ledger["document"]["reason"]
    assert ledger["issues"] == []


def test_work_summary_with_a_rectification_paragraph_is_no_notice() -> None:
    text = _text("10b_work_summary_with_rectification")
    ledger = extract_ledger(text, "10b.txt")[0]
    assert ledger["document"]["kind"] == "other"
    assert "工作总结" in ledger["document"]["reason"]
    # the subsections of 上半年工作开展情况 are achievements, not feedback items
    assert find_items(parse_outline(text)) == []


def test_problem_area_groups_still_hold_unquoted_items() -> None:
    text = ("市委第三巡察组反馈了巡察意见。现将整改情况予以公布:\n二、主要成效\n(一)政治建设\n"
            "1.学习贯彻党的二十大精神不够深入。整改情况:2024年3月5日召开党组理论学习中心组会议。\n"
            "2.落实意识形态工作责任制有差距。整改情况:修订《意识形态工作责任制实施细则》。\n")
    ledger = extract_ledger(text, "x.txt")[0]
    assert _titles(ledger) == ["学习贯彻党的二十大精神不够深入", "落实意识形态工作责任制有差距"]


def test_summary_subsection_about_the_feedback_as_a_whole_is_no_item() -> None:
    text = _text("10b_work_summary_with_rectification").replace("3.扎实抓好巡察整改。", "3.关于巡察反馈问题的整改情况。")
    ledger = extract_ledger(text, "10b.txt")[0]
    assert ledger["document"]["kind"] == "other"
    assert find_items(parse_outline(text)) == []


def test_unquoted_title_runs_to_the_last_problem_word() -> None:
    text = ("区委第一巡察组于2023年3月16日反馈了巡察意见,现将整改情况予以公布:\n二、整改进展情况\n"
            "1.关于巡察发现问题整改不彻底的问题\n整改情况:一是加强制度建设;二是加强制度执行。\n"
            "2.关于文风不实作风不严谨的问题。整改情况:2023年3月31日召开司法所长例会。\n")
    assert _titles(extract_ledger(text, "x.txt")[0]) == ["巡察发现问题整改不彻底", "文风不实作风不严谨"]


def test_an_undated_notice_says_overdue_was_not_judged_until_a_date_is_given() -> None:
    """A notice speaks for the day it was issued: without that date it is not judged against today
    (variant 03b's 整改时限 2023年6月30日 would be years overdue), and the report says so."""
    path = VARIANTS / "03b_numbered_problem_label.txt"
    [undated] = lint([path], LintOptions()).files
    [note] = [f for f in undated.findings if f.rule == "dates/as-of"]
    assert "未检查" in note.message and "--as-of" in note.message
    assert not [f for f in undated.findings if f.rule == "dates/overdue"]
    [dated] = lint([path], LintOptions(as_of=datetime.date(2023, 7, 15))).files
    assert [(f.rule, f.item) for f in dated.findings if f.rule.startswith("dates/")] == [("dates/overdue", "2")]
