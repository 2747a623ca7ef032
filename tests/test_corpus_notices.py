"""The corpus of published notices (tests/data/corpus/notices, copied from the shared corpus): each case is
one kind of real input, checked against its expectations (findings required, false alarms, values read)."""

from __future__ import annotations

import pytest

from tests.corpus_expect import CORPUS, problems

CASES = [
    "approx-amounts.txt",
    "big5-traditional.txt",
    "capital-numerals.txt",
    "date-variants.txt",
    "ducha-kind.txt",
    "evidence-list.txt",
    "one-finding-each.txt",
    "opening-paragraph-claims.txt",
    "simplified-stays-simplified.txt",
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


def test_the_whole_folder_is_covered() -> None:
    cases = sorted(p.name[:-len(".expect.yaml")] for p in (CORPUS / "notices").glob("*.expect.yaml"))
    assert cases == sorted(CASES)
