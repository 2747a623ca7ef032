"""Typed, frozen AST of the rule language. Every node carries the span it was parsed from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Span:
    """1-based start and end position of a node in its rule file."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Name:
    """A variable, a root field of the ledger, or a parameter."""

    id: str
    span: Span


@dataclass(frozen=True, slots=True)
class Attr:
    """`obj.name`."""

    obj: Expr
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Index:
    """`obj[index]`."""

    obj: Expr
    index: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant; kind is one of str, num, date, duration, bool."""

    value: object
    kind: str
    span: Span


@dataclass(frozen=True, slots=True)
class ListExpr:
    """`[a, b, c]`."""

    items: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Unary:
    """`not x` or `-x`."""

    op: str
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Binary:
    """Boolean, comparison, arithmetic, `matches`, `contains`, `in`, `not in` and `implies`."""

    op: str
    left: Expr
    right: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Test:
    """`x is missing|present|empty` (negated for `is not`)."""

    operand: Expr
    test: str
    negated: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """A built-in function applied to arguments."""

    func: str
    args: tuple[Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Comprehension:
    """`count(i in issues where cond)`, `sum(c in claims: c.total)`, `any(m in xs: cond)`."""

    func: str
    var: str
    iterable: Expr
    where: Expr | None
    value: Expr | None
    span: Span


Expr = Union[Name, Attr, Index, Literal, ListExpr, Unary, Binary, Test, Call, Comprehension]  # noqa: UP007


@dataclass(frozen=True, slots=True)
class Template:
    """A message: literal text and `{expression}` holes."""

    parts: tuple[str | Expr, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Generator:
    """`var in iterable [where cond]` in a `for` line."""

    var: str
    iterable: Expr
    where: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class Clause:
    """One check of a rule: iterate, filter, require (or forbid), locate, report."""

    generators: tuple[Generator, ...]
    when: Expr | None
    forbid: bool
    check: Expr
    at: Expr | None
    at_match: Expr | None
    severity: tuple[str, Span] | None
    message: Template
    span: Span
    lets: tuple[Let, ...] = ()  # `let`s after the `for` line: they may use its variables


@dataclass(frozen=True, slots=True)
class Let:
    """`let name = expr`: a named sub-expression, in a rule or for the whole rule file."""

    name: str
    value: Expr
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class Rule:
    """`rule name severity "title"` with its docs and clauses."""

    name: str
    severity: str
    title: str
    doc: str
    tags: tuple[str, ...]
    clauses: tuple[Clause, ...]
    span: Span
    name_span: Span
    severity_span: Span
    lets: tuple[Let, ...] = ()
    applies: tuple[str, ...] = ()  # document kinds the rule runs on (`applies ...`); empty: the default
    applies_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Param:
    """`param name = literal`: a default a config may override."""

    name: str
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Include:
    """`include "other.rules"`: params and rules of another file (relative path)."""

    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class RuleFile:
    """One parsed rule file."""

    source: str
    text: str
    name: str | None
    title: str
    includes: tuple[Include, ...]
    params: tuple[Param, ...]
    rules: tuple[Rule, ...]
    lets: tuple[Let, ...] = ()
