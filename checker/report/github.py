"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from checker.findings import Finding, LintResult, Severity
from checker.report.common import line_and_column, posix_path

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
    line, column = line_and_column(loc)
    if line is not None:
        props += [("line", line), ("col", column), ("endLine", loc.end_line), ("endColumn", loc.end_column)]
    props.append(("title", finding.rule))
    message = finding.message
    # a cell is named in the text (its row and column are only a place in a table); without a line GitHub
    # can only mark the file, so the pointer is named too
    if loc.cell and loc.cell not in message:
        message += f"({loc.cell})"
    elif line is None and loc.pointer:
        message += f"({loc.pointer})"
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in props if value is not None)
    return f"::{COMMANDS[finding.severity]} {fields}::{escape_data(message)}"


def render(result: LintResult, *, color: bool = False) -> str:
    """All annotations, one per line, in finding order, then any error that stopped the run (`color` is
    ignored)."""
    lines = [annotation(f) for f in result.findings()]
    for error in result.errors:
        props = f"file={escape_property(posix_path(error.location.source))}" if error.location else ""
        if error.location is not None and error.location.line is not None:
            props += f",line={error.location.line}"
        lines.append(f"::error {props}::{escape_data(error.message)}".replace("::error ::", "::error::"))
    return "".join(line + "\n" for line in lines)
