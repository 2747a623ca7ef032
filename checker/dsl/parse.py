"""Rule file text → AST. Lark shapes the tree; this module only builds nodes and explains syntax errors."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import __version__
from checker.dsl import ast, cache
from checker.errors import RuleErrors, RuleSyntaxError
from checker.location import Location
from checker.location import caret_context as location_caret
from checker.resources import grammar_path

# lark is imported where a rule file is parsed, not here: a run whose rule files are all in the parse cache
# (checker.dsl.cache) never needs it, and importing it costs more than the rest of a small lint.
if TYPE_CHECKING:
    from collections.abc import Callable

    from lark import Lark, Token, Transformer, UnexpectedInput
    from lark.tree import Meta, Tree


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    """The LALR parser, built once per process (immutable)."""
    # No cache=True: Lark's cache is a pickle at a predictable name in the shared temp folder, which another
    # local user could plant. Building the tables takes well under a tenth of a second.
    from lark import Lark

    return Lark(_grammar_text(), parser="lalr", start=["start", "expr"],
                propagate_positions=True, maybe_placeholders=True)


def _span(meta: Meta) -> ast.Span:
    return ast.Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _tok_span(tok: Token) -> ast.Span:
    return ast.Span(tok.line, tok.column, tok.end_line, tok.end_column)  # type: ignore[arg-type]  # lark positions every token


def _string_value(tok: Token) -> str:
    """The value of a STRING token: r"raw", \"\"\"triple\"\"\" (dedented) or an escaped string."""
    text = str(tok)
    raw = text.startswith("r")
    if raw:
        text = text[1:]
    if text.startswith('"""'):
        body = text[3:-3]
        lines = body.split("\n")
        indents = [len(ln) - len(ln.lstrip()) for ln in lines[1:] if ln.strip()]
        cut = min(indents, default=0)
        body = "\n".join([lines[0]] + [ln[cut:] for ln in lines[1:]]).strip()
        return body if raw else _unescape(body)
    body = text[1:-1]
    if text.startswith("'"):
        body = body.replace("\\'", "'") if not raw else body
        return body if raw else _unescape(body.replace('"', '\\"'))
    return body if raw else _unescape(body)


class _EscapeError(ValueError):
    """A string literal with an escape that means nothing; the message is Chinese."""


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v", "\n": ""}
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}


def _unescape(body: str) -> str:
    """Python-style escapes, decided here rather than by eval: \\n \\t \\" \\xHH \\uXXXX \\UXXXXXXXX \\N{名称}.
    Another backslash pair is kept as written (regexes such as "\\d" in a plain string); a malformed
    escape raises _EscapeError."""
    if "\\" not in body:
        return body
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= n:
            raise _EscapeError("字符串以单个反斜杠结尾")
        nxt = body[i + 1]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in _HEX_LENGTH:
            digits = body[i + 2:i + 2 + _HEX_LENGTH[nxt]]
            if len(digits) != _HEX_LENGTH[nxt] or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise _EscapeError(f"转义 \\{nxt} 后应有 {_HEX_LENGTH[nxt]} 位十六进制数字")
            code = int(digits, 16)
            if code > 0x10FFFF:
                raise _EscapeError(f"转义 \\{nxt}{digits} 超出 Unicode 范围")
            out.append(chr(code))
            i += 2 + len(digits)
        elif nxt == "N":
            end = body.find("}", i)
            if not body.startswith("{", i + 2) or end < 0:
                raise _EscapeError("转义 \\N 应写作 \\N{字符名称}")
            try:
                out.append(unicodedata.lookup(body[i + 3:end]))
            except KeyError:
                raise _EscapeError(f"未知的字符名称 \\N{{{body[i + 3:end][:40]}}}") from None
            i = end + 1
        else:
            out.append(body[i:i + 2])
            i += 2
    return "".join(out)


MAX_NUMBER = 10 ** 15  # larger literals are not counts, sums or rates of any ledger
MAX_DURATION_DAYS = 36_600  # a hundred years
MAX_DEPTH = 100  # nesting of expressions (and chains count too); the checker and compiler recurse per level


_COMPARE = {"==", "!=", "<", "<=", ">", ">="}


class _BuilderMethods:
    """Builds AST nodes from the Lark tree; decides nothing about meaning. The methods of _builder(), which
    makes them a lark Transformer when a file is first parsed."""

    source: str
    text: str

    # literals and names
    def string(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Literal(self._string(children[0]), "str", _span(meta))

    def _string(self, tok: Token) -> str:
        """The value of a string token; a malformed escape is an error at the token."""
        try:
            return _string_value(tok)
        except _EscapeError as exc:
            raise _error(f"无效的转义: {exc}", self.source, self.text, _tok_span(tok),
                         "反斜杠本身请写作 \\\\;正则表达式可写成 r\"…\"", code="E107") from None

    def number(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        text = str(children[0])
        whole = text.split(".", 1)[0].lstrip("0")
        if len(whole) > len(str(MAX_NUMBER)) or (int(whole or "0") > MAX_NUMBER):
            raise _error(f"数字超出范围: {text[:24]}{'…' if len(text) > 24 else ''}", self.source, self.text,
                         _span(meta), f"数字的绝对值不能超过 {MAX_NUMBER:.0e}", code="E107")
        return ast.Literal(float(text) if "." in text else int(text), "num", _span(meta))

    def date(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        try:
            value = dt.date.fromisoformat(str(children[0]))
        except ValueError:
            raise _error(f"无效的日期 {children[0]}", self.source, self.text, _span(meta),
                         "日期写作 YYYY-MM-DD,例如 2023-03-16", code="E104") from None
        return ast.Literal(value, "date", _span(meta))

    def duration(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        text = str(children[0])
        digits = text[:-1].lstrip("0")
        days = int(digits or "0") * (7 if text.endswith("w") else 1) if len(digits) <= 9 else MAX_DURATION_DAYS + 1
        if days > MAX_DURATION_DAYS:
            raise _error(f"时长超出范围: {text[:24]}", self.source, self.text, _span(meta),
                         f"时长不能超过 {MAX_DURATION_DAYS} 天(约一百年)", code="E105")
        return ast.Literal(dt.timedelta(days=days), "duration", _span(meta))

    def true(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Literal(True, "bool", _span(meta))

    def false(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Literal(False, "bool", _span(meta))

    def name(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Name(str(children[0]), _span(meta))

    def list_(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.ListExpr(tuple(c for c in children if c is not None), _span(meta))

    def attr(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Attr(children[0], str(children[1]), _span(meta))

    def index(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Index(children[0], children[1], _span(meta))

    # operators
    def neg(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Unary("-", children[0], _span(meta))

    def not_(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Unary("not", children[0], _span(meta))

    def binop(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary(str(children[1]), children[0], children[2], _span(meta))

    def compare(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary(str(children[1]), children[0], children[2], _span(meta))

    def and_(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary("and", children[0], children[1], _span(meta))

    def or_(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary("or", children[0], children[1], _span(meta))

    def implies(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary("implies", children[0], children[1], _span(meta))

    def matches(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary("matches", children[0], children[1], _span(meta))

    def contains(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary("contains", children[0], children[1], _span(meta))

    def member(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary("in", children[0], children[1], _span(meta))

    def not_member(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Binary("not in", children[0], children[1], _span(meta))

    def test(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Test(children[0], str(children[1]), False, _span(meta))

    def not_test(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Test(children[0], str(children[1]), True, _span(meta))

    def call(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        args = tuple(c for c in children[1:] if c is not None)
        return ast.Call(str(children[0]), args, _span(meta))

    def comp_tail(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return tuple(children)

    def comprehension(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        func, var, iterable, (where, value) = children
        return ast.Comprehension(str(func), str(var), iterable, where, value, _span(meta))

    # statements
    def generator(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Generator(str(children[0]), children[1], children[2], _span(meta))

    def for_part(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("for", tuple(children))

    def when_part(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("when", children[0])

    def check(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("check", str(children[0]) == "forbid", children[1])

    def at_part(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("at", children[0], children[1])

    def severity_part(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("severity", (str(children[0]), _tok_span(children[0])))

    def message_part(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("message", parse_template(children[0], self.source, self.text))

    def clause(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        parts = {c[0]: c for c in children if isinstance(c, tuple)}
        _, forbid, check = parts["check"]
        at = parts.get("at")
        return ast.Clause(
            generators=parts["for"][1] if "for" in parts else (),
            when=parts["when"][1] if "when" in parts else None,
            forbid=forbid,
            check=check,
            at=at[1] if at else None,
            at_match=at[2] if at else None,
            severity=parts["severity"][1] if "severity" in parts else None,
            message=parts["message"][1],
            span=_span(meta),
            lets=tuple(c for c in children if isinstance(c, ast.Let)),
        )

    def doc(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("doc", self._string(children[0]))

    def tags(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("tags", tuple(str(c) for c in children))

    def applies(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("applies", tuple(str(c) for c in children), _span(meta))

    def let(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Let(str(children[0]), children[1], _span(meta), _tok_span(children[0]))

    def rule(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        name, severity, title, *rest = children
        doc = next((c[1] for c in rest if isinstance(c, tuple) and c[0] == "doc"), "")
        tags = next((c[1] for c in rest if isinstance(c, tuple) and c[0] == "tags"), ())
        applies = next((c for c in rest if isinstance(c, tuple) and c[0] == "applies"), None)
        clauses = tuple(c for c in rest if isinstance(c, ast.Clause))
        lets = tuple(c for c in rest if isinstance(c, ast.Let))
        return ast.Rule(str(name), str(severity), self._string(title), doc, tags, clauses, _span(meta),
                        _tok_span(name), _tok_span(severity), lets,
                        applies[1] if applies else (), applies[2] if applies else None)

    def param(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Param(str(children[0]), children[1], _span(meta))

    def include(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ast.Include(self._string(children[0]), _span(meta))

    def ruleset_decl(self, meta: Meta, children: list[Any]) -> Any:  # noqa: D102
        return ("ruleset", str(children[0]), self._string(children[1]) if children[1] else "")


_HOLE = re.compile(r"\{([^{}]*)\}")


@functools.lru_cache(maxsize=1)
def _builder_class() -> Callable[[str, str], Transformer[Any, Any]]:
    """The Transformer with _BuilderMethods' methods as its own (v_args passes over inherited methods)."""
    from lark import Transformer, v_args

    def __init__(self: Any, source: str, text: str) -> None:
        Transformer.__init__(self)
        self.source = source
        self.text = text

    namespace = {k: v for k, v in vars(_BuilderMethods).items() if k not in ("__dict__", "__weakref__")}
    namespace["__init__"] = __init__
    made = type("_Builder", (Transformer,), namespace)
    builder: Callable[[str, str], Transformer[Any, Any]] = v_args(meta=True)(made)
    return builder


def _builder(source: str, text: str) -> Transformer[Any, Any]:
    """A transformer building the AST of rule file `source` (whose text is `text`)."""
    return _builder_class()(source, text)


def parse_template(tok: Token, source: str, text: str) -> ast.Template:
    """Split a message string into literal text and `{expression}` holes, each parsed as an expression."""
    raw = str(tok)
    body_offset = (1 if raw.startswith("r") else 0) + (3 if raw.lstrip("r").startswith('"""') else 1)
    try:
        value = _string_value(tok)
    except _EscapeError as exc:
        raise _error(f"无效的转义: {exc}", source, text, _tok_span(tok), "反斜杠本身请写作 \\\\", code="E107") from None
    parts: list[str | ast.Expr] = []
    pos = 0
    for m in _HOLE.finditer(value):
        if m.start() > pos:
            parts.append(value[pos:m.start()])
        # Holes are located assuming the message is a one-line string without escapes (the usual case).
        col = tok.column + body_offset + m.start(1)  # type: ignore[operator]  # lark positions every token
        hole_span = ast.Span(tok.line, col, tok.line, col + len(m.group(1)))  # type: ignore[arg-type]  # as above
        parts.append(_parse_expr(m.group(1), source, text, hole_span))
        pos = m.end()
    if pos < len(value):
        parts.append(value[pos:])
    return ast.Template(tuple(parts), _tok_span(tok))


def _parse_expr(expr_text: str, source: str, text: str, span: ast.Span) -> ast.Expr:
    from lark import UnexpectedInput

    try:
        tree = _parser().parse(expr_text, start="expr")
    except UnexpectedInput as exc:
        col = span.column + max(getattr(exc, "column", 1) - 1, 0)
        raise _error(f"消息模板中的表达式无法解析: {{{expr_text}}}", source, text,
                     ast.Span(span.line, col, span.line, col + 1),
                     "花括号中应是一个表达式,例如 {issue.title}") from None
    _check_depth(tree, source, text, span)
    return _shift(_builder(source, text).transform(tree), span)


def _shift(node: ast.Expr, base: ast.Span) -> ast.Expr:
    """Re-anchor spans of an expression parsed from a message hole onto the rule file."""
    import dataclasses

    def move(s: ast.Span) -> ast.Span:
        return ast.Span(base.line, base.column + s.column - 1, base.line, base.column + s.end_column - 1)

    changes: dict[str, object] = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if f.name == "span":
            changes[f.name] = move(value)
        elif dataclasses.is_dataclass(value) and hasattr(value, "span"):
            changes[f.name] = _shift(value, base)  # type: ignore[arg-type]  # a node: it has a span
        elif isinstance(value, tuple) and value and all(hasattr(v, "span") for v in value):
            changes[f.name] = tuple(_shift(v, base) for v in value)
    return dataclasses.replace(node, **changes)  # type: ignore[arg-type]  # fields of the node's own class


def parse_rule_file(text: str, source: str) -> ast.RuleFile:
    """Parse one rule file; raises RuleSyntaxError with file:line:col, a caret, a code and a hint (RuleErrors
    with all of them when the file has several).

    A successful parse is kept in the user's cache folder as plain data (see checker.dsl.cache for what is
    trusted), so the built-in rules cost a file read on later runs instead of a parse.
    """
    parsed, errors = parse_rule_file_all(text, source)
    if errors:
        raise errors[0] if len(errors) == 1 else RuleErrors(list(errors))
    return parsed


def parse_rule_file_all(text: str, source: str) -> tuple[ast.RuleFile, list[RuleSyntaxError]]:
    """Parse one rule file, recovering after each error: the statements that parse, and every syntax error
    (in file order, at most MAX_ERRORS). Only a file without errors is cached."""
    fingerprint = _builder_fingerprint()
    cached = cache.load(text, source, fingerprint)
    if cached is not None:
        return cached, []
    parsed, errors = _parse_recovering(text, source)
    if not errors:
        cache.store(parsed, fingerprint)
    return parsed, errors


@functools.lru_cache(maxsize=1)
def _builder_fingerprint() -> str:
    """What a cached AST depends on besides the rule text: the version, the grammar and the AST code."""
    parts = [__version__, _grammar_text()]
    parts += [Path(str(module.__file__)).read_text(encoding="utf-8") for module in (ast, cache, sys.modules[__name__])]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _grammar_text() -> str:
    return grammar_path().read_text(encoding="utf-8")


def _check_depth(tree: Tree, source: str, text: str, offset: ast.Span | None = None) -> None:
    """Refuse nesting deeper than MAX_DEPTH before anything recursive walks the tree (a located error,
    never a RecursionError). Iterative on purpose."""
    from lark.tree import Tree

    stack: list[tuple[Any, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Tree):
            continue
        if depth > MAX_DEPTH:
            meta = node.meta
            line = getattr(meta, "line", 1) if not getattr(meta, "empty", True) else 1
            column = getattr(meta, "column", 1) if not getattr(meta, "empty", True) else 1
            if offset is not None:
                line, column = offset.line, offset.column + column - 1
            raise _error(f"表达式嵌套过深(超过 {MAX_DEPTH} 层)", source, text, ast.Span(line, column, line, column + 1),
                         "请把条件拆成几条检查,或减少括号、not 和连续 and/or 的层数", code="E108")
        stack.extend((child, depth + 1) for child in node.children)


MAX_ERRORS = 50  # a file with more is reported up to here
_TOP_LEVEL = re.compile(r"^(?:rule|param|let|include|ruleset)\b", re.MULTILINE)


def _parse_rule_file(text: str, source: str) -> ast.RuleFile:
    """Parse without the cache; raises the errors (RuleErrors when there are several)."""
    parsed, errors = _parse_recovering(text, source)
    if errors:
        raise errors[0] if len(errors) == 1 else RuleErrors(list(errors))
    return parsed


def _parse_recovering(text: str, source: str) -> tuple[ast.RuleFile, list[RuleSyntaxError]]:
    """Parse, and after a syntax error blank the statement it is in (positions kept) and parse again, so one
    run reports every broken statement; the statements that parse are built one by one for the same reason."""
    from lark import UnexpectedInput

    errors: list[RuleSyntaxError] = []
    work = text
    tree: Tree | None = None
    while len(errors) < MAX_ERRORS:
        try:
            tree = _parser().parse(work, start="start")
            break
        except UnexpectedInput as exc:
            errors.append(_syntax_error(exc, text, source))
            start, end = _statement_around(work, _error_offset(exc, work))
            blanked = work[:start] + re.sub(r"[^\n]", " ", work[start:end]) + work[end:]
            if blanked == work:
                break
            work = blanked
    name, title = None, ""
    includes: list[ast.Include] = []
    params: list[ast.Param] = []
    lets: list[ast.Let] = []
    rules: list[ast.Rule] = []
    builder = _builder(source, text)
    for child in tree.children if tree is not None else ():
        try:
            _check_depth(child, source, text)
            item = builder.transform(child)
        except RuleSyntaxError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # lark wraps errors raised inside the transformer (twice for message holes)
            inner: BaseException = exc
            while getattr(inner, "orig_exc", None) is not None:
                inner = inner.orig_exc  # type: ignore[attr-defined]  # lark's VisitError: orig_exc checked just above
            if isinstance(inner, RuleSyntaxError):
                errors.append(inner)
                continue
            raise
        if isinstance(item, tuple) and item[0] == "ruleset":
            name, title = item[1], item[2]
        elif isinstance(item, ast.Include):
            includes.append(item)
        elif isinstance(item, ast.Param):
            params.append(item)
        elif isinstance(item, ast.Let):
            lets.append(item)
        elif isinstance(item, ast.Rule):
            rules.append(item)
    errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))
    return ast.RuleFile(source, text, name, title, tuple(includes), tuple(params), tuple(rules),
                         tuple(lets)), errors


def _error_offset(exc: UnexpectedInput, text: str) -> int:
    """Where in `text` the parser stopped."""
    from lark import UnexpectedEOF, UnexpectedToken

    if isinstance(exc, UnexpectedEOF):
        return len(text)
    if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
        return len(text)
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None and isinstance(exc, UnexpectedToken):
        pos = exc.token.start_pos
    return min(int(pos or 0), len(text))


def _statement_around(text: str, pos: int) -> tuple[int, int]:
    """The top-level statement (rule, param, include, ruleset: a line starting with its keyword) holding
    offset `pos`. A stop right at a statement's keyword means the one before it was left unfinished."""
    starts = [m.start() for m in _TOP_LEVEL.finditer(text)]
    earlier = [s for s in starts if s < pos]
    if pos in starts and earlier:
        return earlier[-1], pos
    start = max((s for s in starts if s <= pos), default=0)
    end = min((s for s in starts if s > pos), default=len(text))
    return start, max(end, min(pos + 1, len(text)))


_TOKEN_WORDS = {
    "MESSAGE": "message", "REQUIRE": "require", "FORBID": "forbid", "STRING": "字符串(\"…\")", "NAME": "名称",
    "RULE_ID": "规则名(小写字母、数字和 -)", "RPAR": "右括号 )", "LPAR": "左括号 (", "RSQB": "右方括号 ]",
    "LSQB": "左方括号 [", "COMMA": "逗号 ,", "COLON": "冒号 :", "DOT": "点 .", "NUMBER": "数字", "DATE": "日期",
    "DURATION": "时长(如 180d)", "COMP_OP": "比较运算符(== != < <= > >=)", "WHERE": "where", "IN": "in",
    "AT": "at", "SEVERITY": "severity", "FOR": "for", "WHEN": "when", "RULE": "rule", "DOC": "doc", "TAGS": "tags",
    "EQUAL": "等号 =", "TEST": "missing、present 或 empty", "IS": "is", "ADD_OP": "+ 或 -", "MUL_OP": "* / %",
    "MATCH": "match", "NOT": "not", "AND": "and", "OR": "or", "IMPLIES": "implies", "MATCHES": "matches",
    "CONTAINS": "contains", "MINUS": "-", "PARAM": "param", "INCLUDE": "include", "RULESET": "ruleset",
    "TRUE": "true", "FALSE": "false", "LET": "let", "APPLIES": "applies", "$END": "文件结尾",
}

# Full-width punctuation typed in a Chinese input method, and the half-width character the language wants.
FULL_WIDTH = {"：": ":", "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "，": ",", "、": ",",
              "＝": "=", "＞": ">", "＜": "<", "！": "!", "［": "[", "］": "]", "｛": "{", "｝": "}", "＋": "+",
              "－": "-", "＊": "*", "／": "/", "％": "%", "．": ".", "　": "空格"}
_CLAUSE_WORDS = {"FOR": "for", "WHEN": "when", "REQUIRE": "require", "FORBID": "forbid", "AT": "at",
                 "SEVERITY": "severity", "MESSAGE": "message", "WHERE": "where"}
CLAUSE_ORDER = "一条检查的子句依次为: for … where …、when …、require 或 forbid …、at …、severity …、message \"…\""


def _syntax_error(exc: UnexpectedInput, text: str, source: str) -> RuleSyntaxError:
    """A located error for what the parser could not read, with a code and a hint for the usual mistakes."""
    from lark import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    line = getattr(exc, "line", None) or 1
    column = getattr(exc, "column", None) or 1
    lines = text.split("\n")
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        stripped = text.rstrip().split("\n")
        line, column = len(stripped), len(stripped[-1]) + 1
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    expected = sorted(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or [])
    words = list(dict.fromkeys(_TOKEN_WORDS.get(e, e.lower()) for e in expected if not e.startswith("__")))
    span = ast.Span(line, column, line, column + 1)

    def err(message: str, hint: str | None, code: str = "E101") -> RuleSyntaxError:
        return _error(message, source, text, span, hint, code=code)

    if isinstance(exc, UnexpectedCharacters):
        char = current[column - 1] if 0 < column <= len(current) else ""
        if char in FULL_WIDTH:
            half = FULL_WIDTH[char]
            if char == "　":
                return err("全角空格", "请改用半角空格(英文输入法下的空格键)", "E103")
            what = "字符串请用半角引号" if half in "\"'" else "请改用半角的"
            return err(f"全角标点 '{char}'", f"{what} '{half}'(切换到英文输入法输入)", "E103")
        if char in "\"'":
            return err("字符串没有结束引号", f"请在本行内补上结束的 {char};跨行的文字请写成 \"\"\"…\"\"\"", "E102")
        return err(f"语法错误: 无法识别的字符 '{char}'", "此处应为: " + "、".join(words[:8]) if words else None)
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        token = exc.token
        before = current[: column - 1]
        if token.type in ("NAME", "RULE_ID") and re.search(r"\d$", before):
            digits = re.search(r"\d+$", before).group(0)  # type: ignore[union-attr]  # searched just above
            span = ast.Span(line, column - len(digits), line, column + len(str(token)))
            return _error(f"无效的时长 '{digits}{token}'", source, text, span,
                          "时长的单位只有 d(天)和 w(周),例如 180d、26w;半年请写作 183d", code="E105")
        at_boundary = any(e in _CLAUSE_WORDS for e in expected)  # a clause could end here
        if token.type in _CLAUSE_WORDS and token.type not in expected and at_boundary:
            missing = ";前一条检查还缺少 message" if "MESSAGE" in expected else ""
            return err(f"子句顺序错误: 此处不能是 '{token}'", CLAUSE_ORDER + missing, "E106")
        got = f"意外的 '{token}'"
    else:
        got = "文件意外结束"
    hint = _hint(expected, text, line, column)
    if words and not hint:
        hint = "此处应为: " + "、".join(words[:8])
    return err(f"语法错误: {got}", hint)


def _hint(expected: list[str], text: str, line: int, column: int) -> str | None:
    """Friendly hints for the mistakes rule authors make most."""
    current = text.split("\n")[line - 1] if 0 < line <= len(text.split("\n")) else ""
    before = current[: column - 1]
    if before.rstrip().endswith(('"', "'")) and before.count('"') % 2 == 0 and '"' in before:
        return "字符串在此处提前结束了:字符串中的引号请写作 \\\" ,或在双引号字符串里改用单引号 '…'"
    if re.search(r"[^=!<>]=[^=]", current) and "COMP_OP" in expected:
        return "比较相等请用 =="
    if "MESSAGE" in expected and not any(e in expected for e in ("REQUIRE", "FORBID")):
        return "每条检查以 message \"...\" 结束"
    if ("REQUIRE" in expected or "FORBID" in expected) and not any(e in expected for e in ("COMP_OP", "DOT")):
        return "每条检查需要 require 条件(或 forbid 条件),例如: require issue.deadline is present"
    return None


def caret_context(text: str, span: ast.Span) -> str:
    """The source line of a span with carets under it."""
    return location_caret(text, span.line, span.column, span.end_column if span.end_line == span.line else None)


def _error(message: str, source: str, text: str, span: ast.Span, hint: str | None,
           code: str = "E101") -> RuleSyntaxError:
    loc = Location(source, span.line, span.column, span.end_line, span.end_column)
    return RuleSyntaxError(message, loc, hint=hint, context=caret_context(text, span), code=code)


__all__ = ["parse_rule_file", "parse_rule_file_all", "parse_template", "caret_context"]
