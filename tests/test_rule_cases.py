"""The built-in rules' own cases (`rules/tests/*.yaml`, format: `checker/dsl/testing.py`), run one pytest
test per case through the same runner as `ledgerlint rules test`, plus the runner's own behaviour: the CLI
passes on `rules/`, a changed expectation fails with a readable diff, coverage gaps and broken case files are
reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.api import LintOptions, lint_file
from checker.cli import main
from checker.dsl.ruleset import RuleSet, load_ruleset
from checker.dsl.testing import (
    Case,
    CaseFileError,
    case_files,
    coverage_problems,
    read_case_file,
    run_case,
)
from checker.findings import Finding
from checker.resources import builtin_rules_dir

RULES = builtin_rules_dir()
REPO_ROOT = Path(__file__).resolve().parents[1]


def _params() -> list[object]:
    """One pytest param per case; a broken case file becomes one failing param of its own."""
    params: list[object] = []
    for path in case_files(RULES):
        try:
            _, cases = read_case_file(path)
        except CaseFileError as exc:
            params.append(pytest.param(exc, id=f"{path.stem}::<invalid case file>"))
            continue
        params += [pytest.param(case, id=f"{path.stem}::{case.name}") for case in cases]
    return params


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    """The built-in rules, compiled once for the module."""
    return load_ruleset((RULES,))


def _lint_with(ruleset: RuleSet):  # type: ignore[no-untyped-def]
    def lint(path: Path, display: str, case: Case) -> tuple[list[Finding], bool]:
        rules = load_ruleset((RULES,), dict(case.params)) if case.params else ruleset
        result = lint_file(path, rules, LintOptions(as_of=case.as_of), display)
        return list(result.findings), result.failed
    return lint


@pytest.mark.parametrize("case", _params())
def test_rule_case(case: Case | CaseFileError, ruleset: RuleSet) -> None:
    """The case's rule reports exactly the expected findings, in order (an xfail case still fails)."""
    if isinstance(case, CaseFileError):
        pytest.fail(case.render())
    assert case.rule in ruleset.info, f"{case.where}: unknown rule id {case.rule}"
    result = run_case(case, _lint_with(ruleset))
    assert result.ok, f"{case.where} {result.status}:\n" + "\n".join(result.lines)


def _all_cases() -> dict[str, list[Case]]:
    cases: dict[str, list[Case]] = {}
    for path in case_files(RULES):
        rule, found = read_case_file(path)
        cases.setdefault(rule, []).extend(found)
    return cases


def test_every_builtin_rule_has_firing_and_quiet_cases(ruleset: RuleSet) -> None:
    """Each built-in rule has a case file with a case that fires and one that does not; no stray files."""
    problems = coverage_problems(ruleset.info, _all_cases())
    assert not problems, "rule case files:\n" + "\n".join(problems)


def test_coverage_check_catches_new_rule_and_unknown_file(ruleset: RuleSet) -> None:
    """The coverage check itself fails for a rule added without cases and for a file of an unknown id."""
    cases = _all_cases()
    added = coverage_problems([*ruleset.info, "completeness/owner-unclear"], cases)
    assert added == ["completeness/owner-unclear: 没有用例文件 tests/completeness.owner-unclear.yaml"]
    dropped = sorted(cases)[0]
    stray = coverage_problems([r for r in ruleset.info if r != dropped], cases)
    assert stray == [f"{dropped}: 用例文件所针对的规则不存在"]
    firing_only = {**cases, dropped: [c for c in cases[dropped] if c.expect]}
    assert coverage_problems(ruleset.info, firing_only) == [f"{dropped}: 缺少规则不应触发的用例"]


def test_rules_test_command_passes_on_the_builtin_rules() -> None:
    """`ledgerlint rules test rules/` is what CI runs: every case passes and every rule is covered."""
    result = CliRunner().invoke(main, ["rules", "test", str(REPO_ROOT / "rules")])
    assert result.exit_code == 0, result.output
    assert "个用例" in result.output and "失败" not in result.output.replace("预期失败", "")


def test_changed_expectation_fails_with_a_readable_diff(tmp_path: Path) -> None:
    """Changing one expected line makes `rules test` exit 1 and show the expected line (-) against the
    actual one (+, pasteable, with the message), naming the case and its line in the case file."""
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(RULES / "dates.rules", folder)
    (folder / "tests").mkdir()
    source = (RULES / "tests" / "dates.overdue.yaml").read_text(encoding="utf-8")
    assert '{item: "25", line: 9, column: 15}' in source
    changed = source.replace('{item: "25", line: 9, column: 15}', '{item: "25", line: 10, column: 15}', 1)
    (folder / "tests" / "dates.overdue.yaml").write_text(changed, encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(folder)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    head = next(line for line in lines if line.startswith("失败"))
    assert "dates/overdue" in head and "dates.overdue.yaml:" in head
    minus = next(line for line in lines if line.strip().startswith("- "))
    plus = next(line for line in lines if line.strip().startswith("+ "))
    assert minus.strip().startswith('- {item: "25", line: 10, column: 15}') and "用例文件第" in minus
    assert plus.strip().startswith('+ {item: "25", line: 9, column: 15}  # [错误] 问题 25')
    assert lines.index(minus) < lines.index(plus)
    assert "1 个失败" in lines[-1]


def _write_rules(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "local.rules").write_text(
        'ruleset local "本地规则"\n'
        'param max_days = 180d\n'
        'rule deadline-far warning "整改时限过远"\n'
        '  doc """整改时限不应晚于反馈后 max_days。"""\n'
        '  for issue in issues where issue.deadline is present\n'
        '  require issue.deadline - inspection.feedback <= max_days\n'
        '  at issue.deadline\n'
        '  message "问题 {issue.id} 的整改时限过远"\n', encoding="utf-8")
    (folder / "tests").mkdir(exist_ok=True)


_LEDGER = """\
ledger_version: 1
unit: 某局
inspection: {body: 某巡察组, start: 2023-01-01, end: 2023-02-01, feedback: 2023-03-01}
report_date: 2023-12-01
issues:
  - id: "1"
    title: 问题一
    deadline: 2023-12-31
"""


def test_case_params_and_missing_quiet_case(tmp_path: Path) -> None:
    """`params` changes a parameter for one case; a rule without a quiet case fails the run (exit 1)."""
    folder = tmp_path / "rules"
    _write_rules(folder)
    ledger = "\n".join("      " + line for line in _LEDGER.splitlines())
    (folder / "tests" / "local.deadline-far.yaml").write_text(
        "rule: local/deadline-far\ncases:\n"
        f"  - name: 超过180天\n    ledger: |\n{ledger}\n    expect:\n      - {{item: \"1\", line: 8, severity: warning}}\n"
        f"  - name: 放宽到一年\n    params: {{max_days: 365d}}\n    ledger: |\n{ledger}\n    expect: []\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(folder), "-v"])
    assert result.exit_code == 0, result.output
    assert "2 个通过" in result.output
    text = (folder / "tests" / "local.deadline-far.yaml").read_text(encoding="utf-8")
    (folder / "tests" / "local.deadline-far.yaml").write_text(text.split("  - name: 放宽到一年")[0],
                                                              encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(folder)])
    assert result.exit_code == 1
    assert "local/deadline-far: 缺少规则不应触发的用例" in result.output


def test_case_file_errors_are_located(tmp_path: Path) -> None:
    """A malformed case file is an error at its line (exit 2), never silently skipped."""
    folder = tmp_path / "rules"
    _write_rules(folder)
    bad = folder / "tests" / "local.deadline-far.yaml"
    bad.write_text("rule: local/deadline-far\ncases:\n  - name: 缺少期望\n    ledger: 'ledger_version: 1'\n",
                   encoding="utf-8")
    with pytest.raises(CaseFileError, match="expect") as info:
        read_case_file(bad)
    assert info.value.location is not None and info.value.location.line == 3
    result = CliRunner().invoke(main, ["rules", "test", str(folder)])
    assert result.exit_code == 2 and "local.deadline-far.yaml:3" in result.output
    bad.write_text("rule: local/deadline-far\ncases:\n  - {name: a, ledger: x, expect: []}\n"
                   "  - {name: b, ledger: x, expect: [{item: 2, line: 3}]}\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match='"2"') as info:
        read_case_file(bad)
    assert info.value.location is not None and info.value.location.line == 4
    misnamed = folder / "tests" / "overdue.yaml"
    misnamed.write_text("rule: dates/overdue\ncases:\n  - {name: a, ledger: x, expect: []}\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="dates.overdue.yaml"):
        read_case_file(misnamed)
    params = folder / "tests" / "local.deadline-far.yaml"
    params.write_text("rule: local/deadline-far\ncases:\n  - {name: a, ledger: x, params: {nope: 1}, expect: []}\n",
                      encoding="utf-8")
    misnamed.unlink()
    result = CliRunner().invoke(main, ["rules", "test", str(folder)])
    assert result.exit_code == 2 and "nope" in result.output


def test_the_examples_of_a_rules_doc_are_run_as_cases(tmp_path: Path) -> None:
    """`rules explain` shows 不合格示例 and 合格示例 as such: `rules test` holds the rule to them."""
    folder = tmp_path / "rules"
    _write_rules(folder)
    ledger = "\n".join("      " + line for line in _LEDGER.splitlines())
    (folder / "tests" / "local.deadline-far.yaml").write_text(
        "rule: local/deadline-far\ncases:\n"
        f"  - name: 超过180天\n    ledger: |\n{ledger}\n    expect:\n      - {{item: \"1\", line: 8}}\n"
        f"  - name: 放宽到一年\n    params: {{max_days: 365d}}\n    ledger: |\n{ledger}\n    expect: []\n",
        encoding="utf-8")
    rules = folder / "local.rules"
    examples = ('  doc """\n  为什么:\n  整改时限不应晚于反馈后 max_days。\n\n  不合格示例:\n'
                '    inspection: {body: 某巡察组, feedback: 2023-03-01}\n    issues:\n'
                '      - {id: "1", title: 问题一, deadline: %s}\n\n  合格示例:\n'
                '    inspection: {body: 某巡察组, feedback: 2023-03-01}\n    issues:\n'
                '      - {id: "1", title: 问题一, deadline: 2023-06-30}\n  """\n')
    text = rules.read_text(encoding="utf-8").replace('  doc """整改时限不应晚于反馈后 max_days。"""\n', examples)
    rules.write_text(text % "2023-12-31", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(folder), "-v"])
    assert result.exit_code == 0, result.output
    assert "通过  local/deadline-far · 说明中的不合格示例" in result.output and "4 个通过" in result.output
    rules.write_text(text % "2023-07-31", encoding="utf-8")  # the "bad" example is fine: the doc is wrong
    result = CliRunner().invoke(main, ["rules", "test", str(folder)])
    assert result.exit_code == 1
    assert "失败  local/deadline-far · 说明中的不合格示例" in result.output
    assert "规则在不合格示例上没有报告发现" in result.output
