"""Numeric claims read from every text field of a ledger, so structured ledgers and prose notices are
checked by the same rules (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.location import pointer_join
from checker.model import Ledger, LedgerClaim
from checker.text.claims import find_claims, might_have_claims


def text_fields(ledger: Ledger) -> Iterator[tuple[str, str, str | None]]:
    """Every free-text field of the ledger as (pointer, text, issue id)."""
    for i, issue in enumerate(ledger.issues):
        base = f"/issues/{i}"
        yield base + "/title", issue.title, issue.id
        for j, measure in enumerate(issue.measures):
            yield f"{base}/measures/{j}/text", measure.text, issue.id
        if issue.progress:
            yield base + "/progress", issue.progress, issue.id
        for j, evidence in enumerate(issue.evidence):
            yield f"{base}/evidence/{j}", evidence, issue.id


def ledger_claims(ledger: Ledger) -> list[LedgerClaim]:
    """All total-and-parts and rate claims in the ledger's text, each with its pointer and span."""
    out: list[LedgerClaim] = []
    for pointer, text, item in text_fields(ledger):
        if not text or not might_have_claims(text):
            continue
        for c in find_claims(text):
            out.append(LedgerClaim(
                kind=c.kind, text=c.text, total=c.total, parts=tuple(c.parts), exhaustive=c.exhaustive,
                approx=c.approx, numerator=c.numerator, denominator=c.denominator, rate=c.rate, unit=c.unit,
                item=item, pointer=pointer, start=c.start, end=c.end))
    return out


__all__ = ["ledger_claims", "text_fields", "pointer_join"]
