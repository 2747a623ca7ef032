"""A ledger made the way an office makes it (samples/make_office_xlsx.py builds it with openpyxl): two sheets,
a merged title row with 截至, merged category rows, a combined 责任单位/责任人 column, a 备注 column, and
deadlines, statuses, dates and evidence as offices write them. It lints with the planted findings only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from checker.api import LintOptions, lint, read_ledger
from samples.make_office_xlsx import build_workbook

D = dt.date


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office") / "整改台账.xlsx"
    build_workbook().save(path)
    return path


def test_findings_are_the_planted_ones(workbook: Path) -> None:
    [file] = lint([workbook], LintOptions()).files
    found = sorted((f.rule, f.item, f.location.cell) for f in file.findings)
    assert found == [
        ("completeness/evidence-missing", "4", "党的建设!I8"),
        ("dates/overdue", "2", "党的建设!F5"),   # 2023年6月底前, 基本完成
        ("dates/overdue", "3", "党的建设!F7"),   # 第二季度 of 2023 (the title's year), 序时推进
        ("dates/overdue", "6", "作风建设!G5"),   # an Excel date, 正在推进
        ("input/unknown-column", None, "党的建设!J2"),  # 备注
    ]
    assert not file.failed
    excerpts = {f.item: f.excerpt for f in file.findings if f.rule == "dates/overdue"}
    assert excerpts["2"] == "2023年6月底前" and excerpts["3"] == "第二季度"  # the cell as written


def test_values_as_read(workbook: Path) -> None:
    ledger = read_ledger(workbook).ledger
    assert ledger["report_date"] == D(2023, 7, 15) and ledger["unit"] == "区司法局党组"
    issues = {issue["id"]: issue for issue in ledger["issues"]}
    assert list(issues) == ["1", "2", "3", "4", "5", "6", "7"]  # both sheets
    first = issues["1"]
    assert first["owner"] == {"leader": "张某某", "department": "办公室", "person": "李某"}
    assert first["status"].value == "completed" and "deadline" not in first  # 立行立改, no feedback date known
    assert first["evidence"] == ["《关于修订〈理论学习中心组制度〉的通知；附件》", "党组会议纪要"]
    assert [m["text"] for m in first["measures"]] == ["修改完善《司法局党组理论学习中心组制度》",
                                                     "2023年3月27日召开党组理论学习中心组会议"]
    assert first["category"] == "党的政治建设方面"
    assert issues["2"]["status"].value == "in_progress" and issues["2"]["deadline"] == D(2023, 6, 30)
    assert issues["3"]["deadline"] == D(2023, 6, 30) and issues["3"]["category"] == "全面从严治党方面"
    assert issues["4"]["completed_on"] == D(2023, 4, 28)
    assert issues["5"]["status"].value == "long_term" and issues["5"]["review_date"] == D(2023, 12, 31)
    assert issues["5"]["owner"] == {"leader": "周某某", "department": "办公室", "person": "吴某"}
    assert issues["6"]["deadline"] == D(2023, 5, 31)
    assert issues["7"]["completed_on"] == D(2023, 5, 10) and issues["7"]["evidence"] == ["考勤记录", "点名通报"]


def test_an_unreadable_cell_is_one_finding_and_the_rest_is_checked(tmp_path: Path) -> None:
    book = build_workbook()
    book["作风建设"]["G5"] = "尽快完成"  # item 6's deadline: no date in it
    book["作风建设"]["H6"] = "差不多了"  # item 7's status: no status word
    path = tmp_path / "台账.xlsx"
    book.save(path)
    [file] = lint([path], LintOptions()).files
    unreadable = sorted((f.item, f.location.cell) for f in file.findings if f.rule == "input/unreadable-value")
    assert unreadable == [("6", "作风建设!G5"), ("7", "作风建设!H6")]
    rules = {(f.rule, f.item) for f in file.findings}
    assert ("completeness/evidence-missing", "4") in rules and ("dates/overdue", "3") in rules
    assert not file.failed and not any(f.rule == "input/invalid" for f in file.findings)


def test_combined_leader_and_person_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "问题", "整改措施", "责任领导及责任人", "整改责任单位", "完成时限", "完成情况"])
    sheet.append([1, "财务科目使用混乱", "2023年4月开展财务专项检查", "赵某某、钱某", "财务股", "2023.6.30", "已办结"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    [issue] = read_ledger(path).ledger["issues"]
    assert issue["owner"] == {"leader": "赵某某", "person": "钱某", "department": "财务股"}
    assert issue["deadline"] == D(2023, 6, 30) and issue["status"].value == "completed"


def test_the_sample_is_what_the_script_writes() -> None:
    sample = Path(__file__).resolve().parent.parent / "samples" / "ledgers" / "fancheng-2023-office.xlsx"
    written = openpyxl.load_workbook(sample)
    built = build_workbook()
    for name in ("党的建设", "作风建设"):
        assert [[c.value for c in row] for row in written[name].iter_rows()] == [
            [c.value for c in row] for row in built[name].iter_rows()]
