"""Rule tests: cases kept next to the rules, run by `ledgerlint rules test [PATH]`.

A rule folder holds its cases in `tests/`, one YAML file per rule, named after the rule id with `/` written as
`.` (`completeness/owner-missing` → `tests/completeness.owner-missing.yaml`):

```yaml
rule: completeness/owner-missing
cases:
  - name: 一个问题没有任何责任人          # unique in the file
    as_of: 2023-07-15                   # optional: the date overdue is judged against (--as-of)
    params: {vague_owner: "^专人$"}     # optional: parameters of this case (--param), by name or set.name
    ledger: |                           # a YAML ledger, linted through the real readers, so line and column
      ledger_version: 1                 # are positions in this text
      ...
    expect:                             # every finding of THIS rule, in report order; [] = must not fire
      - {item: "2", line: 14, column: 5}
  - name: 表格台账中的空单元格
    file: ../../samples/ledgers/pingdingshan-2024.xlsx   # instead of `ledger`: a file, relative to this file
    expect:
      - {item: "6", cell: "整改台账!G8"}
  - name: 通报
    notice: |                           # instead of `ledger`: the text of a published notice
      ...
    expect: []
```

Keys of a case: `name`, exactly one of `ledger`, `notice` or `file`, `expect`, and optionally `as_of`,
`params`, `xfail: "reason"` (the case describes how the rule should behave but does not yet; it fails once the
rule is fixed, so the case is then updated) and `only_this_rule: true` (no other rule may report anything).
Keys of an expectation: `item` (the issue id, or null for a finding about the whole document; required), then
`line` with an optional `column`, or `cell`; optionally `severity` (`error`, `warning`, `info`) and `message`
(a part of the message). Only the keys given are compared.

Every rule of the rule files under test needs a case where it fires and one where it does not (xfail cases do
not count); a case file for a rule id the files do not define is an error. Failures are shown as a diff of
expected and actual findings, each actual one written as an expectation that can be pasted into the file.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from checker.errors import LedgerlintError
from checker.findings import Finding
from checker.location import Location

if TYPE_CHECKING:
    from checker.dsl.ruleset import RuleSet

CASES_FOLDER = "tests"
_FILE_KEYS = frozenset({"rule", "cases"})
_INPUT_KEYS = ("ledger", "notice", "file")
_CASE_KEYS = frozenset({"name", "as_of", "params", *_INPUT_KEYS, "expect", "xfail", "only_this_rule"})
_EXPECT_KEYS = frozenset({"item", "line", "column", "cell", "severity", "message"})
_SEVERITIES = frozenset({"error", "warning", "info"})
_DURATION = re.compile(r"(\d{1,5})([dw])")


class CaseFileError(LedgerlintError):
    """A case file that cannot be used (bad YAML, unknown keys, missing input): an error, never a skip."""


@dataclass(frozen=True)
class Expected:
    """One expected finding; only `keys` (always with `item`) are compared. `line_in_file`: its line in the
    case file, for messages."""

    values: Mapping[str, object]
    line_in_file: int = 0

    @property
    def keys(self) -> frozenset[str]:
        """The keys this expectation compares."""
        return frozenset(self.values)


@dataclass(frozen=True)
class Case:
    """One input and the findings one rule must report on it."""

    rule: str
    name: str
    source: Path
    line: int  # line of the case in its file
    input_kind: str  # ledger | notice | file
    input: str  # the inline text, or the path as written
    expect: tuple[Expected, ...]
    as_of: dt.date | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    xfail: str | None = None
    only_this_rule: bool = False

    @property
    def where(self) -> str:
        """`rules/tests/dates.overdue.yaml:12`."""
        return f"{self.source}:{self.line}"

    def input_path(self) -> Path:
        """The file of a `file` case, relative to the case file's folder."""
        return self.source.parent / self.input


def rule_file_stem(rule_id: str) -> str:
    """The case file stem of a rule id: `dates/overdue` → `dates.overdue`."""
    return rule_id.replace("/", ".")


def _fail(path: Path, line: int, message: str) -> CaseFileError:
    return CaseFileError(message, Location(str(path), line or None))


def _lines(text: str) -> tuple[int, dict[int, int], dict[tuple[int, int], int]]:
    """Line numbers (1-based) of the `cases` list, of each case and of each expectation, from YAML's node
    marks; 0 where the shape is not the expected one (the data checks then say what is wrong)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return 0, {}, {}
    cases: dict[int, int] = {}
    expects: dict[tuple[int, int], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return 0, cases, expects
    for key, value in root.value:
        if key.value != "cases" or not isinstance(value, yaml.SequenceNode):
            continue
        for i, case in enumerate(value.value):
            cases[i] = case.start_mark.line + 1
            if not isinstance(case, yaml.MappingNode):
                continue
            for ckey, cvalue in case.value:
                if ckey.value == "expect" and isinstance(cvalue, yaml.SequenceNode):
                    for j, item in enumerate(cvalue.value):
                        expects[(i, j)] = item.start_mark.line + 1
        return value.start_mark.line + 1, cases, expects
    return 0, cases, expects


def _expected(path: Path, line: int, raw: object) -> Expected:
    """One entry of `expect`, checked for known keys and types."""
    if not isinstance(raw, dict):
        raise _fail(path, line, "期望的发现应是一个映射,例如 {item: \"2\", line: 14}")
    unknown = set(raw) - _EXPECT_KEYS
    if unknown:
        raise _fail(path, line,
                    f"期望中有未知的键 {sorted(map(str, unknown))}(可用: {', '.join(sorted(_EXPECT_KEYS))})")
    if "item" not in raw:
        raise _fail(path, line, "期望必须写 item(问题编号;针对整份文件的发现写 null)")
    item = raw["item"]
    if item is not None and not isinstance(item, str):
        raise _fail(path, line, f"item 应是加引号的文本或 null,而不是 {item!r}(编号请写作 \"{item}\")")
    if "line" in raw and "cell" in raw:
        raise _fail(path, line, "line 与 cell 只能写一个")
    if "column" in raw and "line" not in raw:
        raise _fail(path, line, "写了 column 就要写 line")
    for key in ("line", "column"):
        if key in raw and (not isinstance(raw[key], int) or isinstance(raw[key], bool) or raw[key] < 1):
            raise _fail(path, line, f"{key} 应是正整数")
    for key in ("cell", "message"):
        if key in raw and not isinstance(raw[key], str):
            raise _fail(path, line, f"{key} 应是文本")
    if "severity" in raw and raw["severity"] not in _SEVERITIES:
        raise _fail(path, line, f"severity 应是 {'、'.join(sorted(_SEVERITIES))} 之一")
    return Expected(dict(raw), line)


def _as_of(path: Path, line: int, raw: object) -> dt.date | None:
    if raw is None or (isinstance(raw, dt.date) and not isinstance(raw, dt.datetime)):
        return raw
    raise _fail(path, line, f"as_of 应是日期 YYYY-MM-DD,而不是 {raw!r}")


def param_value(raw: object) -> object:
    """A parameter value as written in YAML: `180d`/`4w` become durations, lists are converted item by item."""
    if isinstance(raw, str) and (m := _DURATION.fullmatch(raw)):
        return dt.timedelta(days=int(m.group(1)) * (7 if m.group(2) == "w" else 1))
    if isinstance(raw, list):
        return [param_value(v) for v in raw]
    return raw


def _case(path: Path, rule: str, line: int, expect_lines: Mapping[int, int], raw: object) -> Case:
    """One entry of `cases`, checked for known keys and types."""
    if not isinstance(raw, dict):
        raise _fail(path, line, "每个用例应是一个映射(name、ledger、expect …)")
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        raise _fail(path, line, f"用例中有未知的键 {sorted(map(str, unknown))}(可用: {', '.join(sorted(_CASE_KEYS))})")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, line, "用例必须有 name")
    inputs = [k for k in _INPUT_KEYS if k in raw]
    if len(inputs) != 1:
        raise _fail(path, line, f"用例「{name}」应恰好给出 ledger(台账 YAML)、notice(通报正文)或 file(文件路径)之一")
    kind = inputs[0]
    for key in (kind, "xfail"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise _fail(path, line, f"用例「{name}」的 {key} 应是非空文本")
    if kind == "file" and not (path.parent / raw["file"]).is_file():
        raise _fail(path, line, f"用例「{name}」的文件不存在: {(path.parent / raw['file']).resolve()}")
    expect = raw.get("expect")
    if not isinstance(expect, list):
        raise _fail(path, line, f"用例「{name}」必须写 expect: 期望的发现列表;规则不应触发时写 []")
    only = raw.get("only_this_rule", False)
    if not isinstance(only, bool):
        raise _fail(path, line, "only_this_rule 应是 true 或 false")
    params = raw.get("params") or {}
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
        raise _fail(path, line, "params 应是 参数名: 值 的映射")
    return Case(
        rule=rule, name=name, source=path, line=line, input_kind=kind, input=raw[kind],
        expect=tuple(_expected(path, expect_lines.get(j, line), e) for j, e in enumerate(expect)),
        as_of=_as_of(path, line, raw.get("as_of")), params={k: param_value(v) for k, v in params.items()},
        xfail=raw.get("xfail"), only_this_rule=only,
    )


def read_case_file(path: Path) -> tuple[str, list[Case]]:
    """The rule id and cases of one case file. Raises CaseFileError (located) when the file cannot be used."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFileError(f"无法读取用例文件: {exc}", Location(str(path))) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CaseFileError(f"用例文件不是有效的 YAML: {getattr(exc, 'problem', exc)}",
                            Location(str(path), mark.line + 1 if mark else None,
                                     mark.column + 1 if mark else None)) from None
    if not isinstance(data, dict):
        raise _fail(path, 1, "用例文件应是含 rule 和 cases 的映射")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise _fail(path, 1, f"未知的键 {sorted(map(str, unknown))}(可用: rule、cases)")
    rule = data.get("rule")
    if not isinstance(rule, str) or "/" not in rule:
        raise _fail(path, 1, "rule 应是规则编号,例如 completeness/owner-missing")
    if path.stem != rule_file_stem(rule):
        raise _fail(path, 1, f"规则 {rule} 的用例文件应命名为 {rule_file_stem(rule)}.yaml")
    list_line, case_lines, expect_lines = _lines(text)
    raw_cases = data.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise _fail(path, list_line or 1, "cases 应是非空的用例列表")
    cases = [_case(path, rule, case_lines.get(i, 1), {j: ln for (ci, j), ln in expect_lines.items() if ci == i}, raw)
             for i, raw in enumerate(raw_cases)]
    seen: set[str] = set()
    for case in cases:
        if case.name in seen:
            raise _fail(path, case.line, f"用例名「{case.name}」重复")
        seen.add(case.name)
    return rule, cases


def case_files(folder: Path) -> list[Path]:
    """The case files of a rule folder (`folder/tests/*.yaml`), sorted."""
    return sorted((folder / CASES_FOLDER).glob("*.yaml"))


def coverage_problems(rule_ids: Iterable[str], cases_by_rule: Mapping[str, Sequence[Case]]) -> list[str]:
    """What the cases of a rule set lack: rules without a firing or a quiet case, and case files for rule ids
    the rule set does not have. Each problem is one Chinese sentence starting with the rule id."""
    known = set(rule_ids)
    problems: list[str] = []
    for rule in sorted(known):
        if rule not in cases_by_rule:
            problems.append(f"{rule}: 没有用例文件 {CASES_FOLDER}/{rule_file_stem(rule)}.yaml")
            continue
        cases = [c for c in cases_by_rule[rule] if c.xfail is None]
        if not any(c.expect for c in cases):
            problems.append(f"{rule}: 缺少规则应触发的用例")
        if not any(not c.expect for c in cases):
            problems.append(f"{rule}: 缺少规则不应触发的用例")
    for rule in sorted(set(cases_by_rule) - known):
        problems.append(f"{rule}: 用例文件所针对的规则不存在")
    return problems


# ---------------------------------------------------------------------------------------------- comparing


def finding_values(finding: Finding) -> dict[str, object]:
    """A finding as the values an expectation can compare."""
    loc = finding.location
    values: dict[str, object] = {"item": finding.item}
    if loc.cell:
        values["cell"] = loc.cell
    else:
        values["line"] = loc.line
        values["column"] = loc.column
    values["severity"] = finding.severity.label
    values["message"] = finding.message
    return values


def matches(expected: Expected, finding: Finding) -> bool:
    """The finding has every value the expectation gives (`message`: as a part of the message)."""
    actual = finding_values(finding)
    for key, want in expected.values.items():
        if key == "message":
            if str(want) not in str(actual.get("message", "")):
                return False
        elif actual.get(key) != want:
            return False
    return True


def _align(expect: Sequence[Expected], actual: Sequence[Finding]) -> list[tuple[str, int]]:
    """The longest in-order matching of expectations and findings, as a diff script: ("=", i) an expectation
    met by a finding, ("-", i) an expectation not met, ("+", j) a finding not expected (i, j index `expect` and
    `actual`; for "=" the finding is the next one). Lists are short: plain dynamic programming."""
    n, m = len(expect), len(actual)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = (best[i + 1][j + 1] + 1 if matches(expect[i], actual[j])
                          else max(best[i + 1][j], best[i][j + 1]))
    script: list[tuple[str, int]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and matches(expect[i], actual[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            script.append(("=", i))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i + 1][j] >= best[i][j + 1]):
            script.append(("-", i))
            i += 1
        else:
            script.append(("+", j))
            j += 1
    return script


def _flow(values: Mapping[str, object]) -> str:
    """`{item: "2", line: 14, column: 5}`: an expectation as it is written in a case file."""
    parts = []
    for key in ("item", "line", "column", "cell", "severity", "message"):
        if key in values:
            value = values[key]
            text = "null" if value is None else (f'"{value}"' if isinstance(value, str) else str(value))
            parts.append(f"{key}: {text}")
    return "{" + ", ".join(parts) + "}"


def diff(expect: Sequence[Expected], actual: Sequence[Finding]) -> list[str]:
    """Readable lines comparing expected and actual findings: `  ` met, `- ` expected but not reported,
    `+ ` reported but not expected (written as an expectation, with its message as a comment)."""
    shown = set().union(*(e.keys for e in expect)) - {"message"} if expect else set()
    shown |= {"item", "line", "column", "cell"}
    lines: list[str] = []
    j = 0
    for op, index in _align(expect, actual):
        if op == "=":
            lines.append(f"  {_flow(expect[index].values)}")
            j += 1
        elif op == "-":
            where = f"  (用例文件第 {expect[index].line_in_file} 行)" if expect[index].line_in_file else ""
            lines.append(f"- {_flow(expect[index].values)}{where}")
        else:
            finding = actual[index]
            values = {k: v for k, v in finding_values(finding).items() if k in shown}
            lines.append(f"+ {_flow(values)}  # [{finding.severity.chinese}] {finding.message}")
    return lines


# ----------------------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: status is pass | fail | xfail (failed as its `xfail` says) | xpass (an xfail
    case that now passes: the case is stale, which fails the run) | error (the input could not be read)."""

    case: Case
    status: str
    lines: tuple[str, ...] = ()  # the diff or the reason, for a status other than pass/xfail

    @property
    def ok(self) -> bool:
        """Whether the case does not fail the run."""
        return self.status in ("pass", "xfail")


@dataclass(frozen=True)
class SuiteResult:
    """All cases of a rule folder or file, and what the cases lack."""

    results: tuple[CaseResult, ...]
    coverage: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Every case passed (or failed as its xfail says) and every rule has firing and quiet cases."""
        return all(r.ok for r in self.results) and not self.coverage


Lint = Callable[[Path, str, Case], tuple[list[Finding], bool]]


def run_case(case: Case, lint: Lint) -> CaseResult:
    """Lint the case's input with `lint(path, display, case)` → (findings, failed to read) and compare."""
    with tempfile.TemporaryDirectory(prefix="ledgerlint-case-") as scratch:
        if case.input_kind == "file":
            path, display = case.input_path(), case.input
        else:
            display = "ledger.yaml" if case.input_kind == "ledger" else "notice.txt"
            path = Path(scratch) / display
            path.write_text(case.input, encoding="utf-8")
        findings, failed = lint(path, display, case)
    if failed:
        reasons = [f"  {f.location.short()}: {f.message}" for f in findings if f.rule.startswith(("input/", "rule/"))]
        return CaseResult(case, "error", ("用例的输入无法读取或规则运行出错:", *reasons))
    mine = [f for f in findings if f.rule == case.rule]
    same = len(mine) == len(case.expect) and all(matches(e, f) for e, f in zip(case.expect, mine, strict=True))
    others = [f for f in findings if f.rule != case.rule] if case.only_this_rule else []
    passed = same and not others
    if case.xfail is not None:
        if passed:
            return CaseResult(case, "xpass", (f"此用例标记为 xfail(「{case.xfail}」),但现在已通过:请去掉 xfail",))
        return CaseResult(case, "xfail")
    if passed:
        return CaseResult(case, "pass")
    lines: list[str] = []
    if not same:
        lines.append("期望的发现(-)与实际的发现(+)不一致:")
        lines += ["  " + line for line in diff(case.expect, mine)]
    if others:
        lines.append("only_this_rule: 其他规则也报告了发现:")
        lines += [f"  {f.rule} {f.location.short()}: {f.message}" for f in others]
    return CaseResult(case, "fail", tuple(lines))


def render(suite: SuiteResult, *, verbose: bool = False) -> str:
    """The text report of a suite: failures with their diffs, then a one-line summary (Chinese)."""
    marks = {"pass": "通过", "fail": "失败", "xfail": "预期失败", "xpass": "意外通过", "error": "出错"}
    out: list[str] = []
    for result in suite.results:
        if result.status in ("pass", "xfail") and not verbose:
            continue
        case = result.case
        out.append(f"{marks[result.status]}  {case.rule} · {case.name}  ({case.where})")
        out += ["    " + line for line in result.lines]
    if suite.coverage:
        out.append("用例不全:")
        out += [f"    {problem}" for problem in suite.coverage]
    counts = {status: sum(1 for r in suite.results if r.status == status) for status in marks}
    summary = f"规则测试: {len(suite.results)} 个用例,{counts['pass']} 个通过"
    for status in ("fail", "error", "xpass", "xfail"):
        if counts[status]:
            summary += f",{counts[status]} 个{marks[status]}"
    if suite.coverage:
        summary += f";{len(suite.coverage)} 处用例不全"
    out.append(summary)
    return "\n".join(out)


LintFile = Callable[["RuleSet", Path, str, "dt.date | None"], tuple[list[Finding], bool]]


def run_rule_tests(path: Path, lint_file: LintFile) -> SuiteResult:
    """Run the cases of the rules in `path` (a rule folder, cases in `path/tests/`, or one `.rules` file, cases
    in `tests/` beside it, only those of its rules). The rules are loaded alone, without the built-in set, once
    per distinct set of case parameters. `lint_file(ruleset, input, display, as_of)` → (findings, whether the
    input failed to read) is the real lint of one file (`checker.api`; the rule language does not import it).

    Raises RuleSyntaxError/RuleCompileError/ConfigError for rule files that cannot be used, CaseFileError for
    a case file that cannot be used or case parameters no rule has."""
    from checker.dsl.ruleset import load_ruleset

    folder = path if path.is_dir() else path.parent
    base = load_ruleset((path,))
    rule_ids = list(base.info)
    cases_by_rule: dict[str, list[Case]] = {}
    for case_file in case_files(folder):
        rule, cases = read_case_file(case_file)
        if path.is_dir() or rule in base.info:
            cases_by_rule.setdefault(rule, []).extend(cases)
    rulesets: dict[tuple[tuple[str, str], ...], RuleSet] = {(): base}

    def lint(input_path: Path, display: str, case: Case) -> tuple[list[Finding], bool]:
        key = tuple(sorted((k, repr(v)) for k, v in case.params.items()))
        if key not in rulesets:
            try:
                rulesets[key] = load_ruleset((path,), dict(case.params))
            except LedgerlintError as exc:
                raise CaseFileError(f"用例「{case.name}」的参数无法使用: {exc.message}",
                                    Location(str(case.source), case.line), hint=exc.hint) from None
        return lint_file(rulesets[key], input_path, display, case.as_of)

    results = [run_case(case, lint) for rule in sorted(cases_by_rule) if rule in base.info
               for case in cases_by_rule[rule]]
    results += doc_example_results(path, base, lint_file)
    return SuiteResult(tuple(results), tuple(coverage_problems(rule_ids, cases_by_rule)))


def doc_example_results(path: Path, ruleset: RuleSet, lint_file: LintFile) -> list[CaseResult]:
    """The examples in the rules' docs, run as cases: the rule must fire on 不合格示例 and stay quiet on
    合格示例, since `rules explain` and `rules doc` show them to readers as such."""
    from checker.dsl.docs import example_input, rule_docs

    out: list[CaseResult] = []
    for doc in rule_docs((path,)):
        if doc.id not in ruleset.info:
            continue
        source, _, line = doc.where.rpartition(":")
        for section, fires in (("不合格示例", True), ("合格示例", False)):
            example = doc.sections.get(section)
            if not example:
                continue
            display, text = example_input(example)
            case = Case(doc.id, f"说明中的{section}", Path(source), int(line) if line.isdigit() else 0,
                        "ledger" if display.endswith(".yaml") else "notice", text, ())
            with tempfile.TemporaryDirectory(prefix="ledgerlint-example-") as scratch:
                input_path = Path(scratch) / display
                input_path.write_text(text, encoding="utf-8")
                findings, failed = lint_file(ruleset, input_path, display, None)
            mine = [f for f in findings if f.rule == doc.id]
            if failed:
                reasons = (f"  {f.location.short()}: {f.message}" for f in findings
                           if f.rule.startswith(("input/", "rule/")))
                out.append(CaseResult(case, "error", ("示例无法读取或规则运行出错:", *reasons)))
            elif fires and not mine:
                out.append(CaseResult(case, "fail", ("规则在不合格示例上没有报告发现",)))
            elif not fires and mine:
                out.append(CaseResult(case, "fail", ("规则在合格示例上报告了发现:",
                                                     *(f"  {f.location.short()}: {f.message}" for f in mine))))
            else:
                out.append(CaseResult(case, "pass"))
    return out


__all__ = ["Case", "CaseFileError", "CaseResult", "Expected", "SuiteResult", "case_files", "coverage_problems",
           "diff", "doc_example_results", "read_case_file", "render", "run_case", "run_rule_tests"]
