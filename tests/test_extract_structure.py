"""Outline and item discovery of checker.extract on the seed notices and real-looking snippets."""

from __future__ import annotations

import cn2an

from checker.extract import extract_ledger
from checker.extract.structure import find_items, parse_outline, quoted_title
from tests.seeds import seed_text as _seed


def _titles(text: str) -> list[str]:
    outline = parse_outline(text)
    return [text[item.title_start:item.title_end] for item in find_items(outline)]


def test_seed_000_has_23_items_under_progress_section() -> None:
    ledger, _ = extract_ledger(_seed("000_5e4d1fbfc647a5c5.txt"), "000.txt")
    issues = ledger["issues"]
    assert len(issues) == 23
    assert issues[0]["title"] == "用先进的理论武装思想不够深入细致"
    assert issues[-1]["title"] == "巡察发现问题整改不彻底"
    assert [i["id"] for i in issues] == [str(n) for n in range(1, 24)]
    assert {i["section"] for i in issues} == {"整改进展情况及成效"}
    # 整改进展情况 says nothing about completion, so no status is invented
    assert all("status" not in i for i in issues)


def test_seed_000_titles_with_nested_quotes_and_without_的问题() -> None:
    ledger, _ = extract_ledger(_seed("000_5e4d1fbfc647a5c5.txt"), "000.txt")
    titles = [i["title"] for i in ledger["issues"]]
    assert titles[1] == "推进“一心四区”建设不够积极主动"
    assert titles[13] == "财务科目使用混乱"  # 14.关于“财务科目使用混乱” has no 的问题
    assert titles[18] == "‘三重一大’制度执行不严"


def test_seed_002_has_25_items_with_section_statuses() -> None:
    ledger, _ = extract_ledger(_seed("002_9a7c4d30cb90fa07.txt"), "002.txt")
    issues = ledger["issues"]
    assert len(issues) == 25
    assert issues[0]["title"] == "落实第一议题制度不到位"
    assert issues[-1]["title"] == "人民调解工作开展不扎实"
    completed = [i for i in issues if i["section"] == "已完成整改事项"]
    long_term = [i for i in issues if i["section"] == "长期整改任务"]
    assert len(completed) == 21 and len(long_term) == 4
    assert {i["status"] for i in completed} == {"completed"}
    assert {i["status"] for i in long_term} == {"long_term"}
    # numbering restarts in each section, so the section number keeps ids unique
    assert issues[0]["id"] == "2.1" and issues[21]["id"] == "3.1"
    assert len({i["id"] for i in issues}) == 25


def test_seed_002_leadership_section_is_not_items() -> None:
    text = _seed("002_9a7c4d30cb90fa07.txt")
    titles = _titles(text)
    assert not any("统一思想" in t for t in titles)
    assert "落实第一议题制度不到位" in titles


def test_heading_levels_nest_by_marker_kind() -> None:
    text = ("一、上半年工作开展情况\n(一)坚持从严从紧带队伍,打造司法行政铁军\n"
            "1.突出一个“学”字,狠抓队伍素质提升。一是中心组带头学。\n"
            "2.突出一个“能”字,畅通选人用人渠道。\n"
            "(二)深入推进法治政府建设,加强行政执法管理\n二、存在的问题\n")
    outline = parse_outline(text)
    kinds = [(h.kind, h.depth, h.number) for h in outline.headings]
    assert kinds == [("cn", 0, 1), ("pcn", 1, 1), ("num", 2, 1), ("num", 2, 2), ("pcn", 1, 2), ("cn", 0, 2)]
    second = outline.headings[4]
    assert outline.headings[second.parent].number == 1  # type: ignore[index]
    assert second.head(text) == "深入推进法治政府建设,加强行政执法管理"


def test_next_steps_and_organisation_sections_hold_no_items() -> None:
    text = ("一、巡察整改组织领导情况\n"
            "1.提高思想认识。巡察反馈后,区司法局党组深刻领会区委巡察工作的部署要求。\n"
            "二、整改进展情况及成效\n1.关于“政务信息发布不及时”的问题\n"
            "整改情况:一是局党组高度重视;二是畅通渠道。\n"
            "三、下一步打算\n1.关于“持续巩固整改成果”的问题\n")
    assert _titles(text) == ["政务信息发布不及时"]


def test_numbered_items_without_quotes_and_category_groups() -> None:
    text = ("二、巡察反馈问题整改情况\n(一)党的政治建设方面\n"
            "1.学习贯彻习近平新时代中国特色社会主义思想不深入的问题。"
            "整改情况:2023年3月27日召开党组理论学习中心组会议。\n"
            "2.落实意识形态工作责任制不到位。整改情况:修订《意识形态工作责任制实施细则》。\n"
            "(二)全面从严治党方面\n1.履行全面从严治党主体责任不力\n整改情况:制定《全面从严治党主体责任清单》。\n")
    ledger, _ = extract_ledger(text, "x.txt")
    issues = ledger["issues"]
    assert [i["title"] for i in issues] == [
        "学习贯彻习近平新时代中国特色社会主义思想不深入",
        "落实意识形态工作责任制不到位",
        "履行全面从严治党主体责任不力",
    ]
    assert [i["category"] for i in issues] == ["党的政治建设方面", "党的政治建设方面", "全面从严治党方面"]
    assert issues[1]["measures"][0]["text"].startswith("修订《意识形态工作责任制实施细则》")


def test_bare_item_lines_without_numbers() -> None:
    text = ("根据市委统一部署,市委第三巡察组对我局开展了巡察,并反馈了巡察意见。现将整改情况予以公布:\n"
            "关于“政府采购程序执行不到位”的问题\n整改情况:一是召开党组会剖析问题根源;二是认真学习政府采购流程。\n"
            "关于“未使用公务卡及对公转账”的问题\n整改情况:按规定办理公务卡。\n")
    assert _titles(text) == ["政府采购程序执行不到位", "未使用公务卡及对公转账"]


def test_quoted_title_with_ascii_quotes() -> None:
    text = '1.关于"创文工作务虚"的问题\n'
    heading = parse_outline(text).headings[0]
    found = quoted_title(text, heading)
    assert found is not None and text[found[0]:found[1]] == "创文工作务虚"


def test_area_groups_with_unquoted_problem_heading() -> None:
    text = ("二、巡察反馈问题整改落实情况\n(一)关于贯彻落实党的路线方针政策方面存在的问题\n"
            "1.学习贯彻党的二十大精神不够深入。整改情况:2024年3月5日召开党组理论学习中心组会议。\n"
            "2.落实意识形态工作责任制有差距。整改情况:修订《意识形态工作责任制实施细则》。\n"
            "(二)关于“财务管理不规范”的问题\n整改情况:\n(1)修订《财务管理制度》;\n(2)开展财务人员培训。\n")
    ledger, _ = extract_ledger(text, "x.txt")
    issues = ledger["issues"]
    assert [i["title"] for i in issues] == [
        "学习贯彻党的二十大精神不够深入", "落实意识形态工作责任制有差距", "财务管理不规范"]
    assert issues[0]["category"] == "关于贯彻落实党的路线方针政策方面存在的问题"
    assert [m["text"] for m in issues[2]["measures"]] == ["修订《财务管理制度》", "开展财务人员培训"]


def test_generic_section_names_give_no_status() -> None:
    from checker.extract.structure import section_status

    assert section_status("巡察反馈问题整改完成情况") is None
    assert section_status("整改工作取得阶段性成效") is None
    assert section_status("已完成整改事项") == "completed"
    assert section_status("已整改完成的问题(20个)") == "completed"
    assert section_status("基本完成整改的问题") == "in_progress"
    assert section_status("需长期坚持的问题") == "long_term"


def test_full_width_punctuation_crlf_and_indent_read_the_same() -> None:
    text = _seed("002_9a7c4d30cb90fa07.txt")
    plain, _ = extract_ledger(text, "002.txt")
    wide = text.translate(str.maketrans({",": "\uff0c", "(": "\uff08", ")": "\uff09", ":": "\uff1a",
                                         ";": "\uff1b"}))
    wide = "\r\n".join("\u3000\u3000" + line for line in wide.split("\n"))
    ledger, source_map = extract_ledger(wide, "002.txt")
    assert len(ledger["issues"]) == 25
    narrow = str.maketrans({"\uff08": "(", "\uff09": ")"})
    assert [i["title"].translate(narrow) for i in ledger["issues"]] == [i["title"] for i in plain["issues"]]
    assert [len(i["measures"]) for i in ledger["issues"]] == [len(i["measures"]) for i in plain["issues"]]
    assert ledger["inspection"] == plain["inspection"] and ledger["declared"] == {"issues": 30}
    location = source_map.locate("/issues/0/title")
    assert (location.line, location.column) == (9, 9)  # two ideographic spaces before (一)


def test_problem_label_items() -> None:
    text = ("市委第六巡察组反馈了巡察意见,现将整改情况通报如下:\n二、整改落实情况\n"
            "(一)问题一:落实第一议题制度不到位。整改情况:严格执行第一议题制度。\n"
            "(二)问题二:工作开展连续性不强\n整改情况:将全面从严管党治警纳入主体责任清单。\n")
    ledger, _ = extract_ledger(text, "x.txt")
    assert [i["title"] for i in ledger["issues"]] == ["落实第一议题制度不到位", "工作开展连续性不强"]
    assert ledger["issues"][0]["measures"][0]["text"] == "严格执行第一议题制度"


def test_items_numbered_past_99_are_items_not_text_of_item_99() -> None:
    # A provincial notice lists well over a hundred problems: 100. and (100) head items like 99. does.
    head = ("关于省委第二巡视组巡视反馈意见整改进展情况的通报\n根据省委统一部署,2023年3月1日至5月10日,省委第二"
            "巡视组对某厅党组开展巡视,并于2023年6月16日反馈了巡视意见。现将整改进展情况通报如下。\n一、整改进展情况\n")
    for marker in ("{n}.", "({n})", "({cn})"):  # (一百零五), as the Pingdingshan sample numbers its items
        lines = [f"{marker.format(n=n, cn=cn2an.an2cn(n))}关于“干部作风不实{n}”的问题\n"
                 "整改情况:已召开专题会议研究整改,建立台账。\n" for n in range(1, 121)]
        ledger, _ = extract_ledger(head + "".join(lines), "通报.txt")
        issues = ledger["issues"]
        assert [i["id"] for i in issues] == [str(n) for n in range(1, 121)], marker
        assert issues[99]["title"] == "干部作风不实100" and issues[-1]["title"] == "干部作风不实120"
