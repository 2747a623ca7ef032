"""The on-disk cache of parsed rule files: plain data that only describes the AST, never code.

Policy (what is trusted, what is ignored):

- An entry is JSON naming AST node classes of `checker.dsl.ast` and their fields; loading builds only those
  nodes, checks every field against its annotation, and compares the rule text's SHA-256, the display name
  and the fingerprint of the parser. Anything else — damaged, truncated, foreign, from another version — is
  a miss: the file is parsed again and the entry rewritten. Nothing in an entry can run code (no pickle).
- The cache folder (``$XDG_CACHE_HOME/ledgerlint`` or ``~/.cache/ledgerlint``) is opened once without
  following a symbolic link and must be a folder owned by the current user that nobody else can write to;
  every later step goes through that open folder, so renaming or swapping a path in between changes nothing.
- An entry is opened without following a symbolic link, then checked on the open file itself: a regular file,
  owned by the current user, not writable by group or others, at most MAX_ENTRY_BYTES. A symlinked, foreign,
  oversized or non-regular entry is ignored (and replaced).
- Entries are written to a fresh private temporary file in the same folder and renamed over the old one,
  so a reader never sees half an entry.
- Where the platform cannot do this safely (no ``O_NOFOLLOW`` or ``dir_fd`` support), nothing is cached.
- ``LEDGERLINT_NO_CACHE=1`` turns the cache off.
- The cache stays small: an entry is keyed by the rule text, so every edit of a rule file makes a new one.
  A hit marks its entry as used (its modification time, at most once an hour); after a write, entries
  beyond MAX_ENTRIES are removed, least recently used first, with temporary files a crashed writer left.
  Only regular files of ours with an entry's or a temporary file's name are ever removed.
  ``ledgerlint cache clear`` removes every entry, ``ledgerlint cache info`` shows the folder and its size.

What is cached is the parsed tree, nothing after it. The compiled form of the rules (Python source generated
from the checked tree, see checker.dsl.compile) is rebuilt in every process from the tree: a code object
cannot be stored safely (marshal or pickle of code is code, and CPython does not verify bytecode it loads).
Rebuilding is cheap: for the built-in rules, decoding their entries takes about 7 ms, expanding, checking
and generating source about 5 ms, and `compile()` about 15 ms. An entry edited so that it still matches its
text changes at most what a rule says or checks: the tree is checked against the schema again, and its
names and texts enter the generated code only as values (tests/test_dsl_codegen.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import stat
import time
import typing
from collections.abc import Callable
from pathlib import Path

from checker.dsl import ast

MAX_ENTRY_BYTES = 8 * 1024 * 1024  # far above any real rule file's AST; a larger entry is not ours
# Entries kept: far more than the rule files one user checks (the built-in ones, a few local rule sets and
# the last versions of those being edited); a lookup never lists the folder, so the cap costs nothing there.
MAX_ENTRIES = 512
_TOUCH_AFTER = 3600.0  # seconds: a hit refreshes its entry's use time at most this often
_STALE_TMP_AFTER = 3600.0  # seconds: a temporary file this old was left by a writer that died
_ENTRY_NAME = re.compile(r"[0-9a-f]{32}\.json")
_TMP_NAME = re.compile(r"\.[0-9a-f]{32}\.json\.[0-9]+\.[0-9a-f]{12}\.tmp")
FORMAT = "ledgerlint-ast"
FORMAT_VERSION = 1

_NODES: dict[str, type] = {cls.__name__: cls for cls in (
    ast.Span, ast.Name, ast.Attr, ast.Index, ast.Literal, ast.ListExpr, ast.Unary, ast.Binary, ast.Test,
    ast.Call, ast.Comprehension, ast.Template, ast.Generator, ast.Clause, ast.Rule, ast.Param, ast.Include,
    ast.RuleFile, ast.Let)}
_EXPR_NODES = ("Name", "Attr", "Index", "Literal", "ListExpr", "Unary", "Binary", "Test", "Call", "Comprehension")
_LITERAL_KINDS = ("str", "num", "date", "duration", "bool")


class _Invalid(Exception):
    """An entry that does not describe an AST of this version."""


def _supported() -> bool:
    return (hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY") and hasattr(os, "getuid")
            and os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd)


def cache_folder() -> Path | None:
    """Where entries live, or None when caching is off or unsupported here."""
    if os.environ.get("LEDGERLINT_NO_CACHE") or not _supported():
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ledgerlint"


def entry_name(text: str, source: str, fingerprint: str) -> str:
    """File name of the entry for a rule text shown as `source`, parsed by parser version `fingerprint`."""
    key = hashlib.sha256("\0".join((fingerprint, source, text)).encode("utf-8")).hexdigest()
    return f"{key[:32]}.json"


def _open_folder(folder: Path, create: bool) -> int | None:
    """A descriptor of the cache folder if it is a real folder of ours that nobody else can write to."""
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return None
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    info = os.fstat(fd)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        os.close(fd)
        return None
    return fd


def _trusted_file(info: os.stat_result) -> bool:
    return (stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022
            and info.st_size <= MAX_ENTRY_BYTES)


def load(text: str, source: str, fingerprint: str) -> ast.RuleFile | None:
    """The cached AST of this text, or None (a miss) for anything not trusted or not valid."""
    folder = cache_folder()
    if folder is None:
        return None
    dir_fd = _open_folder(folder, create=False)
    if dir_fd is None:
        return None
    try:
        try:
            fd = os.open(entry_name(text, source, fingerprint),
                         os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=dir_fd)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not _trusted_file(info):
                return None
            raw = handle.read(MAX_ENTRY_BYTES + 1)
            try:
                node = decode(raw, text, source, fingerprint)
            except (_Invalid, ValueError, RecursionError):
                return None
            _mark_used(handle.fileno(), info)
            return node
    finally:
        os.close(dir_fd)


def _mark_used(fd: int, info: os.stat_result) -> None:
    """Record a hit as the entry's modification time, which pruning reads as its last use."""
    if time.time() - info.st_mtime > _TOUCH_AFTER:
        try:
            os.utime(fd)
        except OSError:
            pass  # a read-only cache still serves hits


def store(rule_file: ast.RuleFile, fingerprint: str) -> None:
    """Write an entry atomically; any failure (read-only home, foreign folder) just leaves no entry."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        data = encode(rule_file, fingerprint)
    except (_Invalid, RecursionError, ValueError):
        return
    dir_fd = _open_folder(folder, create=True)
    if dir_fd is None:
        return
    name = entry_name(rule_file.text, rule_file.source, fingerprint)
    tmp = f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=dir_fd)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            pass
    else:
        prune(dir_fd, MAX_ENTRIES)
    finally:
        os.close(dir_fd)


def _our_files(dir_fd: int) -> tuple[list[tuple[float, str, int]], list[tuple[float, str, int]]]:
    """(entries, temporary files) of the open cache folder as (modification time, name, size): regular files
    of the current user with one of the names this module writes; anything else is left alone."""
    entries: list[tuple[float, str, int]] = []
    temporary: list[tuple[float, str, int]] = []
    uid = os.getuid()
    with os.scandir(dir_fd) as listing:
        for item in listing:
            kind = entries if _ENTRY_NAME.fullmatch(item.name) else (
                temporary if _TMP_NAME.fullmatch(item.name) else None)
            if kind is None:
                continue
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_uid == uid:
                kind.append((info.st_mtime, item.name, info.st_size))
    return entries, temporary


def prune(dir_fd: int, keep: int, stale_after: float = _STALE_TMP_AFTER) -> int:
    """Remove all but the `keep` most recently used entries of the open cache folder, and temporary files
    older than `stale_after` seconds; returns how many files were removed. A file already gone is skipped."""
    try:
        entries, temporary = _our_files(dir_fd)
    except OSError:
        return 0
    now = time.time()
    entries.sort(reverse=True)
    doomed = [name for _, name, _ in entries[keep:]]
    doomed += [name for mtime, name, _ in temporary if now - mtime >= stale_after]
    removed = 0
    for name in doomed:
        try:
            os.unlink(name, dir_fd=dir_fd)
            removed += 1
        except OSError:
            pass
    return removed


def usage() -> tuple[Path | None, int, int]:
    """(cache folder or None when caching is off or unsupported, number of entries, their total bytes)."""
    folder = cache_folder()
    dir_fd = None if folder is None else _open_folder(folder, create=False)
    if dir_fd is None:
        return folder, 0, 0
    try:
        entries, _ = _our_files(dir_fd)
    except OSError:
        entries = []
    finally:
        os.close(dir_fd)
    return folder, len(entries), sum(size for _, _, size in entries)


def clear() -> int:
    """Remove every entry and temporary file of the cache; returns how many files were removed."""
    folder = cache_folder()
    dir_fd = None if folder is None else _open_folder(folder, create=False)
    if dir_fd is None:
        return 0
    try:
        return prune(dir_fd, 0, stale_after=0.0)
    finally:
        os.close(dir_fd)


# ---- the data format -------------------------------------------------------------------------------------

def encode(rule_file: ast.RuleFile, fingerprint: str) -> bytes:
    """The JSON entry of a parsed rule file (the text itself is not stored, only its hash)."""
    body = _encode(dataclasses.replace(rule_file, text=""))
    doc = {"format": FORMAT, "version": FORMAT_VERSION, "fingerprint": fingerprint, "source": rule_file.source,
           "text_sha256": hashlib.sha256(rule_file.text.encode("utf-8")).hexdigest(), "ast": body}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def decode(raw: bytes, text: str, source: str, fingerprint: str) -> ast.RuleFile:
    """Rebuild and validate an entry; raises _Invalid (or ValueError) for anything that does not fit."""
    doc = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != FORMAT_VERSION:
        raise _Invalid("not an entry")
    if doc.get("fingerprint") != fingerprint or doc.get("source") != source:
        raise _Invalid("another parser or file")
    if doc.get("text_sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
        raise _Invalid("another text")
    node = _decode_node(doc.get("ast"), "RuleFile")
    if not isinstance(node, ast.RuleFile) or node.source != source or node.text != "":
        raise _Invalid("not a rule file")
    _agrees(node, text)
    return dataclasses.replace(node, text=text)


_RULE_LINE = re.compile(r"(?m)^[ \t]*rule[ \t]+([a-z][a-z0-9-]*)")


def _agrees(node: ast.RuleFile, text: str) -> None:
    """The entry names the rules the text declares, at the places it declares them (an entry edited to drop
    or rename rules is a miss, not a smaller rule set)."""
    lines = text.split("\n")
    declared = _RULE_LINE.findall(text)
    if declared != [r.name for r in node.rules]:
        raise _Invalid("rules differ from the text")
    for rule in node.rules:
        span = rule.name_span
        if not (0 < span.line <= len(lines)) or lines[span.line - 1][span.column - 1:span.end_column - 1] != rule.name:
            raise _Invalid("rule position")


def _no_constant(name: str) -> object:
    raise _Invalid(f"constant {name}")


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and type(value).__name__ in _NODES:
        if isinstance(value, ast.Literal):
            return {"_": "Literal", "kind": value.kind, "value": _encode_literal(value), "span": _encode(value.span)}
        out: dict[str, object] = {"_": type(value).__name__}
        for f in dataclasses.fields(value):
            out[f.name] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, bool, int)):
        return value
    raise _Invalid(f"cannot store {type(value).__name__}")


def _encode_literal(node: ast.Literal) -> object:
    v = node.value
    if node.kind == "date" and isinstance(v, dt.date):
        return v.isoformat()
    if node.kind == "duration" and isinstance(v, dt.timedelta):
        return v.days
    if node.kind == "num" and isinstance(v, float):
        return {"float": repr(v)}
    if node.kind in ("str", "num", "bool"):
        return v
    raise _Invalid("literal")


def _decode_literal(kind: object, value: object) -> object:
    if kind == "str" and isinstance(value, str):
        return value
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "num":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, dict) and set(value) == {"float"} and isinstance(value["float"], str):
            number = float(value["float"])
            if number != number or number in (float("inf"), float("-inf")):
                raise _Invalid("number")
            return number
    if kind == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    if kind == "duration" and isinstance(value, int) and not isinstance(value, bool):
        return dt.timedelta(days=value)
    raise _Invalid("literal")


@typing.no_type_check
def _hints(cls: type) -> dict[str, str]:
    return {f.name: str(f.type) for f in dataclasses.fields(cls)}


Decoder = Callable[[object], object]


def _plan(expected: str) -> Decoder:
    """A decoder for values of the annotation `expected` (as written in checker.dsl.ast), built once per
    annotation so that decoding an entry does not read annotations again."""
    expected = expected.strip()
    if expected.startswith("tuple[") and expected.endswith(", ...]"):
        item = _plan(expected[len("tuple["):-len(", ...]")])

        def tuple_of(value: object) -> object:
            if not isinstance(value, list):
                raise _Invalid(expected)
            return tuple([item(v) for v in value])
        return tuple_of
    if expected == "tuple[str, Span]":
        def severity(value: object) -> object:
            if not isinstance(value, list) or len(value) != 2:
                raise _Invalid(expected)
            return (_str(value[0]), _decode_node(value[1], "Span"))
        return severity
    options = [o.strip() for o in _split_union(expected)]
    if len(options) > 1:
        optional = "None" in options
        plans = [_plan(o) for o in options if o != "None"]

        def union(value: object) -> object:
            if value is None and optional:
                return None
            for plan in plans:
                try:
                    return plan(value)
                except _Invalid:
                    continue
            raise _Invalid(expected)
        return union
    simple: dict[str, Decoder] = {"str": _str, "int": _int, "bool": _bool, "Expr": _expr}
    if expected in simple:
        return simple[expected]
    if expected in _NODES:
        return lambda value: _decode_node(value, expected)
    return _unsupported  # Literal.value (decoded by its kind) and any annotation this format does not know


def _unsupported(value: object) -> object:
    raise _Invalid("unsupported annotation")


def _str(value: object) -> object:
    if isinstance(value, str):
        return value
    raise _Invalid("str")


def _int(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Invalid("int")


def _bool(value: object) -> object:
    if isinstance(value, bool):
        return value
    raise _Invalid("bool")


def _expr(value: object) -> object:
    if isinstance(value, dict) and value.get("_") in _EXPR_NODES:
        return _decode_node(value, value["_"])
    raise _Invalid("Expr")


def _split_union(annotation: str) -> list[str]:
    """Top-level `|` alternatives of an annotation (not those inside brackets)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(annotation):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(annotation[start:i])
            start = i + 1
    parts.append(annotation[start:])
    return parts


def _decode_node(value: object, name: str) -> object:
    if not isinstance(value, dict) or value.get("_") != name:
        raise _Invalid(name)
    cls, fields, keys = _SHAPES[name]
    if value.keys() != keys:
        raise _Invalid(f"fields of {name}")
    if cls is ast.Literal:
        kind = value["kind"]
        if kind not in _LITERAL_KINDS:
            raise _Invalid("literal kind")
        span = _decode_node(value["span"], "Span")
        assert isinstance(span, ast.Span)
        return ast.Literal(_decode_literal(kind, value["value"]), kind, span)
    return cls(*[plan(value[field]) for field, plan in fields])


# Each node class with its fields in order, their decoders and the keys an entry of it has (built once).
_SHAPES: dict[str, tuple[type, tuple[tuple[str, Decoder], ...], frozenset[str]]] = {
    name: (cls, tuple((field, _plan(annotation)) for field, annotation in _hints(cls).items()),
           frozenset(_hints(cls)) | {"_"})
    for name, cls in _NODES.items()}


__all__ = ["MAX_ENTRY_BYTES", "cache_folder", "decode", "encode", "entry_name", "load", "store"]
