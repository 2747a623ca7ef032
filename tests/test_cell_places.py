"""Workbook and Word-table cells are named the same way everywhere: `ledgerlint extract` comments and lint
findings (整改台账!G8, 表1!C2); a long-term item's missing review date points at the cell that says 长期坚持."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from checker.api import LintOptions, lint
from checker.cli import main

HEADER = ["序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "整改时限", "整改状态"]
ROWS = [
    ["1", "理论学习制度执行不严格", "修订党组理论学习中心组学习制度,2023年5月起每月集中学习一次", "张某", "办公室", "李某",
     dt.datetime(2023, 6, 30), "已完成"],
    ["2", "统筹规划法治社会建设不够有力", "印发《樊城区普法依法治理工作要点》,组织开展民法典宣传月活动", "张某", "普法股", "王某",
     "长期坚持", "长期整改"],
]


def _workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet["A1"] = "樊城区司法局党组巡察整改台账"
    sheet.append([])
    sheet.append(HEADER)  # row 3
    for row in ROWS:
        sheet.append(row)
    book.save(path)


def _word(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("樊城区司法局党组巡察整改台账")
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for col, label in enumerate(HEADER):
        table.cell(0, col).text = label
    for r, row in enumerate(ROWS, start=1):
        for col, value in enumerate(row):
            table.cell(r, col).text = value.strftime("%Y-%m-%d") if isinstance(value, dt.datetime) else value
    document.save(path)


def _extract(path: Path) -> str:
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def test_extract_names_workbook_cells_as_lint_does(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    _workbook(path)
    text = _extract(path)
    assert "    title: 理论学习制度执行不严格  # 整改台账!B4\n" in text
    assert "    deadline: 2023-06-30  # 整改台账!G4\n" in text
    assert not re.search(r"# L\d+:\d+", text)


def test_extract_names_word_table_cells_as_lint_does(tmp_path: Path) -> None:
    path = tmp_path / "ledger.docx"
    _word(path)
    text = _extract(path)
    titles = re.findall(r"title: 理论学习制度执行不严格  # (\S+)\n", text)
    assert titles and re.fullmatch(r"表1!B2", titles[0]), text
    assert not re.search(r"# L\d+:\d+", text.split("issues:", 1)[1])  # the paragraph above keeps its line


def test_a_long_term_item_without_review_date_column_is_pointed_at_its_deadline_cell(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    _workbook(path)
    [file] = lint([path], LintOptions(as_of=dt.date(2023, 7, 15))).files
    [finding] = [f for f in file.findings if f.rule == "completeness/deadline-missing"]
    assert finding.item == "2"
    assert finding.location.cell == "整改台账!G5"
    assert finding.excerpt == "长期坚持"
