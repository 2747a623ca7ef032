"""The prose reader is linear in the text: ten times the text costs about ten times the time, for every shape
of hostile notice found (many items, long runs of digits, 一 or ASCII letters, one endless measure, many
short lines). Compared, never asserted in seconds; quadratic stages showed ratios near 100."""

from __future__ import annotations

import time

import pytest

from checker.extract import extract_ledger

HEAD = "关于巡察整改进展情况的通报\n一、已完成整改的问题\n(一)关于“理论学习不深入”的问题。整改措施:一是"
SMALL, BIG = 50_000, 500_000
LINEAR_BOUND = 40  # linear is about 10; the quadratic stages this guards against gave about 100


def _items(n: int) -> str:
    parts, size, i = [HEAD.split("(一)")[0]], 0, 0
    while size < n:
        i += 1
        line = (f"({i % 50 + 1})关于“问题{i}落实不到位”的问题。整改措施:一是召开专题会议{i}次;"
                f"二是印发《制度{i}》。联系电话:0710-3232187,邮箱 a{i}@b.cn。\n")
        parts.append(line)
        size += len(line)
    return "".join(parts)


SHAPES = {
    "items": _items,
    "digits": lambda n: HEAD + "1" * n + "。\n",
    "yi": lambda n: HEAD + "一" * n + "。\n",
    "ascii": lambda n: HEAD + "a" * n + "。\n",
    "measure": lambda n: HEAD + "召开会议研究部署" * (n // 8) + "。\n",
    "lines": lambda n: HEAD + "整改工作稳步推进。\n" * (n // 10),
}


def _best(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        extract_ledger(text, "n.txt")
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_ten_times_the_text_costs_about_ten_times_the_time(shape: str) -> None:
    make = SHAPES[shape]
    small = _best(make(SMALL), 3)
    big = _best(make(BIG), 1)
    assert big / small < LINEAR_BOUND, f"{shape}: {small:.3f}s → {big:.3f}s"
