"""Excel ledgers (checker.load.xlsx_source), built with openpyxl in each test: a merged title row above
the header, a header with line breaks, 责任领导 merged over three rows, Excel dates, a notes sheet before
the ledger sheet. Rows quote seed 000_5e4d1fbfc647a5c5.txt."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from checker import load
from checker.errors import InputError
from checker.load import xlsx_source
from checker.model import Ledger
from checker.read import read_source

SEED = Path(__file__).resolve().parent / "data" / "seeds" / "000_5e4d1fbfc647a5c5.txt"
HEADER = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人",
          "整改\n时限", "整改状态", "完成时间", "佐证材料"]


def read(path: Path, display: str | None = None) -> load.SourceDoc:
    """A file loaded and its tables read, as the pipeline does."""
    return read_source(load.read(path, display))


def seed_items() -> list[tuple[str, str, str]]:
    """(number, title, 整改情况 text) of each item of the seed notice."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    items = []
    for index, line in enumerate(lines):
        found = re.match(r"^(\d+)\.关于“(.*)”(?:的问题)?$", line)
        if found and index + 1 < len(lines) and lines[index + 1].startswith("整改情况:"):
            items.append((found.group(1), found.group(2), lines[index + 1].removeprefix("整改情况:")))
    return items


def workbook(path: Path, *, notes_first: bool = True) -> list[tuple[str, str, str]]:
    """Write a ledger workbook like the ones units send in; return the items it holds."""
    book = openpyxl.Workbook()
    if notes_first:
        notes = book.active
        notes.title = "说明"
        notes["A1"] = "填表说明:整改状态填写已完成、正在推进或长期整改"
        sheet = book.create_sheet("整改台账")
    else:
        sheet = book.active
        sheet.title = "整改台账"
    sheet["A1"] = "樊城区司法局党组巡察整改台账"
    sheet.merge_cells("A1:J1")
    sheet.append([])  # row 2 left empty
    sheet.append(HEADER)  # row 3
    items = seed_items()[:5]
    for number, title, measures in items:
        sheet.append([int(number), title, measures, None, "办公室", "李某", dt.datetime(2023, 6, 30),
                      "已完成", dt.datetime(2023, 5, 10), "党组会议纪要\n学习记录"])
    sheet["D4"] = "张某"
    sheet.merge_cells("D4:D6")  # one leader over the first three issues
    sheet["D7"] = "王某"
    sheet["G8"] = "长期坚持"
    sheet["H8"] = "持续推进中"
    book.save(path)
    return items


def test_ledger_from_the_second_sheet(tmp_path: Path) -> None:
    path = tmp_path / "整改台账.xlsx"
    items = workbook(path)
    doc = read(path)
    assert doc.format == "xlsx" and doc.data is not None
    ledger = doc.data
    assert ledger["unit"] == "樊城区司法局党组"
    assert [i["title"] for i in ledger["issues"]] == [title for _, title, _ in items]
    assert [i["id"] for i in ledger["issues"]] == [n for n, _, _ in items]
    first = ledger["issues"][0]
    assert first["deadline"] == "2023-06-30" and first["completed_on"] == "2023-05-10"
    assert first["status"] == "completed"
    assert first["evidence"] == ["党组会议纪要", "学习记录"]
    assert len(first["measures"]) == 4  # 一是 … 四是
    Ledger.model_validate(ledger)


def test_merged_cells_fill_their_range(tmp_path: Path) -> None:
    path = tmp_path / "整改台账.xlsx"
    workbook(path)
    doc = read(path)
    leaders = [i.get("owner", {}).get("leader") for i in doc.data["issues"]]
    assert leaders == ["张某", "张某", "张某", "王某", None]
    loc = doc.source_map.locate("/issues/2/owner/leader")
    assert (loc.cell, loc.line, loc.column) == ("整改台账!D6", 6, 4)
    assert doc.source_map.excerpt("/issues/2/owner/leader") == "张某"


def test_cells_of_values(tmp_path: Path) -> None:
    path = tmp_path / "整改台账.xlsx"
    workbook(path)
    source_map = read(path, display="台账/整改台账.xlsx").source_map
    loc = source_map.locate("/issues/1/measures/1/text")
    assert (loc.source, loc.cell, loc.line, loc.column) == ("台账/整改台账.xlsx", "整改台账!C5", 5, 3)
    assert loc.short() == "台账/整改台账.xlsx:整改台账!C5"
    assert source_map.excerpt("/issues/1/measures/1/text").startswith("开展“下察解暖”实践活动")
    assert source_map.locate("/issues/4/deadline").cell == "整改台账!G8"
    assert source_map.excerpt("/issues/4/deadline") == "长期坚持"
    assert source_map.locate("/issues").cell == "整改台账!A3"
    assert source_map.locate("/unit").cell == "整改台账!A1"


def test_long_term_and_unknown_status(tmp_path: Path) -> None:
    path = tmp_path / "整改台账.xlsx"
    workbook(path)
    last = read(path).data["issues"][4]
    assert "deadline" not in last
    assert last["status"] == "in_progress"  # 持续推进中 in the status column wins over 长期坚持


def test_header_in_the_first_sheet(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    workbook(path, notes_first=False)
    assert read(path).source_map.locate("/issues/0/title").cell == "整改台账!B4"


def test_streamed_big_workbooks_do_not_fill_merges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "整改台账.xlsx"
    workbook(path)
    monkeypatch.setattr(xlsx_source, "FULL_LOAD_MAX", 0)
    doc = read(path)
    leaders = [i.get("owner", {}).get("leader") for i in doc.data["issues"]]
    assert leaders == ["张某", None, None, "王某", None]
    assert len(doc.data["issues"]) == 5


def test_no_header_in_any_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "巡察整改工作情况说明"
    book.create_sheet("附件")["B2"] = "党组会议纪要"
    path = tmp_path / "说明.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read(path)
    assert "未找到表头" in caught.value.message and "说明、附件" in caught.value.message
    assert caught.value.location.source == str(path)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_text("序号,问题\n1,创文工作务虚\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert "不是有效的 Excel 文件" in caught.value.message


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError) as caught:
        read(path)
    assert "不是有效的 Excel 文件" in caught.value.message


def test_truncated_workbook(tmp_path: Path) -> None:
    path = tmp_path / "整改台账.xlsx"
    workbook(path)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(InputError) as caught:
        read(path)
    assert "不是有效的 Excel 文件" in caught.value.message
