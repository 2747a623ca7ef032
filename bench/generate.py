"""Write a large, realistic JSON ledger for benchmarks.

Usage: python bench/generate.py N OUT.json [--seed S]

Titles and measures are cycled from the structured samples in samples/ (real text from published notices);
ids, owners, deadlines, statuses and evidence vary with a seeded random generator, so the same N and seed
always give the same file. About 1.1 KB per item: 100,000 items make a file of roughly 112 MB. A few
percent of the items carry the defects the built-in rules look for, as real ledgers do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# Measures come from the clean sample only: the defect rate is set by make_issue, not by the text pool.
SOURCES = ("clean/fancheng-2023.yaml",)
DEFAULT_SEED = 20240520

FEEDBACK = dt.date(2023, 3, 16)
REPORT_DATE = dt.date(2023, 12, 29)
SURNAMES = (
    "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林郑谢罗梁宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
DEPARTMENTS = (
    "办公室", "政治部", "机关党委", "法律援助中心", "普法与依法治理科", "行政执法协调监督科",
    "行政复议与应诉科", "公共法律服务管理科", "律师工作科", "人民参与和促进法治科", "社区矫正管理科",
    "计划财务装备科", "法治调研科", "立法科",
)
VAGUE_OWNERS = ("专人", "相关股室", "有关同志")
MEASURE_COUNTS = (4, 4, 4, 5)  # tuned so that an item takes about 1.1 KB
CATEGORIES = ("党的政治建设", "履行职能责任", "作风建设", "组织建设", "全面从严治党", "财务管理")
EVIDENCE = (
    "党组会议纪要(第{n}次)", "专题会议记录及签到表", "整改工作台账(第{n}期)", "制度文件汇编",
    "培训通知及照片", "督导检查情况通报", "工作方案(印发稿)", "检查记录表({n}份)",
)


Measure = tuple[str, int | None]  # text, days after the feedback (None: undated)


def _sample_items() -> list[tuple[str, list[Measure]]]:
    """(title, measures) of every sample item that has measures, in file order."""
    items: list[tuple[str, list[Measure]]] = []
    for name in SOURCES:
        with open(SAMPLES / name, encoding="utf-8") as fh:
            ledger = yaml.safe_load(fh)  # YAML is a superset of JSON: one reader for both
        feedback = _as_date(ledger["inspection"]["feedback"])
        for issue in ledger["issues"]:
            measures = [(m["text"], (_as_date(m["date"]) - feedback).days if m.get("date") else None)
                        for m in issue.get("measures", [])]
            if measures:
                items.append((issue["title"], measures))
    return items


def _as_date(value: object) -> dt.date:
    """A date from YAML (already a date) or JSON (an ISO string)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _name(rng: random.Random) -> str:
    """A placeholder personal name such as 张某某."""
    return rng.choice(SURNAMES) + rng.choice(("某", "某某"))


def _day(start: dt.date, rng: random.Random, lo: int, hi: int) -> dt.date:
    """A date lo..hi days after start."""
    return start + dt.timedelta(days=rng.randint(lo, hi))


def make_issue(index: int, rng: random.Random, pool: list[tuple[str, list[Measure]]]) -> dict[str, Any]:
    """One ledger item; roughly one in twenty carries a defect."""
    title, sample_measures = pool[index % len(pool)]
    status = rng.choices(("completed", "in_progress", "long_term"), weights=(80, 12, 8))[0]
    # open items mostly run past the report date; a few are overdue
    deadline = _day(FEEDBACK, rng, 30, 280) if status == "completed" else _day(FEEDBACK, rng, 250, 450)
    last = min(deadline, REPORT_DATE)
    owner = {"leader": _name(rng), "department": rng.choice(DEPARTMENTS), "person": _name(rng)}
    wanted = rng.choice(MEASURE_COUNTS)
    picked = rng.sample(sample_measures, k=min(len(sample_measures), wanted))
    while len(picked) < wanted:  # short items borrow another item's measure: ledgers repeat boilerplate
        picked.append(rng.choice(rng.choice(pool)[1]))
    measures: list[dict[str, Any]] = []
    for text, offset in picked:
        measure: dict[str, Any] = {"text": text}
        if offset is not None and FEEDBACK + dt.timedelta(days=offset) <= last:
            measure["date"] = (FEEDBACK + dt.timedelta(days=offset)).isoformat()
        elif rng.random() < 0.5:
            measure["date"] = _day(FEEDBACK, rng, 1, (last - FEEDBACK).days).isoformat()
        measures.append(measure)
    issue: dict[str, Any] = {
        "id": f"{index // 40 + 1}-{index % 40 + 1}",
        "title": title,
        "category": rng.choice(CATEGORIES),
        "owner": owner,
        "deadline": deadline.isoformat(),
        "status": status,
        "measures": measures,
        "evidence": [rng.choice(EVIDENCE).format(n=rng.randint(1, 30)) for _ in range(rng.randint(1, 3))],
    }
    if status == "completed":
        issue["completed_on"] = _day(FEEDBACK, rng, 10, (deadline - FEEDBACK).days).isoformat()
    elif status == "long_term":
        issue["review_date"] = _day(REPORT_DATE, rng, 30, 180).isoformat()
    defect = rng.randrange(100)
    if defect == 0:
        issue["owner"] = {}
    elif defect == 1:
        issue["owner"] = {"person": rng.choice(VAGUE_OWNERS)}
    elif defect == 2:
        issue["measures"] = []
    elif defect == 3:
        del issue["deadline"]
    elif defect == 4 and status == "completed":
        issue["evidence"] = []
    return issue


def header(n: int) -> dict[str, Any]:
    """Everything in the ledger except its items."""
    return {
        "ledger_version": 1,
        "unit": "樊城区司法局党组",
        "inspection": {"body": "区委第一巡察组", "start": "2022-11-02", "end": "2023-01-06",
                       "feedback": FEEDBACK.isoformat()},
        "report_date": REPORT_DATE.isoformat(),
        "declared": {"issues": n},
        "contact": {"phone": "0710-3232187", "email": "467162438@qq.com", "address": None},
        "document": {"kind": "ledger", "public": False},
    }


def chunks(n: int, seed: int = DEFAULT_SEED) -> Iterator[str]:
    """The ledger's JSON text in pieces, one item at a time, so memory stays flat for any N."""
    rng = random.Random(seed)
    pool = _sample_items()
    head = json.dumps(header(n), ensure_ascii=False, indent=1)
    yield head[:-2] + ',\n "issues": [\n'
    for index in range(n):
        sep = ",\n" if index < n - 1 else "\n"
        yield "  " + json.dumps(make_issue(index, rng, pool), ensure_ascii=False) + sep
    yield " ]\n}\n"


def write_ledger(n: int, out: Path, seed: int = DEFAULT_SEED) -> int:
    """Write an n-item ledger to out; return its size in bytes."""
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for piece in chunks(n, seed):
            fh.write(piece)
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Write a large, realistic JSON ledger for benchmarks.")
    parser.add_argument("n", type=int, help="number of items")
    parser.add_argument("out", type=Path, help="output file (.json)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    size = write_ledger(args.n, args.out, args.seed)
    print(f"{args.out}: {args.n} items, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
