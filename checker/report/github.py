"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from checker.findings import Finding, LintResult, Severity
from checker.report.common import posix_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus `:` and `,`, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The `::error file=…,line=…::message` line of one finding."""
    loc = finding.location
    props: list[tuple[str, object]] = [("file", posix_path(loc.source))]
    if loc.line is not None:
        props += [("line", loc.line), ("col", loc.column),
                  ("endLine", loc.end_line), ("endColumn", loc.end_column)]
    props.append(("title", finding.rule))
    message = finding.message
    # without a line GitHub can only mark the file, so name the cell or pointer in the text
    if loc.line is None and (loc.cell or loc.pointer):
        message += f"({loc.cell or loc.pointer})"
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in props if value is not None)
    return f"::{COMMANDS[finding.severity]} {fields}::{escape_data(message)}"


def render(result: LintResult, *, color: bool = False) -> str:
    """All annotations, one per line, in finding order (`color` is ignored)."""
    return "".join(annotation(f) + "\n" for f in result.findings())
