"""Tests for checker.text.numerals on real sentences from the seed documents."""

from __future__ import annotations

import pytest

from checker.text.numerals import COUNTERS, Number, cn_to_number, find_numbers, parse_number
from tests.seeds import seed_text as _seed


def _values(text: str) -> list[tuple[float, str | None]]:
    return [(n.value, n.unit) for n in find_numbers(text)]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("25958", (25958.0, False)),
        ("2.6万", (26000.0, False)),
        ("2.6万余", (26000.0, True)),
        ("三十", (30.0, False)),
        ("二十六", (26.0, False)),
        ("两", (2.0, False)),
        ("1.2亿", (120_000_000.0, False)),
        ("百分之七十一", (71.0, False)),
        ("99%", (99.0, False)),
        ("99.5%", (99.5, False)),
        ("近3", (3.0, True)),
        ("约200", (200.0, True)),
        ("200余", (200.0, True)),
        ("200多", (200.0, True)),
        ("3个左右", (3.0, True)),
        ("超过100人", (100.0, True)),
        ("２０２３", (2023.0, False)),
        ("25,958", (25958.0, False)),
        ("一万二", (12000.0, False)),
        ("一百零五", (105.0, False)),
        ("六十二点五", (62.5, False)),
        ("2462.76万", (24_627_600.0, False)),
        ("十余", (10.0, True)),
        ("壹佰", (100.0, False)),  # not in the table: goes through cn2an
    ],
)
def test_parse_number(token: str, expected: tuple[float, bool]) -> None:
    assert parse_number(token) == expected


@pytest.mark.parametrize("token", ["", "abc", "万", "千", "十十", "3.5.6", "约", "一是"])
def test_parse_number_rejects(token: str) -> None:
    assert parse_number(token) is None


def test_chinese_numerals_agree_with_cn2an() -> None:
    cn2an = pytest.importorskip("cn2an")
    for n in [*range(2100), 10_000, 10_010, 12_345, 100_000, 1_000_000, 20_000_000, 120_000_000,
              123_456_789, 100_200_300]:
        assert cn_to_number(cn2an.an2cn(n)) == n, n


def test_sum_sentence_seed_001() -> None:
    text = "截至目前,共受理法律援助案件213件,其中刑事案件85件,民事案件125件,行政案件3件"
    numbers = find_numbers(text)
    assert [(n.value, n.unit, n.approx) for n in numbers] == [
        (213.0, "件", False), (85.0, "件", False), (125.0, "件", False), (3.0, "件", False)]
    first = numbers[0]
    assert text[first.start:first.end] == first.text == "213件"


def test_approximations_and_units_seed_001() -> None:
    text = ("截至目前,共开展专题学习培训16场次,张贴标语横幅500余条,设立宣传栏110余个,"
            "发放宣传手册、法律读本等3万余册,解答群众咨询800余人次,受教育群众达280000人次")
    numbers = find_numbers(text)
    assert [(n.value, n.unit, n.approx) for n in numbers] == [
        (16.0, "场次", False), (500.0, "条", True), (110.0, "个", True), (30000.0, "册", True),
        (800.0, "人次", True), (280000.0, "人次", False)]


def test_money_folds_the_multiplier() -> None:
    numbers = find_numbers("调解成功364件,协议涉及金额2462.76万元,排查矛盾纠纷363次")
    money = numbers[1]
    assert (money.value, money.unit, money.text) == (24_627_600.0, "元", "2462.76万元")


def test_percentages() -> None:
    text = ("全市五星司法所覆盖率71%。各县(市、区)政法专项编制下沉均已达到60%以上。"
            "全省103家公证机构,已有近80%完成")
    pct = [n for n in find_numbers(text) if n.percent]
    assert [(n.value, n.approx, n.unit) for n in pct] == [(71.0, False, "%"), (60.0, True, "%"),
                                                          (80.0, True, "%")]
    assert pct[2].text == "近80%"
    chinese = find_numbers("结案率达到百分之七十一")
    assert [(n.value, n.percent, n.text) for n in chinese] == [(71.0, True, "百分之七十一")]


def test_dates_and_document_numbers_are_not_numbers() -> None:
    assert find_numbers("2023年3月16日,区委第一巡察组向区司法局党组反馈了巡察意见") == []
    assert find_numbers("印发《关于进一步规范的通知》(平司〔2024〕2号)") == []
    assert find_numbers("学习《法治政府建设实施纲要(2021-2025)》") == []
    assert find_numbers("联系方式:0710-3232187") == []
    assert find_numbers("2023年度、2024年度") == []
    assert find_numbers("5.2024年1月份开展2024年度第一期全市法律援助培训") == []
    assert find_numbers("4.4月8日,召开平顶山市") == []
    assert find_numbers("指导开展“3·15”国际消费者权益日活动") == []


def test_ordinals_and_list_markers_are_not_numbers() -> None:
    assert find_numbers("整改情况:1.严格执行第一议题制度。") == []
    assert find_numbers("(一)坚持从严从紧带队伍") == []
    assert find_numbers("一是中心组带头学。二是党组织集中学") == []
    assert find_numbers("第3次会议") == []
    assert find_numbers("(1)加强学习") == []
    assert find_numbers("二、已完成整改事项") == []
    # A section number on a line of its own (seed 003).
    assert find_numbers("学史崇德守初心。\n\n2\n\n广开言路 紧抓问题落实") == []


def test_words_with_yi_are_not_numbers() -> None:
    text = ("根据区委巡察工作统一部署;一方面,突出选优配强;对政治上不可靠的一票否决;进一步发挥司法行政职能;"
            "一以贯之抓好领导班子作风建设;工作在一线;“两个确立”“四个意识”;其中之一;完成一项销号一项")
    assert [(n.value, n.unit) for n in find_numbers(text)] == [(1.0, "项"), (1.0, "项")]
    assert find_numbers("我们将有关问题细化为一个个整改项目") == []
    assert find_numbers("一项一项对照,一条一条过关") == []
    assert find_numbers("党的二十届三中全会精神和二十届中央纪委三次全会") == []
    assert find_numbers("完善一次性告知制度") == []


def test_chinese_numerals_with_counters() -> None:
    text = "提出审查意见十余条;局党委两次经党委会研究;全省有两个地市和六个县区;协调一批执业三年以上的律师"
    assert [(n.value, n.unit, n.approx) for n in find_numbers(text)] == [
        (10.0, "条", True), (2.0, "次", False), (2.0, "个", False), (6.0, "个", False), (1.0, "批", False),
        (3.0, "年", True)]


def test_approximation_words_inside_other_words() -> None:
    numbers = find_numbers("最近3天预约200人,近3个月")
    assert [(n.value, n.approx, n.unit) for n in numbers] == [(3.0, False, "天"), (200.0, False, "人"),
                                                             (3.0, True, "个月")]


def test_fullwidth_digits() -> None:
    (n,) = find_numbers("共召开会议１２次")
    assert (n.value, n.unit, n.text) == (12.0, "次", "１２次")


def test_offsets_on_whole_seed() -> None:
    text = _seed("002_9a7c4d30cb90fa07.txt")
    numbers = find_numbers(text)
    assert numbers, "seed 002 has numbers"
    for n in numbers:
        assert isinstance(n, Number)
        assert text[n.start:n.end] == n.text
        assert parse_number(n.text) is not None or n.unit is not None
    values = {(n.value, n.unit) for n in numbers}
    assert (30.0, "条") in values  # 列出了30条问题清单
    assert (148.0, "个") in values
    assert not any(n.value in (2023.0, 2024.0) for n in numbers)


def test_no_numbers_fast_path() -> None:
    assert find_numbers("") == []
    assert find_numbers("办公室") == []


@pytest.mark.parametrize(("text", "value", "approx", "unit"), [
    ("120余万元", 1_200_000, True, "元"),
    ("两千两百余万元", 22_000_000, True, "元"),
    ("十余万元", 100_000, True, "元"),
    ("壹仟贰佰张", 1200, False, "张"),
    ("叁拾张", 30, False, "张"),
])
def test_amounts_as_offices_write_them(text: str, value: float, approx: bool, unit: str) -> None:
    (number,) = find_numbers(text)
    assert (number.value, number.approx, number.unit, number.text) == (value, approx, unit, text)


@pytest.mark.parametrize("counter", COUNTERS)
def test_every_counter_is_read_whole_after_a_number(counter: str) -> None:
    # The longest counter wins: 3人次 is 人次, not 人; 3个多月 is about three months.
    (number,) = find_numbers(f"累计3{counter},")
    assert number.text == f"3{counter}"
    assert (number.unit, number.approx) == (("个月", True) if counter == "个多月" else (counter, False))


def test_numbers_compare_and_hash_by_their_fields() -> None:
    first, second = find_numbers("受理案件85件,受理案件85件")
    assert first != second  # the same words at other offsets
    again = find_numbers("受理案件85件,受理案件85件")[0]
    assert first == again and hash(first) == hash(again) and len({first, again, second}) == 2
    assert repr(first).startswith("Number(value=85.0, approx=False, start=4, end=7, text='85件'")
