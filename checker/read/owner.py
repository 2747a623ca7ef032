"""The owner reader: who answers for an item, from one column or from a combined one.

A combined column (责任单位/责任人, 责任领导及责任人) holds two owner fields in one cell: 办公室/张某,
办公室 张某, 张某、李某 (the first for the first field, the rest for the second). A cell with one part goes to
the field it looks like: a department name (办公室, 财务股) or a person.
"""

from __future__ import annotations

import re

from checker import vocab

_SPLIT = re.compile(r"\s*[/／\\\n]\s*")
_LIST = re.compile(r"\s*[、,，;；]\s*|\s+")
_DEPARTMENT_END = re.compile(vocab.alternation(vocab.UNIT_SUFFIXES + ("股", "科", "组", "所", "中心", "庭")) + "$")


def read_owner(text: str, fields: tuple[str, ...]) -> dict[str, str]:
    """Owner field ("owner.department") → text for a cell of a column naming `fields` (one or more)."""
    text = text.strip()
    if not text:
        return {}
    if len(fields) == 1:
        return {fields[0]: text}
    parts = [part for part in _SPLIT.split(text) if part]
    if len(parts) < 2:
        parts = [part for part in _LIST.split(text) if part]
        if len(parts) >= 2 and not _DEPARTMENT_END.search(parts[0]) and "owner.department" in fields[:1]:
            parts = [text]  # 张某、李某 under 责任单位/责任人: people only
    if len(parts) == 1:
        return {_field_for(parts[0], fields): parts[0]}
    head, rest = parts[0], "、".join(parts[1:])
    return {fields[0]: head, fields[1]: rest}


def _field_for(part: str, fields: tuple[str, ...]) -> str:
    """The field of a lone part: a department when it ends like one, else the person field."""
    if _DEPARTMENT_END.search(part) and "owner.department" in fields:
        return "owner.department"
    people = [name for name in fields if name != "owner.department"]
    return people[-1] if people else fields[0]
