"""Chinese names in rule files: fields by the labels offices write (`问题.责任人`, `问题.整改时限`) and status
values by their Chinese words (`问题.整改状态 == "已完成"`), rewritten to the English names before checking,
so a rule in Chinese names is the same rule as its English twin.

Item field labels and status words come from the one vocabulary (checker.vocab.FIELD_LABELS, STATUS_WORDS);
the few names of the rest of the ledger (巡察.反馈日期, 检查日期 …) are listed here, as the field reference of
`rules doc` shows them. A label that would name two fields is not an alias.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

from checker.dsl import ast

# Root names and fields outside an item (source: the ledger format's own Chinese terms, README "The ledger
# format"; the notice headings of seeds/000 and seeds/002).
_ROOT_NAMES: Mapping[str, str] = {
    "问题清单": "issues", "被巡察单位": "unit", "巡察": "inspection", "报告日期": "report_date", "声明": "declared",
    "联系方式": "contact", "文件": "document", "数字表述": "claims", "检查日期": "as_of",
}
_OTHER_FIELDS: Mapping[str, str] = {
    "巡察组": "body", "开始日期": "start", "结束日期": "end", "反馈日期": "feedback",
    "问题总数": "issues", "已完成数": "completed", "正在推进数": "in_progress", "长期坚持数": "long_term",
    "电话": "phone", "电子邮箱": "email", "地址": "address", "文件类型": "kind",
    "措施内容": "text", "措施日期": "date", "承诺日期": "due",
}


@functools.lru_cache(maxsize=1)
def field_aliases() -> Mapping[str, tuple[str, ...]]:
    """Chinese field name → the English path it stands for (`责任人` → ("owner", "person"))."""
    from checker.vocab import FIELD_LABELS

    found: dict[str, set[tuple[str, ...]]] = {}
    for path, labels in FIELD_LABELS.items():
        for label in labels:
            if not label.isascii():
                found.setdefault(label, set()).add(tuple(path.split(".")))
    for label, name in _OTHER_FIELDS.items():
        found.setdefault(label, set()).add((name,))
    return {label: next(iter(paths)) for label, paths in found.items() if len(paths) == 1}


@functools.lru_cache(maxsize=1)
def status_aliases() -> Mapping[str, str]:
    """Chinese status word → status value (`已完成` → `completed`), from checker.vocab.STATUS_WORDS."""
    from checker.vocab import STATUS_WORDS

    return {word: status for status, words in STATUS_WORDS.items() for word in words if not word.isascii()}


def root_aliases() -> Mapping[str, str]:
    """Chinese name → root name of the ledger (`问题清单` → `issues`)."""
    return _ROOT_NAMES


def english(rule_file: ast.RuleFile) -> ast.RuleFile:
    """The rule file with Chinese field, root and status names replaced by the English ones (spans kept, so
    errors still point at what was written). A name bound by `for` or a comprehension is never replaced."""
    if rule_file.text.isascii() or not _rewrites(rule_file):
        return rule_file  # nothing to rewrite: the built-in rules take this path
    rules = tuple(dataclasses.replace(r, clauses=tuple(_node(c, _bound(c)) for c in r.clauses),
                                      lets=tuple(_node(let, _bound(let)) for let in r.lets))
                  for r in rule_file.rules)
    lets = tuple(_node(let, _bound(let)) for let in rule_file.lets)
    return dataclasses.replace(rule_file, rules=rules, lets=lets)


def _rewrites(rule_file: ast.RuleFile) -> bool:
    """Whether the file holds a name, field or status word that `english` would replace (one quick walk)."""
    fields, statuses = field_aliases(), status_aliases()
    stack: list[object] = [rule_file.rules, rule_file.lets]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
            continue
        if isinstance(item, ast.Name):
            if item.id in _ROOT_NAMES:
                return True
            continue
        if isinstance(item, ast.Attr) and item.name in fields:
            return True
        if isinstance(item, ast.Literal):
            if isinstance(item.value, str) and item.value in statuses:
                return True
            continue
        slots = getattr(type(item), "__dataclass_fields__", None)
        if slots is not None and not isinstance(item, ast.Span):
            stack.extend(getattr(item, name) for name in slots)
    return False


def _bound(node: object) -> frozenset[str]:
    """Every variable a clause binds."""
    names: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (ast.Generator, ast.Comprehension)):
            names.add(item.var)
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, tuple):
            stack.extend(item)
    return frozenset(names)


def _node(node: Any, bound: frozenset[str]) -> Any:  # any node, tuple or leaf: the tree keeps its shape
    if isinstance(node, ast.Name) and node.id not in bound and node.id in _ROOT_NAMES:
        return dataclasses.replace(node, id=_ROOT_NAMES[node.id])
    if isinstance(node, ast.Attr):
        obj = _node(node.obj, bound)
        path = field_aliases().get(node.name)
        if path is None:
            return dataclasses.replace(node, obj=obj)
        for name in path[:-1]:
            obj = ast.Attr(obj, name, node.span)
        return ast.Attr(obj, path[-1], node.span)
    if isinstance(node, ast.Binary) and node.op in ("==", "!=", "in", "not in"):
        left, right = _node(node.left, bound), _node(node.right, bound)
        if _is_status(left):
            right = _status_value(right)
        elif _is_status(right):
            left = _status_value(left)
        return dataclasses.replace(node, left=left, right=right)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if dataclasses.is_dataclass(value) or isinstance(value, tuple):
                changes[f.name] = _node(value, bound)
        return dataclasses.replace(node, **changes) if changes else node
    if isinstance(node, tuple):
        return tuple(_node(item, bound) for item in node)
    return node


def _is_status(node: object) -> bool:
    return isinstance(node, ast.Attr) and node.name == "status"


def _status_value(node: Any) -> Any:
    """A status literal (or a list of them) in English."""
    if isinstance(node, ast.Literal) and isinstance(node.value, str):
        return dataclasses.replace(node, value=status_aliases().get(node.value, node.value))
    if isinstance(node, ast.ListExpr):
        return dataclasses.replace(node, items=tuple(_status_value(i) for i in node.items))
    return node


__all__ = ["english", "field_aliases", "root_aliases", "status_aliases"]
