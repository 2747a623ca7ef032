"""Tests for checker.text.claims on the real sentences of the seed documents."""

from __future__ import annotations

import re

import pytest

from checker.text.claims import Claim, find_claims, might_have_claims
from checker.text.normalize import normalize
from tests.seeds import seed_text

SEED_NAMES = ["000_5e4d1fbfc647a5c5.txt", "001_999862b56117d748.txt", "002_9a7c4d30cb90fa07.txt",
              "003_2b3e023f739cde4f.txt", "004_72a50137dd0ecd39.txt"]


def _seed(name: str) -> str:
    return normalize(seed_text(name)).text


def _shape(c: Claim) -> tuple[object, ...]:
    if c.kind == "sum":
        return ("sum", c.total, c.parts, c.exhaustive, c.approx, c.unit)
    return ("rate", c.numerator, c.denominator, c.rate, c.approx, c.unit)


def test_legal_aid_breakdown_seed_001() -> None:
    text = ("大力开展“法润三湘”等活动,截至目前,"
            "共受理法律援助案件213件,其中刑事案件85件,民事案件125件,行政案件3件。")
    (claim,) = find_claims(text)
    assert _shape(claim) == ("sum", 213.0, (85.0, 125.0, 3.0), True, False, "件")
    assert claim.text == "共受理法律援助案件213件,其中刑事案件85件,民事案件125件,行政案件3件"
    assert text[claim.start:claim.end] == claim.text


def test_in_shape_seed_002() -> None:
    text = ("4月份市局对今年建设任务较重的鲁山县、汝州市、舞钢市、湛河区、卫东区、示范区进行实地查看,"
            "43个未达到五星规范化司法所建设标准的司法所中,已有27个完成硬件建设,8个正在建设中,8个正在协调办公用房。")
    (claim,) = find_claims(text)
    # The parts describe states of the 43 but need not be complete: only "not more than the total".
    assert _shape(claim) == ("sum", 43.0, (27.0, 8.0, 8.0), False, False, "个")
    assert claim.text.startswith("43个未达到") and claim.text.endswith("8个正在协调办公用房")


def test_mediation_rate_seed_004() -> None:
    text = _seed("004_72a50137dd0ecd39.txt")
    claims = find_claims(text)
    assert [_shape(c) for c in claims] == [("rate", 25779.0, 25958.0, 99.0, False, "件")]
    assert claims[0].text == "调解纠纷25958件,调解成功25779件,调解成功率99%"


@pytest.mark.parametrize(
    "sentence",
    [
        # seed 002: two counts side by side, no marker
        "2024年以来,共召开党委会17次,组织进行第一议题学习17次,系统学习了习近平总书记重要讲话",
        "形成以岗位为点、程序为线、制度为面的廉政风险防控长效机制,共梳理廉政风险点24条,制定防控措施46条",
        # seed 002: the rate's numerator is ambiguous (11 + 94 司法所 make the 71%)
        "目前,平顶山市共148个司法所,已建成11个枫桥式司法所,94个五星规范化司法所,全市五星司法所覆盖率71%",
        # seed 002: 分别 without a total
        "市雨霁志愿服务支队到鲁山县磙子营、仓头开展志愿服务,分别为5名生活困难的安置帮教人员送去米、面、油、棉被等生活物资",
        # seed 001: a subset without a stated rate; rates without a numerator
        "截至目前,全市各人民调解组织和司法所,共调解矛盾纠纷413件,调解成功364件,协议涉及金额2462.76万元",
        "推进行政复议体制改革落实到位,共办理行政复议案件14件,行政诉讼案件4件,第一季度行政机关负责人出庭应诉率64%",
        "严格规范性文件管理,共对1件市政府规范性文件、1件市政府办规范性文件、1件部门规范性文件进行合法性审查,报备率、合格率均为100%",
        # seed 003: 包括 with no total before it
        "具体内容主要包括在结对村培养1名法律明白人、培养1名法治带头人,讲好1堂法治课,化解1件以上矛盾纠纷及信访案件",
        # seed 004: a plain share of a count
        "积极推进公证信息化进程,全省103家公证机构,已有近80%完成了软件安装调试工作",
    ],
)
def test_no_claim(sentence: str) -> None:
    assert find_claims(sentence) == []


def test_whole_seeds_give_exactly_the_known_claims() -> None:
    found = {name: [_shape(c) for c in find_claims(_seed(name))] for name in SEED_NAMES}
    assert found == {
        "000_5e4d1fbfc647a5c5.txt": [],
        "001_999862b56117d748.txt": [("sum", 213.0, (85.0, 125.0, 3.0), True, False, "件")],
        "002_9a7c4d30cb90fa07.txt": [("sum", 43.0, (27.0, 8.0, 8.0), False, False, "个")],
        "003_2b3e023f739cde4f.txt": [],
        "004_72a50137dd0ecd39.txt": [("rate", 25779.0, 25958.0, 99.0, False, "件")],
    }


def test_claims_never_span_sentences() -> None:
    for name in SEED_NAMES:
        text = _seed(name)
        for c in find_claims(text):
            assert text[c.start:c.end] == c.text
            assert re.search(r"[。;；!！?？\n]", c.text) is None


def test_parts_that_do_not_add_up_are_still_read() -> None:
    (claim,) = find_claims("共受理法律援助案件213件,其中刑事案件85件,民事案件120件,行政案件3件")
    assert claim.exhaustive and sum(claim.parts) == 208 != claim.total


def test_hedged_and_single_part_breakdowns_are_not_exhaustive() -> None:
    (hedged,) = find_claims("共受理213件,其中刑事案件85件,民事等案件125件")
    assert hedged.parts == (85.0, 125.0) and not hedged.exhaustive
    (single,) = find_claims("共受理法律援助案件213件,其中刑事案件85件,均已办结")
    assert single.parts == (85.0,) and not single.exhaustive
    (including,) = find_claims("共排查问题30个,包括制度问题10个,作风问题5个")
    assert including.parts == (10.0, 5.0) and not including.exhaustive


def test_parts_stop_at_another_unit() -> None:
    (claim,) = find_claims("共受理法律援助案件213件,其中刑事案件85件,民事案件128件,挽回经济损失300万元")
    assert claim.parts == (85.0, 128.0) and claim.unit == "件"


def test_respectively() -> None:
    (claim,) = find_claims("刑事、民事两类案件共5件,分别为3件、2件")
    assert _shape(claim) == ("sum", 5.0, (3.0, 2.0), True, False, "件")
    assert claim.text == "刑事、民事两类案件共5件,分别为3件、2件"


def test_rates() -> None:
    (rate,) = find_claims("共受理信访件30件,已办结28件,办结率93.3%")
    assert _shape(rate) == ("rate", 28.0, 30.0, 93.3, False, "件")
    (approx,) = find_claims("共排查矛盾纠纷2.6万余件,调解成功2.5万余件,调解成功率96%")
    assert approx.approx and approx.numerator == 25000.0 and approx.denominator == 26000.0
    # A numerator larger than the denominator means the pairing is wrong.
    assert find_claims("受理案件20件,办结案件28件,办结率100%") == []


def test_share_of_total() -> None:
    claims = find_claims("共受理法律援助案件213件,其中刑事案件85件,占39.9%,民事案件125件,行政案件3件")
    assert [_shape(c) for c in claims] == [
        ("rate", 85.0, 213.0, 39.9, False, "件"),
        ("sum", 213.0, (85.0, 125.0, 3.0), True, False, "件"),
    ]
    # 占 with no total marked (共/合计/其中) is no claim.
    assert find_claims("受理案件213件,刑事案件85件,占39.9%") == []


def test_might_have_claims() -> None:
    assert might_have_claims("共受理法律援助案件213件,其中刑事案件85件")
    assert might_have_claims("调解成功率99%")
    for cell in ["已完成", "张某", "办公室", "2023-06-30", "整改中", "按要求完成整改任务,加强思想教育", ""]:
        assert not might_have_claims(cell)



def test_rate_stated_before_its_numbers() -> None:
    (claim,) = find_claims("案件回访满意率百分之九十五点五,回访受援人二百件,表示满意一百九十七件。")
    assert (claim.kind, claim.numerator, claim.denominator, claim.rate) == ("rate", 197, 200, 95.5)
    assert claim.text.startswith("案件回访满意率") and claim.text.endswith("一百九十七件")


def test_rate_whose_numerator_names_it_in_another_order() -> None:
    # 整改完成率: the numerator says 已完成整改, not …完成
    (claim,) = find_claims("巡察反馈32个问题,已完成整改27个、正在整改5个,整改完成率94.4%。")
    assert (claim.numerator, claim.denominator, claim.rate) == (27, 32, 94.4)


def test_approximate_amounts_in_ten_thousands() -> None:
    (claim,) = find_claims("共清退违规资金120余万元,其中个人退缴50万元,单位退回100万元。")
    assert (claim.total, claim.parts, claim.approx) == (1_200_000, (500_000, 1_000_000), True)


def test_capital_numerals() -> None:
    (claim,) = find_claims("共检查票据壹仟贰佰张,其中合规票据壹仟壹佰捌拾张,不合规票据叁拾张。")
    assert (claim.total, claim.parts, claim.exhaustive) == (1200, (1180, 30), True)


def test_claims_in_chinese_numerals_only() -> None:
    (claim,) = find_claims("共清理合同一百一十二份,其中服务类合同六十份,工程类合同五十二份。")
    assert (claim.total, claim.parts) == (112, (60, 52))


@pytest.mark.parametrize("sentence", [
    "共检查经营户120户，其中餐饮经营户50户、食品销售经营户40户",   # some kinds named, others not
    "共评查案卷80件，其中优秀案卷30件、合格案卷40件",              # grades, not all of them
    "共受理法律援助案件213件,其中刑事案件85件,民事案件125件",      # two of three kinds
])
def test_a_partial_list_after_qizhong_is_not_exhaustive(sentence: str) -> None:
    (claim,) = find_claims(sentence)
    assert len(claim.parts) == 2 and not claim.exhaustive


@pytest.mark.parametrize("sentence", [
    "共检查经营户120户，分别为餐饮经营户50户、食品销售经营户40户",   # 分别为 states every part
    "共检查经营户120户，其中餐饮经营户50户，其他经营户40户",       # a part names the rest
    "共抽查电梯20台，其中检验合格18台，检验不合格1台",              # a thing and its negation
    "共有反馈问题10个，其中已完成整改5个，正在推进3个，长期坚持1个",  # every state of a rectification
])
def test_evidence_of_a_complete_breakdown(sentence: str) -> None:
    (claim,) = find_claims(sentence)
    assert claim.exhaustive


def test_a_count_in_juan_is_a_count() -> None:
    (claim,) = find_claims("组织交叉评查，共评查行政处罚案卷120卷，其中优秀案卷30卷，合格案卷95卷。")
    assert (claim.total, claim.parts, claim.unit) == (120, (30, 95), "卷")


def test_rate_stated_before_its_numerator_after_the_total() -> None:
    (claim,) = find_claims("共检查电梯200台，合格率为90%，其中合格170台。")
    assert (claim.kind, claim.numerator, claim.denominator, claim.rate) == ("rate", 170, 200, 90)
    assert claim.text == "共检查电梯200台，合格率为90%，其中合格170台"


def test_completion_rate_of_counts_by_state() -> None:
    (claim,) = find_claims("反馈问题已完成整改2个，正在推进1个，整改完成率为70%。")
    assert (claim.numerator, claim.denominator, claim.rate) == (2, 3, 70)
    # counts that are not all states of a rectification give no denominator
    assert find_claims("已完成整改2个，召开会议1个，整改完成率为70%。") == []


@pytest.mark.parametrize("text, numerator, denominator", [
    ("反馈问题共10个,已完成整改8个,未完成2个,整改完成率80%。", 8, 10),
    ("排查违建120处,已拆除96处,未拆除24处,拆除率80%。", 96, 120),
    ("清理积压案件40件,其中已办结30件、未办结10件,办结率75%。", 30, 40),
    ("回访信访群众100人,满意95人,不满意5人,满意率95%。", 95, 100),
    ("共排查积案20件,其中化解12件、正在化解6件、未化解2件,化解率60%。", 12, 20),
])
def test_a_count_of_what_is_not_done_is_not_the_rates_numerator(text: str, numerator: int, denominator: int) -> None:
    """未完成2个 beside 完成率, 不满意5人 beside 满意率: the complement of the numerator (a right rate is no finding)."""
    [rate] = [c for c in find_claims(text) if c.kind == "rate"]
    assert (rate.numerator, rate.denominator) == (numerator, denominator)
