"""What rules can see: the ledger's fields, the claims found in its text, `as_of`, and parameters."""

from __future__ import annotations

import dataclasses
import typing

from checker.dsl.types import DATE, EnumType, ListType, ObjType, Type, _from_annotation, from_json_schema
from checker.record import LedgerClaim, ledger_schema

_CLAIM_KINDS = ("sum", "rate")


def _claim_type() -> ObjType:
    hints = typing.get_type_hints(LedgerClaim)
    fields = []
    for f in dataclasses.fields(LedgerClaim):
        if f.name in ("pointer", "start", "end"):
            continue  # locations are not values a rule should compare
        t = _from_annotation(hints[f.name])
        if f.name == "kind":
            t = EnumType("enum", _CLAIM_KINDS)
        if f.name == "parts":
            t = ListType("list", _from_annotation(float))
        fields.append((f.name, t))
    return ObjType("Claim", tuple(fields))


def root_type() -> ObjType:
    """The type of the evaluation root: ledger fields plus `claims` and `as_of`. The ledger's fields are read
    from its shipped JSON Schema, so that checking rules needs no pydantic (tests/test_startup.py)."""
    ledger = from_json_schema(ledger_schema())
    extra: tuple[tuple[str, Type], ...] = (("claims", ListType("list", _claim_type())), ("as_of", DATE))
    return ObjType("Ledger", ledger.fields + extra)
