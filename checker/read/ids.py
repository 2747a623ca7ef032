"""The id reader: an item's id is the text its author wrote (序号 1, 1.10, 010, 一), never a number's
rendering: 1.0 from a spreadsheet is "1", and a trailing 、 or . of a list number is dropped."""

from __future__ import annotations


def read_id(value: object) -> str:
    """The id text of a cell value ("" when empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().rstrip(".、．").strip()
