"""The value readers of checker.read: each kind of value as offices write it, and what cannot be read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.read.dates import read_date
from checker.read.deadline import read_deadline
from checker.read.evidence import split_evidence
from checker.read.ids import read_id
from checker.read.owner import read_owner
from checker.read.status import read_status
from checker.read.table import header_fields

FEEDBACK = dt.date(2023, 3, 16)


@pytest.mark.parametrize(("value", "iso"), [
    (dt.datetime(2023, 6, 30), "2023-06-30"),
    (45107, "2023-06-30"),                      # an Excel day number in a date column
    ("2023-06-30", "2023-06-30"),
    ("2023年6月30日", "2023-06-30"),
    ("2023 年 6 月 30 日", "2023-06-30"),
    ("2023.6.30", "2023-06-30"),
    ("2023/6/30", "2023-06-30"),
    ("２０２３年６月３０日", "2023-06-30"),
    ("２０２３．６．３０", "2023-06-30"),
    ("二〇二三年六月三十日", "2023-06-30"),
    ("20230630", "2023-06-30"),
])
def test_dates(value: object, iso: str) -> None:
    reading = read_date(value)
    assert reading.value == iso and reading.problem is None


def test_an_unreadable_date_says_why_and_keeps_the_text() -> None:
    reading = read_date("下个月")
    assert reading.value is None and reading.text == "下个月" and "下个月" in (reading.problem or "")
    assert read_date(None).problem is None and read_date("  ").empty


@pytest.mark.parametrize(("text", "iso", "kind"), [
    ("2023年6月30日前", "2023-06-30", "date"),
    ("2023年6月底前完成", "2023-06-30", "date"),
    ("6月底前", "2023-06-30", "date"),                 # the year from the context
    ("9月30日前", "2023-09-30", "date"),
    ("2023年上半年", "2023-06-30", "period"),
    ("2023年第二季度", "2023-06-30", "period"),
    ("第三季度", "2023-09-30", "period"),
    ("年底前", "2023-12-31", "period"),
    ("2024年底前", "2024-12-31", "date"),
    ("6月底前初步完成,12月底前全面完成", "2023-12-31", "date"),  # the last date named
    ("立行立改", "2023-03-16", "immediate"),            # due at the feedback
    ("即知即改", "2023-03-16", "immediate"),
])
def test_deadlines(text: str, iso: str, kind: str) -> None:
    deadline = read_deadline(text, year=2023, feedback=FEEDBACK)
    assert (deadline.reading.value, deadline.kind) == (iso, kind)
    assert deadline.reading.text == text


def test_long_term_and_unknown_deadlines() -> None:
    assert read_deadline("长期坚持", year=2023).long_term
    assert read_deadline("长期整改").reading.value is None
    immediate = read_deadline("立行立改")  # no feedback date known: stated, date unknown
    assert immediate.kind == "immediate" and immediate.reading.value is None and immediate.reading.problem is None
    no_year = read_deadline("第二季度")
    assert no_year.kind == "unreadable" and "年份" in (no_year.reading.problem or "")
    assert read_deadline("尽快").kind == "unreadable"


@pytest.mark.parametrize(("text", "status"), [
    ("已完成", "completed"), ("已办结", "completed"), ("已整改", "completed"), ("已完成整改。", "completed"),
    ("整改完成", "completed"), ("正在推进", "in_progress"), ("整改中", "in_progress"),
    ("序时推进", "in_progress"), ("基本完成", "in_progress"), ("未完成", "in_progress"),
    ("长期坚持", "long_term"), ("长期整改", "long_term"), ("持续整改", "long_term"), ("completed", "completed"),
])
def test_statuses(text: str, status: str) -> None:
    assert read_status(text).value == status


def test_an_unknown_status_is_a_problem() -> None:
    reading = read_status("差不多了")
    assert reading.value is None and "差不多了" in (reading.problem or "")


@pytest.mark.parametrize(("header", "fields"), [
    ("责任单位/责任人", ("owner.department", "owner.person")),
    ("整改责任单位/责任人", ("owner.department", "owner.person")),
    ("责任领导及责任人", ("owner.leader", "owner.person")),
    ("责任领导\n责任人", ("owner.leader", "owner.person")),
    ("责任处室", ("owner.department",)),
    ("完成期限", ("deadline",)),
    ("复查日期", ("review_date",)),
    ("整改时限(截止时间)", ("deadline",)),
    ("备注", ()),
])
def test_headers(header: str, fields: tuple[str, ...]) -> None:
    assert header_fields(header) == fields


@pytest.mark.parametrize(("text", "fields", "owner"), [
    ("办公室/张某", ("owner.department", "owner.person"), {"owner.department": "办公室", "owner.person": "张某"}),
    ("办公室 张某", ("owner.department", "owner.person"), {"owner.department": "办公室", "owner.person": "张某"}),
    ("张某、李某", ("owner.leader", "owner.person"), {"owner.leader": "张某", "owner.person": "李某"}),
    ("张某、李某", ("owner.department", "owner.person"), {"owner.person": "张某、李某"}),
    ("财务股", ("owner.department", "owner.person"), {"owner.department": "财务股"}),
    ("张某", ("owner.department", "owner.person"), {"owner.person": "张某"}),
    ("张某、李某", ("owner.person",), {"owner.person": "张某、李某"}),
])
def test_owners(text: str, fields: tuple[str, ...], owner: dict[str, str]) -> None:
    assert read_owner(text, fields) == owner


def test_evidence_is_never_split_inside_titles() -> None:
    assert split_evidence("《关于印发〈A；B〉的通知》；会议纪要;签到表\n照片") == [
        "《关于印发〈A；B〉的通知》", "会议纪要", "签到表", "照片"]
    assert split_evidence("1.会议纪要\n2.整改报告") == ["会议纪要", "整改报告"]


@pytest.mark.parametrize(("value", "text"), [(1.0, "1"), (3, "3"), ("010", "010"), ("1.10", "1.10"), ("一、", "一")])
def test_ids_as_written(value: object, text: str) -> None:
    assert read_id(value) == text


def test_yaml_values_as_offices_write_them(tmp_path: Path) -> None:
    from checker.api import LintOptions, lint, read_ledger

    path = tmp_path / "台账.yaml"
    path.write_text(
        "ledger_version: 1\ninspection: {feedback: 2023年3月16日}\nreport_date: 2023.7.15\nissues:\n"
        "  - {id: '1', title: 理论学习流于形式, owner: {department: 办公室}, deadline: 6月底前, status: 基本完成,\n"
        "     measures: [{text: 召开党组会专题研究, date: 2023年3月27日}]}\n"
        "  - {id: '2', title: 档案管理不规范, owner: {department: 办公室}, deadline: 尽快, status: 差不多,\n"
        "     measures: [{text: 2023年4月修订《档案管理制度》}]}\n", encoding="utf-8")
    ledger = read_ledger(path).ledger
    first = ledger["issues"][0]
    assert ledger["report_date"] == dt.date(2023, 7, 15) and ledger["inspection"]["feedback"] == FEEDBACK
    assert first["deadline"] == dt.date(2023, 6, 30) and first["status"].value == "in_progress"
    assert first["measures"][0]["date"] == dt.date(2023, 3, 27)
    [file] = lint([path], LintOptions()).files
    found = sorted((f.rule, f.item, f.location.line) for f in file.findings)
    assert found == [("dates/overdue", "1", 5), ("input/invalid", "2", 7), ("input/invalid", "2", 7)]
    assert file.failed  # a data file must hold values; the rest is still checked


def test_labels_above_the_table_give_feedback_and_report_dates(tmp_path: Path) -> None:
    from checker.api import LintOptions, lint, read_ledger

    path = tmp_path / "台账.csv"
    path.write_text("某局巡察整改台账\n巡察反馈时间：2023年3月16日  填报日期：2023年7月15日\n"
                    "序号,问题,整改措施,责任部门,整改时限,整改状态,完成时间,佐证材料\n"
                    "1,档案管理不规范,2023年3月20日召开会议,办公室,立行立改,已完成,2023年3月16日,会议纪要\n"
                    "2,财务报销审核不严,2023年3月20日召开会议,办公室,立行立改,正在推进,,\n", encoding="utf-8")
    ledger = read_ledger(path).ledger
    assert ledger["inspection"]["feedback"] == FEEDBACK and ledger["report_date"] == dt.date(2023, 7, 15)
    assert [issue["deadline"] for issue in ledger["issues"]] == [FEEDBACK, FEEDBACK]  # 立行立改
    [file] = lint([path], LintOptions()).files
    assert [(f.rule, f.item) for f in file.findings] == [("dates/overdue", "2")]
