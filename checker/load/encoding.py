"""Bytes to text: UTF-8 first (no detection for valid UTF-8), BOMs, then GB18030, then a detector.

Chinese government documents come as UTF-8, UTF-8 with BOM (Windows Notepad), UTF-16 (Excel's
"Unicode text"), GBK/GB2312 (older Windows tools) or Big5 (traditional text from Taiwan and Hong Kong).
GB18030 is a superset of GBK and GB2312, so one attempt covers all three; bytes that are valid Big5 as well
go to charset-normalizer restricted to the two; it is also the last resort for anything else (Latin-1...).
"""

from __future__ import annotations

import codecs

from checker.errors import InputError
from checker.location import Location

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_OK = frozenset("\t\n\r\f\v")


def decode(data: bytes, path: str) -> str:
    """Decode file bytes to text (BOM removed), or raise InputError when no encoding fits."""
    return decode_named(data, path)[0]


def decode_named(data: bytes, path: str) -> tuple[str, str]:
    """Decoded text and the name of the encoding used ("utf-8", "utf-8-sig", "gb18030", ...)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise InputError(f"文件声明为 {name.upper()} 编码(带 BOM),但含有无法解码的字节",
                                 _byte_location(data, exc.start, path)) from None
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"  # the common case: no detection at all
        except UnicodeDecodeError as exc:
            first_bad = exc.start
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if not _looks_binary(text):
                # Big5 bytes (traditional text from Taiwan or Hong Kong editors) mostly decode as GB18030
                # too, into nonsense: when both fit, the detector tells them apart by what the text reads like
                if _fits(data, "big5") and _best_of(data, ("gb18030", "big5")) == "big5":
                    return data.decode("big5"), "big5"
                return text, "gb18030"
    else:
        first_bad = data.index(b"\x00")
    guessed = _detect(data)
    if guessed is not None:
        return guessed
    raise InputError("无法识别文件的字符编码(不是 UTF-8、GBK/GB18030 或 UTF-16),或不是文本文件",
                     _byte_location(data, first_bad, path),
                     hint="请将文件另存为 UTF-8 编码")


def _fits(data: bytes, encoding: str) -> bool:
    """True if the bytes decode without error in that encoding."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _best_of(data: bytes, encodings: tuple[str, ...]) -> str | None:
    """charset-normalizer's choice among the given encodings (None if it has none)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(encodings)).best()
    return best.encoding if best is not None else None


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, refused when the result looks like binary content."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    if _looks_binary(text):
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, best.encoding


def _looks_binary(text: str) -> bool:
    """NUL characters or more than 1% control characters: not a text document."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    return controls > len(sample) // 100


def _byte_location(data: bytes, offset: int, path: str) -> Location:
    """Line of a byte offset (columns are meaningless before decoding)."""
    return Location(path, line=data.count(b"\n", 0, offset) + 1)
