"""consistency/rate follows the precision a rate is written to (DESIGN §5): the true value must round or
truncate to the stated figure; 余/近/约 widen the tolerance."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import LintOptions, lint
from checker.text.claims import precision_step

LEDGER = """\
ledger_version: 1
unit: 某县司法局党组
report_date: 2024-06-28
issues:
  - id: "1"
    title: 人民调解工作开展不扎实
    owner: {{department: 办公室}}
    deadline: 2024-05-31
    status: completed
    completed_on: 2024-05-20
    evidence: [调解案件抽查通报]
    measures:
      - text: "{text}"
"""


def rate_findings(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "台账.yaml"
    path.write_text(LEDGER.format(text=text), encoding="utf-8")
    result = lint([path], LintOptions())
    return [f.message for file in result.files for f in file.findings if f.rule == "consistency/rate"]


@pytest.mark.parametrize(("text", "flagged"), [
    ("共调解纠纷400件,调解成功392件,调解成功率99%", True),       # 98.0% is not 99%
    ("共调解纠纷400件,调解成功394件,调解成功率99%", False),      # 98.5% rounds to 99%
    ("共调解纠纷400件,调解成功399件,调解成功率99%", False),      # 99.75% truncates to 99%
    ("共调解纠纷400件,调解成功394件,调解成功率98.5%", False),    # exactly
    ("共调解纠纷400件,调解成功392件,调解成功率98.5%", True),     # 98.0% stated to a tenth
    ("共调解纠纷400余件,调解成功392件,调解成功率99%", False),    # 余: about, within a few points
])
def test_rate_tolerance_follows_the_stated_precision(tmp_path: Path, text: str, flagged: bool) -> None:
    assert bool(rate_findings(tmp_path, text)) is flagged


def test_precision_of_written_rates() -> None:
    assert precision_step("99%") == 1.0
    assert precision_step("98.5%") == pytest.approx(0.1)
    assert precision_step("84.45％") == pytest.approx(0.01)
    assert precision_step("百分之九十八点五") == pytest.approx(0.1)
