"""Ledgers read into records without pydantic.

Importing pydantic and building its validator for the ledger record (and looking up pydantic plugins among
the installed packages) takes longer than linting a ledger of a few dozen items, and pydantic rebuilding every
dict of a large ledger takes as long as parsing it. Two readers build the very record `model.parse_record`
builds with pydantic (fields in declaration order, enums as members, fresh dicts and lists) from a ledger whose
values are all written plainly — text as strings, dates as ISO `YYYY-MM-DD`, counts as whole numbers,
true/false, the status and document-kind words:
- `quick_record`, Python checks for a small ledger, JSON or parsed data (YAML, tables);
- `struct_ledger`, msgspec's compiled decoder for JSON bytes of any size.
For anything else (an unknown or missing key, a value of another type, one pydantic would convert, reject or
read differently, JSON that is not plain UTF-8) they return None, and pydantic decides, with its error messages.

What they accept is derived from the ledger's JSON Schema: the shipped one (checker/schemas/ledger-v1.json,
which tests/test_cli.py holds equal to the models' own), so that a lint of a plainly written ledger never
imports pydantic. A field added to the models is known here once the shipped schema is regenerated; a schema
keyword or field shape not known here turns the reader off entirely.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from checker.record import DocumentKind, LedgerRecord, Status, ledger_schema

__all__ = ["QUICK_MAX_BYTES", "QUICK_MAX_ITEMS", "plain_ledger", "quick_ledger", "quick_record", "struct_ledger",
           "with_defaults"]

# Above these, pydantic's compiled validator pays for its build: the quick path is for small inputs only.
QUICK_MAX_BYTES = 256 * 1024  # JSON bytes
QUICK_MAX_ITEMS = 256  # items of parsed data (YAML, tables)

_NO: Any = object()  # "not plainly written": the caller falls back to pydantic
_Check = Callable[[Any], Any]  # a value → its record value, or _NO
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A \u escape of a UTF-16 surrogate: json and pydantic's parser treat lone surrogates differently.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_INT_MAX = 2**63  # pydantic reads larger integers too; they are no count a ledger states
_ENUMS: dict[str, type[enum.Enum]] = {"Status": Status, "DocumentKind": DocumentKind}  # by their schema names
# Keywords that say nothing about which values are valid; any other keyword not handled below is unknown.
_NOTES = frozenset({"title", "description", "default", "examples"})


class _Unknown(Exception):
    """A schema keyword or field shape the quick path does not know."""


def quick_record(payload: bytes | dict[str, Any]) -> dict[str, Any] | None:
    """The ledger record (as the shipped JSON Schema describes it, read without pydantic) that pydantic would
    build from `payload` (JSON bytes or parsed data), or None when pydantic must decide: the payload is larger
    than QUICK_MAX_BYTES or holds more than QUICK_MAX_ITEMS issues, is not plainly written, is invalid, or of
    a shape the quick path does not know. Never raises."""
    if isinstance(payload, bytes):
        data = _plain_json(payload)
        if data is None:
            return None
    else:
        data = payload
        issues = data.get("issues") if type(data) is dict else None
        if type(issues) is list and len(issues) > QUICK_MAX_ITEMS:
            return None
    check = _shipped_check()
    if check is None:
        return None
    record = check(data)
    return None if record is _NO else record


def quick_ledger(payload: bytes | dict[str, Any]) -> LedgerRecord | None:
    """What `model.parse_record` returns for `payload` — its record with the top-level defaults filled in — for
    a small, plainly written ledger, read without pydantic; None when pydantic must decide (see quick_record)."""
    record = quick_record(payload)
    defaults = _shipped_defaults()
    if record is None or defaults is None:
        return None
    return with_defaults(record, defaults)


def plain_ledger(payload: bytes | dict[str, Any]) -> LedgerRecord | None:
    """What `model.parse_record` returns for a plainly written ledger, read without pydantic: by `quick_ledger`
    when it is small, else, for JSON bytes, by `struct_ledger`; None when pydantic must decide."""
    record = quick_ledger(payload)
    if record is None and isinstance(payload, bytes):
        record = struct_ledger(payload)
    return record


def with_defaults(record: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """`record` with its missing top-level values set to `defaults` (copied one level deep: a record's lists and
    dicts are its own) and its top-level objects completed with theirs; returns the record, changed in place."""
    for key, default in defaults.items():
        value = record.get(key)
        if value is None:
            record[key] = dict(default) if isinstance(default, dict) else (list(default) if isinstance(
                default, list) else default)
        elif isinstance(default, dict):
            record[key] = {**default, **value}
    return record


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
def _shipped_check() -> _Check | None:
    """The check of the shipped ledger schema, built once per process; None if it holds an unknown shape."""
    try:
        return _Schema(ledger_schema()).node(ledger_schema())
    except _Unknown:
        return None


@functools.cache
def _shipped_defaults() -> dict[str, Any] | None:
    """The top-level defaults of the shipped ledger schema (what `Ledger()` holds), as record values; None if
    one cannot be told."""
    try:
        return _Schema(ledger_schema()).defaults(ledger_schema())
    except _Unknown:
        return None


def _shape(node: Mapping[str, Any]) -> tuple[str, Any]:
    """What one schema node, as pydantic writes it, describes: (tag, detail), one of
    ("ref", definition name), ("nullable", the node of `X` in `X | None`), ("enum", (enum class, value → member)),
    ("object", ([(field name, node)], required names)), ("array", items node), ("date", None), ("string", least
    length), ("integer", least value or None), ("const", int), ("boolean", None). Raises _Unknown for a keyword or
    shape not handled here: the readers are then off, and pydantic reads everything."""
    keys = set(node) - _NOTES
    if "$ref" in node:
        ref = node["$ref"]
        if keys != {"$ref"} or not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            raise _Unknown(node)
        return "ref", ref.removeprefix("#/$defs/")
    if "anyOf" in node:
        others = [n for n in node["anyOf"] if n != {"type": "null"}]
        if keys != {"anyOf"} or len(node["anyOf"]) != 2 or len(others) != 1:
            raise _Unknown(node)
        return "nullable", others[0]
    if "enum" in node:
        kind = _ENUMS.get(node.get("title", ""))  # a text enum of the record: the enum class of the same name
        if kind is None or node.get("type") != "string" or keys != {"type", "enum"}:
            raise _Unknown(node)
        members = {member.value: member for member in kind}
        if list(members) != node["enum"]:
            raise _Unknown(node)
        return "enum", (kind, members)
    kind = node.get("type")
    if kind == "object" and keys <= {"type", "properties", "required", "additionalProperties", "$defs", "$schema",
                                     "$id"}:
        fields = list(node.get("properties", {}).items())
        required = frozenset(node.get("required", ()))
        if node.get("additionalProperties") is not False or not required <= {name for name, _ in fields}:
            raise _Unknown(node)  # only extra="forbid" models are known here
        return "object", (fields, required)
    if kind == "array" and keys == {"type", "items"}:
        return "array", node["items"]
    if kind == "string" and keys <= {"type", "format", "minLength"}:
        form, least = node.get("format"), node.get("minLength")
        if form == "date" and least is None:
            return "date", None
        if form is None and (least is None or type(least) is int):
            return "string", least or 0
    if kind == "integer" and keys <= {"type", "minimum"} and type(node.get("minimum", 0)) is int:
        return "integer", node.get("minimum")
    if kind == "integer" and keys == {"type", "const"} and type(node["const"]) is int:
        return "const", node["const"]
    if kind == "boolean" and keys == {"type"}:
        return "boolean", None
    raise _Unknown(node)


class _Schema:
    """Builds checks from the nodes of one JSON Schema as pydantic writes it (definitions under `$defs`)."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = schema.get("$defs", {})

    def node(self, node: Mapping[str, Any]) -> _Check:
        """The check of one schema node; raises _Unknown for a keyword or shape not handled here."""
        tag, detail = _shape(node)
        if tag == "ref":
            return self.node(self._target(detail))
        if tag == "nullable":
            inner = self.node(detail)
            return lambda value: None if value is None else inner(value)
        if tag == "enum":
            kind, members = detail
            return lambda value: value if type(value) is kind else (
                members.get(value, _NO) if type(value) is str else _NO)
        if tag == "object":
            return self._object(*detail)
        if tag == "array":
            return _list(self.node(detail))
        if tag == "date":
            return _date
        if tag == "string":  # numbers → str is pydantic's to do
            return lambda value: value if type(value) is str and len(value) >= detail else _NO
        if tag == "integer":  # a whole number, not a bool
            least = -_INT_MAX + 1 if detail is None else max(detail, -_INT_MAX + 1)
            return lambda value: value if type(value) is int and least <= value < _INT_MAX else _NO
        if tag == "const":
            return lambda value: value if type(value) is int and value == detail else _NO
        return lambda value: value if type(value) is bool else _NO  # boolean

    def defaults(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """The record values of an object's fields when absent (its default or an empty object or list)."""
        out = {}
        for name, field in node.get("properties", {}).items():
            if "default" in field:
                value = self.node(field)(field["default"])  # "ledger" → DocumentKind.ledger
                if value is _NO:
                    raise _Unknown(field)
                out[name] = value
                continue
            tag, detail = _shape(field)
            if tag == "ref" and "properties" in self._target(detail):
                out[name] = self.defaults(self._target(detail))
            elif tag == "array":
                out[name] = []
            else:
                raise _Unknown(field)
        return out

    def _target(self, name: str) -> Mapping[str, Any]:
        if name not in self.defs:
            raise _Unknown(name)
        target: Mapping[str, Any] = self.defs[name]
        return target

    def _object(self, fields: list[tuple[str, Mapping[str, Any]]], required: frozenset[str]) -> _Check:
        checks = [(name, self.node(field)) for name, field in fields]
        known = frozenset(name for name, _ in fields)

        def check_object(value: Any) -> Any:
            if type(value) is not dict or not known.issuperset(value):
                return _NO  # extra="forbid": an unknown key is an error pydantic words
            if any(name not in value for name in required):
                return _NO
            out = {}
            for name, field_check in checks:  # the record lists fields in declaration order, as pydantic does
                if name in value:
                    item = field_check(value[name])
                    if item is _NO:
                        return _NO
                    out[name] = item
            return out

        return check_object


def _list(inner: _Check) -> _Check:
    def check_list(value: Any) -> Any:
        if type(value) is not list:
            return _NO  # pydantic also takes tuples and sets, and copies them into a list
        out = [inner(item) for item in value]
        return _NO if any(item is _NO for item in out) else out

    return check_list


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


def struct_ledger(payload: bytes) -> LedgerRecord | None:
    """What `model.parse_record` returns for the JSON bytes `payload`, read by msgspec's compiled decoder into
    structs of the shipped schema and turned into the record (with the top-level defaults filled in); None when
    pydantic must decide: the bytes are not UTF-8 JSON, or a value is of another type than the schema's (such
    as a count written 1.0 or "1", which pydantic converts), is missing, unknown or out of range, or the schema
    holds a shape not known here. Never raises.

    For a ledger of any size: about twice as fast as pydantic on a 100,000-item ledger, without its import.
    A key written twice keeps its last value, as pydantic's parser does (the caller reports repeated keys)."""
    reader = _struct_reader()
    if reader is None:
        return None

    decoder, fix = reader
    try:
        structs = decoder.decode(payload)
    except (ValueError, RecursionError):  # msgspec's DecodeError and ValidationError; bytes not UTF-8
        return None
    record = _builtins(structs)
    del structs
    if fix is not None:
        record = fix(record)
    defaults = _shipped_defaults()
    return None if defaults is None else with_defaults(record, defaults)


_CHUNK = 2000  # items of a long list turned into dicts at a time


def _builtins(structs: Any) -> LedgerRecord:
    """The record of the decoded structs: dates stay dates; enums become their values (which the schema's fix
    turns back into members). The long lists of the ledger (its issues) are turned a chunk at a time, each
    chunk's structs dropped as it goes: the structs and the dicts are not all held at once (52 MB less at
    peak on a 100,000-item ledger, and a little faster)."""
    import msgspec

    lists = {}
    for name in structs.__struct_fields__:
        value = getattr(structs, name)
        if type(value) is list and len(value) > _CHUNK:
            lists[name] = value
            setattr(structs, name, [])  # its place in the record, in field order
    record: LedgerRecord = msgspec.to_builtins(structs, builtin_types=(dt.date,))
    for name, items in lists.items():
        out: list[Any] = []
        for start in range(0, len(items), _CHUNK):
            chunk = items[start:start + _CHUNK]
            out += msgspec.to_builtins(chunk, builtin_types=(dt.date,))
            items[start:start + _CHUNK] = [None] * len(chunk)
            del chunk
        record[name] = out
    return record


_Fix = Callable[[Any], Any]  # a record value with its enum values (text) turned into members


@functools.cache
def _struct_reader() -> tuple[Any, _Fix | None] | None:
    """msgspec's decoder of the shipped schema and the fix its output needs, built once per process; None if the
    schema holds a shape not known here."""
    import msgspec

    try:
        kind, fix = _Structs(ledger_schema()).node(ledger_schema())
    except _Unknown:
        return None
    return msgspec.json.Decoder(kind), fix


class _Structs:
    """msgspec types for the nodes of one JSON Schema as pydantic writes it: objects become structs that refuse
    unknown keys (extra="forbid"), a field left out stays out of the record (msgspec.UNSET)."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = schema.get("$defs", {})
        self.done: dict[str, tuple[Any, _Fix | None]] = {}

    def node(self, node: Mapping[str, Any]) -> tuple[Any, _Fix | None]:
        """The msgspec type of one schema node and the fix of its record value (None: it needs none); raises
        _Unknown for a keyword or shape not handled here."""
        import msgspec

        tag, detail = _shape(node)
        if tag == "ref":
            if detail not in self.done:
                if detail not in self.defs:
                    raise _Unknown(node)
                self.done[detail] = self.node(self.defs[detail])
            return self.done[detail]
        if tag == "nullable":
            inner, fix = self.node(detail)
            return inner | None, fix
        if tag == "enum":
            kind, members = detail
            return kind, members.__getitem__
        if tag == "object":
            return self._object(node.get("title", "Object"), *detail)
        if tag == "array":
            inner, fix = self.node(detail)
            return list[inner], (None if fix is None else _each(fix))  # type: ignore[valid-type]  # built at run time
        simple = {"date": dt.date, "string": Annotated[str, msgspec.Meta(min_length=detail)] if detail else str,
                  "integer": int if detail is None else Annotated[int, msgspec.Meta(ge=detail)],
                  "const": Literal[detail], "boolean": bool}
        return simple[tag], None

    def _object(self, title: str, fields: list[tuple[str, Mapping[str, Any]]],
                required: frozenset[str]) -> tuple[Any, _Fix | None]:
        import msgspec

        members: list[tuple[Any, ...]] = []
        fixes: list[tuple[str, _Fix]] = []
        for name, field in fields:
            kind, fix = self.node(field)
            members.append((name, kind) if name in required else (name, kind | msgspec.UnsetType, msgspec.UNSET))
            if fix is not None:
                fixes.append((name, fix))
        struct = msgspec.defstruct(title, members, kw_only=True, forbid_unknown_fields=True,
                                   gc=False)  # ledgers are acyclic
        if not fixes:
            return struct, None

        def fix_object(record: dict[str, Any]) -> dict[str, Any]:
            for name, fix in fixes:
                value = record.get(name)
                if value is not None:
                    record[name] = fix(value)
            return record

        return struct, fix_object


def _each(fix: _Fix) -> _Fix:
    return lambda values: [fix(value) for value in values]
