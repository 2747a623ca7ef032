"""Prose reader at 2 MB and 20 MB for every hostile shape of tests/test_prose_linear.py: prints seconds and the
ratio (linear: about 10). Run: `python -m bench.prose_linear [small_chars big_chars]`."""

from __future__ import annotations

import sys
import time

from checker.extract import extract_ledger
from tests.test_prose_linear import SHAPES


def main() -> None:
    """Time extract_ledger on each shape at two sizes (characters, default 2,000,000 and 20,000,000)."""
    small, big = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (2_000_000, 20_000_000)
    for name, make in sorted(SHAPES.items()):
        times = []
        for size in (small, big):
            text = make(size)
            start = time.perf_counter()
            extract_ledger(text, "n.txt")
            times.append(time.perf_counter() - start)
        print(f"{name:8} {small:>11,} chars {times[0]:7.2f} s   {big:>11,} chars {times[1]:7.2f} s   "
              f"ratio {times[1] / times[0]:5.1f}", flush=True)


if __name__ == "__main__":
    main()
