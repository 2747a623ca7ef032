"""Read a published prose notice (巡察整改进展情况通报) as a ledger, with a source map back to the text.

`extract_ledger(text, path)` normalises the text (checker.text.normalize), finds the outline and the
feedback items, reads each item's measures, owners, deadline and evidence, and the report-level facts,
then returns the ledger as a plain dict (valid for checker.model.Ledger) and a SourceMap whose spans
point into the original text.

Reading runs on the simplified text, so the vocabulary matches a notice written in traditional characters
too; every text value stored is cut from the same span of the text in the script it was written in
(`Normalized.shown`). The source map's `simplified` holds, by pointer, the values as they were read where
the two differ: rules match on those (checker.read.scripts).
"""

from __future__ import annotations

from typing import Any

from checker.extract import facts
from checker.extract.items import ItemRecord, read_item
from checker.extract.kind import classify
from checker.extract.sourcemap import Hit, TextSourceMap
from checker.extract.structure import (
    ItemBlock,
    Outline,
    describes_shortcoming,
    find_items,
    parse_outline,
    section_status,
)
from checker.extract.textutil import infer_year, trim
from checker.location import SourceMap, pointer_join

__all__ = ["extract_ledger"]


def extract_ledger(text: str, path: str, *, table: tuple[dict, SourceMap] | None = None,
                   places: dict[int, str] | None = None) -> tuple[dict, SourceMap]:
    """Read the original decoded text of a notice as a ledger dict and its SourceMap.

    `table` is a problem table read from the same document (a Word table amid the prose): its issues
    are the items when the prose lists none. `places` names where a line sits when it is not body text
    (a Word table cell 表1!C4, 页脚); locations on those lines carry it.
    """
    from checker.text.normalize import normalize

    normalized = normalize(text)
    norm = normalized.text
    # the closing lines (contact, signature, date) belong to no item, even after the last one
    closing = facts.closing_start(norm)
    outline = parse_outline(norm[:closing])
    blocks = find_items(outline)
    masked = _mask(norm, blocks)
    out = _Builder(norm, normalized.shown)

    period = facts.inspection_period(masked)
    feedback = facts.feedback_date(masked, period[1].value if period else None)  # type: ignore[arg-type]  # a period holds dates
    report_date = facts.report_date(norm)
    default_year = _default_year(norm, feedback, report_date)
    declared = facts.declared_counts(masked)
    item_headings = {block.heading.index for block in blocks}
    sections = [h for h in outline.headings if h.index not in item_headings]
    for key, hit in facts.section_counts(norm, sections).items():
        declared.setdefault(key, hit)
    feedback_day = feedback.value if feedback is not None else None
    records = [read_item(norm, block, default_year, feedback_day)  # type: ignore[arg-type]  # a date hit
               for block in blocks]
    table_issues = (_table_issues(table[0], getattr(table[1], "simplified", {}))
                    if table is not None and not records else [])
    stated = declared["issues"].value if "issues" in declared else None
    verdict = classify(norm, len(records) or len(table_issues), stated if isinstance(stated, int) else None,
                       progress_counts=sum(1 for key in declared if key != "issues"), shown=normalized.shown)
    notice = verdict.kind == "notice"

    out.put("/unit", facts.unit_name(norm, masked))
    out.put("/inspection/body", facts.inspection_body(masked))
    if period is not None:
        out.put("/inspection/start", period[0])
        out.put("/inspection/end", period[1])
    out.put("/inspection/feedback", feedback)
    out.put("/report_date", report_date)
    for key, hit in declared.items():
        out.put(f"/declared/{key}", hit)
    for key, hit in facts.contact(masked).items():
        out.put(f"/contact/{key}", hit)
    # where contact details belong (the closing lines, else the last line): a missing contact points here
    out.span("/contact", *facts.closing_span(norm, closing))
    out.put("/document/kind", Hit(verdict.kind, 0, 0), span=False)
    first_heading = outline.headings[0].start if outline.headings else len(norm)
    out.put("/document/title", facts.title(norm, first_heading))
    if notice:
        out.put("/document/public", facts.public_statement(masked))
        for key, hit in facts.stated_for_all(masked).items():
            out.put(f"/document/{key}", hit)
    out.put("/document/reason", Hit(verdict.reason, 0, 0), span=False)
    if notice and not records and not table_issues and not any(
            describes_shortcoming(h.head(norm)) for h in outline.headings):
        # totals and organisational work, no problem named anywhere: a summary notice (DESIGN §5)
        out.put("/document/summary", Hit(True, 0, 0), span=False)
    paragraphs = []
    for k, (start, end) in enumerate(_paragraph_spans(masked)):
        pointer = f"/document/paragraphs/{k}"
        paragraphs.append(out.shown(pointer, Hit(norm[start:end], start, end)))
        out.span(pointer, start, end)
    out.data.setdefault("document", {})["paragraphs"] = paragraphs
    out.data["issues"] = []
    if notice and records:
        ids = _item_ids(outline, blocks)
        out.span("/issues", records[0].start, records[-1].end)
        for index, (record, block, item_id) in enumerate(zip(records, blocks, ids, strict=True)):
            _put_item(out, index, record, block, item_id, norm)

    source_map: SourceMap = TextSourceMap(path, text, normalized.to_original, out.spans, out.simplified,
                                          out.unknown)
    if places:
        from checker.extract.sourcemap import DocxTextMap

        source_map = DocxTextMap(source_map, places)
    if table is not None and notice and table_issues:
        from checker.extract.sourcemap import MergedMap

        out.data["issues"] = table_issues
        source_map = MergedMap(source_map, table[1])
    # The caller validates the dict (checker.validate); tests hold the reader to always producing a valid one.
    return out.data, source_map


def _paragraph_spans(masked: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of the text outside the items (masked: items blanked)."""
    spans = []
    pos = 0
    for line in masked.split("\n"):
        start, end = trim(masked, pos, pos + len(line), " \t\u3000\r")
        if end > start:
            spans.append((start, end))
        pos += len(line) + 1
    return spans


def _table_issues(ledger: dict, simplified: dict[str, str]) -> list[dict]:
    """The items of a problem table; a progress column that holds status words (整改进展: 已完成) is the status.
    `simplified`: the table's values written in traditional characters, as read (the words are matched there)."""
    issues = [dict(issue) for issue in ledger.get("issues") or []]
    for index, issue in enumerate(issues):
        progress = simplified.get(f"/issues/{index}/progress", issue.get("progress"))
        if "status" not in issue and isinstance(progress, str):
            status = section_status(progress)
            if status is not None:
                issue["status"] = status
    return issues


class _Builder:
    """Collects ledger values by JSON Pointer together with their spans in the normalised text.

    `norm` is the normalised (simplified) text the values were read from, `shown` the same text in the
    script it was written in; a text value is stored as written, and as read in `simplified` when they differ.
    """

    def __init__(self, norm: str, shown: str) -> None:
        self.data: dict[str, Any] = {"ledger_version": 1}
        self.spans: dict[str, tuple[int, int]] = {}
        self.simplified: dict[str, str] = {}
        self.unknown: set[str] = set()  # pointers of values stated but not known (立行立改, no feedback date)
        self._norm = norm
        self._shown = shown if shown is not norm else None

    def shown(self, pointer: str, hit: Hit) -> object:
        """The value of a hit to store at pointer: text cut from the document is taken as written there
        (traditional characters stay traditional); other values (dates, numbers, ids made of numbers) as read."""
        value = hit.value
        if self._shown is None or not isinstance(value, str) or self._norm[hit.start:hit.end] != value:
            return value
        written = self._shown[hit.start:hit.end]
        if written == value:
            return value
        self.simplified[pointer] = value
        return written

    def put(self, pointer: str, hit: Hit | None, *, span: bool = True) -> None:
        """Store hit.value at pointer (creating parent objects) and remember its span."""
        if hit is None:
            return
        *parents, last = pointer.lstrip("/").split("/")
        node = self.data
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = self.shown(pointer, hit) if span else hit.value
        if span:
            self.span(pointer, hit.start, hit.end)

    def span(self, pointer: str, start: int, end: int) -> None:
        """Remember the span of a pointer that has no scalar value of its own."""
        self.spans[pointer] = (start, end)


def _put_item(out: _Builder, index: int, record: ItemRecord, block: ItemBlock, item_id: str,
              norm: str) -> None:
    """Add one issue to the ledger and the spans of all its values."""
    base = pointer_join("/issues", index)
    issue: dict[str, Any] = {"id": item_id, "title": out.shown(base + "/title", record.title)}
    out.span(base, record.start, record.end)
    marker = trim(norm, block.heading.start, block.heading.label_start)
    out.span(base + "/id", *(marker if marker[1] > marker[0] else _hit_span(record.title)))
    out.span(base + "/title", *_hit_span(record.title))
    for key in ("section", "category", "status"):
        hit: Hit | None = getattr(record, key)
        if hit is not None:
            issue[key] = out.shown(f"{base}/{key}", hit)
            out.span(f"{base}/{key}", *_hit_span(hit))
    owner = {}
    for key, hit in record.owner.items():
        owner[key] = out.shown(f"{base}/owner/{key}", hit)
        out.span(f"{base}/owner/{key}", *_hit_span(hit))
    if owner:
        issue["owner"] = owner
    for key in ("deadline", "completed_on", "review_date", "progress"):
        hit = getattr(record, key)
        if hit is not None:
            issue[key] = out.shown(f"{base}/{key}", hit)
            out.span(f"{base}/{key}", *_hit_span(hit))
    for key, span in record.unknown.items():
        out.unknown.add(f"{base}/{key}")
        out.span(f"{base}/{key}", *span)
    measures = []
    if record.measures_span is not None:
        out.span(base + "/measures", *record.measures_span)
    for j, measure in enumerate(record.measures):
        pointer = pointer_join(base, "measures", j)
        entry: dict[str, Any] = {"text": out.shown(pointer + "/text", measure.text)}
        out.span(pointer, *_hit_span(measure.text))
        out.span(pointer + "/text", *_hit_span(measure.text))
        if measure.date is not None:
            entry["date"] = measure.date.value
            out.span(pointer + "/date", *_hit_span(measure.date))
        if measure.due is not None:
            entry["due"] = measure.due.value
            out.span(pointer + "/due", *_hit_span(measure.due))
        measures.append(entry)
    issue["measures"] = measures
    if record.evidence:
        issue["evidence"] = [out.shown(pointer_join(base, "evidence", k), hit)
                             for k, hit in enumerate(record.evidence)]
        for k, hit in enumerate(record.evidence):
            out.span(pointer_join(base, "evidence", k), *_hit_span(hit))
    out.data["issues"].append(issue)


def _hit_span(hit: Hit) -> tuple[int, int]:
    """(start, end) of a hit."""
    return hit.start, hit.end


def _item_ids(outline: Outline, blocks: list[ItemBlock]) -> list[str]:
    """Item numbers as ids; where numbering restarts per section, the section number goes in front."""
    numbers = [block.heading.number for block in blocks]
    if None not in numbers and len(set(numbers)) == len(numbers):
        return [str(n) for n in numbers]
    ids = []
    for position, block in enumerate(blocks, start=1):
        ancestors = outline.ancestors(block.heading)
        top = ancestors[-1].number if ancestors else None
        own = block.heading.number if block.heading.number is not None else position
        ids.append(f"{top}.{own}" if top is not None else str(own))
    if len(set(ids)) != len(ids):
        return [str(position) for position in range(1, len(blocks) + 1)]
    return ids


def _default_year(norm: str, feedback: Hit | None, report_date: Hit | None) -> int | None:
    """Year for dates written without one: the feedback year, else the report year, else the text's."""
    for hit in (feedback, report_date):
        if hit is not None:
            return hit.value.year  # type: ignore[attr-defined]  # these hits hold dates
    return infer_year(norm)


def _mask(text: str, blocks: list[ItemBlock]) -> str:
    """The text with every item blanked (newlines kept), so report-level facts are not read from items."""
    if not blocks:
        return text
    parts = []
    pos = 0
    for block in blocks:
        parts.append(text[pos:block.start])
        parts.append("".join(ch if ch == "\n" else " " for ch in text[block.start:block.end]))
        pos = block.end
    parts.append(text[pos:])
    return "".join(parts)
