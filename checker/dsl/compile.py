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
"""

from __future__ import annotations

import math
import opcode
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import CodeType

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
from checker.dsl.types import BOOL, ObjType, base

HOIST_DEPTH = 16  # an expression nested deeper goes into a function of its own (Python's parser has limits)
MAX_LOOPS = 12  # `for` variables of one check: nested loops in one function (Python allows 20 blocks)
_ORDER = {"<": "_lt", "<=": "_le", ">": "_gt", ">=": "_ge"}
_ARITH = {"+", "-", "*"}
_RAW_KINDS = frozenset({"num", "date", "duration"})  # values whose order needs no natural text order
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
    if type(value) is not str:
        raise CodegenError("text expected")
    return repr(value)


Scope = dict[str, str]  # rule variable → Python local


class RuleCompiler:
    """Generates the functions of the clauses of one rule file's rules."""

    def __init__(self, program: Program, types: TypeMap, constants: dict[str, object],
                 trusted_patterns: frozenset[str] = frozenset()) -> None:
        self.p = program
        self.types = types
        self.constants = constants
        self.trusted_patterns = trusted_patterns

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
        """`def name(root): ...` returning the facts of one clause; raises ClauseFailure."""
        if len(clause.generators) > MAX_LOOPS:
            raise CodegenError(f"一条检查最多 {MAX_LOOPS} 个 for 变量")
        scope: Scope = {}
        ptrs: dict[str, str] = {}
        levels: list[tuple[str, str, str, str | None, str]] = []  # local, index local, iterable, where, name
        for gen in clause.generators:
            iterable = self.expr(gen.iterable, scope)
            parent = self.locator(gen.iterable, scope, ptrs)
            var, idx = self.p.fresh("v"), self.p.fresh("i")
            scope = {**scope, gen.var: var}
            tp = self.p.fresh("t")
            ptrs[gen.var] = (f"(_own_span({var}) or (None if ({tp} := {parent}) is None"
                             f" else (_join({tp}[0], {idx}), None, None)))")
            where = self.condition(gen.where, scope) if gen.where is not None else None
            levels.append((var, idx, iterable, where, gen.var))
        bound = frozenset(scope)
        when = self.condition(clause.when, scope) if clause.when is not None else None
        check = self.condition(clause.check, scope)
        fires_on = "True" if clause.forbid else "False"  # require fires on False, forbid on True
        if clause.at is not None:
            at = self.locator(clause.at, scope, ptrs)
        elif clause.generators:
            at = ptrs[clause.generators[-1].var]
        else:
            at = "('', None, None)"  # the whole document
        at_value = self.expr(clause.at, scope) if clause.at is not None and clause.at_match is not None else None
        at_match = self.regex(clause.at_match, scope) if clause.at_match is not None else None
        message = self.template(clause.message, scope)
        severity = "None" if clause.severity is None else text(clause.severity[0])
        # A `when` that does not mention a loop variable is decided once per run, not once per item.
        invariant = clause.when is not None and not (free_names(clause.when) & bound)

        report = ["tl = " + at, "if tl is None:", "    tl = ('', None, None)", "ptr, s, e = tl"]
        if at_value is not None and at_match is not None:
            report += [f"tx = {at_value}", f"m = {at_match}(_str(tx)) if tx is not None else None",
                       "if m is not None:", "    s, e = m.start(), m.end()"]
        report.append(f"out.append(_Fact({severity}, {message}, ptr, s, e))")

        lines = [f"def {name}(root):", "    out = []"]
        if levels:
            lines.append("    " + " = ".join([level[0] for level in levels] + ["_UNSET"]))
        lines.append("    try:")
        pad = "        "
        if invariant:
            lines += [f"{pad}if {when} is not True:", f"{pad}    return out"]
        for var, idx, iterable, where, _name in levels:
            lines.append(f"{pad}for {idx}, {var} in _enumerate({iterable} or ()):")
            pad += "    "
            if where is not None:
                lines += [f"{pad}if {where} is not True:", f"{pad}    continue"]
        if when is not None and not invariant:
            lines += [f"{pad}if {when} is not True:", f"{pad}    continue"]
        lines.append(f"{pad}if {check} is {fires_on}:")
        lines += [pad + "    " + line for line in report]
        lines += ["    except _Exception as exc:", "        w = None"]
        # Where it failed: the innermost loop element bound at the time (its locator may fail too).
        for var, _idx, _iterable, _where, gen_name in reversed(levels):
            lines += [f"        if w is None and {var} is not _UNSET:", "            try:",
                      f"                f = {ptrs[gen_name]}", "            except _Exception:",
                      "                f = None", "            if f is not None:", "                w = f[0]"]
        lines += ["        raise _ClauseFailure(_reason(exc), '' if w is None else w) from None", "    return out"]
        return lines

    # ---- conditions and expressions ---------------------------------------------------------------------
    def condition(self, node: ast.Expr, scope: Scope, depth: int = 0) -> str:
        """Code giving True, False or None (unknown) for a condition."""
        code = self.expr(node, scope, depth)
        if self.types.get(id(node)) == BOOL:
            return code
        t = self.p.fresh("t")
        return f"(not (({t} := {code}) is None or {t} == '' or {t} == [] or {t} == ()))"

    def sure(self, node: ast.Expr) -> bool:
        """Whether `condition(node)` is certainly True or False, never unknown: then and/or/not are Python's."""
        if self.types.get(id(node)) != BOOL:
            return True  # "present and not empty"
        if isinstance(node, ast.Test) or (isinstance(node, ast.Literal) and type(node.value) is bool):
            return True
        if isinstance(node, ast.Unary) and node.op == "not":
            return self.sure(node.operand)
        if isinstance(node, ast.Binary) and node.op in ("and", "or", "implies"):
            return self.sure(node.left) and self.sure(node.right)  # one unknown side can make it unknown
        return isinstance(node, ast.Comprehension) and node.func in ("any", "all")

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
            return f"root[{text(node.id)}]"
        if isinstance(node, ast.Attr):
            return self._attr(node, scope, d)
        if isinstance(node, ast.Index):
            return f"_index({self.expr(node.obj, scope, d)}, {self.expr(node.index, scope, d)})"
        if isinstance(node, ast.Unary):
            t = self.p.fresh("t")
            if node.op == "not":
                if self.sure(node.operand):
                    return f"(not {self.condition(node.operand, scope, d)})"
                return f"(None if ({t} := {self.condition(node.operand, scope, d)}) is None else not {t})"
            if node.op == "-":
                return f"(None if ({t} := {self.expr(node.operand, scope, d)}) is None else -{t})"
            raise CodegenError("unary")
        if isinstance(node, ast.Binary):
            return self._binary(node, scope, d)
        if isinstance(node, ast.Test):
            t = self.p.fresh("t")
            operand = self.expr(node.operand, scope, d)
            if node.test == "empty":
                empty = f"(({t} := {operand}) is not None and _len({t}) == 0)"
                return f"(not {empty})" if node.negated else empty
            if node.test not in ("missing", "present"):
                raise CodegenError("test")
            missing = f"(({t} := {operand}) is None or {t} == '' or {t} == [])"
            return missing if (node.test == "missing") != node.negated else f"(not {missing})"
        if isinstance(node, ast.Call):
            return self._call(node, scope, d)
        if isinstance(node, ast.Comprehension):
            return self._comprehension(node, scope)
        raise CodegenError("node")

    def _attr(self, node: ast.Attr, scope: Scope, depth: int) -> str:
        # Ledger values are dicts (records); claims are objects whose fields are read directly.
        obj = self.expr(node.obj, scope, depth)
        key = text(node.name)
        if not re.fullmatch(r"[vt]\d+", obj):
            t = self.p.fresh("t")
            obj, first = t, f"({t} := {obj})"
        else:
            first = obj
        owner = self.types.get(id(node.obj))
        if (isinstance(owner, ObjType) and owner.name == "Claim" and node.name in CLAIM_FIELDS
                and node.name.isidentifier()):
            return f"({obj}.{node.name} if _type({first}) is _Claim else _field({obj}, {key}))"
        return f"({obj}.get({key}) if _type({first}) is _dict else _field({obj}, {key}))"

    def _call(self, node: ast.Call, scope: Scope, depth: int) -> str:
        if node.func not in BUILTINS:
            raise CodegenError("function")
        if node.func == "first_match":
            if len(node.args) != 2:
                raise CodegenError("arguments")
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
            right = self.condition(node.right, scope, depth)
            sure_left, sure_right = self.sure(node.left), self.sure(node.right)
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
        if op == "matches":
            t = self.p.fresh("t")
            left = self.expr(node.left, scope, depth)
            pattern = self.regex(node.right, scope, depth)
            return f"(None if ({t} := {left}) is None else {pattern}(_str({t})) is not None)"
        left, right = self.expr(node.left, scope, depth), self.expr(node.right, scope, depth)
        if op in ("in", "not in", "contains"):
            helper = {"in": "_in", "not in": "_not_in", "contains": "_contains"}[op]
            return f"{helper}({left}, {right})"
        a = self.p.fresh("t")
        if isinstance(node.right, ast.Literal):
            constant = node.right.value
            if op in _ORDER and isinstance(constant, str):
                return f"(None if ({a} := {left}) is None else {_ORDER[op]}({a}, {right}))"
            if op in _ORDER or op in _ARITH or op in ("==", "!=", "/", "%"):
                return f"(None if ({a} := {left}) is None else {a} {op} {right})"
            raise CodegenError("operator")
        if isinstance(node.right, ast.Name) and node.right.id not in scope and node.right.id in self.constants:
            value = self.constants[node.right.id]  # a parameter: present, so only the left side may be missing
            if value is not None and not isinstance(value, (list, str)) and op in (*_ORDER, *_ARITH, "==", "!="):
                return f"(None if ({a} := {left}) is None else {a} {op} {right})"
        b = self.p.fresh("t")
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
        return f"(None if ({a} := {left}) is None else (None if ({b} := {right}) is None else {applied}))"

    def regex(self, node: ast.Expr, scope: Scope, depth: int = 0) -> str:
        """Code giving the `search` of a pattern: a constant compiled now, or one built from data at run time."""
        constant = node.value if isinstance(node, ast.Literal) else None
        if isinstance(node, ast.Name) and node.id not in scope:
            constant = self.constants.get(node.id, constant)
        if isinstance(constant, list):
            constant = word_pattern(constant)
        if isinstance(constant, str):
            return self.p.constant(compile_pattern(constant, self.trusted_patterns))
        return f"_data_search({self.expr(node, scope, depth)})"

    def _hoist(self, node: ast.Expr, scope: Scope) -> str:
        """A deep sub-expression as a function of its own, called with the variables in scope."""
        name = self.p.fresh("_h")
        params = _params(node, scope)
        body = self.expr(node, scope, 0)
        self.p.add_helper([f"def {name}({params}):", f"    return {body}"])
        return f"{name}({params})"

    def _comprehension(self, node: ast.Comprehension, scope: Scope) -> str:  # noqa: C901 - one case per function
        """A function looping over the iterable with a plain `for`, called where the comprehension is."""
        func = node.func
        if func not in _COMPREHENSIONS:
            raise CodegenError("comprehension")
        name = self.p.fresh("_q")
        params = _params(node, scope)
        iterable = self.expr(node.iterable, scope)
        var, idx = self.p.fresh("v"), self.p.fresh("i")
        inner = {**scope, node.var: var}
        where = self.condition(node.where, inner) if node.where is not None else None
        if func in ("any", "all"):
            value = self.condition(node.value, inner) if node.value is not None else None
        else:
            value = self.expr(node.value, inner) if node.value is not None else None
        lines = [f"def {name}({params}):"]
        skip = [f"        if {where} is not True:", "            continue"] if where is not None else []
        if func in ("any", "all"):
            want = func == "any"
            lines += [f"    for {var} in {iterable} or ():", *skip]
            if value is None:  # every element counts as true
                lines.append("        return True" if want else "        pass")
            else:
                lines += [f"        if {value} is {want}:", f"            return {want}"]
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

    def template(self, template: ast.Template, scope: Scope) -> str:
        """Code rendering a message template."""
        parts = [text(part) if isinstance(part, str) else f"_fmt(_written({self.expr(part, scope)}, root))"
                 for part in template.parts]
        return " + ".join(parts) if parts else "''"


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
    return tuple(CompiledClause(functions[name], c.span)  # type: ignore[arg-type]  # generated: root → list[Fact]
                 for name, c in zip(code.clause_names, clauses, strict=True))


__all__ = ["WRITTEN", "ClauseFailure", "CodegenError", "CompiledClause", "Fact", "Program", "RuleCode", "RuleCompiler",
           "RuleRuntimeError", "build", "compiled_clauses", "failure_reason", "format_value", "free_names",
           "is_missing", "natural_key", "object_field", "verify"]
