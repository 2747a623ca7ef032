"""Tables as the loaders hand them on: cells with their value as the file holds it and where they are.
What the cells mean is the reading stage's business (checker.read.table)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Formula:
    """The value of a formula cell whose result was never saved (a workbook written by a program and not
    opened in Excel since): the value is unknown, not empty."""

    formula: str  # as written, "=E2"

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its value as the file holds it and where it is."""

    value: object  # str | int | float | bool | datetime | date | time | Formula | None
    ref: str  # "F7"; empty for text outside the table (a Word paragraph above it)
    line: int  # sheet row, CSV source line or Word paragraph number (1-based)
    column: int  # column number (1-based)

    @property
    def text(self) -> str:
        """The value as text, stripped (dates as ISO dates, whole numbers without ".0")."""
        return cell_text(self.value)


@dataclass(frozen=True)
class Sheet:
    """One table of a file: a CSV file, an Excel worksheet. `name` prefixes cell references ("" for CSV)."""

    name: str
    rows: list[list[Cell]]
    preamble: list[Cell] = field(default_factory=list)  # text outside the table (a title paragraph)


def cell_text(value: object) -> str:
    """A cell value as the text a reader sees ("" for an unknown formula result)."""
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "").strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """(7, 6) -> "F7"."""
    return f"{column_letter(column)}{row}"
