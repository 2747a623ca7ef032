"""The corpus of published notices (tests/data/corpus/notices, copied from the shared corpus): each case is
one kind of real input, checked against its expectations (findings required, false alarms, values read)."""

from __future__ import annotations

import pytest

from tests.corpus_expect import CORPUS, problems

CASES = [
    "approx-amounts.txt",
    "capital-numerals.txt",
    "ducha-kind.txt",
    "one-finding-each.txt",
    "opening-paragraph-claims.txt",
    "summary-only-wrong-rate.txt",
    "summary-only.txt",
    "summary-with-campaign-words.txt",
]


@pytest.mark.parametrize("name", CASES)
def test_case(name: str) -> None:
    assert problems(CORPUS / "notices" / name) == []


def test_every_case_has_expectations() -> None:
    for name in CASES:
        assert (CORPUS / "notices" / (name + ".expect.yaml")).is_file()
