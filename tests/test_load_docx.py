"""Word documents (checker.load.docx_source), built with python-docx in each test: a notice read as text
(one paragraph per line), a ledger table read as a ledger. Text quotes seed 000_5e4d1fbfc647a5c5.txt."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from checker.errors import InputError
from checker.load import WholeFileMap, read

SEED = Path(__file__).resolve().parent / "data" / "seeds" / "000_5e4d1fbfc647a5c5.txt"
HEADER = ["序号", "问题", "整改措施", "责任领导", "整改时限"]


def seed_lines(count: int) -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()[:count]


def notice(path: Path) -> list[str]:
    """A notice: paragraphs of the seed, an empty paragraph, a contact table, a last paragraph."""
    document = docx.Document()
    paragraphs = seed_lines(8)
    for text in paragraphs[:3]:
        document.add_paragraph(text)
    document.add_paragraph("")
    for text in paragraphs[3:]:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "联系电话"
    table.cell(0, 1).text = "0710-3232187"
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 0).text = "通信地址"
    table.cell(1, 1).text = "樊城区\n司法局"
    table.cell(1, 2).text = "邮编"
    closing = document.add_paragraph("欢迎广大干部群众")
    closing.add_run().add_break()
    closing.add_run("对巡察整改落实情况进行监督")
    document.save(path)
    return paragraphs


def test_notice_is_text_with_one_line_per_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "通报.docx"
    paragraphs = notice(path)
    doc = read(path)
    assert doc.format == "docx" and doc.data is None and doc.json_bytes is None
    assert isinstance(doc.source_map, WholeFileMap)
    lines = doc.text.split("\n")
    assert lines[:3] == paragraphs[:3]
    assert lines[3] == ""  # the empty paragraph keeps its line
    assert lines[4:4 + len(paragraphs) - 3] == paragraphs[3:]
    table_start = 4 + len(paragraphs) - 3
    # every paragraph is a line, table-cell paragraphs too (DESIGN §4): a merged cell is one paragraph
    assert lines[table_start:table_start + 6] == ["联系电话", "0710-3232187", "通信地址", "樊城区 司法局", "邮编",
                                                  "欢迎广大干部群众 对巡察整改落实情况进行监督"]
    assert len(lines) == table_start + 6
    assert doc.places[table_start + 1] == "表1!A1" and doc.places[table_start + 4] == "表1!B2"


def ledger_document(path: Path, *, intro: bool = True) -> None:
    document = docx.Document()
    if intro:
        document.add_paragraph("樊城区司法局党组巡察整改台账")
        document.add_paragraph("")
    table = document.add_table(rows=5, cols=len(HEADER))
    for col, text in enumerate(HEADER):
        table.cell(0, col).text = text
    rows = [
        ("1", "用先进的理论武装思想不够深入细致",
         "一是修改完善《司法局党组理论学习中心组制度》;二是强化思想引领"),
        ("2", "推进“一心四区”建设不够积极主动", "研究制定《区司法局开展作风建设“实干年”活动的实施方案》"),
        ("3", "统筹协调依法治区工作不够有力", "向各镇(街)、区直单位印发征求意见函"),
        ("4", "统筹推进法治政府建设不够有力", "召开行政执法工作座谈会"),
    ]
    for row, values in enumerate(rows, start=1):
        for col, text in enumerate(values):
            table.cell(row, col).text = text
        table.cell(row, 4).text = "2023年6月30日"
    table.cell(1, 3).text = "张某"
    table.cell(1, 3).merge(table.cell(3, 3))  # 责任领导 merged over three rows
    table.cell(4, 3).text = "王某"
    document.add_paragraph("附件:整改佐证材料清单")
    document.save(path)


def test_ledger_table(tmp_path: Path) -> None:
    path = tmp_path / "整改台账.docx"
    ledger_document(path)
    doc = read(path)
    assert doc.text is None and doc.data is not None
    ledger = doc.data
    assert ledger["unit"] == "樊城区司法局党组"
    issues = ledger["issues"]
    assert [i["id"] for i in issues] == ["1", "2", "3", "4"]
    assert [m["text"] for m in issues[0]["measures"]] == [
        "修改完善《司法局党组理论学习中心组制度》", "强化思想引领"]
    assert [i["owner"]["leader"] for i in issues] == ["张某", "张某", "张某", "王某"]
    assert issues[2]["deadline"] == "2023-06-30"
    loc = doc.source_map.locate("/issues/2/owner/leader")
    # D2 is merged down to D4: the text is in D2's paragraph, the 11th of the document (2 above the table,
    # 5 header cells, 3 cells of row 2 before it)
    assert (loc.cell, loc.line, loc.column) == ("表1!D4", 11, 4)
    assert doc.source_map.locate("/issues/0/measures/1").cell == "表1!C2"
    unit = doc.source_map.locate("/unit")
    assert (unit.line, unit.cell) == (1, None)  # the title paragraph


def test_ledger_table_without_title(tmp_path: Path) -> None:
    path = tmp_path / "台账.docx"
    ledger_document(path, intro=False)
    doc = read(path)
    assert "unit" not in doc.data and len(doc.data["issues"]) == 4


def test_not_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "通报.docx"
    path.write_text("整改情况:一是局党组修改完善制度", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert "不是有效的 Word 文件" in caught.value.message


def test_a_workbook_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "通报.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError) as caught:
        read(path)
    assert "不是有效的 Word 文件" in caught.value.message


def test_a_zip_without_a_document(tmp_path: Path) -> None:
    path = tmp_path / "通报.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "整改台账")
    with pytest.raises(InputError):
        read(path)


def test_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "空.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.save(path)
    with pytest.raises(InputError) as caught:
        read(path)
    assert "没有文字" in caught.value.message
