"""Plain-text report for terminals: findings grouped by file, columns aligned by display width."""

from __future__ import annotations

import unicodedata
from typing import Any

import click

from checker.findings import FileResult, Finding, LintResult, Severity
from checker.report.common import KIND_CHINESE, severity_counts, where

EXCERPT_WIDTH = 80  # display columns kept of a quoted excerpt

_SEVERITY_STYLE: dict[Severity, dict[str, Any]] = {
    Severity.ERROR: {"fg": "red", "bold": True},
    Severity.WARNING: {"fg": "yellow"},
    Severity.INFO: {"fg": "cyan"},
}


class _Styler:
    """click.style when colour is wanted, identity otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, **styles: Any) -> str:
        return click.style(text, **styles) if self.color and text else text


def display_width(text: str) -> int:
    """Terminal columns `text` occupies: wide and full-width characters count two, combining marks zero."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def truncate(text: str, width: int) -> str:
    """Cut `text` to at most `width` display columns, marking the cut with an ellipsis."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        used += display_width(char)
        if used > width - 1:
            break
        out += char
    return out + "…"


def _header(file: FileResult) -> str:
    """`path  [format · kind · N 项]` for one file group."""
    if file.failed:
        parts = [file.format, "无法读取"]
    elif file.kind == "config":  # its waivers: no items, no format worth naming
        parts = [KIND_CHINESE["config"]]
    else:
        parts = [file.format, KIND_CHINESE.get(file.kind or "", file.kind or "未知类型"), f"{file.items} 项"]
    return f"{file.path}  [{' · '.join(parts)}]"


def _detail_lines(finding: Finding) -> list[str]:
    """Indented lines under a finding: the quoted excerpt, then the item when the message does not name it
    (and the cell's pointer when no line is known)."""
    lines = []
    if finding.excerpt:
        lines.append("  > " + truncate(" ".join(finding.excerpt.split()), EXCERPT_WIDTH))
    loc = finding.location
    # The item, unless the message names it: a line number alone does not say which item of a large file.
    extra = [f"问题 {finding.item}"] if finding.item and f"问题 {finding.item}" not in finding.message else []
    if loc.line is None and loc.cell and loc.pointer:
        extra.append(loc.pointer)
    if extra:
        lines.append("  ↳ " + " · ".join(extra))
    lines.extend(f"  参见 {where(rel)}" for rel in finding.related)
    return lines


def _file_block(file: FileResult, style: _Styler) -> list[str]:
    """Header, then one aligned line per finding, for one file."""
    lines = [style(_header(file), bold=True)]
    if not file.findings:
        lines.append("  未发现问题")
        return lines
    rows = [(where(f.location), f.severity.chinese, f.rule) for f in file.findings]
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
    for finding, (loc, sev, rule) in zip(file.findings, rows, strict=True):
        # pad before styling: escape codes take no columns
        head = "  ".join([
            style(loc, bold=True) + " " * (widths[0] - display_width(loc)),
            style(sev, **_SEVERITY_STYLE[finding.severity]) + " " * (widths[1] - display_width(sev)),
            style(rule, dim=True) + " " * (widths[2] - display_width(rule)),
            " ".join(finding.message.splitlines()),  # one line per finding, as the columns need
        ])
        lines.append(head)
        lines.extend(style(line, dim=True) for line in _detail_lines(finding))
    return lines


def summary_line(result: LintResult) -> str:
    """The closing Chinese summary, with the count of unreadable files when there are any."""
    counts = severity_counts(result)
    text = (
        f"共检查 {len(result.inputs)} 个文件,发现 {counts[Severity.ERROR]} 个错误、"
        f"{counts[Severity.WARNING]} 个警告、{counts[Severity.INFO]} 个提示"
    )
    failed = sum(1 for file in result.files if file.failed)
    if failed:
        text += f",{failed} 个文件无法读取"
    if result.baselined:
        text += f";另有 {result.baselined} 个问题已在基线中,未列出"
    return text


def render(result: LintResult, *, color: bool = False, quiet: bool = False) -> str:
    """The text report, optionally with ANSI colour; `quiet` keeps only the files with findings, no summary."""
    style = _Styler(color)
    lines: list[str] = []
    for file in result.files:
        if quiet and not file.findings:
            continue
        lines.extend(_file_block(file, style))
        lines.append("")
    if quiet:
        return "\n".join(lines) + ("\n" if lines else "")
    counts = severity_counts(result)
    bad = counts[Severity.ERROR] or result.failed
    lines.append(style(summary_line(result), bold=True, fg="red" if bad else None))
    return "\n".join(lines) + "\n"
