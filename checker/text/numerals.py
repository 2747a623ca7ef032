"""Numbers in Chinese prose: Arabic, Chinese and mixed numerals with approximation marks and counters.

How a number is read:
- Arabic digits (full-width too), optional thousands separators (``25,958``; only ASCII commas followed by
  exactly three digits, since the Chinese clause comma is often written as an ASCII comma), decimals,
  and a trailing 万/亿 (``2.6万`` → 26000). The multiplier is folded into the value, so the unit of
  ``150万元`` is ``元`` and its value 1500000.
- Chinese numerals (三十, 二十六, 两, 一万二, 六十二点五) are converted by a small table-driven parser;
  forms it does not know (壹贰叁, 廿) go to ``cn2an`` in smart mode, imported lazily because importing it
  costs about a third of a second.
- Approximation marks before the number (约, 近, 逾, 超过, 不足 ...) or after it (余, 多, 左右, 上下,
  以上, 以下) set ``approx``; bounds such as 以上 count as approximate because equality checks cannot
  use them.
- Percentages: ``99%``, ``99.5%`` and ``百分之七十一`` have ``percent=True`` and unit ``%``.

What :func:`find_numbers` does not read as a number: years, months and days of dates, document numbers
(〔2024〕2号), ordinals (第一, 第3次), list markers (``1.`` ``2、`` ``(1)`` 一是 (一)), ranges and
codes joined by ``-`` ``/`` ``:`` (2021-2025, 0710-3232187, 8:30), dotted dates (2023.3.16), digits
glued to Latin letters (5G, APP2), bare years (a unit-less integer from 1900 to 2100) and phone numbers.

Chinese numerals and words containing 一: a Chinese numeral only counts when a counter word follows it
(三十件, 一个, 十余条) or it is a percentage (百分之七十一) or it carries 万/亿 (三万). Words such as
一是, 一方面, 统一, 一票否决, 进一步, 一线 therefore never yield numbers. A Chinese numeral inside
“…” quotes is a slogan (“两个维护”, “四个意识”) and is skipped, as are digit-by-digit sequences (二〇二三,
一一), tokens that do not start with a digit or 十 (千方百计, 百姓), single numerals inside fixed words
(统一部署, 之一, 逐一, 第一, 周一) and reduplications (一个个).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["COUNTERS", "Number", "cn_to_number", "find_numbers", "parse_number"]


class Number:
    """One number found in a text, with its counter word and character offsets.

    A plain slots class rather than a frozen dataclass: claim-heavy ledgers build hundreds of thousands of
    them and a frozen dataclass costs several times as much to build. Equal and hashed by its fields, as a
    dataclass would be; read-only by convention.
    """

    __slots__ = ("value", "approx", "start", "end", "text", "unit", "percent")

    value: float
    approx: bool
    start: int
    end: int
    text: str
    unit: str | None
    percent: bool

    def __init__(self, value: float, approx: bool, start: int, end: int, text: str, unit: str | None,
                 percent: bool) -> None:
        self.value = value
        self.approx = approx
        self.start = start
        self.end = end
        self.text = text
        self.unit = unit
        self.percent = percent

    def _fields(self) -> tuple[float, bool, int, int, str, str | None, bool]:
        return (self.value, self.approx, self.start, self.end, self.text, self.unit, self.percent)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Number):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Number(value={self.value!r}, approx={self.approx!r}, start={self.start!r}, end={self.end!r}, "
                f"text={self.text!r}, unit={self.unit!r}, percent={self.percent!r})")


# Counter words (量词) and units that may follow a number. Longest alternatives are tried first.
COUNTERS: tuple[str, ...] = (
    "个多月", "平方米",
    "人次", "场次", "大类", "件次", "户次", "家次", "批次", "个月", "小时", "分钟", "周年", "公里",
    "件", "条", "个", "次", "人", "项", "名", "场", "家", "所", "起", "批", "期", "份", "篇", "本", "部",
    "套", "处", "户", "宗", "类", "种", "支", "座", "台", "辆", "册", "张", "幅", "间", "组", "队", "位",
    "天", "周", "年", "元", "笔", "款", "章", "节", "堂", "轮", "例", "封", "栋", "亩", "米", "倍",
    "课", "单", "盒", "箱", "吨",
    # further 量词 of official statistics (case files, pages, wells, livestock, trees, lamps, ships ...)
    "台次", "车次", "架次", "辆次", "卷次", "卷", "页", "口", "头", "只", "棵", "株", "枚", "盏", "艘",
    "架", "块", "片", "根", "门",
)

# A counter character followed by this character forms a different word (统一部署, 一部分, 项目 ...).
_NOT_COUNTER = frozenset({
    "卷宗", "页面", "口径", "口号", "头脑", "只有", "只是", "只要", "只能", "架构", "块状", "片区", "片面",
    "根据", "根本", "根源", "门户", "门诊", "门槛", "口岸", "头条",
    "部分", "部署", "部门", "部位", "部长", "个别", "个性", "个体", "条例", "条件", "项目", "名单", "名称",
    "名义", "场所", "场景", "场地", "所有", "所以", "所在", "所属", "所得", "家庭", "家属", "家长", "期间",
    "期限", "期待", "处理", "处置", "处分", "处罚", "处长", "处室", "类型", "类别", "种类", "支持", "支部",
    "支付", "支出", "批准", "批示", "批评", "起来", "起诉", "本身", "本级", "本人", "人民", "人员", "人才",
    "人口", "人大", "人身", "人社", "台账", "台阶", "位置", "位于", "年度", "年底", "年末", "年初", "年终",
    "年轻", "年龄", "年份", "天然", "天下", "天气", "周期", "周边", "周末", "组织", "组长", "组成", "组建",
    "队伍", "队长", "单位", "单独", "单一", "元旦", "元素", "课题", "课程", "节日", "节点", "节约", "章程",
    "例如", "款项", "倍增", "间隔", "次要", "次数", "座谈", "张贴", "届满", "期末", "期初", "轮流", "册子",
    "件事", "米面", "次性",
})
# Longer words that start with a counter: 三次全会 is an ordinal (the third plenary session).
_NOT_COUNTER_LONG = ("次全会",)
# The characters that can follow a counter in those words: after any other, the counter is one.
_NOT_COUNTER_NEXT = frozenset(word[1] for word in _NOT_COUNTER) | frozenset(word[1] for word in _NOT_COUNTER_LONG)

_APPROX_BEFORE = ("大约", "将近", "接近", "超过", "不足", "不到", "至少", "最多", "约", "近", "逾", "超")
_APPROX_LAST = frozenset(word[-1] for word in _APPROX_BEFORE)
# 约/近 inside another word is no approximation: 预约3次, 最近3天.
_APPROX_WORD_HEADS = {"约": frozenset("预签邀特违合节制履公条契践赴守"), "近": frozenset("最附临邻亲")}
_APPROX_AFTER = ("左右", "上下", "以上", "以下", "余", "多")
# After a counter 多 usually starts a word (3次多部门联合), so the scanner only takes it before one.
_SCAN_AFTER = ("左右", "上下", "以上", "以下", "余")

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
_CN_ALL = "".join(_CN_DIGIT) + "".join(_CN_SMALL_UNIT) + "".join(_CN_BIG_UNIT)
_MULTIPLIER = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100, "十": 10}

# Financial (大写) numerals, written in amounts and counts of financial texts: 壹仟贰佰 = 一千二百.
_CAPITAL = str.maketrans("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億", "一二二三三四五六六七八九十百千万亿")
_CAPITAL_CHARS = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")



def _trie_alternation(words: tuple[str, ...]) -> str:
    """A regex matching the longest of ``words`` at a position, factored by first characters (个(?:多月|月)?|
    人次?|...): the same match as the words sorted longest first, but one branch per character rather than a
    try of every word after every number."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return body + "?" if len(alts) > 1 or len(body) == 1 else "(?:" + body + ")?"  # greedy: longer first

    return emit(trie)


_COUNTER_RE = _trie_alternation(COUNTERS)
_AFTER_RE = "|".join(re.escape(a) for a in _APPROX_AFTER)
_SCAN_AFTER_RE = "|".join(re.escape(a) for a in _SCAN_AFTER)

# The core of a number token; approximation words before it are looked up by hand (faster than an
# optional leading group, which would make every character a match candidate).
_TOKEN_BODY = (
    r"(?P<pc>百分之)?"
    r"(?P<num>"
    r"(?P<ar>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9]|,[0-9])(?:\.[0-9]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)*)"
    r"(?P<mult>[百千]?[万亿]|千)?"
    r"|(?P<cn>[" + _CN_ALL + _CAPITAL_CHARS + r"]+(?:点[零〇○一二三四五六七八九]+)?)"
    r")"
    r"(?:(?P<apm>余|多)(?P<mult2>[百千]?[万亿]))?"  # 120余万元, 两千两百余万元: about 1.2 million, 22 million
    r"(?:(?P<pct>[%％])|(?P<ap1>余|多)?(?P<unit>" + _COUNTER_RE + r")?)"
    r"(?P<ap2>" + _SCAN_AFTER_RE + r")?"
)
_TOKEN = re.compile(_TOKEN_BODY)
# Every character a token can start with: 百 of 百分之, a digit, a Chinese or financial numeral.
_TOKEN_START = re.compile("[百0-9０-９" + _CN_ALL + _CAPITAL_CHARS + "]")
_NUM, _AP2 = (_TOKEN.groupindex[name] for name in ("num", "ap2"))

# parse_number accepts one token, optionally with an approximation word in front and any Chinese
# numeral characters (cn2an decides on the unusual ones).
_SINGLE = re.compile(
    r"\s*(?P<pre>" + "|".join(_APPROX_BEFORE) + r")?"
    r"(?P<pc>百分之)?"
    r"(?P<num>(?P<ar>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(?P<mult>[百千]?[万亿]|[十百千])?"
    r"|(?P<cn>[" + _CN_ALL + r"壹贰叁肆伍陆柒捌玖拾佰仟廿卅]+(?:点[零〇○一二三四五六七八九]+)?))"
    r"(?:(?P<pct>%)|(?P<ap1>余|多)?(?P<unit>" + _COUNTER_RE + r")?)"
    r"(?P<ap2>" + _AFTER_RE + r")?\s*"
)

_HAS_NUMERAL = re.compile(r"[0-9０-９零〇○一二两三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾]")

# Characters around a token that mark it as part of a range, code, time or phone number.
_JOINERS = frozenset("-–—~～/:：·")
_LIST_MARK_BEFORE = frozenset("\n\r \t\u3000。;；:：,，(（)）")
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@_#&")
_DATE_AFTER = frozenset("月日号")
# A single Chinese numeral after one of these is part of a word or an ordinal: 统一, 之一, 周一, 第三.
_CN_WORD_BEFORE = frozenset("第初周统唯万之同逐单划专合归均不如其任另星拜礼")
_ORDINAL_BEFORE = frozenset("第初")
# Characters beside the digits that make any of find_numbers' inlined tests apply: most numbers have none.
_GLUE_BEFORE = _LATIN | _ORDINAL_BEFORE | _JOINERS | {"."}
_GLUE_AFTER = _LATIN | _JOINERS


def _cn_integer(s: str) -> int | None:
    """Convert a Chinese integer made of 零〇一二两…九 and 十百千万亿; None if malformed."""
    if not s:
        return None
    if all(ch in _CN_DIGIT for ch in s):
        if len(s) == 1:
            return _CN_DIGIT[s]
        # 二〇二三: read digit by digit (years, codes).
        return int("".join(str(_CN_DIGIT[ch]) for ch in s))
    total = 0
    section = 0
    number: int | None = None
    last_small = 10_000  # units inside a section must decrease: 三千五百, not 五百三千
    last_unit = 1
    after_zero = False
    prev = ""
    for i, ch in enumerate(s):
        if ch in _CN_DIGIT:
            if number is not None:
                return None  # two digits in a row (三五) inside a number with units
            d = _CN_DIGIT[ch]
            if d == 0:
                after_zero = True
            else:
                number = d
        elif ch in _CN_SMALL_UNIT:
            unit = _CN_SMALL_UNIT[ch]
            if unit >= last_small:
                return None
            if number is None:
                if ch == "十" and (i == 0 or prev in "零〇○万亿"):
                    number = 1  # 十五, 一百零十 is not valid but 十万 and 三万十 are tolerated
                else:
                    return None
            section += number * unit
            number = None
            last_small = unit
            last_unit = unit
            after_zero = False
        elif ch in _CN_BIG_UNIT:
            big = _CN_BIG_UNIT[ch]
            if section == 0 and number is None and total == 0:
                return None
            if big == 100_000_000:
                total = (total + section + (number or 0)) * big
            else:
                total += (section + (number or 0)) * big
            section = 0
            number = None
            last_small = 10_000
            last_unit = big
            after_zero = False
        else:
            return None  # 壹, 廿 ...: left to cn2an
        prev = ch
    if number is not None:
        if not after_zero and prev in _CN_DIGIT and len(s) > 1 and s[-2] in _MULTIPLIER:
            # 一万二 = 12000, 三千五 = 3500, 二十六 = 26 (the trailing digit counts in the next lower unit)
            number *= max(last_unit // 10, 1)
        section += number
    return total + section


def _cn2an_fallback(s: str) -> float | None:
    """Ask cn2an (smart mode) about a Chinese numeral the table parser does not know; never raises."""
    try:
        import cn2an  # imported lazily: loading it takes about 0.35 s

        value = cn2an.cn2an(s, "smart")
    except Exception:  # noqa: BLE001  cn2an raises ValueError, KeyError, IndexError ... on odd input
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=4096)
def cn_to_number(s: str) -> float | None:
    """Convert a Chinese numeral (三十, 二十六, 一万二, 六十二点五, 二〇二三, 壹佰) to a float, or None."""
    if not s:
        return None
    s = s.translate(_CAPITAL)
    head, sep, tail = s.partition("点")
    if sep:
        whole = _cn_integer(head) if head else None
        if whole is not None and tail and all(ch in _CN_DIGIT for ch in tail):
            return float(Decimal(f"{whole}.{''.join(str(_CN_DIGIT[ch]) for ch in tail)}"))
    else:
        whole = _cn_integer(s)
        if whole is not None:
            return float(whole)
    return _cn2an_fallback(s)


def _arabic_value(digits: str, mult: str | None) -> float | None:
    """Value of an Arabic token such as ``25,958``, ``2.6`` + ``万``, ``1千万``."""
    digits = digits.translate(_FULLWIDTH).replace(",", "")
    if not mult:
        # A decimal string converts to the same correctly rounded float either way; Decimal is for the
        # multiplication (2.6 × 万 must be 26000 exactly).
        try:
            return float(digits)
        except ValueError:
            return None
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if mult:
        for ch in mult:
            value *= _MULTIPLIER[ch]
    return float(value)


def _approx_before(text: str, start: int) -> int:
    """Start of an approximation word ending at ``start``, or ``start`` if there is none."""
    if start == 0 or text[start - 1] not in _APPROX_LAST:
        return start  # most numbers: no approximation word can end here
    for word in _APPROX_BEFORE:
        n = len(word)
        if start >= n and text.startswith(word, start - n):
            heads = _APPROX_WORD_HEADS.get(word)
            if heads and start > n and text[start - n - 1] in heads:
                continue
            return start - n
    return start


def parse_number(s: str) -> tuple[float, bool] | None:
    """Read one number token ("2.6万余", "百分之七十一", "近3", "3个左右") as (value, approx), else None."""
    if not s:
        return None
    m = _SINGLE.fullmatch(s.translate(_FULLWIDTH))
    if m is None:
        return None
    if m["ar"] is not None:
        value = _arabic_value(m["ar"], m["mult"])
    else:
        value = cn_to_number(m["cn"])
    if value is None:
        return None
    approx = bool(m["pre"] or m["ap1"] or m["ap2"] or m["unit"] == "个多月")
    return value, approx


def _in_quotes(text: str, pos: int) -> bool:
    """True if ``pos`` lies inside a “…” quotation on the same line."""
    opening = text.rfind("“", 0, pos)
    if opening < 0:
        return False
    return text.rfind("”", opening, pos) < 0 and text.rfind("\n", opening, pos) < 0


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """True if the only non-blank characters of the line are text[start:end]."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    return not text[line_start:start].strip() and not text[end:line_end].strip()


def _year_like(m: re.Match[str]) -> bool:
    """A four-digit Arabic year (1900–2100) or a Chinese digit-by-digit year such as 二〇二三."""
    if m["ar"] is not None:
        return _arabic_year(m["ar"], m["mult"])
    cn = m["cn"]
    return len(cn) >= 2 and all(ch in _CN_DIGIT for ch in cn)


def _arabic_year(ar: str, mult: str | None) -> bool:
    """Arabic digits that read as a year from 1900 to 2100 (no multiplier)."""
    ar = ar.translate(_FULLWIDTH)
    return len(ar) == 4 and ar.isdigit() and 1900 <= int(ar) <= 2100 and not mult


def _skip_arabic(text: str, ar: str, mult: str | None, unit: str | None, pct: str | None, pc: str | None,
                 ap1: str | None, ap2: str | None, start: int, end_num: int) -> bool:
    """Reject Arabic tokens that are dates, codes, ranges, list markers, ordinals or years. The arguments
    are the token's groups (``unit`` as matched, before any counter check) and its number's span."""
    n = len(text)
    before = text[start - 1] if start > 0 else ""
    after = text[end_num] if end_num < n else ""
    if before in _LATIN or after in _LATIN:
        return True  # 5G, APP2, e-mail addresses
    if before in _ORDINAL_BEFORE:
        return True  # 第3次
    if before in _JOINERS and start >= 2 and text[start - 2].isdigit():
        return True  # 2021-2025, 0710-3232187, 8:30, 1-2月
    if after in _JOINERS and end_num + 1 < n and text[end_num + 1].isdigit():
        return True
    dots = ar.count(".") + ar.count("．")
    if dots >= 2:
        return True  # 2023.3.16, section numbers 1.2.3
    if before == "." and start >= 2 and text[start - 2].isdigit():
        return True  # the tail of a dotted chain
    if dots == 1 and after == "年" and len(ar.split(".")[-1].split("．")[-1]) == 4:
        return True  # "5.2024年": a list marker glued to a year
    if unit is None and pct is None and not pc:
        if after in _DATE_AFTER and not mult:
            return True  # 3月, 16日, 〔2024〕2号
        if after == "年" and _arabic_year(ar, mult):
            return True
        if (
            not dots
            and not mult
            and after in ".．、"
            and (end_num + 1 >= n or not text[end_num + 1].isdigit())
            and (start == 0 or before in _LIST_MARK_BEFORE)
        ):
            return True  # list markers 1. 2、
        if before in "(（" and after in ")）":
            return True  # (1)
        if _alone_on_line(text, start, end_num):
            return True  # a section number on a line of its own
        if not dots and not mult and not ap1 and not ap2:
            digits = ar.translate(_FULLWIDTH).replace(",", "")
            if len(digits) == 4 and 1900 <= int(digits) <= 2100:
                return True  # a bare year: 2022、2023年度, 〔2024〕
            if len(digits) >= 7 and (digits[0] == "0" or (len(digits) == 11 and digits[0] == "1")):
                return True  # phone numbers
    elif unit == "年" and _arabic_year(ar, mult):
        return True
    return False


def _skip_chinese(text: str, m: re.Match[str], start: int) -> bool:
    """Reject Chinese-numeral tokens that are words, ordinals, slogans, years or list markers."""
    cn = m["cn"].translate(_CAPITAL)
    if cn[0] not in _CN_DIGIT and cn[0] != "十":
        return True  # 千方百计, 百姓, 万一
    if len(cn) >= 2 and "点" not in cn and all(ch in _CN_DIGIT for ch in cn):
        return True  # 二〇二三, 一一
    before = text[start - 1] if start > 0 else ""
    if before in _ORDINAL_BEFORE:
        return True
    if len(cn) == 1 and before in _CN_WORD_BEFORE:
        return True
    has_big = "万" in cn or "亿" in cn or m["mult2"] is not None
    if m["unit"] is None and not m["pc"] and m["pct"] is None and not has_big:
        return True  # 一是, 一方面, 三大, “九学”
    if m["unit"] == "年" and _year_like(m):
        return True
    unit = m["unit"]
    if unit and len(unit) == 1 and text.startswith(unit, m.end("unit")):
        return True  # 一个个
    token = m.group()
    if text.startswith(token, m.end()) or text.startswith(token, max(start - len(token), 0), start):
        return True  # 一项一项, 一条一条
    return _in_quotes(text, start)


def find_numbers(text: str, base: int = 0) -> list[Number]:
    """Every number in ``text`` with its counter or unit and character offsets (see the module notes);
    ``base`` is added to the offsets, for a text that is a slice of a longer one."""
    if not text or _HAS_NUMERAL.search(text) is None:
        return []
    found: list[Number] = []
    n = len(text)
    # _TOKEN.finditer, but the engine only tries positions _TOKEN_START finds (it has no first-character
    # hint of its own, because of the optional 百分之 in front): the same tokens, in a third less time.
    search, match = _TOKEN_START.search, _TOKEN.match
    hint = search(text)
    while hint is not None:
        m = match(text, hint.start())
        if m is None:
            hint = search(text, hint.start() + 1)
            continue
        hint = search(text, m.end())
        # One tuple of groups per token: cheaper than a lookup per group on this path.
        pc, _, ar, mult, cn, apm, mult2, pct, ap1, unit_g, ap2 = m.groups()
        start, end = m.span()
        token_end = end
        unit = unit_g
        if unit_g is not None:
            unit_end = end - len(ap2) if ap2 else end  # only ap2 follows the counter
            if unit_end < n and text[unit_end] in _NOT_COUNTER_NEXT and (
                    text[unit_end - 1:unit_end + 1] in _NOT_COUNTER
                    or text.startswith(_NOT_COUNTER_LONG, unit_end - 1)):
                # 统一部署, 项目: the counter belongs to the next word; drop it and what follows it
                unit = None
                end = unit_end - len(unit_g)
        value: float | None
        if ar is not None:
            # The token starts with the digits or with 百分之: either way _skip_arabic looks before ``start``.
            num_end = m.end(_NUM)
            if (unit_g is not None and "." not in ar and "．" not in ar
                    or pct is not None and ar.count(".") + ar.count("．") < 2):
                # The usual cases, a whole number with a counter or a percentage (one decimal point at most):
                # of _skip_arabic's tests only those of the characters around it apply (inlined: this runs for
                # every number of a claim).
                before = text[start - 1] if start > 0 else ""
                after = text[num_end] if num_end < n else ""
                if (before in _GLUE_BEFORE or after in _GLUE_AFTER or unit_g == "年") and (
                        before in _LATIN or after in _LATIN or before in _ORDINAL_BEFORE
                        or (before in _JOINERS and start >= 2 and text[start - 2].isdigit())
                        or (after in _JOINERS and num_end + 1 < n and text[num_end + 1].isdigit())
                        or (before == "." and start >= 2 and text[start - 2].isdigit())
                        or (unit_g == "年" and _arabic_year(ar, mult))):
                    continue
            elif _skip_arabic(text, ar, mult, unit_g, pct, pc, ap1, ap2, start, num_end):
                continue
            if mult is None and ar.isascii() and "," not in ar:
                value = float(ar)  # plain ASCII digits (and a dot): what _arabic_value would read, sooner
            else:
                value = _arabic_value(ar, mult)
        else:
            if unit is None and unit_g is not None and not pc and "万" not in cn and "亿" not in cn \
                    and mult2 is None:
                continue  # the counter was not one, so the Chinese numeral is a word
            if _skip_chinese(text, m, start):
                continue
            value = cn_to_number(cn)
        if value is None:
            continue
        if mult2 is not None:
            value = _arabic_value(str(value), mult2) or value
        percent = pc is not None or pct is not None
        approx = ap1 is not None or apm is not None
        if ap2:
            if end == token_end:
                approx = True
            elif unit is None:
                end = min(end, m.start(_AP2))
        if unit == "个多月":
            unit, approx = "个月", True
        if start and text[start - 1] in _APPROX_LAST:
            pre_start = _approx_before(text, start)
            if pre_start != start:
                approx = True
                start = pre_start
        found.append(Number(value, approx, start + base, end + base, text[start:end],
                            "%" if percent else unit, percent))
    return found
