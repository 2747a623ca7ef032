"""Structured ledgers (YAML) through the same value readers as tables: a date, deadline or status written as
an office writes it (deadline: 2023年6月底前, status: 已办结, completed_on: 2023.5.10) is read, not rejected;
a value that cannot be read is an error at its line (`input/invalid`: a data file must hold values, so the
file fails as a whole) and is left out, and the rest is still checked.
Values already in canonical form (ISO dates YAML has typed, completed/in_progress/long_term) pass unchanged.
"""

from __future__ import annotations

import datetime as dt

from checker import vocab
from checker.findings import INPUT_ERROR_RULE, Finding, Severity
from checker.location import SourceMap
from checker.read.dates import read_date
from checker.read.deadline import read_deadline
from checker.read.reading import Reading
from checker.read.status import read_status

_STATUSES = ("completed", "in_progress", "long_term")


def read_data(data: dict, source_map: SourceMap) -> tuple[list[Finding], set[str]]:
    """Read the written values of a ledger dict in place; (findings about unreadable values, pointers of
    values left out)."""
    notes: list[Finding] = []
    unknown: set[str] = set()

    def unreadable(pointer: str, reading: Reading, item: str | None) -> None:
        key = pointer.rsplit("/", 1)[-1]
        label = vocab.label_of(key) if key in vocab.FIELD_LABELS else vocab.DATE_NAMES.get(key, key)
        notes.append(Finding(INPUT_ERROR_RULE, Severity.ERROR,
                             f"{label}无法读取: {reading.problem};该值未计入检查", source_map.locate(pointer), item,
                             source_map.excerpt(pointer)))
        unknown.add(pointer)

    def date_at(holder: dict, key: str, pointer: str, item: str | None, **lenient: bool) -> None:
        value = holder.get(key)
        if not isinstance(value, str):
            return
        reading = read_date(value, **lenient)
        if reading.problem is not None:
            del holder[key]
            unreadable(pointer, reading, item)
        elif reading.value is not None:
            holder[key] = reading.value

    date_at(data, "report_date", "/report_date", None)
    inspection = data.get("inspection")
    if isinstance(inspection, dict):
        for key in ("start", "end", "feedback"):
            date_at(inspection, key, f"/inspection/{key}", None)
    feedback = inspection.get("feedback") if isinstance(inspection, dict) else None
    report = data.get("report_date")
    year = int(str(report)[:4]) if report else None
    issues = data.get("issues")
    for index, issue in enumerate(issues if isinstance(issues, list) else ()):
        if not isinstance(issue, dict):
            continue
        base = f"/issues/{index}"
        item = issue.get("id") if isinstance(issue.get("id"), str) else None
        status = issue.get("status")
        if isinstance(status, str) and status not in _STATUSES:
            reading = read_status(status)
            if reading.problem is not None:
                del issue["status"]
                unreadable(base + "/status", reading, item)
            else:
                issue["status"] = reading.value
        deadline = issue.get("deadline")
        if isinstance(deadline, str):
            read = read_deadline(deadline, year=year, feedback=_date(feedback))
            if read.reading.problem is not None:
                del issue["deadline"]
                unreadable(base + "/deadline", read.reading, item)
            elif read.reading.value is not None:
                issue["deadline"] = read.reading.value
            else:  # 长期坚持, or 立行立改 with no feedback date
                del issue["deadline"]
                if read.long_term:
                    issue.setdefault("status", "long_term")
                else:
                    unknown.add(base + "/deadline")
        date_at(issue, "completed_on", base + "/completed_on", item, lenient_start=True)
        date_at(issue, "review_date", base + "/review_date", item, lenient_end=True)
        measures = issue.get("measures")
        for number, measure in enumerate(measures if isinstance(measures, list) else ()):
            if isinstance(measure, dict):
                date_at(measure, "date", f"{base}/measures/{number}/date", item, lenient_start=True)
    return notes, unknown


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
