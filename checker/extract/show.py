"""`ledgerlint extract FILE`: the ledger a notice was read as, in YAML, with `# L12:5` source comments."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import typing
from typing import Any

import yaml
from pydantic import BaseModel

from checker.location import SourceMap, pointer_join
from checker.model import Ledger

_INDENT = "  "
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def ledger_to_yaml(ledger: dict, source_map: SourceMap) -> str:
    """YAML of the ledger in the model's key order, each scalar followed by `# L<line>:<col>`."""
    lines: list[str] = []
    _mapping(ledger, Ledger, "", 0, lines, source_map, first_prefix=None)
    return "\n".join(lines) + "\n"


def _mapping(data: dict, model: type[BaseModel] | None, pointer: str, depth: int, lines: list[str],
             source_map: SourceMap, first_prefix: str | None) -> None:
    """Emit a mapping; `first_prefix` replaces the indent of the first key (the `- ` of a list item)."""
    indent = _INDENT * depth
    for n, key in enumerate(_ordered_keys(data, model)):
        value = data[key]
        lead = first_prefix if (n == 0 and first_prefix is not None) else indent
        child = pointer_join(pointer, key)
        sub_model, item_model = _field_models(model, key)
        if isinstance(value, dict) and value:
            lines.append(f"{lead}{key}:")
            _mapping(value, sub_model, child, depth + 1, lines, source_map, None)
        elif isinstance(value, list) and value:
            lines.append(f"{lead}{key}:")
            _sequence(value, item_model, child, depth + 1, lines, source_map)
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}{_comment(source_map, child, value)}")


def _sequence(items: list, model: type[BaseModel] | None, pointer: str, depth: int, lines: list[str],
              source_map: SourceMap) -> None:
    """Emit a block sequence; mappings start on the `- ` line."""
    indent = _INDENT * depth
    for index, value in enumerate(items):
        child = pointer_join(pointer, index)
        if isinstance(value, dict) and value:
            _mapping(value, model, child, depth + 1, lines, source_map, first_prefix=f"{indent}- ")
        else:
            lines.append(f"{indent}- {_scalar(value)}{_comment(source_map, child, value)}")


def _ordered_keys(data: dict, model: type[BaseModel] | None) -> list[str]:
    """Keys in the order the model declares them, then any others in their own order."""
    declared = list(model.model_fields) if model is not None else []
    return [k for k in declared if k in data] + [k for k in data if k not in declared]


_Model = type[BaseModel] | None


def _field_models(model: _Model, key: str) -> tuple[_Model, _Model]:
    """(model of a nested object, model of list items) for a field, when the field is one of those."""
    if model is None or key not in model.model_fields:
        return None, None
    annotation = model.model_fields[key].annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, None
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (None,)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return None, item
    return None, None


def _scalar(value: Any) -> str:
    """One YAML scalar, plain where that reads back as the same string, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _ISO_DATE.fullmatch(text):
        return text  # a date dumped as JSON text: written as the YAML date it stands for
    return text if _plain_ok(text) else json.dumps(text, ensure_ascii=False)


def _plain_ok(text: str) -> bool:
    """True if the string can be written unquoted and still load as the same string."""
    if not text or text != text.strip() or "\n" in text or "#" in text:
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def _comment(source_map: SourceMap, pointer: str, value: Any) -> str:
    """`  # L12:5` (or the cell, `  # 整改台账!C6`) for values that came from the file; nothing for defaults and
    derived values."""
    has = getattr(source_map, "has", None)
    if value is None or value == [] or value == {} or (has is not None and not has(pointer)):
        return ""
    location = source_map.locate(pointer)
    if location.cell:  # a workbook or Word table cell: named as lint names it (整改台账!C6, 表1!C2)
        return f"  # {location.cell}"
    if location.line is None:
        return ""
    return f"  # L{location.line}:{location.column or 1}"
