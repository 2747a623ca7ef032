"""YAML ledgers: PyYAML's safe composer gives a node tree with marks; the data is built here from the
nodes so that every pointer keeps its start and end mark, duplicate keys are caught, and only safe tags
are accepted. Scalars are resolved as PyYAML's safe loader resolves them (2023-03-16 is a date).
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checker.errors import InputError
from checker.load import EXCERPT_MAX, SourceDoc, one_line
from checker.load.encoding import decode
from checker.location import Location, caret_context, line_col, line_start_offsets, pointer_join

MAX_NODES = 5_000_000  # aliases can expand a small file enormously ("billion laughs")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_RAW_WS = re.compile(r"\s+")

_PROBLEMS = (  # PyYAML's English problems, by prefix
    ("mapping values are not allowed",
     "此处不能出现“键: 值”(检查缩进、冒号后的空格,或给含冒号的值加引号)"),
    ("found character '\\t' that cannot start any token", "YAML 不能用制表符缩进,请改用空格"),
    ("found a tab character", "YAML 不能用制表符缩进,请改用空格"),
    ("could not find expected ':'", "缺少冒号 ':'"),
    ("did not find expected key", "缺少键,或缩进不一致"),
    ("did not find expected ',' or ']'", "缺少 ',' 或 ']'"),
    ("did not find expected ',' or '}'", "缺少 ',' 或 '}'"),
    ("did not find expected '-' indicator", "列表项缩进不一致(缺少 '-')"),
    ("found unexpected end of stream", "文件意外结束(引号或括号未闭合)"),
    ("found undefined alias", "引用了未定义的锚点(别名)"),
    ("found unexpected ':'", "出现了意外的冒号 ':'"),
    ("found unknown escape character", "未知的转义字符"),
    ("did not find expected node content", "此处缺少值(列表或映射没有写完?)"),
    ("expected a single document in the stream", "文件含有多个 YAML 文档(---),只能有一个"),
    ("but found another document", "文件含有多个 YAML 文档(---),只能有一个"),
    ("found duplicate anchor", "锚点名称重复"),
    ("found unhashable key", "不能用列表或映射作键"),
)


def read_yaml(data: bytes, path: str) -> SourceDoc:
    """A YAML SourceDoc: the ledger dict built from the node tree and a map of every node's marks."""
    text = decode(data, path)
    if not text.strip():
        raise InputError("文件为空", Location(path))
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InputError("文件为空(没有 YAML 内容)", Location(path))
        builder = _Builder(loader, path, text)
        value = builder.build(root, "")
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, text, path) from None
    except yaml.reader.ReaderError as exc:
        line, col = line_col(text, min(exc.position, len(text)))
        raise InputError(f"文件含有 YAML 不允许的字符 U+{exc.character:04X}"
                         if isinstance(exc.character, int) else "文件含有 YAML 不允许的字符",
                         Location(path, line, col)) from None
    except RecursionError:
        raise InputError("YAML 嵌套层次过深", Location(path)) from None
    finally:
        loader.dispose()
    if not isinstance(value, dict):
        kind = "列表" if isinstance(value, list) else "单个值"
        raise InputError(f"YAML 顶层应为映射(键: 值),这里是{kind}", _node_location(root, path))
    return SourceDoc(path, "yaml", YamlSourceMap(path, text, builder.nodes), data=value)


class _Builder:
    """Builds Python data from composed nodes, recording the node of every pointer."""

    def __init__(self, loader: yaml.SafeLoader, path: str, text: str) -> None:
        self.loader = loader
        self.path = path
        self.text = text
        self.nodes: dict[str, Node] = {}
        self.count = 0
        self.active: set[int] = set()  # collections on the current path: an alias back to one is a cycle
        self.merged: dict[int, int] = {}  # mapping node -> number of pairs that came from merge keys

    def build(self, node: Node, pointer: str) -> object:
        """The value of `node`, with `pointer` and all pointers below it recorded."""
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError("YAML 展开后的节点过多(别名引用过多)", _node_location(node, self.path))
        self.nodes[pointer] = node
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if id(node) in self.active:
            raise InputError("YAML 含有循环引用(别名指向自身的上层)", _node_location(node, self.path))
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self._check_tag(node, _SEQ)
                return [self.build(child, pointer_join(pointer, i)) for i, child in enumerate(node.value)]
            self._check_tag(node, _MAP)
            return self._mapping(node, pointer)  # type: ignore[arg-type]  # a node is scalar, sequence or mapping
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: MappingNode, pointer: str) -> dict:
        """A dict from a mapping node: merge keys (<<) first, then its own keys, which must be unique."""
        if id(node) not in self.merged:
            own = sum(1 for key, _ in node.value if key.tag != _MERGE)
            self.loader.flatten_mapping(node)
            self.merged[id(node)] = len(node.value) - own
        split = self.merged[id(node)]
        result: dict[str, object] = {}
        for key_node, value_node in node.value[:split]:
            key = self._key(key_node)
            result[key] = self.build(value_node, pointer_join(pointer, key))
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value[split:]:
            key = self._key(key_node)
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise InputError(f"键“{key}”重复(第 {first} 行已有同名键)",
                                 _node_location(key_node, self.path), context=_context(self.text, key_node))
            seen[key] = key_node
            result[key] = self.build(value_node, pointer_join(pointer, key))
        return result

    def _key(self, node: Node) -> str:
        """A mapping key as text: `1:` and `yes:` are the keys "1" and "yes", not numbers or booleans."""
        if not isinstance(node, ScalarNode):
            raise InputError("不能用列表或映射作键", _node_location(node, self.path))
        value = self._scalar(node)
        return value if isinstance(value, str) else node.value

    def _scalar(self, node: ScalarNode) -> object:
        """A scalar resolved by the safe constructor; unsafe or unknown tags become InputError. A value
        that only looks like a date or number (2023-02-30) stays text, for validation to report."""
        try:
            return self.loader.construct_object(node)
        except yaml.constructor.ConstructorError:
            raise InputError(f"不安全或不支持的 YAML 标签 {node.tag}", _node_location(node, self.path),
                             context=_context(self.text, node)) from None
        except (ValueError, KeyError, TypeError, OverflowError):
            written = self.text[node.start_mark.index:node.end_mark.index]
            if "!" not in written.split(node.value, 1)[0]:  # the type was guessed, not written as a tag
                return node.value
            raise InputError(f"值“{node.value}”不符合标签 {node.tag}", _node_location(node, self.path),
                             context=_context(self.text, node)) from None

    def _check_tag(self, node: Node, expected: str) -> None:
        """Collections may carry only the plain tags (no !!set, !!omap, !!python/...)."""
        if node.tag != expected:
            raise InputError(f"不安全或不支持的 YAML 标签 {node.tag}", _node_location(node, self.path))


class YamlSourceMap:
    """pointer -> the marks of the node that produced the value."""

    def __init__(self, path: str, text: str, nodes: dict[str, Node]) -> None:
        self.path = path
        self._text = text
        self._nodes = nodes
        self._line_starts: list[int] | None = None

    def locate(self, pointer: str, start: int | None = None, end: int | None = None) -> Location:
        """Location of the node at `pointer` (or its closest ancestor); a span inside a scalar is mapped
        exactly for plain one-line scalars and approximately across escapes and folded lines."""
        found, node = self._find(pointer)
        if start is not None and found and isinstance(node, ScalarNode):
            value = node.value
            lead = len(value) - len(value.lstrip())
            last = len(value.rstrip()) if end is None else lead + max(end, start)
            raw = self._text[node.start_mark.index:node.end_mark.index]
            first = node.start_mark.index + _align(raw, value, lead + start, node.style)
            stop = node.start_mark.index + _align(raw, value, last, node.style)
            line, col = self._line_col(first)
            end_line, end_col = self._line_col(stop)
            return Location(self.path, line, col, end_line, end_col, pointer=pointer or None)
        return _node_location(node, self.path, pointer or None)

    def excerpt(self, pointer: str, start: int | None = None, end: int | None = None) -> str:
        """Scalar text as written (unquoted, stripped) or the start of a collection, one line."""
        found, node = self._find(pointer)
        if isinstance(node, ScalarNode):
            value = node.value.strip()
            if start is not None and found:
                value = value[start:end]
            return one_line(value)
        first = node.start_mark.index
        raw = self._text[first:min(node.end_mark.index, first + 4 * EXCERPT_MAX)]
        return one_line(_RAW_WS.sub(" ", raw).strip())

    def _find(self, pointer: str) -> tuple[bool, Node]:
        """(exact?, node) for the pointer or its closest recorded ancestor."""
        probe = pointer
        while probe not in self._nodes and probe:
            probe = probe[:probe.rfind("/")]
        return probe == pointer, self._nodes[probe]

    def _line_col(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = line_start_offsets(self._text)
        return line_col(self._text, offset, self._line_starts)


def _align(raw: str, value: str, wanted: int, style: str | None) -> int:
    """Offset in the scalar's source `raw` of character `wanted` of its value: walks both, skipping
    quotes, indentation, escapes and folded line breaks."""
    if style in ('"', "'"):
        pos = 1
    elif style in ("|", ">"):
        pos = raw.find("\n") + 1
    else:
        pos = 0
    count = 0
    size = len(raw)
    while count < wanted and pos < size:
        char, src = value[count], raw[pos]
        if src == char:
            pos += 1
            count += 1
        elif style == '"' and src == "\\":
            code = raw[pos + 1:pos + 2]
            if code == "\n":  # an escaped line break produces nothing
                pos += 2
                continue
            pos += {"x": 4, "u": 6, "U": 10}.get(code, 2)
            count += 1
        elif char in " \n" and src in " \t\r\n":
            while pos < size and raw[pos] in " \t\r\n":
                pos += 1
            count += 1
        else:
            pos += 1
    return min(pos, size)


def _node_location(node: Node, path: str, pointer: str | None = None) -> Location:
    """Start and end marks of a node as a Location (marks are 0-based)."""
    start, end = node.start_mark, node.end_mark
    return Location(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1, pointer=pointer)


def _context(text: str, node: Node) -> str:
    """The source line of a node with a caret."""
    return caret_context(text, node.start_mark.line + 1, node.start_mark.column + 1)


def _marked_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> InputError:
    """A PyYAML error with marks as a located InputError with a Chinese message."""
    mark = exc.problem_mark or exc.context_mark
    problem = str(exc.problem or exc.context or "")
    context = str(exc.context or "")
    message = next((zh for en, zh in _PROBLEMS if problem.startswith(en) or context.startswith(en)), None)
    if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in problem:
        message = "不安全或不支持的 YAML 标签" + problem.rsplit("tag", 1)[-1]
    if message is None and mark is not None and problem.startswith("found character"):
        char = text[mark.index:mark.index + 1] if 0 <= mark.index < len(text) else ""
        message = "YAML 不能用制表符缩进,请改用空格" if char == "\t" else f"YAML 中不能在此处使用字符“{char}”"
    if message is None:
        message = f"YAML 语法错误: {problem}"
    if mark is None:
        return InputError(message, Location(path))
    line, col = mark.line + 1, mark.column + 1
    return InputError(message, Location(path, line, col), context=caret_context(text, line, col))
