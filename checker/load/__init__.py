"""Loaders: one reader per input format, each returning a SourceDoc (bytes, ledger data or prose text,
plus a SourceMap from JSON Pointers back to lines, columns or cells).

`read(path)` picks the reader by suffix, or by sniffing the content when the suffix says nothing.
Readers are imported on demand, so linting a JSON file never imports openpyxl or python-docx.
Every input that cannot be read raises InputError with a Location and a Chinese message.
"""

from __future__ import annotations

import os
import pathlib
import re
import stat
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from checker.errors import InputError, os_reason
from checker.findings import Finding
from checker.load.tables import Sheet
from checker.location import Location, SourceMap

DEFAULT_MAX_BYTES = 256 * 1024 * 1024  # larger inputs are refused rather than exhausting memory
EXCERPT_MAX = 120  # characters of source text quoted in a finding

FORMATS = ("json", "yaml", "csv", "xlsx", "text", "markdown", "docx")

FORMATS_BY_SUFFIX = {  # the format each suffix is read as; other suffixes are sniffed
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
}
_LEGACY_OFFICE = {".xls", ".doc", ".wps", ".et"}  # binary formats: ask for a conversion
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_JSON_START = re.compile(rb'(?:\xef\xbb\xbf)?\s*(?:\{\s*["}]|\[\s*[\[\]{"\d\-tfn])')  # not "[通知]…"


@dataclass
class SourceDoc:
    """One input file as read: its format, its content in the form the next stage needs, its SourceMap."""

    path: str  # display path, as given by the user
    format: str  # "json" | "yaml" | "csv" | "xlsx" | "text" | "markdown" | "docx"
    source_map: SourceMap  # pointer (+ char span inside a string value) -> Location / excerpt
    json_bytes: bytes | None = None  # JSON: UTF-8 bytes for pydantic's JSON parser (checker.model.parse_record)
    data: dict | None = None  # ledger-shaped dict (yaml, csv, xlsx, docx ledger table)
    text: str | None = None  # decoded prose (txt, md, docx paragraphs joined by "\n"), unnormalised
    # docx: line number -> where that paragraph sits when not in the body text (表1!C4, 页脚)
    places: dict[int, str] | None = None
    sheets: list[Sheet] | None = None  # csv, xlsx: the tables, cells as the file holds them (read by checker.read)
    notes: list[Finding] = field(default_factory=list)  # what the loader could not read as written (yaml)
    unknown: set[str] = field(default_factory=set)  # pointers of values stated but not known


class WholeFileMap:
    """A SourceMap that places every pointer at the file itself (prose before its own map is built)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """The whole file, carrying the pointer."""
        return Location(self.path, pointer=pointer or None)

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """Nothing to quote: the file as a whole has no short excerpt."""
        return ""


def read(path: pathlib.Path, display: str | None = None, *, max_bytes: int | None = None) -> SourceDoc:
    """Read one input file into a SourceDoc, choosing the reader by suffix or by content."""
    path = pathlib.Path(path)
    shown = display if display is not None else str(path)
    data = read_bytes(path, shown, max_bytes)
    suffix = path.suffix.lower()
    fmt = FORMATS_BY_SUFFIX.get(suffix)
    if fmt is None:
        fmt = _sniff(data, shown, legacy=suffix in _LEGACY_OFFICE)
    if fmt in ("xlsx", "docx"):
        from checker.load.limits import check_archive

        check_archive(data, fmt, shown)  # zip bombs, far-corner cells, whole-sheet merges: refused up front
    if fmt == "json":
        from checker.load.json_source import read_json

        return read_json(data, shown)
    if fmt == "yaml":
        from checker.load.yaml_source import read_yaml

        return read_yaml(data, shown)
    if fmt == "csv":
        from checker.load.csv_source import read_csv

        return read_csv(data, shown, tab=suffix == ".tsv")
    if fmt == "xlsx":
        from checker.load.xlsx_source import read_xlsx

        return read_xlsx(data, shown)
    if fmt == "docx":
        from checker.load.docx_source import read_docx

        return read_docx(data, shown)
    from checker.load.text_source import read_text

    return read_text(data, shown, markdown=fmt == "markdown")


def read_bytes(path: pathlib.Path, display: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes, or InputError for a missing file, a directory, a FIFO or device, a symbolic link
    loop, an empty or oversized file (`max_bytes`, default Limits.from_env().input_bytes)."""
    from checker.load.limits import Limits

    limit = max_bytes if max_bytes is not None else Limits.from_env().input_bytes
    where = Location(display)
    try:
        if path.is_dir():
            raise InputError("这是一个目录,不是文件", where)
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the check below then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        hint = "这是一个指向不存在目标的符号链接" if path.is_symlink() else None
        raise InputError("文件不存在", where, hint=hint) from None
    except PermissionError:
        raise InputError("没有读取该文件的权限", where) from None
    except OSError as exc:
        raise InputError(f"无法读取文件: {os_reason(exc)}", where) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError("不是普通文件(管道、设备或套接字),未读取", where)
        if info.st_size > limit:
            raise InputError(f"文件过大({_megabytes(info.st_size)}),超过上限 {_megabytes(limit)}", where,
                             hint="可用环境变量 LEDGERLINT_MAX_INPUT_MB 调高上限")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"无法读取文件: {os_reason(exc)}", where) from None
    if len(data) > limit:  # the file grew between stat and read
        raise InputError(f"文件过大,超过上限 {_megabytes(limit)}", where)
    if _blank(data):
        raise InputError("文件为空", where)
    return data


def _blank(data: bytes) -> bool:
    """Only whitespace (or a lone BOM); looks at a prefix first so big files are not copied."""
    head = data[:4096].strip().removeprefix(b"\xef\xbb\xbf").strip()
    return not head and not data.strip().removeprefix(b"\xef\xbb\xbf").strip()


def one_line(text: str, limit: int = EXCERPT_MAX) -> str:
    """First line of `text`, at most `limit` characters; an ellipsis marks a cut."""
    line = text.split("\n", 1)[0].rstrip("\r")
    if len(line) > limit or len(line) < len(text.rstrip()):
        return line[:limit - 1] + "…"
    return line


def _sniff(data: bytes, display: str, *, legacy: bool) -> str:
    """Format of a file whose suffix says nothing: Office zip, old Office binary, JSON or plain text."""
    if data.startswith(_ZIP_MAGIC):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError):
            raise InputError("无法识别的文件格式(损坏的压缩包)", Location(display)) from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise InputError("无法识别的文件格式(压缩包既不是 Word 也不是 Excel 文件)", Location(display))
    if legacy or data.startswith(_OLE_MAGIC):
        raise InputError("不支持旧版 Office 格式(.doc/.xls/.wps)", Location(display),
                         hint="请用 Word 或 Excel 另存为 .docx 或 .xlsx 后再检查")
    if _JSON_START.match(data[:256]):
        return "json"
    return "text"


def _megabytes(size: int) -> str:
    """Human size for messages."""
    return f"{size / (1024 * 1024):.1f} MB"
