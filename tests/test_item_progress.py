"""What an item of a notice says of itself: its status at the end of its progress text (已完成整改。 目前已整改到位。
长期坚持。 正在推进), its labels read by the value readers tables use (立行立改, 复查日期, 牵头科室), and its
completion date (已于2023年10月20日完成整改), in text and Word notices with no status headings."""

from __future__ import annotations

import datetime
from pathlib import Path

import docx
import pytest

from checker.api import LintOptions, lint, load_rules, read_ledger
from checker.extract.progress import clause_status, completions

D = datetime.date

HEAD = ("中共某区卫生健康局党组关于巡察整改进展情况的通报\n\n"
        "2023年4月6日至6月2日，区委第四巡察组对区卫生健康局党组开展了巡察，2023年8月15日反馈了巡察意见。"
        "现将整改进展情况予以公布。\n\n")
TAIL = "\n联系电话：027-66661234\n中共某区卫生健康局党组\n2024年2月20日\n"
OWNERS = "责任领导：周某；责任科室：医政科；责任人：吴某；"


@pytest.fixture(scope="module")
def ruleset():
    return load_rules(LintOptions())


def _write(tmp_path: Path, body: str, name: str = "notice.txt") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return path


def _rules(path: Path, ruleset) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in lint([path], ruleset=ruleset).files[0].findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


def _item(title: str, deadline: str, progress: str, n: int) -> str:
    return f"{n}.关于“{title}”的问题。{OWNERS}整改时限：{deadline}。整改情况：{progress}\n\n"


@pytest.mark.parametrize("progress, status", [
    ("2023年9月对全区32家医疗机构开展院感专项检查，印发《院感防控工作规范》。已完成整改。", "completed"),
    ("2023年10月开展医保基金专项核查，追回违规资金4.6万元。目前已整改到位。", "completed"),
    ("2023年9月修订《药品采购管理办法》，该问题已办结。", "completed"),
    ("2023年9月起每月开展一次作风督查。长期坚持。", "long_term"),
    ("拟于2024年6月召开推进会，目前正在推进。", "in_progress"),
    # the status the text states about the item, not a plan after it or a step before it
    ("2023年9月已完成整改，下一步将持续巩固整改成果，继续推进长效机制建设。", "completed"),
    ("正在推进，计划2024年5月完成剩余2个站点改造。", "in_progress"),
    ("2023年11月已完成3个社区卫生服务站改造，剩余2个计划2024年5月完成。", None),
])
def test_item_status_read_from_its_own_progress_text(tmp_path: Path, progress: str, status: str | None) -> None:
    path = _write(tmp_path, "区委巡察组反馈问题1个。\n\n" + _item("医疗机构院感防控不到位", "2023年12月31日", progress, 1))
    issue = read_ledger(path).ledger["issues"][0]
    assert issue.get("status") == status


def test_finished_items_without_status_headings_are_not_overdue(tmp_path: Path, ruleset) -> None:
    body = ("区委巡察组反馈的3个问题，已全部完成整改。\n\n"
            + _item("医疗机构院感防控不到位", "2023年12月31日",
                    "2023年9月对全区32家医疗机构开展院感专项检查，印发《院感防控工作规范》。已完成整改。", 1)
            + _item("医保基金使用监管不严", "2023年12月31日",
                    "2023年10月开展医保基金专项核查，追回违规资金4.6万元。目前已整改到位。", 2)
            + _item("卫生监督执法不规范", "2023年11月30日",
                    "2023年10月组织执法人员培训2次，培训48人次。正在推进。", 3))
    path = _write(tmp_path, body)
    assert [i.get("status") for i in read_ledger(path).ledger["issues"]] == ["completed", "completed", "in_progress"]
    overdue = _rules(path, ruleset).get("dates/overdue", [])
    assert [f.item for f in overdue] == ["3"]  # only the item that says it is still in progress
    assert "尚未完成" in overdue[0].message


def test_an_item_whose_status_cannot_be_read_is_not_called_unfinished(tmp_path: Path, ruleset) -> None:
    body = ("区委巡察组反馈问题1个。\n\n"
            + _item("卫生监督执法不规范", "2023年11月30日", "2023年10月组织执法人员培训2次，培训48人次。", 1))
    path = _write(tmp_path, body)
    assert "status" not in read_ledger(path).ledger["issues"][0]
    (overdue,) = _rules(path, ruleset)["dates/overdue"]
    assert "尚未完成" not in overdue.message
    assert "未说明是否已完成整改" in overdue.message and "2023-11-30" in overdue.message


def test_word_notice_with_automatic_numbering_reads_each_items_status(tmp_path: Path, ruleset) -> None:
    document = docx.Document()
    for line in [*HEAD.split("\n"), "区委巡察组反馈的3个问题，已全部完成整改。"]:
        if line:
            document.add_paragraph(line)
    for title, deadline, progress in [
        ("医疗机构院感防控不到位", "2023年12月31日", "一是2023年9月开展院感专项检查；二是印发《院感防控工作规范》。已完成整改。"),
        ("医保基金使用监管不严", "2023年12月31日", "2023年10月开展医保基金专项核查，追回违规资金4.6万元。已办结。"),
        ("卫生监督执法不规范", "2023年11月30日", "2023年10月组织执法人员培训2次，培训48人次。已完成整改。"),
    ]:
        document.add_paragraph(f"关于“{title}”的问题。{OWNERS}整改时限：{deadline}。整改情况：{progress}",
                               style="List Number")
    for line in TAIL.split("\n"):
        if line:
            document.add_paragraph(line)
    path = tmp_path / "notice.docx"
    document.save(str(path))
    issues = read_ledger(path).ledger["issues"]
    assert [i["id"] for i in issues] == ["1", "2", "3"]
    assert [i.get("status") for i in issues] == ["completed"] * 3
    assert "dates/overdue" not in _rules(path, ruleset)


def test_item_labels_go_through_the_value_readers(tmp_path: Path, ruleset) -> None:
    body = ("反馈问题共3个，已完成整改1个，正在推进1个，长期坚持1个。\n\n一、已完成整改事项\n\n"
            "1.关于“预约挂号服务不便捷”的问题。分管领导：丙某；牵头科室：医务科；完成时限：立行立改。"
            "整改情况：2023年8月20日开通电话预约渠道，建立投诉周通报制度。\n\n二、正在推进事项\n\n"
            "2.关于“基层医疗设备配置不足”的问题。牵头领导：甲某；牵头股室：规划财务股；完成时限：2024年3月底前。"
            "整改情况：已采购设备12台，正在进行安装调试。\n\n三、长期坚持事项\n\n"
            "3.关于“干部作风不实”的问题。牵头领导：戊某；责任单位：机关党委；整改时限：立行立改并长期坚持。"
            "整改情况：2023年9月起每月开展作风督查，每季度通报一次，复查日期：2024年6月30日。\n\n")
    path = _write(tmp_path, body)
    first, second, third = read_ledger(path).ledger["issues"]
    assert first["deadline"] == D(2023, 8, 15)  # 立行立改: due at the feedback date
    assert first["owner"] == {"leader": "丙某", "department": "医务科"}
    assert second["deadline"] == D(2024, 3, 31)
    assert second["owner"]["department"] == "规划财务股"
    assert third["review_date"] == D(2024, 6, 30)
    assert third["status"] == "long_term"
    assert all("复查日期" not in m["text"] for m in third["measures"])  # the label ends the progress text
    assert all(m.get("date") != D(2024, 6, 30) for m in third["measures"])
    found = _rules(path, ruleset)
    assert "completeness/deadline-missing" not in found
    assert "completeness/owner-missing" not in found


def test_long_term_item_wants_a_review_date(tmp_path: Path, ruleset) -> None:
    body = ("反馈问题共2个。\n\n一、长期坚持事项\n\n"
            "1.关于“干部作风不实”的问题。责任领导：戊某；整改时限：长期坚持。整改情况：每月开展作风督查，复查日期：2024年6月30日。\n\n"
            "2.关于“会风会纪不严”的问题。责任领导：戊某；整改时限：长期坚持。整改情况：每季度通报一次会风会纪检查情况。\n\n")
    path = _write(tmp_path, body)
    first, second = read_ledger(path).ledger["issues"]
    assert first["review_date"] == D(2024, 6, 30) and "review_date" not in second
    missing = _rules(path, ruleset)["completeness/deadline-missing"]
    assert [f.item for f in missing] == ["2"]


def test_completion_date_in_prose_is_the_items_completed_on(tmp_path: Path, ruleset) -> None:
    body = ("反馈问题共3个，已完成整改3个。\n\n一、已完成整改事项\n\n"
            + _item("医疗机构院感防控不到位", "2023年9月30日",
                    "2023年9月1日对全区32家医疗机构开展院感专项检查。已于2023年10月20日完成整改。", 1)
            + _item("医保基金使用监管不严", "2023年12月31日",
                    "印发《医保基金监管办法》，下一步将开展专项督查。于2023年11月完成整改。", 2)
            + _item("卫生监督执法不规范", "2023年11月30日",
                    "2023年9月组织执法人员培训2次。已于2023年8月1日完成整改。", 3))
    path = _write(tmp_path, body)
    issues = read_ledger(path).ledger["issues"]
    assert [i.get("completed_on") for i in issues] == [D(2023, 10, 20), D(2023, 11, 1), D(2023, 8, 1)]
    assert issues[0]["measures"][0]["date"] == D(2023, 9, 1)
    assert all("date" not in m for m in issues[2]["measures"])  # the completion date is no measure date
    found = _rules(path, ruleset)
    late = found["dates/completed-after-deadline"]
    assert [f.item for f in late] == ["1"] and "2023-10-20" in late[0].message
    assert late[0].excerpt == "2023年10月20日"
    assert "dates/measure-before-feedback" not in found
    (early,) = found["dates/completed-before-feedback"]  # 2023-08-01, before the feedback of 2023-08-15
    assert early.item == "3" and early.excerpt == "2023年8月1日" and "2023-08-15" in early.message


@pytest.mark.parametrize("clause, status", [
    ("已完成整改", "completed"), ("目前已整改到位", "completed"), ("已办结", "completed"),
    ("长期坚持", "long_term"), ("正在推进", "in_progress"), ("目前正在推进中", "in_progress"),
    ("均已完成整改", "completed"), ("基本完成", "in_progress"), ("已按期完成整改", "completed"),
    ("整改已完成", "completed"), ("该问题已整改完毕", "completed"), ("正在整改中", "in_progress"),
    ("整改中", "in_progress"),
    ("完成河道清障12处", None), ("计划2024年5月完成", None), ("下一步将继续推进", None), ("整改完成率100%", None),
])
def test_a_clause_states_a_status_only_when_it_is_nothing_else(clause: str, status: str | None) -> None:
    assert clause_status(clause) == status


@pytest.mark.parametrize("text, day", [
    ("已于2023年10月20日完成整改。", D(2023, 10, 20)),
    ("于2023年7月完成整改。", D(2023, 7, 1)),  # a month: its first day, as a completion cell is read
    ("2023年8月5日已整改到位。", D(2023, 8, 5)),
    ("已于2023年9月20日按期完成整改。", D(2023, 9, 20)),
    ("该问题已于2023年10月8日整改完毕。", D(2023, 10, 8)),
    ("于2023年10月20日完成整改并销号。", D(2023, 10, 20)),
    ("1月20日已完成整改。", D(2024, 1, 20)),  # no year, after a feedback of 2023-11-01: the next January
    ("计划于2024年5月完成。", None),  # a promise
    ("2023年12月底前完成整改。", None),  # a bound
    ("已于2023年10月完成保障房分配信息公开平台建设。", None),  # one step done, not the item
])
def test_completion_phrases(text: str, day: datetime.date | None) -> None:
    found = completions(text, 0, len(text), 2023, D(2023, 11, 1))
    assert [c.date.value for c in found if not c.bound] == ([day] if day else [])


def test_a_completion_by_a_bound_gives_the_status_not_the_day(tmp_path: Path) -> None:
    body = ("区委巡察组反馈问题1个。\n\n"
            + _item("医疗机构院感防控不到位", "2023年12月31日", "2023年9月开展院感专项检查。已于2023年11月底前完成整改。", 1))
    issue = read_ledger(_write(tmp_path, body)).ledger["issues"][0]
    assert issue["status"] == "completed" and "completed_on" not in issue


def test_immediate_deadline_without_a_feedback_date_is_stated_not_missing(tmp_path: Path, ruleset) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(
        "中共某区卫生健康局党组关于巡察整改进展情况的通报\n\n区委第四巡察组对区卫生健康局党组开展了巡察并反馈了巡察意见。"
        "现将整改进展情况予以公布。\n\n"
        "1.关于“预约挂号服务不便捷”的问题。分管领导：丙某；牵头科室：医务科；完成时限：立行立改。"
        "整改情况：2023年8月20日开通电话预约渠道。\n\n"
        "2.关于“医保基金使用监管不严”的问题。分管领导：丙某；牵头科室：医保办。整改情况：2023年10月开展专项核查。\n\n"
        "3.关于“卫生监督执法不规范”的问题。分管领导：丙某；牵头科室：监督所；整改时限：2023年11月30日。"
        "整改情况：2023年10月组织执法培训2次。已完成整改。\n"
        + TAIL, encoding="utf-8")
    read = read_ledger(path)
    assert "deadline" not in read.ledger["issues"][0]
    assert "/issues/0/deadline" in read.unknown  # 立行立改 is written: the day is unknown, not missing
    missing = _rules(path, ruleset)["completeness/deadline-missing"]
    assert [f.item for f in missing] == ["2"]


def test_immediate_and_long_term_deadline_in_a_notice_and_a_table(tmp_path: Path, ruleset) -> None:
    body = ("反馈问题共1个。\n\n"
            + _item("干部作风不实", "立行立改并长期坚持", "2023年9月起每月开展作风督查，复查日期：2024年6月30日。", 1))
    notice = _write(tmp_path, body)
    (issue,) = read_ledger(notice).ledger["issues"]
    assert (issue["deadline"], issue["status"], issue["review_date"]) == (
        D(2023, 8, 15), "long_term", D(2024, 6, 30))
    found = _rules(notice, ruleset)
    assert "dates/overdue" not in found and "completeness/deadline-missing" not in found
    table = tmp_path / "台账.csv"
    table.write_text("巡察反馈时间:2023年8月15日\n序号,存在问题,整改措施,责任单位/责任人,整改时限,复查日期\n"
                     "1,干部作风不实,2023年9月起每月开展作风督查,机关党委/戊某,立行立改并长期坚持,2024年6月30日\n",
                     encoding="utf-8")
    (row,) = read_ledger(table).ledger["issues"]
    assert (row["deadline"], row["status"], row["review_date"]) == (D(2023, 8, 15), "long_term", D(2024, 6, 30))


def test_numbered_problem_blocks_under_category_headings_state_their_own_status(tmp_path: Path, ruleset) -> None:
    body = ("二、巡视反馈意见整改落实情况\n\n（一）关于贯彻落实上级决策部署方面\n\n"
            "问题1：河湖生态保护不够有力。整改时限：2023年12月31日。整改情况：2023年8月印发专项行动方案，"
            "完成河道清障12处。已完成整改。\n\n"
            "问题2：招商项目落地率不高。整改时限：2023年12月31日。整改情况：拟于2024年3月召开项目推进会，目前正在推进。\n\n"
            "（二）关于全面从严治党方面\n\n"
            "问题3：基层“微腐败”问题仍然存在。整改时限：2023年12月31日。整改情况：2023年7月至9月开展专项整治，"
            "查处问题46个。长期坚持。\n\n")
    path = _write(tmp_path, body)
    issues = read_ledger(path).ledger["issues"]
    assert [i.get("status") for i in issues] == ["completed", "in_progress", "long_term"]
    overdue = _rules(path, ruleset).get("dates/overdue", [])
    assert [f.item for f in overdue] == ["2"]


def test_word_notice_completion_dates_and_review_dates(tmp_path: Path, ruleset) -> None:
    document = docx.Document()
    lines = [*HEAD.split("\n"), "反馈问题共2个，已完成整改1个，长期坚持1个。", "一、已完成整改事项",
             "1.关于“医疗机构院感防控不到位”的问题。责任领导：周某；责任科室：医政科；整改时限：2023年9月30日。"
             "整改措施：2023年7月召开专题会议研究部署院感防控工作。已于2023年6月20日完成整改。",
             "二、长期坚持事项",
             "2.关于“干部作风不实”的问题。牵头领导：戊某；牵头科室：机关党委；整改时限：长期坚持。"
             "整改情况：2023年9月起每月开展作风督查。复查时间：2024年3月31日。",
             *TAIL.split("\n")]
    for line in lines:
        if line:
            document.add_paragraph(line)
    path = tmp_path / "notice.docx"
    document.save(str(path))
    first, second = read_ledger(path).ledger["issues"]
    assert first["completed_on"] == D(2023, 6, 20)
    assert all("date" not in m for m in first["measures"])
    assert (second["status"], second["review_date"], second["owner"]["department"]) == (
        "long_term", D(2024, 3, 31), "机关党委")
    found = _rules(path, ruleset)
    assert "dates/measure-before-feedback" not in found
    (early,) = found["dates/completed-before-feedback"]
    assert early.item == "1" and early.location.line == 5 and early.excerpt == "2023年6月20日"
    assert "completeness/deadline-missing" not in found


@pytest.mark.parametrize("last, counted", [
    ("2023年10月组织执法人员培训2次。正在推进。", True),  # every item states its status: counted, 2 ≠ 1
    ("2023年10月组织执法人员培训2次，持续巩固。", False),  # one item's state unread: the totals are not judged
])
def test_stated_counts_are_judged_only_when_every_items_status_is_read(tmp_path: Path, ruleset, last: str,
                                                                        counted: bool) -> None:
    body = ("反馈问题共3个，已完成整改1个，正在推进2个。\n\n"
            + _item("医疗机构院感防控不到位", "2024年6月30日", "2023年9月开展院感专项检查。已完成整改。", 1)
            + _item("医保基金使用监管不严", "2024年6月30日", "2023年10月开展医保基金专项核查。已完成整改。", 2)
            + _item("卫生监督执法不规范", "2024年6月30日", last, 3))
    path = _write(tmp_path, body)
    counts = _rules(path, ruleset).get("consistency/status-count", [])
    assert bool(counts) == counted
    if counted:
        assert sorted(f.message for f in counts) == ["文中称已完成 1 个问题,按整改状态统计为 2 个",
                                                    "文中称正在推进 2 个问题,按整改状态统计为 1 个"]
