"""Tests for checker.text.dates on real sentences from the seed documents."""

from __future__ import annotations

import datetime

import pytest

from checker.text.dates import DateMention, find_dates, infer_year, parse_date, parse_date_span
from tests.seeds import seed_text as _seed

D = datetime.date


def _one(text: str, default_year: int | None = None) -> DateMention:
    mentions = find_dates(text, default_year)
    assert len(mentions) == 1, mentions
    return mentions[0]


def test_inspection_range_seed_000() -> None:
    text = "根据区委巡察工作统一部署,2022年11月2日至2023年1月6日,区委第一巡察组对区司法局党组开展了常规巡察"
    m = _one(text)
    assert (m.date, m.end_date, m.text) == (D(2022, 11, 2), D(2023, 1, 6), "2022年11月2日至2023年1月6日")
    assert text[m.start:m.end] == m.text
    assert not m.year_inferred and m.qualifier is None


def test_range_with_inherited_year_seed_002() -> None:
    m = _one("2023年11月1日至12月20日,市委第六巡察组对我局进行了巩固政法队伍教育整顿成果专项巡察")
    assert (m.date, m.end_date) == (D(2023, 11, 1), D(2023, 12, 20))
    m = _one("11月1日至20日", default_year=2023)
    assert (m.date, m.end_date, m.year_inferred) == (D(2023, 11, 1), D(2023, 11, 20), True)
    m = _one("12月1日至1月5日", default_year=2023)
    assert m.end_date == D(2024, 1, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-03-16", D(2023, 3, 16)),
        ("于2023.3.16召开", D(2023, 3, 16)),
        ("2023/3/16", D(2023, 3, 16)),
        ("二〇二三年三月十六日", D(2023, 3, 16)),
        ("二○二三年六月三十日", D(2023, 6, 30)),
        ("2024年6月28日", D(2024, 6, 28)),
    ],
)
def test_full_dates(text: str, expected: datetime.date) -> None:
    m = _one(text)
    assert (m.date, m.precision, m.year_inferred) == (expected, "day", False)


def test_year_month_first_or_last_day() -> None:
    m = _one("2023年9月,区人大对辖区17家执法司法单位开展评议")
    assert (m.date, m.precision, m.qualifier) == (D(2023, 9, 1), "month", None)
    m = _one("采取集中培训方式,计划在2024年6月前完成对我市行政执法人员的培训")
    assert (m.date, m.qualifier, m.text) == (D(2024, 6, 30), "before", "2024年6月前")
    m = _one("2024年2月底")
    assert (m.date, m.qualifier) == (D(2024, 2, 29), "end")


def test_month_day_without_year_seed_002() -> None:
    text = "正在对3月份案件录入情况进行抽查,4月22日前印发《2024年3月份案件录入情况通报》"
    # Without a default year only the title's own 2024年3月份 is read, and it is marked as a title.
    assert [(m.text, m.in_title) for m in find_dates(text)] == [("2024年3月份", True)]
    month, deadline, title = find_dates(text, default_year=2024)
    assert (month.date, month.precision, month.year_inferred) == (D(2024, 3, 1), "month", True)
    assert (deadline.date, deadline.qualifier, deadline.text) == (D(2024, 4, 22), "before", "4月22日前")
    assert not deadline.in_title and title.in_title and not title.year_inferred


def test_title_mentions_are_marked() -> None:
    (m,) = find_dates("组织召开案件评查,印发了《2024年1-2月份案件录入情况通报》")
    assert (m.date, m.end_date, m.in_title) == (D(2024, 1, 1), D(2024, 2, 29), True)


def test_month_range_seed_002() -> None:
    m = _one("本年度政治轮训拟于6月至8月期间进行。", default_year=2024)
    assert (m.date, m.end_date, m.text, m.precision) == (D(2024, 6, 1), D(2024, 8, 31), "6月至8月", "month")


def test_qualified_years() -> None:
    m = _one("2024年以来,共召开党委会17次,组织进行第一议题学习17次")
    assert (m.date, m.qualifier, m.precision) == (D(2024, 1, 1), "since", "year")
    m = _one("2024年底前完成")
    assert (m.date, m.qualifier, m.text) == (D(2024, 12, 31), "before", "2024年底前")
    m = _one("向组织部门汇报,2022年底,充实1名退役军人")
    assert (m.date, m.qualifier) == (D(2022, 12, 31), "end")
    m = _one("抓紧实施司法所规范化建设三年行动(2022-2024年)")
    assert (m.date, m.end_date) == (D(2022, 1, 1), D(2024, 12, 31))


def test_bare_years_and_non_dates() -> None:
    assert find_dates("2023年度、2024年度共招录新任公务员5名") == []
    assert find_dates("学习《2023年全区政法改革工作要点》") == []
    assert find_dates("执法执业问题非一日形成", default_year=2024) == []
    assert find_dates("经过近3个月工作", default_year=2024) == []
    assert find_dates("指导开展“3.23”世界气象日宣传活动", default_year=2024) == []
    assert find_dates("联系方式:0710-3232187;(2021-2025)") == []
    assert find_dates("2024年1月起草了实施办法")[0].qualifier is None


def test_invalid_dates_are_skipped() -> None:
    assert find_dates("2月30日", default_year=2023) == []
    assert find_dates("2023年13月1日") == []
    assert find_dates("2023-02-30") == []


def test_glued_list_markers_seed_002() -> None:
    (m,) = find_dates("5.2024年1月份开展2024年度第一期全市法律援助培训")
    assert (m.date, m.text) == (D(2024, 1, 1), "2024年1月份")
    (m,) = find_dates("4.4月8日,召开平顶山市", default_year=2024)
    assert (m.date, m.text) == (D(2024, 4, 8), "4月8日")


def test_whole_seed_000() -> None:
    text = _seed("000_5e4d1fbfc647a5c5.txt")
    mentions = find_dates(text, infer_year(text))
    for m in mentions:
        assert text[m.start:m.end] == m.text
    dates = [m.date for m in mentions]
    assert D(2023, 3, 16) in dates  # the feedback date
    assert dates[0] == D(2022, 11, 2) and mentions[0].end_date == D(2023, 1, 6)


def test_infer_year() -> None:
    assert infer_year(_seed("002_9a7c4d30cb90fa07.txt")) == 2024
    assert infer_year(_seed("000_5e4d1fbfc647a5c5.txt")) == 2023
    assert infer_year("10月8日,全国第二批政法队伍教育整顿工作推进会召开") is None
    assert infer_year("") is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2023-06-30", D(2023, 6, 30)),
        ("2023年6月30日", D(2023, 6, 30)),
        ("2023.6.30", D(2023, 6, 30)),
        ("2023/6/30", D(2023, 6, 30)),
        ("二〇二三年六月三十日", D(2023, 6, 30)),
        ("2023-06-30 00:00:00", D(2023, 6, 30)),
        (" 2023年6月30日前 ", D(2023, 6, 30)),
        ("20230630", D(2023, 6, 30)),
        ("2023年6月", None),
        ("长期坚持", None),
        ("2023-02-30", None),
        ("", None),
    ],
)
def test_parse_date(cell: str, expected: datetime.date | None) -> None:
    assert parse_date(cell) == expected


def test_parse_date_span() -> None:
    assert parse_date_span("2023年6月底") == (D(2023, 6, 1), D(2023, 6, 30))
    assert parse_date_span("2024年") == (D(2024, 1, 1), D(2024, 12, 31))
    assert parse_date_span("2023-06-30") == (D(2023, 6, 30), D(2023, 6, 30))
    assert parse_date_span("整改中") is None
