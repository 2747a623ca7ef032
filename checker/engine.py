"""Apply a compiled rule set to a ledger: facts from rules, then identity, severity and suppressions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from checker.dsl.ruleset import RuleSet
from checker.findings import Severity
from checker.model import DocumentKind, LedgerClaim, LedgerRecord

# Rules that still run on a document that is not a rectification report (everything else is skipped).
DOCUMENT_RULES_PREFIX = "document/"


@dataclass(frozen=True, slots=True)
class RawFinding:
    """A finding before its pointer is resolved to a line, column or cell."""

    rule: str
    severity: Severity
    message: str
    pointer: str
    start: int | None
    end: int | None
    item: str | None


def evaluate(ruleset: RuleSet, ledger: LedgerRecord, claims: list[LedgerClaim], *, as_of: dt.date | None = None,
             severities: Mapping[str, Severity] | None = None,
             disabled: frozenset[str] = frozenset()) -> list[RawFinding]:
    """Run every enabled rule over a ledger record and return what it reports, minus waived findings."""
    as_of = as_of or ledger["report_date"]
    env: dict[str, object] = dict(ledger)
    env["claims"] = claims
    env["as_of"] = as_of
    not_a_report = ledger["document"]["kind"] == DocumentKind.other
    severities = severities or {}
    out: list[RawFinding] = []
    for rule in ruleset.rules:
        rule_id = rule.info.id
        if rule_id in disabled or (not_a_report and not rule_id.startswith(DOCUMENT_RULES_PREFIX)):
            continue
        for clause in rule.clauses:
            for fact in clause.run(env):
                severity = severities.get(rule_id) or (
                    Severity.parse(fact.severity) if fact.severity else rule.info.severity)
                item = _item_of(ledger, fact.pointer)
                if item is not None and _waived(ledger, fact.pointer, rule_id, as_of):
                    continue
                out.append(RawFinding(rule_id, severity, fact.message, fact.pointer, fact.start, fact.end, item))
    return out


def _issue_index(pointer: str) -> int | None:
    if not pointer.startswith("/issues/"):
        return None
    head = pointer[len("/issues/"):].split("/", 1)[0]
    return int(head) if head.isdigit() else None


def _item_of(ledger: LedgerRecord, pointer: str) -> str | None:
    index = _issue_index(pointer)
    if index is None or index >= len(ledger["issues"]):
        return None
    return ledger["issues"][index]["id"]


def _waived(ledger: LedgerRecord, pointer: str, rule_id: str, as_of: dt.date | None) -> bool:
    """An item's `suppress` entry for this rule waives it until it expires."""
    issue = ledger["issues"][_issue_index(pointer)]  # type: ignore[index]
    for waiver in issue.get("suppress") or ():
        if waiver["rule"] != rule_id:
            continue
        expires = waiver.get("expires")
        if expires is None or as_of is None or expires >= as_of:
            return True
    return False
