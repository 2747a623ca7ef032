"""Documentation from the rules: each rule's doc sections, its parameters (default, value in force, where
defined), the functions rules may call and the fields they can see. `rules explain` prints one rule,
`rules doc` writes the whole Markdown reference.

A rule's `doc` has fixed sections, each started by a line holding only its heading and a colon:

    为什么:       why the rule exists (text before the first heading counts as this section too)
    不合格示例:   a YAML ledger fragment (or the text of a notice) on which the rule fires
    合格示例:     the same corrected: the rule does not fire
    参数:         what each parameter changes (the parameters' values are added by the tools)

A YAML example gives only what matters; `example_ledger` completes it with the fields of `EXAMPLE_BASE`
(tests/test_rule_docs.py runs every example through the rule).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from checker.dsl import ast
from checker.rule_sections import SECTIONS, doc_sections

# The fields an example ledger does not need to state: a unit inspected, fed back and reported on in order.
EXAMPLE_BASE: Mapping[str, object] = {
    "ledger_version": 1,
    "unit": "某区司法局党组",
    "inspection": {"body": "区委第一巡察组", "start": dt.date(2023, 1, 4), "end": dt.date(2023, 2, 28),
                   "feedback": dt.date(2023, 3, 16)},
    "report_date": dt.date(2023, 7, 15),
}


def example_input(example: str) -> tuple[str, str]:
    """What an example is linted as: ("ledger.yaml", YAML text completed by EXAMPLE_BASE) for a YAML mapping,
    else ("notice.txt", the text)."""
    try:
        data = yaml.safe_load(example)
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        return "notice.txt", example + "\n"
    merged = {**EXAMPLE_BASE, **data}
    return "ledger.yaml", yaml.safe_dump(merged, allow_unicode=True, sort_keys=False)


@dataclass(frozen=True)
class ParamDoc:
    """A parameter a rule uses: its default as written, the value in force, and where it is defined."""

    name: str  # set.name
    default: object
    current: object
    where: str  # file:line


@dataclass(frozen=True)
class RuleDoc:
    """Everything `rules explain` and `rules doc` say about one rule."""

    id: str
    severity: str  # Chinese: 错误 | 警告 | 提示
    title: str
    sections: Mapping[str, str]
    where: str  # file:line of the rule
    params: tuple[ParamDoc, ...]
    applies: str = ""  # the rule's `applies` words as written ("" when it has the default)


def _names(node: object) -> Iterator[str]:
    """Every name an AST node refers to (variables, parameters, roots), depth first."""
    if isinstance(node, ast.Name):
        yield node.id
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            yield from _names(getattr(node, f.name))
    elif isinstance(node, tuple):
        for item in node:
            yield from _names(item)


def format_value(value: object) -> str:
    """A value as it is written in a rule file: "文本", 180d, 2023-03-16, [a, b]."""
    if isinstance(value, str):
        return 'r"' + value + '"' if "\\" in value else '"' + value + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.timedelta):
        return f"{value.days}d"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def _shown(source: str) -> str:
    """A rule file's name as shown: relative to the working directory when below it."""
    try:
        return str(Path(source).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return source


def rule_docs(paths: Iterable[Path], overrides: Mapping[str, object] | None = None) -> list[RuleDoc]:
    """The documentation of every rule in `paths` (folders or files, with their includes), in load order.
    Raises what `load_ruleset` raises."""
    from checker.dsl.lets import expand_lets
    from checker.dsl.ruleset import _parse_all, load_ruleset
    from checker.findings import Severity

    paths = list(paths)
    ruleset = load_ruleset(paths, overrides)
    parsed, order = _parse_all(paths)
    defined: dict[str, tuple[str, ast.Param, ast.RuleFile]] = {}
    for path in order:
        rule_file = parsed[path]
        for param in rule_file.params:
            defined.setdefault(param.name, (f"{rule_file.name or path.stem}.{param.name}", param, rule_file))
    docs: list[RuleDoc] = []
    for path in order:
        rule_file = expand_lets(parsed[path])[0]  # a parameter used through a `let` is the rule's parameter too
        set_name = rule_file.name or path.stem
        own = {p.name for p in rule_file.params}
        for rule in rule_file.rules:
            used = dict.fromkeys(n for n in _names(rule.clauses) if n in own or n in defined)
            params = []
            for name in used:
                key, param, source = (f"{set_name}.{name}", next(p for p in rule_file.params if p.name == name),
                                      rule_file) if name in own else defined[name]
                default = param.value.value if isinstance(param.value, ast.Literal) else _literal_text(source, param)
                params.append(ParamDoc(key, default, ruleset.params.get(key, default),
                                       f"{_shown(source.source)}:{param.span.line}"))
            docs.append(RuleDoc(f"{set_name}/{rule.name}", Severity.parse(rule.severity).chinese, rule.title,
                                doc_sections(rule.doc), f"{_shown(rule_file.source)}:{rule.span.line}", tuple(params),
                                ", ".join(rule.applies)))
    return docs


def _literal_text(rule_file: ast.RuleFile, param: ast.Param) -> str:
    """The default of a parameter that is not a single literal (a list, a negative number), as written."""
    span = param.value.span
    lines = rule_file.text.split("\n")[span.line - 1: span.end_line]
    if len(lines) == 1:
        return lines[0][span.column - 1: span.end_column - 1]
    return "\n".join(lines)


def explain_text(doc: RuleDoc) -> str:
    """`rules explain`: title, where, sections and parameters (default and value in force)."""
    out = [f"{doc.id}({doc.severity}): {doc.title}", f"定义于 {doc.where}", ""]
    if doc.applies:
        out[-1:] = [f"适用于: {doc.applies}", ""]
    for section in SECTIONS:
        body = doc.sections.get(section)
        if section == "参数" and (body or doc.params):
            out.append("参数:")
            if body:
                out += ["  " + ln for ln in body.split("\n")]
            for p in doc.params:
                changed = "" if p.current == p.default else f"(当前值: {format_value(p.current)})"
                out.append(f"  {p.name} = {format_value(p.default)}{changed}  [{p.where}]")
            out.append("")
        elif body:
            out.append(f"{section}:")
            out += ["  " + ln for ln in body.split("\n")]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def function_reference() -> list[tuple[str, str]]:
    """(signature, Chinese description) of every function and comprehension rules may call, sorted."""
    from checker.dsl.builtins import BUILTINS, COMPREHENSIONS

    out = []
    for name, fn in BUILTINS.items():
        args = ", ".join(["x"] * fn.min_args + [f"[x{i}]" for i in range(fn.min_args + 1, fn.max_args + 1)])
        out.append((f"{name}({args})", fn.doc))
    for name, (_, text) in COMPREHENSIONS.items():
        out.append((f"{name}(x in 列表 where 条件: 值)", text))
    return sorted(out)


# What rules see besides the ledger's own fields: descriptions for the reference (Chinese labels of ledger
# fields come from checker.vocab).
_DESCRIPTIONS: Mapping[str, str] = {
    "unit": "被巡察单位", "inspection": "巡察", "inspection.body": "巡察组", "inspection.start": "巡察开始日期",
    "inspection.end": "巡察结束日期", "inspection.feedback": "反馈日期", "report_date": "报告(通报)日期",
    "declared": "声明的问题数", "declared.issues": "问题总数", "declared.completed": "已完成数",
    "declared.in_progress": "正在推进数", "declared.long_term": "长期坚持数", "contact": "联系方式",
    "contact.phone": "电话", "contact.email": "电子邮箱", "contact.address": "地址", "document": "文件",
    "document.kind": "文件类型(ledger 台账 / notice 通报 / other 其他)", "issues": "问题条目",
    "claims": "正文中的数字表述(共N件,其中…;比率)", "claims.kind": "sum 分项合计 / rate 比率",
    "claims.text": "表述原文", "claims.total": "总数", "claims.parts": "各分项", "claims.exhaustive": "分项是否穷尽",
    "claims.approx": "是否约数(约、近、余)", "claims.numerator": "分子", "claims.denominator": "分母",
    "claims.rate": "比率(百分数)", "claims.unit": "量词", "claims.item": "所在问题编号",
    "document.title": "标题", "document.public": "是否公开发布", "document.owners_stated": "总体说明责任人的原文",
    "document.deadlines_stated": "总体说明整改时限的原文", "document.reason": "判断文件类型的依据",
    "document.summary": "是否只是概述(未逐项列出问题)", "document.paragraphs": "正文段落",
    "issues.owner": "责任主体", "as_of": "检查日期(--as-of,默认为报告日期)",
    "issues.measures.text": "措施内容", "issues.measures.date": "措施日期",
}


def field_reference() -> list[tuple[str, str, str]]:
    """(field path, type, Chinese name or description) of everything a rule can read: ledger fields, `claims`
    and `as_of`; item fields under `issues.` carry the labels offices use (checker.vocab.FIELD_LABELS)."""
    from checker.dsl.schema import root_type
    from checker.dsl.types import ListType, ObjType
    from checker.vocab import FIELD_LABELS

    out: list[tuple[str, str, str]] = []

    def walk(prefix: str, t: object) -> None:
        if isinstance(t, ListType):
            t = t.elem
        if not isinstance(t, ObjType):
            return
        for name, ft in t.fields:
            path = f"{prefix}{name}"
            sub = path.removeprefix("issues.")
            labels = FIELD_LABELS.get(sub, ()) if path.startswith("issues.") else ()
            chinese = "、".join(x for x in labels if not x.isascii()) or _DESCRIPTIONS.get(path, "")
            out.append((path, ft.describe(), chinese))
            walk(path + ".", ft)

    walk("", root_type())
    return out


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped."""
    return text.replace("|", "\\|")


def markdown(docs: Iterable[RuleDoc]) -> str:
    """The Markdown reference: every rule (sections, parameters), the findings ledgerlint reports itself, every
    function, every field."""
    docs = list(docs)
    # The first line tells a folder run that this file is the tool's own (checker.own_files); it does not render.
    out = ["<!-- ledgerlint rules doc -->", "# ledgerlint 规则参考", "", "由 `ledgerlint rules doc` 从规则文件生成。",
           "", "## 规则", ""]
    out += [f"- [`{d.id}`](#{d.id.replace('/', '')}) {d.severity} {d.title}" for d in docs]
    for d in docs:
        applies = f" · 适用于 `{d.applies}`" if d.applies else ""
        out += ["", f"### {d.id}", "", f"**{d.title}** · {d.severity} · `{d.where}`{applies}", ""]
        for section in SECTIONS:
            body = d.sections.get(section)
            if section in ("不合格示例", "合格示例") and body:
                lang = "yaml" if example_input(body)[0] == "ledger.yaml" else "text"
                out += [f"#### {section}", "", f"```{lang}", body, "```", ""]
            elif section == "参数" and (body or d.params):
                out += ["#### 参数", ""] + ([body, ""] if body else [])
                out += ["| 参数 | 默认值 | 定义于 |", "|---|---|---|"]
                out += [f"| `{p.name}` | `{_cell(format_value(p.default))}` | `{p.where}` |" for p in d.params]
                out.append("")
            elif body:
                out += [f"#### {section}", "", body, ""]
    from checker.findings import ENGINE_RULES

    out += ["", "## ledgerlint 自身报告的问题", "", "读取文件、运行规则或应用豁免时报告,不来自规则文件。", "",
            "| 规则 | 级别 | 标题 | 说明 |", "|---|---|---|---|"]
    out += [f"| `{i.id}` | {i.severity.chinese} | {_cell(i.title)} | {_cell(i.doc)} |" for i in ENGINE_RULES.values()]
    out += ["", "## 函数", "", "| 函数 | 说明 |", "|---|---|"]
    out += [f"| `{sig}` | {_cell(text)} |" for sig, text in function_reference()]
    out += ["", "## 字段", "", "规则可读取的台账字段、`claims` 与 `as_of`;中文名即台账表头中使用的名称。", "",
            "| 字段 | 类型 | 中文名 |", "|---|---|---|"]
    out += [f"| `{path}` | {_cell(kind)} | {_cell(chinese)} |" for path, kind, chinese in field_reference()]
    return "\n".join(out).rstrip() + "\n"


__all__ = ["SECTIONS", "ParamDoc", "RuleDoc", "doc_sections", "example_input", "explain_text", "field_reference",
           "format_value", "function_reference", "markdown", "rule_docs"]
