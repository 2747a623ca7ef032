"""The same checks as the built-in rules, written by hand as one Python loop: the bar a rule engine is held to.

Usage: python bench/handloop.py LEDGER.json

It reads the file with `json.load` and checks, item by item, what the built-in rules check on a ledger:
owners (missing, vague), measures (missing), deadline (missing, overdue), evidence of completed items,
completion after the deadline, measures dated before the feedback, future wording in completed items, and
the numeric claims of every text (parts add up, rates match), read with the project's own claim scanner:
reading Chinese numbers is the domain, not overhead. It prints the number of findings of each kind.
No locations, excerpts or report: those are what the linter adds on top.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

# This checkout's checker, not whichever copy is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.text.claims import find_claims, might_have_claims  # noqa: E402

VAGUE_OWNER = re.compile(r"^(专人|有关同志|相关股室|相关科室|相关部门)$")
# rules/wording.rules' default future_words
FUTURE = re.compile(r"拟(于|在|定于|将|通过|对|开展|组织|召开|举办|印发|出台|启动|实施)|计划(于|在|将|到|"
                    r"[0-9一二三四五六七八九十]+月|[0-9]{4}年)|将于|将在|即将|下一步|下步|预计|待.{1,8}后再|尚未|正在|还将")


def check(ledger: dict) -> Counter[str]:
    """Findings per kind for one ledger given as plain JSON data."""
    found: Counter[str] = Counter()
    date = dt.date.fromisoformat
    feedback = date(ledger["inspection"]["feedback"])
    as_of = date(ledger["report_date"])
    for issue in ledger["issues"]:
        owner = issue.get("owner") or {}
        if not (owner.get("leader") or owner.get("department") or owner.get("person")):
            found["owner-missing"] += 1
        elif owner.get("person") and VAGUE_OWNER.match(owner["person"]):
            found["owner-vague"] += 1
        measures = issue.get("measures") or []
        if not measures:
            found["measures-missing"] += 1
        status = issue.get("status")
        deadline = issue.get("deadline")
        if deadline is None and status != "long_term":
            found["deadline-missing"] += 1
        elif deadline is not None:
            due = date(deadline)
            if status not in ("completed", "long_term") and due < as_of:
                found["overdue"] += 1
            done = issue.get("completed_on")
            if done is not None and date(done) > due:
                found["completed-after-deadline"] += 1
        if status == "completed" and not issue.get("evidence"):
            found["evidence-missing"] += 1
        for measure in measures:
            if measure.get("date") and date(measure["date"]) < feedback:
                found["measure-before-feedback"] += 1
            if status == "completed" and FUTURE.search(measure["text"]):
                found["future-in-completed"] += 1
        texts = [issue["title"], *(m["text"] for m in measures), *(issue.get("evidence") or ())]
        for text in texts:
            if not might_have_claims(text):
                continue
            for claim in find_claims(text):
                if claim.kind == "sum":
                    parts = sum(claim.parts)
                    if parts > claim.total or (claim.exhaustive and not claim.approx and parts != claim.total):
                        found["parts-sum"] += 1
                elif claim.denominator and claim.rate is not None and claim.numerator is not None:
                    if abs(100 * claim.numerator / claim.denominator - claim.rate) >= 1:
                        found["rate"] += 1
    return found


def main(argv: list[str]) -> int:
    """Check one JSON ledger and print the findings per kind."""
    with open(argv[1], "rb") as fh:
        ledger = json.load(fh)
    found = check(ledger)
    print(json.dumps({"findings": sum(found.values()), **dict(sorted(found.items()))}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
