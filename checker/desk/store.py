"""The desk's file store and what may enter it: content-addressed files written whole (temporary file, then
rename), and uploads unpacked within bounds. Imports nothing from Django, so it is tested on its own."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from checker.api import LEDGER_SUFFIXES

_STORED_NAME = re.compile(r"^[0-9a-f]{64}(\.[a-z]{2,8})?$")  # the only names the store serves
_CHUNK = 1024 * 1024


class RejectedUpload(ValueError):
    """An upload the desk refuses; the message is Chinese and names the file."""


@dataclass(frozen=True)
class Incoming:
    """One document of an upload: the name it was given and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Limits:
    """Bounds on what one upload may bring in."""

    file_bytes: int
    zip_members: int
    zip_total_bytes: int
    zip_ratio: int


def read_bounded(stream: IO[bytes], limit: int, name: str) -> bytes:
    """At most `limit` bytes of `stream`; RejectedUpload when there are more (declared sizes are not trusted)."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise RejectedUpload(f"文件「{name}」超过 {limit // (1024 * 1024)} MB 的上限")
        parts.append(chunk)
    return b"".join(parts)


def unpack(name: str, stream: IO[bytes], limits: Limits) -> list[Incoming]:
    """The documents of one uploaded file: itself, or the documents inside a zip. Zip members are bounded in
    number, size and expansion ratio; folders, hidden files and unsupported types inside a zip are left out;
    an unsupported file uploaded on its own is refused."""
    if name.lower().endswith(".zip"):
        return _unzip(name, read_bounded(stream, limits.file_bytes, name), limits)
    if not name.lower().endswith(LEDGER_SUFFIXES):
        raise RejectedUpload(f"不支持的文件类型「{name}」(支持 {' '.join(LEDGER_SUFFIXES)} 和 .zip)")
    return [Incoming(_base(name), read_bounded(stream, limits.file_bytes, name))]


def _base(name: str) -> str:
    """The file's own name, without any folder a browser or zip put before it."""
    return PurePosixPath(name.replace("\\", "/")).name or "未命名"


def _unzip(name: str, data: bytes, limits: Limits) -> list[Incoming]:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RejectedUpload(f"「{name}」不是有效的 zip 文件") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.zip_members:
            raise RejectedUpload(f"「{name}」含 {len(members)} 个文件,超过 {limits.zip_members} 个的上限")
        out: list[Incoming] = []
        total = 0
        for member in members:
            inner = _member_name(member)
            if inner is None:
                continue
            if member.file_size > limits.zip_ratio * max(member.compress_size, 1) and member.file_size > _CHUNK:
                raise RejectedUpload(f"「{name}」中的「{inner}」压缩比异常(疑似压缩炸弹),已拒收")
            with archive.open(member) as source:
                body = read_bounded(source, min(limits.file_bytes, limits.zip_total_bytes - total), inner)
            total += len(body)
            out.append(Incoming(_base(inner), body))
    if not out:
        raise RejectedUpload(f"「{name}」中没有可检查的文件(支持 {' '.join(LEDGER_SUFFIXES)})")
    return out


def _member_name(member: zipfile.ZipInfo) -> str | None:
    """The member's name when it is a document to check: not hidden, not a link, a supported type."""
    raw = member.filename
    if member.flag_bits & 0x800 == 0:
        # zips made on Chinese Windows store names in GBK without saying so
        try:
            raw = raw.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    if not parts or any(p.startswith((".", "~$", "__MACOSX")) for p in parts):
        return None
    if (member.external_attr >> 16) & 0o170000 == 0o120000:  # a symbolic link, not a document
        return None
    return raw if raw.lower().endswith(LEDGER_SUFFIXES) else None


class Store:
    """Files by content: `<sha256><suffix>` in one folder, each written to a temporary file and renamed into
    place, so a name in the store always holds a whole file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes, suffix: str) -> tuple[str, str]:
        """Store `data`; (stored name, sha256 hex). Storing the same bytes twice keeps one file."""
        digest = hashlib.sha256(data).hexdigest()
        suffix = suffix.lower() if re.fullmatch(r"\.[A-Za-z]{2,8}", suffix) else ""
        name = digest + suffix
        target = self.root / name
        if not target.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return name, digest

    def path(self, name: str) -> Path:
        """The path of a stored file; KeyError for a name the store never gives out (no folders, no `..`)."""
        if not _STORED_NAME.match(name):
            raise KeyError(name)
        path = self.root / name
        if not path.is_file():
            raise KeyError(name)
        return path

    def names(self) -> Iterator[str]:
        """Names of the stored files."""
        return (p.name for p in self.root.glob("*") if _STORED_NAME.match(p.name))


def suffix_of(name: str) -> str:
    """The lower-case suffix of a document name (`.docx`)."""
    return PurePosixPath(name).suffix.lower()

