"""Write a large, realistic JSON ledger for benchmarks.

Usage: python bench/generate.py N OUT.json [--claims heavy|free] [--seed S]

Titles and measures are cycled from the structured samples in samples/ (real text from published notices);
ids, owners, deadlines, statuses and evidence vary with a seeded random generator, so the same N and seed
always give the same file. About 1.1 KB per item: 100,000 items make a file of roughly 112 MB. A few
percent of the items carry the defects the built-in rules look for, as real ledgers do.

`--claims heavy` (the default) gives at least one numeric claim per six texts of every item, as measures in
real ledgers carry them (共检查经营户120户,其中合格98户…; 调解成功率99%), about 2% of them wrong;
`--claims free` writes the sample text only, which holds no claim at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
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


# Claim sentences as measures state them: (template, kind). Each template's numbers are drawn by _claim.
CLAIM_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("共检查经营户{t}户,其中合格{a}户,限期整改{b}户,责令停业{c}户", "sum3"),
    ("共受理法律援助案件{t}件,其中刑事案件{a}件,民事案件{b}件,行政案件{c}件", "sum3"),
    ("共排查廉政风险点{t}个,其中已整改{a}个、正在整改{b}个", "sum2"),
    ("调解纠纷{d}件,调解成功{n}件,调解成功率{r}%", "rate"),
    ("组织全体干部参加法律知识考试{d}人次,考试合格{n}人次,合格率{r}%", "rate"),
    ("开展专项检查{d}次,发现问题{x}个,整改到位{n}个,整改到位率{r}%", "rate_x"),
)
CLAIMS_PER_TEXT = 1 / 6  # the density `--claims heavy` guarantees for every item
CLAIM_DEFECT_RATE = 0.02

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


def _claim(rng: random.Random) -> str:
    """One claim sentence with consistent numbers, or (CLAIM_DEFECT_RATE of them) numbers that disagree."""
    template, kind = rng.choice(CLAIM_TEMPLATES)
    wrong = rng.random() < CLAIM_DEFECT_RATE
    if kind in ("sum2", "sum3"):
        parts = [rng.randint(1, 400) for _ in range(2 if kind == "sum2" else 3)]
        total = sum(parts) + (rng.randint(1, 9) if wrong else 0)
        return template.format(t=total, **dict(zip("abc", parts, strict=False)))
    den = rng.randint(20, 30000)
    num = rng.randint(den * 7 // 10, den)
    rate = round(100 * num / den, 1)
    if wrong:
        rate = max(0.0, rate - rng.randint(3, 20))
    text_rate = f"{rate:.1f}".rstrip("0").rstrip(".")
    if kind == "rate_x":  # the rate's base is the problems found, not the inspections
        return template.format(d=rng.randint(3, 60), x=den, n=num, r=text_rate)
    return template.format(d=den, n=num, r=text_rate)


def make_issue(index: int, rng: random.Random, pool: list[tuple[str, list[Measure]]],
               claims: bool = True) -> dict[str, Any]:
    """One ledger item; roughly one in twenty carries a defect. With `claims`, at least one text in six
    carries a numeric claim (appended to a measure as its own sentence)."""
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
    if claims and measures:
        texts = 1 + len(measures) + len(issue["evidence"])
        for j in rng.sample(range(len(measures)), k=min(len(measures), math.ceil(texts * CLAIMS_PER_TEXT))):
            measures[j]["text"] = measures[j]["text"].removesuffix("。") + "。" + _claim(rng)
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


def chunks(n: int, seed: int = DEFAULT_SEED, claims: bool = True) -> Iterator[str]:
    """The ledger's JSON text in pieces, one item at a time, so memory stays flat for any N."""
    rng = random.Random(seed)
    pool = _sample_items()
    head = json.dumps(header(n), ensure_ascii=False, indent=1)
    yield head[:-2] + ',\n "issues": [\n'
    for index in range(n):
        sep = ",\n" if index < n - 1 else "\n"
        yield "  " + json.dumps(make_issue(index, rng, pool, claims), ensure_ascii=False) + sep
    yield " ]\n}\n"


def write_ledger(n: int, out: Path, seed: int = DEFAULT_SEED, claims: bool = True) -> int:
    """Write an n-item ledger to out (claim-heavy unless `claims` is False); return its size in bytes."""
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for piece in chunks(n, seed, claims):
            fh.write(piece)
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Write a large, realistic JSON ledger for benchmarks.")
    parser.add_argument("n", type=int, help="number of items")
    parser.add_argument("out", type=Path, help="output file (.json)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--claims", choices=("heavy", "free"), default="heavy",
                        help="heavy: >= 1 numeric claim per 6 texts (default); free: none")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    size = write_ledger(args.n, args.out, args.seed, args.claims == "heavy")
    print(f"{args.out}: {args.n} items, claims {args.claims}, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
