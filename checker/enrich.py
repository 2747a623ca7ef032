"""Numeric claims read from every text field of a ledger, so structured ledgers and prose notices are
checked by the same rules (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from checker.record import LedgerClaim, LedgerRecord
from checker.text.claims import Claim, find_claims, search_marker


def text_fields(ledger: LedgerRecord) -> Iterator[tuple[str, str, str | None]]:
    """Every free-text field of the ledger as (pointer, text, issue id); a notice's own paragraphs have none."""
    for k, text in enumerate(_paragraphs(ledger)):
        yield f"/document/paragraphs/{k}", text, None
    for i, issue in enumerate(ledger["issues"]):
        for suffix, text in _issue_texts(issue):
            yield f"/issues/{i}/{suffix}", text, issue["id"]


def _issue_texts(issue: dict, keep: Callable[[str], object] | None = None) -> list[tuple[str, str]]:
    """(pointer suffix, text) of an item's texts in field order: title, measures, progress, evidence. With
    ``keep``, only the texts it accepts, and only their suffixes are built."""
    texts: list[tuple[str, str]] = []
    title = issue["title"]
    if keep is None or keep(title):
        texts.append(("title", title))
    for j, measure in enumerate(issue.get("measures") or ()):
        text = measure["text"]
        if keep is None or keep(text):
            texts.append((f"measures/{j}/text", text))
    progress = issue.get("progress")
    if progress and (keep is None or keep(progress)):
        texts.append(("progress", progress))
    for j, evidence in enumerate(issue.get("evidence") or ()):
        if keep is None or keep(evidence):
            texts.append((f"evidence/{j}", evidence))
    return texts


def ledger_claims(ledger: LedgerRecord, items: range | None = None, *, paragraphs: bool = True) -> list[LedgerClaim]:
    """All total-and-parts and rate claims in the ledger's text, each with its pointer and span, in document
    order; with `items` (indexes of issues), those of these issues only, after those of the paragraphs if
    `paragraphs`: the claims of consecutive parts, the first with its paragraphs, are the ledger's claims."""
    out: list[LedgerClaim] = []
    for k, text in enumerate(_paragraphs(ledger) if paragraphs else ()):
        out += [_claim(c, None, f"/document/paragraphs/{k}") for c in find_claims(text)]
    issues = ledger["issues"]
    for i, issue in (enumerate(issues) if items is None else zip(items, issues[items.start:items.stop], strict=True)):
        # Most texts hold no claim: a marker search on each (find_claims tests the rest) before any pointer
        # is built.
        texts = _issue_texts(issue, search_marker)
        if not texts:
            continue
        seen: set[str] = set()
        item = issue["id"]
        for suffix, text in texts:
            for c in find_claims(text):
                if c.text in seen:  # the same sentence read as a measure and as the progress: one claim
                    continue
                seen.add(c.text)
                out.append(_claim(c, item, f"/issues/{i}/{suffix}"))
    return out


def _paragraphs(ledger: LedgerRecord) -> list[str]:
    """A notice's paragraphs outside its items (document.paragraphs), if any."""
    document = ledger.get("document") or {}
    return list(document.get("paragraphs") or ())


def _claim(c: Claim, item: str | None, pointer: str) -> LedgerClaim:
    """The ledger's record of one claim read at pointer."""
    return LedgerClaim(c.kind, c.text, c.total, c.parts, c.exhaustive, c.approx, c.numerator, c.denominator, c.rate,
                       c.unit, item, pointer, c.start, c.end, c.rate_step)
