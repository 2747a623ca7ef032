"""Bounds on what one input may cost: its size, and what a zip container (xlsx, docx) expands to.

Checked before any reader parses the file, on the archive's own directory and by counting bytes in the
members, so a 1 MB file that would expand to gigabytes, a sheet that declares a cell at the far corner
(XFD1048576) or a merge over the whole sheet, or a Word file of millions of empty paragraphs is refused
with a clear message instead of exhausting memory or time.

Every limit can be raised through an environment variable (LEDGERLINT_MAX_INPUT_MB and the names in
`Limits.from_env`); the defaults are far above any real ledger or notice.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, fields
from io import BytesIO

from checker.errors import InputError
from checker.location import Location

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one input may cost. Sizes in bytes, counts in elements."""

    input_bytes: int = 256 * _MB  # the file as stored
    expanded_bytes: int = 512 * _MB  # all members of a zip container, uncompressed
    member_ratio: int = 200  # uncompressed/compressed of one member above 1 MB (real sheets: 5–30)
    shared_strings: int = 2_000_000  # distinct texts of a workbook
    paragraphs: int = 500_000  # paragraphs of a Word document (a long notice has a few thousand)
    sparse_cells: int = 2_000_000  # cells a sheet's used area or merges may cover beyond those that exist
    yaml_nodes: int = 5_000_000  # YAML nodes after aliases are expanded (checker.load.yaml_source.MAX_NODES)
    prose_chars: int = 8_000_000  # characters of a notice's text (a long real notice has a few hundred thousand)

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, each overridable by LEDGERLINT_MAX_<NAME> (sizes in MB): LEDGERLINT_MAX_INPUT_MB,
        LEDGERLINT_MAX_EXPANDED_MB, LEDGERLINT_MAX_SHARED_STRINGS, LEDGERLINT_MAX_PARAGRAPHS,
        LEDGERLINT_MAX_SPARSE_CELLS, LEDGERLINT_MAX_YAML_NODES, LEDGERLINT_MAX_MEMBER_RATIO,
        LEDGERLINT_MAX_PROSE_CHARS.
        Values that are not positive integers are ignored."""
        values: dict[str, int] = {}
        for f in fields(cls):
            megabytes = f.name.endswith("_bytes")
            name = "LEDGERLINT_MAX_" + f.name.upper().replace("_BYTES", "_MB")
            raw = os.environ.get(name, "")
            if raw.isdigit() and int(raw) > 0:
                values[f.name] = int(raw) * (_MB if megabytes else 1)
        return cls(**values)


def check_archive(data: bytes, fmt: str, display: str, limits: Limits | None = None) -> None:
    """Refuse an xlsx/docx whose contents would cost far more than its size. Raises InputError."""
    limits = limits or Limits.from_env()
    where = Location(display)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the format's reader says what is wrong with it
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if total > limits.expanded_bytes:
            raise InputError(f"压缩包解压后过大({total / _MB:.0f} MB,上限 {limits.expanded_bytes / _MB:.0f} MB),"
                             "未读取", where, hint="可能是压缩炸弹;确需检查时可用 LEDGERLINT_MAX_EXPANDED_MB 调高上限")
        for info in infos:
            if info.file_size > _MB and info.file_size > limits.member_ratio * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise InputError(f"压缩包成员 {info.filename} 的压缩比异常({ratio}:1),未读取", where,
                                 hint="可能是压缩炸弹;确需检查时可用 LEDGERLINT_MAX_MEMBER_RATIO 调高上限")
        names = {info.filename for info in infos}
        if fmt == "xlsx":
            _check_workbook(archive, names, limits, where)
        elif fmt == "docx" and "word/document.xml" in names:
            paragraphs = _count(archive, "word/document.xml", (b"<w:p>", b"<w:p "))
            if paragraphs > limits.paragraphs:
                raise InputError(f"Word 文件的段落数过多({paragraphs},上限 {limits.paragraphs}),未读取", where,
                                 hint="确需检查时可用 LEDGERLINT_MAX_PARAGRAPHS 调高上限")


_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d{1,7})\"")
_WIDE_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"(?:[A-Z]{3}|[J-Z][A-Z])\d")  # column beyond IZ (260)
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\"")


def _check_workbook(archive: zipfile.ZipFile, names: set[str], limits: Limits, where: Location) -> None:
    if "xl/sharedStrings.xml" in names:
        strings = _count(archive, "xl/sharedStrings.xml", (b"<si>", b"<si ", b"<x:si>", b"<x:si "))
        if strings > limits.shared_strings:
            raise InputError(f"Excel 文件的共享文本过多({strings},上限 {limits.shared_strings}),未读取", where,
                             hint="确需检查时可用 LEDGERLINT_MAX_SHARED_STRINGS 调高上限")
    for name in sorted(names):
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        xml = archive.read(name)
        cells = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<x:c ")
        allowed = 4 * cells + limits.sparse_cells
        last_row = max(xml.rfind(b"<row "), xml.rfind(b":row "))  # rows are in order: the last one is the lowest
        rows = max((int(m.group(1)) for m in _ROW.finditer(xml, max(0, last_row - 2))), default=0)
        columns = 260
        if _WIDE_CELL.search(xml):
            columns = max((_column(m.group(1)) for m in _CELL_REF.finditer(xml)), default=1)
        sheet = name.rsplit("/", 1)[-1].removesuffix(".xml")
        if rows * columns > allowed:
            raise InputError(f"工作表 {sheet} 声明的范围过大({rows} 行 × {columns} 列,"
                             f"实际只有 {cells} 个单元格),未读取",
                             where, hint="多半是远处有一个空白或格式单元格:删除数据区域以外的行列后再检查")
        merged = sum((int(m.group(4)) - int(m.group(2)) + 1) * (_column(m.group(3)) - _column(m.group(1)) + 1)
                     for m in _MERGE.finditer(xml))
        if merged > allowed:
            raise InputError(f"工作表 {sheet} 的合并单元格覆盖范围过大({merged} 个单元格,实际只有 {cells} 个),未读取",
                             where, hint="取消覆盖整张表或整行整列的合并后再检查")


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _count(archive: zipfile.ZipFile, name: str, needles: tuple[bytes, ...]) -> int:
    """Occurrences of the needles in a member, read in chunks (a member may be far larger than memory
    should hold at once; the overlap keeps a needle split between chunks from being missed or doubled)."""
    keep = max(len(n) for n in needles) - 1
    total, tail = 0, b""
    with archive.open(name) as handle:
        while chunk := handle.read(4 * _MB):
            block = tail + chunk
            total += sum(block.count(n) for n in needles)
            tail = block[-keep:] if keep else b""
            total -= sum(tail.count(n) for n in needles)
    return total
