"""Configuration files: `ledgerlint.toml` or `[tool.ledgerlint]` in `pyproject.toml` (DESIGN §6).

Found from the working directory upward (or given with `--config`), parsed with tomllib, checked key by key:
an unknown key or a bad value is a ConfigError located at its line in the file. Paths in the file (rule files,
exclude globs, waiver paths) are relative to the folder the file sits in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from checker.errors import ConfigError, raise_all
from checker.findings import Severity
from checker.location import Location

CONFIG_NAME = "ledgerlint.toml"
PYPROJECT = "pyproject.toml"
BUILTIN = "builtin"  # the built-in rule set, as written in `rules`
SEVERITY_WORDS = ("error", "warning", "info")

# key → (what it holds, for messages)
TOP_KEYS: dict[str, str] = {
    "rules": "规则文件或目录的列表(\"builtin\" 表示内置规则)",
    "builtin-rules": "是否使用内置规则(true/false)",
    "select": "只运行的规则 id 或前缀列表",
    "ignore": "不运行的规则 id 或前缀列表",
    "exclude": "不检查的路径(glob 列表)",
    "respect-gitignore": "是否跳过 .gitignore 忽略的文件(true/false)",
    "fail-on": "error、warning 或 info",
    "severity": "规则 id → 级别",
    "params": "规则参数 → 值",
    "waivers": "豁免列表([[waivers]])",
}
WAIVER_KEYS = ("path", "rule", "item", "quote", "reason", "by", "expires")
_DURATION = re.compile(r"(\d+)([dw])")


@dataclass(frozen=True)
class Waiver:
    """A waiver for findings in files that cannot carry their own (notices, tables): findings of `rule` in
    files matching the `path` glob, on item `item` or quoting `quote`, are waived until `expires`."""

    path: str
    rule: str
    reason: str
    item: str | None = None
    quote: str | None = None
    by: str | None = None
    expires: dt.date | None = None
    location: Location | None = None  # where the waiver is written (config file and line)


@dataclass(frozen=True)
class Config:
    """A parsed configuration file (or the empty default when there is none).

    `root` is the folder relative paths and globs are resolved against; `lines` maps a key path such as
    ("severity", "dates/order") or ("waivers", 0, "rule") to its line, for located errors."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    values: Mapping[str, object] = field(default_factory=dict)  # the keys the file sets, checked
    lines: Mapping[tuple[object, ...], int] = field(default_factory=dict)

    @property
    def display(self) -> str:
        """The config file's path for messages (relative to the working directory when below it)."""
        if self.path is None:
            return ""
        try:
            return self.path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return self.path.as_posix()

    def location(self, *key: object) -> Location | None:
        """Where `key` is written: its line, else the line of the nearest enclosing table that has one."""
        if self.path is None:
            return None
        # a dotted name (params."consistency.rounding") may be written as quoted key or as dotted keys
        split = tuple(p for part in key for p in (part.split(".") if isinstance(part, str) else [part]))
        for candidate in (tuple(key), split):
            for n in range(len(candidate), 0, -1):
                line = self.lines.get(candidate[:n])
                if line is not None and (n == len(candidate) or candidate is split):
                    return Location(self.display, line, 1)
        return Location(self.display)

    def origin(self, key: str) -> str:
        """`ledgerlint.toml:3` for a key the file sets, else an empty string."""
        if key not in self.values:
            return ""
        loc = self.location(key)
        return loc.short().rsplit(":", 1)[0] if loc and loc.line else self.display

    def error(self, message: str, *key: object, hint: str | None = None) -> ConfigError:
        """A ConfigError located at `key` in this file."""
        return ConfigError(message, self.location(*key), hint=hint)

    # typed accessors over the checked values
    @property
    def rules(self) -> tuple[Path | str, ...]:
        """Rule files and folders (resolved against `root`), with BUILTIN where the file lists it."""
        out: list[Path | str] = []
        for entry in cast("list[str]", self.values.get("rules", [])):
            out.append(BUILTIN if entry == BUILTIN else self.root / str(entry))
        return tuple(out)

    @property
    def waivers(self) -> tuple[Waiver, ...]:
        """The waivers of the file, in order."""
        return tuple(cast("list[Waiver]", self.values.get("waivers", [])))


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `ledgerlint.toml`, or `pyproject.toml` with a `[tool.ledgerlint]` table, from `start` (the
    working directory) upward; in one folder `ledgerlint.toml` wins. None when there is none."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*ledgerlint\s*[\].]", text, re.MULTILINE) is not None


def load_config(path: Path | None) -> Config:
    """Parse and check a config file; `None` gives the empty default. Raises ConfigError (located)."""
    if path is None:
        return Config()
    display = Config(path=path).display
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("配置文件不存在", Location(display)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"无法读取配置文件: {exc}", Location(display)) from None
    if sys.version_info >= (3, 11):  # imported here: most runs read no config file
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_position(exc, text)
        raise ConfigError(f"配置文件不是有效的 TOML: {_toml_message(exc)}", Location(display, line, column)) from None
    prefix: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        prefix = ("tool", "ledgerlint")
        data = data.get("tool", {}).get("ledgerlint", {})
        if not isinstance(data, dict):
            raise ConfigError("[tool.ledgerlint] 应是一个表", Location(display))
    lines = {key[len(prefix):]: n for key, n in _key_lines(text).items() if key[:len(prefix)] == prefix}
    config = Config(path=path, root=path.resolve().parent, lines=lines)
    return Config(path=path, root=config.root, values=_check(data, config), lines=lines)


def _toml_position(exc: Exception, text: str) -> tuple[int | None, int | None]:
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line is None and (m := re.search(r"at line (\d+), column (\d+)", str(exc))):
        line, column = int(m.group(1)), int(m.group(2))
    elif line is None and "end of document" in str(exc):
        line = max(1, len(text.splitlines()))  # an unclosed bracket or string: the last line
    return line, column


def _toml_message(exc: Exception) -> str:
    """tomllib's (and tomli's) English message in Chinese, without its position (the location has it)."""
    english = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", getattr(exc, "msg", None) or str(exc))
    for pattern, chinese in _TOML_MESSAGES:
        if m := re.fullmatch(pattern, english):
            return chinese.format(*(_toml_key(g) for g in m.groups()))
    return english


def _toml_key(text: str) -> str:
    """`('waivers', 'rule')` (a key as tomllib prints it) → `waivers.rule`; other text unchanged."""
    parts = re.findall(r"'((?:[^'\\]|\\.)*)'", text) if text.startswith("(") else []
    return ".".join(parts) if parts else text.strip("'")


# The messages of tomllib's parser (CPython Lib/tomllib/_parser.py, the same in tomli), in Chinese.
_TOML_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Cannot overwrite a value", "不能覆盖已有的值(同一个键写了两次)"),
    (r"Cannot declare (.+) twice", "表 [{0}] 声明了两次"),
    (r"Cannot mutate immutable namespace (.+)", "不能修改已写完的内联表 {0}"),
    (r"Cannot redefine namespace (.+)", "不能重新定义 {0}"),
    (r"Duplicate inline table key (.+)", "内联表中的键「{0}」重复"),
    (r"Escaped character is not a Unicode scalar value", "转义字符不是有效的 Unicode 字符"),
    (r"Expected '=' after a key in a key/value pair", "键后面应有“=”"),
    (r"Expected ']' at the end of a table declaration", "表头应以“]”结束"),
    (r"Expected ']]' at the end of an array declaration", "表数组的表头应以“]]”结束"),
    (r"Expected newline or end of document after a statement", "一行只能写一个键值,之后应换行"),
    (r"Expected (.+)", "此处应为 {0}"),
    (r"Invalid date or datetime", "无效的日期或时间"),
    (r"Invalid hex value", "无效的十六进制转义"),
    (r"Invalid initial character for a key part", "键的开头字符无效(含中文等字符的键需加引号)"),
    (r"Invalid statement", "无法识别的语句"),
    (r"Invalid value", "无效的值(文字需加引号,如 \"error\")"),
    (r"Unclosed array", "数组缺少结尾的“]”"),
    (r"Unclosed inline table", "内联表缺少结尾的“}}”"),
    (r"Unescaped '\\' in a string", "字符串中的“\\”需要转义(写作 \\\\,或改用单引号字符串)"),
    (r"Unterminated string", "字符串缺少结尾的引号"),
    (r"Found invalid character (.+)", "无效的字符 {0}"),
    (r"Illegal character '\\n'", "字符串到行尾还没有结束(缺少结尾的引号)"),
    (r"Illegal character (.+)", "非法字符 {0}"),
)


# -- locating keys ------------------------------------------------------------------------------------------

_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_KEY_PART, dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _key_lines(text: str) -> dict[tuple[object, ...], int]:
    """The line of each table header and key assignment, by key path; an array-of-tables element is its
    index, so the `rule` of the second `[[waivers]]` is ("waivers", 1, "rule"). A light scan, good enough to
    point at a line: TOML itself is parsed by tomllib."""
    lines: dict[tuple[object, ...], int] = {}
    table: tuple[object, ...] = ()
    counts: dict[tuple[object, ...], int] = {}
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 or line.count("'''") % 2:
            in_string = not in_string
            if not in_string:
                continue
        if in_string:
            continue
        if m := _HEADER.match(line):
            path: tuple[object, ...] = _key_parts(m.group(2))
            if m.group(1) == "[[":
                index = counts.get(path, 0)
                counts[path] = index + 1
                path = (*path, index)
            table = path
            lines.setdefault(table, number)
        elif m := _ASSIGN.match(line):
            lines.setdefault((*table, *_key_parts(m.group(1))), number)
    return lines


# -- checking values ----------------------------------------------------------------------------------------

def _did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"是不是「{close[0]}」?" if close else None


def _check(data: Mapping[str, object], config: Config) -> dict[str, object]:
    """The checked values of the file's keys; raises ConfigError, or ConfigErrors naming every unknown key
    and bad value of the file at once."""
    errors: list[ConfigError] = []
    out = _collect(data.items(), lambda key, value: _check_key(key, value, config, errors), errors)
    raise_all(errors)
    return out


def _collect(pairs: Iterable[tuple[Any, object]], check: Callable[[Any, object], object],
             errors: list[ConfigError]) -> dict[Any, object]:
    """{name: check(name, value)} of the pairs whose check passes; the ConfigErrors of the others go to
    `errors`, so that one run reports every mistake."""
    out: dict[Any, object] = {}
    for name, value in pairs:
        try:
            out[name] = check(name, value)
        except ConfigError as exc:
            errors.append(exc)
    return out


def _check_key(key: str, value: object, config: Config, errors: list[ConfigError]) -> object:
    """The checked value of one top-level key; raises ConfigError, or adds the errors of a table's entries
    to `errors`."""
    if key not in TOP_KEYS:
        known = "、".join(TOP_KEYS)
        hint = _did_you_mean(key, tuple(TOP_KEYS)) or f"可用: {known}"
        raise config.error(f"未知的配置项「{key}」", key, hint=hint)
    if key in ("rules", "select", "ignore", "exclude"):
        return _string_list(value, config, key)
    if key in ("builtin-rules", "respect-gitignore"):
        if not isinstance(value, bool):
            raise config.error(f"{key} 应为 true 或 false,得到 {value!r}", key)
        return value
    if key == "fail-on":
        return _severity_word(value, config, key)
    if key == "severity":
        return _collect(_table(value, config, key).items(),
                        lambda rule, v: Severity.parse(_severity_word(v, config, key, rule)), errors)
    if key == "params":
        return _collect(_dotted(_table(value, config, key)).items(),
                        lambda name, v: _param(v, config, name), errors)
    # The one key left: waivers.
    if not isinstance(value, list):
        raise config.error("waivers 应写作 [[waivers]] 表的数组", key)
    return list(_collect(enumerate(value), lambda n, entry: _waiver(entry, config, n), errors).values())


def _string_list(value: object, config: Config, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise config.error(f"{key} 应为文本列表({TOP_KEYS[key]}),得到 {value!r}", key)
    return [v.strip() for v in value]


def _table(value: object, config: Config, key: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise config.error(f"{key} 应为表([{key}]),得到 {value!r}", key)
    return value


def _severity_word(value: object, config: Config, *key: object) -> str:
    if value not in SEVERITY_WORDS:
        hint = _did_you_mean(str(value), SEVERITY_WORDS) if isinstance(value, str) else None
        raise config.error(f"级别应为 error、warning 或 info,得到 {value!r}", *key, hint=hint)
    return str(value)


def _dotted(table: dict[str, object]) -> dict[str, object]:
    """`consistency.rounding = 0.5` written without quotes is a nested table in TOML: back to dotted names."""
    out: dict[str, object] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            out.update({f"{name}.{sub}": v for sub, v in _dotted(value).items()})
        else:
            out[name] = value
    return out


def _param(value: object, config: Config, name: str) -> object:
    """A parameter value as rules take it: TOML gives numbers, text, booleans, dates and lists; text written
    as `180d` / `4w` is a duration, as on the command line. Its type is checked against the rule's default
    when the rules load."""
    if isinstance(value, dt.datetime) or isinstance(value, (dt.time, dict)):
        raise config.error(f"参数 {name} 的值应为数字、文本、日期、时长或它们的列表,得到 {value!r}", "params", name)
    if isinstance(value, str) and (m := _DURATION.fullmatch(value.strip())):
        return dt.timedelta(days=int(m.group(1)) * (7 if m.group(2) == "w" else 1))
    if isinstance(value, list):
        return [_param(v, config, name) for v in value]
    return value


def _waiver(entry: object, config: Config, n: int) -> Waiver:
    key = ("waivers", n)
    if not isinstance(entry, dict):
        raise config.error("每个豁免应是一个表([[waivers]])", *key)
    for name in entry:
        if name not in WAIVER_KEYS:
            raise config.error(f"豁免中未知的键「{name}」", *key, name,
                               hint=_did_you_mean(name, WAIVER_KEYS) or f"可用: {'、'.join(WAIVER_KEYS)}")
    for name in ("path", "rule", "item", "quote", "reason", "by"):
        value = entry.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and name == "item":
            entry = {**entry, "item": str(value)}  # item = 3 means item "3"
            continue
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise config.error(f"豁免的 {name} 应为非空文本,得到 {value!r}", *key, name)
    for name in ("path", "rule", "reason"):
        if name not in entry:
            what = {"path": "适用的文件(path,glob)", "rule": "规则 id(rule)", "reason": "理由(reason)"}[name]
            raise config.error(f"豁免缺少{what}", *key)
    if ("item" in entry) == ("quote" in entry):
        raise config.error("豁免应给出 item(问题编号)或 quote(引文)二者之一", *key)
    expires = entry.get("expires")
    if expires is not None and (not isinstance(expires, dt.date) or isinstance(expires, dt.datetime)):
        raise config.error(f"豁免的 expires 应为日期(如 2025-03-31,不加引号),得到 {expires!r}", *key, "expires")
    return Waiver(path=entry["path"].strip(), rule=entry["rule"].strip(), reason=entry["reason"].strip(),
                  item=entry.get("item"), quote=entry.get("quote"), by=entry.get("by"), expires=expires,
                  location=config.location(*key))


# -- settings: defaults < config file < command line ---------------------------------------------------------

DEFAULTS: dict[str, object] = {
    "rules": (), "builtin-rules": True, "select": (), "ignore": (), "exclude": (), "respect-gitignore": True,
    "fail-on": "error", "severity": {}, "params": {}, "waivers": (),
}
FROM_DEFAULT, FROM_CLI = "默认", "命令行"
_EXTENDED_BY_CLI = ("rules", "ignore", "exclude", "params")  # the command line adds to these; it replaces others


@dataclass(frozen=True)
class Settings:
    """The settings of a run, each with where it came from (默认, `ledgerlint.toml:3`, 命令行 or both)."""

    values: Mapping[str, object]
    origins: Mapping[str, str]
    config: Config

    def __getitem__(self, key: str) -> Any:  # noqa: ANN401 - each key's type is checked when the file is read
        """The value of a setting (types as DEFAULTS shows them)."""
        return self.values[key]


def resolve(config: Config, cli: Mapping[str, object]) -> Settings:
    """Merge defaults, the config file and command-line values (`cli` holds only the flags given, under the
    config's key names; `rules` as paths). The command line replaces a value, except that its rules, ignores,
    excludes and params add to the file's. Rule files named in the file must exist (located error)."""
    values: dict[str, object] = dict(DEFAULTS)
    origins = dict.fromkeys(DEFAULTS, FROM_DEFAULT)
    for key in DEFAULTS:
        if key in config.values:
            origins[key] = config.origin(key)
            values[key] = config.values[key]
    file_rules: list[Path] = []
    missing: list[ConfigError] = []
    for n, entry in enumerate(config.rules):
        if entry == BUILTIN:
            continue
        assert isinstance(entry, Path)
        if not entry.exists():
            missing.append(config.error(f"找不到规则文件或目录「{cast('list[str]', config.values['rules'])[n]}」",
                                        "rules", hint=f"相对于配置文件所在目录 {config.root}"))
        file_rules.append(entry)
    raise_all(missing)
    values["rules"] = tuple(file_rules)
    for key, value in cli.items():
        if key not in DEFAULTS or value is None:
            continue
        if key in _EXTENDED_BY_CLI and key in config.values:
            origins[key] = f"{origins[key]} + {FROM_CLI}"
            if isinstance(value, Mapping):
                values[key] = {**cast("Mapping[str, object]", values[key]), **value}
            else:
                values[key] = (*cast("Iterable[object]", values[key]), *cast("Iterable[object]", value))
        else:
            origins[key] = FROM_CLI
            values[key] = tuple(value) if isinstance(value, list) else value
    for key in ("select", "ignore", "exclude", "waivers"):
        values[key] = tuple(cast("Iterable[object]", values[key]))
    return Settings(values, origins, config)


def selector_matches(selector: str, rule_id: str) -> bool:
    """A selector is a full rule id or a group of ids ending at a `/` (`dates/`, or `dates`); `dates/o` or
    `wording/futur` name no rule: a string prefix would silently take whatever ids happen to start so."""
    group = selector.rstrip("/")
    return rule_id == selector or rule_id.startswith(group + "/")


def _selector_hint(selector: str, known: list[str]) -> str | None:
    """What a selector that names no rule may have meant: the ids it starts (a cut-off id), else the closest
    id or group."""
    started = [rule for rule in known if rule.startswith(selector)]
    if started:
        named = "、".join(f"「{rule}」" for rule in started[:3])
        return f"是不是{named}?选择器应是完整的规则 id,或以 / 结尾的分组"
    groups = sorted({rule.split("/", 1)[0] + "/" for rule in known if "/" in rule})
    return _did_you_mean(selector, [*known, *groups])


def check_rule_ids(settings: Settings, known: list[str]) -> None:
    """Every rule id or prefix the settings name must name a rule of the run: ConfigError (ConfigErrors for
    several), located at the config line when the file wrote it, naming the flag when the command line did."""
    config = settings.config

    def fail(what: str, key: tuple[object, ...], flag: str, hint: str | None = None) -> ConfigError:
        hint = hint or _did_you_mean(what, known)
        if _written_in_file(config, key, what):
            return config.error(f"「{what}」不是任何规则的 id 或前缀", *key, hint=hint)
        return ConfigError(f"{flag}: 「{what}」不是任何规则的 id 或前缀", hint=hint)

    errors: list[ConfigError] = []
    for key, flag in (("select", "--select"), ("ignore", "--ignore")):
        for selector in cast("tuple[str, ...]", settings.values[key]):
            if not any(selector_matches(selector, rule) for rule in known):
                errors.append(fail(selector, (key,), flag, _selector_hint(selector, known)))
    for rule in cast("Mapping[str, str]", settings.values["severity"]):
        if rule not in known:
            errors.append(fail(rule, ("severity", rule), "severity"))
    for n, waiver in enumerate(cast("tuple[Waiver, ...]", settings.values["waivers"])):
        if waiver.rule not in known:
            errors.append(config.error(f"豁免指向不存在的规则「{waiver.rule}」", "waivers", n, "rule",
                                       hint=_did_you_mean(waiver.rule, known)))
    raise_all(errors)


def _written_in_file(config: Config, key: tuple[object, ...], what: str) -> bool:
    value = config.values.get(str(key[0]))
    return what in value if isinstance(value, (list, tuple, dict)) else False


def locate_param_error(settings: Settings, error: ConfigError) -> ConfigError:
    """A parameter error from loading the rules, located at the config line of the parameter it names when
    the file set it (the command line's --param has no line)."""
    config = settings.config
    if error.location is not None or config.path is None:
        return error
    for name in cast("dict[str, object]", config.values.get("params", {})):
        if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", error.message):
            return ConfigError(error.message, config.location("params", name), hint=error.hint)
    return error


def describe(settings: Settings) -> str:
    """The resolved settings as TOML, each key followed by where it came from, for `ledgerlint config`."""
    config = settings.config
    head = (f"# 配置文件: {config.display}" if config.path
            else "# 没有找到配置文件(ledgerlint.toml 或 pyproject.toml 的 [tool.ledgerlint]),使用默认设置")
    lines = [head]
    for key in DEFAULTS:
        value = settings.values[key]
        if key == "rules":
            value = (([BUILTIN] if settings.values["builtin-rules"] else [])
                     + [_shown_path(p) for p in cast("tuple[Path, ...]", value)])
        if key == "waivers":
            continue
        lines.append(f"{key} = {_toml(value)}".ljust(48) + f"  # {settings.origins[key]}")
    for waiver in cast("tuple[Waiver, ...]", settings.values["waivers"]):
        fields = {k: getattr(waiver, k) for k in WAIVER_KEYS if getattr(waiver, k) is not None}
        where = waiver.location.short() if waiver.location else FROM_CLI
        lines.append(f"[[waivers]]  # {where}")
        lines.extend(f"{k} = {_toml(v)}" for k, v in fields.items())
    return "\n".join(lines) + "\n"


def _shown_path(path: object) -> str:
    p = Path(str(path))
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def _toml(value: object) -> str:
    """A value in TOML notation (inline), for display."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Severity):
        return json.dumps(value.label)
    if isinstance(value, dt.timedelta):
        return json.dumps(f"{value.days}d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


__all__ = ["BUILTIN", "CONFIG_NAME", "Config", "Settings", "Waiver", "check_rule_ids", "describe", "find_config",
           "load_config", "locate_param_error", "resolve", "selector_matches"]
