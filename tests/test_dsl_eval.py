"""Semantics of the rule language, evaluated by the engine on ledgers built in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from checker.dsl.ruleset import load_ruleset
from checker.engine import evaluate
from checker.model import LedgerClaim, parse_record

LEDGER = {
    "unit": "区司法局党组",
    "inspection": {"body": "区委第一巡察组", "start": "2022-11-02", "end": "2023-01-06", "feedback": "2023-03-16"},
    "report_date": "2023-07-15",
    "issues": [
        {"id": "1", "title": "用先进的理论武装思想不够深入细致", "owner": {"leader": "张某"}, "deadline": "2023-06-30",
         "status": "completed", "measures": [{"text": "修改完善《司法局党组理论学习中心组制度》", "date": "2023-03-27"},
                                             {"text": "本年度政治轮训拟于6月至8月期间进行"}]},
        {"id": "2", "title": "落实意识形态工作责任制不到位", "deadline": "2023-03-01", "status": "in_progress",
         "measures": [{"text": "加强思想教育,杜绝再次出现类似情况"}]},
        {"id": "3", "title": "基层党组织建设薄弱", "status": "long_term"},
    ],
}


def _run(tmp_path: Path, body: str, ledger: dict | None = None, claims: list[LedgerClaim] | None = None,
         overrides: dict | None = None, as_of: dt.date | None = None):
    path = tmp_path / "t.rules"
    path.write_text('ruleset t "测试"\n' + body, encoding="utf-8")
    ruleset = load_ruleset([path], overrides)
    return evaluate(ruleset, parse_record(ledger or LEDGER), claims or [], as_of=as_of)


def test_for_require_reports_each_failing_item_with_pointer_and_item(tmp_path: Path) -> None:
    found = _run(tmp_path, 'rule r error "t"\n for issue in issues\n require issue.deadline is present\n'
                 ' at issue.deadline\n message "问题 {issue.id} 无时限"\n')
    assert [(f.item, f.pointer, f.message) for f in found] == [("3", "/issues/2/deadline", "问题 3 无时限")]


def test_missing_values_make_comparisons_unknown_not_false(tmp_path: Path) -> None:
    # Issue 3 has no deadline: `deadline >= feedback` is unknown and must not fire.
    found = _run(tmp_path, 'rule r error "t"\n for issue in issues\n require issue.deadline >= inspection.feedback\n'
                 ' message "{issue.id}"\n')
    assert [f.item for f in found] == ["2"]


def test_where_filters_and_status_enum_compares_with_text(tmp_path: Path) -> None:
    found = _run(tmp_path, 'rule r error "t"\n for issue in issues where issue.status == "completed"\n'
                 ' require count(issue.evidence) > 0\n message "{issue.id}"\n')
    assert [f.item for f in found] == ["1"]


def test_nested_generators_and_at_match_locate_a_substring(tmp_path: Path) -> None:
    found = _run(tmp_path, 'param future = "拟于|将于"\nrule r warning "t"\n'
                 ' for issue in issues where issue.status == "completed", m in issue.measures\n'
                 ' forbid m.text matches future\n at m.text match future\n'
                 ' message "「{first_match(m.text, future)}」"\n')
    assert len(found) == 1
    f = found[0]
    assert (f.pointer, f.start, f.end, f.message) == ("/issues/0/measures/1/text", 7, 9, "「拟于」")


def test_dates_durations_and_arithmetic(tmp_path: Path) -> None:
    found = _run(tmp_path, 'rule r error "t"\n for issue in issues\n'
                 ' require issue.deadline - inspection.feedback <= 90d\n'
                 ' message "{issue.id}: {issue.deadline - inspection.feedback}, {days(issue.deadline - inspection.feedback) * 2}"\n')
    assert [f.message for f in found] == ["1: 106天, 212"]


def test_comprehensions_count_sum_min_any_all(tmp_path: Path) -> None:
    found = _run(tmp_path, 'rule r info "t"\n forbid true\n'
                 ' message "{count(i in issues where i.status == \'completed\')} {count(issues)} '
                 '{min(i in issues: i.deadline)} {any(i in issues: i.owner.leader is present)} '
                 '{all(i in issues: i.deadline is present)} {sum(i in issues: len(i.measures))}"\n')
    assert found[0].message == "1 3 2023-03-01 是 否 3"
    assert found[0].pointer == ""


def test_boolean_logic_implies_not_and_presence(tmp_path: Path) -> None:
    found = _run(tmp_path, 'rule r error "t"\n for issue in issues\n'
                 ' require (issue.status == "completed" implies issue.owner.leader) and not (issue.title contains "薄弱")\n'
                 ' message "{issue.id}"\n')
    assert [f.item for f in found] == ["3"]


def test_membership_and_lists(tmp_path: Path) -> None:
    found = _run(tmp_path, 'param ids = ["1", "3"]\nrule r error "t"\n for issue in issues where issue.id in ids\n'
                 ' forbid issue.id not in ["3"]\n message "{issue.id}"\n')
    assert [f.item for f in found] == ["1"]


def test_parameter_defaults_can_be_overridden(tmp_path: Path) -> None:
    body = 'param limit = 90d\nrule r error "t"\n for issue in issues\n' \
           ' require issue.deadline - inspection.feedback <= limit\n message "{issue.id}"\n'
    assert [f.item for f in _run(tmp_path, body)] == ["1"]
    assert _run(tmp_path, body, overrides={"t.limit": dt.timedelta(days=200)}) == []


def test_claims_are_iterated_with_their_own_span(tmp_path: Path) -> None:
    claim = LedgerClaim("sum", "共受理213件,其中刑事85件,民事120件,行政3件", 213, (85, 120, 3), True, False,
                        None, None, None, "件", "2", "/issues/1/measures/0/text", 4, 30)
    found = _run(tmp_path, 'rule r error "t"\n for c in claims where c.kind == "sum"\n'
                 ' require sum(c.parts) == c.total\n message "{sum(c.parts)} ≠ {c.total}"\n', claims=[claim])
    assert [(f.pointer, f.start, f.end, f.item, f.message) for f in found] == [
        ("/issues/1/measures/0/text", 4, 30, "2", "208 ≠ 213")]


def test_as_of_defaults_to_report_date_and_can_be_set(tmp_path: Path) -> None:
    body = 'rule r error "t"\n for issue in issues where issue.status == "in_progress"\n' \
           ' require issue.deadline >= as_of\n message "{as_of}"\n'
    assert [f.message for f in _run(tmp_path, body)] == ["2023-07-15"]
    assert _run(tmp_path, body, as_of=dt.date(2023, 2, 1)) == []


def test_include_shares_params_and_rules(tmp_path: Path) -> None:
    (tmp_path / "common.rules").write_text('ruleset common\nparam future = "拟于"\n', encoding="utf-8")
    found = _run(tmp_path, 'include "common.rules"\nrule r error "t"\n for i in issues, m in i.measures\n'
                 ' forbid m.text matches future\n message "{i.id}"\n')
    assert [f.rule for f in found] == ["t/r"]


def test_suppression_waives_until_it_expires(tmp_path: Path) -> None:
    ledger = {**LEDGER, "issues": [dict(LEDGER["issues"][1], suppress=[
        {"rule": "t/r", "reason": "材料另行报送", "by": "巡察办王某", "expires": "2023-08-01"}])]}
    body = 'rule r error "t"\n for issue in issues\n require issue.owner.leader is present\n message "m"\n'
    assert _run(tmp_path, body, ledger) == []
    expired = _run(tmp_path, body, ledger, as_of=dt.date(2023, 9, 1))
    assert [(f.rule, f.pointer) for f in expired] == [
        ("t/r", "/issues/0"), ("suppression/expired", "/issues/0/suppress/0/expires")]


def test_waiver_for_an_unknown_rule_is_reported(tmp_path: Path) -> None:
    ledger = {**LEDGER, "issues": [dict(LEDGER["issues"][1], suppress=[
        {"rule": "t/rr", "reason": "材料另行报送"}])]}
    body = 'rule r error "t"\n for issue in issues\n require issue.owner.leader is present\n message "m"\n'
    found = _run(tmp_path, body, ledger)
    assert [(f.rule, f.item, f.pointer) for f in found] == [
        ("t/r", "2", "/issues/0"), ("suppression/unknown-rule", "2", "/issues/0/suppress/0/rule")]
    assert "t/rr" in found[1].message
