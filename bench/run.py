"""The benchmark: ledgerlint beside the parse floor and a hand-written loop, in one run, nothing hidden.

Usage: python bench/run.py [SIZES...] [--kinds heavy,free] [--notices 1000] [--jobs 1,2] [--repeat 3]
                           [--repeat-large 1] [--no-stages] [--lint-cmd "CMD {file}"] [--workdir DIR]

Sections, each printed as a Markdown table:
1. Start-up: `python -c pass`, `--version`, `rules list`, and a whole lint of a 10-item ledger.
2. Ledgers: for every size (default 10, 1,000, 10,000 and 100,000 items) and kind (`heavy`: at least one
   numeric claim per six texts, as real measures carry; `free`: none), three commands on the same file:
   `json.load` (the parse floor no linter can beat), bench/handloop.py (the same checks as one Python
   loop) and `ledgerlint lint FILE --format json`, and for a file of 8 MB or more the same with `-j 2`
   (a helper process shares the rules and the reading of the claims). Wall time, peak RSS (of the largest
   process) and the peak of all processes together, each as a ratio to the floor.
3. Stages: where the time of the largest ledger of each kind goes (bench/stages.py, in process).
4. Folders: N notices (bench/notices.py) linted with each `--jobs` value; ms per notice, the speed-up over
   the first value, and whether every output is byte-identical.

Every command runs in a fresh interpreter under a wrapper that starts exactly one child, so the wrapper's
RUSAGE_CHILDREN peak RSS is that child's. Wall time is the best of --repeat runs (--repeat-large for ledgers
of 50,000 items or more); peak RSS the largest seen. On a shared machine compare ratios taken in one run,
not absolute times across runs. The lint command is this repository's `python -m checker` unless
`--lint-cmd` gives another (`{file}` stands for the input, e.g. `--lint-cmd "ledgerlint lint {file}"`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import write_ledger  # noqa: E402 - bench scripts import each other by path
from notices import write_notices  # noqa: E402

DEFAULT_SIZES = (10, 1_000, 10_000, 100_000)
LARGE = 50_000
PY = sys.executable
PARSE_FLOOR = (PY, "-c", "import json,sys; json.load(open(sys.argv[1],'rb'))", "{file}")
HAND_LOOP = (PY, str(BENCH / "handloop.py"), "{file}")
CHECKER = (PY, "-m", "checker")
SPLIT_MIN_BYTES = 8 * 1024 * 1024  # checker.api.SPLIT_MIN_BYTES: from this size `-j 2` forks a helper

# Runs one command with stdout discarded and reports its wall time and the child's peak RSS as JSON. Linux
# charges a child the memory it had before exec, i.e. this wrapper's ~14 MB: a floor that only matters for
# commands smaller than a Python interpreter. With a second argument, it also samples every 20 ms the memory
# of the child and its own children together (`lint -j 2` on a large file forks a helper): the sum of their
# proportional set sizes from /proc, so that a page two processes share counts once. Reading those sizes
# costs the machine a third of a core: such a run is for memory only, never timed.
WRAPPER = """
import json, resource, subprocess, sys, threading, time
cmd = json.loads(sys.argv[1])

def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            own = next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return own + sum(pss_kb(int(c)) for c in f.read().split())
    except (OSError, ValueError):
        return 0

start = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
peak = [0]
def sample():
    while proc.poll() is None:
        peak[0] = max(peak[0], pss_kb(proc.pid))
        time.sleep(0.02)
sampler = threading.Thread(target=sample, daemon=True)
if len(sys.argv) > 2:
    sampler.start()
rc = proc.wait()
wall = time.perf_counter() - start
if len(sys.argv) > 2:
    sampler.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kb": usage.ru_maxrss, "total_kb": peak[0]}))
"""


@dataclass(frozen=True)
class Measurement:
    """Best wall time (s) and peak RSS (MB) of one command, or the error that stopped it."""

    label: str
    wall: float
    rss_mb: float
    error: str | None = None
    total_mb: float = 0.0  # the command and the processes it started, together (sampled in a run of its own)


def fill(template: tuple[str, ...], path: Path) -> list[str]:
    """Substitute the input path for {file} in a command template."""
    return [part.replace("{file}", str(path)) for part in template]


def run_once(cmd: list[str], ok_codes: frozenset[int],
             together: bool = False) -> tuple[float, float, float, str | None]:
    """Run cmd once under a fresh wrapper; return (wall seconds, peak RSS in MB, with `together` the peak of
    all its processes together in MB (else 0), error or None)."""
    extra = ["together"] if together else []
    proc = subprocess.run([PY, "-c", WRAPPER, json.dumps(cmd), *extra], capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        return 0.0, 0.0, 0.0, f"wrapper failed: {proc.stderr.strip()[-300:]}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    error = None
    if result["rc"] not in ok_codes:
        tail = proc.stderr.strip().splitlines()[-1:] or [""]
        error = f"exit {result['rc']}: {tail[0][:200]}"
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: kB on Linux, bytes on macOS
    return result["wall"], result["maxrss_kb"] / divisor, result["total_kb"] / 1024, error


def measure(label: str, cmd: list[str], repeat: int, ok_codes: frozenset[int] = frozenset({0}),
            warm: bool = False, together: bool = False) -> Measurement:
    """Best wall time over `repeat` runs and the largest peak RSS seen; with `warm`, one run before them that
    does not count (it writes the bytecode an installed package already has); with `together`, one more run,
    not timed, for the memory of all the command's processes (else that is its peak RSS)."""
    if warm:
        run_once(cmd, ok_codes)
    walls: list[float] = []
    peak = 0.0
    for _ in range(repeat):
        wall, rss, _, error = run_once(cmd, ok_codes)
        if error:
            return Measurement(label, 0.0, 0.0, error)
        walls.append(wall)
        peak = max(peak, rss)
    total = peak
    if together and sys.platform == "linux":
        _, _, total, error = run_once(cmd, ok_codes, together=True)
        if error:
            return Measurement(label, 0.0, 0.0, error)
    return Measurement(label, min(walls), peak, total_mb=total)


def ratio(value: float, floor: float) -> str:
    """value / floor as '1.23x', or '-' when undefined."""
    return f"{value / floor:.2f}x" if floor > 0 and value > 0 else "-"


def human_size(size: int) -> str:
    """A file size in kB or MB."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def ledger(items: int, kind: str, workdir: Path) -> Path:
    """Generate (or reuse) the ledger of `items` items and claim kind `kind` in workdir."""
    path = workdir / f"ledger-{kind}-{items}.json"
    if not path.exists():
        partial = path.with_suffix(".partial")  # an interrupted run must not leave a file that looks complete
        write_ledger(items, partial, claims=kind == "heavy")
        partial.replace(path)
    return path


def startup(lint: tuple[str, ...], workdir: Path, repeat: int) -> str:
    """Start-up table: an empty interpreter, --version, rules list, a 10-item lint."""
    small = ledger(10, "heavy", workdir)
    base = [PY, "-c", "pass"]
    rows = [
        measure("python -c pass", base, repeat, warm=True),
        measure("ledgerlint --version", [*CHECKER, "--version"], repeat, warm=True),
        measure("ledgerlint rules list", [*CHECKER, "rules", "list"], repeat, warm=True),
        measure("lint 10-item ledger (json)", fill(lint, small), repeat, frozenset({0, 1}), warm=True),
    ]
    lines = ["| command | wall (best) | peak RSS |", "|---|---:|---:|"]
    for m in rows:
        lines.append(f"| {cell(m.label)} | " + (f"failed: {m.error} | |" if m.error
                                                 else f"{m.wall:.3f} s | {m.rss_mb:.0f} MB |"))
    return "\n".join(lines)


def findings_of(cmd: list[str]) -> str:
    """The number of findings a lint or hand-loop command reports (printed JSON), or '?'."""
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return "?"
    return str(data["summary"]["findings"] if "summary" in data else data["findings"])


def ledgers(sizes: list[int], kinds: list[str], lint: tuple[str, ...], workdir: Path, repeat: int,
            repeat_large: int) -> tuple[str, bool]:
    """Ledger table: floor, hand loop and ledgerlint per size and kind; and whether all commands succeeded."""
    lines = ["| kind | items | file | command | wall (best) | × floor | peak RSS | × floor | all processes | × floor "
             "| findings |", "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    ok = True
    for kind in kinds:
        for items in sizes:
            path = ledger(items, kind, workdir)
            runs = repeat_large if items >= LARGE else repeat
            floor = measure("json.load (parse floor)", fill(PARSE_FLOOR, path), runs)
            hand = measure("hand-written loop", fill(HAND_LOOP, path), runs)
            linted = measure("ledgerlint lint --format json", fill(lint, path), runs, frozenset({0, 1}))
            rows = [floor, hand, linted]
            if lint[:len(CHECKER)] == CHECKER and path.stat().st_size >= SPLIT_MIN_BYTES:  # a helper process
                rows.append(measure("ledgerlint lint --format json -j 2", [*fill(lint, path), "-j", "2"], runs,
                                    frozenset({0, 1}), together=True))
            # Counting findings costs a run of its own: only for the smaller ledgers.
            counts = {} if items >= LARGE else {"hand-written loop": findings_of(fill(HAND_LOOP, path)),
                                                 "ledgerlint lint --format json": findings_of(fill(lint, path))}
            for m in rows:
                ok = ok and m.error is None
                head = f"| {kind} | {items:,} | {human_size(path.stat().st_size)} | {cell(m.label)} |"
                if m.error:
                    lines.append(f"{head} failed: {m.error} | | | | | | |")
                    continue
                lines.append(f"{head} {m.wall:.3f} s | {ratio(m.wall, floor.wall)} | {m.rss_mb:.0f} MB "
                             f"| {ratio(m.rss_mb, floor.rss_mb)} | {m.total_mb:.0f} MB "
                             f"| {ratio(m.total_mb, floor.rss_mb)} | {counts.get(m.label, '')} |")
            print(f"measured {kind} {items:,}", file=sys.stderr)
    return "\n".join(lines), ok


def stages(path: Path) -> str:
    """Per-stage table of one ledger (bench/stages.py in a fresh interpreter)."""
    proc = subprocess.run([PY, str(BENCH / "stages.py"), str(path), "--json"], capture_output=True, text=True,
                          cwd=REPO)
    if proc.returncode != 0:
        return f"stages failed: {proc.stderr.strip()[-300:]}"
    rows = json.loads(proc.stdout)
    # Indented labels are the parts of the row above them (api.lint_file): counted once, in that row.
    total = sum(seconds for label, seconds, _ in rows
                if label not in ("imports", "json.loads (floor)") and not label.startswith(" "))
    floor = next((seconds for label, seconds, _ in rows if label == "json.loads (floor)"), 0.0)
    lines = [f"`{path.name}`: stages after imports {total:.2f} s = {ratio(total, floor)} json.loads",
             "", "| stage | time | share | note |", "|---|---:|---:|---|"]
    for label, seconds, note in rows:
        share = "" if label in ("imports", "json.loads (floor)") else f"{100 * seconds / total:.0f}%"
        lines.append(f"| {label} | {seconds:.3f} s | {share} | {note} |")
    return "\n".join(lines)


def folders(count: int, jobs: list[int], workdir: Path, repeat: int) -> tuple[str, bool]:
    """Folder table: `lint DIR -j N` for every N; ms per notice, speed-up, identical output."""
    folder = workdir / f"notices-{count}"
    if not folder.exists():
        write_notices(count, folder)
    lines = ["| notices | jobs | wall (best) | ms / notice | speed-up | output |", "|---:|---:|---:|---:|---:|---|"]
    first: Measurement | None = None
    reference: bytes | None = None
    ok = True
    for n in jobs:
        out = workdir / f"notices-j{n}.json"
        cmd = [*CHECKER, "lint", str(folder), "--format", "json", "--output", str(out), "--jobs", str(n)]
        m = measure(f"-j {n}", cmd, repeat, frozenset({0, 1}))
        if m.error:
            lines.append(f"| {count:,} | {n} | failed: {m.error} | | | |")
            ok = False
            continue
        data = out.read_bytes()
        same = "reference" if reference is None else ("identical" if data == reference else "DIFFERS")
        ok = ok and same != "DIFFERS"
        reference = reference if reference is not None else data
        first = first or m
        lines.append(f"| {count:,} | {n} | {m.wall:.2f} s | {1000 * m.wall / count:.2f} | "
                     f"{ratio(first.wall, m.wall)} | {same} |")
        print(f"measured notices -j {n}", file=sys.stderr)
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Benchmark ledgerlint against the parse floor and a hand loop.")
    parser.add_argument("sizes", type=int, nargs="*", help=f"item counts (default {DEFAULT_SIZES})")
    parser.add_argument("--kinds", default="heavy,free", help="ledger kinds: heavy (claims), free (none)")
    parser.add_argument("--notices", type=int, default=1000, help="notices in the folder benchmark (0: skip)")
    parser.add_argument("--jobs", default="1,2", help="--jobs values for the folder benchmark")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best time counts")
    parser.add_argument("--repeat-large", type=int, default=1, help=f"runs per command from {LARGE:,} items")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage table")
    parser.add_argument("--lint-cmd", help="command to measure instead of ledgerlint; {file} is the ledger")
    parser.add_argument("--workdir", type=Path, help="keep generated inputs here (default: a temp dir)")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    if args.repeat < 1 or args.repeat_large < 1 or any(n < 0 for n in args.sizes) or \
            not set(kinds) <= {"heavy", "free"}:
        parser.error("--repeat must be >= 1, sizes >= 0, kinds heavy and/or free")
    sizes = args.sizes or list(DEFAULT_SIZES)
    lint = tuple(shlex.split(args.lint_cmd)) if args.lint_cmd else (*CHECKER, "lint", "{file}", "--format", "json")
    jobs = [int(j) for j in args.jobs.split(",") if j]
    with tempfile.TemporaryDirectory(prefix="ledgerlint-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        # Every command runs with bytecode, as from an installed package (pip compiles it): a checkout run
        # under PYTHONDONTWRITEBYTECODE (usual in containers) would compile each module at each start-up.
        # The bytecode goes to the work folder, never into the checkout.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        out = [f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
               f"{os.cpu_count()} CPUs; best of {args.repeat} runs ({args.repeat_large} from {LARGE:,} items); "
               f"lint command: `{shlex.join(lint)}`; bytecode cached, as installed", "",
               "## Start-up", "", startup(lint, workdir, args.repeat)]
        table, ok = ledgers(sizes, kinds, lint, workdir, args.repeat, args.repeat_large)
        out += ["", "## Ledgers", "", table]
        if not args.no_stages:
            out += ["", "## Stages"]
            for kind in kinds:
                out += ["", stages(ledger(max(sizes), kind, workdir))]
        if args.notices:
            table, folders_ok = folders(args.notices, jobs, workdir, args.repeat_large)
            out += ["", "## Folders", "", table]
            ok = ok and folders_ok
    print("\n".join(out))
    return 0 if ok else 1  # a failed command or differing output is never reported as a result


if __name__ == "__main__":
    sys.exit(main())
