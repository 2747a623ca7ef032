"""Waivers from the configuration file, for files that cannot carry their own (notices, tables).

A waiver names a path glob (gitignore style, relative to the config file's folder), a rule and either an item
id or a quote; it silences the findings of that rule in matching files on that item, or whose quoted text
contains the quote (whitespace normalised; for an empty cell, the message, which names the item's title).
Past `expires` it no longer waives and is reported; a waiver whose
glob matched a linted file but which silenced nothing is reported as unused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.baseline import normalize_quote
from checker.config import Waiver
from checker.findings import SUPPRESSION_EXPIRED, SUPPRESSION_UNUSED, FileResult, Finding, LintResult, Severity
from checker.location import Location

if TYPE_CHECKING:
    import pathspec


@dataclass(frozen=True)
class _Compiled:
    waiver: Waiver
    spec: pathspec.PathSpec
    quote: str | None


def relative_posix(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes, or the absolute path when it lies outside."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def matches(waiver: Waiver, finding: Finding) -> bool:
    """True when `waiver` covers `finding` (rule, and item or quote; the path is matched by the caller)."""
    if finding.rule != waiver.rule:
        return False
    if waiver.item is not None:
        return finding.item == waiver.item.strip()
    quote = normalize_quote(waiver.quote or "")
    if not quote:
        return False
    excerpt = normalize_quote(finding.excerpt)
    if excerpt and (quote in excerpt or excerpt in quote):
        return True
    # an empty cell has nothing to quote: the sentence around the span, or the message (which names the item)
    context = normalize_quote(finding.quote.text) if finding.quote is not None else ""
    return quote in context or quote in normalize_quote(finding.message)


def apply_waivers(result: LintResult, paths: Sequence[Path], waivers: Sequence[Waiver], root: Path,
                  today: dt.date, disabled: frozenset[str] = frozenset()) -> LintResult:
    """`result` with waived findings removed, plus a result for the config file holding the expired and unused
    waivers (`suppression/expired`, `suppression/unused`). `paths[i]` is the file of `result.files[i]`;
    `today` decides expiry (the run's --as-of, else the current date). `disabled`: rule ids the run left out
    (select/ignore): a waiver of such a rule cannot be unused, and suppression/* notes follow them too."""
    if not waivers:
        return result
    import pathspec  # only runs with waivers pay for it (see api._exclude_spec)

    compiled = [_Compiled(w, pathspec.GitIgnoreSpec.from_lines([w.path]),
                          normalize_quote(w.quote) if w.quote else None) for w in waivers]
    used = [0] * len(compiled)
    applies = [False] * len(compiled)
    files: list[FileResult] = []
    for file, path in zip(result.files, paths, strict=True):
        rel = relative_posix(path, root)
        active = [n for n, c in enumerate(compiled) if c.spec.match_file(rel)]
        for n in active:
            # Unused only where its rule ran on this file: the file was checked and the rule not left out.
            applies[n] = applies[n] or (file.checked and compiled[n].waiver.rule not in disabled)
        live = [n for n in active if not _expired(compiled[n].waiver, today)]
        if file.failed or not live:
            files.append(file)
            continue
        kept: list[Finding] = []
        for finding in file.findings:
            hit = next((n for n in live if matches(compiled[n].waiver, finding)), None)
            if hit is None:
                kept.append(finding)
            else:
                used[hit] += 1
        files.append(replace(file, findings=tuple(kept)) if len(kept) != len(file.findings) else file)
    notes = [note for note in _notes(compiled, used, applies, today) if note.rule not in disabled]
    if notes:
        source = notes[0].location.source
        files.append(FileResult(source, "toml", "config", tuple(notes)))
    return replace(result, files=tuple(files))


def _expired(waiver: Waiver, today: dt.date) -> bool:
    return waiver.expires is not None and waiver.expires < today


def _notes(compiled: list[_Compiled], used: list[int], applies: list[bool], today: dt.date) -> list[Finding]:
    """Findings about the waivers themselves, located at them in the config file."""
    out: list[Finding] = []
    for c, count, applied in zip(compiled, used, applies, strict=True):
        w = c.waiver
        where = w.location or Location("ledgerlint.toml")
        target = f"问题 {w.item}" if w.item is not None else f"引文「{w.quote}」"
        if _expired(w, today):
            assert w.expires is not None
            out.append(Finding(SUPPRESSION_EXPIRED, Severity.INFO,
                               f"对 {w.path} 中 {target} 的 {w.rule} 豁免已于 {w.expires.isoformat()} 过期,不再生效",
                               where, excerpt=w.reason))
        elif applied and count == 0:
            out.append(Finding(SUPPRESSION_UNUSED, Severity.WARNING,
                               f"对 {w.path} 中 {target} 的 {w.rule} 豁免没有豁免任何问题(问题已整改,或写错了)",
                               where, excerpt=w.reason))
    return sorted(out, key=Finding.sort_key)


__all__ = ["apply_waivers", "matches", "relative_posix"]
