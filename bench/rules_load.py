"""How long loading the built-in rule set takes, in process, once the modules are imported.

Usage: python bench/rules_load.py [--repeat N] [--json]

Prints the best of N loads (default 9) with the parse cache warm, the same with the cache off
(LEDGERLINT_NO_CACHE: every rule file parsed by lark), and the part spent in generating and compiling Python
source. Imports are excluded: they are measured by bench/run.py's start-up rows.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

# This checkout's checker, not whichever copy is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best_of(repeat: int, fn) -> float:  # noqa: ANN001 - a zero-argument callable
    """The shortest of `repeat` wall times of fn(), in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    """Print (or with --json, write as one JSON object) the load times of the built-in rules in ms."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from checker.dsl import compile as codegen
    from checker.dsl.ruleset import load_ruleset
    from checker.resources import builtin_rules_dir

    rules = [builtin_rules_dir()]
    load_ruleset(rules)  # imports done, cache entries written
    building: list[float] = []
    original = getattr(codegen, "build", None)  # None: a checkout that compiles rules to closures

    def timed_build(program: codegen.Program, source: str) -> dict[str, object]:
        started = time.perf_counter()
        try:
            return original(program, source)  # type: ignore[misc]  # not None: only installed then
        finally:
            building.append(time.perf_counter() - started)

    if original is not None:
        codegen.build = timed_build  # type: ignore[assignment]  # a timing wrapper of the same signature
    try:
        warm = best_of(args.repeat, lambda: load_ruleset(rules))
        build = min(building) if building else 0.0
        os.environ["LEDGERLINT_NO_CACHE"] = "1"
        cold = best_of(max(1, args.repeat // 3), lambda: load_ruleset(rules))
    finally:
        if original is not None:
            codegen.build = original  # type: ignore[assignment]  # restored
        os.environ.pop("LEDGERLINT_NO_CACHE", None)
    figures = {"rules": len(load_ruleset(rules).rules), "warm_ms": round(warm * 1000, 1),
               "compile_ms": round(build * 1000, 1), "no_cache_ms": round(cold * 1000, 1)}
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"built-in rules: {figures['rules']} rules, best of {args.repeat}")
    print(f"  load, parse cache warm    {figures['warm_ms']:7.1f} ms"
          f"  (of which compile() and verify of the generated source {figures['compile_ms']:.1f} ms)")
    print(f"  load, cache off (parse)   {figures['no_cache_ms']:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
