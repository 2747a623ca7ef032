"""Word automatic numbering: the label Word draws in front of a numbered paragraph (一、 (二) 3. ①).

The numbers are not in the paragraph text: a paragraph names a list (`w:numPr`: `w:numId` and the level
`w:ilvl`, directly or through its style) and `word/numbering.xml` says how each level is drawn (`w:numFmt`,
`w:lvlText` such as "%1、" or "（%1）" or "%1.%2", `w:start`). Counters follow ECMA-376 §17.9: list instances
(`w:num`) that share an abstract definition share its counters, a `w:lvlOverride/w:startOverride` restarts
that level for its instance, and a number at one level resets the levels below it (unless `w:lvlRestart`
says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def chinese_counting(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百",
                     thousand: str = "千") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (the way Word's chineseCounting draws numbers < 10000)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    zero = False
    for value, unit in ((1000, thousand), (100, hundred), (10, ten), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += digits[0]
                zero = False
            # 十一, not 一十一, when the number starts with ten
            out += ("" if (value == 10 and d == 1 and not out) else digits[d]) + unit
        elif out:
            zero = True
    return out


def format_number(n: int, fmt: str) -> str:
    """One level's number in a `w:numFmt` format; unknown formats fall back to decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "ideographDigital", "koreanCounting"):
        return chinese_counting(n)
    if fmt in ("chineseLegalSimplified", "koreanLegal", "japaneseLegal", "taiwaneseCountingThousand"):
        return chinese_counting(n, _CN_LEGAL, "拾", "佰", "仟")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        out, rest = "", n
        for value, numeral in _ROMAN:
            while rest >= value:
                out += numeral
                rest -= value
        return out.upper() if fmt == "upperRoman" else out
    return str(n)


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str  # lvlText, "%1、"
    restart: int | None  # w:lvlRestart: the level (1-based) whose number restarts this one; 0: never
    legal: bool  # w:isLgl: every level drawn as decimal


@dataclass
class Numbering:
    """The numbering definitions of a document and the running counters while its paragraphs are read."""

    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    level_overrides: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl -> value
    started: set[str] = field(default_factory=set)  # numIds whose overrides were applied

    def label(self, p: Any) -> str:
        """The label Word draws before paragraph `p` (a w:p element), advancing the counters; "" if none."""
        num_id, ilvl = self._numpr(p)
        if num_id is None or num_id == "0" or num_id not in self.abstract_of:
            return ""
        ilvl = ilvl or 0
        abstract = self.abstract_of[num_id]
        levels = dict(self.levels.get(abstract, {}))
        levels.update(self.level_overrides.get(num_id, {}))
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
                for below in [k for k in counters if k > lvl]:
                    del counters[below]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for below in [k for k in counters if k > ilvl]:
            lower = levels.get(below)
            if lower is None or lower.restart != 0:
                del counters[below]
        if level.fmt == "bullet":
            return ""
        text = level.text
        for lvl in range(9):
            marker = f"%{lvl + 1}"
            if marker not in text:
                continue
            definition = levels.get(lvl)
            value = counters.get(lvl, definition.start if definition else 1)
            fmt = definition.fmt if definition else "decimal"
            if level.legal and lvl < ilvl:
                fmt = "decimal"
            text = text.replace(marker, format_number(value, fmt))
        return text

    def _numpr(self, p: Any) -> tuple[str | None, int | None]:
        """(numId, ilvl) of a paragraph: its own w:numPr, else its style's."""
        ppr = p.find(W + "pPr")
        num_id: str | None = None
        ilvl: int | None = None
        style = None
        if ppr is not None:
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id, ilvl = _numpr_values(numpr)
            pstyle = ppr.find(W + "pStyle")
            if pstyle is not None:
                style = pstyle.get(W + "val")
        if style is not None and (num_id is None or ilvl is None):
            s_num, s_lvl = self.style_numpr.get(style, (None, None))
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
        return num_id, ilvl


def _numpr_values(numpr: Any) -> tuple[str | None, int | None]:
    num = numpr.find(W + "numId")
    lvl = numpr.find(W + "ilvl")
    return (num.get(W + "val") if num is not None else None,
            _int(lvl.get(W + "val")) if lvl is not None else None)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: Any) -> _Level:
    def val(tag: str) -> str | None:
        node = lvl.find(W + tag)
        return node.get(W + "val") if node is not None else None

    restart = _int(val("lvlRestart"))
    legal = lvl.find(W + "isLgl") is not None
    return _Level(_int(val("start"), 1) or 0, val("numFmt") or "decimal", val("lvlText") or "", restart, legal)


def read_numbering(numbering_xml: Any | None, styles_xml: Any | None) -> Numbering:
    """Numbering definitions from the w:numbering and w:styles elements (either may be None)."""
    out = Numbering()
    if numbering_xml is not None:
        for abstract in numbering_xml.iter(W + "abstractNum"):
            key = abstract.get(W + "abstractNumId") or ""
            out.levels[key] = {_int(lvl.get(W + "ilvl"), 0) or 0: _level(lvl) for lvl in abstract.iter(W + "lvl")}
        for num in numbering_xml.iter(W + "num"):
            num_id = num.get(W + "numId") or ""
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            out.abstract_of[num_id] = ref.get(W + "val") or ""
            for override in num.iter(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0) or 0
                start = override.find(W + "startOverride")
                if start is not None:
                    out.overrides.setdefault(num_id, {})[ilvl] = _int(start.get(W + "val"), 1) or 0
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    out.level_overrides.setdefault(num_id, {})[ilvl] = _level(lvl)
    if styles_xml is not None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for style in styles_xml.iter(W + "style"):
            style_id = style.get(W + "styleId") or ""
            parent = style.find(W + "basedOn")
            if parent is not None:
                based[style_id] = parent.get(W + "val") or ""
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                own[style_id] = _numpr_values(numpr)
        for style_id in set(based) | set(own):
            current: str | None = style_id
            seen: set[str] = set()
            while current is not None and current not in own and current not in seen:
                seen.add(current)
                current = based.get(current)
            if current is not None and current in own:
                out.style_numpr[style_id] = own[current]
    return out
