"""Lint N generated files with -j 1 and -j 2: the JSON reports must be byte-identical; print both times.

Usage: python bench/jobs_parity.py [N]   (default 500)

The folder holds JSON ledgers of 20 items (bench/generate.py, one seed per file) and, one file in five, a
copy of a sample notice with its item numbers kept, so both the structured and the prose readers run.
Each run is `python -m checker lint FOLDER -f json -o …` in a fresh interpreter, timed end to end.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write_ledger  # noqa: E402

NOTICES = sorted((ROOT / "samples" / "notices").glob("*.txt"))


def make_files(folder: Path, n: int) -> None:
    """`n` input files in `folder`: ledgers of 20 items, every fifth file a sample notice."""
    for index in range(n):
        if index % 5 == 4:
            shutil.copy(NOTICES[index % len(NOTICES)], folder / f"{index:04}-notice.txt")
        else:
            write_ledger(20, folder / f"{index:04}-ledger.json", seed=index)


def timed_lint(folder: Path, jobs: int, out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "checker", "lint", str(folder), "-f", "json", "-o", str(out),
                           "-j", str(jobs), "--isolated"], cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"lint -j {jobs} exited {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[:500]}")
    return elapsed


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "inputs"
        folder.mkdir()
        make_files(folder, n)
        one, two = Path(tmp) / "j1.json", Path(tmp) / "j2.json"
        t1 = timed_lint(folder, 1, one)
        t2 = timed_lint(folder, 2, two)
        same = one.read_bytes() == two.read_bytes()
        print(f"{n} files: -j 1 {t1:.2f} s, -j 2 {t2:.2f} s ({t1 / t2:.2f}x); JSON byte-identical: {same}")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
