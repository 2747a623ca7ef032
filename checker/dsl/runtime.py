"""What compiled rules call while they run: the facts they report, their failures, field access limited to
ledger records and claim fields, natural ordering, message formatting and patterns built from data.

The generated code of checker.dsl.compile runs in a namespace holding these helpers and nothing else (no
Python builtins); every value it reads from a rule file is a constant or a checked literal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from checker.dsl.builtins import PatternError, dynamic_pattern, word_pattern
from checker.location import pointer_join
from checker.record import LedgerClaim

Env = dict[str, object]
# Where the engine puts how the ledger's text is written (a notice in traditional characters is read in
# simplified ones): messages quote text through it. Not a name a rule can write, so no rule can read it.
WRITTEN = "#written"
Span3 = tuple[str, int | None, int | None]  # pointer, start, end inside the string value


class Fact(NamedTuple):
    """What a rule reports before the engine adds identity, severity and location (a tuple: one is built
    per finding, and a frozen dataclass costs several times more to build)."""

    severity: str | None  # a clause-level override, else None
    message: str
    pointer: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class CompiledClause:
    """One clause as a function of the root environment that returns its facts; raises ClauseFailure."""

    run: Callable[[Env], list[Fact]]
    span: Any = None  # the ast.Span of the clause in its rule file, for a failure
    reads: frozenset[str] | None = None  # the names it refers to (environment, parameters); None: not known


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


# The only objects (other than ledger dicts) a rule can reach, and the fields it may read on them: the
# checker has already refused every other name, this keeps run time to the same list whatever happens.
CLAIM_FIELDS = frozenset(f.name for f in dataclasses.fields(LedgerClaim))


def object_field(value: object, key: str) -> object:
    """A field of a claim, or None for anything else: never a Python attribute (no `__class__`, no methods)."""
    if type(value) is LedgerClaim and key in CLAIM_FIELDS:
        return getattr(value, key)
    return None


def field(value: object, key: str) -> object:
    """`value.key` in a rule: a key of a ledger record (dict), a claim field, else None."""
    if type(value) is dict:
        return value.get(key)
    return object_field(value, key)


def index(seq: object, i: object) -> object:
    """`seq[i]` in a rule: None when either is missing or the index is out of range or not a number."""
    if seq is None or i is None:
        return None
    try:
        return seq[int(i)]  # type: ignore[index, call-overload]  # rule values: typed by dsl/types, not Python
    except (IndexError, KeyError, TypeError, ValueError, OverflowError):
        return None


def plain(value: object) -> object:
    """Enum members compare by their value."""
    return value.value if isinstance(value, enum.Enum) else value


def search_text(search: Callable[[str], object], text: object) -> str | None:
    """The first match of a compiled pattern's `search` in a text (None for a missing text or no match)."""
    if text is None:
        return None
    m = search(str(text))
    return m.group(0) if m else None  # type: ignore[attr-defined]  # a match object of re/re2 (re2 has no stubs)


def data_search(pattern: object) -> Callable[[str], object]:
    """The `search` of a pattern (or word list) built from ledger data while a rule runs; raises
    RuleRuntimeError, which the clause's guard turns into a located `rule/failed` finding."""
    try:
        return dynamic_pattern(word_pattern(pattern) if isinstance(pattern, list) else str(pattern))
    except PatternError as exc:
        raise RuleRuntimeError(f"由数据构造的正则表达式无效: {exc}") from None


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


def _no_zero_division(compute: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Division by a value that turns out to be zero gives a missing value, not a failure."""
    def run(a: Any, b: Any) -> Any:
        try:
            return compute(a, b)
        except ZeroDivisionError:
            return None
    return run


def member(a: object, b: object) -> object:
    """`a in b`, unknown (None) when either side is missing."""
    if a is None or b is None:
        return None
    return a in b  # type: ignore[operator]  # a list or text: checked by dsl/types


def not_member(a: object, b: object) -> object:
    """`a not in b`, unknown (None) when either side is missing."""
    if a is None or b is None:
        return None
    return a not in b  # type: ignore[operator]  # a list or text: checked by dsl/types


def contains(a: object, b: object) -> object:
    """`a contains b` (b in a), unknown (None) when either side is missing."""
    if a is None or b is None:
        return None
    return b in a  # type: ignore[operator]  # a list or text: checked by dsl/types


def format_value(value: object) -> str:
    """Render a value in a message: dates ISO, whole numbers without decimals, lists joined with 、."""
    if type(value) is str:  # the common case, first
        return value
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
    value = plain(value)
    if isinstance(value, (str, int)):
        return str(value)
    return "(…)"  # an object has no place in a message; the checker refuses it, this keeps it out regardless


def as_written(value: object, env: Env) -> object:
    """Text (and lists of text) a message quotes, as the document writes it when the engine says how."""
    written = env.get(WRITTEN)
    if written is None:
        return value
    if type(value) is str:
        return written(value)  # type: ignore[operator]  # the engine's callable: str -> str
    if isinstance(value, list):
        return [as_written(v, env) for v in value]
    return value


def show(value: object, env: Env) -> str:
    """A value in a message: as the document writes it (`as_written`), rendered by `format_value`."""
    if type(value) is str and WRITTEN not in env:  # the common case, without two calls
        return value
    return format_value(as_written(value, env))


def own_span(obj: object) -> Span3 | None:
    """The location an element carries itself: a claim its text span, a group its first element; else None."""
    if isinstance(obj, LedgerClaim):
        return (obj.pointer, obj.start, obj.end)
    if type(obj) is dict and "_pointer" in obj:  # a group: its first element
        return (str(obj["_pointer"]), None, None)
    return None


UNSET = object()  # a loop variable not yet bound when a clause fails

# Everything generated code may name, under the names it uses. No Python builtin is reachable otherwise.
NAMESPACE: dict[str, object] = {
    "_len": len, "_type": type, "_dict": dict, "_str": str, "_int": int, "_list": list, "_enumerate": enumerate,
    "_sum": sum, "_min": min, "_max": max, "_Exception": Exception,
    "_Claim": LedgerClaim, "_Fact": Fact, "_ClauseFailure": ClauseFailure, "_reason": failure_reason,
    "_field": field, "_index": index, "_plain": plain, "_search_text": search_text, "_data_search": data_search,
    "_show": show, "_join": pointer_join, "_own_span": own_span, "_UNSET": UNSET,
    "_in": member, "_not_in": not_member, "_contains": contains,
    "_lt": _ordered(operator.lt), "_le": _ordered(operator.le), "_gt": _ordered(operator.gt),
    "_ge": _ordered(operator.ge), "_div": _no_zero_division(operator.truediv),
    "_mod": _no_zero_division(operator.mod),
}
