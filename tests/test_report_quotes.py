"""What a supervisor reads beside each finding: the quote (the sentence or cell, the finding's span marked),
the position in words, and the facts a file is known by (unit, inspection, dates, item titles)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.api import LintOptions, lint
from checker.extract.sourcemap import sentence_quote
from checker.location import Location
from checker.report.common import position_words

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "samples" / "notices" / "pingdingshan-2024-notice.txt"


def test_sentence_quote_spans_from_the_previous_stop_to_the_next() -> None:
    text = "整改情况:一是完善制度。本年度政治轮训拟于6月至8月期间进行;二是加强培训。\n下一段"
    start = text.index("拟于")
    quote = sentence_quote(text, start, start + 2)
    assert quote.text == "本年度政治轮训拟于6月至8月期间进行;"
    assert quote.parts()[1] == "拟于"


def test_sentence_quote_of_a_whole_sentence_span_and_a_line_without_stop() -> None:
    text = "一、基本情况\n  共受理案件213件,其中刑事案件85件  \n"
    start = text.index("共受理")
    end = text.index("85件") + 3
    quote = sentence_quote(text, start, end)
    assert quote.text == "共受理案件213件,其中刑事案件85件"
    assert (quote.start, quote.end) == (0, len(quote.text))


def test_sentence_quote_of_a_very_long_sentence_is_a_window_around_the_span() -> None:
    text = "甲" * 400 + "拟于" + "乙" * 400 + "。"
    quote = sentence_quote(text, 400, 402)
    assert len(quote.text) <= 240 and quote.parts()[1] == "拟于"
    assert quote.text.startswith("甲") and quote.text.endswith("乙")


def test_prose_findings_quote_their_sentence_with_the_span() -> None:
    result = lint([NOTICE])
    file = result.files[0]
    future = [f for f in file.findings if f.rule == "wording/future-in-completed"]
    assert future, "the notice has future wording under completed items"
    source = NOTICE.read_text(encoding="utf-8")
    for finding in future:
        assert finding.quote is not None
        before, marked, after = finding.quote.parts()
        assert marked == finding.excerpt  # the mark is exactly the finding's own span
        assert finding.quote.text in source  # and the sentence is the document's own text
        assert len(finding.quote.text) > len(marked)
    count = next(f for f in file.findings if f.rule == "consistency/declared-count")
    assert count.quote is not None and count.quote.parts()[1] == "列出了30条问题"
    assert count.quote.text.endswith("清单。")


def test_file_facts_and_item_titles_come_with_the_result() -> None:
    file = lint([NOTICE]).files[0]
    assert file.meta.unit == "中共平顶山市司法局党委"
    assert file.meta.body == "市委第六巡察组"
    assert file.meta.feedback == dt.date(2024, 1, 22)
    assert file.meta.report_date == file.meta.as_of == dt.date(2024, 6, 28)
    assert file.title_of("2.3") == "政治轮训不严不实"
    assert file.title_of(None) == "" and file.title_of("no-such-item") == ""
    later = lint([NOTICE], LintOptions(as_of=dt.date(2024, 12, 31))).files[0]
    assert later.meta.as_of == dt.date(2024, 12, 31) and later.meta.report_date == dt.date(2024, 6, 28)


def test_structured_values_quote_the_cell_and_mappings_quote_nothing(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.yaml"
    ledger.write_text(
        "ledger_version: 1\nunit: 某区司法局党组\ninspection: {feedback: 2024-01-22}\nreport_date: 2024-06-28\n"
        "issues:\n  - id: '1'\n    title: 政治轮训不严不实\n    status: completed\n    deadline: 2024-05-30\n"
        "    evidence: [培训通知]\n    measures:\n      - {text: 本年度政治轮训拟于6月至8月期间进行, date: 2024-02-01}\n",
        encoding="utf-8")
    file = lint([ledger]).files[0]
    future = next(f for f in file.findings if f.rule == "wording/future-in-completed")
    assert future.quote is not None
    assert future.quote.text == "本年度政治轮训拟于6月至8月期间进行" and future.quote.parts()[1] == "拟于"
    owner = next(f for f in file.findings if f.rule == "completeness/owner-missing")
    assert owner.quote is None  # an item mapping is no sentence
    contact = [f for f in file.findings if f.rule == "publication/contact-missing"]
    assert all(f.quote is None for f in contact)


@pytest.mark.parametrize(("location", "fmt", "words"), [
    (Location("通报.docx", 3, 1), "docx", "第3段"),
    (Location("通报.docx", 40, 1, cell="表1!D6"), "docx", "表1第6行第4列"),
    (Location("通报.docx", 90, 1, cell="页脚"), "docx", "页脚"),
    (Location("台账.xlsx", 8, 7, cell="整改台账!G8"), "xlsx", "「整改台账」表第8行G列"),
    (Location("台账.csv", 5, 7, cell="G5"), "csv", "第5行G列"),
    (Location("通报.txt", 12, 5, 12, 9), "text", "第12行第5列"),
    (Location("台账.yaml", 30, 9), "yaml", "第30行第9列"),
    (Location("台账.json", pointer="/issues/3"), "json", "整个文件"),
    (Location("通报.docx"), "docx", "整个文件"),
])
def test_positions_in_words(location: Location, fmt: str, words: str) -> None:
    assert position_words(location, fmt) == words
