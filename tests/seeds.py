"""The five real published documents the tests read (copies of the project's seed documents)."""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def seed_text(name: str) -> str:
    """The text of one seed document, e.g. `seed_text("002_9a7c4d30cb90fa07.txt")`."""
    return (SEEDS / name).read_text(encoding="utf-8-sig")
