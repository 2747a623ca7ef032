"""`let` names → their expressions, before checking: a rule reads as written, the checker and the compiler see
plain expressions (spans kept, so a type mistake inside a `let` points at its definition).

A `let` at rule-file level is visible to every rule of the file, one inside a rule to that rule's checks, one
after a check's `for` line to that check (it may use the loop variables); a later `let` may use an earlier one.
Its value is also checked on its own where it is defined (checker.dsl.check), so a `let` reads only what is
bound there.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from checker.dsl import ast
from checker.dsl.parse import caret_context
from checker.errors import RuleCompileError
from checker.location import Location

LET_ERROR = "E209"  # duplicate `let`, or a `let` whose names a `for`/comprehension variable would capture


# name → its expanded `let` and the variables bound where it is defined. Bound variables are kept as a stack
# (outermost first): a use sees the definition's stack as its prefix, and any name bound after it may capture.
_Env = dict[str, tuple[ast.Let, tuple[str, ...]]]


def expand_lets(rule_file: ast.RuleFile) -> tuple[ast.RuleFile, list[RuleCompileError]]:
    """The rule file with every use of a `let` name replaced by its (expanded) value, and the mistakes found:
    a name defined twice (or also a `param` or a loop variable), a `let` used where one of its names is rebound
    by `for` or a comprehension. A rule with a mistake is left out (its error is reported instead); so are all
    rules when a rule-file `let` has one."""
    errors: list[RuleCompileError] = []
    if not rule_file.lets and not any(r.lets or any(c.lets for c in r.clauses) for r in rule_file.rules):
        return rule_file, errors
    params = frozenset(p.name for p in rule_file.params)

    def fail(message: str, span: ast.Span, hint: str) -> RuleCompileError:
        loc = Location(rule_file.source, span.line, span.column, span.end_line, span.end_column)
        return RuleCompileError(message, loc, hint=hint, context=caret_context(rule_file.text, span), code=LET_ERROR)

    expander = _Expander(params, fail)
    try:
        file_env, file_lets = expander.define(rule_file.lets, {}, ())
    except RuleCompileError as exc:
        return dataclasses.replace(rule_file, rules=(), lets=()), [exc]
    rules: list[ast.Rule] = []
    for rule in rule_file.rules:
        try:
            env, lets = expander.define(rule.lets, file_env, ())
            clauses = tuple(expander.expand(c, env, ()) for c in rule.clauses)
        except RuleCompileError as exc:
            errors.append(exc)
            continue
        rules.append(dataclasses.replace(rule, lets=lets, clauses=clauses))
    return dataclasses.replace(rule_file, lets=file_lets, rules=tuple(rules)), errors


class _Expander:
    """Replaces `let` names in one rule file; raises the first mistake as a RuleCompileError."""

    def __init__(self, params: frozenset[str], fail: Any) -> None:
        self.params = params
        self.fail = fail

    def define(self, lets: tuple[ast.Let, ...], env: _Env, bound: tuple[str, ...]) -> tuple[_Env, tuple[ast.Let, ...]]:
        """`env` extended by `lets` (each may use the earlier ones), defined where `bound` variables are bound."""
        env = dict(env)
        out: list[ast.Let] = []
        for let in lets:
            if let.name in env or let.name in self.params or let.name in bound:
                where = env[let.name][0].name_span.line if let.name in env else None
                before = (f"(先前定义于第 {where} 行)" if where else "(与参数同名)" if let.name in self.params
                          else "(与循环变量同名)")
                raise self.fail(f"名称 '{let.name}' 重复定义{before}", let.name_span,
                                "let 的名称在规则文件和规则中不能重复,请改名")
            expanded = dataclasses.replace(let, value=self.expand(let.value, env, bound))
            env[let.name] = (expanded, bound)
            out.append(expanded)
        return env, tuple(out)

    def expand(self, node: Any, env: _Env, bound: tuple[str, ...]) -> Any:
        """`node` with `let` names replaced; `bound` holds the variables of enclosing `for`s and comprehensions."""
        if not env and not (isinstance(node, ast.Clause) and node.lets):
            return node
        if isinstance(node, ast.Name):
            entry = env.get(node.id)
            if entry is None or node.id in bound:
                return node
            let, defined_in = entry
            captured = sorted(_names(let.value) & set(bound[len(defined_in):]))
            if captured:
                raise self.fail(f"'{node.id}' 中的名称 '{captured[0]}' 在此处被循环变量遮蔽", node.span,
                                f"请给循环变量换个名字,不要与 let {node.id} 用到的名称相同")
            # The whole value is located at the use (a type mismatch points there), its parts at the definition.
            return dataclasses.replace(let.value, span=node.span)
        if isinstance(node, ast.Clause):
            return self._clause(node, env, bound)
        if isinstance(node, ast.Comprehension):
            inner = (*bound, node.var)
            return dataclasses.replace(node, iterable=self.expand(node.iterable, env, bound),
                                       where=self.expand(node.where, env, inner),
                                       value=self.expand(node.value, env, inner))
        if isinstance(node, tuple):
            return tuple(self.expand(item, env, bound) for item in node)
        if dataclasses.is_dataclass(node) and not isinstance(node, (type, ast.Span)):
            changes = {f.name: self.expand(getattr(node, f.name), env, bound) for f in dataclasses.fields(node)
                       if f.name != "span"}
            return dataclasses.replace(node, **changes)
        return node

    def _clause(self, node: ast.Clause, env: _Env, bound: tuple[str, ...]) -> ast.Clause:
        shadowing = [g for g in node.generators if g.var in env]
        if shadowing:
            raise self.fail(f"循环变量 '{shadowing[0].var}' 与 let 同名", shadowing[0].span,
                            "请给循环变量或 let 换个名字")
        gens: list[ast.Generator] = []
        seen = bound
        for gen in node.generators:
            gens.append(dataclasses.replace(gen, iterable=self.expand(gen.iterable, env, seen),
                                            where=self.expand(gen.where, env, (*seen, gen.var))))
            seen = (*seen, gen.var)
        env, lets = self.define(node.lets, env, seen)
        rest = {f.name: self.expand(getattr(node, f.name), env, seen)
                for f in dataclasses.fields(node) if f.name not in ("generators", "span", "severity", "lets")}
        return dataclasses.replace(node, generators=tuple(gens), lets=lets, **rest)


def _names(node: Any) -> set[str]:
    """The free names of an expression (those not bound by a comprehension inside it)."""
    out: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Name):
            out.add(item.id)
        elif isinstance(item, ast.Comprehension):
            stack.append(item.iterable)
            out |= (_names(item.where) | _names(item.value)) - {item.var}
        elif isinstance(item, tuple):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, (type, ast.Span)):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
    return out


__all__ = ["LET_ERROR", "expand_lets"]
