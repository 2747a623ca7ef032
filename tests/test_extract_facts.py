"""Report-level facts read by checker.extract: inspection, dates, unit, counts, contact, title."""

from __future__ import annotations

import datetime

import pytest

from checker.extract import extract_ledger
from tests.seeds import seed_text as _seed

D = datetime.date


@pytest.fixture(scope="module")
def seed000() -> dict:
    return extract_ledger(_seed("000_5e4d1fbfc647a5c5.txt"), "000.txt")[0]


@pytest.fixture(scope="module")
def seed002() -> dict:
    return extract_ledger(_seed("002_9a7c4d30cb90fa07.txt"), "002.txt")[0]


def test_seed_000_inspection(seed000: dict) -> None:
    assert seed000["inspection"] == {"body": "区委第一巡察组", "start": D(2022, 11, 2), "end": D(2023, 1, 6),
                                     "feedback": D(2023, 3, 16)}
    assert seed000["unit"] == "区司法局党组"


def test_seed_002_inspection_end_year_inherited(seed002: dict) -> None:
    assert seed002["inspection"] == {"body": "市委第六巡察组", "start": D(2023, 11, 1),
                                     "end": D(2023, 12, 20), "feedback": D(2024, 1, 22)}
    assert seed002["unit"] == "中共平顶山市司法局党委"


def test_seed_002_declared_count_and_report_date(seed002: dict) -> None:
    assert seed002["declared"] == {"issues": 30}
    assert seed002["report_date"] == D(2024, 6, 28)
    assert seed002["document"]["title"] == "关于落实市委巡察反馈意见整改情况的通报"


def test_seed_000_contact_and_no_report_date(seed000: dict) -> None:
    assert seed000["contact"] == {"phone": "0710-3232187", "email": "467162438@qq.com"}
    assert "report_date" not in seed000
    assert "declared" not in seed000


def test_seed_002_has_no_contact(seed002: dict) -> None:
    assert not seed002.get("contact")


def test_owners_and_deadlines_stated_once_for_all_items(seed000: dict, seed002: dict) -> None:
    assert seed002["document"]["owners_stated"] == "逐一明确了责任领导、责任部门及整改时限"
    assert seed002["document"]["deadlines_stated"] == "逐一明确了责任领导、责任部门及整改时限"
    assert seed000["document"]["owners_stated"] == "明确责任领导、责任人、整改措施和完成时限"
    # 明确责任人 inside item 11's measures is about that item, not a statement for all items
    assert seed000["document"]["owners_stated"] != "明确责任人"


def test_public_notices(seed000: dict, seed002: dict) -> None:
    assert seed000["document"]["public"] is True  # 现将集中整改进展情况予以公布
    assert seed002["document"]["public"] is True  # 向社会予以公布


def test_chinese_numeral_report_date_and_declared_status_counts() -> None:
    text = ("中共樊城区司法局党组关于巡察整改进展情况的通报\n"
            "2023年3月16日,区委第一巡察组向区司法局党组反馈了巡察意见,共反馈问题二十三个。"
            "截至目前,已完成整改20项,正在推进1项,长期坚持2项。现将整改进展情况予以公布:\n"
            "一、已完成整改事项\n1.关于“政务信息发布不及时”的问题\n整改情况:一是明确专人负责;二是畅通渠道。\n"
            "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0710-3232187;邮政信箱:樊城区人民路12号;"
            "电子邮箱:sfj@fancheng.gov.cn。\n"
            "中共樊城区司法局党组\n二〇二三年七月十五日\n")
    ledger, _ = extract_ledger(text, "x.txt")
    assert ledger["report_date"] == D(2023, 7, 15)
    assert ledger["declared"] == {"issues": 23, "completed": 20, "in_progress": 1, "long_term": 2}
    assert ledger["contact"] == {"phone": "0710-3232187", "email": "sfj@fancheng.gov.cn",
                                 "address": "樊城区人民路12号"}
    # the closing lines are not part of the last item
    assert ledger["issues"][0]["measures"][-1]["text"] == "畅通渠道"


def test_unit_from_label_and_feedback_meeting() -> None:
    text = ("被巡察单位:县司法局党组\n县委第二巡察组于2023年4月6日至5月30日对县司法局党组开展了常规巡察。"
            "2023年7月12日,县委第二巡察组召开巡察反馈会,反馈了巡察意见。\n")
    ledger, _ = extract_ledger(text, "x.txt")
    assert ledger["unit"] == "县司法局党组"
    assert ledger["inspection"]["start"] == D(2023, 4, 6)
    assert ledger["inspection"]["end"] == D(2023, 5, 30)
    assert ledger["inspection"]["feedback"] == D(2023, 7, 12)


def test_counts_in_status_headings() -> None:
    text = ("市委第六巡察组于2024年1月22日反馈了巡察意见。现将整改进展情况向社会予以公布:\n"
            "一、已完成整改的问题(2个)\n(一)针对“政治轮训不严不实”问题。\n整改情况:1.梳理了教育培训年度计划。2.建立学员档案。\n"
            "(二)针对“日常管理宽松软”问题。\n整改情况:建立作风纪律常态化检查机制。\n"
            "二、需长期坚持的问题(1个)\n(一)针对“暖警爱警措施有待提升”问题。\n整改情况:建立健全先进典型档案库。\n")
    ledger, source_map = extract_ledger(text, "x.txt")
    assert ledger["declared"] == {"completed": 2, "long_term": 1}
    assert [i["status"] for i in ledger["issues"]] == ["completed", "completed", "long_term"]
    assert source_map.excerpt("/declared/long_term") == "(1个)"


def test_declared_status_counts_prefer_the_number_after_the_verb() -> None:
    from checker.extract.facts import declared_counts

    counts = declared_counts("目前,23个问题已完成整改20个,正在推进1个,长期坚持2个。")
    assert {k: v.value for k, v in counts.items()} == {"completed": 20, "in_progress": 1, "long_term": 2}
    counts = declared_counts("反馈的30个问题中,20个问题已完成整改。")
    assert {k: v.value for k, v in counts.items()} == {"issues": 30, "completed": 20}
