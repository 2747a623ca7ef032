"""Locations of extracted values in the original text, including traditional text with pinyin glosses."""

from __future__ import annotations

from checker.extract import extract_ledger
from tests.seeds import seed_text as _seed


def _line(text: str, number: int) -> str:
    return text.split("\n")[number - 1].rstrip("\r")


def test_title_location_in_seed_000() -> None:
    text = _seed("000_5e4d1fbfc647a5c5.txt")
    ledger, source_map = extract_ledger(text, "000.txt")
    location = source_map.locate("/issues/0/title")
    assert (location.source, location.line, location.column) == ("000.txt", 7, 6)
    assert (location.end_line, location.end_column) == (7, 6 + len("用先进的理论武装思想不够深入细致"))
    assert location.pointer == "/issues/0/title"
    assert source_map.excerpt("/issues/0/title") == ledger["issues"][0]["title"]


def test_item_and_measure_locations_in_seed_002() -> None:
    text = _seed("002_9a7c4d30cb90fa07.txt")
    ledger, source_map = extract_ledger(text, "002.txt")
    item = source_map.locate("/issues/24")
    assert item.line == 58 and item.column == 1 and item.end_line == 59
    assert source_map.excerpt("/issues/24") == "(四)针对“人民调解工作开展不扎实”问题。"
    date = source_map.locate("/issues/19/measures/3/date")
    assert source_map.excerpt("/issues/19/measures/3/date") == "4月8日"
    assert date.line == 48 and date.column == _line(text, 48).index("4.4月8日") + 3


def test_sub_span_of_a_measure() -> None:
    text = _seed("002_9a7c4d30cb90fa07.txt")
    ledger, source_map = extract_ledger(text, "002.txt")
    measure = ledger["issues"][2]["measures"][1]["text"]
    start = measure.index("拟于6月至8月")
    pointer = "/issues/2/measures/1/text"
    location = source_map.locate(pointer, start, start + len("拟于6月至8月"))
    assert source_map.excerpt(pointer, start, start + len("拟于6月至8月")) == "拟于6月至8月"
    assert location.line == 14
    assert location.column == _line(text, 14).index("拟于6月至8月") + 1
    assert location.end_column == location.column + len("拟于6月至8月")


def test_report_level_locations() -> None:
    text = _seed("002_9a7c4d30cb90fa07.txt")
    _, source_map = extract_ledger(text, "002.txt")
    assert source_map.excerpt("/inspection/feedback") == "2024年1月22日"
    assert source_map.excerpt("/declared/issues") == "列出了30条问题"
    assert source_map.excerpt("/document/owners_stated") == "逐一明确了责任领导、责任部门及整改时限"
    assert source_map.excerpt("/report_date") == "2024年6月28日"
    assert source_map.locate("/report_date").line == 60
    # no contact in 002: the closing line is where it was expected
    assert source_map.locate("/contact/phone").line == 60


def test_unfilled_pointers_fall_back_to_ancestor_then_file() -> None:
    text = _seed("002_9a7c4d30cb90fa07.txt")
    _, source_map = extract_ledger(text, "002.txt")
    owner = source_map.locate("/issues/3/owner/leader")
    assert (owner.line, owner.column) == (15, 1) and owner.pointer == "/issues/3/owner/leader"
    whole = source_map.locate("/no/such/value")
    assert (whole.line, whole.column) == (1, 1)


def test_contact_locations_in_seed_000() -> None:
    text = _seed("000_5e4d1fbfc647a5c5.txt")
    _, source_map = extract_ledger(text, "000.txt")
    phone = source_map.locate("/contact/phone")
    assert phone.line == 58 and phone.column == _line(text, 58).index("0710-3232187") + 1
    assert source_map.excerpt("/contact/email") == "467162438@qq.com"


def test_traditional_text_with_glosses_maps_to_the_original() -> None:
    text = _seed("004_72a50137dd0ecd39.txt")
    ledger, source_map = extract_ledger(text, "004.txt")
    # the title as written (traditional characters), the glosses dropped; read in simplified characters
    assert ledger["document"]["title"] == "省司法廳“三大專項行動”初見成效"
    assert source_map.simplified["/document/title"] == "省司法厅“三大专项行动”初见成效"
    assert source_map.excerpt("/document/title") == _line(text, 1)
    start = ledger["document"]["title"].index("專項行動")
    assert source_map.excerpt("/document/title", start, start + 4) == "專(zhuān)項(xiàng)行動"
    location = source_map.locate("/document/title", start, start + 4)
    assert location.column == _line(text, 1).index("專") + 1


def test_crlf_traditional_notice_with_glosses() -> None:
    text = ("區委第一巡察組於２０２３年３月１６日向區司法局黨組反饋(kuì)了巡察意見,"
            "現將整改進展情況予以公布:\r\n"
            "一、整改進展情況\r\n"
            "1.關於“政務信息發(fā)布不及時”的問題\r\n"
            "整改情況:一是明確專(zhuān)人負責;二是２０２３年４月７日召開黨組會。\r\n")
    ledger, source_map = extract_ledger(text, "x.txt")
    issue = ledger["issues"][0]
    assert issue["title"] == "政務信息發布不及時"
    assert source_map.simplified["/issues/0/title"] == "政务信息发布不及时"
    assert ledger["inspection"]["feedback"].isoformat() == "2023-03-16"
    assert issue["measures"][1]["date"].isoformat() == "2023-04-07"
    title = source_map.locate("/issues/0/title")
    assert (title.line, title.column) == (3, 6)
    assert source_map.excerpt("/issues/0/title") == "政務信息發(fā)布不及時"
    assert source_map.excerpt("/issues/0/measures/1/date") == "２０２３年４月７日"
    assert source_map.locate("/issues/0/measures/1/date").line == 4
