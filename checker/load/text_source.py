"""Plain text and Markdown notices: decoded, kept exactly as written; the prose reader builds their map."""

from __future__ import annotations

from checker.errors import InputError
from checker.load import SourceDoc, WholeFileMap
from checker.load.encoding import decode
from checker.location import Location


def read_text(data: bytes, path: str, *, markdown: bool = False) -> SourceDoc:
    """A prose SourceDoc: the original text (BOM removed, nothing else changed)."""
    text = decode(data, path)
    if not text.strip():
        raise InputError("文件为空", Location(path))
    return SourceDoc(path, "markdown" if markdown else "text", WholeFileMap(path), text=text)
