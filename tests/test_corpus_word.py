"""The Word cases of the corpus (tests/data/corpus/word: the expectations, copied from the shared corpus).
The .docx files are built here with python-docx, with the corpus texts, numbering.xml, w:ins/w:del and the
footer written by the test, then checked against the copied expectations like any corpus case."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.corpus_expect import CORPUS, problems
from tests.docx_build import Notice
from tests.test_word_notices import CONTACT, DONE, OPEN, OPENING, TITLE, auto_numbered, problem_table, typed


def tracked(path: Path) -> Path:
    doc = Notice()
    doc.para(TITLE)
    doc.tracked(("", "根据县委统一部署,2023年3月1日至4月20日,县委第二巡察组对县司法局党组进行了巡察。2023年5月10日,"
                     "县委第二巡察组向县司法局党组反馈了巡察意见。截至目前,已完成整改"), ("del", "3"), ("ins", "4"),
                ("", "个,正在推进"), ("del", "0"), ("ins", "1"), ("", "个。现将整改进展情况予以公布。"))
    doc.para("一、已完成整改事项")
    doc.para("1.关于“理论学习中心组学习不规范”的问题。整改情况:2023年5月20日修订《理论学习中心组学习制度》。")
    doc.para("2.关于“意识形态工作责任制落实不到位”的问题。整改情况:2023年5月25日印发《意识形态工作责任清单》。")
    doc.para("3.关于“财务报销审核不严”的问题。整改情况:2023年6月开展财务专项检查,清退不合规票据3张。")
    doc.para("二、正在推进的整改事项")
    doc.tracked(("", "1.关于“基层司法所人员不足”的问题。整改情况:已向县委编办报送用编计划,"),
                ("ins", "计划于2023年12月底前完成招录。"))
    doc.para("联系电话:0000-0000000")
    doc.para("2023年7月15日")
    return doc.save(path)


def footer_contact(path: Path) -> Path:
    doc = Notice()
    doc.para(TITLE)
    doc.para(OPENING)
    doc.para("一、已完成整改事项")
    for n, text in enumerate(DONE, start=1):
        doc.para(f"{n}.{text}")
    doc.para("二、正在推进的整改事项")
    for n, text in enumerate(OPEN, start=1):
        doc.para(f"{n}.{text}")
    doc.para("中共某县司法局党组")
    doc.para("2023年7月15日")
    doc.footer(CONTACT)
    return doc.save(path)


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "auto-numbering.docx": auto_numbered,
    "contact-in-footer.docx": footer_contact,
    "prose-with-problem-table.docx": problem_table,
    "tracked-changes.docx": tracked,
    "typed-numbering.docx": typed,
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_case(name: str, tmp_path: Path) -> None:
    path = BUILDERS[name](tmp_path / name)
    shutil.copy(CORPUS / "word" / (name + ".expect.yaml"), tmp_path / (name + ".expect.yaml"))
    assert problems(path) == []


def test_the_whole_folder_is_covered() -> None:
    cases = sorted(p.name[:-len(".expect.yaml")] for p in (CORPUS / "word").glob("*.expect.yaml"))
    assert cases == sorted(BUILDERS)
