"""Where the time of one lint goes, stage by stage, beside json.loads of the same file.

Usage: python bench/stages.py LEDGER.json [--json]   (e.g. one written by bench/generate.py)

Each stage runs once, in process, with the cycle collector paused as `api.lint_file` pauses it; `--json`
prints [[stage, seconds, note], ...] for bench/run.py instead of a table.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

# This checkout's checker, not whichever copy is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> int:
    """Print the seconds each stage takes on one JSON ledger, in the order the pipeline runs them."""
    started = time.perf_counter()
    from checker import api, load
    from checker.engine import evaluate
    from checker.enrich import ledger_claims
    from checker.report import render
    from checker.validate import validate_ledger

    path = Path(argv[1])
    rows: list[tuple[str, float, str]] = [("imports", time.perf_counter() - started, "")]

    def timed(label: str, fn, note=lambda value: ""):  # noqa: ANN001, ANN202 - a tiny local helper
        gc.collect()
        gc.disable()  # as api.lint_file does: ledgers are acyclic
        t = time.perf_counter()
        value = fn()
        rows.append((label, time.perf_counter() - t, note(value)))
        gc.enable()
        return value

    data = path.read_bytes()
    timed("json.loads (floor)", lambda: json.loads(data))
    doc = timed("load", lambda: load.read(path, str(path)))
    ledger = timed("validate", lambda: validate_ledger(doc.json_bytes, doc.source_map),
                   lambda v: f"{len(v['issues'])} items")
    ruleset = timed("rules", lambda: api.load_rules(api.LintOptions()), lambda v: f"{len(v.rules)} rules")
    claims = timed("claims", lambda: ledger_claims(ledger), lambda v: f"{len(v)} claims")
    raw = timed("evaluate", lambda: evaluate(ruleset, ledger, claims), lambda v: f"{len(v)} findings")
    sm = doc.source_map
    timed("locate", lambda: [(sm.locate(r.pointer, r.start, r.end), sm.excerpt(r.pointer, r.start, r.end))
                             for r in raw])
    result = api.lint([path], ruleset=ruleset)
    timed("render json", lambda: render(result, "json"))
    if "--json" in argv:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for label, seconds, note in rows:
        print(f"{label:20s} {seconds:7.2f} s  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
