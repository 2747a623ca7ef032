"""Files ledgerlint itself writes or reads as settings, recognised by what they are, so a folder run never
lints them: its baselines, its JSON/SARIF/Excel/text reports, its config file, rule test case files, the rules
reference (`rules doc`) and the JSON Schemas (`schema`).

Each kind is known by its own marker (a baseline's `ledgerlint_baseline` key, a report's tool name, a case
file's `rule` + `cases` keys, the rules reference's comment line, a schema's `$id`), not by its name: a
baseline may be called anything. A text report (checker.report.text, in any variant: full, `-q`,
`--statistics` on standard output, with or without findings, coloured) is known by its shape: every line is
one the text reporter writes, the first a file header or a statistics row. The sniffing reads a few hundred
bytes from each end of a file; only a file that shows a marker there is parsed to confirm it.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from checker.config import CONFIG_NAME, PYPROJECT

TOOL = "ledgerlint"
# The `$id` of the JSON Schemas `ledgerlint schema` writes (checker.model, checker/schemas/).
SCHEMA_ID_PREFIX = "https://github.com/ledgerlint/ledgerlint/schemas/"
_PEEK = 1024  # bytes read from each end of a file to look for a marker
# The last line of a text report: `共检查 2 个文件,发现 …` (checker.report.text).
_TEXT_SUMMARY = re.compile(r"^共检查 \d+ 个文件,发现 \d+ 个错误、\d+ 个警告、\d+ 个提示.*\Z", re.MULTILINE)
_CASE_HEAD = re.compile(rb"^rule:[ \t]*\S", re.MULTILINE)
_ANNOTATION = re.compile(r"^::(?:error|warning|notice)(?: [^:]*)?::")
# The lines of a text report (checker.report.text) and of `--statistics` (checker.cli), colour removed.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_SEVERITY = "(?:错误|警告|提示)"
_FILE_HEADER = re.compile(r"^\S.*?  \[(?:[^\[\]·]+ · 无法读取|配置文件|[^\[\]·]+ · [^\[\]·]+ · \d+ 项)\]$")
_STATISTICS_ROW = re.compile(rf"^ *\d+  \S+/\S+ +{_SEVERITY}  \S")
_REPORT_LINE = re.compile(
    rf"^(?:\S.*?  +{_SEVERITY} +\S+/\S+ +\S.*"  # a finding: location, severity, rule, message
    r"|  (?:> |↳ |参见 )\S.*|  未发现问题"  # its quote and places; a file without findings
    r"|共检查 \d+ 个文件.*)$")  # the summary
# The rules reference (checker.dsl.docs.markdown): its first line, or (written before that line existed)
# its title and the line naming the command.
_RULES_DOC = re.compile(r"\A(?:<!-- ledgerlint rules doc -->\n|# ledgerlint 规则参考\n\n由 `ledgerlint rules doc` )")


def is_own_file(path: Path) -> bool:
    """True when `path` is a file ledgerlint wrote or reads as settings (see the module docstring): not a
    submission, so it is neither linted nor counted. Unreadable files are not own files (they fail later)."""
    if path.name in (CONFIG_NAME, PYPROJECT):
        return True
    suffix = path.suffix.lower()
    try:
        if not path.is_file():  # a FIFO or a device would block or never end: the loaders refuse those
            return False
        if suffix == ".json":
            return _own_json(path)
        if suffix == ".xlsx":
            return _own_workbook(path)
        if suffix in (".yaml", ".yml"):
            return _rule_cases(path)
        if suffix in (".txt", ".md"):
            return _text_report(path)
    except (OSError, ValueError, zipfile.BadZipFile):
        return False
    return False


def _ends(path: Path) -> tuple[bytes, bytes]:
    with path.open("rb") as handle:
        head = handle.read(_PEEK)
        size = handle.seek(0, 2)
        handle.seek(max(0, size - _PEEK))
        return head, handle.read(_PEEK)


def _own_json(path: Path) -> bool:
    head, tail = _ends(path)
    named = f'"{TOOL}"'.encode()
    schema = SCHEMA_ID_PREFIX.encode() in head + tail
    if b'"ledgerlint_baseline"' not in head and named not in head + tail and not schema:
        return False
    data = json.loads(path.read_bytes())
    if not isinstance(data, dict):
        return False
    if "ledgerlint_baseline" in data:  # checker.baseline
        return True
    schema_id = data.get("$id")
    if isinstance(schema_id, str) and schema_id.startswith(SCHEMA_ID_PREFIX) and "$schema" in data:
        return True  # `ledgerlint schema [--report]`
    tool = data.get("tool")
    if isinstance(tool, dict) and tool.get("name") == TOOL:  # the JSON report
        return True
    runs = data.get("runs")  # SARIF
    return isinstance(runs, list) and any(
        isinstance(run, dict) and ((run.get("tool") or {}).get("driver") or {}).get("name") == TOOL for run in runs)


def _own_workbook(path: Path) -> bool:
    """The Excel report: its document properties name ledgerlint as the creator (checker.report.xlsx)."""
    with zipfile.ZipFile(path) as archive:
        try:
            core = archive.read("docProps/core.xml")
        except KeyError:
            return False
    return re.search(rb"<dc:creator(?: [^>]*)?>" + TOOL.encode() + rb"</dc:creator>", core) is not None


def _rule_cases(path: Path) -> bool:
    """A rule test case file (checker.dsl.testing): top-level `rule:` and `cases:`."""
    head, _ = _ends(path)
    if not _CASE_HEAD.search(head):
        return False
    import yaml

    data = yaml.safe_load(path.read_bytes())
    return isinstance(data, dict) and isinstance(data.get("rule"), str) and isinstance(data.get("cases"), list)


def _text_report(path: Path) -> bool:
    """A text report in any variant (see the module docstring), GitHub annotations (every line a workflow
    command, checker.report.github) or the rules reference."""
    head, tail = _ends(path)
    text = head.decode("utf-8", errors="ignore").replace("\r\n", "\n")
    if _RULES_DOC.match(text.lstrip("\ufeff")):
        return True
    if _TEXT_SUMMARY.search(_ANSI.sub("", tail.decode("utf-8", errors="ignore")).rstrip()):
        return True
    lines = text.splitlines()
    if len(head) == _PEEK:  # the last line read may be cut short
        lines = lines[:-1]
    whole = [line for line in lines if line.strip()]
    if not whole:
        return False
    if all(_ANNOTATION.match(line) for line in whole):
        return True
    plain = [_ANSI.sub("", line).rstrip() for line in whole]
    if not (_FILE_HEADER.match(plain[0]) or _STATISTICS_ROW.match(plain[0])):
        return False
    return all(_FILE_HEADER.match(line) or _STATISTICS_ROW.match(line) or _REPORT_LINE.match(line)
               for line in plain)
