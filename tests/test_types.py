"""checker/ type-checks: mypy with the settings of pyproject.toml ([tool.mypy]) reports no error, and every
`# type: ignore[code]` in it says why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api as mypy_api  # a test dependency: pip install -e '.[test]'

ROOT = Path(__file__).resolve().parent.parent


def test_checker_has_no_type_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # pyproject.toml's [tool.mypy] is read from the working directory
    stdout, stderr, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"), "checker"])
    assert status == 0, stdout + stderr


# `# type: ignore[code]  # why`: the codes, then a comment saying why the checker is wrong there.
_IGNORE = re.compile(r"#\s*type:\s*ignore\b(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")
_REASON = re.compile(r"^\s+#\s*\S")


def unexplained_ignores(text: str) -> list[int]:
    """Line numbers (1-based) of type-ignores without an error code or without a reason after them."""
    bad = []
    for number, line in enumerate(text.splitlines(), 1):
        m = _IGNORE.search(line)
        if m and (m["codes"] is None or not _REASON.match(m["rest"])):
            bad.append(number)
    return bad


def test_unexplained_ignores_are_found() -> None:
    text = ("a = f()  # type: ignore[arg-type]  # a list: checked by dsl/types\n"
            "b = g()  # type: ignore[arg-type]\n"
            "c = h()  # type: ignore\n"
            "d = k()  # type: ignore  # no code\n"
            "e = m()  # type: ignore[misc]   \n")
    assert unexplained_ignores(text) == [2, 3, 4, 5]


def test_every_type_ignore_in_checker_says_why() -> None:
    bad = [f"{path.relative_to(ROOT)}:{number}"
           for path in sorted((ROOT / "checker").rglob("*.py"))
           for number in unexplained_ignores(path.read_text(encoding="utf-8"))]
    assert not bad, "type: ignore without `[code]  # why`: " + ", ".join(bad)
