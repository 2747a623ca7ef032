"""The canonical ledger (DESIGN §4) as pydantic models, and its JSON Schema.

Values carry their source through the ledger's SourceMap: every value is addressed by its JSON Pointer,
and the loader that produced the ledger maps pointers back to lines, columns or cells.

The models are the schema. Linting validates into a *record* instead: the same schema expressed as
TypedDicts, so pydantic's compiled core builds plain dicts and lists rather than model instances (about a
third of the time on a 100,000-item ledger). A record is sparse: an absent key means a missing value.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import from_json
from typing_extensions import NotRequired, TypedDict

from checker.quick_record import plain_ledger, with_defaults

# The record's plain parts live in checker.record, so that linting a small ledger needs no pydantic; they are
# named here too, with the models.
from checker.record import DocumentKind, LedgerClaim, LedgerRecord, Status  # noqa: F401


class _Strict(BaseModel):
    """Unknown keys are errors, not silently dropped. (Readers strip cell text themselves: pydantic's
    str_strip_whitespace costs about 40% of validation time on large ledgers.)"""

    # defer_build: linting validates records (below), so a model's own validator is built only when a command
    # uses the model itself (extract, schema); building them all at import cost more than pydantic's import.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True,  # YAML `id: 2`, `phone: 3232187`
                              defer_build=True)


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
    due: dt.date | None = Field(
        None, description="the date the measure promises to meet (4月22日前印发…, 计划6月完成): the last day")


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
    unknown: list[str] = Field(default_factory=list, description=(
        "fields the source states but whose value is unknown (a formula cell without a saved result): "
        "no rule treats them as missing"))


class Document(_Strict):
    """Facts about the document as a whole, filled by the prose reader (all optional)."""

    kind: DocumentKind = DocumentKind.ledger
    title: str | None = None
    public: bool = Field(False, description="a published notice: must give contact information")
    owners_stated: str | None = Field(None, description="text stating owners for all items at once")
    deadlines_stated: str | None = Field(None, description="text stating deadlines for all items")
    reason: str | None = Field(None, description="why the document kind was chosen")
    summary: bool = Field(False, description="a summary notice: states totals and lists no items")
    paragraphs: list[str] = Field(
        default_factory=list,
        description="a notice's paragraphs outside its items (the opening, totals): their numbers are claims too")


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


@functools.lru_cache(maxsize=1)
def _record_adapter() -> TypeAdapter[Any]:
    """The validator of ledger records, built once per process from the models."""
    return TypeAdapter(_record_type(Ledger, {}, {}))


@functools.lru_cache(maxsize=1)
def _plain_adapter() -> TypeAdapter[Any]:
    """The validator of ledger records for parsed JSON (`_plain_record`): the models' rules, except that no
    number is taken for text."""
    return TypeAdapter(_record_type(Ledger, {}, {"coerce_numbers_to_str": False}))


def _record_type(model: type[BaseModel], done: dict[type, type], config: dict[str, Any]) -> type:
    """A TypedDict with the fields, constraints and strictness of `model` (nested models converted too);
    `config` overrides settings of the models' own config."""
    if model not in done:
        hints = typing.get_type_hints(model)
        fields: dict[str, object] = {}
        for name, info in model.model_fields.items():
            annotation = _record_annotation(hints[name], done, config)
            if info.metadata:
                params = (annotation, *info.metadata)
                annotation = Annotated[params]
            fields[name] = annotation if info.is_required() else NotRequired[annotation]
        record = TypedDict(f"{model.__name__}Record", fields)  # type: ignore[misc]  # fields known at run time only
        settings = {**model.model_config, **config}
        record.__pydantic_config__ = settings  # type: ignore[attr-defined]  # pydantic reads it from the class
        done[model] = record
    return done[model]


def _record_annotation(annotation: object, done: dict[type, type], config: dict[str, Any]) -> object:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = tuple(_record_annotation(a, done, config) for a in typing.get_args(annotation))
        return typing.Union[args]  # noqa: UP007
    if origin is list:
        return list[_record_annotation(typing.get_args(annotation)[0], done, config)]  # type: ignore[misc]  # a type built at run time
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _record_type(annotation, done, config)
    return annotation


@functools.lru_cache(maxsize=1)
def _top_level_defaults() -> dict[str, Any]:
    return _defaults(Ledger)


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """What `model().model_dump()` gives, read from the field declarations (no validator is built)."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        factory = info.default_factory
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            out[name] = _defaults(factory)
        elif factory is not None:
            out[name] = factory()  # type: ignore[call-arg]  # no factory here takes the validated data
        else:
            value = info.get_default()
            out[name] = value
    return out


def parse_record(payload: bytes | dict[str, Any],
                 numeric_ids: Callable[[bytes], Mapping[int, str]] | None = None) -> LedgerRecord:
    """Validate JSON bytes or a dict into a ledger record; raises pydantic.ValidationError.

    Top-level defaults are filled in (so `document.kind` is always there); issues stay sparse. For JSON bytes,
    `numeric_ids(payload)` gives the ids written as numbers with a fraction, by issue index → their text as
    written (checker.load.json_source.numeric_id_texts), which replaces pydantic's rendering (1.10 → "1.1").
    A plainly written ledger is read without pydantic's validator (checker.quick_record.plain_ledger), as
    checker.validate reads it.
    """
    record = plain_ledger(payload)
    return record if record is not None else validate_record(payload, numeric_ids)


def validate_record(payload: bytes | dict[str, Any],
                    numeric_ids: Callable[[bytes], Mapping[int, str]] | None = None) -> LedgerRecord:
    """`parse_record` without the readers of checker.quick_record, for a ledger they declined: pydantic
    validates."""
    record = _plain_record(payload) if isinstance(payload, bytes) else None
    if record is None:
        adapter = _record_adapter()
        if isinstance(payload, bytes):
            record = adapter.validate_json(payload)
            for index, text in (numeric_ids(payload) if numeric_ids else {}).items():
                record["issues"][index]["id"] = text
        else:
            record = adapter.validate_python(payload)
    return with_defaults(record, _top_level_defaults())


def _plain_record(payload: bytes) -> LedgerRecord | None:
    """The record pydantic's `validate_json` builds from `payload`, built with less memory: 0.52 GB at peak
    instead of 0.78 GB for a 100,000-item ledger of 107 MB (whose `json.load` takes 0.57 GB), in a little
    less time. pydantic's own JSON parser (the one `validate_json` uses) builds Python data, keeping one
    copy of each short text that recurs (dates, names, status words), and pydantic validates that data.

    None when this may not read what `validate_json` reads, and the caller validates the bytes (with
    pydantic's own error messages): the text is not JSON; a number stands where text is expected (the JSON
    parser writes 1.0 as "1", Python "1.0"); the data is invalid. tests/test_plain_record.py holds every
    other difference between JSON and Python input, for each type of the models, to none."""
    try:
        data = from_json(payload)
    except ValueError:
        return None
    try:
        return _plain_adapter().validate_python(data)
    except ValidationError:
        return None


def ledger_json_schema() -> dict[str, object]:
    """JSON Schema of the input ledger, generated from the model."""
    schema = Ledger.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/ledgerlint/ledgerlint/schemas/ledger-v1.json"
    return schema
