"""Measures, dates, owners, deadlines and evidence of items read by checker.extract."""

from __future__ import annotations

import datetime

import pytest

from checker.extract import extract_ledger
from checker.extract.measures import split_measures
from tests.seeds import seed_text as _seed

D = datetime.date


@pytest.fixture(scope="module")
def seed000() -> dict:
    return extract_ledger(_seed("000_5e4d1fbfc647a5c5.txt"), "000.txt")[0]


@pytest.fixture(scope="module")
def seed002() -> dict:
    return extract_ledger(_seed("002_9a7c4d30cb90fa07.txt"), "002.txt")[0]


def test_yishi_ershi_measures_and_their_dates(seed000: dict) -> None:
    measures = seed000["issues"][0]["measures"]
    assert len(measures) == 4
    assert measures[0]["text"].startswith("局党组修改完善《司法局党组理论学习中心组制度》")
    assert "date" not in measures[0]
    assert measures[1]["date"] == D(2023, 3, 27)
    assert measures[2]["date"] == D(2023, 3, 20)  # the first of two dates in the measure
    assert "progress" not in seed000["issues"][0]


def test_nested_parenthesised_numbers_stay_inside_their_measure(seed000: dict) -> None:
    measures = seed000["issues"][1]["measures"]
    assert len(measures) == 5
    assert "(1)持续开展“律师进社区”活动" in measures[1]["text"]
    assert "(2)持续开展法治体检活动" in measures[1]["text"]


def test_year_end_and_month_only_dates_are_not_measure_dates(seed000: dict) -> None:
    public_service = seed000["issues"][8]["measures"]  # 2022年底,充实1名退役军人…
    assert all("date" not in m for m in public_service)
    law_society = seed000["issues"][4]["measures"][3]  # 2023年9月,区人大…视察
    assert "date" not in law_society


def test_numbered_measures_in_seed_002(seed002: dict) -> None:
    first = seed002["issues"][0]["measures"]
    starts = ["严格执行第一议题制度", "把学习《关于巩固全国", "局党委会议专题研究部"]
    assert [m["text"][:10] for m in first] == starts


def test_quoted_day_numbers_do_not_split_measures(seed002: dict) -> None:
    measures = seed002["issues"][12]["measures"]  # 指导普法宣传教育不扎实: “3.23”世界气象日, “3.22”世界水日
    assert len(measures) == 5
    assert "“3.23”世界气象日" in measures[2]["text"] and "“3.22”世界水日" in measures[2]["text"]


def test_marker_followed_by_a_date_still_splits(seed002: dict) -> None:
    measures = seed002["issues"][19]["measures"]  # …4.4月8日,召开平顶山市行政调解工作推进会
    assert len(measures) == 4
    assert measures[3]["text"].startswith("4月8日,召开平顶山市行政调解工作推进会")
    assert measures[3]["date"] == D(2024, 4, 8)  # year from the feedback (2024年1月22日)


def test_unsplit_text_is_one_measure_and_progress(seed002: dict) -> None:
    issue = seed002["issues"][6]  # 项目建设管理不规范: 整改情况:根据我局工作实际,制定…
    assert len(issue["measures"]) == 1
    assert issue["progress"] == issue["measures"][0]["text"]
    assert issue["progress"].startswith("根据我局工作实际")


def test_single_numbered_measure_loses_its_marker(seed002: dict) -> None:
    issue = seed002["issues"][21]  # 暖警爱警措施有待提升: 整改情况:1.建立健全先进典型档案库…
    assert len(issue["measures"]) == 1
    assert issue["measures"][0]["text"].startswith("建立健全先进典型档案库")


def test_deadline_bounds_are_not_measure_dates(seed002: dict) -> None:
    legal_aid = seed002["issues"][16]["measures"][1]  # 于3月13日前将…进行网上公示
    assert "date" not in legal_aid
    mediation = seed002["issues"][24]["measures"][1]  # 4月22日前印发…
    assert "date" not in mediation
    training = seed002["issues"][5]["measures"][1]  # 4月15日在全系统安排部署
    assert training["date"] == D(2024, 4, 15)


def test_owner_deadline_evidence_labels() -> None:
    text = ("区委第一巡察组于2023年3月16日反馈了巡察意见,现将整改情况予以公布:\n"
            "一、已完成整改事项\n1.关于“政府采购程序执行不到位”的问题\n"
            "责任领导:张某;责任部门:办公室;责任人:李某;整改时限:2023年6月30日前\n"
            "整改情况:一是2023年4月10日召开党组会剖析问题根源;二是修订《财务管理制度》。\n"
            "佐证材料:党组会议纪要(2023年第5次)、财务管理制度\n"
            "2.关于“公证为民服务存在短板”的问题\n整改时限:长期坚持\n整改情况:一是出台公证便民服务举措;二是实行执业公示制度。\n")
    ledger, _ = extract_ledger(text, "x.txt")
    first, second = ledger["issues"]
    assert first["owner"] == {"leader": "张某", "department": "办公室", "person": "李某"}
    assert first["deadline"] == D(2023, 6, 30)
    assert first["evidence"] == ["党组会议纪要(2023年第5次)", "财务管理制度"]
    assert [m["text"] for m in first["measures"]] == [
        "2023年4月10日召开党组会剖析问题根源", "修订《财务管理制度》"]
    assert first["measures"][0]["date"] == D(2023, 4, 10)
    assert first["status"] == "completed"
    assert "owner" not in second and "deadline" not in second
    assert second["status"] == "completed"  # the section decides; 长期坚持 only fills a missing status


def test_status_statement_in_the_item_overrides_nothing_missing() -> None:
    text = ("市委第二巡察组反馈了巡察意见,现将整改进展情况公布如下:\n二、整改进展情况\n"
            "1.关于“基层党建抓得不实”的问题(已完成)\n整改情况:一是加强机关支部建设;二是认真落实“三会一课”制度。\n"
            "2.关于“创文工作务虚”的问题\n整改状态:正在推进\n整改情况:明确专人负责家属院管理及创文工作。\n"
            "3.关于“民主集中制执行不到位”的问题\n整改时限:长期坚持\n整改情况:完善《党组会议议事规则》。\n")
    issues = extract_ledger(text, "x.txt")[0]["issues"]
    assert [i.get("status") for i in issues] == ["completed", "in_progress", "long_term"]


def test_split_measures_schemes() -> None:
    text = "①修订制度;②召开会议;③开展培训"
    spans = split_measures(text, 0, len(text))
    assert spans is not None and [text[a:b] for a, b in spans] == ["修订制度", "召开会议", "开展培训"]
    text = "全面开展自查。(1)修订制度;(2)召开会议"
    spans = split_measures(text, 0, len(text))
    assert spans is not None and [text[a:b] for a, b in spans] == ["全面开展自查", "修订制度", "召开会议"]
    assert split_measures("共梳理廉政风险点24条,制定防控措施46条", 0, 21) is None
