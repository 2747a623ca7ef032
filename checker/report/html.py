"""HTML report for supervisors: one self-contained Chinese page, a summary, then findings per file and item."""

from __future__ import annotations

import re
from collections import Counter
from html import escape

import checker
from checker.findings import FileResult, Finding, LintResult, Severity
from checker.location import Location
from checker.report.common import kind_label, position, rule_info, severity_counts, where

PAGE_TITLE = "整改台账与整改通报检查报告"
WHOLE_DOCUMENT = "整体"  # heading of the findings that concern no single item
WHOLE_FILE = "整个文件"  # position of a finding about the file as a whole
SEVERITY_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}

# control characters a damaged document may carry; browsers show them as garbage or not at all
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# wording a message quotes from the source: 「…」 or “…”
_QUOTED = re.compile(r"「([^「」]+)」|“([^“”]+)”")

_CSS = """
:root { --error: #b42318; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff4d6;
  --info: #1d5fa7; --info-bg: #e7f0fb; --line: #d9dce1; --muted: #5f6670; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: #1f2328; background: #fff;
  font: 15px/1.65 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 8px; word-break: break-all; }
h3 { font-size: 16px; margin: 18px 0 8px; padding-bottom: 2px; border-bottom: 1px solid var(--line); }
code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: 13px; }
a { color: inherit; }
.tool, .meta, .pointer, .doc, .related { color: var(--muted); }
.tool { margin: 0 0 20px; font-size: 13px; }
.summary { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 28px; }
.totals { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 16px; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; min-width: 110px; }
.totals .num { display: block; font-size: 22px; font-weight: 600; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f4f5f7; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.path { word-break: break-all; }
.file { border-top: 3px solid #3a4a5c; padding-top: 14px; margin-top: 32px; }
.file.failed { border-top-color: var(--error); }
.meta { margin: 0 0 8px; }
.clean { color: #1a7f37; font-weight: 600; }
.finding { border-left: 4px solid var(--line); padding: 6px 12px; margin: 0 0 12px; }
.finding p { margin: 2px 0; }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); }
.finding.info { border-left-color: var(--info); }
.sev { display: inline-block; white-space: nowrap; padding: 0 8px; border-radius: 4px; font-size: 13px;
  font-weight: 600; }
.sev.error { color: var(--error); background: var(--error-bg); }
.sev.warning { color: var(--warning); background: var(--warning-bg); }
.sev.info { color: var(--info); background: var(--info-bg); }
.head .rule { margin: 0 8px; }
td.rule { white-space: nowrap; }
.title { font-weight: 600; }
.message { font-size: 15px; }
.loc { font-size: 13px; }
.excerpt { margin: 6px 0 2px; padding: 6px 10px; background: #f6f8fa; border-radius: 4px;
  white-space: pre-wrap; word-break: break-all; font-size: 14px; }
mark { background: #ffe08a; padding: 0 1px; }
.related { font-size: 13px; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { text-decoration: none; }
  .summary { border: none; padding: 0; }
  .file { border-top-width: 2px; margin-top: 20px; }  /* no page per file: most files are short */
  .file .meta, .clean { break-before: avoid; }
  .finding, tr, .totals li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .sev, mark, th, .excerpt { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _text(value: object) -> str:
    """Escaped text for an element or attribute, without control characters."""
    return escape(_CONTROL.sub("\ufffd", str(value)), quote=True)


def highlight_span(finding: Finding) -> tuple[int, int] | None:
    """[start, end) of the wording the message quotes, when the excerpt is a longer quote containing it."""
    excerpt = finding.excerpt
    for match in _QUOTED.finditer(finding.message):
        quoted = match.group(1) or match.group(2)
        start = excerpt.find(quoted)
        if start != -1 and len(quoted) < len(excerpt):
            return start, start + len(quoted)
    return None


def group_by_item(findings: tuple[Finding, ...]) -> list[tuple[str | None, list[Finding]]]:
    """Findings per item: the document-wide ones first, then items in order of first appearance."""
    groups: dict[str | None, list[Finding]] = {None: []}
    for finding in findings:
        groups.setdefault(finding.item, []).append(finding)
    return [(item, group) for item, group in groups.items() if group]


def _severity_badge(severity: Severity) -> str:
    return f'<span class="sev {SEVERITY_CLASS[severity]}">{severity.chinese}</span>'


def _excerpt(finding: Finding) -> str:
    """The quoted source text, the wording the finding is about marked."""
    span = highlight_span(finding)
    text = finding.excerpt
    if span is None:
        body = _text(text)
    else:
        start, end = span
        body = f"{_text(text[:start])}<mark>{_text(text[start:end])}</mark>{_text(text[end:])}"
    return f'<blockquote class="excerpt">{body}</blockquote>'


def _location(location: Location) -> str:
    """位置 line: the position, and the JSON Pointer when that is not already what is shown."""
    where_at = position(location)
    parts = [f'位置 <code class="pos">{_text(where_at)}</code>' if where_at else f"位置 {WHOLE_FILE}"]
    if location.pointer and location.pointer != where_at:
        parts.append(f'<span class="pointer">指针 <code>{_text(location.pointer)}</code></span>')
    return f'<p class="loc">{" · ".join(parts)}</p>'


def _finding(finding: Finding, result: LintResult) -> list[str]:
    """One finding: severity, rule and title, message, location, excerpt, related places."""
    info = rule_info(result, finding.rule, finding.severity)
    lines = [
        f'<article class="finding {SEVERITY_CLASS[finding.severity]}">',
        f'<p class="head">{_severity_badge(finding.severity)}<code class="rule">{_text(finding.rule)}</code>'
        f'<span class="title">{_text(info.title)}</span></p>',
        f'<p class="message">{_text(finding.message)}</p>',
        _location(finding.location),
    ]
    if finding.excerpt:
        lines.append(_excerpt(finding))
    for rel in finding.related:
        lines.append(f'<p class="related">参见 <code>{_text(where(rel))}</code></p>')
    lines.append("</article>")
    return lines


def _file_section(index: int, file: FileResult, result: LintResult) -> list[str]:
    """The section of one file: header, then its findings grouped by item (or 未发现问题)."""
    classes = "file failed" if file.failed else "file"
    meta = [f"格式 {_text(file.format)}", f"类型 {_text(kind_label(file))}"]
    if not file.failed:
        meta.append(f'<span class="items">{file.items}</span> 项')
    lines = [
        f'<section class="{classes}" id="file-{index}">',
        f'<h2 class="path">{_text(file.path)}</h2>',
        f'<p class="meta">{" · ".join(meta)}</p>',
    ]
    if not file.findings:
        lines += ['<p class="clean">未发现问题</p>', "</section>"]
        return lines
    for item, findings in group_by_item(file.findings):
        heading = WHOLE_DOCUMENT if item is None else f"问题 {_text(item)}"
        lines.append(f'<section class="item"><h3>{heading}</h3>')
        for finding in findings:
            lines.extend(_finding(finding, result))
        lines.append("</section>")
    lines.append("</section>")
    return lines


def _totals(result: LintResult) -> list[str]:
    """The headline numbers: files, unreadable files, findings per severity."""
    counts = severity_counts(result)
    boxes = [("files", "检查文件", len(result.files)),
             ("failed", "无法读取", sum(1 for f in result.files if f.failed))]
    boxes += [(SEVERITY_CLASS[s], s.chinese, n) for s, n in counts.items()]
    lines = ['<ul class="totals">']
    lines += [f'<li class="{key}"><span class="num">{n}</span>{label}</li>' for key, label, n in boxes]
    lines.append("</ul>")
    return lines


def _file_table(result: LintResult) -> list[str]:
    """One row per file: link to its section, format, kind, items and counts per severity."""
    sevs = sorted(Severity, reverse=True)
    head = "".join(f'<th class="n">{s.chinese}</th>' for s in sevs)
    lines = ['<table class="files">',
             f'<thead><tr><th>文件</th><th>格式</th><th>类型</th><th class="n">项数</th>{head}</tr></thead>',
             "<tbody>"]
    for index, file in enumerate(result.files, start=1):
        counts = Counter(f.severity for f in file.findings)
        cells = "".join(f'<td class="n">{counts[s]}</td>' for s in sevs)
        items = "" if file.failed else str(file.items)
        lines.append(f'<tr><td class="path"><a href="#file-{index}">{_text(file.path)}</a></td>'
                     f"<td>{_text(file.format)}</td><td>{_text(kind_label(file))}</td>"
                     f'<td class="n">{items}</td>{cells}</tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def _rule_table(result: LintResult) -> list[str]:
    """How often each rule fired, with its title and documentation."""
    counts = Counter(f.rule for f in result.findings())
    if not counts:
        return []
    worst: dict[str, Severity] = {}
    for finding in result.findings():
        worst[finding.rule] = max(worst.get(finding.rule, finding.severity), finding.severity)
    lines = ['<table class="rules">',
             '<thead><tr><th>规则</th><th>说明</th><th>级别</th><th class="n">数量</th></tr></thead>',
             "<tbody>"]
    for rule_id in sorted(counts):
        info = rule_info(result, rule_id, worst[rule_id])
        doc = f'<br><span class="doc">{_text(info.doc)}</span>' if info.doc else ""
        lines.append(f'<tr><td class="rule"><code>{_text(rule_id)}</code></td>'
                     f'<td><span class="title">{_text(info.title)}</span>{doc}</td>'
                     f'<td>{_severity_badge(worst[rule_id])}</td><td class="n">{counts[rule_id]}</td></tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def render(result: LintResult, *, color: bool = False) -> str:
    """The HTML report as one self-contained page; `color` is ignored (the page is always coloured)."""
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
        f'<p class="tool">ledgerlint {_text(checker.__version__)}</p>',
        '<section class="summary" id="summary">',
        "<h2>汇总</h2>",
        *_totals(result),
        *_file_table(result),
        *_rule_table(result),
        "</section>",
    ]
    for index, file in enumerate(result.files, start=1):
        lines.extend(_file_section(index, file, result))
    lines += ['<footer><a href="#summary">返回汇总</a></footer>', "</body>", "</html>"]
    return "\n".join(lines) + "\n"
