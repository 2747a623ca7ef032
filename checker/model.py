"""The canonical ledger (DESIGN §4) as pydantic models, and its JSON Schema.

Values carry their source through the ledger's SourceMap: every value is addressed by its JSON Pointer,
and the loader that produced the ledger maps pointers back to lines, columns or cells.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    """Unknown keys are errors, not silently dropped. (Readers strip cell text themselves: pydantic's
    str_strip_whitespace costs about 40% of validation time on large ledgers.)"""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)  # YAML `id: 2`, `phone: 3232187`


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


class Inspection(_Strict):
    """The inspection the ledger answers to."""

    body: str | None = Field(None, description="巡察组/巡视组")
    start: dt.date | None = None
    end: dt.date | None = None
    feedback: dt.date | None = Field(None, description="反馈日期")


class Declared(_Strict):
    """Counts the text itself states (列出了30条问题清单, 已完成20项...)."""

    issues: int | None = Field(None, ge=0)
    completed: int | None = Field(None, ge=0)
    in_progress: int | None = Field(None, ge=0)
    long_term: int | None = Field(None, ge=0)


class Contact(_Strict):
    """How the public can respond (联系方式)."""

    phone: str | None = None
    email: str | None = None
    address: str | None = None


class Owner(_Strict):
    """Who answers for an issue."""

    leader: str | None = Field(None, description="责任领导")
    department: str | None = Field(None, description="责任部门/责任单位")
    person: str | None = Field(None, description="责任人")


class Measure(_Strict):
    """One rectification measure (整改措施)."""

    text: str
    date: dt.date | None = None


class Suppression(_Strict):
    """A waiver for one rule on one issue; an expired waiver stops waiving."""

    rule: str
    reason: str = Field(min_length=1)
    by: str | None = None
    expires: dt.date | None = None


class Issue(_Strict):
    """One problem from the inspection feedback and its rectification."""

    id: str
    title: str
    category: str | None = None
    section: str | None = Field(None, description="the heading it sits under in a notice")
    owner: Owner = Field(default_factory=Owner)
    deadline: dt.date | None = None
    review_date: dt.date | None = Field(None, description="for long-term items: next review date")
    status: Status | None = None
    completed_on: dt.date | None = None
    measures: list[Measure] = Field(default_factory=list)
    progress: str | None = Field(None, description="progress notes (整改情况) not split into measures")
    evidence: list[str] = Field(default_factory=list)
    suppress: list[Suppression] = Field(default_factory=list)


class Document(_Strict):
    """Facts about the document as a whole, filled by the prose reader (all optional)."""

    kind: DocumentKind = DocumentKind.ledger
    title: str | None = None
    public: bool = Field(False, description="a published notice: must give contact information")
    owners_stated: str | None = Field(None, description="text stating owners for all items at once")
    deadlines_stated: str | None = Field(None, description="text stating deadlines for all items")
    reason: str | None = Field(None, description="why the document kind was chosen")


class Ledger(_Strict):
    """A rectification ledger (整改台账)."""

    ledger_version: Literal[1] = 1
    unit: str | None = Field(None, description="被巡察单位")
    inspection: Inspection = Field(default_factory=Inspection)
    report_date: dt.date | None = None
    declared: Declared = Field(default_factory=Declared)
    contact: Contact = Field(default_factory=Contact)
    document: Document = Field(default_factory=Document)
    issues: list[Issue] = Field(default_factory=list)


def ledger_json_schema() -> dict[str, object]:
    """JSON Schema of the input ledger, generated from the model."""
    schema = Ledger.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://ledgerlint.invalid/schema/ledger-v1.json"
    return schema


@dataclass(frozen=True, slots=True)
class LedgerClaim:
    """A numeric claim found in a text field of the ledger (computed, never part of the input).

    `kind` is "sum" (共N…其中a、b、c) or "rate" (调解成功率99%); `pointer` is the text field it was read from and
    [start, end) the characters of the claim inside that string.
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
