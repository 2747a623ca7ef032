"""`let` (named sub-expressions) and `applies` (which documents a rule runs on)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from checker.dsl.ruleset import load_ruleset
from checker.engine import evaluate
from checker.errors import RuleCompileError
from checker.model import parse_record
from checker.resources import builtin_rules_dir

LEDGER = {
    "unit": "区司法局党组",
    "inspection": {"body": "区委第一巡察组", "start": "2022-11-02", "end": "2023-01-06", "feedback": "2023-03-16"},
    "report_date": "2023-07-15",
    "issues": [
        {"id": "1", "title": "理论学习不深入", "owner": {"leader": "张某"}, "deadline": "2023-06-30",
         "status": "completed", "measures": [{"text": "修订《理论学习中心组学习制度》", "date": "2023-03-27"}]},
        {"id": "2", "title": "意识形态责任制落实不到位", "deadline": "2023-09-01", "status": "in_progress",
         "measures": [{"text": "加强思想教育"}]},
        {"id": "3", "title": "基层党组织建设薄弱", "status": "long_term"},
    ],
}


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.rules"
    path.write_text('ruleset t "测试"\n' + body, encoding="utf-8")
    return path


def _run(tmp_path: Path, body: str, ledger: dict | None = None) -> list[tuple[str, str | None, str]]:
    ruleset = load_ruleset([_write(tmp_path, body)])
    found = evaluate(ruleset, parse_record(ledger or LEDGER), [])
    return [(f.rule, f.item, f.message) for f in found]


def _errors(tmp_path: Path, body: str) -> list[RuleCompileError]:
    with pytest.raises(RuleCompileError) as info:
        load_ruleset([_write(tmp_path, body)])
    return list(getattr(info.value, "errors", (info.value,)))


def test_rule_level_let_is_used_in_the_check_and_the_message(tmp_path: Path) -> None:
    found = _run(tmp_path, 'rule r warning "t"\n'
                 '  let open_items = count(i in issues where i.status != "completed")\n'
                 '  require open_items == 0\n'
                 '  message "{open_items} 个问题未完成"\n')
    assert found == [("t/r", None, "2 个问题未完成")]


def test_file_level_let_serves_every_rule_and_may_use_an_earlier_let(tmp_path: Path) -> None:
    body = ('let owned = count(i in issues where i.owner.leader is present)\n'
            'let unowned = count(issues) - owned\n'
            'rule a warning "t"\n  require unowned == 0\n  message "{unowned} 个无责任领导"\n'
            'rule b info "t"\n  for issue in issues where issue.owner.leader is missing\n'
            '  when owned > 0\n  require issue.deadline is present\n  message "问题 {issue.id}"\n')
    assert _run(tmp_path, body) == [("t/a", None, "2 个无责任领导"), ("t/b", "3", "问题 3")]


def test_let_inside_a_loop_keeps_comprehension_variables_apart(tmp_path: Path) -> None:
    # The let's own `i` is not the clause's `i`: a comprehension binds its variable.
    body = ('let any_dated = any(i in issues: i.deadline is present)\n'
            'rule r info "t"\n  for i in issues where i.deadline is missing\n  when any_dated\n'
            '  require i.status == "completed"\n  message "问题 {i.id}"\n')
    assert _run(tmp_path, body) == [("t/r", "3", "问题 3")]


def test_unknown_name_in_a_let_is_located_at_the_let_even_when_unused(tmp_path: Path) -> None:
    [err] = _errors(tmp_path, 'let late = issue.deadline\n'
                    'rule r error "t"\n  require count(issues) > 0\n  message "m"\n')
    assert err.code == "E203"
    assert (err.location.line, err.location.column) == (2, 12)
    assert "issue" in err.message


def test_duplicate_let_and_let_named_like_a_param_are_errors_at_the_second_name(tmp_path: Path) -> None:
    [err] = _errors(tmp_path, 'let n = count(issues)\nrule r error "t"\n  let n = 1\n  require n > 0\n  message "m"\n')
    assert err.code == "E209"
    assert (err.location.line, err.location.column) == (4, 7)
    assert "n" in err.message and "第 2 行" in err.message
    [err] = _errors(tmp_path, 'param limit = 5\nlet limit = 3\nrule r error "t"\n  require count(issues) < limit\n'
                    '  message "m"\n')
    assert err.code == "E209" and err.location.line == 3


def test_let_is_type_checked_where_it_is_used(tmp_path: Path) -> None:
    [err] = _errors(tmp_path, 'let total = count(issues)\nrule r error "t"\n  require total matches "x"\n'
                    '  message "m"\n')
    assert err.code == "E206"
    assert err.location.line == 4


def test_loop_variable_may_not_capture_a_let_or_a_name_it_reads(tmp_path: Path) -> None:
    [err] = _errors(tmp_path, 'let n = count(issues)\nrule r error "t"\n  for n in issues\n  require n.id is present\n'
                    '  message "m"\n')
    assert err.code == "E209" and err.location.line == 4
    [err] = _errors(tmp_path, 'rule r error "t"\n  let first = issues[0]\n'
                    '  require any(issues in first.measures: first.id is present)\n  message "m"\n')
    assert err.code == "E209" and err.location.line == 4


def test_builtin_completeness_names_the_owner_test_once() -> None:
    text = (builtin_rules_dir() / "completeness.rules").read_text(encoding="utf-8")
    assert text.count("any(i in issues: i.owner.leader is present") == 1
    assert text.count("owners_named") == 4


def _other(ledger: dict) -> dict:
    other = copy.deepcopy(ledger)
    other["document"] = {"kind": "other", "reason": "工作总结"}
    return other


RULES = ('rule everywhere warning "t"\n  applies any\n  require count(issues) == 0\n  message "任何文件"\n'
         'rule reports warning "t"\n  require count(issues) == 0\n  message "报告"\n'
         'rule notices warning "t"\n  applies notices\n  require count(issues) == 0\n  message "通报"\n')


def test_a_rule_that_applies_to_any_document_runs_on_a_non_report_and_the_default_does_not(tmp_path: Path) -> None:
    assert [f[0] for f in _run(tmp_path, RULES, _other(LEDGER))] == ["t/everywhere"]
    assert [f[0] for f in _run(tmp_path, RULES, LEDGER)] == ["t/everywhere", "t/reports"]
    notice = copy.deepcopy(LEDGER)
    notice["document"] = {"kind": "notice"}
    assert [f[0] for f in _run(tmp_path, RULES, notice)] == ["t/everywhere", "t/reports", "t/notices"]


def test_unknown_applies_word_is_a_located_error(tmp_path: Path) -> None:
    [err] = _errors(tmp_path, 'rule r error "t"\n  applies reprots\n  require count(issues) > 0\n  message "m"\n')
    assert err.code == "E210" and err.location.line == 3
    assert "reprots" in err.message and "reports" in err.hint


def test_builtin_document_rules_apply_to_any_document_by_declaration(tmp_path: Path) -> None:
    ruleset = load_ruleset([builtin_rules_dir()])
    applies = {r.info.id: r.applies for r in ruleset.rules}
    assert applies["document/not-a-report"] == frozenset({"ledger", "notice", "other"})
    assert all("other" not in kinds for rule_id, kinds in applies.items() if not rule_id.startswith("document/"))
    found = evaluate(ruleset, parse_record(_other(LEDGER)), [])
    assert {f.rule for f in found} == {"document/not-a-report"}


def test_explain_shows_the_applies_clause_and_parameters_used_through_a_let(tmp_path: Path) -> None:
    from checker.dsl.docs import explain_text, rule_docs

    path = _write(tmp_path, 'param limit = 5\nlet over = count(issues) - limit\n'
                  'rule r warning "t"\n  applies any\n  require over <= 0\n  message "m"\n'
                  'rule q info "t"\n  require count(issues) > 0\n  message "m"\n')
    docs = {d.id: d for d in rule_docs([path])}
    assert [p.name for p in docs["t/r"].params] == ["t.limit"]
    assert "适用于: any" in explain_text(docs["t/r"]).splitlines()
    assert "适用于" not in explain_text(docs["t/q"])


def test_let_after_a_for_line_uses_the_loop_variable_and_is_checked_there(tmp_path: Path) -> None:
    body = ('rule r warning "t"\n  for issue in issues\n  let o = issue.owner\n'
            '  let named = o.leader is present or o.person is present\n'
            '  when issue.status != "long_term"\n  require named\n  at issue.owner\n'
            '  message "问题 {issue.id} 无人负责,状态 {issue.status}"\n'
            '  for issue in issues\n  let late = issue.deadline > 2023-07-01\n  forbid late\n  message "{issue.id} 晚"\n')
    assert _run(tmp_path, body) == [("t/r", "2", "问题 2 无人负责,状态 in_progress"), ("t/r", "2", "2 晚")]
    [err] = _errors(tmp_path, 'rule r error "t"\n  for issue in issues\n  let d = issue.dedline\n'
                    '  require d is present\n  message "m"\n')
    assert err.code == "E201" and err.location.line == 4
    [err] = _errors(tmp_path, 'rule r error "t"\n  for issue in issues\n  let issue = 1\n'
                    '  require issue > 0\n  message "m"\n')
    assert err.code == "E209" and err.location.line == 4 and "循环变量" in err.message


def test_a_let_of_a_loop_variable_is_not_captured_by_a_comprehension_of_another_name(tmp_path: Path) -> None:
    body = ('rule r info "t"\n  for issue in issues\n  let title = issue.title\n'
            '  require all(i in issues where i.id != issue.id: i.title != title)\n  message "{issue.id} 重名"\n')
    assert _run(tmp_path, body) == []
    [err] = _errors(tmp_path, 'rule r info "t"\n  for issue in issues\n  let title = issue.title\n'
                    '  require all(issue in issues: issue.title is present or title is present)\n  message "m"\n')
    assert err.code == "E209" and err.location.line == 5


SUMMARY = ("2023年上半年工作总结\n\n今年以来，我局坚持以习近平新时代中国特色社会主义思想为指导，认真落实各项工作任务，"
           "取得了较好成效。一是加强学习。二是强化服务。\n")


def test_lint_runs_a_local_rule_that_applies_to_any_document_on_a_work_summary(tmp_path: Path) -> None:
    from checker.api import LintOptions, lint_file

    rules = _write(tmp_path, 'rule any-doc info "任何文件"\n  applies any\n  require document.kind != "other"\n'
                   '  message "非报告: {document.kind}"\n'
                   'rule reports-only info "仅报告"\n  require count(issues) < 0\n  message "报告"\n')
    summary = tmp_path / "summary.txt"
    summary.write_text(SUMMARY, encoding="utf-8")
    ruleset = load_ruleset([builtin_rules_dir(), rules])
    result = lint_file(summary, ruleset, LintOptions())
    assert sorted(f.rule for f in result.findings) == ["document/not-a-report", "t/any-doc"]
    [local] = [f for f in result.findings if f.rule == "t/any-doc"]
    assert local.message == "非报告: other"


def test_let_and_applies_survive_the_parse_cache() -> None:
    from checker.dsl import cache
    from checker.dsl.parse import parse_rule_file_all

    text = ('ruleset t\nlet a = count(issues)\nrule r info "t"\n  applies ledgers, notices\n  let b = a + 1\n'
            '  for issue in issues\n  let c = issue.id\n  require b > 0\n  message "{c}"\n')
    parsed, errors = parse_rule_file_all(text, "t.rules")
    assert errors == []
    back = cache.decode(cache.encode(parsed, "fp"), text, "t.rules", "fp")
    assert back == parsed
    assert [let.name for let in back.lets] == ["a"]
    assert back.rules[0].applies == ("ledgers", "notices")
    assert [let.name for let in back.rules[0].clauses[0].lets] == ["c"]
