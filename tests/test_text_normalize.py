"""Tests for checker.text.normalize, mostly on seed 004 (traditional characters with pinyin glosses)."""

from __future__ import annotations

import re

import pytest

from checker.text.normalize import Normalized, normalize
from tests.seeds import seed_text as _seed

GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")


def _check_map(n: Normalized) -> None:
    """Every character of the result comes from an original character in order; the end maps to the end."""
    previous = -1
    for i in range(len(n.text)):
        j = n.to_original(i)
        assert previous < j < len(n.original)
        previous = j
    assert n.to_original(len(n.text)) == len(n.original)


def test_seed_004_glosses_removed_and_simplified() -> None:
    original = _seed("004_72a50137dd0ecd39.txt")
    assert GLOSS.search(original)
    n = normalize(original)
    assert GLOSS.search(n.text) is None
    assert "(zhuān)" not in n.text and "(" not in n.text  # seed 004 has no other parentheses
    assert n.text.startswith("省司法厅“三大专项行动”初见成效\n")
    assert "本阶段全省共排查出各类矛盾纠纷2.6万余件,调解纠纷25958件,调解成功25779件,调解成功率99%" in n.text
    for traditional in "廳專項動見執業問題開這們":
        assert traditional not in n.text
    _check_map(n)


def test_seed_004_offsets_point_at_the_original() -> None:
    original = _seed("004_72a50137dd0ecd39.txt")
    n = normalize(original)
    i = n.text.index("专项行动")
    o = n.to_original(i)
    assert original[o] == "專"
    assert original[n.to_original(i + 1)] == "項"  # past the gloss (zhuān)
    assert original[n.to_original(i + 3)] == "動"
    start, end = n.span_to_original(i, i + 4)
    assert original[start:end] == "專(zhuān)項(xiàng)行動"
    k = n.text.index("25958")
    assert original[n.to_original(k):n.to_original(k + 5 - 1) + 1] == "25958"
    m = n.text.index("林志敏")
    assert original[n.to_original(m):n.to_original(m + 2) + 1] == "林志敏"


def test_real_parentheses_are_kept() -> None:
    for text in ["学习《法治政府建设实施纲要(2021-2025)》", "修订《区司法局考核管理办法(试行)》",
                 "各县(市、区)司法局", "(一)统一思想", "中文(zh)与 English (zh) text", "乡镇(街道)"]:
        n = normalize(text)
        assert n.text == text
        _check_map(n)


def test_full_width_ascii_is_folded_but_chinese_punctuation_kept() -> None:
    n = normalize("２０２３年３月，完成率９９．５％：ＡＢＣ（一）；")
    assert n.text == "2023年3月，完成率99.5%：ABC（一）；"
    _check_map(n)


def test_line_breaks_and_bom() -> None:
    original = "\ufeff第一行\r\n第二行\r第三行\n"
    n = normalize(original)
    assert n.text == "第一行\n第二行\n第三行\n"
    assert n.to_original(0) == 1
    assert original[n.to_original(n.text.index("第二"))] == "第"
    assert original[n.to_original(3)] == "\r"
    assert n.to_original(len(n.text)) == len(original)
    _check_map(n)


def test_identity_and_errors() -> None:
    n = normalize("2023-06-30")
    assert n == Normalized("2023-06-30", "2023-06-30")
    assert [n.to_original(i) for i in range(11)] == list(range(11))
    assert normalize("").text == ""
    with pytest.raises(ValueError):
        n.to_original(11)


def test_gloss_with_full_width_parentheses() -> None:
    original = "開（kāi）展工作"
    n = normalize(original)
    assert n.text == "开展工作"
    assert original[n.to_original(1)] == "展"
    _check_map(n)


@pytest.mark.parametrize("name", ["000_5e4d1fbfc647a5c5.txt", "002_9a7c4d30cb90fa07.txt"])
def test_simplified_seeds_are_unchanged(name: str) -> None:
    original = _seed(name)
    assert normalize(original).text == original


def test_simplified_text_is_never_converted() -> None:
    # t2s would turn the place names 乾县 and 乾陵 into 干县 and 干陵
    text = "中共乾县司法局党组关于巡察整改进展情况的通报\n2023年6月建成乾陵法治文化广场。"
    assert normalize(text).text == text


def test_traditional_lines_are_converted() -> None:
    text = "中共某縣司法局黨組關於巡察整改進展情況的通報\n联系电话:0000-0000000"
    assert normalize(text).text == "中共某县司法局党组关于巡察整改进展情况的通报\n联系电话:0000-0000000"


def test_shown_text_keeps_the_script_it_was_written_in() -> None:
    text = "關於“政務信息發(fā)布不及時”的問題\r\n二O二三年５月\n乾县人民路1号"
    n = normalize(text)
    assert n.text == "关于“政务信息发布不及时”的问题\n二〇二三年5月\n乾县人民路1号"  # a simplified line
    # every step but the conversion: glosses, line breaks, widths and years as in `text`, same length
    assert n.shown == "關於“政務信息發布不及時”的問題\n二〇二三年5月\n乾县人民路1号"
    assert len(n.shown) == len(n.text)
    simplified = normalize("中共乾县司法局党组\r\n２０２３年")
    assert simplified.shown is simplified.text


def test_dates_as_typed() -> None:
    result = normalize("二O二三年七月十五日,2023 年 4 月 25 日,二0二三年")
    assert result.text == "二〇二三年七月十五日,2023年4月25日,二〇二三年"
    # offsets still point at the original: the 4 of 4月 is after two removed spaces
    assert result.original[result.to_original(result.text.index("4月"))] == "4"
