"""`let` names → their expressions, before checking: a rule reads as written, the checker and the compiler see
plain expressions (spans kept, so a type mistake inside a `let` points at its definition).

A `let` at rule-file level is visible to every rule of the file, one inside a rule to that rule's clauses; a
later `let` may use an earlier one. Its value is checked on its own at the definition (checker.dsl.check), so a
`let` names only ledger fields, parameters and earlier `let`s, never a `for` variable.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from checker.dsl import ast
from checker.dsl.parse import caret_context
from checker.errors import RuleCompileError
from checker.location import Location

LET_ERROR = "E209"  # duplicate `let`, or a `let` whose names a `for`/comprehension variable would capture


def expand_lets(rule_file: ast.RuleFile) -> tuple[ast.RuleFile, list[RuleCompileError]]:
    """The rule file with every use of a `let` name replaced by its (expanded) value, and the mistakes found:
    a name defined twice (or also a `param`), a `let` used where one of its names is rebound by `for` or a
    comprehension. A rule with a mistake is left out (its error is reported instead); so are all rules when a
    rule-file `let` has one."""
    errors: list[RuleCompileError] = []
    if not rule_file.lets and not any(r.lets for r in rule_file.rules):
        return rule_file, errors
    params = {p.name for p in rule_file.params}

    def fail(message: str, span: ast.Span, hint: str) -> RuleCompileError:
        loc = Location(rule_file.source, span.line, span.column, span.end_line, span.end_column)
        return RuleCompileError(message, loc, hint=hint, context=caret_context(rule_file.text, span), code=LET_ERROR)

    def define(lets: tuple[ast.Let, ...], env: dict[str, ast.Let]) -> tuple[dict[str, ast.Let], tuple[ast.Let, ...]]:
        env = dict(env)
        out: list[ast.Let] = []
        for let in lets:
            if let.name in env or let.name in params:
                where = env[let.name].name_span.line if let.name in env else None
                before = f"(先前定义于第 {where} 行)" if where else "(与参数同名)"
                raise fail(f"名称 '{let.name}' 重复定义{before}", let.name_span,
                           "let 的名称在规则文件和规则中不能重复,请改名")
            value = _expand(let.value, env, frozenset(), fail)
            expanded = dataclasses.replace(let, value=value)
            env[let.name] = expanded
            out.append(expanded)
        return env, tuple(out)

    try:
        file_env, file_lets = define(rule_file.lets, {})
    except RuleCompileError as exc:
        return dataclasses.replace(rule_file, rules=(), lets=()), [exc]
    rules: list[ast.Rule] = []
    for rule in rule_file.rules:
        try:
            env, lets = define(rule.lets, file_env)
            clauses = tuple(_expand(c, env, frozenset(), fail) for c in rule.clauses)
        except RuleCompileError as exc:
            errors.append(exc)
            continue
        rules.append(dataclasses.replace(rule, lets=lets, clauses=clauses))
    return dataclasses.replace(rule_file, lets=file_lets, rules=tuple(rules)), errors


def _expand(node: Any, env: dict[str, ast.Let], bound: frozenset[str], fail: Any) -> Any:
    """`node` with `let` names replaced; `bound` holds the variables of enclosing `for`s and comprehensions."""
    if not env:
        return node
    if isinstance(node, ast.Name):
        let = env.get(node.id)
        if let is None or node.id in bound:
            return node
        captured = sorted(_names(let.value) & bound)
        if captured:
            raise fail(f"'{node.id}' 中的名称 '{captured[0]}' 在此处被循环变量遮蔽", node.span,
                       f"请给循环变量换个名字,不要与 let {node.id} 用到的名称相同")
        # The whole value is located at the use (a type mismatch points there), its parts at the definition.
        return dataclasses.replace(let.value, span=node.span)
    if isinstance(node, ast.Clause):
        inner = bound | {g.var for g in node.generators}
        shadowing = [g for g in node.generators if g.var in env]
        if shadowing:
            raise fail(f"循环变量 '{shadowing[0].var}' 与 let 同名", shadowing[0].span, "请给循环变量或 let 换个名字")
        gens: list[ast.Generator] = []
        seen = set(bound)
        for gen in node.generators:
            gens.append(dataclasses.replace(gen, iterable=_expand(gen.iterable, env, frozenset(seen), fail),
                                            where=_expand(gen.where, env, frozenset(seen | {gen.var}), fail)))
            seen.add(gen.var)
        rest = {f.name: _expand(getattr(node, f.name), env, inner, fail)
                for f in dataclasses.fields(node) if f.name not in ("generators", "span", "severity")}
        return dataclasses.replace(node, generators=tuple(gens), **rest)
    if isinstance(node, ast.Comprehension):
        return dataclasses.replace(node, iterable=_expand(node.iterable, env, bound, fail),
                                   where=_expand(node.where, env, bound | {node.var}, fail),
                                   value=_expand(node.value, env, bound | {node.var}, fail))
    if isinstance(node, tuple):
        return tuple(_expand(item, env, bound, fail) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, (type, ast.Span)):
        changes = {f.name: _expand(getattr(node, f.name), env, bound, fail) for f in dataclasses.fields(node)
                   if f.name != "span"}
        return dataclasses.replace(node, **changes)
    return node


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
