"""Static types of the rule language and the schema rules are checked against (from the ledger's JSON Schema,
or the pydantic model it is generated from)."""

from __future__ import annotations

import datetime as dt
import enum
import types as py_types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


@dataclass(frozen=True)
class Type:
    """A scalar type: str, num, bool, date, duration, or any (unknown; accepted everywhere)."""

    name: str

    def describe(self) -> str:
        """Chinese name for error messages."""
        return _NAMES.get(self.name, self.name)


@dataclass(frozen=True)
class ListType(Type):
    """A list of `elem`."""

    elem: Type = Type("any")

    def describe(self) -> str:  # noqa: D102
        return f"{self.elem.describe()}列表"


@dataclass(frozen=True)
class EnumType(Type):
    """A string restricted to `values` (status, document kind, claim kind)."""

    values: tuple[str, ...] = ()

    def describe(self) -> str:  # noqa: D102
        return f"文本({'|'.join(self.values)})"


@dataclass(frozen=True)
class ObjType(Type):
    """A record with named fields; `fields` is a tuple of (name, type) pairs."""

    fields: tuple[tuple[str, Type], ...] = ()

    def field(self, name: str) -> Type | None:
        """Type of a field, or None when there is no such field."""
        return next((t for n, t in self.fields if n == name), None)

    def field_names(self) -> list[str]:
        """Names of all fields."""
        return [n for n, _ in self.fields]

    def describe(self) -> str:  # noqa: D102
        return _OBJECT_NAMES.get(self.name, f"对象 {self.name}")


STR = Type("str")
NUM = Type("num")
BOOL = Type("bool")
DATE = Type("date")
DURATION = Type("duration")
ANY = Type("any")
_NAMES = {"str": "文本", "num": "数字", "bool": "布尔值", "date": "日期", "duration": "时长", "any": "任意值"}
# The records of checker.model (and the claim record of checker.dsl.schema) as a rule author knows them.
_OBJECT_NAMES = {"Ledger": "台账", "Issue": "问题", "Owner": "责任主体", "Measure": "整改措施",
                 "Suppression": "豁免", "Inspection": "巡察信息", "Declared": "文中声明的数字",
                 "Contact": "联系方式", "Document": "文档信息", "Claim": "数字陈述"}


def base(t: Type) -> str:
    """The comparable family of a type: enums are strings."""
    return "str" if isinstance(t, EnumType) else t.name


def from_model(model: type[BaseModel]) -> ObjType:
    """Derive the rule-language type of a pydantic model, field by field."""
    hints = typing.get_type_hints(model)
    return ObjType(model.__name__, tuple((name, _from_annotation(hints[name])) for name in model.model_fields))


def from_json_schema(schema: Mapping[str, Any]) -> ObjType:
    """Derive the rule-language type of the object a JSON Schema written by pydantic describes (its
    definitions under `$defs`): the same type `from_model` derives from the model, without pydantic."""
    defs: Mapping[str, Any] = schema.get("$defs", {})

    def node_type(node: Mapping[str, Any], name: str) -> Type:
        if "$ref" in node:
            target = node["$ref"].removeprefix("#/$defs/")
            return node_type(defs[target], target)
        if "anyOf" in node:
            others = [n for n in node["anyOf"] if n != {"type": "null"}]
            return node_type(others[0], name) if len(others) == 1 else ANY
        if "enum" in node:
            return EnumType("enum", tuple(node["enum"]))
        kind = node.get("type")
        if kind == "object":
            return ObjType(name, tuple((field, node_type(sub, field)) for field, sub in node["properties"].items()))
        if kind == "array":
            return ListType("list", node_type(node["items"], name))
        if kind == "string":
            return {"date": DATE, "duration": DURATION}.get(node.get("format", ""), STR)
        return {"boolean": BOOL, "integer": NUM, "number": NUM}.get(str(kind), ANY)

    root = node_type(schema, schema["title"])
    if not isinstance(root, ObjType):
        raise ValueError("the schema does not describe an object")
    return root


def _from_annotation(annotation: object) -> Type:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, py_types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _from_annotation(args[0]) if len(args) == 1 else ANY
    if origin is list:
        return ListType("list", _from_annotation(typing.get_args(annotation)[0]))
    if origin is typing.Literal:
        return NUM if all(isinstance(a, int) for a in typing.get_args(annotation)) else STR
    if isinstance(annotation, type):
        if hasattr(annotation, "model_fields"):  # a pydantic model (not imported here: see from_json_schema)
            return from_model(annotation)
        if issubclass(annotation, enum.Enum):
            return EnumType("enum", tuple(m.value for m in annotation))
        if issubclass(annotation, bool):
            return BOOL
        if issubclass(annotation, (int, float)):
            return NUM
        if issubclass(annotation, str):
            return STR
        if issubclass(annotation, dt.date):
            return DATE
        if issubclass(annotation, dt.timedelta):
            return DURATION
    return ANY


def type_of_value(value: object) -> Type | None:
    """Type of a parameter value (a literal or a list of literals); None if not allowed."""
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUM
    if isinstance(value, str):
        return STR
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, dt.timedelta):
        return DURATION
    if isinstance(value, (list, tuple)):
        kinds = {type_of_value(v) for v in value}
        if None in kinds or len(kinds) > 1:
            return None
        element = kinds.pop() if kinds else ANY
        return ListType("list", element if element is not None else ANY)
    return None
