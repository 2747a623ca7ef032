"""The HTML report in a real headless Chromium: the summary as shown, the filters (severity, rule, unit,
text search) working offline, print to A4 PDF with page count and running header, and a screenshot.

Set LEDGERLINT_SCREENSHOTS=DIR to keep the screenshot and the PDF for review."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.api import lint
from checker.baseline import unit_key
from checker.findings import LintResult, Severity
from checker.report import render
from checker.report.common import group_by_unit
from tests.browser import pdf_page_size, pdf_pages

ROOT = Path(__file__).resolve().parent.parent
A4 = (595.0, 842.0)  # points


@pytest.fixture(scope="module")
def result() -> LintResult:
    return lint([ROOT / "samples"])


@pytest.fixture()
def page(browser: Any, result: LintResult, tmp_path: Path) -> Iterator[Any]:
    report = tmp_path / "检查报告.html"
    report.write_text(render(result, "html"), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    opened = context.new_page()
    opened.goto(report.as_uri())
    yield opened
    context.close()


def visible_rules(page: Any) -> Counter[str]:
    return Counter(page.eval_on_selector_all(
        "article.finding", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.rule)"))


def shown(page: Any) -> str:
    return str(page.inner_text("#shown"))


def test_summary_as_shown(page: Any, result: LintResult) -> None:
    boxes = page.eval_on_selector_all(".totals li", "els => els.map(e => [e.className, e.innerText])")
    numbers = {cls: int(text.split()[0]) for cls, text in boxes}
    counts = Counter(f.severity for f in result.findings())
    assert numbers["files"] == len(result.files)
    assert numbers["error"] == counts[Severity.ERROR] and numbers["warning"] == counts[Severity.WARNING]
    # 中共平顶山市司法局党委 and 平顶山市司法局党委 (both in samples/) are one unit; files naming none are one group
    assert numbers["units"] == len({unit_key(f.meta.unit or "") for f in result.files})
    total = len(result.findings())
    assert shown(page) == f"显示 {total} / {total} 条"
    assert sum(visible_rules(page).values()) == total
    units = page.eval_on_selector_all("table.units tbody tr td:first-child", "els => els.map(e => e.innerText)")
    assert "中共平顶山市司法局党委" in units and "平顶山市司法局党委" not in units and units[-1] == "未载明被巡察单位"


def test_severity_filter_hides_errors_and_empty_groups(page: Any, result: LintResult) -> None:
    page.uncheck("input[name=sev][value=error]")
    expected = Counter(f.rule for f in result.findings() if f.severity != Severity.ERROR)
    assert visible_rules(page) == expected
    assert shown(page) == f"显示 {sum(expected.values())} / {len(result.findings())} 条"
    # a unit whose findings are all errors (the work summary: not a report) disappears with them; the others stay
    keep = {unit for unit, files in group_by_unit(result)
            if any(x.severity != Severity.ERROR for f in files for x in f.findings)}
    units = page.eval_on_selector_all("section.unit", "els => els.map(e => [e.dataset.unit, e.offsetParent !== null])")
    assert {unit for unit, visible in units if visible} == keep
    assert len(keep) < len(units)


def test_rule_and_unit_filters_and_search(page: Any, result: LintResult) -> None:
    page.select_option("select[name=rule]", "wording/future-in-completed")
    future = [f for f in result.findings() if f.rule == "wording/future-in-completed"]
    assert visible_rules(page) == Counter({"wording/future-in-completed": len(future)})
    page.select_option("select[name=unit]", "中共平顶山市司法局党委")
    units = page.eval_on_selector_all(
        "article.finding", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.unit)")
    files = dict(group_by_unit(result))["中共平顶山市司法局党委"]  # its notice and its ledgers (平顶山市司法局党委)
    assert units == ["中共平顶山市司法局党委"] * sum(1 for f in files for x in f.findings
                                                   if x.rule == "wording/future-in-completed")
    page.fill("input[name=q]", "拟于")
    texts = page.eval_on_selector_all(
        "article.finding", "els => els.filter(e => e.offsetParent !== null).map(e => e.querySelector('mark').innerText)")
    assert texts == ["拟于"] * sum(1 for f in files for x in f.findings
                                   if x.rule == "wording/future-in-completed" and "拟于" in x.excerpt)
    page.fill("input[name=q]", "没有这样的字句")
    assert shown(page).startswith("显示 0 /") and page.is_visible("#none")


def test_print_is_a4_with_running_header_and_rule_docs_last(page: Any, result: LintResult) -> None:
    page.emulate_media(media="print")
    assert not page.is_visible("#filters")
    style = page.evaluate("getComputedStyle(document.querySelector('h4')).breakAfter")
    assert style == "avoid"  # a heading never ends a page: it stays with the finding under it
    assert page.evaluate("getComputedStyle(document.querySelector('.keep')).breakInside") == "avoid"
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    width, height = pdf_page_size(pdf)
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
    pages = pdf_pages(pdf)
    # eight files, 45 findings: a few pages, not a page per file and not one endless strip
    assert 3 <= pages <= len(result.findings())
    keep = os.environ.get("LEDGERLINT_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / "report.pdf").write_bytes(pdf)


def test_screenshot(page: Any, tmp_path: Path) -> None:
    target = Path(os.environ.get("LEDGERLINT_SCREENSHOTS") or tmp_path) / "report.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=False)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a rendered page, not a blank one
