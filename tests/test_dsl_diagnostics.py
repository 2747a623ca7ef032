"""Rule-file diagnostics: one broken rule file per kind of mistake, each reported with its stable code, the
position (file:line:col), the line with a caret and a hint that names the fix; every error of a file in one
run; rule files saved as GBK or UTF-16 read like notices."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.dsl.ruleset import load_ruleset
from checker.errors import ConfigError, LedgerlintError, RuleErrors

HEAD = 'ruleset local "本地规则"\n'


def _rule(check: str, message: str = '"问题 {issue.id}"', extra: str = "") -> str:
    return (HEAD + 'rule r1 error "标题"\n  for issue in issues\n' + f"  {check}\n" + extra
            + f"  message {message}\n")


def _errors(tmp_path: Path, text: str, name: str = "local.rules",
            overrides: dict[str, object] | None = None) -> list[LedgerlintError]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LedgerlintError) as info:
        load_ruleset([path], overrides)
    return list(getattr(info.value, "errors", (info.value,)))


def _one(tmp_path: Path, text: str, **kw: object) -> LedgerlintError:
    errors = _errors(tmp_path, text, **kw)  # type: ignore[arg-type]
    assert len(errors) == 1, [e.render() for e in errors]
    return errors[0]


# (kind, rule text, code, line, column, words in the message, words in the hint)
CASES = [
    ("unexpected token", _rule("require issue.deadline is"), "E101", 5, 3, "意外的 'message'",
     "missing、present 或 empty"),
    ("unterminated string", _rule("require issue.deadline is present", '"问题 {issue.id}'), "E102", 5, 11,
     "字符串没有结束引号", '补上结束的 "'),
    ("full-width colon", _rule("require any(m in issue.measures： m.date is present)"), "E103", 4, 34, "'：'",
     "半角的 ':'"),
    ("full-width left bracket", _rule("require count（issue.measures) > 0"), "E103", 4, 16, "'（'", "半角的 '('"),
    ("full-width right bracket", _rule("require count(issue.measures） > 0"), "E103", 4, 31, "'）'", "半角的 ')'"),
    ("full-width opening quote", _rule("require issue.title != “关于”"), "E103", 4, 26, "'“'", "半角引号 '\"'"),
    ("full-width closing quote", _rule("require issue.title != ”关于\""), "E103", 4, 26, "'”'", "半角引号 '\"'"),
    ("full-width comma", _rule("require coalesce(issue.owner.person，issue.owner.department) is present"),
     "E103", 4, 38, "'，'", "半角的 ','"),
    ("enumeration comma", _rule("require count([1、2]) > 0"), "E103", 4, 19, "'、'", "半角的 ','"),
    ("unknown field", _rule("require issue.dedline is present"), "E201", 4, 17, "没有字段 'dedline'", "deadline"),
    ("unknown function", _rule("require cuont(issue.measures) > 0"), "E202", 4, 11, "未知的函数 'cuont'", "count"),
    ("unknown variable", _rule("require isue.deadline is present"), "E203", 4, 11, "未知的名称 'isue'", "issue"),
    ("wrong arity", _rule("require percent(1) > 0"), "E205", 4, 11, "需要 2 个参数", "percent("),
    ("type mismatch", _rule("require issue.deadline > 3"), "E206", 4, 11, "不能比较日期与数字", None),
    ("invalid regex", _rule('forbid issue.title matches "(关于"'), "E207", 4, 30, "正则表达式无效", "RE2"),
    ("unknown severity", HEAD + 'rule r1 eror "标题"\n  require count(issues) > 0\n  message "x"\n', "E208", 2, 9,
     "未知的严重级别 'eror'", "error"),
    ("invalid date", _rule("require issue.deadline >= 2023-02-30"), "E104", 4, 29, "无效的日期", "YYYY-MM-DD"),
    ("invalid duration", _rule("require issue.deadline - inspection.feedback <= 6m"), "E105", 4, 51,
     "无效的时长 '6m'", "d(天)和 w(周)"),
    ("clause order", _rule("require issue.deadline is present", extra='  message "x"\n  at issue.deadline\n'),
     "E106", 6, 3, "子句顺序错误", "at …、severity …、message"),
    ("duplicate rule id", HEAD + 'rule r1 error "一"\n  require count(issues) > 0\n  message "x"\n'
     'rule r1 error "二"\n  require count(issues) > 0\n  message "y"\n', "E301", 5, 6, "重复定义", "不能重复"),
]


@pytest.mark.parametrize(("kind", "text", "code", "line", "column", "says", "hint"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_kind_has_code_position_caret_and_hint(tmp_path: Path, kind: str, text: str, code: str, line: int,
                                                    column: int, says: str, hint: str | None) -> None:
    error = _one(tmp_path, text)
    assert error.code == code, error.render()
    assert error.location is not None
    assert (error.location.line, error.location.column) == (line, column), error.render()
    assert error.location.source.endswith("local.rules")
    assert says in error.message, error.render()
    if hint is not None:
        assert error.hint is not None and hint in error.hint, error.render()
    assert error.context is not None and "^" in error.context
    rendered = error.render()
    assert rendered.startswith(f"{error.location.source}:{line}:{column}: ") and f"[{code}]" in rendered


def test_include_not_found_names_the_resolved_path(tmp_path: Path) -> None:
    error = _one(tmp_path, HEAD + 'include "common/missing.rules"\n')
    assert error.code == "E302" and error.location is not None and error.location.line == 2
    assert error.hint is not None and str((tmp_path / "common" / "missing.rules").resolve()) in error.hint


def test_include_cycle(tmp_path: Path) -> None:
    (tmp_path / "b.rules").write_text('ruleset b\ninclude "local.rules"\n', encoding="utf-8")
    error = _one(tmp_path, HEAD + 'include "b.rules"\nrule r1 error "x"\n  require count(issues) > 0\n  message "x"\n')
    assert error.code == "E303" and "local.rules → b.rules → local.rules" in error.message
    assert error.location is not None and error.location.source.endswith("b.rules") and error.location.line == 2


def test_unknown_parameter_override(tmp_path: Path) -> None:
    path = tmp_path / "local.rules"
    path.write_text(HEAD + "param limit = 5\n" + _rule("require count(issue.measures) <= limit")[len(HEAD):],
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_ruleset([path], {"local.limt": 3})
    assert info.value.code == "E204" and "local.limt" in info.value.message
    assert info.value.hint is not None and "local.limit" in info.value.hint


def test_a_file_with_three_errors_reports_three(tmp_path: Path) -> None:
    """Syntax errors in two rules and a type error in a third: one run reports all three, in file order."""
    text = (HEAD
            + 'rule a error "一"\n  for issue in issues\n  require issue.deadline is present\n  message "缺少 {issue.id}\n\n'
            + 'rule b warning "二"\n  for issue in issues\n  require issue.owner.person is present（\n  message "二"\n\n'
            + 'rule c error "三"\n  for issue in issues\n  require issue.deadline > 3\n  message "三"\n\n'
            + 'rule d error "四"\n  for issue in issues\n  require issue.owner.person is present\n  message "四"\n')
    path = tmp_path / "local.rules"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleErrors) as info:
        load_ruleset([path])
    errors = info.value.errors
    assert [(e.code, e.location.line) for e in errors if e.location] == [("E102", 5), ("E103", 9), ("E206", 14)]
    rendered = info.value.render()
    assert rendered.count("^") >= 3 and rendered.endswith("共 3 处错误")


def test_errors_of_different_passes_are_listed_by_line(tmp_path: Path) -> None:
    """A name error (found when checking) above a syntax error (found when parsing) comes first."""
    text = (HEAD
            + 'rule a error "一"\n  for issue in issues\n  require issue.deadlin is present\n  message "一"\n\n'
            + 'rule b warning "二"\n  for issue in issues\n  require issue.owner.person is present（\n  message "二"\n')
    errors = _errors(tmp_path, text)
    assert [(e.code, e.location.line) for e in errors if e.location] == [("E201", 4), ("E103", 9)]


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-16-le", "utf-8-sig"])
def test_rule_files_in_windows_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    """A rule file saved by Notepad or a Chinese Windows editor loads like its UTF-8 twin, Chinese intact."""
    text = _rule("require issue.deadline is present", '"问题 {issue.id} 未明确整改时限"')
    path = tmp_path / "local.rules"
    path.write_bytes(text.encode(encoding))
    ruleset = load_ruleset([path])
    assert ruleset.info["local/r1"].title == "标题"


def test_encoding_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "local.rules"
    path.write_bytes(b'ruleset x\n\x80\xff\x80')
    with pytest.raises(LedgerlintError) as info:
        load_ruleset([path])
    assert info.value.code == "E304" and "编码" in info.value.message
