"""Small ledgers read into records without building pydantic's validator.

Building pydantic's validator for the ledger record (and looking up pydantic plugins among the installed
packages) takes longer than linting a ledger of a few dozen items. `quick_record` reads a ledger whose values
are all written plainly — text as strings, dates as ISO `YYYY-MM-DD`, counts as whole numbers, true/false,
the status and document-kind words — into the very record `model.parse_record` builds with pydantic (fields
in declaration order, enums as members, fresh dicts and lists). For anything else (an unknown or missing key,
a value of another type, one pydantic would convert, reject or read differently, JSON that is not plain
UTF-8 with unique keys) it returns None, and pydantic decides, with its error messages. What it accepts is
derived from the models, so a field added there is known here; a field shape it does not know turns the
quick path off entirely.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

from annotated_types import Ge, MinLen
from pydantic import BaseModel

__all__ = ["QUICK_MAX_BYTES", "QUICK_MAX_ITEMS", "quick_record"]

# Above these, pydantic's compiled validator pays for its build: the quick path is for small inputs only.
QUICK_MAX_BYTES = 256 * 1024  # JSON bytes
QUICK_MAX_ITEMS = 256  # items of parsed data (YAML, tables)

_NO: Any = object()  # "not plainly written": the caller falls back to pydantic
_Check = Callable[[Any], Any]  # a value → its record value, or _NO
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A \u escape of a UTF-16 surrogate: json and pydantic's parser treat lone surrogates differently.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_INT_MAX = 2**63  # pydantic reads larger integers too; they are no count a ledger states


class _Unknown(Exception):
    """A model field whose shape the quick path does not know."""


def quick_record(payload: bytes | dict[str, Any], model: type[BaseModel]) -> dict[str, Any] | None:
    """The record of `model` (a `_Strict` pydantic model such as `Ledger`) that pydantic would build from
    `payload` (JSON bytes or parsed data), or None when pydantic must decide: the payload is larger than
    QUICK_MAX_BYTES or holds more than QUICK_MAX_ITEMS issues, is not plainly written, is invalid, or of a
    shape the quick path does not know. Never raises."""
    check = _model_check(model)
    if check is None:
        return None
    if isinstance(payload, bytes):
        data = _plain_json(payload)
        if data is None:
            return None
    else:
        data = payload
        issues = data.get("issues") if type(data) is dict else None
        if type(issues) is list and len(issues) > QUICK_MAX_ITEMS:
            return None
    record = check(data)
    return None if record is _NO else record


def _plain_json(payload: bytes) -> dict[str, Any] | None:
    """`payload` parsed when it is small, UTF-8 without BOM, has unique keys and no surrogate escapes."""
    if len(payload) > QUICK_MAX_BYTES:
        return None
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _SURROGATE_ESCAPE.search(text):
        return None
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError):  # JSONDecodeError, a BOM, a repeated key; nesting too deep
        return None
    return data if type(data) is dict else None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("repeated key")
    return out


@functools.cache
def _model_check(model: type[BaseModel]) -> _Check | None:
    """The check of a whole model, built once per process; None if a field's shape is not known."""
    try:
        return _model(model)
    except _Unknown:
        return None


def _model(model: type[BaseModel]) -> _Check:
    hints = typing.get_type_hints(model)
    fields: list[tuple[str, _Check]] = []
    required: list[str] = []
    for name, info in model.model_fields.items():
        check = _annotation(hints[name])
        for constraint in info.metadata:
            check = _constrained(check, constraint)
        fields.append((name, check))
        if info.is_required():
            required.append(name)
    known = frozenset(name for name, _ in fields)

    def check_model(value: Any) -> Any:
        if type(value) is not dict or not known.issuperset(value):
            return _NO  # extra="forbid": an unknown key is an error pydantic words
        if any(name not in value for name in required):
            return _NO
        out = {}
        for name, field_check in fields:  # the record lists fields in declaration order, as pydantic does
            if name in value:
                item = field_check(value[name])
                if item is _NO:
                    return _NO
                out[name] = item
        return out

    return check_model


def _annotation(annotation: object) -> _Check:
    """The check of one field type; raises _Unknown for a shape not handled here."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        others = [a for a in args if a is not type(None)]
        if len(args) != 2 or len(others) != 1:
            raise _Unknown(annotation)
        inner = _annotation(others[0])
        return lambda value: None if value is None else inner(value)
    if origin is list:
        inner = _annotation(typing.get_args(annotation)[0])

        def check_list(value: Any) -> Any:
            if type(value) is not list:
                return _NO  # pydantic also takes tuples and sets, and copies them into a list
            out = [inner(item) for item in value]
            return _NO if any(item is _NO for item in out) else out

        return check_list
    if origin is Literal:
        allowed = typing.get_args(annotation)
        if not all(type(a) is int for a in allowed):
            raise _Unknown(annotation)
        return lambda value: value if type(value) is int and value in allowed else _NO
    if annotation is str:
        return lambda value: value if type(value) is str else _NO  # numbers → str is pydantic's to do
    if annotation is bool:
        return lambda value: value if type(value) is bool else _NO
    if annotation is int:
        return lambda value: value if type(value) is int and -_INT_MAX < value < _INT_MAX else _NO
    if annotation is dt.date:
        return _date
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _enum(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    raise _Unknown(annotation)


def _date(value: Any) -> Any:
    """An ISO date string (or a date, from YAML) as the date it names."""
    if type(value) is dt.date:
        return value
    if type(value) is not str or len(value) != 10 or not _ISO_DATE.fullmatch(value):
        return _NO
    try:
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:  # 2023-02-30, year 0
        return _NO


def _enum(kind: type[enum.Enum]) -> _Check:
    members = {member.value: member for member in kind}
    if not all(type(v) is str for v in members):
        raise _Unknown(kind)

    def check_enum(value: Any) -> Any:
        if type(value) is kind:
            return value
        return members.get(value, _NO) if type(value) is str else _NO

    return check_enum


def _constrained(check: _Check, constraint: object) -> _Check:
    """`check` with a field constraint of the models (ge, min_length) applied to what it returns."""
    if type(constraint) is Ge and type(constraint.ge) is int:
        low = constraint.ge

        def check_ge(value: Any) -> Any:
            out = check(value)
            return out if out is _NO or out is None or out >= low else _NO

        return check_ge
    if type(constraint) is MinLen:
        shortest = constraint.min_length

        def check_min_len(value: Any) -> Any:
            out = check(value)
            return out if out is _NO or out is None or len(out) >= shortest else _NO

        return check_min_len
    raise _Unknown(constraint)
