"""JSON ledgers (checker.load.json_source): bytes kept for pydantic, lazy pointer -> line/column map.

Expected positions are found in the source text itself (the line holding a value, the slice of a line
that decodes back to the value), so a wrong offset anywhere fails. Titles and measures quote seed
000_5e4d1fbfc647a5c5.txt.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.load import json_source, read
from checker.load.json_source import JsonSourceMap, syntax_error
from checker.location import Location, pointer_join
from checker.model import Ledger

# Escapes on purpose: \" inside titles, \\ , \n, \u escapes for Chinese, a surrogate pair (📄).
LEDGER = r"""{
  "ledger_version": 1,
  "unit": "樊城区司法局党组",
  "inspection": {"body": "区委第一巡察组", "start": "2022-11-02", "feedback": "2023-03-16"},
  "issues": [
    {
      "id": "1",
      "title": "用先进的理论武装思想不够深入细致",
      "owner": {"leader": "张某", "department": "办公室", "person": "李某"},
      "deadline": "2023-06-30",
      "status": "completed",
      "measures": [
        {"text": "修改完善《司法局党组理论学习中心组制度》,把理论学习同区委中心工作", "date": "2023-03-27"},
        {"text": "\u53ec\u5f00\u515a\u7ec4\u4f1a\u5b66\u4e60《2023年全区政法改革工作要点》"}
      ],
      "evidence": ["党组会议纪要(2023年第5次)"]
    },
    {
      "id": "2",
      "title": "推进\"一心四区\"建设不够积极主动",
      "measures": [{"text": "📄 \ud83d\udcc4修订《区司法局考核管理办法(试行)》\\附件\n第二段"}],
      "evidence": []
    },
    {"id": "3", "title": "  统筹协调依法治区工作不够有力  ", "deadline": "2023-09-30"}
  ],
  "contact": {"phone": "0710-3232187", "email": null, "address": null}
}
"""


def write(tmp_path: Path, text: str | bytes, name: str = "ledger.json") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def leaves(value: object, pointer: str = ""):
    """Every (pointer, value) of a parsed JSON document."""
    yield pointer, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaves(child, pointer_join(pointer, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaves(child, pointer_join(pointer, index))


def source_slice(text: str, loc: Location) -> str:
    """The source text between a location's start and end."""
    lines = text.split("\n")
    assert loc.line is not None and loc.column is not None and loc.end_line is not None
    if loc.line == loc.end_line:
        return lines[loc.line - 1][loc.column - 1:loc.end_column - 1]
    middle = lines[loc.line:loc.end_line - 1]
    last = lines[loc.end_line - 1][:loc.end_column - 1]
    return "\n".join([lines[loc.line - 1][loc.column - 1:], *middle, last])


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_read_keeps_the_bytes_and_parses_nothing(tmp_path: Path) -> None:
    doc = read(write(tmp_path, LEDGER))
    assert doc.format == "json"
    assert doc.json_bytes == LEDGER.encode("utf-8")
    assert doc.data is None and doc.text is None
    ledger = Ledger.model_validate_json(doc.json_bytes)
    assert ledger.issues[1].title == '推进"一心四区"建设不够积极主动'


def test_every_value_is_located_exactly(tmp_path: Path) -> None:
    doc = read(write(tmp_path, LEDGER))
    parsed = json.loads(LEDGER)
    checked = 0
    for pointer, value in leaves(parsed):
        loc = doc.source_map.locate(pointer)
        assert loc.pointer == (pointer or None)
        assert json.loads(source_slice(LEDGER, loc)) == value, pointer
        checked += 1
    assert checked > 35


def test_lines_and_columns(tmp_path: Path) -> None:
    source_map = read(write(tmp_path, LEDGER)).source_map
    loc = source_map.locate("/issues/1/title")
    assert loc.line == loc.end_line == line_of(LEDGER, "一心四区")
    line = LEDGER.split("\n")[loc.line - 1]
    assert loc.column == line.index('"推进') + 1
    assert loc.end_column == len(line.rstrip(",")) + 1
    unit = source_map.locate("/unit")
    assert (unit.line, unit.column) == (3, 11)  # characters, not bytes: the value is Chinese


def test_span_after_escaped_quote(tmp_path: Path) -> None:
    source_map = read(write(tmp_path, LEDGER)).source_map
    title = '推进"一心四区"建设不够积极主动'
    start = title.index("一心四区")
    loc = source_map.locate("/issues/1/title", start, start + 4)
    assert source_slice(LEDGER, loc) == "一心四区"
    assert source_map.excerpt("/issues/1/title", start, start + 4) == "一心四区"
    loc = source_map.locate("/issues/1/title", start + 5, start + 7)  # after the second \"
    assert source_slice(LEDGER, loc) == "建设"


def test_span_after_unicode_escapes_and_surrogate_pair(tmp_path: Path) -> None:
    source_map = read(write(tmp_path, LEDGER)).source_map
    value = json.loads(LEDGER)["issues"][0]["measures"][1]["text"]
    start = value.index("《")
    loc = source_map.locate("/issues/0/measures/1/text", start, start + 6)
    assert source_slice(LEDGER, loc) == "《2023年"
    loc = source_map.locate("/issues/0/measures/1/text", 2, 4)  # 党组, written as \u515a\u7ec4
    assert json.loads('"' + source_slice(LEDGER, loc) + '"') == "党组"
    emoji_text = json.loads(LEDGER)["issues"][1]["measures"][0]["text"]
    start = emoji_text.index("修订")
    loc = source_map.locate("/issues/1/measures/0/text", start, start + 2)
    assert source_slice(LEDGER, loc) == "修订"
    start = emoji_text.index("附件")
    assert source_slice(LEDGER, source_map.locate("/issues/1/measures/0/text", start, start + 2)) == "附件"


def test_span_counts_in_the_stripped_value(tmp_path: Path) -> None:
    source_map = read(write(tmp_path, LEDGER)).source_map
    # the model strips whitespace: "统筹" is at 0 of the value rules see
    loc = source_map.locate("/issues/2/title", 0, 2)
    assert source_slice(LEDGER, loc) == "统筹"
    assert source_map.excerpt("/issues/2/title") == "统筹协调依法治区工作不够有力"


def test_missing_pointers_locate_the_closest_ancestor(tmp_path: Path) -> None:
    source_map = read(write(tmp_path, LEDGER)).source_map
    issue = source_map.locate("/issues/2")
    missing = source_map.locate("/issues/2/owner/leader")
    assert (missing.line, missing.column, missing.end_line, missing.end_column) == (
        issue.line, issue.column, issue.end_line, issue.end_column)
    assert missing.pointer == "/issues/2/owner/leader"
    issues = source_map.locate("/issues")
    beyond = source_map.locate("/issues/7/title")
    assert (beyond.line, beyond.column) == (issues.line, issues.column)
    assert source_map.locate("/issues/x").line == issues.line
    assert source_map.locate("/issues/01").line == issues.line  # not a canonical index
    assert source_map.locate("/contact/phone/extra").line == line_of(LEDGER, "0710-3232187")
    root = source_map.locate("")
    assert (root.line, root.column, root.pointer) == (1, 1, None)
    assert root.end_line == LEDGER.rstrip().count("\n") + 1


def test_excerpts(tmp_path: Path) -> None:
    long_title = "关于“" + "推进律师进社区法律服务活动缺乏监督管理" * 10 + "”的问题"
    text = LEDGER.replace("用先进的理论武装思想不够深入细致", long_title)
    source_map = read(write(tmp_path, text)).source_map
    excerpt = source_map.excerpt("/issues/0/title")
    assert len(excerpt) == 120 and excerpt.endswith("…") and excerpt.startswith("关于“推进律师进社区")
    assert source_map.excerpt("/issues/1/measures/0/text") == "📄 📄修订《区司法局考核管理办法(试行)》\\附件…"
    assert source_map.excerpt("/contact") == '{"phone": "0710-3232187", "email": null, "address": null}'
    assert source_map.excerpt("/issues/0/owner").startswith('{"leader": "张某"')
    assert source_map.excerpt("/ledger_version") == "1"
    assert source_map.excerpt("/contact/email") == "null"
    assert source_map.excerpt("/issues/2").startswith('{"id": "3"')


def test_bom_is_dropped_for_pydantic(tmp_path: Path) -> None:
    doc = read(write(tmp_path, b"\xef\xbb\xbf" + LEDGER.encode("utf-8")))
    assert doc.json_bytes == LEDGER.encode("utf-8")
    Ledger.model_validate_json(doc.json_bytes)
    assert doc.source_map.locate("/ledger_version").column == 21


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_other_encodings_become_utf8(tmp_path: Path, encoding: str) -> None:
    text = LEDGER.replace("📄 \\ud83d\\udcc4", "")  # GBK has no emoji
    doc = read(write(tmp_path, text.encode(encoding)))
    assert doc.json_bytes == text.encode("utf-8")
    assert Ledger.model_validate_json(doc.json_bytes).unit == "樊城区司法局党组"
    loc = doc.source_map.locate("/issues/0/owner/department")
    assert source_slice(text, loc) == '"办公室"'


@pytest.mark.parametrize("broken, line, column, word", [
    ('{\n  "unit": "樊城区司法局党组"\n  "issues": []\n}', 3, 3, "逗号"),
    ('{\n  "unit": "樊城区司法局党组",\n  "issues": [],\n}', 4, 1, "双引号"),
    ('{\n  "unit": "樊城区司法局党组\n}', 2, 20, "控制字符"),  # at the raw line break
    ('{"unit": "樊城"} x', 1, 16, "多余"),
    ('{\n  "unit" "樊城"\n}', 2, 10, "冒号"),
])
def test_syntax_errors_are_located(tmp_path: Path, broken: str, line: int, column: int, word: str) -> None:
    doc = read(write(tmp_path, broken))  # reading does not parse
    error = syntax_error(doc)
    assert error is not None
    assert (error.location.line, error.location.column) == (line, column)
    assert word in error.message
    assert error.context and error.context.endswith("^")


@pytest.mark.parametrize("cut", [
    LEDGER.index('"measures"'),  # between members
    LEDGER.index('"measures"') + 3,  # inside a key
    LEDGER.index("[", LEDGER.index('"measures"')) + 1,  # just after an opening bracket
])
def test_a_file_cut_short_is_said_to_be(tmp_path: Path, cut: int) -> None:
    text = LEDGER[:cut]
    error = syntax_error(read(write(tmp_path, text)))
    assert error is not None and "提前结束" in error.message and "可能被截断" in error.message
    opened = json_source.unclosed_brackets(text)
    assert f"还有 {len(opened)} 个括号没有闭合" in error.message and len(opened) >= 2
    assert f"始于第 {text.count(chr(10), 0, opened[-1]) + 1} 行" in error.message
    assert error.context and error.context.endswith("^")


def test_a_missing_bracket_inside_is_no_truncation(tmp_path: Path) -> None:
    error = syntax_error(read(write(tmp_path, '{\n  "issues": [\n    {"id": "1"\n  ]\n}')))
    assert error is not None and "提前结束" not in error.message


def test_valid_json_has_no_syntax_error(tmp_path: Path) -> None:
    assert syntax_error(read(write(tmp_path, LEDGER))) is None


def test_big_non_utf8_file_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_source, "EAGER_DECODE_MAX", 10)  # behave as for a file too big to check
    text = '{\n  "unit": "樊城区司法局党组"\n}'
    doc = read(write(tmp_path, text.encode("gbk")))
    error = syntax_error(doc)
    assert error is not None and "UTF-8" in error.message and error.location.line == 2


@pytest.mark.parametrize("content", [b"", b"   \n\t", b"\xef\xbb\xbf  \n"])
def test_empty_json_file(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(InputError) as caught:
        read(write(tmp_path, content))
    assert "空" in caught.value.message


def _big_ledger(count: int, style: str) -> str:
    rng = random.Random(count)
    titles = ["用先进的理论武装思想不够深入细致", '推进"一心四区"建设不够积极主动',
              "公证为民服务存在短板{[,]}"]
    issues = [{"id": str(i + 1), "title": rng.choice(titles),
               "owner": {"leader": "张某", "department": "办公室"} if i % 7 else {},
               "measures": [{"text": f"第{i}项措施,\\召开党组会"} for _ in range(i % 4)],
               "evidence": ["党组会议纪要"] * (i % 3)} for i in range(count)]
    ledger = {"ledger_version": 1, "unit": "樊城区司法局党组", "issues": issues, "contact": {"phone": "0710"}}
    if style == "indent":
        return json.dumps(ledger, ensure_ascii=False, indent=2)
    if style == "ascii":
        return json.dumps(ledger, indent="\t")
    if style == "minified":
        return json.dumps(ledger, ensure_ascii=False, separators=(",", ":"))
    # one issue per line, as bench/generate.py writes it
    head = '{\n "ledger_version": 1,\n "unit": "樊城区司法局党组",\n "issues": [\n'
    body = ",\n".join("  " + json.dumps(issue, ensure_ascii=False) for issue in issues)
    return head + body + '\n ],\n "contact": {"phone": "0710"}\n}\n'


@pytest.mark.parametrize("style", ["indent", "ascii", "minified", "lines"])
def test_fast_index_agrees_with_the_exact_scan(monkeypatch: pytest.MonkeyPatch, style: str) -> None:
    text = _big_ledger(300, style)
    data = text.encode("utf-8")
    parsed = json.loads(text)
    pointers = [p for p, _ in leaves(parsed)]
    random.Random(1).shuffle(pointers)
    pointers = pointers[:400] + ["/issues/299/title", "/issues/300", "/contact/phone", "",
                                 "/issues/5/owner/leader"]
    monkeypatch.setattr(json_source, "FAST_INDEX_MIN", 0)
    fast = JsonSourceMap("big.json", data)
    monkeypatch.setattr(json_source, "FAST_INDEX_MIN", 1 << 40)
    exact = JsonSourceMap("big.json", data)
    for pointer in pointers:
        assert fast.locate(pointer) == exact.locate(pointer), pointer
        assert fast.excerpt(pointer) == exact.excerpt(pointer), pointer
    for pointer, value in leaves(parsed):
        if pointer.endswith("/title"):
            assert json.loads(source_slice(text, fast.locate(pointer))) == value
    issues_array = next(scan for scan in fast._arrays.values() if len(scan.starts) >= 3)
    assert (issues_array.fast is not None) == (style != "minified")  # the separator index was used


def test_irregular_indentation_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 41 carries a nested array indented like the issues themselves: the index must not be trusted
    text = _big_ledger(80, "indent")
    marker = '"id": "41",'
    text = text.replace(marker, marker + '\n"extra": [\n    {"a": 1},\n    {"b": 2}\n    ],', 1)
    parsed = json.loads(text)
    monkeypatch.setattr(json_source, "FAST_INDEX_MIN", 0)
    source_map = JsonSourceMap("odd.json", text.encode("utf-8"))
    for pointer, value in leaves(parsed):
        if pointer.count("/") == 3 and pointer.endswith("/title"):
            assert json.loads(source_slice(text, source_map.locate(pointer))) == value, pointer


def test_deep_nesting_is_walked() -> None:
    deep: object = "最深处的值"
    for level in range(14):
        deep = {"k": [deep]} if level % 2 else [deep, {"x": "]}"}]
    text = json.dumps({"issues": [deep, {"title": "之后的问题"}]}, ensure_ascii=False, indent=1)
    source_map = JsonSourceMap("deep.json", text.encode("utf-8"))
    assert json.loads(source_slice(text, source_map.locate("/issues/1/title"))) == "之后的问题"


def test_ids_written_as_json_numbers_keep_the_text_written(tmp_path: Path) -> None:
    """DESIGN §4: `"id": 1.10` is item 1.10, not 1.1; it must not collide with the real 1.1."""
    from checker.api import read_ledger

    text = LEDGER.replace('"id": "1"', '"id": 1.10', 1).replace('"id": "2"', '"id": 1.1', 1)
    assert '"id": 1.10' in text and '"id": 1.1,' in text
    path = tmp_path / "numbers.json"
    path.write_text(text, encoding="utf-8")
    ids = [issue["id"] for issue in read_ledger(path).ledger["issues"]]
    assert ids[:2] == ["1.10", "1.1"]
    assert json_source.numeric_id_texts(text.encode()) == {0: "1.10", 1: "1.1"}
    assert json_source.numeric_id_texts(LEDGER.encode()) == {}  # string ids: nothing to keep


@pytest.mark.parametrize("indent", [None, 2])
def test_every_scalar_is_located_from_its_first_to_its_last_character(indent: int | None) -> None:
    value = {"text": "普通文本", "escaped": '引号"反斜杠\\换行\n\u00e9😀', "empty": "", "number": 12.5e3, "zero": -0,
             "yes": True, "no": False, "none": None, "list": [1, "甲", False], "nested": {"deep": ["乙", 2]}}
    for ascii_only in (True, False):
        text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
        source_map = JsonSourceMap("x.json", text.encode("utf-8"))
        for pointer, leaf in leaves(value):
            assert json.loads(source_slice(text, source_map.locate(pointer))) == leaf, pointer
