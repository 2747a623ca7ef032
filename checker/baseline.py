"""Baselines: a finding's identity (its fingerprint), and a file of accepted findings that later runs subtract.

A fingerprint is built from what stays put when a document is edited elsewhere: the rule, the file's unit (or
its path), the item id and the quoted source text with its whitespace normalised. It never contains a line,
column or cell, so inserting a paragraph or a row above a finding does not change it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from checker import vocab
from checker.errors import ConfigError
from checker.findings import FileResult, Finding, LintResult
from checker.location import Location

BASELINE_VERSION = 1
_SEPARATOR = "\x1f"  # ASCII unit separator: cannot occur in a rule id, unit or path a user types


def normalize_quote(text: str) -> str:
    """The quoted text as compared across runs: NFC, runs of whitespace (including full-width spaces and
    line breaks inside a Word paragraph or a cell) folded to one space, ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def unit_key(unit: str) -> str:
    """A unit's name as compared across files and runs: whitespace and full-width forms folded (NFKC) and
    a leading 中共/中国共产党 dropped, since offices write 中共平顶山市司法局党委 in a title and
    平顶山市司法局党委 in a byline (seeds/002) for one unit. The prefixes are checker.vocab.PARTY_PREFIXES."""
    name = "".join(unicodedata.normalize("NFKC", unit).split())
    for prefix in vocab.PARTY_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


def file_key(path: str, unit: str | None = None) -> str:
    """What identifies a file across runs: `unit:<unit>` when the ledger names its unit, else `path:<path>`
    with forward slashes. A unit survives renaming and moving a file; a path is all an unnamed one has."""
    if unit and unit.strip():
        return "unit:" + unit_key(unit)
    return "path:" + path.replace("\\", "/")


_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _first_sentence(text: str) -> str:
    """`text` up to and including its first sentence end (all of it when it has none)."""
    end = _SENTENCE_END.search(text)
    return text[:end.end()] if end else text


def fingerprint(finding: Finding, file_key: str) -> str:
    """The identity of `finding` in the file identified by `file_key` (see `file_key`): a 32-character hex
    digest of rule, file key, item id and normalised quote. Line, column, cell and message are left out, so
    edits above a finding (or a reworded message) keep it; changing the quoted text makes it a new finding.
    Only the quote's first sentence counts: a finding about a whole item (no owner named) quotes the item,
    and editing its measures further on must not make it new."""
    parts = (finding.rule, file_key, finding.item or "", _first_sentence(normalize_quote(finding.excerpt)))
    return hashlib.sha256(_SEPARATOR.join(parts).encode("utf-8")).hexdigest()[:32]


def result_key(file: FileResult) -> str:
    """The file key of a linted file (its unit when one was read, else its path)."""
    return file_key(file.path, file.unit)


@dataclass(frozen=True)
class Baseline:
    """Accepted findings by fingerprint, with how many of each (two equal findings in one file are two)."""

    counts: Mapping[str, int]

    @classmethod
    def from_result(cls, result: LintResult) -> Baseline:
        """The baseline of a run: every finding it reported."""
        counts: Counter[str] = Counter()
        for file in result.files:
            key = result_key(file)
            counts.update(fingerprint(f, key) for f in file.findings)
        return cls(dict(counts))

    def to_json(self, result: LintResult | None = None) -> str:
        """The baseline file: version, date written, and one entry per fingerprint. Entries are sorted and
        carry the rule and quote for a reader reviewing the file (only `fingerprint` and `count` are read)."""
        notes: dict[str, dict[str, object]] = {}
        if result is not None:
            for file in result.files:
                key = result_key(file)
                for f in file.findings:
                    notes.setdefault(fingerprint(f, key), {"rule": f.rule, "file": file.path, "item": f.item,
                                                           "quote": normalize_quote(f.excerpt)})
        entries = [{"fingerprint": fp, "count": n, **notes.get(fp, {})} for fp, n in sorted(self.counts.items())]
        data = {"ledgerlint_baseline": BASELINE_VERSION, "written": dt.date.today().isoformat(),
                "findings": entries}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; raises ConfigError (located at the file) when it is not one."""
        where = Location(path.as_posix())
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError("基线文件不存在", where, hint="先用 --write-baseline 文件 生成基线") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"无法读取基线文件: {exc}", where) from None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"基线文件不是有效的 JSON: {exc.msg}",
                              Location(path.as_posix(), exc.lineno, exc.colno)) from None
        if not isinstance(data, dict) or data.get("ledgerlint_baseline") != BASELINE_VERSION:
            raise ConfigError(f"不是 ledgerlint 基线文件(缺少 \"ledgerlint_baseline\": {BASELINE_VERSION})", where)
        counts: dict[str, int] = {}
        for n, entry in enumerate(data.get("findings") or ()):
            fp = entry.get("fingerprint") if isinstance(entry, dict) else None
            count = entry.get("count", 1) if isinstance(entry, dict) else None
            if not isinstance(fp, str) or not isinstance(count, int) or count < 1:
                raise ConfigError(f"基线文件第 {n + 1} 条记录应有 fingerprint(文本)和 count(正整数)",
                                  Location(path.as_posix(), pointer=f"/findings/{n}"))
            counts[fp] = counts.get(fp, 0) + count
        return cls(counts)

    def apply(self, result: LintResult) -> LintResult:
        """`result` without the findings this baseline accepts, `baselined` counting them. Each accepted
        fingerprint hides as many findings as it counts; any more of the same are new. Unreadable files
        (`failed`) keep their findings: a file that cannot be read is never accepted silently."""
        left = Counter(self.counts)
        hidden = 0
        files: list[FileResult] = []
        for file in result.files:
            if file.failed:
                files.append(file)
                continue
            key = result_key(file)
            kept: list[Finding] = []
            for finding in file.findings:
                fp = fingerprint(finding, key)
                if left[fp] > 0:
                    left[fp] -= 1
                    hidden += 1
                else:
                    kept.append(finding)
            files.append(replace(file, findings=tuple(kept)) if len(kept) != len(file.findings) else file)
        return replace(result, files=tuple(files), baselined=result.baselined + hidden)


def fingerprints(result: LintResult) -> Iterable[tuple[FileResult, Finding, str]]:
    """Every finding of a run with its file and fingerprint, in report order."""
    for file in result.files:
        key = result_key(file)
        for finding in file.findings:
            yield file, finding, fingerprint(finding, key)


__all__ = ["Baseline", "file_key", "fingerprint", "fingerprints", "normalize_quote", "result_key"]
