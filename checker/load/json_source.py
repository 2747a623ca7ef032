"""JSON ledgers: the bytes go to pydantic untouched; positions are found lazily, only when asked for.

Reading a JSON ledger costs reading its bytes (plus a UTF-8 check for files up to EAGER_DECODE_MAX, so
that a GBK file written by a Windows tool still loads). Nothing is parsed here: the record readers parse
the bytes when the ledger is validated (checker.validate: msgspec, else pydantic), and `syntax_error()`
explains, with json's own line and column, a file they rejected as invalid JSON.

`JsonSourceMap` answers `locate(pointer)` by walking the raw bytes from the root along the pointer and
skipping everything else with compiled regular expressions. What it passes on the way is kept: the start
of every array element and object member it stepped over, and (line, column) checkpoints, so many
lookups cost about one scan of the file in total.

Big pretty-printed arrays (a 100,000-issue ledger) are indexed faster than a token scan could: in valid
JSON a raw newline never occurs inside a string, so every occurrence of the exact separator observed
between the first elements (",\\n" plus that indentation) followed by a non-blank byte is an element
boundary of some array at that indentation, and an element spans the lines below it indented deeper.
This relies on consistent indentation, as JSON pretty printers and line-per-item writers produce; the
array's end and every element returned are verified by an exact parse, and any mismatch falls back to
the exact scan. Minified big files always take the exact scan (about 2 s per 100 MB on first use).
"""

from __future__ import annotations

import bisect
import json
import re
import sys
import typing
from collections.abc import Callable
from dataclasses import dataclass, field

from checker.errors import InputError
from checker.load import EXCERPT_MAX, SourceDoc, one_line
from checker.load.encoding import decode_named
from checker.location import Location, caret_context, pointer_split

EAGER_DECODE_MAX = 16 * 1024 * 1024  # bigger JSON files are taken as UTF-8 (RFC 8259) without a check
FAST_INDEX_MIN = 4 * 1024 * 1024  # below this an exact scan of the whole file is cheap anyway
_BLOCK = 1 << 13  # granularity of the newline count table: a lookup counts at most this many bytes
_WINDOW = 1 << 16  # an array that ends within this many bytes is skipped by one regex match
_FAST_JUMP = 16  # a lookup this far past the scanned elements builds the separator index

# Possessive quantifiers (Python 3.11+) keep no backtracking state; the patterns are written in the
# "unrolled loop" form, so on 3.10 the plain quantifiers match the same text without exponential retries.
_P = "+" if sys.version_info >= (3, 11) else ""
_WS = re.compile(rb"[ \t\r\n]*" + _P.encode())
_STRING_SRC = rf'"[^"\\]*{_P}(?:\\.[^"\\]*{_P})*{_P}"'.encode()
_STRING = re.compile(_STRING_SRC, re.S)
_SCALAR = re.compile(rb"[^\s,\]}]+" + _P.encode())
_PLAIN = rf'[^"\[\]{{}}]*{_P}'.encode()  # a run without strings or brackets
_CHUNK = re.compile(_PLAIN + rb"(?:" + _STRING_SRC + _PLAIN + rb")*" + _P.encode(), re.S)
# "key": … and, when the value is a string or a scalar followed by a comma, the value and the comma (group 2):
# most members are passed by one match.
_MEMBER = re.compile(rb"(" + _STRING_SRC + rb")[ \t\r\n]*:[ \t\r\n]*" + _P.encode()
                     + rb"((?:" + _STRING_SRC + rb"|[^\s,\]}\[{\"]+" + _P.encode() + rb")[ \t\r\n]*" + _P.encode()
                     + rb",[ \t\r\n]*" + _P.encode() + rb")?", re.S)
_COMMA = re.compile(rb"[ \t\r\n]*,[ \t\r\n]*" + _P.encode())
_INDENT = re.compile(rb"[ \t]*")
# Both patterns match the empty string, so their match() never returns None; the bound methods are
# typed that way once rather than checking for None on this hot path.
_ws_match = typing.cast("Callable[..., re.Match[bytes]]", _WS.match)
_chunk_match = typing.cast("Callable[..., re.Match[bytes]]", _CHUNK.match)
_RAW_WS = re.compile(r"\s+")
# One decoder for every quoted value (json.loads with keyword arguments would build a new one per call).
_DECODE = json.JSONDecoder(strict=False).decode
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")


def _container_pattern(depth: int) -> re.Pattern[bytes]:
    """A regex matching one array or object nested at most `depth` levels (brackets are not paired:
    the text is valid JSON already, the regex only has to find where the value ends)."""
    body = _PLAIN + rb"(?:" + _STRING_SRC + _PLAIN + rb")*" + _P.encode()
    for _ in range(depth - 1):
        inner = rb"(?:" + _STRING_SRC + rb"|[\[{]" + body + rb"[\]}])"
        body = _PLAIN + rb"(?:" + inner + _PLAIN + rb")*" + _P.encode()
    return re.compile(rb"[\[{]" + body + rb"[\]}]", re.S)


_CONTAINER = _container_pattern(8)  # deeper values fall back to a bracket walk

_MESSAGES = (  # json's English messages, by prefix
    ("Expecting value", "此处应为一个值"),
    ("Expecting property name enclosed in double quotes", "此处应为用双引号括起的键名"),
    ("Expecting ',' delimiter", "缺少逗号 ','"),
    ("Expecting ':' delimiter", "缺少冒号 ':'"),
    ("Unterminated string starting at", "字符串缺少结尾的双引号"),
    ("Invalid control character at", "字符串中有未转义的控制字符(如换行或制表符)"),
    ("Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
    ("Invalid \\escape", "无效的转义字符"),
    ("Extra data", "JSON 值之后还有多余的内容"),
)


def read_json(data: bytes, path: str) -> SourceDoc:
    """A JSON SourceDoc: UTF-8 bytes for pydantic, a lazy source map; nothing is parsed here."""
    if data.startswith(b"\xef\xbb\xbf"):
        json_bytes = data[3:]  # pydantic does not accept a BOM
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")) or len(data) <= EAGER_DECODE_MAX:
        text, encoding = decode_named(data, path)
        json_bytes = data if encoding == "utf-8" else text.encode("utf-8")
    else:
        json_bytes = data
    if _ws_match(json_bytes).end() == len(json_bytes):
        raise InputError("文件为空", Location(path))
    return SourceDoc(path, "json", JsonSourceMap(path, json_bytes), json_bytes=json_bytes)


_NUMERIC_ID = re.compile(rb'"id"[ \t\r\n]*:[ \t\r\n]*-?[0-9]+[.eE]')


class _FloatText(float):
    """A JSON number with a fraction or exponent, remembering the text it was written as."""

    text: str

    def __new__(cls, text: str) -> _FloatText:
        number = super().__new__(cls, text)
        number.text = text
        return number


def numeric_id_texts(data: bytes) -> dict[int, str]:
    """The ids written as JSON numbers with a fraction (`"id": 1.10`), by issue index → the text as written.

    DESIGN §4: an id is the text its author wrote; read as a number, 1.10 would become "1.1" and collide with
    the real 1.1. Costs one regex scan unless such an id exists; invalid JSON gives {} (its syntax error is
    reported elsewhere). Integers need nothing: their rendering is their text.
    """
    if _NUMERIC_ID.search(data) is None:
        return {}
    try:
        value = json.loads(data, parse_float=_FloatText)
    except (ValueError, RecursionError):
        return {}
    issues = value.get("issues") if isinstance(value, dict) else None
    if not isinstance(issues, list):
        return {}
    return {index: issue["id"].text for index, issue in enumerate(issues)
            if isinstance(issue, dict) and isinstance(issue.get("id"), _FloatText)}


def syntax_error(doc: SourceDoc) -> InputError | None:
    """The located syntax error of a JSON SourceDoc (call it when pydantic reports invalid JSON);
    None when json's decoder accepts the text."""
    data = doc.json_bytes or b""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            encoding = decode_named(data, doc.path)[1]
        except InputError as err:
            return err
        return InputError(f"JSON 文件应为 UTF-8 编码,该文件似乎是 {encoding.upper()} 编码",
                          Location(doc.path, line=line), hint="请将文件另存为 UTF-8 编码")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        message = next((zh for en, zh in _MESSAGES if exc.msg.startswith(en)), exc.msg)
        # The error is where the text ends, or in a string that runs to the end: the file was cut short.
        cut = not text[exc.pos:].strip() or (exc.msg.startswith("Unterminated string")
                                             and '"' not in text[exc.pos + 1:])
        open_at = unclosed_brackets(text) if cut else []
        if open_at:
            first = open_at[-1]
            line = text.count("\n", 0, first) + 1
            column = first - (text.rfind("\n", 0, first) + 1) + 1
            return InputError(f"JSON 文件提前结束,可能被截断: 还有 {len(open_at)} 个括号没有闭合,最内层的 "
                              f"{text[first]} 始于第 {line} 行", Location(doc.path, exc.lineno, exc.colno),
                              context=caret_context(text, line, column),
                              hint="请重新导出或补全文件;JSON 中每个 { 与 [ 都应有对应的 } 与 ]")
        return InputError(f"JSON 语法错误: {message}", Location(doc.path, exc.lineno, exc.colno),
                          context=caret_context(text, exc.lineno, exc.colno))
    except RecursionError:
        return InputError("JSON 嵌套层次过深", Location(doc.path))
    return None


# A JSON string (a key when a colon follows) or a bracket: enough to follow objects through a valid document.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*(?:"(?P<colon>\s*:)?|\Z)|[{}\[\]]')


def repeated_key_at(text: str, key: str) -> int | None:
    """Offset of the second `key` of the first object of valid JSON `text` that has it twice, or None. One
    pass over the document's strings and brackets, run only once a duplicate is known to be there."""
    objects: list[set[str] | None] = []  # for each open bracket: the keys seen, or None for an array
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in ("{", "["):
            objects.append(set() if token == "{" else None)
        elif token in ("}", "]"):
            if objects:
                objects.pop()
        elif m.group("colon") and objects and objects[-1] is not None:
            name = json.loads(token[:m.start("colon") - m.start()])
            if name == key and name in objects[-1]:
                return m.start()
            objects[-1].add(name)
    return None


def unclosed_brackets(text: str) -> list[int]:
    """Offsets of the brackets of JSON `text` still open at its end (outermost first): a truncated file's."""
    stack: list[int] = []
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in ("{", "["):
            stack.append(m.start())
        elif token in ("}", "]") and stack:
            stack.pop()
    return stack


@dataclass
class _ArrayScan:
    """What is known of one array: exact element starts so far and where the exact scan resumes."""

    starts: list[int]
    next: int
    end: int | None = None  # offset just past "]" once the exact scan reached it
    fast: list[int] | None = None  # element starts from the separator index, verified on use
    fast_end: int | None = None
    fast_tried: bool = False
    verified: set[int] = field(default_factory=set)  # indexes whose separator-index start was checked


@dataclass
class _ObjectScan:
    """What is known of one object: value starts of the members passed so far."""

    next: int
    keys: dict[str, int] = field(default_factory=dict)
    pending: int | None = None  # a value whose end has not been needed yet
    end: int | None = None


class JsonSourceMap:
    """Lazy pointer -> Location map over the UTF-8 bytes of a JSON document (columns in characters)."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        self._data = data
        self._big = len(data) >= FAST_INDEX_MIN
        self._root = _ws_match(data).end()
        self._arrays: dict[int, _ArrayScan] = {}
        self._objects: dict[int, _ObjectScan] = {}
        self._resolved: dict[str, tuple[bool, int]] = {}
        self._names: dict[bytes, str] = {}  # member names as written → decoded: a few names recur everywhere
        self._newlines = [0]  # newlines before each _BLOCK boundary, extended on demand
        self._columns: list[tuple[int, int, int]] = []  # (offset, column, line start) on very long lines
        # The last string value decoded, (offset, quoted text, value): a finding asks for its location and
        # then for its excerpt, and both need the same string.
        self._last: tuple[int, str, str | None] = (-1, "", None)

    # -- SourceMap protocol -------------------------------------------------------------------------

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """Location of the value at `pointer` (or of its closest existing ancestor), or of the chars
        [start, end) of a string value, counted in the value as the ledger holds it (whitespace-stripped)."""
        found, begin = self._resolve(pointer)
        if begin >= len(self._data):
            return Location(self.path, pointer=pointer or None)
        stop = self._end_of(begin)
        line, col = self._position(begin)
        head = self._data[begin:begin + 1]
        if start is not None and found and head == b'"':
            raw, value = self._string_at(begin, stop)
            if value is not None:
                lead = len(value) - len(value.lstrip())
                last = len(value.rstrip()) if end is None else lead + max(end, start)
                first = _raw_index(raw, lead + start)
                return Location(self.path, line, col + first, line, col + _raw_index(raw, last),
                                pointer=pointer or None)
        if head in (b"{", b"[") or self._data.find(b"\n", begin, stop) >= 0:
            end_line, end_col = self._position(stop)
        else:  # a value on one line (any string or scalar): its end is its start plus its characters
            end_line, end_col = line, col + len(self._data[begin:stop].decode("utf-8", "replace"))
        return Location(self.path, line, col, end_line, end_col, pointer=pointer or None)

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """The value as written (strings decoded and stripped), one line at most EXCERPT_MAX chars;
        with a span, that part of the string."""
        found, begin = self._resolve(pointer)
        data = self._data
        if data[begin:begin + 1] == b'"':
            _, value = self._string_at(begin)
            if value is not None:
                value = value.strip()
                if start is not None and found:
                    value = value[start:end]
                return one_line(value)
        window = begin + 4 * EXCERPT_MAX
        if data[begin:begin + 1] in (b"{", b"["):
            match = _CONTAINER.match(data, begin, window)  # only a value that ends inside the window
            stop = match.end() if match else window
        else:
            stop = self._end_of(begin)
        raw = data[begin:min(stop, window)].decode("utf-8", "ignore")
        return one_line(_RAW_WS.sub(" ", raw).strip())

    def _string_at(self, begin: int, stop: int | None = None) -> tuple[str, str | None]:
        """(quoted source text, decoded value or None if broken) of the string value starting at `begin`."""
        last = self._last
        if last[0] == begin:
            return last[1], last[2]
        if stop is None:
            stop = self._end_of(begin)
        raw = self._data[begin:stop].decode("utf-8", "replace")
        value = _string_value(raw)
        self._last = (begin, raw, value)
        return raw, value

    # -- walking the pointer ------------------------------------------------------------------------

    def _resolve(self, pointer: str) -> tuple[bool, int]:
        """(whether the value exists, start offset of it or of its deepest existing ancestor)."""
        cached = self._resolved.get(pointer)
        if cached is not None:
            return cached
        tokens = pointer_split(pointer)
        pos, depth = self._root, 0
        for token in tokens:
            opener = self._data[pos:pos + 1]
            child = None
            if opener == b"{":
                child = self._member(pos, token)
            elif opener == b"[" and token.isascii() and token.isdigit() and (token == "0" or token[0] != "0"):
                child = self._element(pos, int(token))
            if child is None:
                break
            pos, depth = child, depth + 1
        self._resolved[pointer] = found = (depth == len(tokens), pos)
        return found

    def _member(self, opener: int, key: str) -> int | None:
        """Start of the value of `key` in the object at `opener` (first occurrence), or None."""
        data = self._data
        scan = self._objects.get(opener)
        if scan is None:
            scan = self._objects[opener] = _ObjectScan(next=_ws_match(data, opener + 1).end())
        if key in scan.keys:
            return scan.keys[key]
        while scan.end is None:
            if scan.pending is not None:
                after = self._skip(scan.pending, index_arrays=self._big)
                scan.pending = None
                comma = _COMMA.match(data, after)
                if comma is None:
                    close = _ws_match(data, after).end()
                    scan.end = close + 1 if data[close:close + 1] == b"}" else close
                    break
                scan.next = comma.end()
            match = _MEMBER.match(data, scan.next)
            if match is None:  # "}" of an empty object, or broken text
                scan.end = scan.next + 1 if data[scan.next:scan.next + 1] == b"}" else scan.next
                break
            raw = match.group(1)
            name = self._names.get(raw)
            if name is None:
                name = self._names[raw] = _key(raw)
            value = match.start(2)
            if value < 0:  # a container or the last value: its end is looked for when needed
                value = scan.pending = match.end()
            else:
                scan.next = match.end()
            scan.keys.setdefault(name, value)
            if name == key:
                return value
        return scan.keys.get(key)

    def _element(self, opener: int, index: int) -> int | None:
        """Start of element `index` of the array at `opener`, or None."""
        scan = self._array(opener)
        if index < len(scan.starts):
            return scan.starts[index]
        if self._big and not scan.fast_tried and scan.end is None and index >= len(scan.starts) + _FAST_JUMP:
            self._build_fast_index(opener, scan)
        if scan.fast is not None:
            found = self._fast_element(scan, index)
            if scan.fast is not None:
                return found
        self._advance(scan, index)
        return scan.starts[index] if index < len(scan.starts) else None

    def _array(self, opener: int) -> _ArrayScan:
        """The scan state of the array at `opener`, created on first use."""
        scan = self._arrays.get(opener)
        if scan is None:
            scan = self._arrays[opener] = _ArrayScan(starts=[], next=_ws_match(self._data, opener + 1).end())
        return scan

    def _advance(self, scan: _ArrayScan, upto: int | None) -> None:
        """Exact scan: record element starts until element `upto` is known or the array ends."""
        data = self._data
        starts = scan.starts
        while scan.end is None and (upto is None or len(starts) <= upto):
            pos = scan.next
            head = data[pos:pos + 1]
            if head == b"]" or not head or head == b",":
                scan.end = pos + 1 if head == b"]" else pos
                break
            starts.append(pos)
            stop = self._skip(pos)
            comma = _COMMA.match(data, stop)
            if comma is not None:
                scan.next = comma.end()
            else:
                after = _ws_match(data, stop).end()
                scan.end = after + 1 if data[after:after + 1] == b"]" else after

    def _build_fast_index(self, opener: int, scan: _ArrayScan) -> None:
        """Index a big pretty-printed array by its indentation (see the module docstring)."""
        scan.fast_tried = True
        data = self._data
        self._advance(scan, 2)
        if len(scan.starts) < 3 or scan.end is not None:
            return
        s0, s1, s2 = scan.starts[:3]
        sep = data[self._skip(s0):s1]
        if not sep.startswith(b",") or b"\n" not in sep or data[self._skip(s1):s2] != sep:
            return
        indent = sep[sep.rindex(b"\n") + 1:]
        closers = {b"{": b"\n" + indent + b"}", b"[": b"\n" + indent + b"]"}
        starts = [s0, s1]
        pos = s1
        deeper = (b"\n" + indent + b" ", b"\n" + indent + b"\t")
        while True:
            newline = data.find(b"\n", pos)
            closer = closers.get(data[pos:pos + 1])
            if closer is None or newline < 0 or not data.startswith(deeper, newline):
                # the element ends on its own line (a scalar, or an object written on one line): at the
                # line's end, before blanks and a comma (read in place: lines are not copied)
                end = newline if newline >= 0 else len(data)
                while end > pos and data[end - 1] in b"\r \t":
                    end -= 1
                if end > pos and data[end - 1] == 0x2C:  # ","
                    end -= 1
            else:
                hit = data.find(closer, pos)
                if hit < 0:
                    return
                end = hit + len(closer)
            if not data.startswith(sep, end):
                break
            pos = end + len(sep)
            starts.append(pos)
        close = _ws_match(data, end).end()
        known = len(scan.starts)
        if data[close:close + 1] != b"]" or starts[:known] != scan.starts or self._skip(pos) != end:
            return  # indentation is not regular: keep the exact scan
        scan.fast, scan.fast_end = starts, close + 1

    def _fast_element(self, scan: _ArrayScan, index: int) -> int | None:
        """Element `index` from the separator index, verified by parsing it; drops the index on a mismatch."""
        fast = scan.fast or []
        if index >= len(fast):
            return None
        start = fast[index]
        if index in scan.verified:
            return start
        data = self._data
        stop = self._skip(start)
        if index + 1 < len(fast):
            comma = _COMMA.match(data, stop)
            ok = comma is not None and comma.end() == fast[index + 1]
        else:
            ok = _ws_match(data, stop).end() + 1 == scan.fast_end
        if not ok:
            scan.fast = scan.fast_end = None
            return None
        scan.verified.add(index)
        return start

    # -- skipping values ----------------------------------------------------------------------------

    def _end_of(self, pos: int) -> int:
        """Offset just past the value starting at `pos`, using what earlier scans learned."""
        if pos == self._root:  # the document: up to its last non-blank byte, without scanning it
            end = len(self._data)
            while end > pos and self._data[end - 1:end] in (b" ", b"\t", b"\r", b"\n"):
                end -= 1
            return end
        return self._skip(pos, index_arrays=True)

    def _skip(self, pos: int, *, index_arrays: bool = False) -> int:
        """Offset just past the value starting at `pos` (tolerant: broken text never raises)."""
        data = self._data
        head = data[pos:pos + 1]
        if head == b'"':
            match = _STRING.match(data, pos)
            return match.end() if match else len(data)
        if head == b"[" and (index_arrays or pos in self._arrays):
            if pos not in self._arrays:
                match = _CONTAINER.match(data, pos, pos + _WINDOW)  # small arrays need no index
                if match:
                    return match.end()
            scan = self._array(pos)
            if self._big and not scan.fast_tried and scan.end is None:
                self._build_fast_index(pos, scan)
            if scan.fast_end is not None:
                return scan.fast_end
            self._advance(scan, None)
            return scan.end or len(data)
        if head == b"{" and pos in self._objects:
            obj = self._objects[pos]
            while obj.end is None:
                self._member(pos, "\x00end")  # no real key is NUL: walks to the end of the object
            return obj.end
        if head in (b"{", b"["):
            match = _CONTAINER.match(data, pos)
            return match.end() if match else self._walk(pos)
        match = _SCALAR.match(data, pos)
        return match.end() if match else pos

    def _walk(self, pos: int) -> int:
        """Bracket walk for values nested deeper than the container regex handles."""
        data = self._data
        depth = 0
        while pos < len(data):
            head = data[pos:pos + 1]
            if head in (b"{", b"["):
                depth += 1
            elif head in (b"}", b"]"):
                depth -= 1
                if depth == 0:
                    return pos + 1
            pos = _chunk_match(data, pos + 1).end()
        return len(data)

    # -- offsets to lines and columns -----------------------------------------------------------------

    def _position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column in characters) of a byte offset at a character boundary."""
        data = self._data
        block = offset // _BLOCK
        table = self._newlines
        while len(table) <= block:  # newlines before each block boundary, counted once, as far as needed
            done = len(table)
            table.append(table[-1] + data.count(b"\n", (done - 1) * _BLOCK, done * _BLOCK))
        base = block * _BLOCK
        in_block = data.count(b"\n", base, offset)
        line = table[block] + in_block + 1
        if in_block:
            line_start = data.rfind(b"\n", base, offset) + 1
        else:
            while block > 0 and table[block] == table[block - 1]:
                block -= 1
            line_start = data.rfind(b"\n", (block - 1) * _BLOCK, block * _BLOCK) + 1 if block else 0
        # Columns count characters; on long (minified) lines continue from a known point of the line.
        marks = self._columns
        index = bisect.bisect_right(marks, offset, key=lambda mark: mark[0]) - 1
        known, col, known_start = marks[index] if index >= 0 else (0, 1, 0)
        if known_start != line_start or known > offset:
            known, col = line_start, 1
        while offset - known > _BLOCK:  # leave marks behind so each long line is decoded once in total
            step = known + _BLOCK
            while step < offset and 0x80 <= data[step] < 0xC0:  # a mark must sit on a character boundary
                step += 1
            col += len(data[known:step].decode("utf-8", "replace"))
            known = step
            index += 1
            marks.insert(index, (known, col, line_start))
        return line, col + len(data[known:offset].decode("utf-8", "replace"))


def _key(raw: bytes) -> str:
    """Decoded member name from its quoted bytes."""
    if b"\\" not in raw:
        return raw[1:-1].decode("utf-8", "replace")
    try:
        return json.loads(raw.decode("utf-8", "replace"))
    except ValueError:
        return raw[1:-1].decode("utf-8", "replace")


def _string_value(raw: str) -> str | None:
    """The decoded value of a quoted JSON string, or None when it is broken."""
    if "\\" not in raw:  # no escape: the value is the text between the quotes (most strings)
        return raw[1:-1] if len(raw) >= 2 and raw[-1] == '"' else None
    try:
        value = _DECODE(raw)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _raw_index(raw: str, wanted: int) -> int:
    """Index in the quoted source `raw` of decoded character `wanted`: escapes such as \\" and \\n take
    two source characters, \\uXXXX six, and a surrogate pair (one character once decoded) twelve."""
    pos, count, stop = 1, 0, len(raw) - 1
    if "\\" not in raw:
        return min(1 + wanted, stop) if wanted > 0 else min(pos, stop)
    while count < wanted and pos < stop:
        if raw[pos] != "\\":
            pos += 1
        elif raw[pos + 1:pos + 2] == "u" and _hex(raw[pos + 2:pos + 6]) is not None:
            code = _hex(raw[pos + 2:pos + 6]) or 0
            pos += 6
            low = _hex(raw[pos + 2:pos + 6]) if raw[pos:pos + 2] == "\\u" else None
            if 0xD800 <= code < 0xDC00 and low is not None and 0xDC00 <= low < 0xE000:
                pos += 6
        else:
            pos += 2
        count += 1
    return min(pos, stop)


def _hex(digits: str) -> int | None:
    """Four hex digits as an int, or None."""
    return int(digits, 16) if _HEX4.fullmatch(digits) else None
