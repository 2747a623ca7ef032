"""The fixed sections of a rule's `doc` (为什么, 不合格示例, 合格示例, 参数), split out of the doc text. Shared by
the rule tools (checker.dsl.docs) and the reports that print a rule's doc (checker.report.html)."""

from __future__ import annotations

import re

SECTIONS = ("为什么", "不合格示例", "合格示例", "参数")
EXAMPLE_SECTIONS = ("不合格示例", "合格示例")  # YAML or notice text: their line breaks are the content
_HEADING = re.compile(r"^\s*(" + "|".join(SECTIONS) + r")\s*[::]\s*$", re.MULTILINE)


def doc_sections(doc: str) -> dict[str, str]:
    """The sections of a rule's doc by heading (`为什么`, …), each dedented and stripped; text before the first
    heading belongs to `为什么`. Sections not written are absent."""
    out: dict[str, str] = {}
    marks = list(_HEADING.finditer(doc))
    lead = doc[: marks[0].start()] if marks else doc
    if lead.strip():
        out["为什么"] = lead.strip()
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(doc)
        body = doc[mark.end():end].strip("\n")
        lines = body.split("\n")
        cut = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
        text = "\n".join(ln[cut:] for ln in lines).strip()
        out[mark.group(1)] = (out[mark.group(1)] + "\n\n" + text).strip() if mark.group(1) in out else text
    return out


__all__ = ["EXAMPLE_SECTIONS", "SECTIONS", "doc_sections"]
