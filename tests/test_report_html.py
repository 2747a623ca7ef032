"""The HTML report, parsed back: the summary per unit and file, findings grouped unit → file → item with the
item's title, the file facts, quotes marked from the finding's own span, positions in words, the filter data,
rule docs at the end, escaping, and a real run over samples/. The page in a real browser: test_report_browser."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.api import lint
from checker.findings import FileMeta, FileResult, Finding, LintResult, Severity
from checker.location import Location, Quote
from checker.report import render
from checker.report.common import group_by_unit
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


FEEDBACK = dt.date(2023, 3, 16)
META = FileMeta(unit="樊城区司法局党组", body="区委第一巡察组", feedback=FEEDBACK, report_date=dt.date(2023, 7, 15),
                as_of=dt.date(2023, 7, 15), title="区司法局党组关于巡察整改进展情况的通报")
TITLES = (("4", "统筹推进法治政府建设不够有力"), ("10", "政务信息发布不及时"), ("13", "创文工作务虚"),
          ("23", "巡察发现问题整改不彻底"), ("6", "统筹落实法律服务不够有力"))


def people_result() -> LintResult:
    """The shared sample run with what a supervisor's report needs: the unit and dates of each file, item
    titles, and quotes (the seed's sentences) carrying the finding's span. The broken file and one ledger
    name no unit."""
    files = []
    for file in sample_result().files:
        if file.failed or file.path == YAML_LEDGER:
            files.append(file)
            continue
        findings = []
        for finding in file.findings:
            if finding.rule == "completeness/owner-vague":
                sentence = "一是明确专人负责政务信息的收集、审核和发布工作。"
                at = sentence.index("明确专人负责")
                finding = dataclasses.replace(finding, quote=Quote(sentence, at, at + len("明确专人负责")))
            findings.append(finding)
        files.append(dataclasses.replace(file, findings=tuple(findings), meta=META, titles=TITLES))
    return LintResult(tuple(files), sample_result().rules)


def units(root: Node) -> list[Node]:
    return root.all("section", "unit")


def test_page_is_chinese_self_contained_with_one_inline_script() -> None:
    page = render(people_result(), "html")
    root = parse(page)
    assert root.one("html").attrs["lang"] == "zh-CN"
    assert any(m.attrs.get("charset") == "utf-8" for m in root.all("meta"))
    style = root.one("style").text()
    script = root.one("script")
    assert "src" not in script.attrs and "addEventListener" in script.text()
    assert not root.all("link") and not root.all("img") and not root.all("iframe")
    for outside in ("http:", "https:", "@import", "url(", "@font-face", "fetch(", "XMLHttpRequest"):
        assert outside not in style and outside not in script.text(), outside
    assert not re.search(r"\b(src|href|action)=\"(?!#)", page), "only in-page links"
    assert "size: A4" in style and "@top-left" in style and "counter(page)" in style
    assert "@media print" in style


def test_summary_totals_and_one_row_per_unit() -> None:
    result = people_result()
    summary = parse(render(result, "html")).one("section", "summary")
    boxes = {li.attrs["class"]: int(li.one("span", "num").text()) for li in summary.one("ul", "totals").all("li")}
    by_severity = Counter(f.severity for f in result.findings())
    assert boxes == {"units": 2, "files": len(result.files), "failed": 1, "error": by_severity[Severity.ERROR],
                     "warning": by_severity[Severity.WARNING], "info": by_severity[Severity.INFO]}
    rows = [[td.text() for td in tr.all("td")] for tr in summary.one("table", "units").one("tbody").all("tr")]
    assert [r[0] for r in rows] == ["樊城区司法局党组", "未载明被巡察单位"]  # files naming no unit come last
    named = [f for f in result.files if f.meta.unit]
    counts = Counter(f.severity for file in named for f in file.findings)
    assert rows[0][1:] == [str(len(named)), str(sum(f.items for f in named)), str(counts[Severity.ERROR]),
                           str(counts[Severity.WARNING]), str(counts[Severity.INFO]), "0"]
    files = [[td.text() for td in tr.all("td")] for tr in summary.one("table", "files").one("tbody").all("tr")]
    assert [r[1] for r in files] == [f.path for f in result.files]
    assert [r[0] for r in files] == [f.meta.unit or "未载明被巡察单位" for f in result.files]
    assert [r[3] for r in files] == ["2023-07-15", "未载明", "2023-07-15", "未载明", "2023-07-15"]


def test_findings_grouped_by_unit_then_file_then_item_with_titles() -> None:
    result = people_result()
    root = parse(render(result, "html"))
    found = units(root)
    assert [u.one("h2").text() for u in found] == ["樊城区司法局党组", "未载明被巡察单位"]
    paths = [[f.one("p", "path").one("code").text() for f in u.all("section", "file")] for u in found]
    assert paths == [[JSON_LEDGER, XLSX_LEDGER, SEED], [YAML_LEDGER, DOCX_BROKEN]]
    notice = next(f for f in found[0].all("section", "file") if f.one("p", "path").text() == f"文件 {SEED}")
    headings = [h.text() for h in notice.all("h4")]
    assert headings == ["整体", "问题 4统筹推进法治政府建设不够有力", "问题 10政务信息发布不及时", "问题 13创文工作务虚",
                        "问题 23巡察发现问题整改不彻底"]
    seed = next(f for f in result.files if f.path == SEED)
    for group in notice.all("section", "item"):
        ident = group.one("h4").all("span", "id")
        expected = [f for f in seed.findings if (f"问题 {f.item}" if f.item else None) == (ident[0].text() if ident else None)]
        assert [a.one("p", "message").text() for a in group.all("article")] == [f.message for f in expected]


def test_each_file_heads_with_unit_body_dates_and_kind() -> None:
    root = parse(render(people_result(), "html"))
    notice = next(f for f in root.all("section", "file") if f.one("p", "path").text() == f"文件 {SEED}")
    assert notice.one("h3").text() == META.title
    facts = {d.one("dt").text(): d.one("dd").text() for d in notice.one("dl", "meta").all("div")}
    assert facts == {"被巡察单位": "樊城区司法局党组", "巡察组": "区委第一巡察组", "反馈日期": "2023-03-16",
                     "报告日期": "2023-07-15", "检查基准日": "2023-07-15", "类型": "通报", "格式": "text", "问题数": "23"}
    broken = next(f for f in root.all("section", "file") if "failed" in f.classes)
    facts = {d.one("dt").text(): d.one("dd").text() for d in broken.one("dl", "meta").all("div")}
    assert facts["被巡察单位"] == "未载明" and facts["类型"] == "无法读取" and "问题数" not in facts


def test_quote_is_the_sentence_with_the_findings_own_span_marked() -> None:
    # the message quotes nothing (no 「」): the mark comes from the finding's span, not from the message
    sentence = "本年度政治轮训拟于6月至8月期间进行。"
    future = Finding("wording/future-in-completed", Severity.WARNING, "已完成事项中出现将来时表述",
                     Location(SEED, 14, 8, 14, 10, "/issues/2/measures/1/text"), item="4", excerpt="拟于",
                     quote=Quote(sentence, 7, 9))
    root = parse(render(with_finding(people_result(), 4, future), "html"))
    article = next(a for a in root.all("article") if a.one("p", "message").text() == future.message)
    quote = article.one("blockquote", "quote")
    assert quote.text() == sentence
    assert [m.text() for m in quote.all("mark")] == ["拟于"]
    vague = next(a for a in root.all("article") if "owner-vague" in a.attrs["data-rule"])
    assert vague.one("mark").text() == "明确专人负责"
    assert vague.one("blockquote").text() == "一是明确专人负责政务信息的收集、审核和发布工作。"


def test_finding_without_quote_shows_its_excerpt_unmarked() -> None:
    result = people_result()
    root = parse(render(result, "html"))
    seed = next(f for f in root.all("section", "file") if f.one("p", "path").text() == f"文件 {SEED}")
    rate = next(a for a in seed.all("article") if a.attrs["data-rule"] == "consistency/rate")
    finding = next(f for f in result.findings() if f.rule == "consistency/rate" and f.location.source == SEED)
    assert finding.quote is None and finding.excerpt  # the sample finding carries an excerpt but no quote
    assert rate.one("blockquote", "quote").text() == finding.excerpt
    assert not rate.all("mark")


def test_positions_are_words() -> None:
    root = parse(render(people_result(), "html"))
    shown = {a.one("p", "message").text(): a.one("span", "where").text() for a in root.all("article")}
    assert shown["问题「统筹落实法律服务不够有力」的整改时限 2023-03-10 早于巡察反馈日期 2023-03-16"] == "「整改台账」表第7行F列"
    assert shown["问题「政务信息发布不及时」的责任人仅表述为“明确专人负责”,未落实到具体人员"] == "第26行第16列"
    assert shown["问题「统筹推进法治政府建设不够有力」未明确责任领导、责任部门或责任人"] == "整个文件"
    related = [p.text() for p in root.all("p", "related")]
    assert related == [f"参见 「整改台账」表第2行B列 {XLSX_LEDGER}:整改台账!B2"]


def test_findings_carry_filter_data_and_the_filters_list_rules_and_units() -> None:
    result = people_result()
    root = parse(render(result, "html"))
    articles = root.all("article", "finding")
    assert len(articles) == len(result.findings())
    for unit in units(root):
        for article in unit.all("article"):
            assert article.attrs["data-unit"] == unit.attrs["data-unit"] == unit.one("h2").text()
    assert Counter(a.attrs["data-rule"] for a in articles) == Counter(f.rule for f in result.findings())
    assert Counter(a.attrs["data-severity"] for a in articles) == Counter(f.severity.label for f in result.findings())
    form = root.one("form")
    boxes = [i.attrs["value"] for i in form.all("input") if i.attrs.get("name") == "sev"]
    assert boxes == ["error", "warning", "info"]
    selects = {s.attrs["name"]: [o.attrs["value"] for o in s.all("option")] for s in form.all("select")}
    assert selects["rule"] == ["", *sorted({f.rule for f in result.findings()})]
    assert selects["unit"] == ["", "樊城区司法局党组", "未载明被巡察单位"]
    assert [i.attrs["name"] for i in form.all("input") if i.attrs.get("type") == "search"] == ["q"]


def test_rule_docs_come_last_one_per_fired_rule() -> None:
    result = people_result()
    root = parse(render(result, "html"))
    body = [c for c in root.one("body").children if isinstance(c, Node)]
    assert body[-2].attrs.get("class") == "ruledocs" and body[-1].tag == "script"
    docs = body[-2].all("div", "ruledoc")
    assert [d.attrs["id"] for d in docs] == [f"rule-{r}" for r in sorted({f.rule for f in result.findings()})]
    owner = next(d for d in docs if d.attrs["id"] == "rule-completeness/owner-missing")
    assert owner.one("p", "doc").text() == result.rules["completeness/owner-missing"].doc
    assert next(d for d in docs if d.attrs["id"] == "rule-input/invalid").one("span", "title").text()


def test_file_without_findings_says_so() -> None:
    clean = next(f for f in parse(render(people_result(), "html")).all("section", "file")
                 if f.one("p", "path").text() == f"文件 {YAML_LEDGER}")
    assert clean.one("p", "clean").text() == "未发现问题"
    assert not clean.all("article")


def test_untrusted_text_is_escaped() -> None:
    evil_text = "行政应诉出庭率达到100%</blockquote><script>alert(2)</script>"
    evil = Finding("consistency/rate", Severity.WARNING, "比率<img src=x onerror=alert(1)>不符",
                   Location(SEED, 14, 737, 14, 750), item="4<b>", excerpt=evil_text,
                   quote=Quote(evil_text, 0, 11))
    result = with_finding(people_result(), 4, evil)
    files = list(result.files)
    files[4] = dataclasses.replace(files[4], meta=dataclasses.replace(META, unit="<i>单位</i>"))
    page = render(LintResult(tuple(files), result.rules), "html")
    assert "<script>alert" not in page and "<img" not in page and "<i>" not in page
    root = parse(page)
    assert len(root.all("script")) == 1 and not root.all("img") and not root.all("i")
    assert evil_text in [q.text() for q in root.all("blockquote", "quote")]
    assert "<i>单位</i>" in [u.one("h2").text() for u in units(root)]


def test_control_characters_from_damaged_documents_are_replaced() -> None:
    broken = FileResult(DOCX_BROKEN, "docx", None, (
        Finding("input/invalid", Severity.ERROR, "无法读取文件:\x00\x07第3段", Location(DOCX_BROKEN)),), failed=True)
    page = render(LintResult((broken,), {}), "html")
    assert "\x00" not in page and "\x07" not in page
    assert "无法读取文件:\ufffd\ufffd第3段" in page


def test_real_run_over_samples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = lint(["samples/"])
    page = render(result, "html")
    assert page == render(lint(["samples/"]), "html")
    root = parse(page)
    assert len(root.all("article", "finding")) == len(result.findings()) > 0
    by_path = {f.one("p", "path").one("code").text(): f for f in root.all("section", "file")}
    assert sorted(by_path) == sorted(f.path for f in result.files)
    group_of = {file.path: unit for unit, files in group_by_unit(result) for file in files}
    assert group_of["samples/ledgers/pingdingshan-2024.yaml"] == "中共平顶山市司法局党委"  # written without 中共
    for file in result.files:
        section = by_path[file.path]
        for article in section.all("article"):
            assert article.attrs["data-unit"] == group_of[file.path]
        items = [h.one("span", "id").text() for h in section.all("h4") if h.all("span", "id")]
        assert items == list(dict.fromkeys(f"问题 {f.item}" for f in file.findings if f.item))
    notice = by_path["samples/notices/pingdingshan-2024-notice.txt"]
    assert notice.one("h3").text() == "关于落实市委巡察反馈意见整改情况的通报"
    quotes = {q.text(): [m.text() for m in q.all("mark")] for q in notice.all("blockquote")}
    assert quotes["本年度政治轮训拟于6月至8月期间进行。"] == ["拟于"]
    heads = [h.text() for h in notice.all("h4")]
    assert "问题 2.3政治轮训不严不实" in heads
    xlsx = by_path["samples/ledgers/pingdingshan-2024.xlsx"]
    assert "「整改台账」表第8行G列" in [s.text() for s in xlsx.all("span", "where")]
    # every marked span is exactly the text of the finding's own span
    for file in result.files:
        for finding in file.findings:
            if finding.quote is not None and finding.excerpt and finding.quote.end > finding.quote.start:
                assert finding.quote.parts()[1].replace("\r", "") in finding.excerpt or finding.excerpt in finding.quote.text
