"""An upload becomes submissions: each document linted through the library API with the desk's rules, its
file and HTML report stored, and its rows written in one transaction — an upload is kept whole or not at all."""

from __future__ import annotations

import functools
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from checker import api
from checker.baseline import file_key, fingerprint, unit_key
from checker.desk.models import StoredFinding, Submission, Unit
from checker.desk.store import Incoming, Store, suffix_of
from checker.dsl.ruleset import RuleSet
from checker.findings import FileResult, LintResult, Severity
from checker.report import render
from checker.report.common import UNKNOWN_UNIT, position_words


@dataclass(frozen=True)
class Linted:
    """One document of an upload after linting, before anything is written to the database."""

    incoming: Incoming
    result: FileResult
    report: bytes


def store() -> Store:
    """The desk's file store."""
    return Store(Path(settings.DESK_STORE))


def ruleset() -> RuleSet:
    """The rules every submission is linted with: the desk's configured rule files, else the built-in set."""
    return _compiled(tuple(settings.DESK_RULES))


@functools.lru_cache(maxsize=4)
def _compiled(rules: tuple[str, ...]) -> RuleSet:
    # compiled once per process: a rule file that cannot be used fails the server's start, not an upload
    return api.load_rules(api.LintOptions(rules=tuple(Path(p) for p in rules)))


def lint_one(incoming: Incoming, rules: RuleSet) -> Linted:
    """Lint one document from a private temporary copy (the reader chooses by suffix) and render its report."""
    with tempfile.TemporaryDirectory(prefix="ledgerlint-desk-") as tmp:
        path = Path(tmp) / ("document" + suffix_of(incoming.name))
        path.write_bytes(incoming.data)
        result = api.lint_file(path, rules, api.LintOptions(), display=incoming.name)
    html = render(LintResult((result,), rules.info), "html")
    assert isinstance(html, str)
    return Linted(incoming, result, html.encode("utf-8"))


def unit_name(result: FileResult, given: str | None) -> str:
    """The unit a submission is filed under: the one given (a unit account's own, or chosen on upload),
    else the one the document names, else UNKNOWN_UNIT."""
    for name in (given, result.meta.unit):
        if name and name.strip():
            return " ".join(name.split())
    return UNKNOWN_UNIT


def unit_named(name: str) -> Unit:
    """The unit named `name`, matched as checker.baseline.unit_key compares names (中共X党委 is X党委), else a
    new one. A desk holds dozens of units, so they are compared here rather than through a stored key."""
    key = unit_key(name)
    found = next((unit for unit in Unit.objects.all() if unit_key(unit.name) == key), None)
    return found if found is not None else Unit.objects.create(name=name)


def save(linted: list[Linted], user: object, given_unit: str | None) -> list[Submission]:
    """Store the files and reports (each written whole, then renamed), then write every submission and finding
    in one transaction: an upload that fails half-way leaves no row behind (at most unreferenced files)."""
    files = store()
    placed = [(files.put(item.incoming.data, suffix_of(item.incoming.name)), files.put(item.report, ".html")[0])
              for item in linted]
    batch = uuid.uuid4().hex
    saved: list[Submission] = []
    with transaction.atomic():
        for item, ((stored, digest), report) in zip(linted, placed, strict=True):
            result = item.result
            unit = unit_named(unit_name(result, given_unit))
            counts = Counter(f.severity for f in result.findings)
            meta = result.meta
            submission = Submission.objects.create(
                unit=unit, uploaded_by=user, batch=batch, name=item.incoming.name[:300], sha256=digest,
                size=len(item.incoming.data), stored=stored, report=report, format=result.format,
                kind=result.kind or "", failed=result.failed, items=result.items, title=(meta.title or "")[:300],
                body=(meta.body or "")[:200], feedback=meta.feedback, report_date=meta.report_date, as_of=meta.as_of,
                errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING], infos=counts[Severity.INFO])
            key = file_key(item.incoming.name, unit.name)
            StoredFinding.objects.bulk_create([
                StoredFinding(
                    submission=submission, fingerprint=fingerprint(f, key), rule=f.rule,
                    severity=f.severity.label, message=f.message, item=(f.item or "")[:50],
                    item_title=result.title_of(f.item)[:500], position=position_words(f.location, result.format),
                    quote=f.quote.text if f.quote else "", mark_start=f.quote.start if f.quote else 0,
                    mark_end=f.quote.end if f.quote else 0)
                for f in result.findings])
            saved.append(submission)
    return saved
