"""The library API: the one place where the pipeline stages are composed.

load → (extract, for prose) → validate → enrich → engine → findings with locations.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import operator
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import forked, load
from checker.config import Waiver, selector_matches
from checker.dsl.ruleset import CompiledRule, RuleSet, load_ruleset
from checker.engine import evaluate
from checker.enrich import ledger_claims
from checker.errors import InputError, LedgerlintError, RuleCompileError
from checker.findings import (
    COMMA_RULE,
    ENGINE_RULES,
    INPUT_ERROR_RULE,
    NO_ITEMS_RULE,
    RULE_FAILED_RULE,
    FileMeta,
    FileResult,
    Finding,
    LintResult,
    Severity,
)
from checker.load import json_source
from checker.location import Location, Quote, SourceMap, quote_of, value_at
from checker.own_files import is_own_file
from checker.read import read_source
from checker.record import DocumentKind, LedgerClaim, LedgerRecord
from checker.resources import builtin_rules_dir, rule_paths
from checker.validate import InvalidLedger, Problem, validate_ledger
from checker.waivers import apply_waivers, relative_posix

if TYPE_CHECKING:
    import pathspec

    from checker.engine import RawFinding

# Reading notes that say part of a file was read by a guess: it is checked, and the run still exits 2.
GUESSED_RULES = frozenset({COMMA_RULE})
NOT_A_REPORT_RULE = "document/not-a-report"  # the built-in rule that says a document is not a report
LEDGER_SUFFIXES = (".json", ".yaml", ".yml", ".csv", ".xlsx", ".txt", ".md", ".markdown", ".docx")


@dataclass(frozen=True)
class LintOptions:
    """Everything a lint run can be told; the CLI and the config file fill it."""

    rules: tuple[Path, ...] = ()
    params: Mapping[str, object] = field(default_factory=dict)
    as_of: dt.date | None = None
    severities: Mapping[str, Severity] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    jobs: int = 1
    builtin_rules: bool = True  # local rule files extend the built-in set unless this is False
    select: tuple[str, ...] = ()  # rule ids or prefixes to run (empty: all)
    ignore: tuple[str, ...] = ()  # rule ids or prefixes not to run; the longer matching selector wins
    exclude: tuple[str, ...] = ()  # gitignore-style globs, relative to `root`, of files not to lint
    root: Path | None = None  # folder of the config file (globs and waiver paths); default: working directory
    respect_gitignore: bool = True  # in a git work tree, skip what git ignores
    force_exclude: bool = False  # apply `exclude` to files named explicitly too (pre-commit passes names)
    waivers: tuple[Waiver, ...] = ()  # waivers from the config file
    stdin: bytes | None = None  # the content of the path `-`
    stdin_filename: str | None = None  # its name: the suffix decides the reader, the name is shown


@dataclass(frozen=True)
class ReadLedger:
    """A file read as a ledger: the validated record, where its values came from, and the input format."""

    ledger: LedgerRecord
    source_map: SourceMap
    format: str
    notes: tuple[Finding, ...] = ()  # findings of reading: unreadable cells, unknown columns, typed ids …
    unknown: frozenset[str] = frozenset()  # pointers of values stated but not known (no rule calls them missing)


def load_rules(options: LintOptions) -> RuleSet:
    """The rule set of a run: the built-in rules plus the given rule files or folders (local rules extend the
    built-in set; `builtin_rules=False` drops it). Raises ConfigError when that leaves no rule file at all."""
    builtin = builtin_rules_dir()
    ruleset = load_ruleset(rule_paths(options.rules, options.builtin_rules), options.params)
    local = [p for p in options.rules if p.resolve() != builtin.resolve()]
    if local and options.builtin_rules and all(_is_builtin(r.source, builtin) for r in ruleset.info.values()):
        # Fail closed: local rule files that hold no rule would leave the user believing they ran.
        where = Location(str(local[0])) if len(local) == 1 else None
        raise RuleCompileError("没有加载到任何规则:规则文件为空或只有注释、参数和 include", where,
                               hint="至少需要一条 rule;--rules 给出的规则在内置规则之外增加")
    return ruleset


def _is_builtin(source: str, builtin: Path) -> bool:
    try:
        Path(source).resolve().relative_to(builtin.resolve())
    except ValueError:
        return False
    return True


UNSELECTABLE = ("input/", "rule/")  # findings that say something could not be checked


def disabled_rules(rule_ids: Iterable[str], options: LintOptions) -> frozenset[str]:
    """Rule ids not to run: `disabled`, plus what select/ignore leave out. For each rule the longest matching
    selector decides (ignore wins a tie); a rule no selector matches runs unless `select` is given."""
    out = set(options.disabled)
    for rule_id in rule_ids:
        best: tuple[int, bool] | None = None  # (length, selected)
        for selector in options.select:
            if selector_matches(selector, rule_id) and (best is None or len(selector.rstrip("/")) > best[0]):
                best = (len(selector.rstrip("/")), True)
        for selector in options.ignore:
            if selector_matches(selector, rule_id) and (best is None or len(selector.rstrip("/")) >= best[0]):
                best = (len(selector.rstrip("/")), False)
        if (best is None and options.select) or (best is not None and not best[1]):
            out.add(rule_id)
    return frozenset(r for r in out if not r.startswith(UNSELECTABLE))  # an unchecked file is never silenced


def selectable_rules(ruleset: RuleSet) -> list[str]:
    """Every rule id a selector may name: the rule set's and the engine's waiver notes. Findings that say a
    file or a rule could not be checked (input/…, rule/…) cannot be selected away: they fail closed."""
    return [*ruleset.info, *(r for r in ENGINE_RULES if not r.startswith(UNSELECTABLE))]


def _exclude_spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    """gitignore-style `exclude` patterns, compiled. pathspec is imported here: it costs more start-up than a
    lint of a small file, and most runs name files, not folders with excludes."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def discover(paths: Iterable[str | Path], options: LintOptions | None = None) -> list[tuple[Path, str]]:
    """Input files below the given paths as (path, display name), sorted; a missing path is kept to fail later.
    Files found in folders skip `options.exclude` and, in a git work tree, what git ignores; files named
    explicitly are always kept unless `force_exclude`. ledgerlint's own files (checker.own_files: baselines,
    reports, its config, rule test cases) are never inputs."""
    options = options or LintOptions()
    root = options.root or Path.cwd()
    spec = _exclude_spec(options.exclude) if options.exclude else None
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            subs: list[Path] = []
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path)
                # Hidden files, Office lock files and a folder's own README are not submissions.
                if any(part.startswith((".", "~$")) for part in rel.parts) or sub.stem.upper() == "README":
                    continue
                # The cases of rule tests (`tests/` beside `.rules` files) are not submissions either.
                if sub.parent.name == "tests" and any(sub.parent.parent.glob("*.rules")):
                    continue
                # Not only regular files: a FIFO or a dangling link with a ledger's name is reported, not skipped.
                if sub.suffix.lower() in LEDGER_SUFFIXES and (sub.is_file() or not _is_dir(sub)):
                    if (spec is None or not spec.match_file(relative_posix(sub, root))) and not is_own_file(sub):
                        subs.append(sub)
            if options.respect_gitignore:
                subs = _not_git_ignored(path, subs)
            found.extend((sub, _display(sub)) for sub in subs)
        elif options.force_exclude and spec is not None and spec.match_file(relative_posix(path, root)):
            continue
        elif is_own_file(path):  # a baseline, report or config named with the inputs (a glob, pre-commit)
            continue
        else:
            found.append((path, _display(path)))
    return found


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _not_git_ignored(folder: Path, files: list[Path]) -> list[Path]:
    """`files` minus those git ignores, when `folder` is in a git work tree and git is installed."""
    git = shutil.which("git")
    if not files or git is None:
        return files
    here = folder.resolve()
    if not any((p / ".git").exists() for p in (here, *here.parents)):
        return files
    import subprocess  # only for a folder in a git work tree

    names = "\0".join(str(f.resolve()) for f in files) + "\0"
    try:
        done = subprocess.run([git, "check-ignore", "-z", "--stdin"], input=names.encode("utf-8"), cwd=here,
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return files
    if done.returncode not in (0, 1):  # 1: nothing ignored; anything else: not a usable repository
        return files
    ignored = {Path(p).resolve() for p in done.stdout.decode("utf-8").split("\0") if p}
    return [f for f in files if f.resolve() not in ignored]


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python < 3.13)
        return path.as_posix()


DUPLICATE_ID_RULE = "input/duplicate-id"  # the YAML reader's rule for the same defect (checker.load.yaml_source)
DUPLICATE_KEYS_MAX_BYTES = 16 * 1024 * 1024  # JSON checked for duplicate keys up to this size (one extra parse)


def _refuse_duplicate_keys(data: bytes, display: str) -> None:
    """JSON with a key twice in one object keeps only the last value (`"issues": [...], "issues": []` would
    read as no items): an error, located at the second occurrence of the key in its object."""
    if len(data) > DUPLICATE_KEYS_MAX_BYTES:
        return
    import json

    duplicate: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        out = dict(items)
        if len(out) < len(items) and not duplicate:  # rare: only then is the key looked for
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    duplicate.append(key)
                    break
                seen.add(key)
        return out

    try:
        json.loads(data, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return  # not valid JSON: the validator's syntax error says where
    if not duplicate:
        return
    key = duplicate[0]
    text = data.decode("utf-8", "replace")
    where = Location(display)
    at = json_source.repeated_key_at(text, key)
    if at is not None:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        end = text.index(":", at)
        where = Location(display, line, column, line, column + len(text[at:end].rstrip()))
    raise InputError(f"JSON 对象中的键“{key}”出现了两次,后一个值会覆盖前一个,因此未检查此文件", where,
                     hint="删除或合并重复的键;JSON 中同一对象的键应唯一")


def _duplicate_ids(ledger: LedgerRecord, source_map: SourceMap) -> list[Finding]:
    """Items sharing an id (any format; the YAML reader reports its own): findings would be ambiguous."""
    out: list[Finding] = []
    ids = [issue.get("id") for issue in ledger["issues"]]
    if len(set(ids)) == len(ids):  # the usual case, seen at C speed
        return out
    first: dict[str, int] = {}
    for index, issue in enumerate(ledger["issues"]):
        ident = issue.get("id")
        if not isinstance(ident, str) or not ident:
            continue
        earlier = first.setdefault(ident, index)
        if earlier != index:
            where = source_map.locate(f"/issues/{earlier}/id")
            place = f"{where.cell} " if where.cell else f"第 {where.line} 行" if where.line else ""
            at = f"({place}的问题已用此编号)" if place else ""
            pointer = f"/issues/{index}/id"
            out.append(Finding(DUPLICATE_ID_RULE, Severity.ERROR, f"问题编号“{ident}”重复{at},编号应唯一",
                               source_map.locate(pointer), ident, source_map.excerpt(pointer)))
    return out


def read_ledger(path: Path, display: str | None = None, loaded: load.SourceDoc | None = None) -> ReadLedger:
    """Read any supported file as a Ledger (`loaded`: the file as checker.load read it already); raises
    InputError (InvalidLedger lists every problem)."""
    doc = read_source(loaded or load.read(path, display or _display(path)))
    notes = (*doc.notes, *getattr(doc.source_map, "notes", ()))
    unknown = frozenset(doc.unknown | set(getattr(doc.source_map, "unknown", ())))
    if doc.text is not None:
        from checker.load.limits import Limits

        limit = Limits.from_env().prose_chars
        if len(doc.text) > limit:
            # The prose reader is linear, but a notice this long is not a notice: refuse it up front.
            raise InputError(f"通报正文过长({len(doc.text):,} 个字符,上限 {limit:,}),未读取", Location(doc.path),
                             hint="确需检查时可用环境变量 LEDGERLINT_MAX_PROSE_CHARS 调高上限")
        from checker.extract import extract_ledger  # prose only: its patterns cost start-up time otherwise

        table = (doc.data, doc.source_map) if doc.data is not None else None
        data, source_map = extract_ledger(doc.text, doc.path, table=table, places=doc.places)
        unknown |= frozenset(getattr(source_map, "unknown", ()))  # 立行立改 in a notice with no feedback date
        return ReadLedger(validate_ledger(data, source_map), source_map, doc.format, notes, unknown)
    if doc.json_bytes is not None:
        _refuse_duplicate_keys(doc.json_bytes, doc.path)
    payload = doc.json_bytes if doc.json_bytes is not None else doc.data
    try:
        ledger = validate_ledger(payload, doc.source_map,  # type: ignore[arg-type]  # data is set when bytes are not
                                 json_source.numeric_id_texts)  # `"id": 1.10` is item 1.10, not 1.1
    except InvalidLedger as exc:
        # pydantic's JSON parser says little about syntax errors: json's own message has line:col and a caret.
        syntax = json_source.syntax_error(doc) if doc.json_bytes is not None else None
        if syntax is not None:
            raise syntax from None
        if not _looks_like_a_ledger(doc.data if doc.json_bytes is None else _json_value(doc.json_bytes)):
            keys = "、".join(LEDGER_KEYS[1:])
            raise NotALedger(f"不是整改台账:文件中没有 ledger_version,也没有台账的任何字段({keys})",
                             Location(doc.path)) from None
        # What reading found (a comma that cut a text …) often explains the validation errors: keep it.
        raise InvalidRead(exc.problems, notes) from None
    return ReadLedger(ledger, doc.source_map, doc.format, notes, unknown)


# Top-level keys of a ledger (checker.model.Ledger): a JSON/YAML file with none of them is some other file.
LEDGER_KEYS = ("ledger_version", "unit", "inspection", "report_date", "declared", "contact", "document", "issues")


class InvalidRead(InvalidLedger):
    """A ledger that does not validate, with the notes of reading it (`notes`), which are reported too."""

    def __init__(self, problems: list[Problem], notes: tuple[Finding, ...]) -> None:
        super().__init__(problems)
        self.notes = notes


class NotALedger(InputError):
    """A JSON or YAML file that is no ledger at all (package.json, a CI workflow): reported once, as such."""


def _json_value(data: bytes) -> object:
    import json

    try:
        return json.loads(data)
    except ValueError:
        return None


def _looks_like_a_ledger(data: object) -> bool:
    """True when `data` has a ledger's version or any ledger key: its problems are then worth listing."""
    return isinstance(data, dict) and any(key in data for key in LEDGER_KEYS)


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Ledgers are acyclic data (dicts, lists, strings): the cycle collector would only re-scan the millions
    of objects a large ledger is made of while it is built, about a third of the validation time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def lint_file(path: Path, ruleset: RuleSet, options: LintOptions, display: str | None = None) -> FileResult:
    """Lint one file; an unreadable file becomes a failed result with located `input/invalid` findings. With
    `options.jobs` > 1, a large file is checked by two processes (`_Split`), with the same result."""
    display = display or _display(path)
    with _cycle_collector_paused():
        split = _Split.start(path, ruleset, options, display)
        try:
            return _lint_file(path, ruleset, options, display, split)
        finally:
            if split is not None:
                split.close()


def _lint_file(path: Path, ruleset: RuleSet, options: LintOptions, display: str,
               split: _Split | None = None) -> FileResult:
    try:
        read = read_ledger(path, display, split.loaded if split is not None else None)
    except NotALedger as exc:
        # Not a submission at all: said once, like a document that is not a report (ignore or exclude it).
        if NOT_A_REPORT_RULE in options.disabled:
            return FileResult(display, _format_of(path), "other", ())
        severity = options.severities.get(NOT_A_REPORT_RULE, Severity.ERROR)
        finding = Finding(NOT_A_REPORT_RULE, severity, exc.message, exc.location or Location(display))
        return FileResult(display, _format_of(path), "other", (finding,))
    except InvalidLedger as exc:
        findings = tuple(Finding(INPUT_ERROR_RULE, Severity.ERROR, p.message, p.location, excerpt=p.excerpt)
                         for p in exc.problems)
        read_notes = tuple(n for n in getattr(exc, "notes", ()) if n.rule not in options.disabled)
        return FileResult(display, _format_of(path), None,
                          tuple(sorted((*findings, *read_notes), key=Finding.sort_key)), failed=True)
    except LedgerlintError as exc:
        quoted = exc.context.split("\n", 1)[0].strip() if exc.context else ""  # the offending source line
        finding = Finding(INPUT_ERROR_RULE, Severity.ERROR, exc.message, exc.location or Location(display),
                          excerpt=quoted)
        return FileResult(display, _format_of(path), None, (finding,), failed=True)
    except Exception as exc:  # noqa: BLE001 - a bug must not cost the rest of the batch its results
        # A reader choking on a file it should have refused cleanly: report it on this file, keep the batch going.
        message = f"读取该文件时发生内部错误({type(exc).__name__}),请将文件与此信息一并报告"
        return FileResult(display, _format_of(path), None,
                          (Finding(INPUT_ERROR_RULE, Severity.ERROR, message, Location(display)),), failed=True)
    ledger, source_map = read.ledger, read.source_map
    as_of, as_of_notes = _as_of(ledger, options, display)
    notes = [note for note in read.notes if note.rule not in options.disabled] + as_of_notes
    found = _rule_findings(read, ruleset, options, as_of, display) if split is None else split.findings(read, as_of)
    rule_failed = any(f.rule == RULE_FAILED_RULE for f in found)  # a result with a hole in it: exit 2
    found += notes
    kind = ledger["document"]["kind"]
    if kind == DocumentKind.ledger and not any(note.rule == DUPLICATE_ID_RULE for note in notes):
        found += _duplicate_ids(ledger, source_map)
    if kind.value == "ledger" and not ledger["issues"]:
        # Fail closed: `{}`, `"issues": []` or a table with only its header would otherwise pass unchecked.
        found.append(Finding(NO_ITEMS_RULE, Severity.ERROR, "台账中没有任何问题条目,没有可检查的内容",
                             source_map.locate("/issues"), None, source_map.excerpt("/issues")))
    found.sort(key=Finding.sort_key)
    return FileResult(display, read.format, kind.value, tuple(found), items=len(ledger["issues"]),
                      unit=ledger.get("unit"), meta=file_meta(ledger, as_of), titles=_titles(ledger),
                      failed=any(note.rule == INPUT_ERROR_RULE for note in notes), rule_failed=rule_failed,
                      guessed=any(note.rule in GUESSED_RULES for note in read.notes))


# Below this size a second process costs more than it saves: forking, reading the ledger once more, sending
# the findings back. (A 100,000-item JSON ledger is about 100 MB.) Measured with bench/run.py.
SPLIT_MIN_BYTES = 8 * 1024 * 1024
CLAIM_PARTS = 64  # claims are read in this many parts of the items, so that both processes read some


class _Split:
    """A large file checked by two processes. A forked helper reads the file too. The tasks (checker.forked.Tasks)
    are the rules that read no claims and the reading of the claims in CLAIM_PARTS parts of the items; either
    process takes them, one at a time, so the faster takes more. Then the helper sends its findings and claims
    here, where the rules that read claims run on all of them. The findings are the same as one process finds:
    those of every rule, once, sorted by the caller. Should the helper fail, what it took is done here."""

    def __init__(self, path: Path, ruleset: RuleSet, options: LintOptions, display: str,
                 loaded: load.SourceDoc) -> None:
        self.path, self.ruleset, self.options, self.display = path, ruleset, options, display
        self.loaded = loaded  # read before the fork: the two processes share its pages (the file's bytes)
        self.queued = [rule for rule in ruleset.rules if not _reads_claims(rule)]
        self.tasks = forked.Tasks(len(self.queued) + CLAIM_PARTS)
        self.helper = forked.start(self._helped, fallback=lambda: None)

    @classmethod
    def start(cls, path: Path, ruleset: RuleSet, options: LintOptions, display: str) -> _Split | None:
        """A split for a JSON file of at least SPLIT_MIN_BYTES with `options.jobs` > 1 where fork is possible,
        else None. (Only JSON: a YAML, table or Word file's reading takes most of its time, and both processes
        would read it; measured on YAML and CSV ledgers of 12 and 18 MB, a helper gained nothing.)"""
        if options.jobs < 2 or load.FORMATS_BY_SUFFIX.get(path.suffix.lower()) != "json" or not forked.can_fork() \
                or len(ruleset.rules) + CLAIM_PARTS > forked.Tasks.MAX:
            return None
        try:
            if path.stat().st_size < SPLIT_MIN_BYTES:
                return None
            loaded = load.read(path, display)
        except Exception:  # noqa: BLE001 - read again by the caller, which reports what is wrong
            return None
        return cls(path, ruleset, options, display, loaded)

    def findings(self, read: ReadLedger, as_of: dt.date | None) -> list[Finding]:
        """All the rules' located findings on the file as this process read it."""
        mine = _Share(self, read, as_of)
        mine.take()
        helped = self.helper.result()
        if helped is None:  # the helper did not deliver: what it took is done here
            for task in range(len(self.queued) + CLAIM_PARTS):
                if task not in mine.ran:
                    mine.run(task)
        else:
            found, sent = helped
            mine.found += found
            mine.claims.update((part, [LedgerClaim(*fields) for fields in claims]) for part, claims in sent.items())
        everything = [claim for part in range(CLAIM_PARTS) for claim in mine.claims[part]]
        claimed = [rule for rule in self.ruleset.rules if _reads_claims(rule)]
        return mine.found + mine.located(claimed, everything, waivers=True)

    def close(self) -> None:
        """Stop the helper if its findings were not taken, and let go of the tasks."""
        try:
            self.helper.close()
        finally:
            self.tasks.close()

    def _helped(self) -> tuple[list[Finding], dict[int, list[tuple[Any, ...]]]] | None:
        """In the helper: the findings of the tasks it ran and the claims it read (as tuples, which travel
        several times faster than the slots class); None where reading fails (this process reports why)."""
        try:
            read = read_ledger(self.path, self.display, self.loaded)
        except Exception:  # noqa: BLE001 - the file is read here too, which reports what is wrong with it
            return None
        share = _Share(self, read, _as_of(read.ledger, self.options, self.display)[0])
        share.take()
        self.kept = read  # freeing the record takes longer than sending the findings; the helper's exit frees it
        fields = operator.attrgetter(*(f.name for f in dataclasses.fields(LedgerClaim)))
        return share.found, {part: [fields(c) for c in claims] for part, claims in share.claims.items()}


class _Share:
    """What one process of a split does: the tasks it ran, their findings, and the claims it read by part."""

    def __init__(self, split: _Split, read: ReadLedger, as_of: dt.date | None) -> None:
        self.split, self.read, self.as_of = split, read, as_of
        self.read_as, self.written = _as_read(read.ledger, read.source_map)
        self.ran: set[int] = set()
        self.found: list[Finding] = []
        self.claims: dict[int, list[LedgerClaim]] = {}

    def take(self) -> None:
        """Run tasks until none is left."""
        while (task := self.split.tasks.take()) is not None:
            self.ran.add(task)
            self.run(task)

    def run(self, task: int) -> None:
        """Run one rule that reads no claims, or read the claims of one part of the items."""
        queued = self.split.queued
        if task < len(queued):
            self.found += self.located([queued[task]], [], waivers=False)
            return
        part, count = task - len(queued), len(self.read_as["issues"])
        items = range(part * count // CLAIM_PARTS, (part + 1) * count // CLAIM_PARTS)
        self.claims[part] = ledger_claims(self.read_as, items, paragraphs=part == 0)

    def located(self, rules: Sequence[CompiledRule], claims: list[LedgerClaim], *, waivers: bool) -> list[Finding]:
        """The located findings of `rules` on the ledger with `claims`."""
        split = self.split
        raw = evaluate(split.ruleset, self.read_as, claims, as_of=self.as_of, severities=split.options.severities,
                       disabled=split.options.disabled, source=split.display, written=self.written, rules=rules,
                       waivers=waivers)
        return located_findings(raw, self.read, split.options)


def _reads_claims(rule: CompiledRule) -> bool:
    """Whether a rule may read the ledger's claims (a clause whose names are not known may)."""
    return any(clause.reads is None or "claims" in clause.reads for clause in rule.clauses)


def _rule_findings(read: ReadLedger, ruleset: RuleSet, options: LintOptions, as_of: dt.date | None,
                   display: str) -> list[Finding]:
    """The located findings of the rules on a ledger as read, in this process."""
    read_as, written = _as_read(read.ledger, read.source_map)
    raw = evaluate(ruleset, read_as, ledger_claims(read_as), as_of=as_of, severities=options.severities,
                   disabled=options.disabled, source=display, written=written)
    return located_findings(raw, read, options)


def _as_of(ledger: LedgerRecord, options: LintOptions, display: str) -> tuple[dt.date | None, list[Finding]]:
    """The date overdue items are judged against (--as-of, else the report date, else today for a ledger), and
    the note that says which when the document does not."""
    as_of = options.as_of or ledger.get("report_date")
    if as_of is None and ledger["document"]["kind"] == DocumentKind.ledger:
        # A table or data ledger without a report date: overdue is judged against today, and the report says so.
        as_of = dt.date.today()
        if any("deadline" in issue for issue in ledger["issues"]):
            return as_of, [Finding(AS_OF_RULE, Severity.INFO, f"台账未注明报告日期,逾期检查以今天({as_of})为检查日期;"
                                   "可用 --as-of 指定", Location(display))]
    elif as_of is None and ledger["document"]["kind"] == DocumentKind.notice and any(
            "deadline" in issue and issue.get("status") != "completed" for issue in ledger["issues"]):
        # A notice speaks for the day it was issued, not for today: without that date, overdue is not judged,
        # and the report says so rather than passing in silence.
        return None, [Finding(AS_OF_RULE, Severity.INFO,
                              "通报未注明日期,未检查整改时限是否逾期;可用 --as-of 指定检查日期", Location(display))]
    return as_of, []


def located_findings(raw: Iterable[RawFinding], read: ReadLedger, options: LintOptions) -> list[Finding]:
    """The findings of the engine's results on a ledger as read: each located in the file, quoted, and given
    the severity the options set; results of disabled rules and at values not known are left out."""
    ledger, source_map = read.ledger, read.source_map
    # A rule that failed is located in its rule file (r.location) and is never filtered or waived away.
    return [Finding(r.rule, options.severities.get(r.rule, r.severity) if r.location is None else r.severity,
                    r.message, r.location or source_map.locate(r.pointer, r.start, r.end), r.item,
                    "" if r.location else source_map.excerpt(r.pointer, r.start, r.end),
                    quote=None if r.location else _quote(ledger, source_map, r.pointer, r.start, r.end))
            for r in raw if r.location is not None or (r.rule not in options.disabled
                                                         and not _unknown(r.pointer, read.unknown))]


def _as_read(ledger: LedgerRecord, source_map: SourceMap) -> tuple[LedgerRecord, Callable[[str], str] | None]:
    """The ledger rules run on and how messages get its text back as written: a notice in traditional
    characters is matched in simplified ones (checker.read.scripts); any other ledger is its own reading."""
    simplified = getattr(source_map, "simplified", None)
    if not simplified:
        return ledger, None
    from checker.read.scripts import AsWritten, as_read

    return as_read(ledger, simplified), AsWritten(ledger, simplified)


def file_meta(ledger: LedgerRecord, as_of: dt.date | None = None) -> FileMeta:
    """The facts a report heads a file with: unit, inspection body, dates, and the date overdue items were
    judged against (`as_of`, else the report date, as the engine does)."""
    inspection = ledger.get("inspection") or {}
    document = ledger.get("document") or {}
    return FileMeta(unit=ledger.get("unit"), body=inspection.get("body"), feedback=inspection.get("feedback"),
                    report_date=ledger.get("report_date"), as_of=as_of or ledger.get("report_date"),
                    title=document.get("title"))


def _titles(ledger: LedgerRecord) -> tuple[tuple[str, str], ...]:
    return tuple([(issue["id"], issue["title"]) for issue in ledger["issues"]])  # both required text (model.Issue)


def _quote(ledger: LedgerRecord, source_map: SourceMap, pointer: str, start: int | None,
           end: int | None) -> Quote | None:
    """The sentence or cell a finding quotes. A structured ledger's mapping or list (an owner, the contact
    block) is no sentence: its raw source would read as code, so it has no quote."""
    if not source_map_is_prose(source_map) and not isinstance(value_at(ledger, pointer), (str, int, float, dt.date)):
        return None
    return quote_of(source_map, pointer, start, end)


def source_map_is_prose(source_map: SourceMap) -> bool:
    """True for maps over running text, which quote whole sentences."""
    return hasattr(source_map, "quote")


AS_OF_RULE = "dates/as-of"  # which date overdue was judged against, when the ledger states none


def _unknown(pointer: str, unknown: frozenset[str]) -> bool:
    """A finding at a value that is stated but not known (a formula without a saved result) is not made."""
    if not unknown:
        return False
    probe = pointer
    while probe:
        if probe in unknown:
            return True
        probe = probe[:probe.rfind("/")]
    return False


def _format_of(path: Path) -> str:
    return load.FORMATS_BY_SUFFIX.get(path.suffix.lower(), "unknown")


# Lints (path, display name) pairs with the run's options and rule set and returns their results in the same
# order: how checker.dask_runner sends the per-file work elsewhere.
FileMapper = Callable[[list[tuple[Path, str]], LintOptions, RuleSet], list[FileResult]]


def lint(paths: Iterable[str | Path], options: LintOptions | None = None, ruleset: RuleSet | None = None,
         progress: Callable[[int, int], None] | None = None, map_files: FileMapper | None = None) -> LintResult:
    """Lint files and folders with the built-in rules plus `options.rules`. A path `-` is `options.stdin`,
    named `options.stdin_filename`. Rule errors raise; input errors are reported per file and the rest of the
    batch is still linted. `progress(done, total)` is called after each file. `map_files`, if given, lints
    the discovered files instead of this process or its `--jobs` pool (it must keep their order)."""
    options = options or LintOptions()
    ruleset = ruleset or load_rules(options)
    options = replace(options, disabled=disabled_rules(selectable_rules(ruleset), options))
    with tempfile.TemporaryDirectory(prefix="ledgerlint-stdin-") as scratch:
        given = [_stdin_file(options, Path(scratch)) if str(p) == "-" else p for p in paths
                 if str(p) != "-" or not _stdin_excluded(options)]
        files = discover([g[0] if isinstance(g, tuple) else g for g in given], options)
        names = {g[0]: g[1] for g in given if isinstance(g, tuple)}  # stdin: the temp file → its given name
        files = [(path, names.get(path, display)) for path, display in files]
        if map_files is not None:
            results = map_files(files, options, ruleset)
        elif options.jobs > 1 and len(files) > 1:
            results = _lint_parallel(files, options, ruleset, progress)
        else:
            results = []
            for path, display in files:
                results.append(lint_file(path, ruleset, options, display))
                if progress is not None:
                    progress(len(results), len(files))
    result = LintResult(tuple(results), ruleset.info)
    if options.waivers:
        today = options.as_of or dt.date.today()
        where = [Path(names[path]) if path in names else path for path, _ in files]
        result = apply_waivers(result, where, options.waivers, options.root or Path.cwd(), today, options.disabled)
    return result


def all_excluded(paths: Iterable[str | Path], options: LintOptions) -> bool:
    """True when every path given is a file (or standard input) that `exclude` leaves out under
    --force-exclude: nothing was linted on purpose, which is not the same as a path that holds nothing."""
    if not (options.force_exclude and options.exclude):
        return False
    spec = _exclude_spec(options.exclude)
    root = options.root or Path.cwd()
    given = list(paths)
    return bool(given) and all(
        _stdin_excluded(options) if str(p) == "-" else
        (not Path(p).is_dir() and spec.match_file(relative_posix(Path(p), root))) for p in given)


def _stdin_excluded(options: LintOptions) -> bool:
    """With --force-exclude, standard input named by --stdin-filename follows `exclude` as a file would."""
    if not (options.force_exclude and options.exclude and options.stdin_filename):
        return False
    spec = _exclude_spec(options.exclude)
    return spec.match_file(relative_posix(Path(options.stdin_filename), options.root or Path.cwd()))


def _stdin_file(options: LintOptions, scratch: Path) -> tuple[Path, str]:
    """Standard input saved under its given name (the suffix says how to read it), with that name to show."""
    name = options.stdin_filename or "stdin.txt"
    path = scratch / Path(name).name
    path.write_bytes(options.stdin or b"")
    return path, name


def _lint_parallel(files: list[tuple[Path, str]], options: LintOptions, ruleset: RuleSet,
                   progress: Callable[[int, int], None] | None = None) -> list[FileResult]:
    # Results keep the input order, so the output is the same for any number of workers.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing costs start-up: only when asked
    from concurrent.futures.process import BrokenProcessPool

    workers = min(options.jobs, len(files), os.cpu_count() or 1)
    # A forked worker inherits the compiled rules; a spawned one (other platforms) compiles them once.
    inherited = ruleset if multiprocessing.get_start_method() == "fork" else None
    done: dict[int, FileResult] = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(options, inherited)) as pool:
            chunks = chunk_size(len(files), workers)
            for index, file in enumerate(pool.map(_lint_in_worker, files, chunksize=chunks)):
                done[index] = file
                if progress is not None:
                    progress(len(done), len(files))
    except BrokenProcessPool:
        # A worker died (killed, out of memory): the files it had not finished are retried one per process,
        # so only a file that kills its worker again is lost, and it is reported, never skipped.
        for index, (path, display) in enumerate(files):
            if index in done:
                continue
            try:
                with ProcessPoolExecutor(max_workers=1, initializer=_init_worker,
                                         initargs=(options, inherited)) as single:
                    done[index] = single.submit(_lint_in_worker, (path, display)).result()
            except BrokenProcessPool:
                message = "检查该文件的进程意外终止(可能耗尽内存或被系统结束),该文件未被检查"
                done[index] = FileResult(display, _format_of(path), None,
                                         (Finding(INPUT_ERROR_RULE, Severity.ERROR, message, Location(display)),),
                                         failed=True)
            if progress is not None:
                progress(len(done), len(files))
    return [done[index] for index in range(len(files))]


def chunk_size(files: int, workers: int) -> int:
    """Files sent to a worker at a time: enough that the transfer is paid for (a notice takes a few ms, a
    round trip to a worker a fraction of one), few enough that every worker gets several chunks and a big
    file late in the list does not leave the others idle."""
    return max(1, min(CHUNK_MAX, files // (workers * CHUNKS_PER_WORKER)))


CHUNK_MAX = 32
CHUNKS_PER_WORKER = 4

# Per-process state of pool workers only (set by the pool initializer): each compiles the rules once.
_worker_state: dict[str, object] = {}


def _init_worker(options: LintOptions, ruleset: RuleSet | None = None) -> None:
    _worker_state["given"] = options
    _worker_state["options"] = replace(options, jobs=1)  # a worker is one of the jobs: it forks no other
    _worker_state["ruleset"] = ruleset or load_rules(options)


def _lint_in_worker(item: tuple[Path, str]) -> FileResult:
    path, display = item
    return lint_file(path, _worker_state["ruleset"], _worker_state["options"], display)  # type: ignore[arg-type]  # both set by _init_worker


def lint_files_in_worker(files: Iterable[tuple[Path, str]], options: LintOptions) -> list[FileResult]:
    """Lint (path, display name) pairs in a worker process of any pool (Dask, a job queue): the rules are
    compiled on the first call with these options and kept for the next calls in the same process."""
    if _worker_state.get("given") != options or "ruleset" not in _worker_state:
        _init_worker(options)
    return [_lint_in_worker(item) for item in files]


__all__ = ["LintOptions", "ReadLedger", "lint", "lint_file", "lint_files_in_worker", "load_rules", "read_ledger",
           "discover", "InputError"]
