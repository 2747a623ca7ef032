"""Write a folder of published notices for the folder benchmark (`ledgerlint lint DIR -j N`).

Usage: python bench/notices.py N OUTDIR [--corpus DIR]

The notices are cycled from every notice the repository holds (samples/notices, tests/data/seeds and
tests/data/variants: plain and Markdown text, traditional characters, summaries, work summaries) and, when
given or found beside the repository, the notice and Word cases of the real-world corpus (Big5, 大写
numerals, 余万 amounts, date variants, Word numbering and tracked changes). File names are numbered so the
report's order follows the cycle; the content of each file is the source's, byte for byte.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("samples/notices", "tests/data/seeds", "tests/data/variants")
CORPUS = REPO.parent / "shared" / "corpus" / "cases"
CORPUS_KINDS = ("notices", "word")
SUFFIXES = (".txt", ".md", ".docx")


def source_notices(corpus: Path | None = CORPUS) -> list[Path]:
    """The notices to cycle: the repository's own, then the corpus's (if the folder exists), sorted."""
    found = [p for folder in SOURCES for p in sorted((REPO / folder).iterdir()) if p.suffix in SUFFIXES]
    if corpus is not None and corpus.is_dir():
        found += [p for kind in CORPUS_KINDS if (corpus / kind).is_dir()
                  for p in sorted((corpus / kind).iterdir()) if p.suffix in SUFFIXES]
    return found


def write_notices(n: int, out: Path, corpus: Path | None = CORPUS) -> list[Path]:
    """Copy n notices into out (created if needed), cycling over source_notices(); return the written paths."""
    pool = source_notices(corpus)
    if not pool:
        raise FileNotFoundError("no notice to copy")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index in range(n):
        source = pool[index % len(pool)]
        target = out / f"{index:05d}-{source.stem}{source.suffix}"
        shutil.copyfile(source, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Write a folder of notices for the folder benchmark.")
    parser.add_argument("n", type=int, help="number of notices")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus cases folder (default: %(default)s)")
    args = parser.parse_args(argv)
    written = write_notices(args.n, args.out, args.corpus)
    kinds = len({p.name.split("-", 1)[1] for p in written})
    print(f"{args.out}: {len(written)} notices from {kinds} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
