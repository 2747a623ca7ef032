"""Part of one computation done in a forked copy of this process: the second core for a single large file.

A forked child starts with the parent's state (modules, compiled rules, options) without anything being sent;
only its result travels back, pickled through a pipe between the two processes of one run (never stored).
Where fork is unsafe or missing, and whenever the child does not deliver, the work runs in this process
instead: the result is the same either way, only later.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

__all__ = ["Child", "Tasks", "can_fork", "start"]


def can_fork() -> bool:
    """Whether `start` runs work in a child: on Linux, from a process with no other thread (a thread holding a
    lock at the fork would leave it held forever in the child)."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


class Child(Generic[T]):
    """Work started in a forked child (or not started, where fork is not possible): `result()` at most once,
    then `close()` in every case."""

    def __init__(self, work: Callable[[], T], fallback: Callable[[], T] | None = None) -> None:
        self._fallback: Callable[[], T] | None = fallback or work
        self._pid: int | None = None
        self._pipe = -1
        if not can_fork():
            return
        parent = os.getpid()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, write the result, exit without the parent's exit handlers
            try:
                _die_with(parent)
                os.close(read_end)
                payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
            finally:
                os._exit(0)  # what it wrote says whether it succeeded: a complete result or not
        os.close(write_end)
        self._pid, self._pipe = pid, read_end

    def result(self) -> T:
        """The child's result, or `fallback()` here if the child did not deliver it (it failed, was killed, or
        wrote no complete result); the fallback is by default the work itself, whose errors are then raised
        here."""
        fallback = self._fallback
        if fallback is None:
            raise RuntimeError("the result was taken, or the child closed")
        self._fallback = None
        if self._pipe < 0:
            return fallback()
        pipe, self._pipe = self._pipe, -1  # closed below, even if reading is interrupted
        with os.fdopen(pipe, "rb") as stream:
            payload = stream.read()  # to the end: the child closes the pipe when its result is written, or dies
        try:
            # A complete pickle is the child's whole result: it is not waited for (its exit, which frees its
            # memory, overlaps what this process does next; `close` collects it).
            result: T = pickle.loads(payload)  # noqa: S301 - written by our own child, just now
        except Exception:  # noqa: BLE001 - a child that failed, or a result that cannot be read
            return fallback()
        return result

    def close(self) -> None:
        """Stop the child if its result was not taken (or reading it was interrupted), collect it (no zombie is
        left behind), and drop the work, which may refer to the caller."""
        self._fallback = None
        pid, self._pid = self._pid, None
        if pid is None:
            return
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)  # a child that delivered has exited or is exiting: no harm done
        os.waitpid(pid, 0)


def _die_with(parent: int) -> None:
    """In a child: be killed when the parent dies, whatever kills it (SIGKILL, the OOM killer), rather than
    run on alone; if it already has, exit."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl here: the check below still catches a parent gone by now
        pass
    if os.getppid() != parent:
        os._exit(0)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Tasks:
    """Task numbers 0 … count-1 for this process and the children forked after it was made to take one at a
    time, each number by one process only: the faster process takes more. Held in a pipe: a read of the
    four bytes of one number is one read of the pipe, which Linux serialises between readers."""

    MAX = 8192  # the numbers must fit the pipe's buffer (64 KiB) before anyone reads

    def __init__(self, count: int) -> None:
        if not 0 <= count <= self.MAX:
            raise ValueError(f"{count} tasks: at most {self.MAX}")
        read_end, write_end = os.pipe()
        with os.fdopen(write_end, "wb") as out:
            out.write(b"".join(k.to_bytes(4, "little") for k in range(count)))
        self._pipe = read_end

    def take(self) -> int | None:
        """The next task number not taken by any process, or None when all are taken."""
        data = os.read(self._pipe, 4)
        return int.from_bytes(data, "little") if data else None

    def close(self) -> None:
        """Close this process's end; taken numbers stay taken."""
        os.close(self._pipe)


def start(work: Callable[[], T], fallback: Callable[[], T] | None = None) -> Child[T]:
    """`work()` started in a forked child where that is possible (`can_fork`), else left to `Child.result`,
    which calls `fallback` (default: `work`) when the child does not deliver. The work must compute only: the
    child writes nothing but its result."""
    return Child(work, fallback)
