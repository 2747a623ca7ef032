"""Rule files with mistakes give file:line:col, a caret under the spot and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.dsl.ruleset import load_ruleset
from checker.errors import ConfigError, RuleCompileError, RuleSyntaxError

HEADER = 'ruleset t "测试"\n'


def _load(tmp_path: Path, body: str, name: str = "t.rules"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return load_ruleset([path])


def _error(tmp_path: Path, body: str, kind: type[Exception]) -> Exception:
    with pytest.raises(kind) as info:
        _load(tmp_path, body)
    return info.value


def test_unknown_field_points_at_the_field_and_suggests(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for issue in issues\n  require issue.ownr.leader is present\n'
                 '  message "m"\n', RuleCompileError)
    assert (err.location.line, err.location.column) == (4, 17)
    assert "ownr" in err.message
    assert "owner" in err.hint
    assert err.context.splitlines()[1].strip() == "^^^^"


def test_unknown_name_suggests_the_loop_variable(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for issue in issues\n  require isue.deadline is present\n'
                 '  message "m"\n', RuleCompileError)
    assert (err.location.line, err.location.column) == (4, 11)
    assert "issue" in err.hint


def test_comparing_a_date_with_a_number_is_an_error(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for issue in issues\n  require issue.deadline > 3\n'
                 '  message "m"\n', RuleCompileError)
    assert err.location.line == 4
    assert "日期" in err.message and "数字" in err.message


def test_unknown_status_value_is_caught_with_a_suggestion(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for issue in issues where issue.status == "complete"\n'
                 '  require issue.evidence is present\n  message "m"\n', RuleCompileError)
    assert (err.location.line, err.location.column) == (3, 45)
    assert "completed" in err.hint


def test_unknown_severity_is_reported_at_the_word(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r fatal "t"\n  require true\n  message "m"\n', RuleCompileError)
    assert (err.location.line, err.location.column) == (2, 8)
    assert "fatal" in err.message and "error" in err.message


def test_syntax_error_single_equals_gets_a_hint(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for i in issues\n  require i.id = "3"\n  message "m"\n',
                 RuleSyntaxError)
    assert (err.location.line, err.location.column) == (4, 16)
    assert "==" in err.hint


def test_clause_without_require_is_explained(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for i in issues\n  message "m"\n', RuleSyntaxError)
    assert err.location.line == 4
    assert "require" in err.hint


def test_bad_expression_in_message_hole(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  require true\n  message "问题 {issue.}"\n', RuleSyntaxError)
    assert err.location.line == 4
    assert "模板" in err.message


def test_unknown_field_inside_message_hole(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for issue in issues\n  require true\n  message "问题 {issue.titel}"\n',
                 RuleCompileError)
    assert (err.location.line, err.location.column) == (5, 22)
    assert "title" in err.hint


def test_invalid_regex_is_a_compile_error(tmp_path: Path) -> None:
    err = _error(tmp_path, 'rule r error "t"\n  for issue in issues\n  forbid issue.title matches "([a-"\n'
                 '  message "m"\n', RuleCompileError)
    assert err.location.line == 4
    assert "正则" in err.message


def test_duplicate_rule_id(tmp_path: Path) -> None:
    body = 'rule r error "t"\n  require true\n  message "m"\n'
    err = _error(tmp_path, body + body, RuleCompileError)
    assert err.location.line == 5
    assert "重复" in err.message


def test_include_cycle_and_missing_include(tmp_path: Path) -> None:
    (tmp_path / "a.rules").write_text('include "b.rules"\n', encoding="utf-8")
    (tmp_path / "b.rules").write_text('include "a.rules"\n', encoding="utf-8")
    with pytest.raises(RuleSyntaxError) as info:
        load_ruleset([tmp_path / "a.rules"])
    assert "循环" in info.value.message
    (tmp_path / "c.rules").write_text('\ninclude "nope.rules"\n', encoding="utf-8")
    with pytest.raises(RuleSyntaxError) as info:
        load_ruleset([tmp_path / "c.rules"])
    assert info.value.location.line == 2


def test_param_override_with_wrong_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.rules"
    path.write_text(HEADER + 'param limit = 180d\nrule r error "t"\n  require true\n  message "m"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_ruleset([path], {"t.limit": "soon"})
    with pytest.raises(ConfigError):
        load_ruleset([path], {"t.nope": 3})


def test_builtin_rules_compile_and_have_docs() -> None:
    from checker.resources import builtin_rules_dir

    ruleset = load_ruleset([builtin_rules_dir()])
    ids = set(ruleset.info)
    expected = {
        "completeness/owner-missing", "completeness/owner-vague", "completeness/measures-missing",
        "completeness/measures-vague", "completeness/deadline-missing", "completeness/evidence-missing",
        "consistency/declared-count", "consistency/status-count", "consistency/parts-sum", "consistency/rate",
        "dates/order", "dates/deadline-before-feedback", "dates/measure-before-feedback",
        "dates/completed-after-deadline", "dates/overdue", "wording/future-in-completed",
        "publication/contact-missing", "document/not-a-report",
    }
    assert expected <= ids
    for info in ruleset.info.values():
        assert info.doc.strip() and info.title.strip(), info.id
