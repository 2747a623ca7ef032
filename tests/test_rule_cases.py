"""Per-rule test cases of the built-in rules, read from `tests/rule_cases/*.yaml`.

Every built-in rule has one case file, named after its id with the `/` written as `.`
(`completeness/owner-missing` → `completeness.owner-missing.yaml`):

```yaml
rule: completeness/owner-missing
cases:
  - name: 一个问题没有任何责任人
    as_of: 2023-07-15          # optional: LintOptions(as_of=...); default: the ledger's report date
    ledger: |                  # a complete YAML ledger, written to a temporary .yaml file and linted through
      ledger_version: 1        # the production loaders, so line and column are real positions in this text
      ...
    expect:                    # every finding of THIS rule, in report order; [] means it must not fire
      - {item: "2", line: 14, column: 5}
  - name: 表格台账中的空单元格
    file: samples/ledgers/pingdingshan-2024.xlsx     # instead of `ledger`: a file, relative to the repo root
    expect:
      - {item: "6", cell: "整改台账!G8"}
```

Keys of a case: `name` (unique in its file), exactly one of `ledger` or `file`, `expect`, and optionally
`as_of`, `xfail: "reason"` (the case describes how the rule should behave but does not yet: it becomes a
strict xfail, so it fails loudly once the rule is fixed) and `only_this_rule: true` (no other rule may
report anything on this input).

Keys of an expectation: `item` (the issue id, or null for a finding about the whole document; required),
then `line` with an optional `column`, or `cell` (for table inputs); `severity` (`error`, `warning`,
`info`) when a rule reports at more than one. Only the keys given are compared.

The runner lints each case with the built-in rules, keeps the findings of the case's rule and compares them
in order with `expect`. A further test requires, for every rule of the built-in rule set, a case file with at
least one firing and one non-firing case (xfail cases do not count), and rejects case files for rule ids the
rule set does not have.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from checker.api import LintOptions, lint_file, load_rules
from checker.dsl.ruleset import RuleSet
from checker.findings import Finding

REPO_ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = Path(__file__).resolve().parent / "rule_cases"

_FILE_KEYS = frozenset({"rule", "cases"})
_CASE_KEYS = frozenset({"name", "as_of", "ledger", "file", "expect", "xfail", "only_this_rule"})
_EXPECT_KEYS = frozenset({"item", "line", "column", "cell", "severity"})
_SEVERITIES = frozenset({"error", "warning", "info"})


class CaseFileError(Exception):
    """A case file that cannot be used: the runner fails on it rather than skipping it."""


@dataclass(frozen=True)
class Expected:
    """One expected finding; only the keys written in the case file (`keys`, always with `item`) are compared."""

    item: str | None
    line: int | None = None
    column: int | None = None
    cell: str | None = None
    severity: str | None = None
    keys: frozenset[str] = frozenset({"item"})


@dataclass(frozen=True)
class Case:
    """One input and the findings one rule must report on it."""

    rule: str
    name: str
    source: Path
    ledger: str | None
    file: str | None
    as_of: dt.date | None
    expect: tuple[Expected, ...]
    xfail: str | None = None
    only_this_rule: bool = False

    @property
    def test_id(self) -> str:
        """`completeness.owner-missing::一个问题没有任何责任人`."""
        return f"{self.source.stem}::{self.name}"


def rule_file_stem(rule_id: str) -> str:
    """The case file stem of a rule id: `dates/overdue` → `dates.overdue`."""
    return rule_id.replace("/", ".")


def _fail(path: Path, where: str, message: str) -> CaseFileError:
    return CaseFileError(f"{path.name}: {where}: {message}")


def _expected(path: Path, where: str, raw: object) -> Expected:
    """One entry of `expect`, checked for known keys and types."""
    if not isinstance(raw, dict):
        raise _fail(path, where, "an expectation must be a mapping")
    unknown = set(raw) - _EXPECT_KEYS
    if unknown:
        raise _fail(path, where, f"unknown keys {sorted(unknown)} (allowed: {sorted(_EXPECT_KEYS)})")
    if "item" not in raw:
        raise _fail(path, where, "`item` is required (null for a document-level finding)")
    item = raw["item"]
    if item is not None and not isinstance(item, str):
        raise _fail(path, where, f"`item` must be a quoted string or null, not {item!r}")
    if ("line" in raw) == ("cell" in raw):
        raise _fail(path, where, "give either `line` (with an optional `column`) or `cell`")
    if "column" in raw and "line" not in raw:
        raise _fail(path, where, "`column` needs `line`")
    for key in ("line", "column"):
        if key in raw and (not isinstance(raw[key], int) or raw[key] < 1):
            raise _fail(path, where, f"`{key}` must be a positive integer")
    if "cell" in raw and not isinstance(raw["cell"], str):
        raise _fail(path, where, "`cell` must be a string such as 整改台账!F7")
    if "severity" in raw and raw["severity"] not in _SEVERITIES:
        raise _fail(path, where, f"`severity` must be one of {sorted(_SEVERITIES)}")
    return Expected(item, raw.get("line"), raw.get("column"), raw.get("cell"), raw.get("severity"),
                    frozenset(raw))


def _as_of(path: Path, where: str, raw: object) -> dt.date | None:
    if raw is None or isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise _fail(path, where, f"`as_of` must be a date (YYYY-MM-DD), not {raw!r}") from None


def _case(path: Path, rule: str, index: int, raw: object) -> Case:
    """One entry of `cases`, checked for known keys and types."""
    where = f"case {index + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "a case must be a mapping")
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        raise _fail(path, where, f"unknown keys {sorted(unknown)} (allowed: {sorted(_CASE_KEYS)})")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, where, "`name` is required")
    where = f"case {name!r}"
    if ("ledger" in raw) == ("file" in raw):
        raise _fail(path, where, "give exactly one of `ledger` (inline YAML) or `file` (path in the repo)")
    for key in ("ledger", "file", "xfail"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise _fail(path, where, f"`{key}` must be a non-empty string")
    if "file" in raw and not (REPO_ROOT / raw["file"]).is_file():
        raise _fail(path, where, f"file {raw['file']} not found under {REPO_ROOT}")
    expect = raw.get("expect")
    if not isinstance(expect, list):
        raise _fail(path, where, "`expect` is required: a list of findings, [] when the rule must not fire")
    only = raw.get("only_this_rule", False)
    if not isinstance(only, bool):
        raise _fail(path, where, "`only_this_rule` must be true or false")
    return Case(
        rule=rule, name=name, source=path, ledger=raw.get("ledger"), file=raw.get("file"),
        as_of=_as_of(path, where, raw.get("as_of")),
        expect=tuple(_expected(path, f"{where}, expectation {i + 1}", e) for i, e in enumerate(expect)),
        xfail=raw.get("xfail"), only_this_rule=only,
    )


def read_case_file(path: Path) -> tuple[str, list[Case]]:
    """The rule id and cases of one case file; raises CaseFileError when the file cannot be used."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseFileError(f"{path.name}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise _fail(path, "top level", "must be a mapping with `rule` and `cases`")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise _fail(path, "top level", f"unknown keys {sorted(unknown)}")
    rule = data.get("rule")
    if not isinstance(rule, str) or "/" not in rule:
        raise _fail(path, "top level", "`rule` must be a rule id such as completeness/owner-missing")
    if path.stem != rule_file_stem(rule):
        raise _fail(path, "top level", f"the file for rule {rule} must be named {rule_file_stem(rule)}.yaml")
    raw_cases = data.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise _fail(path, "top level", "`cases` must be a non-empty list")
    cases = [_case(path, rule, i, raw) for i, raw in enumerate(raw_cases)]
    names = [c.name for c in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise _fail(path, "cases", f"duplicate case names {duplicates}")
    return rule, cases


def case_files(cases_dir: Path = CASES_DIR) -> list[Path]:
    """All case files, sorted."""
    return sorted(cases_dir.glob("*.yaml"))


def coverage_problems(rule_ids: Iterable[str], cases_by_rule: Mapping[str, list[Case]]) -> list[str]:
    """What is missing or wrong in the case files for a rule set: rules without a firing or a non-firing
    case, and case files for rules the rule set does not have."""
    known = set(rule_ids)
    problems: list[str] = []
    for rule in sorted(known):
        cases = [c for c in cases_by_rule.get(rule, []) if c.xfail is None]
        if rule not in cases_by_rule:
            problems.append(f"{rule}: no case file {rule_file_stem(rule)}.yaml")
            continue
        if not any(c.expect for c in cases):
            problems.append(f"{rule}: no case where the rule fires")
        if not any(not c.expect for c in cases):
            problems.append(f"{rule}: no case where the rule must not fire")
    for rule in sorted(set(cases_by_rule) - known):
        problems.append(f"{rule}: case file for a rule id the rule set does not have")
    return problems


def _params() -> list[object]:
    """One pytest param per case; a broken case file becomes one failing param of its own."""
    params: list[object] = []
    for path in case_files():
        try:
            _, cases = read_case_file(path)
        except CaseFileError as exc:
            params.append(pytest.param(exc, id=f"{path.stem}::<invalid case file>"))
            continue
        for case in cases:
            marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
            params.append(pytest.param(case, id=case.test_id, marks=marks))
    return params


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    """The built-in rules, compiled once for the module."""
    return load_rules(LintOptions())


def _describe(finding: Finding) -> str:
    loc = finding.location
    where = loc.cell or f"{loc.line}:{loc.column}"
    return f"{finding.rule} item={finding.item!r} at {where} [{finding.severity.label}] {finding.message}"


def _view(finding: Finding, keys: frozenset[str]) -> dict[str, object]:
    """A finding reduced to the keys an expectation compares."""
    loc = finding.location
    full = {"item": finding.item, "line": loc.line, "column": loc.column, "cell": loc.cell,
            "severity": finding.severity.label}
    return {key: full[key] for key in sorted(keys)}


def _expected_view(expected: Expected) -> dict[str, object]:
    full = {"item": expected.item, "line": expected.line, "column": expected.column, "cell": expected.cell,
            "severity": expected.severity}
    return {key: full[key] for key in sorted(expected.keys)}


def _lint_case(case: Case, ruleset: RuleSet, tmp_path: Path) -> list[Finding]:
    """All findings of the case's input, linted through the production loaders."""
    if case.ledger is not None:
        path = tmp_path / "ledger.yaml"
        path.write_text(case.ledger, encoding="utf-8")
        display = "ledger.yaml"
    else:
        path = REPO_ROOT / str(case.file)
        display = str(case.file)
    try:
        result = lint_file(path, ruleset, LintOptions(as_of=case.as_of), display)
    except ModuleNotFoundError as exc:
        # A reader not yet in the package (readers are imported on demand): nothing to test against.
        if (exc.name or "").startswith("checker.load."):
            pytest.skip(f"reader {exc.name} is not available")
        raise
    if result.failed:
        pytest.fail(f"{case.test_id}: the input could not be read:\n"
                    + "\n".join(_describe(f) for f in result.findings))
    return list(result.findings)


@pytest.mark.parametrize("case", _params())
def test_rule_case(case: Case | CaseFileError, ruleset: RuleSet, tmp_path: Path) -> None:
    """The case's rule reports exactly the expected findings, in order."""
    if isinstance(case, CaseFileError):
        pytest.fail(str(case))
    if case.rule not in ruleset.info:
        pytest.fail(f"{case.source.name}: unknown rule id {case.rule}")
    findings = _lint_case(case, ruleset, tmp_path)
    mine = [f for f in findings if f.rule == case.rule]
    listing = "\n".join(_describe(f) for f in mine) or "(none)"
    if len(mine) == len(case.expect):
        actual = [_view(f, e.keys) for f, e in zip(mine, case.expect, strict=True)]
    else:
        actual = [_view(f, frozenset(_EXPECT_KEYS)) for f in mine]
    assert actual == [_expected_view(e) for e in case.expect], f"findings of {case.rule}:\n{listing}"
    if case.only_this_rule:
        others = [f for f in findings if f.rule != case.rule]
        assert not others, "other rules fired:\n" + "\n".join(_describe(f) for f in others)


def _all_cases() -> dict[str, list[Case]]:
    cases: dict[str, list[Case]] = {}
    for path in case_files():
        rule, found = read_case_file(path)  # a broken file raises here as well as in test_rule_case
        cases.setdefault(rule, []).extend(found)
    return cases


def test_every_builtin_rule_has_firing_and_quiet_cases(ruleset: RuleSet) -> None:
    """Each built-in rule has a case file with a case that fires and one that does not; no stray files."""
    problems = coverage_problems(ruleset.info, _all_cases())
    assert not problems, "rule case files:\n" + "\n".join(problems)


def test_coverage_check_catches_new_rule_and_unknown_file(ruleset: RuleSet) -> None:
    """The coverage check itself fails for a rule added without cases and for a file of an unknown id."""
    cases = _all_cases()
    baseline = set(coverage_problems(ruleset.info, cases))
    added = coverage_problems([*ruleset.info, "completeness/owner-unclear"], cases)
    assert set(added) - baseline == {
        "completeness/owner-unclear: no case file completeness.owner-unclear.yaml"}
    dropped = sorted(cases)[0]
    stray = coverage_problems([r for r in ruleset.info if r != dropped], cases)
    assert set(stray) - baseline == {f"{dropped}: case file for a rule id the rule set does not have"}
    firing_only = {**cases, dropped: [c for c in cases[dropped] if c.expect]}
    assert set(coverage_problems(ruleset.info, firing_only)) - baseline == {
        f"{dropped}: no case where the rule must not fire"}


def test_case_file_errors_are_reported(tmp_path: Path) -> None:
    """A malformed case file is an error naming the file and the case, never silently skipped."""
    bad = tmp_path / "dates.overdue.yaml"
    bad.write_text("rule: dates/overdue\ncases:\n  - name: 缺少期望\n    ledger: 'ledger_version: 1'\n",
                   encoding="utf-8")
    with pytest.raises(CaseFileError, match="expect"):
        read_case_file(bad)
    misnamed = tmp_path / "overdue.yaml"
    misnamed.write_text("rule: dates/overdue\ncases:\n  - {name: a, ledger: x, expect: []}\n",
                        encoding="utf-8")
    with pytest.raises(CaseFileError, match="dates.overdue.yaml"):
        read_case_file(misnamed)
    both = tmp_path / "dates.order.yaml"
    both.write_text("rule: dates/order\ncases:\n"
                    "  - {name: a, ledger: x, expect: [{item: null, column: 3}]}\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="line"):
        read_case_file(both)
