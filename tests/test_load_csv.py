"""CSV ledgers (checker.load.csv_source): encodings, delimiters, a title row above the header, cells that
span lines. Rows quote seed 000_5e4d1fbfc647a5c5.txt."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from checker import load
from checker.errors import InputError
from checker.load.csv_source import sniff_delimiter
from checker.model import Ledger
from checker.read import read_source

HEADER = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人",
          "整改时限", "整改状态", "完成时间", "佐证材料"]
ROWS = [
    ["1", "用先进的理论武装思想不够深入细致",
     "修改完善《司法局党组理论学习中心组制度》\n2023年3月20日,召开党组会学习《2023年全区政法改革工作要点》",
     "张某", "办公室", "李某", "2023/6/30", "已完成", "2023/4/25", "党组会议纪要"],
    ["2", "推进“一心四区”建设不够积极主动", "研究制定《区司法局开展作风建设“实干年”活动的实施方案》",
     "王某", "办公室", "陈某", "2023年6月30日", "已完成", "2023年6月20日", "实施方案"],
    ["3", "统筹协调依法治区工作不够有力", "向各镇(街)、区直单位印发征求意见函", "刘某", "法治督察股", "", "",
     "正在推进", "", ""],
]


def read(path: Path, display: str | None = None) -> load.SourceDoc:
    """A file loaded and its tables read, as the pipeline does."""
    return read_source(load.read(path, display))


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "台账.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = csv_text([["区司法局党组巡察整改台账"], HEADER, *ROWS])
    doc = read(write(tmp_path, text.encode(encoding)))
    assert doc.format == "csv" and doc.data is not None
    assert doc.data["unit"] == "区司法局党组"
    assert [i["title"] for i in doc.data["issues"]] == [row[1] for row in ROWS]
    assert doc.data["issues"][1]["deadline"] == "2023-06-30"
    Ledger.model_validate(doc.data)


def test_title_row_and_cells(tmp_path: Path) -> None:
    text = csv_text([["区司法局党组巡察整改台账", "", ""], HEADER, *ROWS])
    doc = read(write(tmp_path, text.encode("utf-8-sig")), display="台账.csv")
    source_map = doc.source_map
    assert source_map.locate("/unit").cell == "A1"
    first = doc.data["issues"][0]
    assert [m["text"] for m in first["measures"]] == [
        "修改完善《司法局党组理论学习中心组制度》",
        "2023年3月20日,召开党组会学习《2023年全区政法改革工作要点》"]
    # line and column are where the field starts in the file (not the record's field index)
    lines = text.split("\n")
    loc = source_map.locate("/issues/0/measures/1/text")
    measures_at = len(lines[2].split(",", 2)[0]) + len(lines[2].split(",", 2)[1]) + 3  # after two fields
    assert (loc.cell, loc.line, loc.column) == ("C3", 3, measures_at)
    # record 4 starts on source line 5: the measures cell of record 3 spans two lines
    loc = source_map.locate("/issues/1/title")
    assert (loc.cell, loc.line, loc.column) == ("B4", 5, len(lines[4].split(",")[0]) + 2)
    assert loc.short() == "台账.csv:B4"
    # item 3 has no person and no deadline: their empty cells are located
    assert source_map.locate("/issues/2/owner/person").cell == "F5"
    assert source_map.locate("/issues/2/deadline").cell == "G5"
    assert "deadline" not in doc.data["issues"][2]
    assert doc.data["issues"][2]["status"] == "in_progress"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    text = csv_text([HEADER, *ROWS], delimiter)
    assert sniff_delimiter(text) == delimiter
    doc = read(write(tmp_path, text.encode("utf-8")))
    assert len(doc.data["issues"]) == 3
    assert doc.data["issues"][0]["owner"]["department"] == "办公室"


def test_tsv_suffix(tmp_path: Path) -> None:
    doc = read(write(tmp_path, csv_text([HEADER, *ROWS], "\t").encode("utf-8"), "台账.tsv"))
    assert doc.format == "csv" and len(doc.data["issues"]) == 3


def test_csv_without_header(tmp_path: Path) -> None:
    text = "根据区委巡察工作统一部署,2022年11月2日至2023年1月6日,区委第一巡察组对区司法局党组开展了常规巡察\n"
    with pytest.raises(InputError) as caught:
        read(write(tmp_path, text.encode("utf-8")))
    assert "表头" in caught.value.message


def test_undecodable_csv(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read(write(tmp_path, b"\x00\x01\x02\xff\xfe\x00" * 50 + b"\x81"))
    assert caught.value.location is not None and caught.value.location.line == 1


def test_field_larger_than_the_csv_limit(tmp_path: Path) -> None:
    text = csv_text([HEADER, ["1", "创文工作务虚", "召开会议" * 40000]])
    with pytest.raises(InputError) as caught:
        read(write(tmp_path, text.encode("utf-8")))
    assert "CSV" in caught.value.message and caught.value.location.line == 2
