"""Tables to ledgers (checker.read.table): header mapping, layout quirks of real ledgers, value parsing,
cell locations. Rows quote seed 000_5e4d1fbfc647a5c5.txt (区司法局党组 巡察整改进展情况通报)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.load.tables import Cell, Sheet, cell_ref, column_letter
from checker.model import Ledger
from checker.read.table import (
    date_value,
    find_header,
    header_field,
    read_tables,
    split_evidence,
    split_measures,
    status_value,
    table_to_ledger,
)

SEED = Path(__file__).resolve().parent / "data" / "seeds" / "000_5e4d1fbfc647a5c5.txt"
HEADER = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人",
          "整改时限", "整改状态", "完成时间", "佐证材料"]


def seed_items() -> list[tuple[str, str, str]]:
    """(number, title, 整改情况 text) of each item of the seed notice."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    items = []
    for index, line in enumerate(lines):
        found = re.match(r"^(\d+)\.关于“(.*)”(?:的问题)?$", line)
        if found and index + 1 < len(lines) and lines[index + 1].startswith("整改情况:"):
            items.append((found.group(1), found.group(2), lines[index + 1].removeprefix("整改情况:")))
    return items


def grid(values: list[list[object]], first_row: int = 1) -> list[list[Cell]]:
    """Cells as a sheet holds them, starting at `first_row`."""
    return [[Cell(value, cell_ref(first_row + r, c + 1), first_row + r, c + 1) for c, value in enumerate(row)]
            for r, row in enumerate(values)]


def test_seed_has_items() -> None:
    items = seed_items()
    assert len(items) == 23
    assert items[0][1] == "用先进的理论武装思想不够深入细致"


@pytest.mark.parametrize("text, field", [
    ("序号", "id"), ("序 号", "id"), ("问题", "title"), ("存在问题", "title"), ("问题清单", "title"),
    ("问题描述", "title"), ("问题类别", "category"), ("整改措施", "measures"), ("责任领导", "owner.leader"),
    ("责任部门", "owner.department"), ("责任单位", "owner.department"), ("责任人", "owner.person"),
    ("整改\n时限", "deadline"), ("完成时限", "deadline"), ("整改状态", "status"), ("完成情况", "status"),
    ("完成时间", "completed_on"), ("佐证材料", "evidence"), ("整改时限(年月日)", "deadline"),
    ("*责任领导", "owner.leader"), ("Deadline", "deadline"), ("completed_on", "completed_on"),
    ("completed on", "completed_on"), ("Leader", "owner.leader"), ("department", "owner.department"),
    ("备注", None), ("用先进的理论武装思想不够深入细致", None),
])
def test_header_field(text: str, field: str | None) -> None:
    assert header_field(text) == field


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 10, 26, 27, 52, 703)] == ["A", "J", "Z", "AA", "AZ", "AAA"]
    assert cell_ref(7, 6) == "F7"


def test_header_below_title_rows() -> None:
    rows = grid([["樊城区司法局党组巡察整改台账"] * 10, [None] * 10, HEADER,
                 ["1", "用先进的理论武装思想不够深入细致"]])
    assert find_header(rows) == 2
    ledger, source_map = table_to_ledger(rows, "整改台账", "t.xlsx")
    assert ledger["unit"] == "樊城区司法局党组"
    assert source_map.locate("/unit").cell == "整改台账!A1"
    assert ledger["issues"][0]["title"] == "用先进的理论武装思想不够深入细致"
    assert source_map.locate("/issues/0/title").cell == "整改台账!B4"


def test_unit_from_label_wins_over_title() -> None:
    rows = grid([["区司法局党组巡察整改台账"],
                 ["填报单位:樊城区司法局(盖章)", None, "填报日期:2023年7月15日"],
                 HEADER, ["1", "公证为民服务存在短板"]])
    ledger, source_map = table_to_ledger(rows, "", "t.csv")
    assert ledger["unit"] == "樊城区司法局"
    assert ledger["report_date"] == "2023-07-15"
    assert source_map.locate("/report_date").cell == "C2"


def test_title_without_unit_gives_none() -> None:
    rows = grid([["2023年巡察整改台账"], HEADER, ["1", "公证为民服务存在短板"]])
    ledger, _ = table_to_ledger(rows, "", "t.csv")
    assert "unit" not in ledger


def test_no_header_is_an_input_error() -> None:
    rows = grid([["一、巡察整改组织领导情况"], ["1.提高思想认识。"]])
    with pytest.raises(InputError) as caught:
        table_to_ledger(rows, "Sheet1", "t.xlsx")
    assert "表头" in caught.value.message
    assert caught.value.location is not None and caught.value.location.source == "t.xlsx"


def test_seed_rows_become_issues_with_cells() -> None:
    items = seed_items()[:5]
    values = [HEADER] + [[n, title, measures, "张某", "办公室", "李某", "2023-06-30", "已完成", None, None]
                         for n, title, measures in items]
    ledger, source_map = table_to_ledger(grid(values), "整改台账", "t.xlsx")
    issues = ledger["issues"]
    assert [i["title"] for i in issues] == [title for _, title, _ in items]
    first = issues[0]
    # 整改情况 of item 1 lists 一是 … 四是: four measures, markers removed
    assert len(first["measures"]) == 4
    assert first["measures"][0]["text"].startswith("局党组修改完善《司法局党组理论学习中心组制度》")
    assert first["measures"][3]["text"].startswith("规范党组理论学习中心组学习记录")
    assert first["owner"] == {"leader": "张某", "department": "办公室", "person": "李某"}
    assert first["status"] == "completed"
    loc = source_map.locate("/issues/0/measures/2/text")
    assert (loc.cell, loc.line, loc.column) == ("整改台账!C2", 2, 3)
    assert source_map.excerpt("/issues/0/measures/2/text").startswith("2023年3月20日,召开党组会学习")
    assert source_map.locate("/issues/4/owner/leader").cell == "整改台账!D6"
    Ledger.model_validate(ledger)  # the shape fits the model


def test_missing_values_locate_their_empty_cell() -> None:
    values = [HEADER, ["10", "政务信息发布不及时", "明确专人负责此项工作", None, None, None, None, "整改中"]]
    ledger, source_map = table_to_ledger(grid(values), "整改台账", "t.xlsx")
    issue = ledger["issues"][0]
    assert "owner" not in issue and "deadline" not in issue
    assert issue["status"] == "in_progress"
    assert source_map.locate("/issues/0/owner/leader").cell == "整改台账!D2"
    assert source_map.locate("/issues/0/deadline").cell == "整改台账!G2"
    assert source_map.excerpt("/issues/0/deadline") == ""
    # a field without a column falls back to the issue's row (its title cell)
    assert source_map.locate("/issues/0/review_date").cell == "整改台账!B2"
    assert source_map.locate("/issues/0/suppress/0/rule").pointer == "/issues/0/suppress/0/rule"


def test_group_rows_give_the_category() -> None:
    values = [HEADER,
              ["一、党的政治建设方面"] * 10,
              ["1", "用先进的理论武装思想不够深入细致", "修改完善《司法局党组理论学习中心组制度》"],
              ["2", "推进“一心四区”建设不够积极主动", "研究制定实施方案"],
              ["二、全面从严治党方面(2个)", None, None],
              ["3", "财务科目使用混乱", "规范财务科目使用"]]
    ledger, source_map = table_to_ledger(grid(values), "整改台账", "t.xlsx")
    cats = [i.get("category") for i in ledger["issues"]]
    assert cats == ["党的政治建设方面", "党的政治建设方面", "全面从严治党方面"]
    assert source_map.locate("/issues/2/category").cell == "整改台账!A5"


def test_a_title_alone_is_an_issue_not_a_group() -> None:
    values = [HEADER, ["", "创文工作务虚"]]
    ledger, _ = table_to_ledger(grid(values), "", "t.csv")
    assert ledger["issues"] == [{"id": "1", "title": "创文工作务虚"}]


def test_continuation_rows_join_the_issue() -> None:
    # an issue over three rows, as a CSV export of merged cells leaves it: 序号 and 问题 only in the first
    values = [HEADER,
              ["16", "政府采购程序执行不到位", "1.组织学习《政府采购法》", "王某", "办公室", "陈某",
               "2023年6月30日", "已完成"],
              ["", "", "2.修订《区司法局政府采购内部控制制度》", "", "", "", "", "", "", "内部控制制度"],
              [None, None, "3.建立政府采购台账", None, "财务室"],
              ["17", "领导班子表率作用发挥不充分", "召开专题民主生活会"]]
    ledger, source_map = table_to_ledger(grid(values), "整改台账", "t.xlsx")
    issues = ledger["issues"]
    assert len(issues) == 2
    assert [m["text"] for m in issues[0]["measures"]] == [
        "组织学习《政府采购法》", "修订《区司法局政府采购内部控制制度》", "建立政府采购台账"]
    assert issues[0]["owner"]["department"] == "办公室"  # the first row's value is kept
    assert issues[0]["evidence"] == ["内部控制制度"]
    assert source_map.locate("/issues/0/measures/2").cell == "整改台账!C4"
    assert source_map.locate("/issues/0/evidence/0").cell == "整改台账!J3"


def test_merged_rows_with_repeated_id_and_title_join() -> None:
    values = [HEADER,
              ["19", "‘三重一大’制度执行不严", "修订《“三重一大”事项集体决策制度》", "张某"],
              ["19", "‘三重一大’制度执行不严", "建立“三重一大”事项台账", "张某"],
              ["20", "民主生活会、组织生活会不认真", "召开专题组织生活会", "张某"]]
    ledger, _ = table_to_ledger(grid(values), "", "t.csv")
    assert [len(i["measures"]) for i in ledger["issues"]] == [2, 1]


def test_two_header_rows() -> None:
    values = [["序号", "问题", "整改措施", "责任主体", "责任主体", "责任主体", "整改时限"],
              ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "整改时限"],
              ["1", "公证为民服务存在短板", "充实1名退役军人到公证服务队伍", "张某", "公证处", "李某",
               "2023-05-31"]]
    ledger, source_map = table_to_ledger(grid(values), "", "t.csv")
    assert len(ledger["issues"]) == 1
    assert ledger["issues"][0]["owner"] == {"leader": "张某", "department": "公证处", "person": "李某"}
    assert source_map.locate("/issues/0/owner/person").cell == "F3"


def test_english_headers_and_extra_columns() -> None:
    values = [["id", "title", "measures", "leader", "deadline", "status", "备注"],
              [3, "统筹协调依法治区工作不够有力", "开展依法治区成员单位年度述法工作", "刘某", "2023-09-30",
               "in progress", "x"]]
    ledger, _ = table_to_ledger(grid(values), "", "t.csv")
    issue = ledger["issues"][0]
    assert issue["id"] == "3" and issue["status"] == "in_progress" and issue["deadline"] == "2023-09-30"
    assert "备注" not in issue and "x" not in issue.values()


def test_ids_are_generated_without_an_id_column() -> None:
    values = [["问题", "整改措施", "责任部门"], ["创文工作务虚", "制定创文工作方案", "办公室"],
              ["财务科目使用混乱", "规范财务科目使用", "财务室"]]
    ledger, _ = table_to_ledger(grid(values), "", "t.csv")
    assert [i["id"] for i in ledger["issues"]] == ["1", "2"]


@pytest.mark.parametrize("text, status", [
    ("已完成", "completed"), ("完成", "completed"), ("已整改", "completed"), ("已销号", "completed"),
    ("已完成整改。", "completed"), ("正在推进", "in_progress"), ("整改中", "in_progress"),
    ("推进中", "in_progress"), ("未完成", "in_progress"), ("长期整改", "long_term"),
    ("持续整改", "long_term"), ("长期坚持", "long_term"),
    ("已 完 成", "completed"), ("基本完成", "in_progress"), ("待定", "待定"),
])
def test_status_words(text: str, status: str) -> None:
    assert status_value(text) == status


def test_long_term_in_the_deadline_column() -> None:
    values = [HEADER, ["21", "基层党建抓得不实", "落实“三会一课”制度", "张某", None, None, "长期坚持"]]
    ledger, source_map = table_to_ledger(grid(values), "", "t.csv")
    issue = ledger["issues"][0]
    assert "deadline" not in issue and issue["status"] == "long_term"
    assert source_map.excerpt("/issues/0/deadline") == "长期坚持"


def test_status_column_wins_over_a_long_term_deadline() -> None:
    values = [HEADER,
              ["21", "基层党建抓得不实", "落实“三会一课”制度", "张某", None, None, "长期坚持", "已完成"]]
    ledger, _ = table_to_ledger(grid(values), "", "t.csv")
    assert ledger["issues"][0]["status"] == "completed"


@pytest.mark.parametrize("value, lenient, expected", [
    (dt.datetime(2023, 6, 30, 0, 0), False, "2023-06-30"),
    (dt.date(2023, 3, 16), False, "2023-03-16"),
    (45107, False, "2023-06-30"),  # an Excel day number in a date column
    (45107.0, False, "2023-06-30"),
    ("2023年6月30日", False, "2023-06-30"),
    ("2023.6.30", False, "2023-06-30"),
    ("2023/6/30", False, "2023-06-30"),
    (" 2023 年 6 月 30 日 ", False, "2023-06-30"),
    ("2023-06-30 00:00:00", False, "2023-06-30"),  # an Excel date exported to CSV
    ("2023年6月底", True, "2023-06-30"),
    ("2023年6月", True, "2023-06-30"),
    ("2023年6月", False, "2023年6月"),
    ("立行立改", True, "立行立改"),
    ("2023年2月30日", False, "2023年2月30日"),
    (7, False, "7"),
])
def test_dates(value: object, lenient: bool, expected: str) -> None:
    assert date_value(value, lenient_end=lenient) == expected


def test_dates_in_rows() -> None:
    values = [HEADER, ["1", "文风不实作风不严谨", "召开司法所长例会", "张某", "办公室", "李某",
                       "2023年4月底", "已完成", dt.datetime(2023, 3, 31), "例会记录"],
              ["2", "创文工作务虚", "制定方案", "张某", "办公室", "李某", "尽快", "已完成", "2023年4月"]]
    ledger, source_map = table_to_ledger(grid(values), "", "t.csv")
    first, second = ledger["issues"]
    assert first["deadline"] == "2023-04-30" and first["completed_on"] == "2023-03-31"
    # 尽快 names no date: one note at its cell, the value left out; a month alone completes on its first day
    assert "deadline" not in second and second["completed_on"] == "2023-04-01"
    assert source_map.excerpt("/issues/1/deadline") == "尽快"
    [note] = source_map.notes
    assert note.rule == "input/unreadable-value" and note.location.cell == "G3" and note.item == "2"
    assert "尽快" in note.message and note.excerpt == "尽快"


def test_split_measures_numbering_families() -> None:
    assert split_measures("1.召开党组会;2.印发《实施方案》;3.建立台账") == [
        "召开党组会", "印发《实施方案》", "建立台账"]
    assert split_measures("(1)持续开展“律师进社区”活动;(2)持续开展法治体检活动") == [
        "持续开展“律师进社区”活动", "持续开展法治体检活动"]
    assert split_measures("①召开会议②印发通知") == ["召开会议", "印发通知"]
    assert split_measures("一、修订制度。二、建立台账。") == ["修订制度。", "建立台账。"]
    assert split_measures("召开党组会\n印发《实施方案》\n") == ["召开党组会", "印发《实施方案》"]
    whole = "共梳理廉政风险点24条,制定防控措施46条"
    assert split_measures(whole) == [whole]
    assert split_measures("1.组织学习《政府采购法》") == ["组织学习《政府采购法》"]
    assert split_measures("12.5万元已退回") == ["12.5万元已退回"]
    # numbers that are not markers: 1.5万, 12.5万, a 2. without a 1.
    assert split_measures("1.追回资金1.5万元;2.2023年3月27日召开会议") == [
        "追回资金1.5万元", "2023年3月27日召开会议"]
    assert split_measures("资金2.5万元已退回") == ["资金2.5万元已退回"]


def test_split_measures_nested_numbering_stays_inside() -> None:
    text = seed_items()[1][2]  # 一是…二是开展“下察解暖”实践活动。(1)…;(2)…;三是…
    parts = split_measures(text)
    assert len(parts) == 5
    assert parts[1].startswith("开展“下察解暖”实践活动") and "(2)持续开展法治体检活动" in parts[1]


def test_split_evidence_keeps_enumeration_commas() -> None:
    text = "《区司法局进一步推进“一心四区”四大攻坚行动的实施方案》\n党组会议纪要、签到表;培训照片"
    assert split_evidence(text) == [
        "《区司法局进一步推进“一心四区”四大攻坚行动的实施方案》", "党组会议纪要、签到表", "培训照片"]


def test_span_excerpt_and_location_stay_in_the_cell() -> None:
    values = [HEADER, ["9", "公证为民服务存在短板", "设置襄阳市正天公证处党员示范岗"]]
    _, source_map = table_to_ledger(grid(values, first_row=4), "表1", "t.docx")
    assert source_map.excerpt("/issues/0/title", 0, 2) == "公证"
    loc = source_map.locate("/issues/0/title", 0, 2)
    assert (loc.cell, loc.line, loc.column, loc.pointer) == ("表1!B5", 5, 2, "/issues/0/title")


def _category_sheet(name: str, titles: list[str]) -> Sheet:
    rows = [HEADER] + [[str(n), title, "召开专题会议研究整改", "张某", "办公室", "李某", "2023-06-30", "已完成",
                        "2023-05-10", "会议纪要"] for n, title in enumerate(titles, start=1)]
    return Sheet(name, grid(rows))


def test_numbering_restarting_per_sheet_puts_the_sheet_name_in_front() -> None:
    """A workbook with one sheet per category, each numbered from 1: every item keeps an id of its own."""
    sheets = [_category_sheet("党的建设", ["学习不深入", "制度不健全"]), _category_sheet("作风建设", ["调研不够"])]
    ledger, table_map = read_tables(sheets, "台账.xlsx")
    assert [issue["id"] for issue in ledger["issues"]] == ["党的建设-1", "党的建设-2", "作风建设-1"]
    assert table_map.locate("/issues/2/id").cell == "作风建设!A2"


def test_numbering_continued_across_sheets_keeps_the_ids_written() -> None:
    first = _category_sheet("党的建设", ["学习不深入", "制度不健全"])
    second = _category_sheet("作风建设", ["调研不够"])
    second.rows[1][0] = Cell("3", "A2", 2, 1)
    ledger, _ = read_tables([first, second], "台账.xlsx")
    assert [issue["id"] for issue in ledger["issues"]] == ["1", "2", "3"]


@pytest.mark.parametrize("title, day", [
    ("截至2024年6月28日整改进展情况", "2024-06-28"),
    ("某局巡察整改台账(截至2024年6月28日)", "2024-06-28"),
    ("截止2024年6月底整改情况", "2024-06-30"),
    ("截至2024-06-28整改落实情况", "2024-06-28"),
])
def test_an_as_of_title_followed_by_words_gives_the_report_date(title: str, day: str) -> None:
    rows = grid([[title], HEADER, ["1", "学习不深入", "召开会议", "张某", "办公室", "李某", "2023-06-30", "已完成",
                                   "2023-05-10", "会议纪要"]])
    ledger, table_map = table_to_ledger(rows, "台账", "台账.xlsx")
    assert ledger["report_date"] == day
    assert table_map.locate("/report_date").cell == "台账!A1"


def test_a_measure_in_a_cell_promising_a_date_has_it_as_due() -> None:
    """As in a notice (seed 002: 4月22日前印发…), so dates/promise-past-due judges tables too."""
    rows = grid([["截至2024年6月28日"], HEADER,
                 ["1", "学习不深入", "1.召开党组会专题研究;2.4月22日前印发《学习制度》", "张某", "办公室", "李某",
                  "2024-12-31", "正在推进", "", ""],
                 ["2", "制度不健全", "计划于9月底前修订《档案管理办法》", "王某", "办公室", "赵某",
                  "2024-12-31", "正在推进", "", ""]])
    ledger, table_map = table_to_ledger(rows, "台账", "台账.xlsx")
    first, second = (issue["measures"] for issue in ledger["issues"])
    assert [m.get("due") for m in first] == [None, dt.date(2024, 4, 22)]
    assert [m.get("due") for m in second] == [dt.date(2024, 9, 30)]
    assert table_map.locate("/issues/0/measures/1/due").cell == "台账!C3"
    assert table_map.excerpt("/issues/0/measures/1/due") == "4月22日前"
