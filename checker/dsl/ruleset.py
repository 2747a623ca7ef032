"""Load rule files into a compiled RuleSet: includes, parameters (defaults and overrides), check, compile.

The checker, the compiler and the schema are imported by `load_ruleset` only: `rule_infos` lists rules from
the parsed files, so `rules list` starts without them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.dsl import ast
from checker.dsl.aliases import english
from checker.dsl.lets import expand_lets
from checker.dsl.parse import caret_context, parse_rule_file_all
from checker.errors import (
    ConfigError,
    LedgerlintError,
    RuleCompileError,
    RuleErrors,
    RuleSyntaxError,
    os_reason,
    raise_all,
)
from checker.findings import RuleInfo, Severity
from checker.location import Location

if TYPE_CHECKING:
    from checker.dsl.compile import CompiledClause, Program, RuleCode
    from checker.dsl.types import Type


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to run: its metadata and its compiled clauses."""

    info: RuleInfo
    clauses: tuple[CompiledClause, ...]
    tags: tuple[str, ...]
    applies: frozenset[str] = frozenset({"ledger", "notice"})  # document kinds it runs on (`applies`)


@dataclass(frozen=True)
class RuleSet:
    """All rules loaded for a run, in file order; ids are unique."""

    rules: tuple[CompiledRule, ...]
    params: dict[str, object]  # "set.param" -> value in force

    @property
    def info(self) -> dict[str, RuleInfo]:
        """Rule id → metadata, for reporters."""
        return {r.info.id: r.info for r in self.rules}


RULE_SUFFIX = ".rules"
MAX_RULE_FILE_BYTES = 2 * 1024 * 1024  # the built-in sets are a few dozen KB; more is not a rule file


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their `*.rules` files (sorted), keep files as given.

    Raises ConfigError for a folder without any `.rules` file: a rules folder that loads nothing is a mistake,
    not an empty rule set."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*" + RULE_SUFFIX))
            if not found:
                others = sorted(p.name for p in path.iterdir() if p.is_file())[:5]
                hint = (f"目录中的文件: {'、'.join(others)};规则文件的扩展名应为 {RULE_SUFFIX}" if others
                        else f"规则文件的扩展名应为 {RULE_SUFFIX}")
                raise ConfigError(f"规则目录 {path} 中没有 {RULE_SUFFIX} 规则文件", Location(str(path)), hint=hint)
            out.extend(found)
        else:
            out.append(path)
    return out


def _parse_all(paths: Iterable[Path], errors: list[LedgerlintError] | None = None
               ) -> tuple[dict[Path, ast.RuleFile], list[Path]]:
    """Every rule file below `paths` and their includes, parsed: (by resolved path, in dependency order).
    With `errors`, every error is appended there and the files that parse are still returned; without it,
    the first file with errors raises them."""
    parsed: dict[Path, ast.RuleFile] = {}
    order: list[Path] = []
    for path in rule_files(paths):
        _collect(path.resolve(), parsed, order, (), display=str(path), errors=errors)
    return parsed, order


def rule_infos(paths: Iterable[Path]) -> list[RuleInfo]:
    """Metadata of the rules in `paths` (id, severity, title, doc) in load order, from the parsed files only:
    syntax errors and duplicate ids raise as in `load_ruleset`; field names and types are not checked."""
    parsed, order = _parse_all(paths)
    infos: list[RuleInfo] = []
    seen: set[str] = set()
    for path in order:
        rule_file = parsed[path]
        set_name = rule_file.name or path.stem
        for rule in rule_file.rules:
            rule_id = f"{set_name}/{rule.name}"
            if rule_id in seen:
                loc = Location(rule_file.source, rule.name_span.line, rule.name_span.column,
                               rule.name_span.end_line, rule.name_span.end_column)
                raise RuleCompileError(f"规则 {rule_id} 重复定义", loc,
                                       context=caret_context(rule_file.text, rule.name_span), code="E301")
            seen.add(rule_id)
            try:
                severity = Severity.parse(rule.severity)
            except KeyError:
                raise _at(rule_file, rule.severity_span,
                          f"未知的严重级别 '{rule.severity}' (error|warning|info)", code="E208") from None
            infos.append(RuleInfo(rule_id, rule.title, severity, rule.doc, rule_file.source))
    return infos


def reviewed_patterns(parsed: Mapping[Path, ast.RuleFile], order: Iterable[Path]) -> frozenset[str]:
    """The text literals of the built-in rule files: their regular expressions were reviewed for linear-time
    matching (tests/test_regex_bounds.py), so they may run on Python's re. Any other pattern, including a
    parameter overridden on the command line, runs on RE2."""
    from checker.resources import builtin_rules_dir

    builtin = builtin_rules_dir().resolve()
    found: set[str] = set()
    for path in order:
        if path.parent == builtin:
            _string_literals(parsed[path], found)
    return frozenset(found)


def _string_literals(node: object, out: set[str]) -> None:
    if isinstance(node, ast.Literal):
        if node.kind == "str" and isinstance(node.value, str):
            out.add(node.value)
        return
    if isinstance(node, tuple):
        for child in node:
            _string_literals(child, out)
        return
    fields = getattr(node, "__dataclass_fields__", None)
    if fields is not None and not isinstance(node, ast.Span):
        for name in fields:
            _string_literals(getattr(node, name), out)


def load_ruleset(paths: Iterable[Path], overrides: Mapping[str, object] | None = None) -> RuleSet:
    """Parse, check and compile rule files. Raises RuleSyntaxError/RuleCompileError/ConfigError."""
    from checker.dsl.check import Checker, applies_to
    from checker.dsl.compile import CodegenError, Program, RuleCompiler
    from checker.dsl.schema import root_type

    overrides = dict(overrides or {})
    errors: list[LedgerlintError] = []
    parsed, order = _parse_all(paths, errors)
    trusted = reviewed_patterns(parsed, order)
    root = root_type()
    program = Program()
    generated: list[_Generated] = []
    seen: dict[str, Location] = {}
    params_in_force: dict[str, object] = {}
    used_overrides: set[str] = set()
    rejected: list[LedgerlintError] = []  # parameter values that cannot be used: reported after the rules
    for path in order:
        rule_file, let_errors = expand_lets(parsed[path])  # `let` names → their expressions
        errors.extend(let_errors)
        rule_file = english(rule_file)  # Chinese field names and status words → English
        set_name = rule_file.name or path.stem
        try:
            constants, types = _params(rule_file, set_name, parsed, path, overrides, used_overrides, rejected)
        except RuleCompileError as exc:
            errors.append(exc)
            continue
        params_in_force.update({f"{set_name}.{k}": v for k, v in constants.items()})
        checker = Checker(rule_file, root, types, constants, trusted)
        errors.extend(checker.check_lets(rule_file.lets))
        for rule in rule_file.rules:
            rule_id = f"{set_name}/{rule.name}"
            loc = Location(rule_file.source, rule.name_span.line, rule.name_span.column,
                           rule.name_span.end_line, rule.name_span.end_column)
            if rule_id in seen:
                errors.append(RuleCompileError(f"规则 {rule_id} 重复定义 (先前定义于 {seen[rule_id].short()})", loc,
                                               context=caret_context(rule_file.text, rule.name_span),
                                               hint="同一规则集中的规则名不能重复;请改名或删去其中一条",
                                               code="E301"))
                continue
            seen[rule_id] = loc
            problems = checker.check_rule(rule)
            if problems:
                errors.extend(problems)
                continue
            try:
                code = RuleCompiler(program, checker.types, constants, trusted).rule(rule.clauses)
            except (CodegenError, RecursionError) as exc:
                program.take_helpers()
                errors.append(_at(rule_file, rule.name_span, f"规则 {rule_id} 无法编译: {_why(exc)}"))
                continue
            info = RuleInfo(rule_id, rule.title, Severity.parse(rule.severity), rule.doc, rule_file.source)
            generated.append(_Generated(info, rule, code, applies_to(rule.applies, rule.applies_span), rule_file))
    compiled = _build(program, generated, errors)
    raise_all(errors, RuleErrors)
    if not compiled:
        # Fail closed: a run with no rule would report every input as clean.
        where = Location(parsed[order[-1]].source) if len(order) == 1 else None
        raise RuleCompileError("没有加载到任何规则:规则文件为空或只有注释、参数和 include", where,
                               hint="至少需要一条 rule;不指定 --rules 时使用内置规则")
    for name in sorted(set(overrides) - used_overrides):
        close = difflib.get_close_matches(name, list(params_in_force), n=1, cutoff=0.6)
        hint = f"是不是「{close[0]}」?" if close else f"可设置的参数: {', '.join(sorted(params_in_force)) or '(无)'}"
        rejected.append(ConfigError(f"未知的规则参数: {name}", hint=hint, code="E204"))
    # An included file's parameters are read with each file that includes it: each mistake once.
    raise_all(list({e.message: e for e in rejected}.values()))
    return RuleSet(tuple(compiled), params_in_force)


@dataclass(frozen=True)
class _Generated:
    """A checked rule whose code is generated, waiting for the one compile of the rule set."""

    info: RuleInfo
    rule: ast.Rule
    code: RuleCode
    applies: frozenset[str]
    rule_file: ast.RuleFile


def _build(program: Program, generated: list[_Generated], errors: list[LedgerlintError]) -> list[CompiledRule]:
    """Compile the generated code of all rules at once; should Python refuse it (a rule beyond its limits),
    compile rule by rule and report the ones refused as errors at their names."""
    from checker.dsl.compile import CodegenError, build, compiled_clauses

    def ready(g: _Generated, namespace: dict[str, object]) -> CompiledRule:
        return CompiledRule(g.info, compiled_clauses(namespace, g.code, g.rule.clauses), g.rule.tags, g.applies)

    try:
        namespace = build(program, "\n".join(g.code.source for g in generated))
        return [ready(g, namespace) for g in generated]
    except (CodegenError, SyntaxError, RecursionError, MemoryError, ValueError):
        pass
    out: list[CompiledRule] = []
    for g in generated:
        try:
            out.append(ready(g, build(program, g.code.source)))
        except (CodegenError, SyntaxError, RecursionError, MemoryError, ValueError) as exc:
            errors.append(_at(g.rule_file, g.rule.name_span, f"规则 {g.info.id} 无法编译: {_why(exc)}"))
    return out


def _why(exc: BaseException) -> str:
    """Why generated code was refused, in Chinese."""
    if isinstance(exc, (RecursionError, MemoryError, SyntaxError)):
        return "规则过于复杂(嵌套过深或过长)"
    reason = str(exc)
    return reason if not reason.isascii() else "规则包含无法编译的结构"


def _collect(path: Path, parsed: dict[Path, ast.RuleFile], order: list[Path], stack: tuple[Path, ...],
             display: str, at: Location | None = None, errors: list[LedgerlintError] | None = None) -> None:
    def fail(error: LedgerlintError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    if path in stack:
        fail(RuleSyntaxError("include 形成循环: " + " → ".join(p.name for p in stack + (path,)), at,
                             hint="被包含的文件又(直接或间接)包含了本文件;请去掉其中一个 include", code="E303"))
        return
    if path in parsed:
        return
    try:
        text = read_rule_text(path, display, at, included=at is not None)
    except RuleSyntaxError as exc:
        fail(exc)
        return
    rule_file, found = parse_rule_file_all(text, display)
    if found and path.suffix != RULE_SUFFIX:
        for problem in found:
            problem.context = None  # never quote a file that was not meant as a rule file
    if found:
        if errors is None:
            raise_all(list(found), RuleErrors)
        else:
            errors.extend(found)
    parsed[path] = rule_file
    for inc in rule_file.includes:
        target = (path.parent / inc.path).resolve()
        loc = Location(display, inc.span.line, inc.span.column, inc.span.end_line, inc.span.end_column)
        _collect(target, parsed, order, stack + (path,), str(Path(display).parent / inc.path), loc, errors)
    order.append(path)


def read_rule_text(path: Path, display: str, at: Location | None, *, included: bool) -> str:
    """The text of a rule file: a regular UTF-8 file of at most MAX_RULE_FILE_BYTES without NUL bytes.

    An include must name a `.rules` file (after following links). Errors never quote the file's content:
    an include of /etc/passwd or /proc/self/environ must not print a line of it. Raises RuleSyntaxError."""
    where = at or Location(display)
    if included and (Path(display).suffix != RULE_SUFFIX or path.suffix != RULE_SUFFIX):
        raise RuleSyntaxError(f"include 只能包含 {RULE_SUFFIX} 规则文件: {display}", where,
                              hint=f"被包含的文件(及其链接目标)的扩展名应为 {RULE_SUFFIX}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)  # a FIFO must not block
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise RuleSyntaxError(f"找不到规则文件 {display}", where, hint=f"查找的路径: {path}",
                              code="E302" if included else "E304") from None
    except PermissionError:
        raise RuleSyntaxError(f"没有读取规则文件的权限: {display}", where) from None
    except OSError as exc:
        raise RuleSyntaxError(f"无法读取规则文件 {display}: {os_reason(exc)}", where) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RuleSyntaxError(f"规则文件 {display} 不是普通文件(目录、设备或管道)", where)
        if info.st_size > MAX_RULE_FILE_BYTES:
            raise RuleSyntaxError(f"规则文件 {display} 过大,超过 {MAX_RULE_FILE_BYTES // (1024 * 1024)} MB", where)
        try:
            data = handle.read(MAX_RULE_FILE_BYTES + 1)  # /proc files say size 0 and may be longer
        except OSError as exc:
            raise RuleSyntaxError(f"无法读取规则文件 {display}: {os_reason(exc)}", where) from None
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleSyntaxError(f"规则文件 {display} 过大,超过 {MAX_RULE_FILE_BYTES // (1024 * 1024)} MB", where)
    text = decode_rule_bytes(data)
    if text is None:
        raise RuleSyntaxError(f"规则文件 {display} 的编码无法识别(不是 UTF-8、UTF-16 或 GBK/GB18030)", where,
                              hint="请以 UTF-8 编码保存规则文件", code="E304")
    if "\0" in text:
        raise RuleSyntaxError(f"{display} 不是文本规则文件(含 NUL 字符)", where, code="E304")
    return text


def decode_rule_bytes(data: bytes) -> str | None:
    """The text of a rule file saved as UTF-8 (with or without BOM), UTF-16 (Notepad's "Unicode", with a BOM,
    or without one when every other byte is NUL) or GBK/GB18030 (the Chinese Windows default), as notices are
    read; None when it is none of them."""
    import codecs

    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        return None
    if len(data) >= 4 and len(data) % 2 == 0:
        odd_nul, even_nul = data[1::2].count(0), data[0::2].count(0)
        half = len(data) // 2
        for nul, codec in ((odd_nul, "utf-16-le"), (even_nul, "utf-16-be")):
            other = even_nul if codec == "utf-16-le" else odd_nul
            if nul > half * 0.3 and nul > 2 * other:  # ASCII keywords put NULs on one side only
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    return None
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _params(rule_file: ast.RuleFile, set_name: str, parsed: dict[Path, ast.RuleFile], path: Path,
            overrides: Mapping[str, object], used: set[str], rejected: list[LedgerlintError],
            stack: tuple[Path, ...] = ()) -> tuple[dict[str, object], dict[str, Type]]:
    """Parameter values and types visible in a file: its includes' first, then its own (overridable). An
    override that cannot be used goes to `rejected` (a ConfigError), and the default stays."""
    from checker.dsl.types import Type, type_of_value

    constants: dict[str, object] = {}
    for inc in rule_file.includes:
        target = (path.parent / inc.path).resolve()
        included = parsed.get(target)
        if included is None or target in stack or target == path:
            continue  # an include that could not be read or forms a cycle: its error is already reported
        inc_consts, _ = _params(included, included.name or Path(inc.path).stem, parsed,
                                target, overrides, used, rejected, (*stack, path))
        constants.update(inc_consts)
    for param in rule_file.params:
        value = _literal(param.value, rule_file)
        key = f"{set_name}.{param.name}"
        for name in (key, param.name):
            if name in overrides:
                new = overrides[name]
                used.add(name)
                try:
                    _check_override(name, new, value)
                except ConfigError as exc:
                    rejected.append(exc)
                    continue
                value = new
        constants[param.name] = value
    types = {name: type_of_value(v) or Type("any") for name, v in constants.items()}
    return constants, types


def _literal(node: ast.Expr, rule_file: ast.RuleFile) -> object:
    from checker.dsl.types import type_of_value

    if isinstance(node, ast.Literal):
        return node.value
    if isinstance(node, ast.Unary) and node.op == "-" and isinstance(node.operand, ast.Literal):
        value = node.operand.value
        # Only numbers and durations have a negative; -"文本", -true and -2024-01-01 are errors, not crashes.
        if isinstance(value, (int, float, dt.timedelta)) and not isinstance(value, bool):
            return -value
        raise _at(rule_file, node.span, "负号只能用于数字或时长")
    if isinstance(node, ast.ListExpr):
        values = [_literal(i, rule_file) for i in node.items]
        if type_of_value(values) is None:
            raise _at(rule_file, node.span, "列表参数的元素类型应一致")
        return values
    raise _at(rule_file, node.span, "参数的默认值必须是常量(文本、数字、日期、时长或它们的列表)")


def _check_override(name: str, new: object, default: object) -> None:
    """A parameter set on the command line or in a config must have the default's type and a usable value:
    finite numbers within range, durations within range (Infinity would turn a tolerance check off)."""
    from checker.dsl.parse import MAX_DURATION_DAYS, MAX_NUMBER
    from checker.dsl.types import ListType, base, type_of_value

    want, got = type_of_value(default), type_of_value(new)
    if got is None or want is None:
        raise ConfigError(f"参数 {name} 的值无效: {_shown(new)}",
                          hint="可用的值: 文本、数字、日期、时长(如 30d)或它们的列表")
    same = base(want) == base(got) or (isinstance(want, ListType) and isinstance(got, ListType)
                                       and base(got.elem) in (base(want.elem), "any"))
    if not same:
        raise ConfigError(f"参数 {name} 应为{want.describe()},得到{got.describe()}: {_shown(new)}",
                          hint=f"默认值为 {_shown(default)}")
    for value in new if isinstance(new, (list, tuple)) else (new,):
        if isinstance(value, float) and not math.isfinite(value) or (
                isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_NUMBER):
            raise ConfigError(f"参数 {name} 的值超出范围: {_shown(value)}",
                              hint=f"应为有限的数字,绝对值不超过 {MAX_NUMBER:.0e}")
        if isinstance(value, dt.timedelta) and abs(value.days) > MAX_DURATION_DAYS:
            raise ConfigError(f"参数 {name} 的时长超出范围: {value.days} 天", hint=f"不超过 {MAX_DURATION_DAYS} 天")


def _shown(value: object) -> str:
    """A parameter value as a user wrote it (never Python's repr)."""
    if isinstance(value, dt.timedelta):
        return f"{value.days}d"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, str):
        return f"“{value[:60]}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _at(rule_file: ast.RuleFile, span: ast.Span, message: str, code: str = "E206") -> RuleCompileError:
    loc = Location(rule_file.source, span.line, span.column, span.end_line, span.end_column)
    return RuleCompileError(message, loc, context=caret_context(rule_file.text, span), code=code)
