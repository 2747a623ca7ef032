"""Rules compiled to Python source: rule text never becomes code, deep rules still compile, the generated code
is checked before it runs, and it computes what the rule says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.dsl import ast
from checker.dsl.compile import MAX_LOOPS, CodegenError, Program, RuleCompiler, build, verify
from checker.dsl.ruleset import load_ruleset
from checker.dsl.types import BOOL
from checker.engine import evaluate
from checker.errors import LedgerlintError
from checker.model import parse_record
from checker.resources import builtin_rules_dir

LEDGER = {
    "unit": "区司法局党组",
    "inspection": {"body": "区委第一巡察组", "start": "2022-11-02", "end": "2023-01-06", "feedback": "2023-03-16"},
    "report_date": "2023-07-15",
    "issues": [
        {"id": "1", "title": "理论学习不深入", "owner": {"leader": "张某"}, "deadline": "2023-06-30",
         "status": "completed", "measures": [{"text": "修订《学习制度》", "date": "2023-03-27"}]},
        {"id": "2", "title": "档案管理不规范", "status": "in_progress", "measures": [{"text": "加强管理"}]},
    ],
}
SPAN = ast.Span(1, 1, 1, 2)


def _load(tmp_path: Path, body: str, overrides: dict | None = None):
    path = tmp_path / "t.rules"
    path.write_text('ruleset t "测试"\n' + body, encoding="utf-8")
    return load_ruleset([path], overrides)


def _messages(tmp_path: Path, body: str, overrides: dict | None = None) -> list[str]:
    ruleset = _load(tmp_path, body, overrides)
    return [f.message for f in evaluate(ruleset, parse_record(LEDGER), [])]


# Texts that would run code if they were pasted into Python source, in every quoting context.
PAYLOADS = [
    "'); open('MARKER', 'w'); ('",
    '"); open("MARKER", "w"); ("',
    "''' + open('MARKER', 'w').name + '''",
    '\\"; open(\\"MARKER\\", \\"w\\"); \\"',
    "\\\n open('MARKER', 'w')",
    "{__import__('os').system('touch MARKER')}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_in_message_texts_and_literals_stays_text(tmp_path: Path, payload: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    payload = payload.replace("{", "(").replace("}", ")")  # a message's braces hold expressions
    quoted = json.dumps(payload, ensure_ascii=False)
    body = (f'rule r error "t"\n  for issue in issues\n  forbid issue.title == {quoted} or issue.id == "2"\n'
            f'  message {quoted}\n')
    messages = _messages(tmp_path, body)
    assert messages == [payload]
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_code_in_parameters_and_overrides_stays_text(tmp_path: Path, payload: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    body = ('param word = "x"\nparam words = ["a"]\nrule r error "t"\n  for issue in issues\n'
            '  forbid issue.title == word or issue.title in words or issue.title matches words\n'
            '  message "{word}"\n')
    overrides = {"t.word": payload, "t.words": [payload, "理论学习不深入"]}
    assert _messages(tmp_path, body, overrides) == [payload]
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize("pattern", ["x' + __import__('os').getcwd() + 'x", "(?P<x>a)|\"\"\"", "\\\\' + str(1) + '"])
def test_code_in_regular_expressions_stays_a_pattern(tmp_path: Path, pattern: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    body = ('param p = "x"\nrule r error "t"\n  for issue in issues\n  forbid issue.title matches p\n'
            '  message "{issue.id}"\n')
    assert _messages(tmp_path, body, {"t.p": pattern}) == []
    assert _messages(tmp_path, body, {"t.p": "档案"}) == ["2"]
    assert not (tmp_path / "MARKER").exists()


def _compile_clause(clause: ast.Clause):
    program = Program()
    code = RuleCompiler(program, {id(clause.check): BOOL}, {}).rule([clause])
    namespace = build(program, code.source)
    return namespace[code.clause_names[0]], code.source


def _clause(check: ast.Expr, message: tuple = ("m",), generators: tuple = ()) -> ast.Clause:
    return ast.Clause(generators, None, False, check, None, None, None, ast.Template(message, SPAN), SPAN)


EVIL_NAMES = ["__import__", "__builtins__", "os').system('true", "x\n import os", "root", "_fmt", "exc"]


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_names_of_an_unchecked_tree_are_only_keys(name: str) -> None:
    # The checker refuses these; the generator must be safe without it (a damaged or hand-made tree).
    issue = ast.Name("issue", SPAN)
    field = ast.Attr(issue, name, SPAN)
    clause = _clause(ast.Test(field, "missing", False, SPAN), ("m", field),
                     (ast.Generator("issue", ast.Name("issues", SPAN), None, SPAN),))
    run, source = _compile_clause(clause)
    facts = run({"issues": [{"id": "1", name: "值"}, {"id": "2"}]})
    assert [f.message for f in facts] == ["m值"]
    if not name.isidentifier() or name.startswith("__"):  # the others are also the generator's own words
        assert name not in source.replace(repr(name), "")
    run, _ = _compile_clause(_clause(ast.Test(ast.Name(name, SPAN), "present", False, SPAN)))
    assert [f.message for f in run({name: "x"})] == []
    assert [f.message for f in run({name: ""})] == ["m"]


@pytest.mark.parametrize("node", [
    ast.Call("eval", (ast.Literal("1", "str", SPAN),), SPAN),
    ast.Call("__import__", (ast.Literal("os", "str", SPAN),), SPAN),
    ast.Binary("+ __import__('os') +", ast.Literal(1, "num", SPAN), ast.Literal(2, "num", SPAN), SPAN),
    ast.Unary("~", ast.Literal(1, "num", SPAN), SPAN),
    ast.Test(ast.Literal(1, "num", SPAN), "present or __import__('os')", False, SPAN),
    ast.Comprehension("exec", "x", ast.Name("issues", SPAN), None, None, SPAN),
])
def test_unknown_functions_and_operators_are_refused(node: ast.Expr) -> None:
    with pytest.raises(CodegenError):
        RuleCompiler(Program(), {}, {}).rule([_clause(node)])


class _Sneaky(str):
    def __repr__(self) -> str:
        return "__import__('os')"


def test_values_are_pasted_only_when_their_exact_type_is_plain() -> None:
    program = Program()
    assert program.literal("a'b") == repr("a'b")
    assert program.literal(_Sneaky("x")).startswith("_k")  # a str subclass becomes a namespace constant
    assert program.literal(float("nan")).startswith("_k")
    with pytest.raises(CodegenError):
        RuleCompiler(program, {}, {}).rule([_clause(ast.Name(_Sneaky("x"), SPAN))])


@pytest.mark.parametrize("source", [
    "def _c1(root):\n    return __import__('os')\n",
    "def _c1(root):\n    return root.__class__\n",
    "def _c1(root):\n    return _len.__self__\n",
    "import os\n",
    "def _c1(root):\n    return (lambda: 1)()\n",
    "def _c1(root):\n    return [x for x in root]\n",
    "def _c1(root):\n    return b'x'\n",
    "def _c1(root):\n    root.get = 1\n",
    "def _c1(root):\n    global _len\n    _len = 1\n",
    "class _k1:\n    pass\n",
    "def helper(root):\n    return 1\n",
    "def _c1(root):\n    return __builtins__\n",
])
def test_verify_refuses_code_outside_the_generated_shape(source: str) -> None:
    program = Program()
    with pytest.raises(CodegenError):
        verify(compile(source, "<test>", "exec"), program.namespace)


def test_generated_code_of_the_built_in_rules_verifies_and_reaches_no_builtins() -> None:
    ruleset = load_ruleset([builtin_rules_dir()])
    run = ruleset.rules[0].clauses[0].run
    assert run.__globals__["__builtins__"] == {}  # type: ignore[attr-defined]  # a generated function
    assert "open" not in run.__globals__ and "getattr" not in run.__globals__  # type: ignore[attr-defined]


def test_deep_expressions_within_the_parser_limit_compile_and_compute(tmp_path: Path) -> None:
    # 90 nested `not (…)` around a presence test: deeper than one Python expression should hold.
    deep = "not (" * 90 + "issue.deadline is present" + ")" * 90
    messages = _messages(tmp_path, f'rule r error "t"\n  for issue in issues\n  require {deep}\n'
                                   '  message "{issue.id}"\n')
    assert messages == ["2"]  # an even count of `not`: issue 2 has no deadline
    chain = " + ".join(["1"] * 95)
    assert _messages(tmp_path, f'rule r error "t"\n  require count(issues) + {chain} == 96\n  message "m"\n') == ["m"]


def test_too_many_loop_variables_is_a_located_error(tmp_path: Path) -> None:
    loops = ", ".join(f"x{i} in issues" for i in range(MAX_LOOPS + 1))
    path = tmp_path / "t.rules"
    path.write_text(f'ruleset t "测试"\nrule r error "t"\n  for {loops}\n  require true\n  message "m"\n',
                    encoding="utf-8")
    with pytest.raises(LedgerlintError) as info:
        load_ruleset([path])
    assert "无法编译" in info.value.message and info.value.location is not None
    result = CliRunner().invoke(main, ["rules", "check", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_three_valued_logic_survives_the_fast_paths(tmp_path: Path) -> None:
    # Issue 2 has no deadline: `deadline > feedback` is unknown there; `or` with a sure false stays unknown.
    body = ('rule r error "t"\n  for issue in issues\n'
            '  require issue.deadline > inspection.feedback or issue.title is missing\n'
            '  message "{issue.id}"\n'
            'rule s error "t"\n  for issue in issues\n'
            '  forbid not (issue.deadline > inspection.feedback) or issue.title is missing\n'
            '  message "{issue.id}"\n'
            'rule u error "t"\n  for issue in issues\n'
            '  require issue.title is present implies issue.deadline is present\n'
            '  message "{issue.id}"\n')
    assert _messages(tmp_path, body) == ["2"]


# Operands of each truth value, sure (a test) and unsure (a comparison that can be unknown), on issue 2,
# which has no deadline: `issue.deadline > inspection.feedback` is unknown there.
OPERANDS = {
    ("sure", True): "issue.title is present", ("sure", False): "issue.title is missing",
    ("unsure", True): "issue.id == \"2\"", ("unsure", False): "issue.id == \"9\"",
    ("unsure", None): "issue.deadline > inspection.feedback",
}


def _three_valued(op: str, a: bool | None, b: bool | None) -> bool | None:
    if op == "implies":
        op, a = "or", (None if a is None else not a)
    if op == "and":
        return False if False in (a, b) else None if None in (a, b) else True
    return True if True in (a, b) else None if None in (a, b) else False


@pytest.mark.parametrize("op", ["and", "or", "implies"])
def test_and_or_implies_follow_three_valued_logic_for_sure_and_unsure_sides(tmp_path: Path, op: str) -> None:
    rules, expected = [], []
    for n, ((_left_kind, a), left) in enumerate(OPERANDS.items()):
        for m, ((_right_kind, b), right) in enumerate(OPERANDS.items()):
            name = f"r{n}x{m}"
            rules.append(f'rule {name} error "t"\n  for issue in issues where issue.id == "2"\n'
                         f'  require ({left}) {op} ({right})\n  message "{name}"\n'
                         f'  for issue in issues where issue.id == "2"\n'
                         f'  forbid ({left}) {op} ({right})\n  message "{name}+"\n')
            value = _three_valued(op, a, b)
            expected += [name] if value is False else [name + "+"] if value is True else []
    assert _messages(tmp_path, "".join(rules)) == expected


def _walk_json(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk_json(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_json(value)


def test_a_tampered_cache_entry_changes_texts_at_most_and_never_runs_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An entry whose hash still matches the rule text but whose tree was edited: its texts and names reach the
    # compiler only as values (repr or namespace constants), and names the schema does not know are refused.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LEDGERLINT_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    body = 'rule r error "t"\n  for issue in issues\n  forbid issue.id == "2"\n  message "问题 {issue.id}"\n'
    assert _messages(tmp_path, body) == ["问题 2"]  # the first load writes the entry
    [entry] = (tmp_path / "cache" / "ledgerlint").glob("*.json")
    payload = "'); open('MARKER', 'w'); ('"
    doc = json.loads(entry.read_text(encoding="utf-8"))
    for node in _walk_json(doc["ast"]):
        if node.get("_") == "Template":
            node["parts"][0] = payload
    entry.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    entry.chmod(0o600)
    assert _messages(tmp_path, body) == [payload + "2"]
    for node in _walk_json(doc["ast"]):
        if node.get("_") == "Attr":
            node["name"] = "__class__"
    entry.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    entry.chmod(0o600)
    with pytest.raises(LedgerlintError):
        _load(tmp_path, body)
    assert not (tmp_path / "MARKER").exists()


def test_a_for_line_that_reuses_a_name_locates_each_finding_at_its_own_element(tmp_path: Path) -> None:
    ledger = {**LEDGER, "issues": [{"id": "1", "title": "甲", "measures": [{"text": "学习"}]},
                                   {"id": "2", "title": "乙", "measures": [{"text": "学习"}, {"text": "修订制度"}]}]}
    ruleset = _load(tmp_path, 'rule r error "t"\n  for x in issues, x in x.measures\n  forbid x.text matches "制度"\n'
                              '  message "{x.text}"\n')
    found = evaluate(ruleset, parse_record(ledger), [])
    assert [(f.pointer, f.item, f.message) for f in found] == [("/issues/1/measures/1", "2", "修订制度")]
