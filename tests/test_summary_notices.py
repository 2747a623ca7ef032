"""Summary notices: totals and organisational work, no item list (DESIGN §5)."""

from __future__ import annotations

from checker.extract import extract_ledger

HEAD = ("中共某县水利局党组关于巡察整改情况的通报\n"
        "2023年8月15日,县委第三巡察组向县水利局党组反馈了巡察意见。现将整改情况予以公布。\n"
        "截至目前,巡察反馈问题20个,已完成整改18个、正在整改2个。\n")


def test_organisational_sections_make_a_summary() -> None:
    text = HEAD + ("一、提高政治站位。局党组召开专题会议,成立整改工作领导小组。\n"
                   "二、健全长效机制。新建和修订制度6项。\n"
                   "联系电话:0000-0000000\n2023年11月1日\n")
    ledger, _ = extract_ledger(text, "通报.txt")
    assert ledger["document"]["kind"] == "notice" and ledger["document"].get("summary") is True
    assert ledger["issues"] == [] and ledger["declared"]["issues"] == 20


def test_sections_naming_shortcomings_are_no_summary() -> None:
    # the headings name problems the reader could not read as items: the stated 20 must still be checked
    text = HEAD + ("一、理论学习不够深入。已修订学习制度。\n"
                   "二、财务管理不规范。已清退票据。\n"
                   "联系电话:0000-0000000\n2023年11月1日\n")
    ledger, _ = extract_ledger(text, "通报.txt")
    assert not ledger["document"].get("summary")


def test_organisational_entries_of_a_general_section_are_not_problems() -> None:
    text = ("中共某县水利局党组关于巡察整改进展情况的通报\n"
            "2023年8月15日,县委第三巡察组向县水利局党组反馈了巡察意见,反馈问题2个。现将整改情况予以公布。\n"
            "一、整改工作开展情况\n"
            "(一)提高政治站位。局党组召开专题会议研究部署整改工作。\n"
            "(二)压实整改责任。逐项明确责任领导、责任股室和整改时限。\n"
            "(三)河道巡查制度落实不到位。2023年9月修订《河道巡查办法》。\n"
            "(四)工程资金审核不严。2023年10月完成专项检查。\n"
            "联系电话:0000-0000000\n2023年11月1日\n")
    ledger, _ = extract_ledger(text, "通报.txt")
    assert [i["title"] for i in ledger["issues"]] == ["河道巡查制度落实不到位", "工程资金审核不严"]
