"""Check one corpus case against its `<file>.expect.yaml` (format: tests/data/corpus/README.md), in-process
through the CLI: the findings a reviewer requires (`must`), the false alarms (`must_not`), the values read
(`read`, from `ledgerlint extract`), text that must appear nowhere (`absent_text`) and the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from checker.cli import main

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def _lines(path: Path) -> list[str]:
    if path.suffix.lower() == ".docx":
        import docx
        from docx.oxml.ns import qn

        body = docx.Document(str(path)).element.body
        return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030", "big5"):
        try:
            return raw.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace").splitlines()


def _matches(entry: dict, finding: dict, lines: list[str]) -> bool:
    if not str(finding.get("rule", "")).startswith(entry["rule"]):
        return False
    if "item" in entry and (None if entry["item"] is None else str(entry["item"])) != finding.get("item"):
        return False
    quote = entry.get("quote")
    if quote:
        line = (finding.get("location") or {}).get("line")
        if quote not in (finding.get("excerpt") or "") and line not in [
                n for n, text in enumerate(lines, 1) if quote in text]:
            return False
    return not (entry.get("says") and entry["says"] not in (finding.get("message") or ""))


def _lookup(data: object, dotted: str) -> object:
    node = data
    for part in dotted.split("."):
        if part == "length" and isinstance(node, list):
            return len(node)
        if isinstance(node, list):
            try:
                node = node[int(part)]
            except (ValueError, IndexError):
                return "<missing>"
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return "<missing>"
    return node


def problems(case: Path) -> list[str]:
    """What differs between the case's expectations and what ledgerlint finds and reads (empty: it passes)."""
    expect = yaml.safe_load(case.with_name(case.name + ".expect.yaml").read_text(encoding="utf-8"))
    runner = CliRunner()
    run = runner.invoke(main, ["lint", "--format", "json", *expect.get("args", []), str(case)])
    out: list[str] = []
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        out.append(f"exception {run.exception!r}")
    found = [f for file in json.loads(run.output).get("files", []) for f in file.get("findings", [])]
    lines = _lines(case)
    if "exit" in expect and run.exit_code != expect["exit"]:
        out.append(f"exit {run.exit_code}, want {expect['exit']}")
    for entry in expect.get("must") or []:
        n = sum(_matches(entry, f, lines) for f in found)
        if not n or n != entry.get("count", n):
            out.append(f"{n} findings for {entry}")
    for entry in expect.get("must_not") or []:
        hits = [f["message"] for f in found if _matches(entry, f, lines)]
        if hits:
            out.append(f"false alarm {entry}: {hits[0]}")
    if expect.get("read") or expect.get("absent_text"):
        extracted = runner.invoke(main, ["extract", str(case)]).output
        ledger = yaml.safe_load(extracted) or {}
        for text in expect.get("absent_text") or []:
            if text in extracted or any(text in (f.get("message") or "") for f in found):
                out.append(f"'{text}' appears")
        for dotted, want in (expect.get("read") or {}).items():
            got = _lookup(ledger, dotted)
            if str(got) != str(want):
                out.append(f"read {dotted} = {got!r}, want {want!r}")
    return out
