"""The HTML report, parsed back: summary numbers, one section per file, findings grouped by item, locations,
escaping of untrusted text, the highlighted span, and a real run over samples/."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.api import lint
from checker.findings import FileResult, Finding, LintResult, Severity
from checker.location import Location
from checker.report import render
from tests.test_report_common import DOCX_BROKEN, JSON_LEDGER, SEED, XLSX_LEDGER, YAML_LEDGER, sample_result

ROOT = Path(__file__).resolve().parent.parent
VOID = {"meta", "br", "link", "img", "hr", "input"}
KIND = {"ledger": "台账", "notice": "通报", "other": "其他"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        """Descendants in document order with that tag and/or class."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found.extend(child.all(tag, cls))
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]


class TreeBuilder(HTMLParser):
    """A small DOM, failing on tags that are closed out of order (the page must be well nested)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


def sections(page: Node) -> list[Node]:
    return page.all("section", "file")


def with_finding(result: LintResult, index: int, finding: Finding) -> LintResult:
    """`result` with `finding` added to file `index`."""
    files = list(result.files)
    files[index] = dataclasses.replace(files[index], findings=files[index].findings + (finding,))
    return LintResult(tuple(files), result.rules)


def test_page_is_chinese_self_contained_and_script_free() -> None:
    page = render(sample_result(), "html")
    root = parse(page)
    assert root.one("html").attrs["lang"] == "zh-CN"
    assert any(m.attrs.get("charset") == "utf-8" for m in root.all("meta"))
    assert root.one("style").text().strip()
    assert not root.all("script") and not root.all("link") and not root.all("img")
    for outside in ("http:", "https:", "//", "@import", "url(", "@font-face"):
        assert outside not in root.one("style").text(), outside
    assert not re.search(r"\b(src|href)=\"(?!#)", page), "only in-page links"
    assert "@media print" in root.one("style").text()


def test_summary_counts_match_the_result() -> None:
    result = sample_result()
    summary = parse(render(result, "html")).one("section", "summary")
    boxes = {li.attrs["class"]: int(li.one("span", "num").text()) for li in summary.one("ul", "totals").all("li")}
    by_severity = Counter(f.severity for f in result.findings())
    assert boxes == {
        "files": len(result.files),
        "failed": sum(1 for f in result.files if f.failed),
        "error": by_severity[Severity.ERROR],
        "warning": by_severity[Severity.WARNING],
        "info": by_severity[Severity.INFO],
    }
    rows = summary.one("table", "files").one("tbody").all("tr")
    assert [row.all("td")[0].text() for row in rows] == [f.path for f in result.files]
    for row, file in zip(rows, result.files, strict=True):
        cells = [td.text() for td in row.all("td")]
        counts = Counter(f.severity for f in file.findings)
        assert cells[1] == file.format
        assert cells[2] == ("无法读取" if file.failed else KIND[file.kind])
        assert cells[3] == ("" if file.failed else str(file.items))
        assert [int(c) for c in cells[4:]] == [counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]]


def test_summary_counts_each_rule_with_its_title() -> None:
    result = sample_result()
    rules = parse(render(result, "html")).one("table", "rules").one("tbody").all("tr")
    shown = {row.one("td", "rule").text(): int(row.one("td", "n").text()) for row in rules}
    assert shown == dict(Counter(f.rule for f in result.findings()))
    assert "publication/contact-missing" not in shown  # described by the rule set but never fired
    titles = {row.one("td", "rule").text(): row.one("span", "title").text() for row in rules}
    for rule_id, title in titles.items():
        if rule_id in result.rules:
            assert title == result.rules[rule_id].title
    assert titles["input/invalid"]  # no rule file describes it; it still gets a Chinese title


def test_one_section_per_file_with_path_format_kind_and_items() -> None:
    result = sample_result()
    found = sections(parse(render(result, "html")))
    assert [s.one("h2").text() for s in found] == [f.path for f in result.files]
    for section, file in zip(found, result.files, strict=True):
        meta = section.one("p", "meta").text()
        assert file.format in meta
        if file.failed:
            assert "无法读取" in meta and "failed" in section.classes
        else:
            assert KIND[file.kind] in meta
            assert section.one("span", "items").text() == str(file.items)
        assert len(section.all("article", "finding")) == len(file.findings)


def test_findings_grouped_by_item_in_order() -> None:
    result = sample_result()
    notice = next(s for s in sections(parse(render(result, "html"))) if s.one("h2").text() == SEED)
    file = next(f for f in result.files if f.path == SEED)
    groups = notice.all("section", "item")
    headings = [g.one("h3").text() for g in groups]
    items = list(dict.fromkeys(f.item for f in file.findings if f.item))
    assert headings == ["整体"] + [f"问题 {item}" for item in items]
    for group in groups:
        heading = group.one("h3").text()
        expected = [f for f in file.findings if (f"问题 {f.item}" if f.item else "整体") == heading]
        assert [a.one("p", "message").text() for a in group.all("article")] == [f.message for f in expected]


def test_document_wide_findings_lead_even_when_reported_last() -> None:
    count = Finding("consistency/declared-count", Severity.ERROR, "文中称共有 23 个问题,实际列出 11 个",
                    Location(JSON_LEDGER, 12, 15, 12, 17, "/declared/issues"), excerpt="23")
    section = sections(parse(render(with_finding(sample_result(), 0, count), "html")))[0]
    assert [h.text() for h in section.all("h3")] == ["整体", "问题 4"]
    assert section.all("section", "item")[0].one("p", "message").text() == count.message


def test_each_finding_shows_severity_rule_title_message() -> None:
    result = sample_result()
    articles = parse(render(result, "html")).all("article", "finding")
    assert len(articles) == len(result.findings())
    for article, finding in zip(articles, result.findings(), strict=True):
        badge = article.one("span", "sev")
        assert badge.text() == finding.severity.chinese
        assert finding.severity.label in badge.classes and finding.severity.label in article.classes
        assert article.one("code", "rule").text() == finding.rule
        if finding.rule in result.rules:
            assert article.one("span", "title").text() == result.rules[finding.rule].title
        assert article.one("p", "message").text() == finding.message
        quote = article.all("blockquote", "excerpt")
        assert [q.text() for q in quote] == ([finding.excerpt] if finding.excerpt else [])


@pytest.mark.parametrize(("path", "position", "pointer"), [
    (JSON_LEDGER, "/issues/3", None),
    (XLSX_LEDGER, "整改台账!F7", "/issues/5/deadline"),
    (SEED, "26:16", "/issues/9/measures/0/text"),
    (DOCX_BROKEN, None, None),
])
def test_location_forms(path: str, position: str | None, pointer: str | None) -> None:
    section = next(s for s in sections(parse(render(sample_result(), "html"))) if s.one("h2").text() == path)
    locs = [a.one("p", "loc") for a in section.all("article")]
    if position is None:
        assert locs[0].text() == "位置 整个文件"
        return
    match = next(loc for loc in locs if loc.one("code", "pos").text() == position)
    assert [c.text() for c in match.all("span", "pointer")] == ([f"指针 {pointer}"] if pointer else [])


def test_related_locations_are_listed() -> None:
    section = next(s for s in sections(parse(render(sample_result(), "html"))) if s.one("h2").text() == XLSX_LEDGER)
    related = [p.text() for p in section.all("p", "related")]
    assert related == [f"参见 {XLSX_LEDGER}:整改台账!B2"]


def test_file_without_findings_says_so() -> None:
    clean = next(s for s in sections(parse(render(sample_result(), "html"))) if s.one("h2").text() == YAML_LEDGER)
    assert clean.one("p", "clean").text() == "未发现问题"
    assert not clean.all("article")


def test_untrusted_text_is_escaped() -> None:
    result = sample_result()
    evil = Finding("consistency/rate", Severity.WARNING, "比率<img src=x onerror=alert(1)>不符",
                   Location(SEED, 14, 737, 14, 750), item="4",
                   excerpt="行政应诉出庭率达到100%</blockquote><script>alert(2)</script>")
    page = render(with_finding(result, 4, evil), "html")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    root = parse(page)
    assert not root.all("script") and not root.all("img")
    quotes = [q.text() for q in root.all("blockquote", "excerpt")]
    assert evil.excerpt in quotes  # shown as the document wrote it, not interpreted
    assert evil.message in [p.text() for p in root.all("p", "message")]


def test_control_characters_from_damaged_documents_are_replaced() -> None:
    broken = FileResult(DOCX_BROKEN, "docx", None, (
        Finding("input/invalid", Severity.ERROR, "无法读取文件:\x00\x07第3段", Location(DOCX_BROKEN)),), failed=True)
    page = render(LintResult((broken,), {}), "html")
    assert "\x00" not in page and "\x07" not in page
    assert "无法读取文件:\ufffd\ufffd第3段" in page


def test_the_quoted_wording_is_marked_inside_a_longer_excerpt() -> None:
    # seed 000_5e4d1fbfc647a5c5.txt, issue 23: three vague measures; the message names the first one
    vague = Finding("completeness/measures-vague", Severity.WARNING,
                    "问题 23 的整改措施没有可核查的内容(日期、数量、文件或具体会议),如「加强制度建设,构建长效机制」",
                    Location(SEED, 52, 6, 52, 82, "/issues/22/measures"), item="23",
                    excerpt="一是加强制度建设,构建长效机制;二是加强制度执行,将制度落实到各项工作当中,"
                            "形成用制度管人,用流程管事的工作氛围;三是加强思想教育,杜绝再次出现类似情况")
    tagged = dataclasses.replace(vague, message="措施「<b>构建</b>长效机制」空泛",
                                 excerpt="一是加强制度建设,<b>构建</b>长效机制;二是加强思想教育")
    root = parse(render(with_finding(with_finding(sample_result(), 4, vague), 0, tagged), "html"))
    marks = [m.text() for m in root.all("mark")]
    assert marks == ["<b>构建</b>长效机制", "加强制度建设,构建长效机制"]
    assert not root.all("b")
    quote = next(q for q in root.all("blockquote") if q.all("mark") and "一是加强制度建设,构建" in q.text())
    assert quote.text() == vague.excerpt  # the mark wraps the span, nothing is lost around it


def test_an_excerpt_that_is_the_span_itself_is_not_marked() -> None:
    # the sample's findings quote exactly their span (明确专人负责 …): nothing inside them to single out
    assert not parse(render(sample_result(), "html")).all("mark")


def test_real_run_over_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = lint(["samples/"])
    page = render(result, "html")
    assert page == render(lint(["samples/"]), "html")
    root = parse(page)
    found = sections(root)
    assert [s.one("h2").text() for s in found] == [f.path for f in result.files]
    assert len(root.all("article", "finding")) == len(result.findings()) > 0
    for section, file in zip(found, result.files, strict=True):
        assert len(section.all("article")) == len(file.findings)
        if not file.findings:
            assert section.one("p", "clean").text() == "未发现问题"
        headings = [h.text() for h in section.all("h3")]
        items = list(dict.fromkeys(f"问题 {f.item}" for f in file.findings if f.item))
        # document-wide findings (a missing contact sits at the notice's end) lead their file
        assert headings == ["整体"] * any(not f.item for f in file.findings) + items
    other = next(s for s in found if s.one("h2").text().endswith("yuanjiang-work-summary.txt"))
    assert "类型 其他" in other.one("p", "meta").text()
    xlsx = next(s for s in found if s.one("h2").text().endswith("pingdingshan-2024.xlsx"))
    assert "整改台账!G8" in [c.text() for c in xlsx.all("code", "pos")]
    # every highlight is wording the message quotes, found inside that finding's excerpt
    for article in root.all("article"):
        for mark in article.all("mark"):
            assert f"「{mark.text()}」" in article.one("p", "message").text()
            assert mark.text() in article.one("blockquote").text()
    assert root.all("mark"), "the vague-measure findings quote one measure of a longer excerpt"
