"""YAML ledgers (checker.load.yaml_source): safe loading with a position for every value.
Titles and measures quote seed 000_5e4d1fbfc647a5c5.txt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.load import read
from checker.load.yaml_source import YamlSourceMap
from checker.model import Ledger

LEDGER = """\
ledger_version: 1
unit: 樊城区司法局党组
inspection: {body: 区委第一巡察组, start: 2022-11-02, end: 2023-01-06, feedback: 2023-03-16}
owners:
  office: &office {leader: 张某, department: 办公室}
issues:
  - id: "1"
    title: 用先进的理论武装思想不够深入细致
    owner:
      <<: *office
      person: 李某
    deadline: 2023-06-30
    status: completed
    measures:
      - {text: "局党组修改完善《司法局党组理论学习中心组制度》\\n二是强化思想引领", date: 2023-03-27}
      - text: >
          召开区司法局党组理论学习中心组会议,
          学习《法治政府建设实施纲要(2021-2025)》
    evidence: ['党组会议纪要(2023年第5次)', "会议签到表"]
  - id: 2
    title: '推进“一心四区”建设不够积极主动'
    owner: *office
"""


def load(tmp_path: Path, text: str | bytes, name: str = "ledger.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read(path)


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def column_of(text: str, needle: str) -> int:
    return text.split("\n")[line_of(text, needle) - 1].index(needle) + 1


def test_data_is_built_with_safe_types(tmp_path: Path) -> None:
    doc = load(tmp_path, LEDGER)
    assert doc.format == "yaml" and doc.json_bytes is None and doc.text is None
    data = doc.data
    assert data is not None
    assert data["inspection"]["feedback"] == dt.date(2023, 3, 16)
    first = data["issues"][0]
    assert first["owner"] == {"leader": "张某", "department": "办公室", "person": "李某"}  # merge key
    assert first["measures"][1]["text"] == (
        "召开区司法局党组理论学习中心组会议, 学习《法治政府建设实施纲要(2021-2025)》\n")
    assert data["issues"][1]["id"] == "2" and data["issues"][1]["owner"]["leader"] == "张某"  # alias; the id as written
    ledger = Ledger.model_validate({k: v for k, v in data.items() if k != "owners"} | {
        "issues": [first, {**data["issues"][1], "id": "2"}]})
    assert ledger.issues[0].deadline == dt.date(2023, 6, 30)


def test_locations_of_values(tmp_path: Path) -> None:
    source_map = load(tmp_path, LEDGER).source_map
    loc = source_map.locate("/unit")
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (2, 7, 2, 15)
    loc = source_map.locate("/inspection/feedback")
    assert (loc.line, loc.column) == (3, column_of(LEDGER, "2023-03-16"))
    loc = source_map.locate("/issues/0/title")
    assert (loc.line, loc.column) == (line_of(LEDGER, "用先进的理论"), 12)
    loc = source_map.locate("/issues/1/title")
    assert (loc.line, loc.column) == (line_of(LEDGER, "一心四区"), 12)  # the opening quote
    # merged and aliased values sit where they are written: the anchor
    anchor = (line_of(LEDGER, "&office"), column_of(LEDGER, "张某"))
    leader = source_map.locate("/issues/0/owner/leader")
    assert (leader.line, leader.column) == anchor
    assert source_map.locate("/issues/1/owner/department").line == anchor[0]
    assert source_map.locate("/issues/0/owner/person").line == line_of(LEDGER, "person: 李某")


def test_missing_pointer_locates_the_ancestor(tmp_path: Path) -> None:
    source_map = load(tmp_path, LEDGER).source_map
    issue = source_map.locate("/issues/1")
    loc = source_map.locate("/issues/1/deadline")
    assert (loc.line, loc.column, loc.pointer) == (issue.line, issue.column, "/issues/1/deadline")
    assert source_map.locate("/contact/phone").line == 1


def test_spans_inside_scalars(tmp_path: Path) -> None:
    source_map = load(tmp_path, LEDGER).source_map
    lines = LEDGER.split("\n")
    title = "用先进的理论武装思想不够深入细致"
    loc = source_map.locate("/issues/0/title", 2, 4)
    assert lines[loc.line - 1][loc.column - 1:loc.end_column - 1] == title[2:4]
    # double-quoted with an escaped line break: 二是 comes after \n
    text = "局党组修改完善《司法局党组理论学习中心组制度》\n二是强化思想引领"
    start = text.index("二是")
    loc = source_map.locate("/issues/0/measures/0/text", start, start + 2)
    assert lines[loc.line - 1][loc.column - 1:loc.end_column - 1] == "二是"
    # folded block: the second source line
    folded = "召开区司法局党组理论学习中心组会议, 学习《法治政府建设实施纲要(2021-2025)》\n"
    start = folded.index("法治政府")
    loc = source_map.locate("/issues/0/measures/1/text", start, start + 4)
    assert loc.line == line_of(LEDGER, "学习《法治政府")
    assert lines[loc.line - 1][loc.column - 1:loc.end_column - 1] == "法治政府"
    assert source_map.excerpt("/issues/0/measures/1/text", start, start + 4) == "法治政府"


def test_excerpts(tmp_path: Path) -> None:
    source_map = load(tmp_path, LEDGER).source_map
    assert source_map.excerpt("/issues/1/title") == "推进“一心四区”建设不够积极主动"
    assert source_map.excerpt("/inspection/feedback") == "2023-03-16"
    first_line = "局党组修改完善《司法局党组理论学习中心组制度》"
    assert source_map.excerpt("/issues/0/measures/0/text") == first_line + "…"
    assert source_map.excerpt("/inspection").startswith("{body: 区委第一巡察组, start: 2022-11-02")
    assert isinstance(source_map, YamlSourceMap)


@pytest.mark.parametrize("text, line, column, word", [
    ("unit: 樊城区司法局党组\nissues: []\nunit: 区司法局党组\n", 3, 1, "重复"),
    ("issues:\n  - id: '1'\n    title: 创文工作务虚\n    title: 文风不实\n", 4, 5, "重复"),
    ("unit: !!python/object/apply:os.system ['echo hi']\n", 1, 7, "标签"),
    ("unit: !!python/name:os.system\n", 1, 7, "标签"),
    ("owner: !!set {张某, 李某}\n", 1, 8, "标签"),
    ("unit: 樊城区司法局党组\nissues: [\n  {id: 1}\n", 4, 1, "缺少"),
    ("unit: 樊城: 司法局\n", 1, 9, "键: 值"),
    ("unit: 樊城区司法局党组\n---\nunit: 区司法局\n", 2, 1, "多个"),
    ("owner: *leader\n", 1, 8, "锚点"),
    ("a: &x [1, *x]\n", 1, 4, "循环"),
    ("- 1\n- 2\n", 1, 1, "映射"),
    ("unit:\n\t- 1\n", 2, 1, "制表符"),
    ("'unit: 1\n", 2, 1, "结束"),
    ("unit: `樊城`\n", 1, 7, "`"),
    ("declared: {issues: !!int 二十三}\n", 1, 20, "不符合标签"),
])
def test_input_errors_are_located(tmp_path: Path, text: str, line: int, column: int, word: str) -> None:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    error = caught.value
    assert error.location is not None and error.location.source.endswith("ledger.yaml")
    assert (error.location.line, error.location.column) == (line, column)
    assert word in error.message


@pytest.mark.parametrize("text", ["", "# 只有注释\n", "   \n"])
def test_empty_yaml(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError) as caught:
        load(tmp_path, text)
    assert "空" in caught.value.message


def test_gbk_yaml(tmp_path: Path) -> None:
    doc = load(tmp_path, LEDGER.encode("gbk"), "台账.yml")
    assert doc.data is not None and doc.data["unit"] == "樊城区司法局党组"
    assert doc.source_map.locate("/unit").column == 7


def test_keys_are_text(tmp_path: Path) -> None:
    doc = load(tmp_path, "declared: {issues: 23}\n1: 一\nyes: 是\n2023-03-16: 反馈\n")
    assert doc.data == {"declared": {"issues": 23}, "1": "一", "yes": "是", "2023-03-16": "反馈"}


def test_impossible_dates_stay_text(tmp_path: Path) -> None:
    text = "issues:\n  - id: '1'\n    title: 创文工作务虚\n    deadline: 2023-02-30\n"
    doc = load(tmp_path, text)
    assert doc.data["issues"][0]["deadline"] == "2023-02-30"  # validation reports it at its line
    assert doc.source_map.locate("/issues/0/deadline").line == 4
