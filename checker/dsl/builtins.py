"""The functions rules may call: one literal table, each with its type rule and implementation.

Every implementation returns None when an argument is missing, so missing values propagate instead of failing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from checker.dsl.types import ANY, BOOL, DATE, DURATION, NUM, STR, ListType, Type, base

TypeRule = Callable[[list[Type]], "Type | str"]  # result type, or a Chinese error message


@dataclass(frozen=True)
class Builtin:
    """One callable function: arity, static type rule, runtime implementation, user doc."""

    min_args: int
    max_args: int
    typer: TypeRule
    impl: Callable[..., object]
    doc: str


def _numeric_list(args: list[Type]) -> Type | str:
    t = args[0]
    if isinstance(t, ListType) and base(t.elem) in ("num", "any"):
        return NUM
    return f"需要数字列表,得到{t.describe()}"


def _ordered_list(args: list[Type]) -> Type | str:
    t = args[0]
    if isinstance(t, ListType) and base(t.elem) in ("num", "date", "duration", "any"):
        return t.elem
    return f"需要数字或日期列表,得到{t.describe()}"


def _any_list(args: list[Type]) -> Type | str:
    return NUM if isinstance(args[0], ListType) or args[0] == ANY else f"需要列表,得到{args[0].describe()}"


def _sized(args: list[Type]) -> Type | str:
    if isinstance(args[0], ListType) or base(args[0]) in ("str", "any"):
        return NUM
    return f"需要文本或列表,得到{args[0].describe()}"


def _bool_list(args: list[Type]) -> Type | str:
    return BOOL if isinstance(args[0], ListType) or args[0] == ANY else f"需要列表,得到{args[0].describe()}"


def _expect(*kinds: str, result: Type) -> TypeRule:
    def typer(args: list[Type]) -> Type | str:
        for arg, kind in zip(args, kinds, strict=False):  # optional trailing arguments may be absent
            if base(arg) not in (kind, "any"):
                return f"参数应为{Type(kind).describe()},得到{arg.describe()}"
        return result
    return typer


def _none_safe(fn: Callable[..., object]) -> Callable[..., object]:
    """Missing in, missing out; a value the function cannot take (date("备注"), a duration of 10**20 days,
    a zero divisor) is missing too rather than an error."""
    def run(*args: object) -> object:
        if None in args:  # rule values (numbers, text, dates, lists) equal None only when they are None
            return None
        try:
            return fn(*args)
        except (ValueError, OverflowError, ZeroDivisionError):
            return None
    return run


def _present(values: object) -> list[object]:
    return [v for v in values or () if v is not None]  # type: ignore[attr-defined]  # a list or None: checked by dsl/types


def _sum(values: object) -> object:
    return sum(_present(values))  # type: ignore[arg-type]  # numbers: the rule type check guarantees it


def _min(values: object) -> object:
    present = _present(values)
    return min(present) if present else None  # type: ignore[type-var]  # comparable: checked by dsl/types


def _max(values: object) -> object:
    present = _present(values)
    return max(present) if present else None  # type: ignore[type-var]  # comparable: checked by dsl/types


Search = Callable[[str], object]  # a compiled pattern's `search`: a match object with start/end/group, or None

MAX_PATTERN_CHARS = 20_000  # a rule's regular expression longer than this is not a pattern but data


class PatternError(ValueError):
    """A regular expression a rule cannot use; the message is Chinese."""


def compile_pattern(pattern: str, trusted: frozenset[str] = frozenset()) -> Search:
    """The `search` of a rule's regular expression, bounded in time.

    Patterns written in rule files and given as parameters run on RE2 (google-re2), which matches in time
    linear in the text: no pattern can backtrack catastrophically. RE2 has no look-around or back-references,
    and its \\d, \\w and \\s are ASCII only. Patterns in `trusted` (the built-in rules' own, reviewed for
    linear matching and tested on long hostile text in tests/test_regex_bounds.py) keep Python's `re`,
    which is several times faster per call on short text. Raises PatternError.
    """
    if pattern in trusted:
        return re.compile(pattern).search
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"正则表达式过长({len(pattern)} 个字符,上限 {MAX_PATTERN_CHARS})")
    import re2  # type: ignore[import-untyped]  # google-re2 (no stubs): imported when a rule brings its own pattern

    options = re2.Options()
    options.log_errors = False
    try:
        search: Search = re2.compile(pattern, options).search
        return search
    except re2.error as exc:
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else ""
        hint = "(不支持环视 (?=…)(?!…)(?<=…) 和反向引用 \\1)" if re.search(r"\(\?<?[=!]|\\\d", pattern) else ""
        raise PatternError(f"正则表达式无效{hint}: {detail}".rstrip(": ")) from None


@functools.lru_cache(maxsize=512)
def dynamic_pattern(pattern: str) -> Search:
    """A pattern built from ledger data while a rule runs (compiled once per distinct text); raises
    PatternError, which the rule's guard turns into a located `rule/failed` finding."""
    return compile_pattern(pattern)


def word_pattern(words: list[object]) -> str:
    """A regular expression matching any of the words literally (a word list used with `matches`); longer
    words first, so `at … match` marks the longest word found. An empty list matches nothing."""
    present = sorted({str(w) for w in words if w is not None and str(w) != ""}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in present) if present else r"[^\s\S]"


def _first_match_type(args: list[Type]) -> Type | str:
    if base(args[0]) not in ("str", "any"):
        return f"参数应为文本,得到{args[0].describe()}"
    second = args[1]
    if base(second) in ("str", "any") or (isinstance(second, ListType) and base(second.elem) in ("str", "any")):
        return STR
    return f"第二个参数应为正则表达式或词语列表,得到{second.describe()}"


def _first_match(text: str, pattern: object) -> str | None:
    if isinstance(pattern, list):
        pattern = word_pattern(pattern)
    m = dynamic_pattern(str(pattern))(text)
    return m.group(0) if m else None  # type: ignore[attr-defined]  # a match object of re/re2 (re2 has no stubs)


def _percent(part: float, whole: float) -> float | None:
    return part * 100.0 / whole if whole else None


# (word, its size, from what size it is used, most decimals shown): how Chinese documents write large amounts
# (1.25亿元, 3200万元). A number is shown so only when that is exact; 12345 stays 12345 rather than 1.2345万.
_LARGE_UNITS = (("亿", 1e8, 1e8, 4), ("万", 1e4, 1e5, 2))


def _amount(value: float) -> str:
    """A number as a message shows it: 135000000 → 1.35亿, 32000000 → 3200万, 31.0 → 31, 0.1 + 0.2 → 0.3."""
    for word, size, least, decimals in _LARGE_UNITS:
        if abs(value) >= least:
            text = f"{value / size:.{decimals}f}".rstrip("0").rstrip(".")
            if abs(float(text) * size - value) <= 1e-9 * abs(value):
                return text + word
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _coalesce_type(args: list[Type]) -> Type | str:
    kinds = {base(a) for a in args} - {"any"}
    return args[0] if len(kinds) <= 1 else "各参数类型应一致"


def _trim(text: str) -> str:
    """Whitespace removed at both ends, the full-width space (U+3000) included (str.strip covers it)."""
    return text.strip()


def _coalesce(*values: object) -> object:
    return next((v for v in values if v is not None and v != ""), None)


BUILTINS: dict[str, Builtin] = {
    "coalesce": Builtin(1, 6, _coalesce_type, _coalesce,
                        "第一个非空的值: coalesce(issue.owner.person, issue.owner.department)"),
    "count": Builtin(1, 1, _any_list, lambda xs: len(xs or ()), "列表的元素个数: count(issues)"),
    "len": Builtin(1, 1, _sized, _none_safe(len), "文本长度或列表元素个数: len(issue.title)"),
    "sum": Builtin(1, 1, _numeric_list, _sum, "数字之和,忽略缺失值: sum(claim.parts)"),
    "min": Builtin(1, 1, _ordered_list, _min, "最小值: min(issue.measures[0].date)"),
    "max": Builtin(1, 1, _ordered_list, _max, "最大值"),
    "any": Builtin(1, 1, _bool_list, lambda xs: any(xs or ()), "列表中有值为真"),
    "all": Builtin(1, 1, _bool_list, lambda xs: all(xs or ()), "列表中全部为真"),
    "abs": Builtin(1, 1, _expect("num", result=NUM), _none_safe(abs), "绝对值"),
    "round": Builtin(1, 2, _expect("num", "num", result=NUM),
                     _none_safe(lambda x, n=0: round(x, int(n))), "四舍五入: round(x, 1)"),
    "percent": Builtin(2, 2, _expect("num", "num", result=NUM), _none_safe(_percent),
                       "百分比: percent(25779, 25958) = 99.31"),
    "amount": Builtin(1, 1, _expect("num", result=STR), _none_safe(_amount),
                      "数字按通报的写法显示,大数用万、亿: amount(135000000) = \"1.35亿\",amount(31) = \"31\""),
    "days": Builtin(1, 1, _expect("duration", result=NUM), _none_safe(lambda d: d.days), "时长的天数"),
    "year": Builtin(1, 1, _expect("date", result=NUM), _none_safe(lambda d: d.year), "日期的年份"),
    "first_match": Builtin(2, 2, _first_match_type, _none_safe(_first_match),
                           "文本中第一处匹配正则表达式的内容: first_match(m.text, future_words)"),
    "date": Builtin(1, 1, _expect("str", result=DATE), _none_safe(dt.date.fromisoformat), "把 YYYY-MM-DD 文本转为日期"),
    "trim": Builtin(1, 1, _expect("str", result=STR), _none_safe(_trim), "去掉首尾空白(含全角空格): trim(issue.title)"),
    "lower": Builtin(1, 1, _expect("str", result=STR), _none_safe(str.lower), "字母转小写: lower(contact.email)"),
    "startswith": Builtin(2, 2, _expect("str", "str", result=BOOL), _none_safe(str.startswith),
                          "文本以另一文本开头: startswith(issue.title, \"关于\")"),
    "endswith": Builtin(2, 2, _expect("str", "str", result=BOOL), _none_safe(str.endswith),
                        "文本以另一文本结尾: endswith(issue.title, \"问题\")"),
    "replace": Builtin(3, 3, _expect("str", "str", "str", result=STR), _none_safe(str.replace),
                       "替换文本(不是正则表达式): replace(issue.title, \"关于\", \"\")"),
    "duration_days": Builtin(1, 1, _expect("num", result=DURATION),
                             _none_safe(lambda n: dt.timedelta(days=n)), "天数转为时长"),
}

# Functions that take a comprehension `f(x in xs where cond: value)`; value is required where marked.
COMPREHENSIONS: dict[str, tuple[bool, str]] = {
    "count": (False, "满足条件的元素个数: count(i in issues where i.status == \"completed\")"),
    "any": (True, "有元素满足条件: any(m in issue.measures: m.date is present)"),
    "all": (True, "全部元素满足条件: all(m in issue.measures: m.date is present)"),
    "sum": (True, "求和: sum(c in claims: c.total)"),
    "min": (True, "最小值: min(m in issue.measures: m.date)"),
    "max": (True, "最大值: max(m in issue.measures: m.date)"),
    "list": (True, "取值列表: list(i in g.items: i.id)"),
    "group": (True, "按值分组,每组一次(线性时间): group(i in issues where i.owner.person is present: i.owner.person),"
                    "每组有 key(分组的值)、items(该组的元素)和 count(元素个数)"),
}
