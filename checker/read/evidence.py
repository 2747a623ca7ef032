"""The evidence reader: 佐证材料 as a list, one item per line or per ；/; — never split inside 《…》 or
brackets, where titles hold their own punctuation (《关于印发〈…〉的通知；附件》)."""

from __future__ import annotations

import re

from checker import vocab

_OPEN = "《〈（(【[“"
_CLOSE = "》〉）)】]”"
_ENUM_PREFIX = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）.．、](?!\d)|[①-⑳])\s*")
_TRAILING = ";；,，、 \t"


def split_evidence(text: str, separators: tuple[str, ...] = vocab.EVIDENCE_SEPARATORS) -> list[str]:
    """Evidence items of a cell, numbering (1. ①) dropped; separators inside brackets are text."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    cleaned = (_ENUM_PREFIX.sub("", part).strip().rstrip(_TRAILING).strip() for part in parts)
    return [part for part in cleaned if part]
