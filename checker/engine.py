"""Apply a compiled rule set to a ledger: facts from rules, then identity, severity and suppressions."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from checker.dsl.compile import WRITTEN, ClauseFailure, CompiledClause
from checker.dsl.ruleset import CompiledRule, RuleSet
from checker.findings import RULE_FAILED_RULE, SUPPRESSION_EXPIRED, SUPPRESSION_UNKNOWN_RULE, Severity
from checker.location import Location
from checker.record import DocumentKind, LedgerClaim, LedgerRecord


class RawFinding(NamedTuple):
    """A finding before its pointer is resolved to a line, column or cell (a tuple: one is built per finding,
    and a frozen dataclass costs several times more to build)."""

    rule: str
    severity: Severity
    message: str
    pointer: str
    start: int | None
    end: int | None
    item: str | None
    location: Location | None = None  # set when the finding is about a rule file, not a place in the input


def evaluate(ruleset: RuleSet, ledger: LedgerRecord, claims: list[LedgerClaim], *, as_of: dt.date | None = None,
             severities: Mapping[str, Severity] | None = None,
             disabled: frozenset[str] = frozenset(), source: str = "此文件",
             written: Callable[[str], str] | None = None,
             rules: Sequence[CompiledRule] | None = None, waivers: bool = True) -> list[RawFinding]:
    """Run every enabled rule over a ledger record and return what it reports, minus waived findings, plus
    (with `waivers`) the waivers that waive nothing. `rules` (default: the rule set's) are the rules to run:
    some of the set when the others run elsewhere; the waivers are then checked against the whole set.

    A rule failing on this input (ClauseFailure) becomes one `rule/failed` error located at the clause in
    its rule file and naming `source` (the input's display name) and the item; the other rules still run.
    `written` gives the ledger's text back as the document writes it, for messages (checker.read.scripts)."""
    as_of = as_of or ledger["report_date"]
    env: dict[str, object] = dict(ledger)
    env["claims"] = claims
    env["as_of"] = as_of
    if written is not None:
        env[WRITTEN] = written
    kind = DocumentKind(ledger["document"]["kind"]).value
    severities = severities or {}
    issues = ledger["issues"]
    count = len(issues)
    out: list[RawFinding] = []
    append = out.append
    for rule in ruleset.rules if rules is None else rules:
        rule_id = rule.info.id
        if rule_id in disabled or kind not in rule.applies:  # a rule runs only on what it `applies` to
            continue
        forced = severities.get(rule_id)
        for clause in rule.clauses:
            try:
                facts = clause.run(env)
            except ClauseFailure as failure:
                append(_failure(rule, clause, failure, ledger, source))
                continue
            if not facts:
                continue
            # A clause-level severity is one word of the rule file: the same for every fact of the clause.
            said = facts[0].severity
            severity = forced or (Severity.parse(said) if said else rule.info.severity)
            for word, message, pointer, start, end in facts:
                if word != said:
                    said = word
                    severity = forced or (Severity.parse(said) if said else rule.info.severity)
                index = _issue_index(pointer, count)  # the item the finding is about
                if index is None:
                    append(RawFinding(rule_id, severity, message, pointer, start, end, None))
                    continue
                issue = issues[index]
                if "suppress" in issue and _waived(issue, rule_id, as_of):
                    continue
                append(RawFinding(rule_id, severity, message, pointer, start, end, issue["id"]))
    if waivers:
        out.extend(_waiver_findings(ledger, frozenset(ruleset.info), as_of))
    return out


def _failure(rule: CompiledRule, clause: CompiledClause, failure: ClauseFailure, ledger: LedgerRecord,
             source: str) -> RawFinding:
    """A rule that failed on this input: one error located at the clause in its rule file, naming the item."""
    index = _issue_index(failure.pointer, len(ledger["issues"]))
    item = ledger["issues"][index]["id"] if index is not None else None
    on = f"在问题 {item} 上" if item is not None else ""
    span = clause.span
    location = Location(rule.info.source or rule.info.id, span.line if span else None, span.column if span else None,
                        span.end_line if span else None, span.end_column if span else None)
    message = (f"规则 {rule.info.id} 检查 {source} 时{on}出错: {failure.reason};"
               "该规则对此文件的结果不完整,其他规则照常检查")
    return RawFinding(RULE_FAILED_RULE, Severity.ERROR, message, failure.pointer, None, None, item, location)


def _waiver_findings(ledger: LedgerRecord, known: frozenset[str], as_of: dt.date | None) -> list[RawFinding]:
    """Waivers that waive nothing: a misspelt rule id (not in `known`), or one past its expiry date (before
    `as_of`)."""
    out: list[RawFinding] = []
    waiving = [(i, issue) for i, issue in enumerate(ledger["issues"]) if "suppress" in issue]  # few have any
    for i, issue in waiving:
        for j, waiver in enumerate(issue.get("suppress") or ()):
            rule, expires, item = waiver["rule"], waiver.get("expires"), issue["id"]
            if rule not in known:
                close = difflib.get_close_matches(str(rule), sorted(known), n=1, cutoff=0.6)
                guess = f";是不是「{close[0]}」?" if close else ""
                out.append(RawFinding(SUPPRESSION_UNKNOWN_RULE, Severity.WARNING,
                                      f"问题 {item} 的豁免指向不存在的规则「{rule}」,没有豁免任何问题{guess}",
                                      f"/issues/{i}/suppress/{j}/rule", None, None, item))
            elif expires is not None and as_of is not None and expires < as_of:
                out.append(RawFinding(SUPPRESSION_EXPIRED, Severity.INFO,
                                      f"问题 {item} 对规则 {rule} 的豁免已于 {expires.isoformat()} 过期,不再生效",
                                      f"/issues/{i}/suppress/{j}/expires", None, None, item))
    return out


def _issue_index(pointer: str, count: int) -> int | None:
    """Index of the issue a pointer lies in (/issues/3/...), or None."""
    if not pointer.startswith("/issues/"):
        return None
    head = pointer[8:].partition("/")[0]  # 8: len("/issues/")
    if not head.isdigit():
        return None
    index = int(head)
    return index if index < count else None


def _waived(issue: dict, rule_id: str, as_of: dt.date | None) -> bool:
    """An item's `suppress` entry for this rule waives it until it expires."""
    for waiver in issue.get("suppress") or ():
        if waiver["rule"] != rule_id:
            continue
        expires = waiver.get("expires")
        if expires is None or as_of is None or expires >= as_of:
            return True
    return False
