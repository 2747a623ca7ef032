"""The model stage: ledger-shaped data → pydantic Ledger, or located, Chinese explanations of what is wrong."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.errors import InputError
from checker.location import Location, SourceMap, pointer_join
from checker.quick_record import plain_ledger
from checker.record import LedgerRecord

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

MAX_REPORTED_ERRORS = 50


@dataclass(frozen=True)
class Problem:
    """One rejected value: where, why, and the source text."""

    location: Location
    message: str
    excerpt: str


class InvalidLedger(InputError):
    """The data does not fit the ledger schema; `problems` lists every located reason."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, first.location)
        self.problems = problems


def validate_ledger(payload: bytes | dict, source_map: SourceMap,
                    numeric_ids: Callable[[bytes], Mapping[int, str]] | None = None) -> LedgerRecord:
    """Validate JSON bytes or a dict into a ledger record (checker.model.parse_record, which says what
    `numeric_ids` is); raises InvalidLedger.

    A plainly written ledger is read without importing pydantic (checker.quick_record): a small one by Python
    checks, JSON bytes of any size by msgspec."""
    record = plain_ledger(payload)
    if record is None:
        # Imported here: pydantic takes longer to import than a small ledger takes to lint.
        from pydantic import ValidationError

        from checker.model import validate_record

        try:
            record = validate_record(payload, numeric_ids)
        except ValidationError as exc:
            raise InvalidLedger(_explain(exc, source_map)) from None
    blank = _blank_reasons(record, source_map)
    if blank:
        raise InvalidLedger(blank)
    return record


def _blank_reasons(record: LedgerRecord, source_map: SourceMap) -> list[Problem]:
    """Waivers whose reason is only blanks: a waiver must say why (as one in the config file must); the schema
    asks only for one character, since a pattern would keep plainly written ledgers from the fast readers."""
    out = []
    for i, issue in enumerate(record["issues"]):
        for j, waiver in enumerate(issue.get("suppress") or ()):
            if not waiver["reason"].strip():
                pointer = f"/issues/{i}/suppress/{j}/reason"
                out.append(Problem(source_map.locate(pointer), f"{pointer[1:]}: 豁免理由不能只有空白",
                                   source_map.excerpt(pointer)))
    return out


def _explain(exc: ValidationError, source_map: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors(include_url=False):
        loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        if error["type"] == "json_invalid":
            message = f"JSON 格式错误: {error.get('ctx', {}).get('error', error['msg'])}"
            pointer = ""
        else:
            pointer = pointer_join("", *loc)
            message = _message(error, loc)
        if (pointer, message) in seen:
            continue
        seen.add((pointer, message))
        problems.append(Problem(source_map.locate(pointer), message, source_map.excerpt(pointer)))
        if len(problems) >= MAX_REPORTED_ERRORS:
            break
    return problems




def _message(error: ErrorDetails, loc: Sequence[object]) -> str:
    kind = error["type"]
    where = "/".join(str(p) for p in loc) or "(根)"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = _did_you_mean(key, loc[:-1])
        return f"未知的字段 '{key}'" + (f",是否想写 '{hint}'?" if hint else "")
    if kind == "missing":
        return f"缺少必填字段 '{loc[-1]}'"
    if kind.startswith("date"):
        return f"{where}: 不是有效的日期 ({_shown(error.get('input'))}),应写作 YYYY-MM-DD"
    if kind in ("enum", "literal_error"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ").replace(", ", "、")
        one_of = f"{expected} 之一" if "、" in expected else expected
        return f"{where}: 取值 {_shown(error.get('input'))} 无效,应为 {one_of}"
    if kind in ("string_type", "int_type", "int_parsing", "float_parsing", "list_type", "model_type", "dict_type",
                "bool_type", "bool_parsing", "model_attributes_type"):
        want = {"string_type": "文本", "int_type": "整数", "int_parsing": "整数", "float_parsing": "数字",
                "list_type": "列表", "model_type": "对象", "dict_type": "对象", "bool_type": "true/false",
                "bool_parsing": "true/false", "model_attributes_type": "对象"}[kind]
        return f"{where}: 应为{want},得到 {_shown(error.get('input'))}"
    if kind == "int_from_float":
        return f"{where}: 应为整数,得到带小数的 {_shown(error.get('input'))}"
    if kind == "greater_than_equal":
        return f"{where}: 取值 {_shown(error.get('input'))} 应不小于 {error.get('ctx', {}).get('ge')}"
    if kind == "string_too_short":
        least = error.get("ctx", {}).get("min_length", 1)
        return f"{where}: 不能为空" if least == 1 else f"{where}: 应至少 {least} 个字符"
    if kind == "too_short":
        return f"{where}: 取值 {_shown(error.get('input'))} 不符合要求 ({error['msg']})"
    return f"{where}: {error['msg']}"


def _shown(value: object) -> str:
    """A rejected value as a ledger writes it (JSON spelling: null, true, "文本"), at most 40 characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def _did_you_mean(key: str, parent_loc: Sequence[object]) -> str | None:
    """Closest field name of the model the unknown key was found in."""
    from checker.model import Ledger  # loaded already: the ledger was just validated by pydantic

    model: type = Ledger
    for part in parent_loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))  # type: ignore[attr-defined]  # a pydantic model class
        if field is None:
            return None
        annotation = field.annotation
        inner = getattr(annotation, "__args__", None)
        candidate = inner[0] if inner else annotation
        if not hasattr(candidate, "model_fields"):
            return None
        model = candidate
    close = difflib.get_close_matches(key, list(model.model_fields), n=1)  # type: ignore[attr-defined]  # a pydantic model class
    return close[0] if close else None
