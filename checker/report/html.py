"""HTML report for supervisors: one self-contained Chinese page (no network, no external files).

Layout: a header with the filters, the summary (totals, one row per unit, one row per file), then the findings
grouped unit → file → item (with the item's title), each quoting its sentence or cell with the offending span
marked from the finding's own span, and the documentation of every rule that fired at the end. Printed, it is
A4 with a running header and page numbers, and a heading never ends a page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from html import escape

import checker
from checker.findings import FileResult, Finding, LintResult, Severity
from checker.report.common import (
    fired_rules,
    group_by_unit,
    kind_label,
    position_words,
    quote_parts,
    rule_info,
    severity_counts,
    unit_of,
    where,
)
from checker.rule_sections import EXAMPLE_SECTIONS, SECTIONS, doc_sections

PAGE_TITLE = "整改台账与整改通报检查报告"
WHOLE_DOCUMENT = "整体"  # heading of the findings that concern no single item
SEVERITY_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
OVERDUE_RULE = "dates/overdue"

# control characters a damaged document may carry; browsers show them as garbage or not at all
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_CSS = """
:root { --error: #b42318; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff4d6;
  --info: #1d5fa7; --info-bg: #e7f0fb; --line: #d9dce1; --muted: #5f6670; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 0 28px 40px; color: #1f2328; background: #fff;
  font: 14px/1.6 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 24px; margin: 18px 0 2px; }
h2 { font-size: 19px; margin: 0 0 6px; }
h3 { font-size: 16px; margin: 0 0 4px; word-break: break-all; }
h4 { font-size: 14px; margin: 12px 0 6px; padding-bottom: 2px; border-bottom: 1px solid var(--line); }
h4 .id { color: var(--muted); font-weight: 600; margin-right: 6px; }
code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: 12px; }
a { color: inherit; }
.tool, .doc, .related, .path { color: var(--muted); }
.tool { margin: 0 0 10px; font-size: 12px; }
#filters { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line);
  padding: 8px 0; display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; font-size: 13px; }
#filters select, #filters input[type=search] { font: inherit; padding: 2px 6px; max-width: 20em; }
#filters input[type=search] { width: 16em; }
#shown { color: var(--muted); margin-left: auto; }
.summary { margin: 14px 0 20px; }
.totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 12px; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; min-width: 96px; }
.totals .num { display: block; font-size: 20px; font-weight: 600; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f4f5f7; font-weight: 600; }
thead { display: table-header-group; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.path { word-break: break-all; }
table.files td:nth-child(3), table.files td:nth-child(4) { white-space: nowrap; }
.unit { margin-top: 26px; }
.unit > h2 { border-bottom: 3px solid #3a4a5c; padding-bottom: 4px; }
.file { margin: 14px 0 0; }
.file.failed h3 { color: var(--error); }
dl.meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 0 16px;
  margin: 0 0 6px; font-size: 13px; }
dl.meta div { display: flex; gap: 6px; }
dl.meta dt { color: var(--muted); white-space: nowrap; }
dl.meta dd { margin: 0; }
.clean { color: #1a7f37; font-weight: 600; }
.finding { border-left: 4px solid var(--line); padding: 3px 10px; margin: 0 0 8px; }
.finding p { margin: 1px 0; }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); }
.finding.info { border-left-color: var(--info); }
.finding.overdue { background: var(--error-bg); }
.sev { display: inline-block; white-space: nowrap; padding: 0 6px; border-radius: 4px; font-size: 12px;
  font-weight: 600; margin-right: 6px; }
.sev.error { color: var(--error); background: var(--error-bg); }
.sev.warning { color: var(--warning); background: var(--warning-bg); }
.sev.info { color: var(--info); background: var(--info-bg); }
.title { font-weight: 600; }
.where { color: var(--muted); font-size: 12px; margin-left: 8px; white-space: nowrap; }
.quote { margin: 4px 0 2px; padding: 4px 8px; background: #f6f8fa; border-radius: 4px;
  white-space: pre-wrap; word-break: break-all; }
mark { background: #ffd54a; padding: 0 1px; font-weight: 600; }
.related { font-size: 12px; }
.ruledocs { margin-top: 32px; border-top: 3px solid #3a4a5c; padding-top: 8px; }
.ruledoc { margin: 0 0 12px; }
.ruledoc .doc { white-space: pre-wrap; margin: 2px 0 0; }
.ruledoc .doc-heading { margin: 6px 0 0; color: var(--muted); }
.ruledoc pre.example { margin: 2px 0 0; padding: 4px 8px; background: #f6f8fa; border-radius: 4px;
  white-space: pre-wrap; overflow-wrap: anywhere; }
#none { display: none; color: var(--muted); margin: 24px 0; }
[hidden] { display: none !important; }
@page { size: A4; margin: 18mm 14mm 16mm;
  @top-left { content: "整改台账与整改通报检查报告"; font-size: 9pt; color: #5f6670; }
  @bottom-right { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #5f6670; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  #filters { display: none; }
  a { text-decoration: none; }
  .unit { margin-top: 14pt; }
  h2, h3, h4, .filehead, .keep { break-after: avoid; }
  .keep, .finding, tr, .totals li, .ruledoc { break-inside: avoid; }
  .ruledocs { break-before: page; }
  .sev, mark, th, .quote, .finding.overdue { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

# Filters run in the page itself: no network, no library. Each finding carries its severity, rule and unit
# as data attributes; an item, file or unit with no finding left visible is hidden with it.
_SCRIPT = """
(function () {
  var form = document.getElementById('filters');
  if (!form) { return; }
  var findings = Array.prototype.slice.call(document.querySelectorAll('article.finding'));
  var total = findings.length;
  function apply() {
    var sev = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name=sev]'), function (box) {
      sev[box.value] = box.checked;
    });
    var rule = form.elements.rule.value, unit = form.elements.unit.value;
    var words = form.elements.q.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    findings.forEach(function (el) {
      var text = el.textContent.toLowerCase();
      var ok = sev[el.dataset.severity] && (!rule || el.dataset.rule === rule) &&
        (!unit || el.dataset.unit === unit) && words.every(function (w) { return text.indexOf(w) !== -1; });
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var filtering = rule || words.length || Object.keys(sev).some(function (k) { return !sev[k]; });
    function each(sel, fn) { Array.prototype.forEach.call(document.querySelectorAll(sel), fn); }
    each('section.item', function (box) { box.hidden = !box.querySelector('article.finding:not([hidden])'); });
    each('section.file', function (box) {
      var any = box.querySelector('article.finding:not([hidden])');
      var clean = !box.querySelector('article.finding');
      box.hidden = !(any || (clean && !filtering && (!unit || box.dataset.unit === unit)));
    });
    each('section.unit', function (box) { box.hidden = !box.querySelector('section.file:not([hidden])'); });
    document.getElementById('shown').textContent = '显示 ' + shown + ' / ' + total + ' 条';
    document.getElementById('none').style.display = shown || !total ? 'none' : 'block';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
"""


def _text(value: object) -> str:
    """Escaped text for an element or attribute, without control characters."""
    return escape(_CONTROL.sub("\ufffd", str(value)), quote=True)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "未载明"


def group_by_item(findings: tuple[Finding, ...]) -> list[tuple[str | None, list[Finding]]]:
    """Findings per item: the document-wide ones first, then items in order of first appearance."""
    groups: dict[str | None, list[Finding]] = {None: []}
    for finding in findings:
        groups.setdefault(finding.item, []).append(finding)
    return [(item, group) for item, group in groups.items() if group]


def _badge(severity: Severity) -> str:
    return f'<span class="sev {SEVERITY_CLASS[severity]}">{severity.chinese}</span>'


def quote_html(finding: Finding) -> str:
    """The sentence or cell the finding is about, its span marked; the bare excerpt when there is no quote
    (checker.report.common.quote_parts); empty when the finding quotes nothing."""
    before, marked, after = quote_parts(finding)
    if not before and not marked:
        return ""
    body = f"{_text(before)}<mark>{_text(marked)}</mark>{_text(after)}" if marked else _text(before)
    return f'<blockquote class="quote">{body}</blockquote>'


def _finding(finding: Finding, file: FileResult, unit: str, result: LintResult) -> list[str]:
    """One finding: severity, rule title, where (in words), message, quote, related places."""
    info = rule_info(result, finding.rule, finding.severity)
    sev = SEVERITY_CLASS[finding.severity]
    classes = f"finding {sev} overdue" if finding.rule == OVERDUE_RULE else f"finding {sev}"
    lines = [
        f'<article class="{classes}" data-severity="{sev}" data-rule="{_text(finding.rule)}" '
        f'data-unit="{_text(unit)}">',
        f'<p class="head">{_badge(finding.severity)}<span class="title">{_text(info.title)}</span>'
        f'<span class="where">{_text(position_words(finding.location, file.format))}</span>'
        f' <code class="rule">{_text(finding.rule)}</code></p>',
        f'<p class="message">{_text(finding.message)}</p>',
    ]
    quoted = quote_html(finding)
    if quoted:
        lines.append(quoted)
    for rel in finding.related:
        lines.append(f'<p class="related">参见 {_text(position_words(rel, file.format))}'
                     f' <code>{_text(where(rel))}</code></p>')
    lines.append("</article>")
    return lines


def _meta(file: FileResult) -> str:
    """The facts a file is known by, as a definition list."""
    meta = file.meta
    pairs = [("被巡察单位", meta.unit or "未载明"), ("巡察组", meta.body or "未载明"),
             ("反馈日期", _date(meta.feedback)), ("报告日期", _date(meta.report_date)),
             ("检查基准日", _date(meta.as_of)), ("类型", kind_label(file)), ("格式", file.format)]
    if not file.failed:
        pairs.append(("问题数", str(file.items)))
    cells = "".join(f"<div><dt>{k}</dt><dd>{_text(v)}</dd></div>" for k, v in pairs)
    return f'<dl class="meta">{cells}</dl>'


def _file_section(index: int, file: FileResult, unit: str, result: LintResult) -> list[str]:
    """One file: its heading and facts, then findings per item, the first item kept with the heading."""
    classes = "file failed" if file.failed else "file"
    title = file.meta.title or file.path
    head = [f'<div class="filehead"><h3>{_text(title)}</h3>',
            f'<p class="path">文件 <code>{_text(file.path)}</code></p>', _meta(file), "</div>"]
    lines = [f'<section class="{classes}" id="file-{index}" data-unit="{_text(unit)}">']
    if not file.findings:
        return lines + ['<div class="keep">', *head, '<p class="clean">未发现问题</p>', "</div>", "</section>"]
    for number, (item, findings) in enumerate(group_by_item(file.findings)):
        if item is None:
            heading = f"<h4>{WHOLE_DOCUMENT}</h4>"
        else:
            name = file.title_of(item)
            heading = f'<h4><span class="id">问题 {_text(item)}</span>{_text(name)}</h4>'
        first = _finding(findings[0], file, unit, result)
        lines.append('<section class="item">')
        # a heading travels with the first finding under it, so print never leaves it alone at a page foot
        lines += ['<div class="keep">', *(head if number == 0 else []), heading, *first, "</div>"]
        for finding in findings[1:]:
            lines.extend(_finding(finding, file, unit, result))
        lines.append("</section>")
    lines.append("</section>")
    return lines


def _totals(result: LintResult) -> list[str]:
    """The headline numbers: units, files, unreadable files, findings per severity."""
    counts = severity_counts(result)
    boxes = [("units", "被巡察单位", len(group_by_unit(result))), ("files", "检查文件", len(result.inputs)),
             ("failed", "无法读取", sum(1 for f in result.files if f.failed))]
    boxes += [(SEVERITY_CLASS[s], s.chinese, n) for s, n in counts.items()]
    lines = ['<ul class="totals">']
    lines += [f'<li class="{key}"><span class="num">{n}</span>{label}</li>' for key, label, n in boxes]
    lines.append("</ul>")
    return lines


def _unit_table(result: LintResult) -> list[str]:
    """One row per unit: files, items, findings per severity, overdue items."""
    sevs = sorted(Severity, reverse=True)
    head = "".join(f'<th class="n">{s.chinese}</th>' for s in sevs)
    lines = ['<table class="units">',
             f'<thead><tr><th>被巡察单位</th><th class="n">文件</th><th class="n">问题数</th>{head}'
             '<th class="n">逾期</th></tr></thead>', "<tbody>"]
    for number, (unit, files) in enumerate(group_by_unit(result), start=1):
        counts = Counter(f.severity for file in files for f in file.findings)
        overdue = sum(1 for file in files for f in file.findings if f.rule == OVERDUE_RULE)
        cells = "".join(f'<td class="n">{counts[s]}</td>' for s in sevs)
        lines.append(f'<tr><td><a href="#unit-{number}">{_text(unit)}</a></td>'
                     f'<td class="n">{len(files)}</td><td class="n">{sum(f.items for f in files)}</td>'
                     f'{cells}<td class="n">{overdue}</td></tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def _file_table(result: LintResult, numbers: dict[int, int]) -> list[str]:
    """One row per file: unit, file, kind, report date, counts per severity."""
    sevs = sorted(Severity, reverse=True)
    head = "".join(f'<th class="n">{s.chinese}</th>' for s in sevs)
    lines = ['<table class="files">',
             f'<thead><tr><th>被巡察单位</th><th>文件</th><th>类型</th><th>报告日期</th><th class="n">问题数</th>'
             f"{head}</tr></thead>", "<tbody>"]
    for position, file in enumerate(result.files):
        counts = Counter(f.severity for f in file.findings)
        cells = "".join(f'<td class="n">{counts[s]}</td>' for s in sevs)
        items = "" if file.failed else str(file.items)
        lines.append(f"<tr><td>{_text(unit_of(file))}</td>"
                     f'<td class="path"><a href="#file-{numbers[position]}">{_text(file.path)}</a></td>'
                     f"<td>{_text(kind_label(file))}</td><td>{_text(_date(file.meta.report_date))}</td>"
                     f'<td class="n">{items}</td>{cells}</tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def _filters(result: LintResult) -> list[str]:
    """The filter bar: severities, rule, unit, text search, and how many findings are shown."""
    rules = fired_rules(result)
    units = [unit for unit, _ in group_by_unit(result)]
    boxes = "".join(f'<label><input type="checkbox" name="sev" value="{SEVERITY_CLASS[s]}" checked> '
                    f"{s.chinese}</label>" for s in sorted(Severity, reverse=True))
    rule_options = "".join(f'<option value="{_text(r)}">{_text(info.title)}({_text(r)})</option>'
                           for r, info in rules.items())
    unit_options = "".join(f'<option value="{_text(u)}">{_text(u)}</option>' for u in units)
    return ['<form id="filters" role="search">', boxes,
            f'<label>规则 <select name="rule"><option value="">全部规则</option>{rule_options}</select></label>',
            f'<label>单位 <select name="unit"><option value="">全部单位</option>{unit_options}</select></label>',
            '<label>搜索 <input type="search" name="q" placeholder="原文、说明、问题标题"></label>',
            '<span id="shown"></span>', "</form>"]


def _rule_docs(result: LintResult) -> list[str]:
    """The documentation of every rule that fired, at the end of the report."""
    rules = fired_rules(result)
    if not rules:
        return []
    counts = Counter(f.rule for f in result.findings())
    lines = ['<section class="ruledocs" id="rules">', "<h2>规则说明</h2>"]
    for rule_id, info in rules.items():
        lines += [f'<div class="ruledoc" id="rule-{_text(rule_id)}">',
                  f'<p>{_badge(info.severity)}<span class="title">{_text(info.title)}</span> '
                  f"<code>{_text(rule_id)}</code> · {counts[rule_id]} 条</p>"]
        if info.doc:
            lines += _doc_html(info.doc)
        lines.append("</div>")
    lines.append("</section>")
    return lines


def _doc_html(doc: str) -> list[str]:
    """A rule's doc by section (checker.dsl.docs.doc_sections): prose as paragraphs, the examples (YAML or
    notice text, where line breaks and indentation are the content) preformatted under their heading."""
    sections = doc_sections(doc)
    out = []
    for section in SECTIONS:
        body = sections.get(section)
        if not body:
            continue
        if section in EXAMPLE_SECTIONS:
            out += [f'<p class="doc-heading">{section}:</p>', f'<pre class="example">{_text(body)}</pre>']
        elif section == "为什么":
            out.append(f'<p class="doc">{_text(_unwrap(body))}</p>')
        else:
            out.append(f'<p class="doc">{section}:{_text(_unwrap(body))}</p>')
    return out


def _unwrap(doc: str) -> str:
    """Rule docs are hard-wrapped in their files; Chinese text is joined without a space, paragraphs kept."""
    return re.sub(r"(?<=[^\n])\n(?=[^\n])", "", doc)


def render(result: LintResult, *, color: bool = False) -> str:
    """The HTML report as one self-contained page; `color` is ignored (the page is always coloured)."""
    units = group_by_unit(result)
    order = [id(file) for _, files in units for file in files]
    numbers = {position: order.index(id(file)) + 1 for position, file in enumerate(result.files)}
    body: list[str] = []
    counter = 0
    for number, (unit, files) in enumerate(units, start=1):
        body.append(f'<section class="unit" id="unit-{number}" data-unit="{_text(unit)}"><h2>{_text(unit)}</h2>')
        for file in files:
            counter += 1
            body.extend(_file_section(counter, file, unit, result))
        body.append("</section>")
    as_of = sorted({f.meta.as_of for f in result.files if f.meta.as_of})
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{PAGE_TITLE}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{PAGE_TITLE}</h1>",
        f'<p class="tool">ledgerlint {_text(checker.__version__)} · 规则 {len(result.rules)} 条'
        + (f" · 检查基准日 {_text('、'.join(d.isoformat() for d in as_of))}" if as_of else "") + "</p>",
        *_filters(result),
        '<section class="summary" id="summary">',
        "<h2>汇总</h2>",
        *_totals(result),
        *_unit_table(result),
        *_file_table(result, numbers),
        "</section>",
        '<p id="none">没有符合筛选条件的问题。</p>',
        *body,
        *_rule_docs(result),
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"

