"""Word notices as offices write them, built in each test (tests/docx_build.py): automatic numbering, tracked
changes, a contact in the footer, a problem table amid the prose. The texts are those of the corpus cases
in tests/data/corpus/word (described there) and notices of other shapes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.api import LintOptions, lint, load_rules, read_ledger
from checker.load.docx_numbering import chinese_counting, format_number
from tests.docx_build import Notice

TITLE = "中共某县司法局党组关于巡察整改进展情况的通报"
OPENING = ("根据县委统一部署,2023年3月1日至4月20日,县委第二巡察组对县司法局党组进行了巡察。2023年5月10日,"
           "县委第二巡察组向县司法局党组反馈了巡察意见,共指出问题6个。截至目前,已完成整改4个,正在推进2个。"
           "现将整改进展情况予以公布。")
DONE = [
    "关于“理论学习中心组学习不规范”的问题。整改情况:2023年5月20日修订《理论学习中心组学习制度》,全年安排专题学习12次。",
    "关于“意识形态工作责任制落实不到位”的问题。整改情况:2023年5月25日印发《意识形态工作责任清单》,明确班子成员责任。",
    "关于“第一议题制度执行不到位”的问题。整改情况:2023年6月2日召开党组会,建立第一议题学习台账。",
    "关于“财务报销审核不严”的问题。整改情况:2023年6月开展财务专项检查,清退不合规票据3张,下一步将对下属单位开展同类检查。",
    "关于“公务用车管理不规范”的问题。整改情况:2023年6月15日修订《公务用车管理办法》。",
]
OPEN = ["关于“基层司法所人员不足”的问题。整改情况:已向县委编办报送用编计划,计划于2023年12月底前完成招录。"]
CONTACT = "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0000-0000000;电子邮箱:someone@example.cn。"


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(LintOptions())


def findings(path: Path, ruleset) -> list:
    return list(lint([path], ruleset=ruleset).files[0].findings)


def rules_of(found: list) -> set[str]:
    return {f.rule for f in found}


def auto_numbered(path: Path, contact: str | None = CONTACT) -> Path:
    doc = Notice()
    heads = doc.list_definition(("chineseCounting", "%1、"))
    items = doc.list_definition(("decimal", "%1."))
    doc.para(TITLE)
    doc.para(OPENING)
    doc.numbered(heads, "已完成整改事项")
    for text in DONE:
        doc.numbered(items, text)
    doc.numbered(heads, "正在推进的整改事项")
    restarted = doc.restart(items)
    for text in OPEN:
        doc.numbered(restarted, text)
    if contact:
        doc.para(contact)
    doc.para("中共某县司法局党组")
    doc.para("2023年7月15日")
    return doc.save(path)


def typed(path: Path) -> Path:
    doc = Notice()
    doc.para(TITLE)
    doc.para(OPENING)
    doc.para("一、已完成整改事项")
    for n, text in enumerate(DONE, start=1):
        doc.para(f"{n}.{text}")
    doc.para("二、正在推进的整改事项")
    for n, text in enumerate(OPEN, start=1):
        doc.para(f"{n}.{text}")
    doc.para(CONTACT)
    doc.para("中共某县司法局党组")
    doc.para("2023年7月15日")
    return doc.save(path)


def test_automatic_numbering_reads_like_typed_numbering(tmp_path: Path, ruleset) -> None:
    auto = auto_numbered(tmp_path / "自动编号.docx")
    read = read_ledger(auto).ledger
    assert read["document"]["kind"].value == "notice"
    issues = read["issues"]
    assert [i["id"] for i in issues] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1"]  # numbering restarts
    assert [i["status"].value for i in issues] == ["completed"] * 5 + ["in_progress"]
    assert read["report_date"] == dt.date(2023, 7, 15)
    found = findings(auto, ruleset)
    status = [f for f in found if f.rule == "consistency/status-count"]
    assert status and "已完成整改4个" in status[0].excerpt and status[0].location.line == 2
    future = [f for f in found if f.rule == "wording/future-in-completed"]
    assert [(f.item, f.location.line) for f in future] == [("1.4", 7)]  # paragraph 7 holds item 4
    assert "consistency/declared-count" not in rules_of(found)
    twin = findings(typed(tmp_path / "手工编号.docx"), ruleset)
    assert [(f.rule, f.item, f.location.line) for f in twin] == [(f.rule, f.item, f.location.line) for f in found]


def test_nested_levels_and_chinese_formats(tmp_path: Path) -> None:
    doc = Notice()
    outline = doc.list_definition(("chineseCounting", "%1、"), ("chineseCounting", "(%2)"), ("decimal", "%3."))
    doc.para(TITLE)
    doc.numbered(outline, "已完成整改的问题")
    doc.numbered(outline, "党的政治建设方面", level=1)
    doc.numbered(outline, "关于“理论学习不深入”的问题。整改情况:2023年5月20日修订学习制度。", level=2)
    doc.numbered(outline, "关于“议事规则执行不严”的问题。整改情况:2023年5月25日修订议事规则。", level=2)
    doc.numbered(outline, "全面从严治党方面", level=1)
    doc.numbered(outline, "关于“廉政风险排查不到位”的问题。整改情况:2023年6月2日完成排查。", level=2)
    path = doc.save(tmp_path / "多级编号.docx")
    from checker.load import read

    lines = read(path).text.split("\n")
    assert lines[1:7] == ["一、已完成整改的问题", "(一)党的政治建设方面",
                          "1.关于“理论学习不深入”的问题。整改情况:2023年5月20日修订学习制度。",
                          "2.关于“议事规则执行不严”的问题。整改情况:2023年5月25日修订议事规则。",
                          "(二)全面从严治党方面", "1.关于“廉政风险排查不到位”的问题。整改情况:2023年6月2日完成排查。"]


def test_number_formats() -> None:
    assert [chinese_counting(n) for n in (1, 10, 11, 20, 21, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "一百零五", "一百一十"]
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(12, "chineseLegalSimplified") == "拾贰"
    assert format_number(2, "decimalEnclosedCircleChinese") == "②"
    assert format_number(4, "lowerRoman") == "iv" and format_number(28, "upperLetter") == "BB"
    assert format_number(7, "decimalFullWidth") == "７"


def test_tracked_changes_are_read_accepted(tmp_path: Path, ruleset) -> None:
    doc = Notice()
    doc.para(TITLE)
    doc.tracked(("", "根据县委统一部署,2023年3月1日至4月20日,县委第二巡察组对县司法局党组进行了巡察。2023年5月10日,"
                     "县委第二巡察组向县司法局党组反馈了巡察意见。截至目前,已完成整改"), ("ins", "4"),
                ("", "个,正在推进"), ("ins", "1"), ("del", "2"), ("", "个。现将整改进展情况予以公布。"))
    doc.para("一、已完成整改事项")
    for n, text in enumerate(DONE[:3], start=1):
        doc.para(f"{n}.{text}")
    doc.para("二、正在推进的整改事项")
    doc.tracked(("", "1.关于“基层司法所人员不足”的问题。整改情况:已向县委编办报送用编计划,"),
                ("ins", "计划于2023年12月底前完成招录。"), ("del", "争取早日解决。"))
    doc.para("联系电话:0000-0000000")
    doc.para("2023年7月15日")
    path = doc.save(tmp_path / "修订.docx")
    read = read_ledger(path).ledger
    assert read["declared"]["completed"] == 4 and read["declared"]["in_progress"] == 1
    assert "争取早日解决" not in str(read["issues"][3]["measures"])
    found = findings(path, ruleset)
    status = [f for f in found if f.rule == "consistency/status-count"]
    assert status and status[0].location.line == 2 and "4" in status[0].message
    assert not [f for f in found if f.rule == "completeness/measures-vague" and f.item == "2.1"]


def test_contact_in_the_footer(tmp_path: Path, ruleset) -> None:
    path = auto_numbered(tmp_path / "页脚.docx", contact=None)
    doc = Notice()
    doc.document = __import__("docx").Document(path)
    doc.footer("监督电话:0000-0000000  来信请寄:某县司法局办公室")
    doc.save(path)
    ledger = read_ledger(path)
    assert ledger.ledger["contact"]["phone"] == "0000-0000000"
    assert ledger.source_map.locate("/contact/phone").cell == "页脚"
    assert "publication/contact-missing" not in rules_of(findings(path, ruleset))


def problem_table(path: Path) -> Path:
    doc = Notice()
    doc.para("中共某县司法局党组关于巡察集中整改进展情况的通报")
    doc.para("根据县委统一部署,2023年3月1日至4月20日,县委第二巡察组对县司法局党组进行了巡察。2023年5月10日,"
             "县委第二巡察组向县司法局党组反馈了巡察意见,反馈问题4个。截至目前,已完成整改3个,正在推进1个。"
             "具体整改情况见下表。")
    doc.table([
        ["序号", "问题", "整改措施", "责任领导", "责任部门", "整改时限", "整改进展"],
        ["1", "理论学习中心组学习不规范", "2023年5月20日修订《理论学习中心组学习制度》", "张某", "办公室",
         "2023年6月30日", "已完成"],
        ["2", "意识形态工作责任制落实不到位", "2023年5月25日印发《意识形态工作责任清单》", "", "办公室",
         "2023年6月30日", "已完成"],
        ["3", "财务报销审核不严", "2023年6月开展财务专项检查,清退不合规票据3张", "赵某", "财务股",
         "2023年5月1日", "已完成"],
        ["4", "基层司法所人员不足", "已向县委编办报送用编计划", "赵某", "政工股", "2023年12月31日", "正在推进"],
    ])
    doc.para("欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0000-0000000。")
    doc.para("中共某县司法局党组")
    doc.para("2023年7月15日")
    return doc.save(path)


def test_problem_table_amid_prose(tmp_path: Path, ruleset) -> None:
    path = problem_table(tmp_path / "表格.docx")
    read = read_ledger(path)
    ledger = read.ledger
    assert ledger["document"]["kind"].value == "notice"
    assert ledger["inspection"]["feedback"] == dt.date(2023, 5, 10)
    assert ledger["report_date"] == dt.date(2023, 7, 15)
    assert ledger["contact"]["phone"] == "0000-0000000"
    assert [i["status"].value for i in ledger["issues"]] == ["completed"] * 3 + ["in_progress"]
    assert ledger["issues"][2]["deadline"] == dt.date(2023, 5, 1)
    found = findings(path, ruleset)
    early = [f for f in found if f.rule == "dates/deadline-before-feedback"]
    # the table starts at paragraph 3: 7 header cells, then 7 cells per row; F4 is the 6th cell of row 4
    assert [(f.item, f.location.cell, f.location.line) for f in early] == [("3", "表1!F4", 3 + 7 * 3 + 5)]
    rules = rules_of(found)
    assert not rules & {"consistency/status-count", "consistency/declared-count", "publication/contact-missing"}
    assert not [f for f in found if f.rule == "completeness/owner-missing" and f.item == "2"]  # department given


def test_a_table_alone_is_still_a_ledger(tmp_path: Path) -> None:
    doc = Notice()
    doc.para("某县司法局巡察整改台账")
    doc.table([["序号", "问题", "整改措施", "责任部门", "整改时限"],
               ["1", "学习不规范", "修订学习制度", "办公室", "2023年6月30日"]])
    path = doc.save(tmp_path / "台账.docx")
    from checker.load import read

    source = read(path)
    assert source.text is None and source.data["issues"][0]["title"] == "学习不规范"


def test_what_is_not_read_is_said(tmp_path: Path) -> None:
    import base64

    doc = Notice()
    doc.para(TITLE)
    doc.para(OPENING)
    png = tmp_path / "图.png"
    png.write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="))
    doc.document.add_picture(str(png))
    path = doc.save(tmp_path / "图片.docx")
    from checker.load import read

    (note,) = read(path).notes
    assert note.rule == "input/unread-content" and "1 张图片" in note.message
    assert note.severity.label == "info"


def test_text_box_is_read_once_where_it_is_anchored(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    doc = Notice()
    doc.para(TITLE)
    anchor = doc.para("正文段落。")
    box = ('<w:p><w:r><w:t>联系电话:0000-0000000</w:t></w:r></w:p>')
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    # Word writes a text box twice: the modern shape (mc:Choice) and a legacy copy (mc:Fallback)
    anchor._p.append(parse_xml(
        f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{box}'
        f'</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>'
        f'{box}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    doc.para("2023年7月15日")
    path = doc.save(tmp_path / "文本框.docx")
    from checker.load import read

    lines = read(path).text.split("\n")
    # every w:p is a line (the scorer's and Word's paragraph count); the legacy copy is blank
    assert lines == [TITLE, "正文段落。", "联系电话:0000-0000000", "", "2023年7月15日"]
