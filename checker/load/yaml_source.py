"""YAML ledgers: PyYAML's safe composer gives a node tree with marks; the data is built here from the
nodes so that every pointer keeps its start and end mark, duplicate keys are caught, and only safe tags
are accepted. Scalars are resolved as PyYAML's safe loader resolves them (2023-03-16 is a date), except
where that would change what the author wrote:

- an item's id is the text written: `id: 010` is "010" and `id: 1.10` is "1.10", not 8 and 1.1 (a warning
  says so, with the fix: quote it);
- two items with the same id are an error at the second;
- an ASCII comma inside a flow mapping ({text: 召开党组会专题研究, 明确分工, date: …}) ends the text and makes
  the rest a key with no value: that is an error at the comma saying to quote the text, and the text is
  read whole so the rest of the ledger is still checked;
- a syntax error inside an unclosed bracket or quote also says where the bracket or quote began.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checker.errors import InputError
from checker.findings import COMMA_RULE, Finding, Severity
from checker.load import EXCERPT_MAX, SourceDoc, one_line
from checker.load.encoding import decode
from checker.location import Location, caret_context, line_col, line_start_offsets, pointer_join

MAX_NODES = 5_000_000  # aliases can expand a small file enormously ("billion laughs")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_RAW_WS = re.compile(r"\s+")
_ITEM_ID = re.compile(r"^/issues/\d+/id$")
TYPED_ID_RULE = "input/typed-id"  # YAML read an unquoted id as a number that is written otherwise
DUPLICATE_ID_RULE = "input/duplicate-id"  # two items with the same id
_UNCLOSED = {  # the context PyYAML names → what was left open
    "while parsing a flow mapping": "“{”",
    "while parsing a flow sequence": "“[”",
    "while scanning a quoted scalar": "引号",
}

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
    source_map = YamlSourceMap(path, text, builder.nodes)
    builder.notes += _duplicate_ids(value, source_map)
    return SourceDoc(path, "yaml", source_map, data=value, notes=builder.notes)


def _duplicate_ids(data: dict, source_map: YamlSourceMap) -> list[Finding]:
    """An error at every item whose id an earlier item already has."""
    issues = data.get("issues")
    if not isinstance(issues, list):
        return []
    notes: list[Finding] = []
    first: dict[str, int] = {}
    for index, issue in enumerate(issues):
        if not isinstance(issue, dict) or not isinstance(issue.get("id"), str):
            continue
        pointer = f"/issues/{index}/id"
        earlier = first.setdefault(issue["id"], index)
        if earlier != index:
            where = source_map.locate(f"/issues/{earlier}/id")
            notes.append(Finding(DUPLICATE_ID_RULE, Severity.ERROR,
                                 f"问题编号“{issue['id']}”重复(第 {where.line} 行的问题已用此编号),编号应唯一",
                                 source_map.locate(pointer), issue["id"], source_map.excerpt(pointer)))
    return notes


class _Builder:
    """Builds Python data from composed nodes, recording the node of every pointer."""

    def __init__(self, loader: yaml.SafeLoader, path: str, text: str) -> None:
        self.loader = loader
        self.path = path
        self.text = text
        self.nodes: dict[str, Node] = {}
        self.notes: list[Finding] = []
        self.count = 0
        from checker.load.limits import Limits

        self.max_nodes = Limits.from_env().yaml_nodes  # MAX_NODES unless LEDGERLINT_MAX_YAML_NODES says otherwise
        self.active: set[int] = set()  # collections on the current path: an alias back to one is a cycle
        self.merged: dict[int, int] = {}  # mapping node -> number of pairs that came from merge keys

    def build(self, node: Node, pointer: str) -> object:
        """The value of `node`, with `pointer` and all pointers below it recorded."""
        self.count += 1
        if self.count > self.max_nodes:
            raise InputError(f"YAML 展开后的节点过多(别名引用过多,上限 {self.max_nodes:,})",
                             _node_location(node, self.path), hint="确需检查时可用 LEDGERLINT_MAX_YAML_NODES 调高上限")
        self.nodes[pointer] = node
        if isinstance(node, ScalarNode):
            value = self._scalar(node)
            if _ITEM_ID.match(pointer) and not node.style and not isinstance(value, str):
                return self._id_as_written(node, value)
            return value
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
        if node.flow_style:
            pairs = list(node.value)
            index = split + 1
            while index < len(pairs):
                if self._comma_split(pairs, index):
                    self._join_split_text(pairs, index)
                    del pairs[index]
                else:
                    index += 1
            node.value = pairs
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

    def _id_as_written(self, node: ScalarNode, value: object) -> str:
        """An unquoted id is the text written; a warning where YAML would have read it otherwise."""
        written = node.value
        shown = "true/false" if isinstance(value, bool) else str(value)
        if shown != written:
            self.notes.append(Finding(
                TYPED_ID_RULE, Severity.WARNING,
                f"问题编号 {written} 未加引号,YAML 会把它读作 {shown};已按原文“{written}”读取,"
                f"建议写作 id: \"{written}\"", _node_location(node, self.path, None), written, written))
        return written

    def _comma_split(self, pairs: list[tuple[Node, Node]], index: int) -> bool:
        """In a flow mapping, a key written with no colon right after a plain text value is the rest of that
        text, cut off by an ASCII comma ({text: 召开党组会专题研究, 明确分工, date: …})."""
        key_node, value_node = pairs[index]
        if index == 0 or not isinstance(key_node, ScalarNode) or key_node.style:
            return False
        if not (isinstance(value_node, ScalarNode) and value_node.tag.endswith(":null") and not value_node.value):
            return False
        after = self.text[key_node.end_mark.index:key_node.end_mark.index + 80].lstrip(" \t")
        if after.startswith(":"):
            return False  # a key with an empty value, written so
        previous = pairs[index - 1][1]
        return isinstance(previous, ScalarNode) and not previous.style and previous.tag.endswith(":str")

    def _join_split_text(self, pairs: list[tuple[Node, Node]], index: int) -> None:
        """Read the cut-off text whole and report the comma with the fix."""
        previous = pairs[index - 1][1]
        key_node = pairs[index][0]
        joined = self.text[previous.start_mark.index:key_node.end_mark.index]
        comma = self.text.find(",", previous.end_mark.index, key_node.start_mark.index)
        line, col = line_col(self.text, comma if comma >= 0 else previous.end_mark.index)
        self.notes.append(Finding(
            COMMA_RULE, Severity.ERROR,
            f"“{joined}”中的英文逗号“,”在 {{…}} 里分隔字段,“{key_node.value}”被当成了字段名;"
            f"请给整段文字加引号: \"{joined}\"(或改用中文逗号“，”)。已按整段文字继续检查",
            Location(self.path, line, col, line, col + 1), None, one_line(joined)))
        pairs[index - 1] = (pairs[index - 1][0], ScalarNode("tag:yaml.org,2002:str", joined, previous.start_mark,
                                                            key_node.end_mark, style='"'))

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
        # values written in traditional characters, as read (simplified): what rules match (read.scripts)
        self.simplified: dict[str, str] = {}

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
    opened = _UNCLOSED.get(context)
    if opened is not None and exc.context_mark is not None and exc.context_mark is not mark:
        start = exc.context_mark
        message += f";第 {start.line + 1} 行第 {start.column + 1} 列的{opened}没有闭合"
    if mark is None:
        return InputError(message, Location(path))
    line, col = mark.line + 1, mark.column + 1
    return InputError(message, Location(path, line, col), context=caret_context(text, line, col))
