"""Typed AST → Python source, compiled once per rule set: one function per check, loops as plain `for`,
field access as dict lookups, and/or/comparisons inline. Evaluation never walks the tree.

Rule text never becomes code. Every identifier in the generated source is made here (v0, t3, _q2 …); a rule's
names, field names, texts and numbers enter it only as `repr()` of a value whose exact type was checked (str,
int, finite float, bool), and every other value (dates, lists, compiled patterns, the built-in functions) as a
constant of the namespace the code runs in. That namespace holds the helpers of checker.dsl.runtime and no
Python builtins; `verify` reads the compiled code and refuses anything outside this shape.

Missing values follow three-valued logic: a comparison with a missing side is *unknown* (None); `require`
fires only on False, `forbid` and `where` only act on True. Non-boolean values in a condition mean
"present and not empty".

The code uses what the checker proved about the rule: a ledger record (a dict, or None when missing) is read
with `.get` and no type test, a claim's type is tested once per element; a field path is read once per
element into a local; a value that is never missing (a count, a literal, a field tested present on the left of
`and`/`or`) is compared without a guard; `where`, `when` and the check test only the truth value they act on,
evaluating the same operands in the same order as the three-valued expression would.
"""

from __future__ import annotations

import math
import opcode
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import CodeType
from typing import TypeVar

from checker.dsl import ast
from checker.dsl.builtins import BUILTINS, compile_pattern, word_pattern
from checker.dsl.check import TypeMap
from checker.dsl.runtime import (
    CLAIM_FIELDS,
    NAMESPACE,
    WRITTEN,
    ClauseFailure,
    CompiledClause,
    Fact,
    RuleRuntimeError,
    failure_reason,
    format_value,
    is_missing,
    natural_key,
    object_field,
)
from checker.dsl.types import BOOL, EnumType, ListType, ObjType, Type, base
from checker.location import pointer_join

HOIST_DEPTH = 16  # an expression nested deeper goes into a function of its own (Python's parser has limits)
MAX_LOOPS = 12  # `for` variables of one check: nested loops in one function (Python allows 20 blocks)
_ORDER = {"<": "_lt", "<=": "_le", ">": "_gt", ">=": "_ge"}
_ARITH = {"+", "-", "*"}
_RAW_KINDS = frozenset({"num", "date", "duration"})  # values whose order needs no natural text order
_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_COMPREHENSIONS = frozenset({"count", "list", "sum", "min", "max", "any", "all", "group"})


class CodegenError(Exception):
    """A node the generator does not know (only a damaged or hand-made AST has one)."""


@dataclass(frozen=True)
class RuleCode:
    """The generated functions of one rule: the source chunk and the name of each clause's function."""

    source: str
    clause_names: tuple[str, ...]


class Program:
    """The Python source of a rule set being generated and the namespace it will run in."""

    def __init__(self) -> None:
        self.namespace: dict[str, object] = {"__builtins__": {}, **NAMESPACE}
        self._counter = 0
        self._pending: list[str] = []  # helper functions of the rule being generated

    def fresh(self, prefix: str) -> str:
        """A new identifier: prefix + number (prefixes are fixed strings of this module)."""
        self._counter += 1
        return f"{prefix}{self._counter}"

    def constant(self, value: object) -> str:
        """The name of a namespace constant holding `value` (read as a global by the generated code)."""
        name = self.fresh("_k")
        self.namespace[name] = value
        return name

    def literal(self, value: object) -> str:
        """Source text of a value: repr() of a checked scalar, else a namespace constant."""
        kind = type(value)
        if value is None:
            return "None"
        if kind is bool:
            return "True" if value else "False"
        if kind is int or (kind is float and math.isfinite(value)):  # type: ignore[arg-type]  # a float, as tested
            return f"({value!r})"
        if kind is str:
            return repr(value)
        return self.constant(value)

    def add_helper(self, lines: list[str]) -> None:
        """A module-level function the current rule's code calls."""
        self._pending.append("\n".join(lines))

    def take_helpers(self) -> list[str]:
        """The helper functions generated since the last call."""
        out, self._pending = self._pending, []
        return out


def text(value: object) -> str:
    """repr() of a text from a rule (a name, a field name): refuses anything that is not exactly a str."""
    return repr(text_value(value))


def text_value(value: object) -> str:
    """A text from a rule, refused unless it is exactly a str."""
    if type(value) is not str:
        raise CodegenError("text expected")
    return value


Scope = dict[str, str]  # rule variable → Python local
# A field path: ("v", loop local, field, …) or ("r", root field, field, …); bound to a Python local once read.
PathKey = tuple[str, ...]
_Generating = tuple[dict[PathKey, str], dict[str, str], "tuple[PathKey, str, str] | None", dict[int, str],
                    frozenset[PathKey]]
_T = TypeVar("_T")
_LOCAL = re.compile(r"[vtp]\d+")  # a generated local: safe to read more than once


def _is_record(t: Type | None) -> bool:
    """A ledger record (a dict, or None when missing): every object type except the claim, an object."""
    return isinstance(t, ObjType) and t.name != "Claim"


def _children(node: object) -> list[object]:
    """The sub-expressions of an AST node."""
    out: list[object] = []
    for name in getattr(node, "__dataclass_fields__", ()):
        value = getattr(node, name)
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "span"):
                out.append(child)
    return out


class RuleCompiler:
    """Generates the functions of the clauses of one rule file's rules."""

    def __init__(self, program: Program, types: TypeMap, constants: dict[str, object],
                 trusted_patterns: frozenset[str] = frozenset()) -> None:
        self.p = program
        self.types = types
        self.constants = constants
        self.trusted_patterns = trusted_patterns
        # Field paths already read into a local where the code being generated runs (see `_bind`).
        self.bound: dict[PathKey, str] = {}
        # Loop locals over claims → the local telling whether the element is a claim, tested once per element.
        self.claim_tests: dict[str, str] = {}
        # `matches` nodes of a check that cannot fire unless they matched → the local keeping their match, and
        # (path, pattern) → that local, for those whose code was written in the clause's own function.
        self.captures: dict[int, str] = {}
        self.captured: dict[tuple[PathKey, str], str] = {}
        # Field paths known to be present (not None) where the code being generated runs (see `_right`).
        self.known_present: frozenset[PathKey] = frozenset()
        # While a clause's message is generated: (path, pattern, code of the text found) of its `at … match`.
        self.at_match: tuple[PathKey, str, str] | None = None

    # ---- rules and clauses ------------------------------------------------------------------------------
    def rule(self, clauses: Iterable[ast.Clause]) -> RuleCode:
        """The source of one rule: a function per clause and the helpers they call."""
        chunks: list[str] = []
        names: list[str] = []
        for clause in clauses:
            name = self.p.fresh("_c")
            lines = self.clause(clause, name)
            chunks.extend(self.p.take_helpers())
            chunks.append("\n".join(lines))
            names.append(name)
        return RuleCode("\n\n".join(chunks) + "\n", tuple(names))

    def clause(self, clause: ast.Clause, name: str) -> list[str]:  # noqa: C901 - the shape of one check
        """`def name(root): ...` returning the facts of one clause; raises ClauseFailure.

        A field path a condition reads is read once per element into a local (`_bind`) just before the first
        condition that reads it whenever evaluated (or more than once); later conditions and the message reuse
        it. Paths from the root are read once, before the loops."""
        if len(clause.generators) > MAX_LOOPS:
            raise CodegenError(f"一条检查最多 {MAX_LOOPS} 个 for 变量")
        self.bound, self.claim_tests = {}, {}
        # Locations first, reading no bound local: the failure handler computes them too.
        scope: Scope = {}
        ptrs: dict[str, str] = {}
        fast: dict[str, str] = {}  # loop variable → code of its pointer, when known without looking at it
        levels: list[tuple[ast.Generator, Scope, str, str]] = []  # generator, scope of its iterable, local, index
        for gen in clause.generators:
            parent = self.locator(gen.iterable, scope, ptrs)
            var, idx = self.p.fresh("v"), self.p.fresh("i")
            parent_ptr = self.pointer(gen.iterable, scope, fast)
            elem = self.types.get(id(gen.iterable))
            inner = {**scope, gen.var: var}
            if (parent_ptr is not None and isinstance(elem, ListType) and _is_record(elem.elem)
                    and elem.elem.name != "Group"):
                # A ledger record carries no location of its own (own_span gives None): its place in the list.
                fast[gen.var] = f"{parent_ptr} + '/' + _str({idx})"
                ptrs[gen.var] = f"({fast[gen.var]}, None, None)"
            else:
                fast.pop(gen.var, None)
                tp = self.p.fresh("t")
                ptrs[gen.var] = (f"(_own_span({var}) or (None if ({tp} := {parent}) is None"
                                 f" else (_join({tp}[0], {idx}), None, None)))")
            levels.append((gen, scope, var, idx))
            scope = inner
        bound = frozenset(scope)
        at_ptr: str | None
        if clause.at is not None:
            at_ptr = self.pointer(clause.at, scope, fast)
            at = self.locator(clause.at, scope, ptrs) if at_ptr is None else ""
        elif clause.generators:
            last = clause.generators[-1].var
            at_ptr = fast.get(last)
            at = ptrs[last]
        else:
            at_ptr, at = "''", ""  # the whole document
        severity = "None" if clause.severity is None else text(clause.severity[0])
        # A `when` that does not mention a loop variable is decided once per run, not once per item.
        invariant = clause.when is not None and not (free_names(clause.when) & bound)

        lines = [f"def {name}(root):", "    out = []"]
        if levels:
            lines.append("    " + " = ".join([level[2] for level in levels] + ["_UNSET"]))
        lines.append("    try:")
        pad = "        "
        conditions = [g.where for g in clause.generators] + [clause.when, clause.check]
        lines += [pad + line for line in self._bind(conditions, scope, roots_only=True)]
        if invariant:
            when = self.test(clause.when, scope, True)  # type: ignore[arg-type]  # not None: invariant says so
            lines += [f"{pad}if not {when}:", f"{pad}    return out"]
        for gen, outer, var, idx in levels:
            iterable = self.expr(gen.iterable, outer)
            lines.append(f"{pad}for {idx}, {var} in _enumerate({iterable} or ()):")
            pad += "    "
            lines += [pad + line for line in self._claim_test(gen.iterable, var)]
            if gen.where is not None:
                inner = {**outer, gen.var: var}
                lines += [pad + line for line in self._bind([gen.where], inner)]
                lines += [f"{pad}if not {self.test(gen.where, inner, True)}:", f"{pad}    continue"]
        if clause.when is not None and not invariant:
            lines += [pad + line for line in self._bind([clause.when], scope)]
            lines += [f"{pad}if not {self.test(clause.when, scope, True)}:", f"{pad}    continue"]
        lines += [pad + line for line in self._bind([clause.check], scope)]
        # A `matches` the check cannot fire without (forbid a matches p and …) keeps its match for `at … match`.
        self.captures = {id(n): self.p.fresh("t") for n in self._proven_matches(clause.check, clause.forbid)}
        lines.append(f"{pad}if {self.test(clause.check, scope, clause.forbid)}:")  # require fires on False
        captured = self.captured
        self.captures, self.captured = {}, {}

        if at_ptr is not None:
            report = [f"ptr, s, e = {at_ptr}, None, None"]
        else:
            report = ["tl = " + at, "if tl is None:", "    tl = ('', None, None)", "ptr, s, e = tl"]
        if clause.at is not None and clause.at_match is not None:
            at_value = self.expr(clause.at, scope)
            key, source = self._path(clause.at, scope), self._pattern_text(clause.at_match, scope)
            match = captured.get((key, source)) if key is not None and source is not None else None
            if match is None:
                match = f"{self.regex(clause.at_match, scope)}(ts) if ts is not None else None"
            report += [f"tx = {at_value}", "ts = _str(tx) if tx is not None else None", f"m = {match}",
                       "if m is not None:", "    s, e = m.start(), m.end()"]
            if key is not None and source is not None:
                self.at_match = (key, source, "(ts[s:e] if m is not None else None)")
        report.append(f"out.append(_Fact({severity}, {self.template(clause.message, scope)}, ptr, s, e))")
        self.at_match = None
        lines += [pad + "    " + line for line in report]
        lines += ["    except _Exception as exc:", "        w = None"]
        # Where it failed: the innermost loop element bound at the time (its locator may fail too).
        for gen, _outer, var, _idx in reversed(levels):
            lines += [f"        if w is None and {var} is not _UNSET:", "            try:",
                      f"                f = {ptrs[gen.var]}", "            except _Exception:",
                      "                f = None", "            if f is not None:", "                w = f[0]"]
        lines += ["        raise _ClauseFailure(_reason(exc), '' if w is None else w) from None", "    return out"]
        self.bound, self.claim_tests = {}, {}
        return lines

    def _claim_test(self, iterable: ast.Expr, var: str) -> list[str]:
        """At the top of a loop over claims: whether this element is one, so that each of its fields is then
        read without testing its type again (an element that is not a claim still reads as `_field` does)."""
        t = self.types.get(id(iterable))
        if not (isinstance(t, ListType) and isinstance(t.elem, ObjType) and t.elem.name == "Claim"):
            return []
        flag = self.p.fresh("c")
        self.claim_tests[var] = flag
        return [f"{flag} = _type({var}) is _Claim"]

    def _path(self, node: ast.Expr, scope: Scope) -> PathKey | None:
        """The field path an expression reads (`issue.owner.person`, `inspection.feedback`), or None."""
        fields: list[str] = []
        while isinstance(node, ast.Attr):
            fields.append(node.name)
            node = node.obj
        if not isinstance(node, ast.Name):
            return None
        if node.id in scope:
            return ("v", scope[node.id], *reversed(fields))
        if node.id in self.constants:
            return None
        return ("r", node.id, *reversed(fields))

    def _paths(self, node: object, scope: Scope, found: dict[PathKey, list], must: bool) -> None:
        """Count the field paths `node` reads into `found` (key → [an expression reading it, times read,
        whether it is read whenever `node` is evaluated]). An operand that may be skipped (the right side of
        and/or, of a comparison with a missing left side) is not read whenever its expression is."""
        if isinstance(node, ast.Comprehension):
            return  # it runs in a function of its own
        if isinstance(node, (ast.Attr, ast.Name)):
            key = self._path(node, scope)
            if key is not None and (key[0] == "r" or len(key) > 2):  # a loop variable is a local already
                entry = found.setdefault(key, [node, 0, False])
                entry[1] += 1
                entry[2] = entry[2] or must
        if isinstance(node, ast.Binary):
            self._paths(node.left, scope, found, must)
            self._paths(node.right, scope, found, must and node.op in ("in", "not in", "contains"))
            return
        for child in _children(node):
            self._paths(child, scope, found, must)

    def _bind(self, nodes: Iterable[ast.Expr | None], scope: Scope, roots_only: bool = False) -> list[str]:
        """Statements reading into a local each field path of `nodes` not read yet that is read whenever they
        are evaluated, or read more than once, shortest first (a path's prefix is read before it); the other
        paths stay where they are, read only if reached. Reading a field has no effect and cannot fail on a
        ledger's values, so reading it ahead changes nothing but the time."""
        found: dict[PathKey, list] = {}
        for node in nodes:
            if node is not None:
                self._paths(node, scope, found, True)
        lines: list[str] = []
        for key in sorted(found, key=len):
            node, times, must = found[key]
            if key in self.bound or (roots_only and key[0] != "r") or not (must or times > 1 or roots_only):
                continue
            code = self.expr(node, scope)
            local = self.p.fresh("p")
            lines.append(f"{local} = {code}")
            self.bound[key] = local
        return lines

    # ---- conditions and expressions ---------------------------------------------------------------------
    def condition(self, node: ast.Expr, scope: Scope, depth: int = 0) -> str:
        """Code giving True, False or None (unknown) for a condition."""
        code = self.expr(node, scope, depth)
        if self.types.get(id(node)) == BOOL:
            return code
        t, first = self._once(code)
        kind = self._value_kind(node, scope)
        if kind == "scalar":
            return f"({first} is not None)"
        if kind == "str":
            return f"(not ({first} is None or {t} == ''))"
        return f"(not ({first} is None or {t} == '' or {t} == [] or {t} == ()))"

    def _test_node(self, node: ast.Test, scope: Scope, depth: int) -> tuple[str, str]:
        """Code of `is missing`/`is present`/`is empty` (and their `not`): (true when it holds, true when not)."""
        operand = self.expr(node.operand, scope, depth)
        kind = self._value_kind(node.operand, scope)
        if node.test in ("missing", "present") and kind == "scalar":  # the operand is used once
            yes, no = f"({operand} is None)", f"({operand} is not None)"
            return (yes, no) if (node.test == "missing") != node.negated else (no, yes)
        t, first = self._once(operand)
        if node.test == "empty":
            yes = f"({first} is not None and _len({t}) == 0)"
            no = f"(not {yes})"
            return (no, yes) if node.negated else (yes, no)
        if node.test not in ("missing", "present"):
            raise CodegenError("test")
        empty = {"str": " or {t} == ''", "list": " or {t} == []"}.get(kind, " or {t} == '' or {t} == []")
        yes = f"({first} is None{empty.format(t=t)})"
        no = f"(not {yes})"
        return (yes, no) if (node.test == "missing") != node.negated else (no, yes)

    def _once(self, code: str) -> tuple[str, str]:
        """(name, first use) of a value used more than once: a local as it is, else a walrus on first use."""
        if _LOCAL.fullmatch(code):
            return code, code
        t = self.p.fresh("t")
        return t, f"({t} := {code})"

    def _value_kind(self, node: ast.Expr, scope: Scope) -> str:
        """What a value read from the ledger or a claim can be, by its schema: "str" (text or None), "list"
        (a list, a tuple or None), "scalar" (a number, date, duration, truth value or None); "any" for values
        the schema does not type (computed ones included), which may be any of these."""
        if isinstance(node, ast.Attr):
            owner = self.types.get(id(node.obj))
            if not (isinstance(owner, ObjType) and (owner.name == "Claim" or _is_record(owner))):
                return "any"
        elif not (isinstance(node, ast.Name) and node.id not in scope and node.id not in self.constants):
            return "any"  # only root fields and fields of records or claims
        t = self.types.get(id(node))
        if t is None:
            return "any"
        if isinstance(t, ListType):
            return "list"
        if isinstance(t, EnumType) or t.name == "str":
            return "str"
        if t.name in ("num", "date", "duration", "bool"):
            return "scalar"
        return "any"

    def sure(self, node: ast.Expr, scope: Scope) -> bool:
        """Whether `condition(node)` is certainly True or False, never unknown: then and/or/not are Python's."""
        if self.types.get(id(node)) != BOOL:
            return True  # "present and not empty"
        if isinstance(node, ast.Test) or (isinstance(node, ast.Literal) and type(node.value) is bool):
            return True
        if isinstance(node, ast.Unary) and node.op == "not":
            return self.sure(node.operand, scope)
        if isinstance(node, ast.Binary) and node.op in ("and", "or", "implies"):  # one unknown side: unknown
            return self.sure(node.left, scope) and self._right(node, scope, lambda: self.sure(node.right, scope))
        if isinstance(node, ast.Binary) and (node.op in _COMPARISONS or node.op == "matches"):
            return self.present(node, scope)  # a comparison of two present values is True or False
        return isinstance(node, ast.Comprehension) and node.func in ("any", "all")

    def present(self, node: ast.Expr, scope: Scope) -> bool:
        """Whether the code of `node` never gives None (a missing value): then comparing it needs no guard."""
        if isinstance(node, (ast.Literal, ast.ListExpr, ast.Test)):
            return not (isinstance(node, ast.Literal) and node.value is None)
        if isinstance(node, (ast.Name, ast.Attr)) and self._path(node, scope) in self.known_present:
            return True
        if isinstance(node, ast.Name):
            return node.id not in scope and node.id in self.constants and self.constants[node.id] is not None
        if isinstance(node, ast.Call):
            return node.func == "count" and len(node.args) == 1  # _len(x or ())
        if isinstance(node, ast.Comprehension):
            return node.func in ("count", "any", "all", "list", "sum", "group")  # min and max of nothing: None
        if isinstance(node, ast.Unary):
            return self.sure(node.operand, scope) if node.op == "not" else self.present(node.operand, scope)
        if isinstance(node, ast.Binary):
            if node.op in ("and", "or", "implies"):
                return self.sure(node, scope)
            if node.op == "matches":
                return self.present(node.left, scope)
            if node.op in _COMPARISONS or node.op in _ARITH or node.op in ("in", "not in", "contains"):
                return self.present(node.left, scope) and self.present(node.right, scope)
        return False

    def test(self, node: ast.Expr, scope: Scope, want: bool, depth: int = 0) -> str:
        """Code that is True exactly when `condition(node)` is `want` (True or False, not unknown), evaluating
        what `condition(node)` evaluates, in the same order: where, when and require/forbid ask only that, so
        and/or/not need not build the unknown value."""
        if depth > HOIST_DEPTH:  # as deep as `expr` goes before it hoists: its code, which hoists
            return f"({self.condition(node, scope, depth)} is {want})"
        d = depth + 1
        if isinstance(node, ast.Unary) and node.op == "not":
            return self.test(node.operand, scope, not want, d)
        if isinstance(node, ast.Test):
            holds, fails = self._test_node(node, scope, d)
            return holds if want else fails
        if isinstance(node, ast.Binary) and (node.op in _COMPARISONS or node.op == "matches"):
            guards, applied = self._operation(node, scope, d)  # a truth value once no guard is None
            return "(" + " and ".join([f"{g} is not None" for g in guards] + [
                f"({applied})" if want else f"not ({applied})"]) + ")"
        if not (isinstance(node, ast.Binary) and node.op in ("and", "or", "implies")):
            code = self.condition(node, scope, d)
            if self.sure(node, scope):
                return code if want else f"(not {code})"
            return f"({code} is {want})"
        flip = node.op == "implies"  # a implies b ≡ (not a) or b
        op = "or" if flip else node.op
        # The left side decides alone when it is False for `and`, True for `or`; else the right side is
        # evaluated (as condition() does) and both must be `want`.
        decides = op == "or"
        right = self._right(node, scope, lambda: self.test(node.right, scope, want, d))
        if want == decides:  # and→False, or→True: either side is enough
            return f"({self.test(node.left, scope, decides != flip, d)} or {right})"
        if self.sure(node.left, scope):
            return f"({self.test(node.left, scope, want != flip, d)} and {right})"
        a = self.p.fresh("t")
        return (f"(({a} := {self.condition(node.left, scope, d)}) is not {decides != flip} and {right}"
                f" and {a} is {want != flip})")

    def expr(self, node: ast.Expr, scope: Scope, depth: int = 0) -> str:  # noqa: C901 - one case per node
        """Code computing the value of an expression (None for missing)."""
        if depth > HOIST_DEPTH:
            return self._hoist(node, scope)
        d = depth + 1
        if isinstance(node, ast.Literal):
            return self.p.literal(node.value)
        if isinstance(node, ast.ListExpr):
            return "[" + ", ".join(self.expr(i, scope, d) for i in node.items) + "]"
        if isinstance(node, ast.Name):
            if node.id in scope:
                return scope[node.id]
            if node.id in self.constants:
                return self.p.literal(self.constants[node.id])
            local = self.bound.get(("r", node.id))
            return local if local is not None else f"root[{text(node.id)}]"
        if isinstance(node, ast.Attr):
            return self._attr(node, scope, d)
        if isinstance(node, ast.Index):
            return f"_index({self.expr(node.obj, scope, d)}, {self.expr(node.index, scope, d)})"
        if isinstance(node, ast.Unary):
            t = self.p.fresh("t")
            if node.op == "not":
                if self.sure(node.operand, scope):
                    return f"(not {self.condition(node.operand, scope, d)})"
                return f"(None if ({t} := {self.condition(node.operand, scope, d)}) is None else not {t})"
            if node.op == "-":
                return f"(None if ({t} := {self.expr(node.operand, scope, d)}) is None else -{t})"
            raise CodegenError("unary")
        if isinstance(node, ast.Binary):
            return self._binary(node, scope, d)
        if isinstance(node, ast.Test):
            return self._test_node(node, scope, d)[0]
        if isinstance(node, ast.Call):
            return self._call(node, scope, d)
        if isinstance(node, ast.Comprehension):
            return self._comprehension(node, scope)
        raise CodegenError("node")

    def _attr(self, node: ast.Attr, scope: Scope, depth: int) -> str:
        # Ledger values are dicts (records); claims are objects whose fields are read directly.
        key = self._path(node, scope)
        if key is not None and key in self.bound:
            return self.bound[key]
        obj = self.expr(node.obj, scope, depth)
        name = text(node.name)
        if not _LOCAL.fullmatch(obj):
            t = self.p.fresh("t")
            obj, first = t, f"({t} := {obj})"
        else:
            first = obj
        owner = self.types.get(id(node.obj))
        if (isinstance(owner, ObjType) and owner.name == "Claim" and node.name in CLAIM_FIELDS
                and node.name.isidentifier()):
            flag = self.claim_tests.get(obj)
            if flag is not None:
                return f"({obj}.{node.name} if {flag} else _field({obj}, {name}))"
            return f"({obj}.{node.name} if _type({first}) is _Claim else _field({obj}, {name}))"
        if _is_record(owner):  # a dict, or None when missing: the checker proved it
            return f"(None if {first} is None else {obj}.get({name}))"
        return f"({obj}.get({name}) if _type({first}) is _dict else _field({obj}, {name}))"

    def _call(self, node: ast.Call, scope: Scope, depth: int) -> str:
        if node.func not in BUILTINS:
            raise CodegenError("function")
        if node.func == "first_match":
            if len(node.args) != 2:
                raise CodegenError("arguments")
            if self.at_match is not None and self.at_match[:2] == (  # both known: set only then
                    self._path(node.args[0], scope), self._pattern_text(node.args[1], scope)):
                return self.at_match[2]  # the very search `at … match` made (same text, same pattern)
            pattern = self.regex(node.args[1], scope, depth)
            return f"_search_text({pattern}, {self.expr(node.args[0], scope, depth)})"
        args = [self.expr(a, scope, depth) for a in node.args]
        if node.func == "count" and len(args) == 1:
            return f"_len({args[0]} or ())"
        impl = self.p.constant(BUILTINS[node.func].impl)
        return f"{impl}({', '.join(args)})"

    def _binary(self, node: ast.Binary, scope: Scope, depth: int) -> str:  # noqa: C901 - one case per operator
        op = node.op
        if op in ("and", "or", "implies"):
            a, b = self.p.fresh("t"), self.p.fresh("t")
            left = self.condition(node.left, scope, depth)
            right, sure_right = self._right(node, scope, lambda: (
                self.condition(node.right, scope, depth), self.sure(node.right, scope)))
            sure_left = self.sure(node.left, scope)
            if op == "implies":  # a implies b  ≡  (not a) or b
                if sure_left:
                    left = f"(not {left})"
                else:
                    c = self.p.fresh("t")
                    left = f"(None if ({c} := {left}) is None else not {c})"
                op = "or"
            # Conditions give True, False or None; with one side sure to be True or False, Python's `and`/`or`
            # give the three-valued answer (the other side unknown: unknown, unless the sure side decides).
            if sure_left:
                return f"({left} {op} {right})"
            if sure_right:
                decided = "False" if op == "and" else "True"
                return f"({decided} if ({a} := {left}) is {decided} else ({right} {op} {a}))"
            if op == "and":
                return (f"(False if ({a} := {left}) is False else (False if ({b} := {right}) is False"
                        f" else (None if {a} is None or {b} is None else True)))")
            return (f"(True if ({a} := {left}) is True else (True if ({b} := {right}) is True"
                    f" else (None if {a} is None or {b} is None else False)))")
        if op in ("in", "not in", "contains"):
            left, right = self.expr(node.left, scope, depth), self.expr(node.right, scope, depth)
            helper = {"in": "_in", "not in": "_not_in", "contains": "_contains"}[op]
            return f"{helper}({left}, {right})"
        guards, applied = self._operation(node, scope, depth)
        for first in reversed(guards):
            applied = f"(None if {first} is None else {applied})"
        return applied if guards else f"({applied})"

    def _operation(self, node: ast.Binary, scope: Scope, depth: int) -> tuple[list[str], str]:
        """A comparison, `matches` or arithmetic as (guards, applied): the value is None as soon as the
        operand whose first use is a guard is None, in order; else `applied`. A side that is never None needs
        no guard."""
        op = node.op
        if op == "matches":
            text_code = self.expr(node.left, scope, depth)
            if self.present(node.left, scope):
                t, guards = text_code, []
            else:
                t, first = self._once(text_code)
                guards = [first]
            pattern = self.regex(node.right, scope, depth)
            subject = t if self._value_kind(node.left, scope) == "str" and not isinstance(
                self.types.get(id(node.left)), EnumType) else f"_str({t})"  # text as it is: str() gives it back
            capture = self.captures.get(id(node))
            key, source = self._path(node.left, scope), self._pattern_text(node.right, scope)
            if capture is not None and key is not None and source is not None:
                self.captured[(key, source)] = capture
                return guards, f"({capture} := {pattern}({subject})) is not None"
            return guards, f"{pattern}({subject}) is not None"
        left, right = self.expr(node.left, scope, depth), self.expr(node.right, scope, depth)
        left_sure, right_sure = self.present(node.left, scope), self.present(node.right, scope)
        a, first = (left, "") if left_sure else self._once(left)
        if isinstance(node.right, ast.Literal):
            constant = node.right.value
            if op in _ORDER and isinstance(constant, str):
                return [first] if first else [], f"{_ORDER[op]}({a}, {right})"
            if op in _ORDER or op in _ARITH or op in ("==", "!=", "/", "%"):
                return [first] if first else [], f"{a} {op} {right}"
            raise CodegenError("operator")
        if isinstance(node.right, ast.Name) and node.right.id not in scope and node.right.id in self.constants:
            value = self.constants[node.right.id]  # a parameter: present, so only the left side may be missing
            if value is not None and not isinstance(value, (list, str)) and op in (*_ORDER, *_ARITH, "==", "!="):
                return [first] if first else [], f"{a} {op} {right}"
        if left_sure and not right_sure:  # the left side is still computed first, as it always was
            a, first = self._once(left)
        b, second = (right, "") if right_sure else self._once(right)
        if op in ("==", "!=") or op in _ARITH:
            applied = f"{a} {op} {b}"
        elif op in _ORDER:
            kinds = {base(t) if t is not None else "any" for t in (self.types.get(id(node.left)),
                                                                    self.types.get(id(node.right)))}
            applied = f"{a} {op} {b}" if kinds <= _RAW_KINDS else f"{_ORDER[op]}({a}, {b})"
        elif op == "/":
            applied = f"_div({a}, {b})"
        elif op == "%":
            applied = f"_mod({a}, {b})"
        else:
            raise CodegenError("operator")
        return [g for g in (first, second) if g], applied

    def regex(self, node: ast.Expr, scope: Scope, depth: int = 0) -> str:
        """Code giving the `search` of a pattern: a constant compiled now, or one built from data at run time."""
        constant = self._pattern_text(node, scope)
        if constant is not None:
            return self.p.constant(compile_pattern(constant, self.trusted_patterns))
        return f"_data_search({self.expr(node, scope, depth)})"

    def _pattern_text(self, node: ast.Expr, scope: Scope) -> str | None:
        """The text of a pattern known when the rules are compiled (a literal or a parameter), else None."""
        constant = node.value if isinstance(node, ast.Literal) else None
        if isinstance(node, ast.Name) and node.id not in scope:
            constant = self.constants.get(node.id, constant)
        if isinstance(constant, list):
            constant = word_pattern(constant)
        return constant if isinstance(constant, str) else None

    def _enter_function(self) -> _Generating:
        """Start generating a function of its own: the caller's locals are not its locals."""
        saved = (self.bound, self.claim_tests, self.at_match, self.captures, self.known_present)
        self.bound, self.claim_tests, self.at_match, self.captures, self.known_present = {}, {}, None, {}, frozenset()
        return saved

    def _leave_function(self, saved: _Generating) -> None:
        self.bound, self.claim_tests, self.at_match, self.captures, self.known_present = saved

    def _right(self, node: ast.Binary, scope: Scope, generate: Callable[[], _T]) -> _T:
        """`generate()` for the right side of and/or/implies `node`, knowing the field its left side tests
        present when the right side is evaluated at all (`x is missing or x matches p`: x is there)."""
        outer = self.known_present
        left = node.left
        if isinstance(left, ast.Test) and left.test in ("missing", "present"):
            key = self._path(left.operand, scope)
            says_present = (left.test == "missing") == left.negated
            if key is not None and says_present == (node.op != "or"):  # or: evaluated when the left is False
                self.known_present = outer | {key}
        try:
            return generate()
        finally:
            self.known_present = outer

    def _proven_matches(self, node: ast.Expr, want: bool) -> list[ast.Binary]:
        """The `matches` nodes that were evaluated and matched whenever `test(node, want)` is True: through
        `not`, the sides of an `and` that is True and the left side of an `implies` that is False."""
        if isinstance(node, ast.Unary) and node.op == "not":
            return self._proven_matches(node.operand, not want)
        if isinstance(node, ast.Binary):
            if node.op == "matches":
                return [node] if want else []
            if node.op == "and" and want:
                return self._proven_matches(node.left, True) + self._proven_matches(node.right, True)
            if node.op == "implies" and not want:
                return self._proven_matches(node.left, True)
        return []

    def _hoist(self, node: ast.Expr, scope: Scope) -> str:
        """A deep sub-expression as a function of its own, called with the variables in scope."""
        name = self.p.fresh("_h")
        params = _params(node, scope)
        saved = self._enter_function()
        body = self.expr(node, scope, 0)
        self._leave_function(saved)
        self.p.add_helper([f"def {name}({params}):", f"    return {body}"])
        return f"{name}({params})"

    def _comprehension(self, node: ast.Comprehension, scope: Scope) -> str:  # noqa: C901 - one case per function
        """A function looping over the iterable with a plain `for`, called where the comprehension is."""
        func = node.func
        if func not in _COMPREHENSIONS:
            raise CodegenError("comprehension")
        name = self.p.fresh("_q")
        params = _params(node, scope)
        saved = self._enter_function()
        iterable = self.expr(node.iterable, scope)
        var, idx = self.p.fresh("v"), self.p.fresh("i")
        inner = {**scope, node.var: var}
        # Field paths read once per element, as in a clause: the condition's, then (past it) the value's.
        skip = ["        " + line for line in self._claim_test(node.iterable, var)]
        skip += ["        " + line for line in self._bind([node.where], inner)]
        if node.where is not None:
            skip += [f"        if not {self.test(node.where, inner, True)}:", "            continue"]
        skip += ["        " + line for line in self._bind([node.value], inner)]
        if func in ("any", "all"):
            value = self.test(node.value, inner, func == "any") if node.value is not None else None
        else:
            value = self.expr(node.value, inner) if node.value is not None else None
        lines = [f"def {name}({params}):"]
        if func in ("any", "all"):
            want = func == "any"
            lines += [f"    for {var} in {iterable} or ():", *skip]
            if value is None:  # every element counts as true
                lines.append("        return True" if want else "        pass")
            else:
                lines += [f"        if {value}:", f"            return {want}"]
            lines.append(f"    return {not want}")
        elif func == "group":
            lines += self._group_body(node, scope, iterable, var, idx, skip, value)
        elif func == "count":
            lines += ["    n = 0", f"    for {var} in {iterable} or ():", *skip]
            if value is not None:
                lines.append(f"        {value}")
            lines += ["        n += 1", "    return n"]
        else:
            lines += ["    r = []", f"    for {var} in {iterable} or ():", *skip]
            item = value if value is not None else "True"
            if func == "list":
                lines += [f"        r.append({item})", "    return r"]
            else:  # missing values do not count
                lines += [f"        x = {item}", "        if x is not None:", "            r.append(x)"]
                if func == "sum":
                    lines.append("    return _sum(r)")
                else:
                    lines.append(f"    return _{func}(r) if r else None")
        self._leave_function(saved)
        self.p.add_helper(lines)
        return f"{name}({params})"

    def _group_body(self, node: ast.Comprehension, scope: Scope, iterable: str, var: str, idx: str,
                    skip: list[str], value: str | None) -> list[str]:
        """group(x in xs where c: key): one {key, items, count} per distinct present key, in order of first
        appearance, in one pass. A group points at its first element (at the key's field when the key is a
        field path of the element), kept under a name rules cannot read."""
        path: list[str] = []
        key_node: ast.Expr | None = node.value
        while isinstance(key_node, ast.Attr):
            path.append(key_node.name)
            key_node = key_node.obj
        if not (isinstance(key_node, ast.Name) and key_node.id == node.var):
            path = []
        path.reverse()
        parent = self.locator(node.iterable, scope, {})
        lines = ["    groups = {}", f"    base = {parent}", f"    for {idx}, {var} in _enumerate({iterable} or ()):",
                 *skip, f"        key = _plain({value})" if value is not None else "        key = None",
                 "        if key is None or key == '':", "            continue", "        g = groups.get(key)",
                 "        if g is None:", f"            ptr = _join(base[0], {idx}) if base is not None else ''"]
        lines += [f"            ptr = _join(ptr, {text(p)})" for p in path]
        lines += ["            g = groups[key] = {'key': key, 'items': [], 'count': 0, '_pointer': ptr}",
                  f"        g['items'].append({var})", "        g['count'] += 1", "    return _list(groups.values())"]
        return lines

    # ---- locations and messages -------------------------------------------------------------------------
    def locator(self, node: ast.Expr, scope: Scope, ptrs: dict[str, str]) -> str:
        """Code giving the (pointer, start, end) of a path expression, or None, for `at`."""
        if isinstance(node, ast.Name):
            if node.id in ptrs:
                return ptrs[node.id]
            if node.id in self.constants:
                return "None"
            return f"({text('/' + node.id)}, None, None)"
        if isinstance(node, (ast.Attr, ast.Index)):
            parent = self.locator(node.obj, scope, ptrs)
            step = text(node.name) if isinstance(node, ast.Attr) else f"_int({self.expr(node.index, scope)})"
            t = self.p.fresh("t")
            return f"(None if ({t} := {parent}) is None else (_join({t}[0], {step}), None, None))"
        return "None"

    def pointer(self, node: ast.Expr, scope: Scope, fast: dict[str, str]) -> str | None:
        """Code giving the pointer of a path expression that `locator` would give without looking at any value
        (a root field, a field of a ledger record in a list, …), or None where it must look (claims, groups,
        indexes, parameters). Escaped at compile time as `_join` would escape it at run time."""
        if isinstance(node, ast.Name):
            if node.id in scope:
                return fast.get(node.id)
            if node.id in self.constants:
                return None
            return text("/" + node.id)
        if isinstance(node, ast.Attr):
            parent = self.pointer(node.obj, scope, fast)
            if parent is None:
                return None
            return f"{parent} + {text(pointer_join('', text_value(node.name)))}"
        return None

    def template(self, template: ast.Template, scope: Scope) -> str:
        """Code rendering a message template."""
        parts = [text(part) if isinstance(part, str) else f"_show({self.expr(part, scope)}, root)"
                 for part in template.parts]
        return " + ".join(parts) if parts else "''"


def _guard(first: str, value: str) -> str:
    """`value`, or None when the operand whose first use is `first` is None ("" for an operand never None)."""
    return f"(None if {first} is None else {value})" if first else f"({value})"


def _params(node: ast.Expr, scope: Scope) -> str:
    """Parameters of a function computing `node`: the root and the variables in scope it uses."""
    used = free_names(node)
    return ", ".join(["root", *(local for name, local in scope.items() if name in used)])


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


# ---- compiling and checking the generated source -----------------------------------------------------------

_GLOBAL = re.compile(r"_[kqhc]\d+")  # the names of generated functions and constants
_ATTRIBUTES = frozenset({"get", "append", "start", "end", "values"}) | CLAIM_FIELDS
# Opcodes the generator never writes: imports, class building, writes to globals, attributes or names.
_FORBIDDEN_OPS = frozenset(opcode.opmap[name] for name in (
    "IMPORT_NAME", "IMPORT_FROM", "IMPORT_STAR", "LOAD_BUILD_CLASS", "STORE_GLOBAL", "DELETE_GLOBAL",
    "STORE_ATTR", "DELETE_ATTR", "DELETE_NAME", "SETUP_ANNOTATIONS", "LOAD_CLASSDEREF", "LOAD_CLOSURE",
    "MAKE_CELL", "COPY_FREE_VARS", "LOAD_DEREF", "STORE_DEREF", "DELETE_DEREF") if name in opcode.opmap)
_PLAIN_CONSTANTS = (str, int, float, bool, type(None))


def verify(code: CodeType, namespace: dict[str, object]) -> None:
    """Refuse compiled code outside the shape this module writes: every global and attribute it names is a
    helper or constant of the namespace, a generated function or a record, claim or match attribute (no
    builtins, no dunder); its functions are only the generated ones (no lambda, comprehension or closure);
    constants are plain values; no import, class or store to a global or attribute. Raises CodegenError."""
    stack = [code]
    while stack:
        co = stack.pop()
        if co is not code and not _GLOBAL.fullmatch(co.co_name):
            raise CodegenError(f"generated code: function {co.co_name}")
        if co.co_freevars or co.co_cellvars:
            raise CodegenError("generated code: closure")
        for name in co.co_names:
            if not (name in _ATTRIBUTES or _GLOBAL.fullmatch(name) or (
                    name in namespace and not name.startswith("__"))):
                raise CodegenError(f"generated code: name {name}")
        raw = co.co_code
        if any(raw[k] in _FORBIDDEN_OPS for k in range(0, len(raw), 2)):
            raise CodegenError("generated code: operation")
        consts = list(co.co_consts)
        while consts:
            value = consts.pop()
            if isinstance(value, CodeType):
                stack.append(value)
            elif type(value) is tuple:
                consts.extend(value)
            elif type(value) not in _PLAIN_CONSTANTS:
                raise CodegenError("generated code: constant")


def build(program: Program, source: str) -> dict[str, object]:
    """Compile the generated source once into the program's namespace, which it returns. Raises
    CodegenError when the code does not verify, SyntaxError/RecursionError/MemoryError when Python cannot
    compile it."""
    code = compile(source, "<ledgerlint rules>", "exec", dont_inherit=True)
    verify(code, program.namespace)
    exec(code, program.namespace)  # noqa: S102 - generated from checked data only, verified just above
    return program.namespace


def compiled_clauses(functions: dict[str, object], code: RuleCode,
                     clauses: Iterable[ast.Clause]) -> tuple[CompiledClause, ...]:
    """The runnable clauses of one rule from the built program."""
    return tuple(CompiledClause(functions[name], c.span, frozenset(free_names(c)))  # type: ignore[arg-type]  # generated: root → list[Fact]
                 for name, c in zip(code.clause_names, clauses, strict=True))


__all__ = ["WRITTEN", "ClauseFailure", "CodegenError", "CompiledClause", "Fact", "Program", "RuleCode", "RuleCompiler",
           "RuleRuntimeError", "build", "compiled_clauses", "failure_reason", "format_value", "free_names",
           "is_missing", "natural_key", "object_field", "verify"]
