"""Notices written in traditional characters: rules read the values in simplified characters, people see them
as written.

The prose reader stores every text value as written (traditional characters stay traditional) and keeps, by
pointer, the value as it was read in simplified characters wherever the two differ (the source map's
`simplified`). Rules and the claims scanner match simplified words (the vocabulary, rule patterns such as
拟于 or 专人), so they run on :func:`as_read` of the ledger; the text a message quotes goes back through
:class:`AsWritten`. For a notice in simplified characters `simplified` is empty and neither is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.location import pointer_split
from checker.model import LedgerRecord

__all__ = ["AsWritten", "as_read"]


def as_read(ledger: LedgerRecord, simplified: Mapping[str, str]) -> LedgerRecord:
    """The ledger with the text at each pointer of `simplified` replaced by its simplified reading.

    Only the dicts and lists on the way to a replaced value are copied; the ledger itself is not changed.
    A pointer whose value is not text of the reading's length (it changed after reading) is left as it is.
    """
    tree: dict[str, Any] = {}
    for pointer, text in simplified.items():
        *parents, last = pointer_split(pointer)
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[last] = _Reading(text)
    replaced = _replace(ledger, tree)
    return replaced if isinstance(replaced, dict) else ledger


class _Reading(str):
    """A leaf of the replacement tree (a distinct type, so a dict of parts is never mistaken for one)."""


def _replace(node: object, tree: dict[str, Any]) -> object:
    """A copy of node with the leaves of tree put in place (dict keys and list indices as pointer tokens)."""
    if isinstance(node, dict):
        out: dict[str, Any] = dict(node)
        for key, sub in tree.items():
            if key in out:
                out[key] = _put(out[key], sub)
        return out
    if isinstance(node, list):
        items = list(node)
        for key, sub in tree.items():
            if key.isdigit() and int(key) < len(items):
                items[int(key)] = _put(items[int(key)], sub)
        return items
    return node


def _put(value: object, sub: Any) -> object:
    """The reading for a leaf (when it still fits the value), the replaced node below it otherwise."""
    if isinstance(sub, _Reading):
        return str(sub) if isinstance(value, str) and len(value) == len(sub) else value
    return _replace(value, sub)


class AsWritten:
    """Text a message quotes, given back in the script it was written in.

    Called with text from the simplified reading: a whole value (an item's title, an owner) is looked up;
    a part of one (the sentence of a claim, the word a pattern matched) is cut from the first value read as
    holding it. Other text (numbers, ids, a rule's own words) is returned as it is.
    """

    def __init__(self, ledger: LedgerRecord, simplified: Mapping[str, str]) -> None:
        self._written: dict[str, str] = {}
        for pointer, text in simplified.items():
            value = _value_at(ledger, pointer)
            if isinstance(value, str) and len(value) == len(text) and value != text:
                self._written.setdefault(text, value)

    def __call__(self, text: str) -> str:
        """`text` as written in the document, or `text` itself when it is not the document's."""
        written = self._written.get(text)
        if written is not None:
            return written
        if text.isascii():
            return text
        for read, value in self._written.items():
            at = read.find(text)
            if at != -1:
                return value[at:at + len(text)]
        return text


def _value_at(ledger: object, pointer: str) -> object:
    """The value at a JSON Pointer, None when there is none."""
    node = ledger
    for token in pointer_split(pointer):
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node
