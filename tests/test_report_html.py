"""The HTML report: structure, escaping of untrusted text, highlighting, and a real run on the samples."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path

from checker.api import lint
from checker.findings import LintResult
from checker.report import render
from tests.test_report_common import sample_result

ROOT = Path(__file__).resolve().parent.parent


class _Collector(HTMLParser):
    """Counts elements by class and keeps the text of <mark> and <h2> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: dict[str, int] = {}
        self.marks: list[str] = []
        self.headings: list[str] = []
        self.scripts = 0
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name == "class" and value:
                for cls in value.split():
                    self.classes[cls] = self.classes.get(cls, 0) + 1
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "mark":
            self.marks.append(data)
        if self._in and self._in[-1] == "h2":
            self.headings.append(data.strip())


def _parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def test_page_is_chinese_self_contained_and_counts_every_finding() -> None:
    result = sample_result()
    page = render(result, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "<link" not in page
    parsed = _parse(page)
    assert parsed.classes.get("finding", 0) == len(result.findings())
    assert parsed.headings == ["汇总"] + [f.path for f in result.files]


def test_untrusted_text_is_escaped() -> None:
    result = sample_result()
    first = result.files[0]
    evil = dataclasses.replace(first.findings[0], message="<script>alert(1)</script>",
                               excerpt="<script>alert(2)</script>")
    hostile = LintResult((dataclasses.replace(first, findings=(evil,) + first.findings[1:]),) + result.files[1:],
                         result.rules)
    page = render(hostile, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert _parse(page).scripts == 0


def test_real_run_groups_by_item_and_marks_the_quoted_span() -> None:
    result = lint([ROOT / "samples" / "notices" / "fancheng-2023-notice.txt"])
    page = render(result, "html")
    parsed = _parse(page)
    assert "问题 4" in page and "问题 23" in page
    # measures-vague quotes the first measure: the quote is highlighted inside the longer excerpt
    assert "加强制度建设,构建长效机制" in parsed.marks
    assert page == render(lint([ROOT / "samples" / "notices" / "fancheng-2023-notice.txt"]), "html")


def test_clean_file_says_no_problem() -> None:
    page = render(lint([ROOT / "samples" / "clean"]), "html")
    assert "未发现问题" in page
