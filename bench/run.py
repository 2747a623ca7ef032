"""Measure ledgerlint against the JSON parse floor and print a Markdown table.

Usage: python bench/run.py [SIZES...] [--repeat 3] [--lint-cmd "CMD {file}"] [--workdir DIR]

For each size (default: 10 and 100000 items) a ledger is generated with bench/generate.py, then each command
runs as a subprocess: (a) `json.load` of the file in a fresh interpreter, the floor no linter can beat, and
(b) `ledgerlint lint FILE --format json --output /dev/null` (or `python -m checker lint FILE --format json`
when no `ledgerlint` executable is installed or it has no --output option). Every run goes through a fresh
wrapper interpreter that starts exactly one child, so the wrapper's RUSAGE_CHILDREN peak RSS is that
child's. Wall time is the best of --repeat runs; peak RSS is the largest seen. `--lint-cmd` replaces (b),
e.g. `--lint-cmd "python -c pass"` to check the harness itself; `{file}` stands for the ledger.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATE = Path(__file__).resolve().parent / "generate.py"
DEFAULT_SIZES = (10, 100_000)
PARSE_FLOOR = (sys.executable, "-c", "import json,sys; json.load(open(sys.argv[1],'rb'))", "{file}")

# Runs one command with stdout discarded and reports its wall time and the child's peak RSS as JSON.
# Linux charges a child the memory it had before exec, i.e. this wrapper's ~14 MB: a floor that only
# matters for commands smaller than a Python interpreter.
WRAPPER = """
import json, resource, subprocess, sys, time
cmd = json.loads(sys.argv[1])
start = time.perf_counter()
rc = subprocess.call(cmd, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kb": usage.ru_maxrss}))
"""


@dataclass(frozen=True)
class Measurement:
    """Best wall time and peak RSS of one command on one file."""

    label: str
    wall: float
    rss_mb: float
    error: str | None = None


def default_lint_command() -> tuple[str, ...]:
    """The lint command template: the installed executable if any, else `python -m checker`."""
    exe = shutil.which("ledgerlint")
    base: tuple[str, ...] = (exe,) if exe else (sys.executable, "-m", "checker")
    try:
        helptext = subprocess.run([*base, "lint", "--help"], capture_output=True, text=True, cwd=REPO,
                                  timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        helptext = ""
    if "--output" in helptext:
        return (*base, "lint", "{file}", "--format", "json", "--output", os.devnull)
    return (*base, "lint", "{file}", "--format", "json")  # the wrapper discards stdout


def fill(template: tuple[str, ...], path: Path) -> list[str]:
    """Substitute the ledger path for {file} in a command template."""
    return [part.replace("{file}", str(path)) for part in template]


def run_once(cmd: list[str], ok_codes: frozenset[int]) -> tuple[float, float, str | None]:
    """Run cmd once under a fresh wrapper; return (wall seconds, peak RSS in MB, error or None)."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, json.dumps(cmd)], capture_output=True, text=True,
                          cwd=REPO)
    if proc.returncode != 0:
        return 0.0, 0.0, f"wrapper failed: {proc.stderr.strip()[-300:]}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    error = None
    if result["rc"] not in ok_codes:
        tail = proc.stderr.strip().splitlines()[-1:] or [""]
        error = f"exit {result['rc']}: {tail[0][:200]}"
    # ru_maxrss is in kilobytes on Linux, bytes on macOS
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return result["wall"], result["maxrss_kb"] / divisor, error


def measure(label: str, cmd: list[str], repeat: int, ok_codes: frozenset[int]) -> Measurement:
    """Best wall time over `repeat` runs and the largest peak RSS seen."""
    walls: list[float] = []
    peak = 0.0
    for _ in range(repeat):
        wall, rss, error = run_once(cmd, ok_codes)
        if error:
            return Measurement(label, 0.0, 0.0, error)
        walls.append(wall)
        peak = max(peak, rss)
    return Measurement(label, min(walls), peak)


def ratio(value: float, floor: float) -> str:
    """value / floor as '1.23x', or '-' when undefined."""
    return f"{value / floor:.2f}x" if floor > 0 and value > 0 else "-"


def human_size(size: int) -> str:
    """A file size in kB or MB."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


def table(rows: list[tuple[int, int, Measurement, Measurement]]) -> str:
    """Markdown table: one line per (size, command), ratios to the json.load floor of the same size."""
    lines = [
        "| items | file | command | wall (best) | × floor | peak RSS | × floor |",
        "|---:|---:|---|---:|---:|---:|---:|",
    ]
    for items, size, floor, m in rows:
        m = replace(m, label=m.label.replace("|", "\\|"))  # a pipe in a command would split the cell
        if m.error:
            lines.append(f"| {items:,} | {human_size(size)} | {m.label} | failed: {m.error} | | | |")
            continue
        lines.append(
            f"| {items:,} | {human_size(size)} | {m.label} | {m.wall:.3f} s | {ratio(m.wall, floor.wall)} "
            f"| {m.rss_mb:.0f} MB | {ratio(m.rss_mb, floor.rss_mb)} |"
        )
    return "\n".join(lines)


def generate(items: int, workdir: Path) -> Path:
    """Generate (or reuse) the ledger with `items` items in workdir."""
    path = workdir / f"ledger-{items}.json"
    if not path.exists():
        partial = path.with_suffix(".partial")  # an interrupted run must not leave a file that looks complete
        subprocess.run([sys.executable, str(GENERATE), str(items), str(partial)], check=True,
                       stdout=subprocess.DEVNULL)
        partial.replace(path)
    return path


def bench(
    sizes: list[int], workdir: Path, lint: tuple[str, ...], label: str, repeat: int
) -> tuple[str, bool]:
    """Run every measurement; return the report and whether every command succeeded."""
    rows: list[tuple[int, int, Measurement, Measurement]] = []
    for items in sizes:
        path = generate(items, workdir)
        size = path.stat().st_size
        floor = measure("json.load (parse floor)", fill(PARSE_FLOOR, path), repeat, frozenset({0}))
        # exit 1 only means the linter found something
        linted = measure(label, fill(lint, path), repeat, frozenset({0, 1}))
        rows.extend([(items, size, floor, floor), (items, size, floor, linted)])
        print(f"measured {items:,} items", file=sys.stderr)
    head = (f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs; best of {repeat} runs; lint command: `{shlex.join(lint)}`")
    return head + "\n\n" + table(rows), not any(m.error for *_, m in rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Benchmark ledgerlint against the json.load floor.")
    parser.add_argument("sizes", type=int, nargs="*", help=f"item counts (default {DEFAULT_SIZES})")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best time counts")
    parser.add_argument("--lint-cmd", help="command to measure instead of ledgerlint; {file} is the ledger")
    parser.add_argument("--workdir", type=Path, help="keep generated ledgers here (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(n < 0 for n in args.sizes):
        parser.error("--repeat must be >= 1 and sizes >= 0")
    sizes = args.sizes or list(DEFAULT_SIZES)
    if args.lint_cmd:
        lint, label = tuple(shlex.split(args.lint_cmd)), args.lint_cmd
    else:
        lint, label = default_lint_command(), "ledgerlint lint --format json"
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        report, ok = bench(sizes, args.workdir, lint, label, args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="ledgerlint-bench-") as tmp:
            report, ok = bench(sizes, Path(tmp), lint, label, args.repeat)
    print(report)
    return 0 if ok else 1  # a failed command is never reported as a result


if __name__ == "__main__":
    sys.exit(main())
