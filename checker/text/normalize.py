"""Prose normalisation with an exact offset map back to the original text.

What :func:`normalize` changes, in this order:
1. a leading BOM is dropped; ``\\r\\n`` and ``\\r`` become ``\\n`` (the ``\\n`` maps to the ``\\r``);
2. pinyin glosses fused into the text are removed: a parenthesised run of lower-case Latin letters that
   holds at least one tone-marked vowel or ü, directly after a CJK character (seed 004: 專(zhuān)項(xiàng)
   → 專項). Real parentheses stay: (2021-2025), (暂行), (一), (市、区), and (zh) or (de) without a tone
   mark, since a toneless run cannot be told apart from an abbreviation;
3. traditional characters become simplified with OpenCC ``t2s``, on the lines written in traditional
   characters only (more characters that only traditional text uses than ones that only simplified text
   uses), so simplified text is never converted (乾县 stays 乾县). The converted text must keep its length so
   offsets stay exact; if a conversion changes the length, the text is converted per segment and a
   segment that still changes length per character. The vocabulary is matched on the simplified ``text``;
   what is shown to people is cut from ``shown``, the same text in the script it was written in;
   Markdown markup is removed the same way: heading hashes, quote marks and list bullets at the start of a
   line, and ``**``/``__`` emphasis, so a notice written in Markdown reads like the plain text;
4. full-width ASCII is folded to half-width: digits, letters and the symbols ％．／－＋＠＃＆＿＝＜＞～＊
   ＄＼＾｜［］｛｝＂＇｀. The full-width ，（）：；！？ are kept: they are ordinary Chinese punctuation,
   and downstream patterns accept both widths.

5. a year in Chinese numerals typed with a letter O or a zero (二O二三年, 二0二三年) gets 〇; spaces typed
   inside a date (2023 年 4 月 25 日) are removed in step 2.

Steps 3, 4 and 5 replace one character by one, so only steps 1 and 2 move offsets; the map is a short list of
breakpoints, empty when nothing moved.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["Normalized", "has_traditional", "normalize", "to_simplified"]


@dataclass(frozen=True)
class Normalized:
    """Normalised text, its original, and the map from offsets in ``text`` to offsets in ``original``.

    ``shown`` is ``text`` in the script the document was written in: every step applied but the conversion
    to simplified characters, so it has the length of ``text`` and differs from it only at the characters
    that conversion changed. It is ``text`` itself when nothing was converted."""

    text: str
    original: str
    shown: str = ""  # empty when constructed without it: then ``text``
    # Breakpoints: text offset _out[i] corresponds to original offset _src[i]; between breakpoints the two
    # advance together. Empty means the identity map.
    _out: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _src: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.shown:
            object.__setattr__(self, "shown", self.text)

    def to_original(self, offset: int) -> int:
        """Offset in ``original`` of the character at ``offset`` in ``text``; len(text) → len(original)."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)}")
        if offset == len(self.text):
            return len(self.original)
        if not self._out:
            return offset
        i = bisect_right(self._out, offset) - 1
        return self._src[i] + (offset - self._out[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the original; the end follows the last character kept."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


def _make(text: str, original: str, outs: tuple[int, ...] = (), srcs: tuple[int, ...] = (),
          shown: str | None = None) -> Normalized:
    """Build a Normalized without the frozen-dataclass __init__ (four guarded setattrs cost ~2 µs here,
    and normalize runs on every cell of large ledgers); the result is an ordinary, equal instance."""
    obj = object.__new__(Normalized)
    attrs = obj.__dict__
    attrs["text"] = text
    attrs["original"] = original
    attrs["shown"] = text if shown is None else shown
    attrs["_out"] = outs
    attrs["_src"] = srcs
    return obj


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ"
# One pass finds everything that changes length: the BOM, line breaks, glosses, and Markdown markup (heading
# hashes, quote marks and bullets at the start of a line, ** and __ emphasis), which no plain notice uses.
_MOVING = re.compile(
    r"^\ufeff|\r\n?|(?<=[" + _CJK + r"])[(（][a-z" + _TONED + r"]*[" + _TONED + r"][a-z" + _TONED + r"]*[)）]"
    r"|^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S))|\*\*|__"
    # spaces typed inside a date: 2023 年 4 月 25 日
    r"|(?<=[0-9０-９])[ \t\u3000]+(?=[年月日])|(?<=[年月])[ \t\u3000]+(?=[0-9０-９])",
    re.MULTILINE,
)
_NEEDS_PASS = re.compile(r"[\ufeff\r(（#>*_+-]|[ \t\u3000][年月日]|[年月][ \t\u3000]")
# A year in Chinese numerals typed with a letter O or a zero for 〇: 二O二三年, 二0二三年 (after folding).
_CN_YEAR = re.compile(r"[一二][〇○零O0o一二三四五六七八九]{3}(?=年)")
_NOT_ZERO = str.maketrans("O0o", "〇〇〇")
_FULLWIDTH_CHARS = (
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ％．／－＋＠＃＆＿＝＜＞～＊＄＼＾｜［］｛｝＂＇｀"
)
_FOLD = str.maketrans({ch: chr(ord(ch) - 0xFEE0) for ch in _FULLWIDTH_CHARS})
_HAS_FULLWIDTH = re.compile("[" + re.escape(_FULLWIDTH_CHARS) + "]")
_SEGMENT = re.compile(r"[^\n。,，;；:：、!！?？]+|[\s\S]")
# Below this length a string is first checked for traditional characters: one regex search instead of
# an OpenCC call, for the many short cells of a large ledger.
_SHORT = 256


@lru_cache(maxsize=1)
def _converter() -> Any:
    """The OpenCC t2s converter, built once."""
    import opencc  # imported on first use: plain-ASCII inputs never need it

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    """A character class of every CJK character that t2s changes on its own, built once from OpenCC."""
    return _changed_by(_converter(), r"[" + _CJK + r"]")


@lru_cache(maxsize=1)
def _simplified_chars() -> re.Pattern[str]:
    """A character class of every CJK character that s2t changes on its own (县, 书, 关): a text holding
    them is written in simplified characters, built once from OpenCC."""
    import opencc

    return _changed_by(opencc.OpenCC("s2t"), r"(?!)")


def _changed_by(converter: Any, fallback: str) -> re.Pattern[str]:
    """A character class of the CJK characters the converter changes, one at a time."""
    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00))]
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return re.compile(fallback)  # cannot tell
    ranges: list[list[int]] = []
    for ch, out in zip(chars, converted, strict=True):
        if ch != out:
            cp = ord(ch)
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return re.compile("[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


def _to_simplified(text: str) -> str:
    """Traditional → simplified where the text is traditional, keeping the length (per segment, then per
    character, if needed). A line written in simplified characters is left alone: t2s would also turn
    characters that are correct simplified text into others (乾县 → 干县, 乾陵 → 干陵)."""
    traditional = _traditional_chars()
    if len(text) < _SHORT and traditional.search(text) is None:
        return text
    simplified = _simplified_chars()
    lines = text.split("\n")
    votes = [(len(traditional.findall(line)), len(simplified.findall(line))) for line in lines]
    whole = sum(t for t, _ in votes) > sum(s for _, s in votes)
    if all((t > s or (t == s and whole)) for t, s in votes if t):
        return _convert(text)
    return "\n".join(_convert(line) if t > s or (t and t == s and whole) else line
                     for line, (t, s) in zip(lines, votes, strict=True))


def to_simplified(text: str) -> str:
    """`text` read in simplified characters: the lines written in traditional characters converted (step 3),
    the length kept, character for character; text in simplified characters is returned as it is."""
    return _to_simplified(text)


def has_traditional(text: str) -> bool:
    """True when the text holds a character that only traditional text uses (t2s would change it)."""
    return _traditional_chars().search(text) is not None


def _convert(text: str) -> str:
    """t2s conversion of text, keeping the length."""
    convert = _converter().convert
    out = convert(text)
    if len(out) == len(text):
        return out
    pieces: list[str] = []
    for m in _SEGMENT.finditer(text):
        seg = m.group()
        conv = convert(seg)
        if len(conv) != len(seg):
            conv = "".join(c if len(c := convert(ch)) == 1 else ch for ch in seg)
        pieces.append(conv)
    return "".join(pieces)


def normalize(original: str) -> Normalized:
    """Strip glosses, BOM and CR, convert to simplified, fold full-width ASCII (see the module notes)."""
    if original.isascii() and "\r" not in original:
        return _make(original, original)
    text = original
    outs: list[int] = []
    srcs: list[int] = []
    if _NEEDS_PASS.search(original) is not None:
        pieces: list[str] = []
        pos = 0  # in original
        out = 0  # in text
        for m in _MOVING.finditer(original):
            if m.start() > pos:
                pieces.append(original[pos:m.start()])
                out += m.start() - pos
            if m.group()[0] == "\r":
                outs.append(out)
                srcs.append(m.start())
                pieces.append("\n")
                out += 1
            pos = m.end()
            outs.append(out)
            srcs.append(pos)
        if outs:
            pieces.append(original[pos:])
            text = "".join(pieces)
            if outs[0] != 0:
                outs.insert(0, 0)
                srcs.insert(0, 0)
    shown = None
    if not text.isascii():
        written = text
        converted = _to_simplified(written)
        text = _fold(converted)
        if converted != written:
            shown = _fold(written)  # steps 4 and 5 touch no character t2s changes: the two stay aligned
    return _make(text, original, tuple(outs), tuple(srcs), shown)


def _fold(text: str) -> str:
    """Steps 4 and 5: full-width ASCII folded, a Chinese year typed with O or 0 written with 〇."""
    if _HAS_FULLWIDTH.search(text) is not None:
        text = text.translate(_FOLD)
    if "年" in text:
        text = _CN_YEAR.sub(lambda m: m.group().translate(_NOT_ZERO), text)
    return text
