"""Where the time of one lint goes, stage by stage, beside json.loads of the same file.

Usage: python bench/stages.py LEDGER.json [--json]   (e.g. one written by bench/generate.py)

`api.lint_file` runs first on the file, whole; then each of its stages runs once, calling what it calls, with
the cycle collector paused as it pauses it; "not in a stage" is the whole minus the sum of the stages, so that
no work hides (what is done once per process, such as building a validator, shows there too). The labels of
those parts are indented. `--json` prints [[stage, seconds, note], ...] for bench/run.py instead of a table.
"""

from __future__ import annotations

import functools
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
    from dataclasses import replace

    from checker import api, load
    from checker.engine import evaluate
    from checker.enrich import ledger_claims
    from checker.findings import Finding, LintResult
    from checker.load import json_source
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

    timed("json.loads (floor)", functools.partial(json.loads, path.read_bytes()))  # the bytes are read untimed
    ruleset = timed("rules", lambda: api.load_rules(api.LintOptions()), lambda v: f"{len(v.rules)} rules")
    options = api.LintOptions()
    options = replace(options, disabled=api.disabled_rules(api.selectable_rules(ruleset), options))
    result = timed("lint_file (whole)", lambda: api.lint_file(path, ruleset, options, str(path)))
    first = len(rows)  # the stages of api.lint_file start here

    def stages() -> list[object]:
        """Run the stages; return what they built, for the "free" stage to drop."""
        doc = timed("  load", lambda: load.read(path, str(path)))
        data = doc.json_bytes or b""
        timed("  duplicate keys", lambda: api._refuse_duplicate_keys(data, doc.path),
              lambda v: "" if len(data) <= api.DUPLICATE_KEYS_MAX_BYTES else "skipped: too big")
        ledger = timed("  validate", lambda: validate_ledger(data, doc.source_map, json_source.numeric_id_texts),
                       lambda v: f"{len(v['issues'])} items")
        read = api.ReadLedger(ledger, doc.source_map, doc.format)
        claims = timed("  claims", lambda: ledger_claims(ledger), lambda v: f"{len(v)} claims")
        as_of = ledger.get("report_date")
        raw = timed("  evaluate", lambda: evaluate(ruleset, ledger, claims, as_of=as_of, disabled=options.disabled,
                                                   source=str(path)), lambda v: f"{len(v)} findings")
        found = timed("  locate", lambda: api.located_findings(raw, read, options))
        timed("  file result", lambda: (sorted([*found, *api._duplicate_ids(ledger, doc.source_map)],
                                               key=Finding.sort_key),
                                        api._titles(ledger), api.file_meta(ledger, as_of)))
        return [doc, ledger, read, claims, raw, found]

    held = stages()
    timed("  free", held.clear, lambda v: "the ledger, its claims and findings dropped")
    staged = sum(seconds for _, seconds, _ in rows[first:])
    rows.append(("  not in a stage", rows[first - 1][1] - staged, "lint_file (whole) minus the stages after it"))
    timed("render json", lambda: render(LintResult((result,), ruleset.info), "json"))
    if "--json" in argv:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for label, seconds, note in rows:
        print(f"{label:20s} {seconds:7.2f} s  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
