"""Numeric claims read from every text field of a ledger, so structured ledgers and prose notices are
checked by the same rules (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Iterator

from checker.model import LedgerClaim, LedgerRecord
from checker.text.claims import find_claims, might_have_claims


def text_fields(ledger: LedgerRecord) -> Iterator[tuple[str, str, str | None]]:
    """Every free-text field of the ledger as (pointer, text, issue id)."""
    for i, issue in enumerate(ledger["issues"]):
        for suffix, text in _issue_texts(issue):
            yield f"/issues/{i}/{suffix}", text, issue["id"]


def _issue_texts(issue: dict) -> Iterator[tuple[str, str]]:
    yield "title", issue["title"]
    for j, measure in enumerate(issue.get("measures") or ()):
        yield f"measures/{j}/text", measure["text"]
    if issue.get("progress"):
        yield "progress", issue["progress"]
    for j, evidence in enumerate(issue.get("evidence") or ()):
        yield f"evidence/{j}", evidence


def ledger_claims(ledger: LedgerRecord) -> list[LedgerClaim]:
    """All total-and-parts and rate claims in the ledger's text, each with its pointer and span."""
    out: list[LedgerClaim] = []
    for i, issue in enumerate(ledger["issues"]):
        # Most items hold no claim: one test over all their texts before building any pointer. Joining with a
        # sentence break keeps a marker in one text from pairing with a digit in another only loosely: the
        # pre-filter may pass an item find_claims then rejects, never the reverse.
        texts = [issue["title"], issue.get("progress") or ""]
        texts += [m["text"] for m in issue.get("measures") or ()]
        texts += issue.get("evidence") or ()
        if not might_have_claims("\n".join(texts)):
            continue
        for suffix, text in _issue_texts(issue):
            for c in find_claims(text):
                out.append(LedgerClaim(
                    kind=c.kind, text=c.text, total=c.total, parts=tuple(c.parts), exhaustive=c.exhaustive,
                    approx=c.approx, numerator=c.numerator, denominator=c.denominator, rate=c.rate, unit=c.unit,
                    item=issue["id"], pointer=f"/issues/{i}/{suffix}", start=c.start, end=c.end))
    return out
