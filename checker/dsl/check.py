"""Static checking of a rule file: names and fields against the schema, types of every expression.

The result is a map from node to type that the compiler uses; every mistake is a RuleCompileError at the
node's span with a caret and, for names, a "did you mean".
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass

from checker.dsl import ast
from checker.dsl.builtins import BUILTINS, COMPREHENSIONS, PatternError, compile_pattern
from checker.dsl.parse import caret_context
from checker.dsl.types import ANY, BOOL, DATE, DURATION, NUM, STR, EnumType, ListType, ObjType, Type, base
from checker.errors import RuleCompileError
from checker.findings import Severity
from checker.location import Location

TypeMap = dict[int, Type]


@dataclass(frozen=True)
class _Scope:
    """Variables bound by `for` and comprehensions, innermost last."""

    vars: tuple[tuple[str, Type], ...] = ()

    def bind(self, name: str, t: Type) -> _Scope:
        return _Scope(self.vars + ((name, t),))

    def lookup(self, name: str) -> Type | None:
        for n, t in reversed(self.vars):
            if n == name:
                return t
        return None


class Checker:
    """Type-checks the rules of one file against the root type and the parameter types."""

    def __init__(self, rule_file: ast.RuleFile, root: ObjType, params: dict[str, Type], constants: dict[str, object],
                 trusted_patterns: frozenset[str] = frozenset()):
        self.file = rule_file
        self.trusted_patterns = trusted_patterns
        self.root = root
        self.params = params
        self.constants = constants  # parameter values, so regexes given as parameters are checked too
        self.types: TypeMap = {}

    def fail(self, message: str, span: ast.Span, hint: str | None = None, code: str = "E206") -> RuleCompileError:
        """An error at `span` of this rule file; `code` says its kind (E206: types do not fit)."""
        loc = Location(self.file.source, span.line, span.column, span.end_line, span.end_column)
        return RuleCompileError(message, loc, hint=hint, context=caret_context(self.file.text, span), code=code)

    def check_rule(self, rule: ast.Rule) -> list[RuleCompileError]:
        """Check one rule: severity words, every clause, every message. Returns the errors, the first of each
        clause (a clause stops at its first mistake: later ones would mostly follow from it)."""
        errors: list[RuleCompileError] = []
        try:
            self._severity(rule.severity, rule.severity_span)
        except RuleCompileError as exc:
            errors.append(exc)
        errors.extend(self.check_lets(rule.lets))
        if rule.applies_span is not None:
            try:
                applies_to(rule.applies, rule.applies_span, self.fail)
            except RuleCompileError as exc:
                errors.append(exc)
        for clause in rule.clauses:
            try:
                self._check_clause(clause)
            except RuleCompileError as exc:
                errors.append(exc)
        return errors

    def check_lets(self, lets: tuple[ast.Let, ...]) -> list[RuleCompileError]:
        """Type-check `let` values (already expanded: checker.dsl.lets) where they are defined, outside any
        `for`, so one that is never used is checked too. Returns the errors, one per `let`."""
        errors: list[RuleCompileError] = []
        for let in lets:
            try:
                self.expr(let.value, _Scope())
            except RuleCompileError as exc:
                errors.append(exc)
        return errors

    def _check_clause(self, clause: ast.Clause) -> None:
        """Check one clause; raises its first mistake."""
        scope = _Scope()
        for gen in clause.generators:
            scope = self._generator(gen, scope)
        for let in clause.lets:  # already expanded where used; checked here too, in the loop's scope
            self.expr(let.value, scope)
        if clause.when is not None:
            self.expr(clause.when, scope)
        self.expr(clause.check, scope)
        if clause.at is not None:
            self._locatable(clause.at, scope)
        if clause.at_match is not None:
            self._regex_operand(clause.at_match, scope)
        if clause.severity is not None:
            self._severity(*clause.severity)
        for part in clause.message.parts:
            if not isinstance(part, str):
                self._message_value(part, scope)

    def _message_value(self, node: ast.Expr, scope: _Scope) -> None:
        """A message may show ledger values (text, numbers, dates, lists of them), never a whole object."""
        t = self.expr(node, scope)
        elem = t.elem if isinstance(t, ListType) else t
        if isinstance(elem, ObjType) or elem == ANY:
            what = t.describe() if isinstance(elem, ObjType) else "类型无法确定的值"
            raise self.fail(f"消息中只能插入文本、数字、日期等值,'{_text(node)}' 是{what}", node.span,
                            "请写出要显示的字段,例如 {issue.title}")

    def _severity(self, word: str, span: ast.Span) -> None:
        try:
            Severity.parse(word)
        except KeyError:
            close = difflib.get_close_matches(word.lower(), ["error", "warning", "info"], n=1)
            hint = f"是否想写 '{close[0]}'?" if close else "可用的级别: error、warning、info"
            raise self.fail(f"未知的严重级别 '{word}' (error|warning|info)", span, hint, "E208") from None

    def _generator(self, gen: ast.Generator, scope: _Scope) -> _Scope:
        if gen.var.startswith("_"):
            raise self.fail(f"名称不能以下划线开头: '{gen.var}'", gen.span)
        t = self.expr(gen.iterable, scope)
        if not isinstance(t, ListType) and t != ANY:
            raise self.fail(f"for 只能遍历列表,'{_text(gen.iterable)}' 是{t.describe()}", gen.iterable.span)
        inner = scope.bind(gen.var, t.elem if isinstance(t, ListType) else ANY)
        if gen.where is not None:
            self.expr(gen.where, inner)
        return inner

    def _locatable(self, node: ast.Expr, scope: _Scope) -> None:
        if not isinstance(node, (ast.Name, ast.Attr, ast.Index)):
            raise self.fail("at 后应是一个字段路径,例如 at issue.owner", node.span)
        self.expr(node, scope)

    def _regex_operand(self, node: ast.Expr, scope: _Scope) -> None:
        t = self.expr(node, scope)
        if isinstance(t, ListType) and base(t.elem) in ("str", "any"):
            return  # a word list: matches when the text contains one of the words
        if base(t) not in ("str", "any"):
            raise self.fail(f"正则表达式应为文本或词语列表,得到{t.describe()}", node.span)
        pattern = node.value if isinstance(node, ast.Literal) else None
        if isinstance(node, ast.Name) and node.id in self.constants:
            pattern = self.constants[node.id]
        if isinstance(pattern, str):
            try:
                compile_pattern(pattern, self.trusted_patterns)
            except PatternError as exc:
                raise self.fail(str(exc), node.span, "规则中的正则表达式由 RE2 执行(匹配时间与文本长度成正比)",
                                "E207") from None

    def expr(self, node: ast.Expr, scope: _Scope) -> Type:
        """Type of an expression (recorded in self.types); raises on the first mistake."""
        t = self._infer(node, scope)
        self.types[id(node)] = t
        return t

    def _infer(self, node: ast.Expr, scope: _Scope) -> Type:  # noqa: C901 - one case per node type
        if isinstance(node, ast.Literal):
            return {"str": STR, "num": NUM, "date": DATE, "duration": DURATION, "bool": BOOL}[node.kind]
        if isinstance(node, ast.Name):
            return self._name(node, scope)
        if isinstance(node, ast.Attr):
            if node.name.startswith("_"):
                raise self.fail(f"字段名不能以下划线开头: '{node.name}'", _tail_span(node))
            obj = self.expr(node.obj, scope)
            if obj == ANY:
                # A value of unknown type could be anything at run time: its fields cannot be checked, so
                # they cannot be read.
                raise self.fail(f"无法确定 '{_text(node.obj)}' 的类型,不能读取它的字段 '{node.name}'", node.span,
                                "请直接遍历台账中的列表(如 for c in claims),不要把不同类型的值放进同一个列表")
            if not isinstance(obj, ObjType):
                raise self.fail(f"{obj.describe()}没有字段 '{node.name}'", node.span, code="E201")
            field = obj.field(node.name)
            if field is None:
                raise self.fail(f"{obj.describe()}没有字段 '{node.name}'", _tail_span(node),
                                _did_you_mean(node.name, obj.field_names()), "E201")
            return field
        if isinstance(node, ast.Index):
            obj = self.expr(node.obj, scope)
            idx = self.expr(node.index, scope)
            if base(idx) not in ("num", "any"):
                raise self.fail(f"下标应为数字,得到{idx.describe()}", node.index.span)
            if isinstance(obj, ListType):
                return obj.elem
            if obj == ANY:
                return ANY
            raise self.fail(f"只有列表可以取下标,得到{obj.describe()}", node.obj.span)
        if isinstance(node, ast.ListExpr):
            elems = {self.expr(item, scope) for item in node.items}
            kinds = {base(e) for e in elems}
            if len(kinds) > 1 or (len(elems) > 1 and any(isinstance(e, (ListType, ObjType)) for e in elems)):
                raise self.fail("列表中的元素类型应一致", node.span)
            if len(elems) > 1:  # scalars of one family: enums and plain text, whole and decimal numbers
                return ListType("list", STR if kinds == {"str"} else elems.pop())
            return ListType("list", elems.pop() if elems else ANY)
        if isinstance(node, ast.Unary):
            t = self.expr(node.operand, scope)
            if node.op == "not":
                return BOOL
            if base(t) not in ("num", "duration", "any"):
                raise self.fail(f"不能对{t.describe()}取负", node.span)
            return t
        if isinstance(node, ast.Binary):
            return self._binary(node, scope)
        if isinstance(node, ast.Test):
            t = self.expr(node.operand, scope)
            if node.test == "empty" and not (isinstance(t, ListType) or base(t) in ("str", "any")):
                raise self.fail(f"'is empty' 只适用于文本或列表,这里是{t.describe()}", node.span,
                                "是否想写 'is missing'?")
            return BOOL
        if isinstance(node, ast.Call):
            return self._call(node, scope)
        if isinstance(node, ast.Comprehension):
            return self._comprehension(node, scope)
        raise AssertionError(f"unknown node {node!r}")

    def _name(self, node: ast.Name, scope: _Scope) -> Type:
        if node.id.startswith("_"):
            raise self.fail(f"名称不能以下划线开头: '{node.id}'", node.span)
        t = scope.lookup(node.id)
        if t is None:
            t = self.root.field(node.id)
        if t is None:
            t = self.params.get(node.id)
        if t is None:
            known = [n for n, _ in scope.vars] + self.root.field_names() + list(self.params)
            raise self.fail(f"未知的名称 '{node.id}'", node.span, _did_you_mean(node.id, known), "E203")
        return t

    def _binary(self, node: ast.Binary, scope: _Scope) -> Type:
        left = self.expr(node.left, scope)
        op = node.op
        if op in ("and", "or", "implies"):
            self.expr(node.right, scope)
            return BOOL
        if op == "matches":
            if base(left) not in ("str", "any"):
                raise self.fail(f"matches 的左边应为文本,得到{left.describe()}", node.left.span)
            self._regex_operand(node.right, scope)
            return BOOL
        right = self.expr(node.right, scope)
        if op in ("in", "not in"):
            if isinstance(right, ListType):
                self._comparable(left, right.elem, node)
            elif base(right) not in ("str", "any"):
                raise self.fail(f"in 的右边应为列表或文本,得到{right.describe()}", node.right.span)
            return BOOL
        if op == "contains":
            if isinstance(left, ListType):
                self._comparable(left.elem, right, node)
            elif base(left) not in ("str", "any") or base(right) not in ("str", "any"):
                raise self.fail(f"contains 用于文本或列表,得到{left.describe()}与{right.describe()}", node.span)
            return BOOL
        if op in ("==", "!=", "<", "<=", ">", ">="):
            self._comparable(left, right, node)
            return BOOL
        if op in ("/", "%") and isinstance(node.right, ast.Literal) and node.right.value == 0:
            raise self.fail("除数为零", node.right.span)
        return self._arithmetic(op, left, right, node)

    def _comparable(self, left: Type, right: Type, node: ast.Binary) -> None:
        a, b = base(left), base(right)
        if "any" in (a, b) or a == b:
            for enum_t, other in ((left, node.right), (right, node.left)):
                if isinstance(enum_t, EnumType) and isinstance(other, ast.Literal) and other.value not in enum_t.values:
                    raise self.fail(f"'{other.value}' 不是可取的值 ({'|'.join(enum_t.values)})", other.span,
                                    _did_you_mean(str(other.value), list(enum_t.values)))
            return
        raise self.fail(f"不能比较{left.describe()}与{right.describe()}", node.span)

    def _arithmetic(self, op: str, left: Type, right: Type, node: ast.Binary) -> Type:
        a, b = base(left), base(right)
        if op == "+" and isinstance(left, ListType) and isinstance(right, ListType):
            if base(left.elem) == base(right.elem) or "any" in (base(left.elem), base(right.elem)):
                return left if base(left.elem) != "any" else right
            raise self.fail(f"不能连接{left.describe()}与{right.describe()}", node.span)
        if "any" in (a, b):
            return ANY
        table = {
            ("num", "+", "num"): NUM, ("num", "-", "num"): NUM, ("num", "*", "num"): NUM,
            ("num", "/", "num"): NUM, ("num", "%", "num"): NUM, ("str", "+", "str"): STR,
            ("date", "-", "date"): DURATION, ("date", "+", "duration"): DATE, ("date", "-", "duration"): DATE,
            ("duration", "+", "duration"): DURATION, ("duration", "-", "duration"): DURATION,
            ("duration", "*", "num"): DURATION,
        }
        result = table.get((a, op, b))
        if result is None:
            raise self.fail(f"不能计算 {left.describe()} {op} {right.describe()}", node.span)
        return result

    def _call(self, node: ast.Call, scope: _Scope) -> Type:
        fn = BUILTINS.get(node.func)
        if fn is None:
            raise self.fail(f"未知的函数 '{node.func}'", node.span, _did_you_mean(node.func, list(BUILTINS)), "E202")
        if not fn.min_args <= len(node.args) <= fn.max_args:
            want = str(fn.min_args) if fn.min_args == fn.max_args else f"{fn.min_args}–{fn.max_args}"
            raise self.fail(f"函数 {node.func} 需要 {want} 个参数,得到 {len(node.args)} 个", node.span, fn.doc, "E205")
        args = [self.expr(a, scope) for a in node.args]
        result = fn.typer(args)
        if isinstance(result, str):
            raise self.fail(f"{node.func}: {result}", node.span, fn.doc)
        if node.func == "first_match":
            self._regex_operand(node.args[1], scope)
        if node.func == "date" and isinstance(node.args[0], ast.Literal) and isinstance(node.args[0].value, str):
            try:
                dt.date.fromisoformat(node.args[0].value)
            except ValueError:
                raise self.fail(f"无效的日期 '{node.args[0].value}'", node.args[0].span,
                                "日期写作 YYYY-MM-DD,且须是存在的日期", "E104") from None
        return result

    def _comprehension(self, node: ast.Comprehension, scope: _Scope) -> Type:
        spec = COMPREHENSIONS.get(node.func)
        if spec is None:
            raise self.fail(f"函数 '{node.func}' 不能用 'x in 列表' 的形式", node.span,
                            "可用: " + "、".join(COMPREHENSIONS))
        needs_value, doc = spec
        if node.var.startswith("_"):
            raise self.fail(f"名称不能以下划线开头: '{node.var}'", node.span)
        iterable = self.expr(node.iterable, scope)
        if not isinstance(iterable, ListType) and iterable != ANY:
            raise self.fail(f"只能遍历列表,得到{iterable.describe()}", node.iterable.span)
        inner = scope.bind(node.var, iterable.elem if isinstance(iterable, ListType) else ANY)
        if node.where is not None:
            self.expr(node.where, inner)
        if needs_value and node.value is None and node.func not in ("any", "all"):
            raise self.fail(f"{node.func}(...) 需要 ': 值'", node.span, doc)
        if node.func == "count":
            if node.value is not None:
                raise self.fail("count 只接受 where 条件", node.value.span, doc)
            return NUM
        if node.func in ("any", "all"):
            if node.value is None and node.where is None:
                raise self.fail(f"{node.func}(...) 需要 ': 条件'", node.span, doc)
            if node.value is not None:
                self.expr(node.value, inner)
            return BOOL
        value = self.expr(node.value, inner)  # type: ignore[arg-type]  # not None: count/any/all returned above, the others need ': 值'
        elem = iterable.elem if isinstance(iterable, ListType) else ANY
        if node.func == "list":
            return ListType("list", value)
        if node.func == "group":
            if isinstance(value, (ListType, ObjType)):
                raise self.fail(f"分组的值应为文本、数字或日期,得到{value.describe()}", node.value.span, doc)  # type: ignore[union-attr]  # node.value: not None, as above
            return ListType("list", ObjType("Group", (("key", value), ("items", ListType("list", elem)),
                                                      ("count", NUM))))
        if node.func == "sum" and base(value) not in ("num", "any"):
            raise self.fail(f"sum 需要数字,得到{value.describe()}", node.value.span, doc)  # type: ignore[union-attr]  # node.value: not None, as above
        if node.func in ("min", "max") and base(value) not in ("num", "date", "duration", "any"):
            raise self.fail(f"{node.func} 需要数字或日期,得到{value.describe()}", node.value.span, doc)  # type: ignore[union-attr]  # node.value: not None, as above
        return NUM if node.func == "sum" else value


# `applies` words → the document kinds (checker.model.DocumentKind values) a rule runs on.
APPLIES_WORDS: dict[str, frozenset[str]] = {
    "reports": frozenset({"ledger", "notice"}),  # every rectification report or ledger: the default
    "ledgers": frozenset({"ledger"}),
    "notices": frozenset({"notice"}),
    "other": frozenset({"other"}),  # a document that is not a rectification report
    "any": frozenset({"ledger", "notice", "other"}),
}
DEFAULT_APPLIES = APPLIES_WORDS["reports"]


def applies_to(words: tuple[str, ...], span: ast.Span | None,
               fail: Callable[[str, ast.Span, str, str], Exception] | None = None) -> frozenset[str]:
    """The document kinds named by an `applies` clause (DEFAULT_APPLIES when there is none). An unknown
    word raises the error `fail(message, span, hint, code)` builds (ValueError without `fail`)."""
    if not words:
        return DEFAULT_APPLIES
    kinds: set[str] = set()
    for word in words:
        if word not in APPLIES_WORDS:
            message = f"未知的适用范围 '{word}'"
            if fail is None or span is None:
                raise ValueError(message)
            raise fail(message, span, "applies 后可写: " + "、".join(APPLIES_WORDS), "E210")
        kinds |= APPLIES_WORDS[word]
    return frozenset(kinds)


def _did_you_mean(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"是否想写 '{close[0]}'?"
    return "可用的名称: " + "、".join(sorted(set(options))[:12]) if options else None


def _tail_span(node: ast.Attr) -> ast.Span:
    """Span of the field name after the dot, so the caret points at the misspelt part."""
    s = node.span
    if s.line == s.end_line:
        return ast.Span(s.line, s.end_column - len(node.name), s.end_line, s.end_column)
    return s


def _text(node: ast.Expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attr):
        return f"{_text(node.obj)}.{node.name}"
    return "…"
