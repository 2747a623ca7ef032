"""What linting needs of the ledger without pydantic: the enums, the record type, the claims found in its
text, and the ledger's shipped JSON Schema. checker.model declares the ledger itself (and imports these from
here); a lint of a small ledger reads it through checker.quick_record without importing pydantic
(tests/test_startup.py).
"""

from __future__ import annotations

import enum
import functools
import json
from dataclasses import dataclass
from typing import Any

from checker.resources import schema_path


class Status(str, enum.Enum):
    """Rectification status of one issue."""

    completed = "completed"
    in_progress = "in_progress"
    long_term = "long_term"


class DocumentKind(str, enum.Enum):
    """What the input was: a ledger (table or structured file), a notice (prose), or something else."""

    ledger = "ledger"
    notice = "notice"
    other = "other"


LedgerRecord = dict[str, Any]  # a validated ledger as plain data (see checker.model)


@functools.cache
def ledger_schema() -> dict[str, Any]:
    """The ledger's JSON Schema as shipped (checker/schemas/ledger-v1.json), read once per process: the
    description of the ledger that needs no pydantic. Callers must not change it."""
    schema: dict[str, Any] = json.loads(schema_path("ledger-v1.json").read_text(encoding="utf-8"))
    return schema


@dataclass(slots=True, unsafe_hash=True)
class LedgerClaim:
    """A numeric claim found in a text field of the ledger (computed, never part of the input).

    `kind` is "sum" (共N…其中a、b、c) or "rate" (调解成功率99%); `pointer` is the text field it was read from and
    [start, end) the characters of the claim inside that string.

    Read-only by convention, not frozen: a frozen dataclass's __init__ sets each field through
    object.__setattr__ and costs about seven times as much (1.5 µs against 0.2 µs), and claim-heavy ledgers
    hold hundreds of thousands of claims. Equal and hashed by its fields, as when it was frozen.
    """

    kind: str
    text: str
    total: float | None
    parts: tuple[float, ...]
    exhaustive: bool
    approx: bool
    numerator: float | None
    denominator: float | None
    rate: float | None
    unit: str | None
    item: str | None
    pointer: str
    start: int
    end: int
    rate_step: float | None = None  # value of the rate's last written digit: 1.0 for 99%, 0.1 for 98.5%
