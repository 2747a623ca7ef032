"""Numbers in messages are written as notices write them: large amounts with 万/亿 (`amount`), small numbers
as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.api import lint
from checker.dsl.builtins import BUILTINS

ROOT = Path(__file__).resolve().parent.parent
NOTICE = ROOT / "samples" / "notices" / "pingdingshan-2024-notice.txt"


@pytest.mark.parametrize("value, shown", [
    (135000000.0, "1.35亿"), (125000000.0, "1.25亿"), (123450000.0, "1.2345亿"), (32000000.0, "3200万"),
    (1250000.0, "125万"), (150000.0, "15万"),
    (123456789.0, "123456789"),  # not exact in 万 or 亿: as it is
    (12345.0, "12345"), (99999.0, "99999"), (31.0, "31"), (0.1 + 0.2, "0.3"), (1.5, "1.5"), (-2e8, "-2亿"),
])
def test_amount_writes_large_numbers_with_wan_and_yi(value: float, shown: str) -> None:
    assert BUILTINS["amount"].impl(value) == shown
    assert BUILTINS["amount"].impl(None) is None  # missing in, missing out


def test_parts_sum_messages_show_amounts_as_written(tmp_path: Path) -> None:
    text = NOTICE.read_text(encoding="utf-8")
    marker = "二、已完成整改事项\n"
    added = ("(四)追缴违规资金。审计查出问题金额2.4亿元,其中已上缴财政9000万元、归还原资金渠道1.1亿元、"
             "调账处理6000万元。共检查律师事务所40家,其中合格32家、不合格9家。\n")
    path = tmp_path / "通报.txt"
    path.write_text(text.replace(marker, added + marker, 1), encoding="utf-8")
    messages = [f.message for f in lint([path]).findings() if f.rule == "consistency/parts-sum"]
    assert any(m.endswith("分项合计 2.6亿,超过总数 2.4亿") for m in messages), messages
    assert any(m.endswith("分项合计 41,超过总数 40") for m in messages), messages
