"""A large file with --jobs > 1 is checked by two processes (checker.api._Split on checker.forked) with exactly
the result of one process, whatever the helper does.

Most cases run in a fresh interpreter (`_in_a_fresh_interpreter`): fork is used only from a process with no other thread, and
other tests leave threads behind (Dask's, asyncio's)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from checker import api, forked
from checker.enrich import ledger_claims
from checker.report import render

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fork is used on Linux only")


def _in_a_fresh_interpreter(case: Callable[[], None]) -> Callable[[], None]:
    """The test of `case` (a function of this module): it runs in a new interpreter, where fork is possible,
    and its assertion errors fail the test with their traceback."""

    def test() -> None:
        proc = subprocess.run([sys.executable, "-c", f"from tests.test_split import {name}; {name}.case()"],
                              cwd=REPO, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr

    name = case.__name__
    test.case = case  # type: ignore[attr-defined]
    test.__name__ = test.__qualname__ = name
    test.__doc__ = case.__doc__
    return test


def _child_pid() -> int:
    return os.getpid()


@_in_a_fresh_interpreter
def test_the_work_runs_in_a_child_and_its_result_comes_back() -> None:
    assert forked.can_fork()
    child = forked.start(_child_pid)
    try:
        pid = child.result()
    finally:
        child.close()
    assert pid != os.getpid()


@_in_a_fresh_interpreter
def test_a_child_that_does_not_deliver_leaves_the_work_to_this_process_or_the_fallback() -> None:
    parent = os.getpid()
    for how in ("raises", "killed", "exits"):
        def work(how: str = how) -> list[int]:
            if os.getpid() != parent:  # only in the child
                if how == "raises":
                    raise RuntimeError("boom")
                if how == "killed":
                    os.kill(os.getpid(), signal.SIGKILL)
                os._exit(3)
            return [parent, 42]

        child = forked.start(work)
        try:
            assert child.result() == [parent, 42], how
        finally:
            child.close()
        assert forked.start(work, fallback=lambda: [0]).result() == [0], how  # noqa: PLW0108


@_in_a_fresh_interpreter
def test_an_error_of_the_work_is_raised_here_as_without_a_child() -> None:
    def work() -> int:
        raise ValueError("坏数据")

    child = forked.start(work)
    try:
        child.result()
    except ValueError as exc:
        assert str(exc) == "坏数据"
    else:
        raise AssertionError("no error")
    finally:
        child.close()


@_in_a_fresh_interpreter
def test_a_child_whose_result_is_not_wanted_is_stopped_and_collected() -> None:
    child = forked.start(signal.pause)
    pid = child._pid
    assert pid is not None
    child.close()
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # already collected: no zombie left
        return
    raise AssertionError("the child was not collected")


@_in_a_fresh_interpreter
def test_tasks_are_taken_once_each_by_this_process_and_its_child() -> None:
    tasks = forked.Tasks(500)

    def take_all() -> list[int]:
        taken = []
        while (k := tasks.take()) is not None:
            taken.append(k)
            time.sleep(0.0005)  # work of some length, so that both processes take tasks
        return taken

    child = forked.start(take_all)
    try:
        mine = take_all()
        theirs = child.result()
    finally:
        child.close()
        tasks.close()
    assert sorted(mine + theirs) == list(range(500))  # every task once, by one of them


class _Interrupted(Exception):
    pass


@_in_a_fresh_interpreter
def test_an_interrupted_wait_leaves_no_child_and_no_error_on_close() -> None:
    def interrupt(signum: int, frame: object) -> None:
        raise _Interrupted

    signal.signal(signal.SIGALRM, interrupt)
    child = forked.start(signal.pause)  # never delivers
    pid = child._pid
    assert pid is not None
    signal.setitimer(signal.ITIMER_REAL, 0.3)  # Ctrl-C while this process waits for the result
    try:
        child.result()
    except _Interrupted:
        pass
    else:
        raise AssertionError("not interrupted")
    child.close()  # no error for the pipe the interrupted read closed; the child is stopped and collected
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return
    raise AssertionError("the child was not collected")


@_in_a_fresh_interpreter
def test_the_helper_dies_with_its_parent() -> None:
    read_end, write_end = os.pipe()
    parent = os.fork()
    if parent == 0:  # a process that starts a helper, tells its pid and is killed (SIGKILL, the OOM killer)
        child = forked.start(lambda: time.sleep(60))
        os.write(write_end, str(child._pid).encode())
        os.kill(os.getpid(), signal.SIGKILL)
    os.close(write_end)
    helper = int(os.read(read_end, 32))
    os.waitpid(parent, 0)
    for _ in range(100):
        try:
            with open(f"/proc/{helper}/status", encoding="ascii") as status:
                state = next(line for line in status if line.startswith("State:"))
        except FileNotFoundError:
            return
        if "Z" in state.split()[1]:  # dead, waiting to be collected by whoever adopted it
            return
        time.sleep(0.05)
    raise AssertionError("the helper outlived its parent")


@_in_a_fresh_interpreter
def test_a_closed_split_keeps_nothing_alive() -> None:
    import gc
    import weakref

    api.SPLIT_MIN_BYTES = 1024
    gc.disable()  # as lint_file runs: only reference counts free what is dropped
    with tempfile.TemporaryDirectory() as folder:
        ledger = _bench_ledger(Path(folder))
        split = api._Split.start(ledger, api.load_rules(api.LintOptions()), api.LintOptions(jobs=2), "x")
        assert split is not None
        gone = weakref.ref(split)
        split.close()
        del split
        assert gone() is None


@_in_a_fresh_interpreter
def test_only_json_files_are_split() -> None:
    api.SPLIT_MIN_BYTES = 16
    options = api.LintOptions(jobs=2)
    ruleset = api.load_rules(options)
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (("台账.json", '{"issues": []}'), ("台账.yaml", "issues: []\n")):
            path = Path(folder) / name
            path.write_text(text + " " * 100, encoding="utf-8")
            split = api._Split.start(path, ruleset, options, name)
            assert (split is not None) == name.endswith(".json"), name
            if split is not None:
                split.close()


def _bench_ledger(folder: Path) -> Path:
    """A claim-heavy bench ledger of 1,500 items: every built-in rule has something to say on it."""
    path = folder / "台账.json"
    generate.write_ledger(1500, path)
    return path


def _report(path: Path, options: api.LintOptions) -> str:
    return render(api.lint([path], options), "json")


@_in_a_fresh_interpreter
def test_two_processes_find_exactly_what_one_finds() -> None:
    api.SPLIT_MIN_BYTES = 1024
    with tempfile.TemporaryDirectory() as folder:
        ledger = _bench_ledger(Path(folder))
        one = api.LintOptions()
        two = replace(one, jobs=2)
        ruleset = api.load_rules(one)
        assert api._Split.start(ledger, ruleset, one, "x") is None  # one job: no helper
        split = api._Split.start(ledger, ruleset, two, "x")
        assert split is not None
        split.close()
        expected = _report(ledger, one)
        assert '"consistency/parts-sum"' in expected and '"dates/overdue"' in expected
        assert _report(ledger, two) == expected


@_in_a_fresh_interpreter
def test_a_helper_that_fails_leaves_its_rules_to_this_process() -> None:
    api.SPLIT_MIN_BYTES = 1024
    parent = os.getpid()
    take = api._Share.take

    def take_then_die(self: api._Share) -> None:
        take(self)
        if os.getpid() != parent:
            os._exit(1)  # after taking tasks: rules and parts of the claims, which must still be done here

    with tempfile.TemporaryDirectory() as folder:
        ledger = _bench_ledger(Path(folder))
        expected = _report(ledger, api.LintOptions())
        api._Share.take = take_then_die  # type: ignore[method-assign]
        assert _report(ledger, api.LintOptions(jobs=2)) == expected


@_in_a_fresh_interpreter
def test_a_large_file_that_cannot_be_read_is_reported_once_with_two_jobs() -> None:
    api.SPLIT_MIN_BYTES = 16
    with tempfile.TemporaryDirectory() as folder:
        bad = Path(folder) / "坏.json"
        bad.write_text('{"issues": [{"id": "1", "title": "理论学习不够", "deadline": "2023-02-30"}]}',
                       encoding="utf-8")
        result = api.lint([bad], api.LintOptions(jobs=2))
    assert [f.rule for f in result.files[0].findings] == ["input/invalid"]
    assert result.files[0].failed


def test_tasks_beyond_the_pipe_buffer_are_refused() -> None:
    with pytest.raises(ValueError):
        forked.Tasks(forked.Tasks.MAX + 1)


def test_no_fork_while_another_thread_runs() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.can_fork()
        assert forked.start(_child_pid).result() == os.getpid()  # run here instead
    finally:
        stop.set()
        thread.join()


def test_the_claims_of_consecutive_parts_of_the_items_are_the_claims_of_the_ledger() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _bench_ledger(Path(folder))
        ledger = api.read_ledger(path).ledger
    ledger["document"]["paragraphs"] = ["共整改问题30个,其中已完成25个、正在推进4个"]
    whole = ledger_claims(ledger)
    count = len(ledger["issues"])
    parts = [ledger_claims(ledger, range(k * count // 7, (k + 1) * count // 7), paragraphs=k == 0) for k in range(7)]
    assert [claim for part in parts for claim in part] == whole
    assert whole[0].pointer == "/document/paragraphs/0" and len(whole) > 1000


def test_which_rules_read_claims_is_known_from_their_clauses() -> None:
    rules = {rule.info.id: rule for rule in api.load_rules(api.LintOptions()).rules}
    assert api._reads_claims(rules["consistency/parts-sum"]) and api._reads_claims(rules["consistency/rate"])
    assert not api._reads_claims(rules["completeness/owner-missing"])
    unknown = replace(rules["completeness/owner-missing"],
                      clauses=tuple(replace(c, reads=None) for c in rules["completeness/owner-missing"].clauses))
    assert api._reads_claims(unknown)  # not known: it may


def test_pool_workers_lint_their_files_in_one_process_each() -> None:
    api._init_worker(api.LintOptions(jobs=2))
    try:
        assert api._worker_state["options"].jobs == 1  # type: ignore[attr-defined]
    finally:
        api._worker_state.clear()
