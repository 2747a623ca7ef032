"""Typed AST → Python closures, built once per rule set. Evaluation never walks the tree or evals text.

Missing values follow three-valued logic: a comparison with a missing side is *unknown* (None); `require`
fires only on False, `forbid` and `where` only act on True. Non-boolean values in a condition mean
"present and not empty".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.dsl import ast
from checker.dsl.builtins import BUILTINS, PatternError, compile_pattern, dynamic_pattern, word_pattern
from checker.dsl.check import TypeMap
from checker.dsl.types import BOOL
from checker.location import pointer_join
from checker.model import LedgerClaim

Env = dict[str, object]
# Where the engine puts how the ledger's text is written (a notice in traditional characters is read in
# simplified ones): messages quote text through it. Not a name a rule can write, so no rule can read it.
WRITTEN = "#written"
Fn = Callable[[Env], object]
Span3 = tuple[str, int | None, int | None]  # pointer, start, end inside the string value
Locator = Callable[[Env], "Span3 | None"]


@dataclass(frozen=True, slots=True)
class Fact:
    """What a rule reports before the engine adds identity, severity and location."""

    severity: str | None  # a clause-level override, else None
    message: str
    pointer: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class CompiledClause:
    """One clause as a function of the root environment that yields facts; raises ClauseFailure."""

    run: Callable[[Env], list[Fact]]
    span: ast.Span | None = None  # where the clause is in its rule file, for a failure


class ClauseFailure(Exception):
    """A clause that failed on some input: why (Chinese) and the pointer of the element it was on."""

    def __init__(self, reason: str, pointer: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pointer = pointer


class RuleRuntimeError(Exception):
    """A value a rule cannot use, found while it runs (a pattern built from data that is not a regex)."""


def failure_reason(exc: BaseException) -> str:
    """Why a clause failed, in Chinese, without Python's repr of anything."""
    if isinstance(exc, RuleRuntimeError):
        return str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "除数为零"
    if isinstance(exc, OverflowError):
        return "数值或日期超出可表示的范围"
    if isinstance(exc, RecursionError):
        return "嵌套过深"
    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, (TypeError, AttributeError, KeyError, IndexError)):
        return f"值的类型与规则不符({type(exc).__name__})"
    if isinstance(exc, ValueError):
        return f"值无效({type(exc).__name__})"
    return f"内部错误({type(exc).__name__})"


def is_missing(value: object) -> bool:
    """None, an empty string or an empty list."""
    return value is None or value == "" or value == [] or value == ()


def _presence(value: object) -> bool:
    return not is_missing(value)


class Compiler:
    """Compiles the checked expressions of one rule file into closures."""

    def __init__(self, types: TypeMap, constants: dict[str, object],
                 trusted_patterns: frozenset[str] = frozenset()) -> None:
        self.types = types
        self.constants = constants
        self.trusted_patterns = trusted_patterns  # reviewed built-in patterns that may run on Python's re

    # ---- conditions -------------------------------------------------------------------------------------
    def condition(self, node: ast.Expr, bound: frozenset[str]) -> Fn:
        """A closure giving True, False or None (unknown) for a condition."""
        fn = self.expr(node, bound)
        if self.types.get(id(node)) == BOOL:
            return fn
        return lambda env: _presence(fn(env))

    # ---- expressions ------------------------------------------------------------------------------------
    def expr(self, node: ast.Expr, bound: frozenset[str]) -> Fn:  # noqa: C901 - one case per node type
        """A closure computing the value of an expression in an environment."""
        if isinstance(node, ast.Literal):
            value = node.value
            return lambda env: value
        if isinstance(node, ast.ListExpr):
            items = [self.expr(i, bound) for i in node.items]
            return lambda env: [f(env) for f in items]
        if isinstance(node, ast.Name):
            if node.id not in bound and node.id in self.constants:
                const = self.constants[node.id]
                return lambda env: const
            return operator.itemgetter(node.id)
        if isinstance(node, ast.Attr):
            return self._attr(node, bound)
        if isinstance(node, ast.Index):
            obj, idx = self.expr(node.obj, bound), self.expr(node.index, bound)

            def index(env: Env) -> object:
                seq, i = obj(env), idx(env)
                if seq is None or i is None:
                    return None
                try:
                    return seq[int(i)]  # type: ignore[index, call-overload]  # rule values: typed by dsl/types, not Python
                except (IndexError, KeyError, TypeError, ValueError, OverflowError):
                    return None
            return index
        if isinstance(node, ast.Unary):
            if node.op == "not":
                cond = self.condition(node.operand, bound)
                return lambda env: None if (v := cond(env)) is None else not v
            operand = self.expr(node.operand, bound)
            return lambda env: None if (v := operand(env)) is None else -v  # type: ignore[operator]  # a number or duration: checked by dsl/types
        if isinstance(node, ast.Binary):
            return self._binary(node, bound)
        if isinstance(node, ast.Test):
            operand = self.expr(node.operand, bound)
            # Inlined tests: these run once per item for most rules.
            missing = (node.test == "missing") != node.negated
            if node.test == "empty":
                if node.negated:
                    return lambda env: not ((v := operand(env)) is not None and len(v) == 0)  # type: ignore[arg-type]  # a list or text: checked by dsl/types
                return lambda env: (v := operand(env)) is not None and len(v) == 0  # type: ignore[arg-type]  # a list or text: checked by dsl/types
            if missing:
                return lambda env: (v := operand(env)) is None or v == "" or v == []
            return lambda env: not ((v := operand(env)) is None or v == "" or v == [])
        if isinstance(node, ast.Call):
            impl = BUILTINS[node.func].impl
            args = [self.expr(a, bound) for a in node.args]
            if node.func == "first_match":
                pattern = self.regex(node.args[1], bound)
                text = args[0]
                return lambda env: _search_text(pattern(env), text(env))
            if len(args) == 1:
                only = args[0]
                return lambda env: impl(only(env))
            return lambda env: impl(*[a(env) for a in args])
        if isinstance(node, ast.Comprehension):
            return self._comprehension(node, bound)
        raise AssertionError(f"unknown node {node!r}")

    def _attr(self, node: ast.Attr, bound: frozenset[str]) -> Fn:
        # A dotted path is one closure over its keys. Ledger values are dicts (records); claims are objects.
        names = [node.name]
        obj: ast.Expr = node.obj
        while isinstance(obj, ast.Attr):
            names.append(obj.name)
            obj = obj.obj
        names.reverse()
        head = self.expr(obj, bound)
        variable = obj.id if isinstance(obj, ast.Name) and (obj.id in bound or obj.id not in self.constants) else None
        if len(names) == 1 and variable is not None:
            key = names[0]

            # The hottest closure of all (issue.status, m.text …): read the variable without another call.
            def field_of_variable(env: Env) -> object:
                v = env[variable]
                if type(v) is dict:
                    return v.get(key)
                return object_field(v, key)
            return field_of_variable
        if len(names) == 1:
            key = names[0]

            def field(env: Env) -> object:
                v = head(env)
                if type(v) is dict:
                    return v.get(key)
                return object_field(v, key)
            return field
        if len(names) == 2:
            first, second = names

            def field2(env: Env) -> object:
                v = head(env)
                v = v.get(first) if type(v) is dict else object_field(v, first)
                if type(v) is dict:
                    return v.get(second)
                return object_field(v, second)
            return field2

        def path(env: Env) -> object:
            v = head(env)
            for key in names:
                if v is None:
                    return None
                v = v.get(key) if type(v) is dict else object_field(v, key)
            return v
        return path

    def _binary(self, node: ast.Binary, bound: frozenset[str]) -> Fn:  # noqa: C901
        op = node.op
        if op in ("and", "or", "implies"):
            left, right = self.condition(node.left, bound), self.condition(node.right, bound)
            if op == "and":
                def and_(env: Env) -> object:
                    a = left(env)
                    if a is False:
                        return False
                    b = right(env)
                    if b is False:
                        return False
                    return None if a is None or b is None else True
                return and_
            if op == "implies":  # a implies b  ≡  (not a) or b
                condition = left
                left = lambda env: None if (v := condition(env)) is None else not v  # noqa: E731

            def or_(env: Env) -> object:
                a = left(env)
                if a is True:
                    return True
                b = right(env)
                if b is True:
                    return True
                return None if a is None or b is None else False
            return or_
        if op == "matches":
            left = self.expr(node.left, bound)
            pattern = self.regex(node.right, bound)
            return lambda env: None if (s := left(env)) is None else pattern(env)(str(s)) is not None
        left, right = self.expr(node.left, bound), self.expr(node.right, bound)
        if op in ("in", "not in", "contains"):
            flip = op == "contains"
            negate = op == "not in"

            def member(env: Env) -> object:
                a, b = left(env), right(env)
                if flip:
                    a, b = b, a
                if a is None or b is None:
                    return None
                found = a in b  # type: ignore[operator]  # a list or text: checked by dsl/types
                return not found if negate else found
            return member
        fn = _OPERATORS[op]
        if isinstance(node.right, ast.Literal):
            constant = node.right.value
            if not isinstance(constant, str) and op in _RAW_ORDER:
                fn = _RAW_ORDER[op]  # a date or number: no text to order naturally

            def apply_constant(env: Env) -> object:
                a = left(env)
                return None if a is None else fn(a, constant)
            return apply_constant

        def apply(env: Env) -> object:
            a = left(env)
            if a is None:
                return None
            b = right(env)
            if b is None:
                return None
            try:
                return fn(a, b)
            except ZeroDivisionError:
                return None
        return apply

    def regex(self, node: ast.Expr, bound: frozenset[str]) -> Callable[[Env], Callable[[str], object]]:
        """A closure giving the `search` method of the compiled pattern (compiled once when constant)."""
        constant = node.value if isinstance(node, ast.Literal) else None
        if isinstance(node, ast.Name) and node.id not in bound:
            constant = self.constants.get(node.id, constant)
        if isinstance(constant, list):
            constant = word_pattern(constant)
        if isinstance(constant, str):
            search = compile_pattern(constant, self.trusted_patterns)
            return lambda env: search
        dynamic = self.expr(node, bound)

        def from_data(env: Env) -> Callable[[str], object]:
            pattern = dynamic(env)
            try:
                return dynamic_pattern(word_pattern(pattern) if isinstance(pattern, list) else str(pattern))
            except PatternError as exc:
                raise RuleRuntimeError(f"由数据构造的正则表达式无效: {exc}") from None
        return from_data

    def _comprehension(self, node: ast.Comprehension, bound: frozenset[str]) -> Fn:
        iterable = self.expr(node.iterable, bound)
        inner = bound | {node.var}
        where = self.condition(node.where, inner) if node.where is not None else None
        var = node.var
        func = node.func
        if func in ("any", "all"):
            value = self.condition(node.value, inner) if node.value is not None else None
        else:
            value = self.expr(node.value, inner) if node.value is not None else None

        if func in ("any", "all"):
            return self._quantifier(func == "any", iterable, var, where, value)
        if func == "group":
            return self._group(node, iterable, var, where, value, bound)

        def run(env: Env) -> object:
            saved = env.get(var, _UNSET)
            results = []
            for x in iterable(env) or ():  # type: ignore[attr-defined]  # a list: checked by dsl/types
                env[var] = x
                if where is not None and where(env) is not True:
                    continue
                results.append(value(env) if value is not None else True)
            if saved is _UNSET:
                env.pop(var, None)
            else:
                env[var] = saved
            if func == "count":
                return len(results)
            if func == "list":
                return results
            if func == "any":
                return any(r is True for r in results)
            if func == "all":
                return all(r is not False for r in results)
            present = [r for r in results if r is not None]
            if func == "sum":
                return sum(present)  # type: ignore[arg-type]  # numbers: checked by dsl/types
            if not present:
                return None
            return min(present) if func == "min" else max(present)  # type: ignore[type-var]  # comparable: checked by dsl/types
        return run

    def _group(self, node: ast.Comprehension, iterable: Fn, var: str, where: Fn | None, value: Fn | None,
               bound: frozenset[str]) -> Fn:
        """group(x in xs where c: key): one {key, items, count} per distinct present key, in order of first
        appearance, in one pass. A group points at its first element (at the key's field when the key is a
        field path of the element), kept under a name rules cannot read."""
        parent = self.locator(node.iterable, bound, {})
        path: list[str] = []
        key_node: ast.Expr | None = node.value
        while isinstance(key_node, ast.Attr):
            path.append(key_node.name)
            key_node = key_node.obj
        if not (isinstance(key_node, ast.Name) and key_node.id == var):
            path = []
        path.reverse()

        def run(env: Env) -> object:
            saved = env.get(var, _UNSET)
            groups: dict[object, dict[str, object]] = {}
            base = parent(env)
            for i, x in enumerate(iterable(env) or ()):  # type: ignore[arg-type, var-annotated]  # a list: checked by dsl/types
                env[var] = x
                if where is not None and where(env) is not True:
                    continue
                key = _plain(value(env)) if value is not None else None
                if key is None or key == "":
                    continue
                group = groups.get(key)
                if group is None:
                    pointer = pointer_join(base[0], i) if base is not None else ""
                    for name in path:
                        pointer = pointer_join(pointer, name)
                    group = groups[key] = {"key": key, "items": [], "count": 0, "_pointer": pointer}
                group["items"].append(x)  # type: ignore[attr-defined]  # the list made just above
                group["count"] += 1  # type: ignore[operator]  # the int made just above
            if saved is _UNSET:
                env.pop(var, None)
            else:
                env[var] = saved
            return list(groups.values())
        return run

    @staticmethod
    def _quantifier(want: bool, iterable: Fn, var: str, where: Fn | None, value: Fn | None) -> Fn:
        """any/all that stop at the first element deciding the answer."""
        def run(env: Env) -> object:
            saved = env.get(var, _UNSET)
            answer = not want
            for x in iterable(env) or ():  # type: ignore[attr-defined]  # a list: checked by dsl/types
                env[var] = x
                if where is not None and where(env) is not True:
                    continue
                r = value(env) if value is not None else True
                if (r is True) if want else (r is False):
                    answer = want
                    break
            if saved is _UNSET:
                env.pop(var, None)
            else:
                env[var] = saved
            return answer
        return run

    # ---- locations --------------------------------------------------------------------------------------
    def locator(self, node: ast.Expr, bound: frozenset[str], generator_ptrs: dict[str, Locator]) -> Locator:
        """A closure giving the (pointer, start, end) of a path expression, for `at`."""
        if isinstance(node, ast.Name):
            if node.id in generator_ptrs:
                return generator_ptrs[node.id]
            if node.id in self.constants:
                return lambda env: None
            ptr = "/" + node.id
            return lambda env: (ptr, None, None)
        if isinstance(node, ast.Attr):
            parent = self.locator(node.obj, bound, generator_ptrs)
            name = node.name
            return lambda env: None if (p := parent(env)) is None else (pointer_join(p[0], name), None, None)
        if isinstance(node, ast.Index):
            parent = self.locator(node.obj, bound, generator_ptrs)
            index = self.expr(node.index, bound)
            return lambda env: None if (p := parent(env)) is None else (pointer_join(p[0], int(index(env))), None, None)  # type: ignore[call-overload]  # an int: dsl/types
        return lambda env: None

    # ---- messages ---------------------------------------------------------------------------------------
    def template(self, template: ast.Template, bound: frozenset[str]) -> Callable[[Env], str]:
        """A closure rendering a message template."""
        parts: list[Callable[[Env], str]] = []
        for part in template.parts:
            if isinstance(part, str):
                parts.append(lambda env, text=part: text)  # type: ignore[misc]  # loop value bound as default
            else:
                fn = self.expr(part, bound)
                parts.append(lambda env, fn=fn: format_value(_as_written(fn(env), env)))  # type: ignore[misc]  # bound as default
        return lambda env: "".join(p(env) for p in parts)


_UNSET = object()


def _as_written(value: object, env: Env) -> object:
    """Text (and lists of text) a message quotes, as the document writes it when the engine says how."""
    written = env.get(WRITTEN)
    if written is None:
        return value
    if type(value) is str:
        return written(value)  # type: ignore[operator]  # the engine's callable: str -> str
    if isinstance(value, list):
        return [_as_written(v, env) for v in value]
    return value

# The only objects (other than ledger dicts) a rule can reach, and the fields it may read on them: the
# checker has already refused every other name, this keeps run time to the same list whatever happens.
_CLAIM_FIELDS = frozenset(f.name for f in dataclasses.fields(LedgerClaim))


def object_field(value: object, key: str) -> object:
    """A field of a claim, or None for anything else: never a Python attribute (no `__class__`, no methods)."""
    if type(value) is LedgerClaim and key in _CLAIM_FIELDS:
        return getattr(value, key)
    return None


def _plain(value: object) -> object:
    """Enum members compare by their value."""
    return value.value if isinstance(value, enum.Enum) else value


def _search_text(search: Callable[[str], object], text: object) -> str | None:
    if text is None:
        return None
    m = search(str(text))
    return m.group(0) if m else None  # type: ignore[attr-defined]  # a match object of re/re2 (re2 has no stubs)


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Text in natural order: runs of digits compare as numbers, so ids order 1.2 < 1.10 < 2 and 9 < 10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(text) if part)


_DIGITS = re.compile(r"(\d+)")


def _ordered(compare: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """An ordering that puts text in natural order (ids are text)."""
    def run(a: Any, b: Any) -> Any:
        if isinstance(a, str) and isinstance(b, str):
            return compare(natural_key(a), natural_key(b))
        return compare(a, b)
    return run


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": _ordered(operator.lt), "<=": _ordered(operator.le),
    ">": _ordered(operator.gt), ">=": _ordered(operator.ge),
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "%": operator.mod,
}


_RAW_ORDER: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def format_value(value: object) -> str:
    """Render a value in a message: dates ISO, whole numbers without decimals, lists joined with 、."""
    if value is None:
        return "(空)"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.timedelta):
        return f"{value.days}天"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    value = _plain(value)
    if isinstance(value, (str, int)):
        return str(value)
    return "(…)"  # an object has no place in a message; the checker refuses it, this keeps it out regardless


def claim_locator(var: str, parent: Locator, index_key: str) -> Locator:
    """Locator of a generator variable: a claim carries its own span, other elements are parent/index."""
    def locate(env: Env) -> Span3 | None:
        obj = env.get(var)
        if isinstance(obj, LedgerClaim):
            return (obj.pointer, obj.start, obj.end)
        if type(obj) is dict and "_pointer" in obj:  # a group: its first element
            return (str(obj["_pointer"]), None, None)
        p = parent(env)
        return None if p is None else (pointer_join(p[0], env[index_key]), None, None)  # type: ignore[arg-type]  # the int index set by the loop
    return locate


def free_names(node: object) -> set[str]:
    """Names an expression refers to, minus those its own comprehensions bind."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Comprehension):
        inner = free_names(node.where) | free_names(node.value)
        return free_names(node.iterable) | (inner - {node.var})
    if node is None or not hasattr(node, "__dataclass_fields__"):
        return set()
    names: set[str] = set()
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "span"):
                names |= free_names(child)
    return names


def compile_clause(compiler: Compiler, clause: ast.Clause) -> CompiledClause:
    """Compile one clause into a function from the root environment to facts."""
    bound: frozenset[str] = frozenset()
    ptrs: dict[str, Locator] = {}
    levels: list[tuple[str, str, Fn, Fn | None]] = []
    for gen in clause.generators:
        iterable = compiler.expr(gen.iterable, bound)
        parent = compiler.locator(gen.iterable, bound, ptrs)
        bound = bound | {gen.var}
        index_key = gen.var + "#"
        ptrs[gen.var] = claim_locator(gen.var, parent, index_key)
        where = compiler.condition(gen.where, bound) if gen.where is not None else None
        levels.append((gen.var, index_key, iterable, where))
    when = compiler.condition(clause.when, bound) if clause.when is not None else None
    check = compiler.condition(clause.check, bound)
    fires_on = clause.forbid  # require fires on False, forbid on True
    if clause.at is not None:
        at = compiler.locator(clause.at, bound, ptrs)
    elif clause.generators:
        at = ptrs[clause.generators[-1].var]
    else:
        at = lambda env: ("", None, None)  # noqa: E731 - the whole document
    at_value = compiler.expr(clause.at, bound) if clause.at is not None and clause.at_match is not None else None
    at_match = compiler.regex(clause.at_match, bound) if clause.at_match is not None else None
    message = compiler.template(clause.message, bound)
    severity = clause.severity[0] if clause.severity else None

    # A `when` that does not mention a loop variable is decided once per run, not once per item.
    when_is_invariant = clause.when is not None and not (free_names(clause.when) & bound)

    if when is None or when_is_invariant:
        def fires(env: Env) -> bool:
            return check(env) is fires_on
    else:
        def fires(env: Env) -> bool:
            return when(env) is True and check(env) is fires_on

    def report(env: Env, out: list[Fact]) -> None:
        pointer, start, end = at(env) or ("", None, None)
        if at_match is not None and at_value is not None:
            text = at_value(env)
            m = at_match(env)(str(text)) if text is not None else None
            if m is not None:
                start, end = m.start(), m.end()  # type: ignore[attr-defined]  # a match object of re/re2 (re2 has no stubs)
        out.append(Fact(severity, message(env), pointer, start, end))

    def walk(level: int, env: Env, out: list[Fact]) -> None:
        var, index_key, iterable, where = levels[level]
        if level < len(levels) - 1:
            for i, x in enumerate(iterable(env) or ()):  # type: ignore[arg-type, var-annotated]  # a list: checked by dsl/types
                env[var] = x
                env[index_key] = i
                if where is None or where(env) is True:
                    walk(level + 1, env, out)
            return
        # The innermost loop runs once per item: keep it to the calls that cannot be avoided.
        for i, x in enumerate(iterable(env) or ()):  # type: ignore[arg-type]  # a list: checked by dsl/types
            env[var] = x
            env[index_key] = i
            if (where is None or where(env) is True) and fires(env):
                report(env, out)

    def run(root: Env) -> list[Fact]:
        out: list[Fact] = []
        env = dict(root)
        try:
            if when_is_invariant and when(env) is not True:  # type: ignore[misc]  # not None: an invariant when has a clause
                return out
            if levels:
                walk(0, env, out)
            elif fires(env):
                report(env, out)
        except Exception as exc:  # noqa: BLE001 - guarded: one failing rule must not stop the others
            raise ClauseFailure(failure_reason(exc), _where(env)) from None
        return out

    def _where(env: Env) -> str:
        """Pointer of the innermost element the clause was on when it failed ("" for the document)."""
        for var, _index_key, _iterable, _where_fn in reversed(levels):
            if var in env:
                try:
                    found = ptrs[var](env)
                except Exception:  # noqa: BLE001 - the locator itself may be what failed
                    continue
                if found is not None:
                    return found[0]
        return ""

    return CompiledClause(run, clause.span)
