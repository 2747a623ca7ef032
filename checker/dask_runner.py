"""Lint beyond one machine: the same per-file call mapped over a Dask bag, gathered into one report.

A provincial office checks every notice published in a year (tens of thousands of files), an archive
millions. `lint_dask` discovers the files here, checks the rules here (a broken rule file fails before any
work is sent), sends (path, display name) pairs in partitions to the workers, where
`api.lint_files_in_worker` compiles the rules once per worker process and lints each file exactly as
`api.lint` does, and gathers the results in input order: the report is the same as a plain run's.

Schedulers (`scheduler`, or `ledgerlint lint --dask [SCHEDULER]`):
- `local` (the default): an embedded `distributed.LocalCluster` with one single-threaded worker process
  per core, started for the run and closed after it;
- `tcp://host:8786` (any address `distributed.Client` accepts): a running cluster. The workers need
  ledgerlint installed (the same version) and must see the files under the same paths as the client:
  a shared file system mounted alike everywhere, or run the client where the paths are relative to a
  shared working directory;
- `processes`, `threads`, `synchronous`: Dask's single-machine schedulers, without `distributed`.

Dask is an optional dependency: `pip install 'ledgerlint[dask]'`.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from checker import api
from checker.dsl.ruleset import RuleSet
from checker.errors import ConfigError
from checker.findings import FileResult, LintResult

LOCAL = "local"
DASK_SCHEDULERS = ("processes", "threads", "synchronous")
# Files per partition: a partition is one task, and a task costs a millisecond or so of scheduling, so a
# partition should hold several files; many partitions per worker keep the load balanced.
PARTITION_MAX = 64
PARTITIONS_PER_WORKER = 4


def lint_dask(paths: Iterable[str | Path], options: api.LintOptions | None = None, scheduler: str | None = None,
              *, workers: int | None = None, ruleset: RuleSet | None = None) -> LintResult:
    """Lint files and folders on a Dask cluster; the result equals `api.lint(paths, options)`'s.

    `scheduler`: None or "local" (an embedded LocalCluster of `workers` processes, default one per core),
    a scheduler address such as "tcp://10.0.0.5:8786", or one of "processes", "threads", "synchronous".
    `ruleset` is the run's rule set if the caller loaded it already (workers load theirs from the options).
    Raises ConfigError when Dask (or, for a cluster, distributed) is not installed or the scheduler cannot
    be reached; rule errors raise as in `api.lint`, before any work is sent.
    """
    try:
        import dask.bag  # noqa: F401 - fail before the files are discovered
    except ImportError:
        raise ConfigError("未安装 Dask,无法分布式检查", hint="pip install 'ledgerlint[dask]'") from None
    mapper = functools.partial(_map_on_dask, scheduler or LOCAL, workers)
    return api.lint(paths, options, ruleset, map_files=mapper)


def _map_on_dask(scheduler: str, workers: int | None, files: list[tuple[Path, str]], options: api.LintOptions,
                 ruleset: RuleSet) -> list[FileResult]:
    """The files linted on the scheduler's workers, in input order (partitions keep it)."""
    import dask.bag as db

    if not files:
        return []
    with _client(scheduler, workers) as (compute_kwargs, parallel):
        partition = max(1, min(PARTITION_MAX, len(files) // (parallel * PARTITIONS_PER_WORKER)))
        bag = db.from_sequence(files, partition_size=partition)
        results: list[FileResult] = bag.map_partitions(api.lint_files_in_worker, options).compute(**compute_kwargs)
    return results


@contextlib.contextmanager
def _client(scheduler: str, workers: int | None) -> Iterator[tuple[dict[str, Any], int]]:
    """(keyword arguments for `compute`, number of parallel workers) for the duration of the run."""
    if scheduler in DASK_SCHEDULERS:
        yield {"scheduler": scheduler}, workers or os.cpu_count() or 1
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("未安装 dask.distributed,无法连接集群", hint="pip install 'ledgerlint[dask]'") from None
    if scheduler == LOCAL:
        count = workers or os.cpu_count() or 1
        # Processes, one thread each: linting is pure Python and holds the GIL.
        with LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield {"scheduler": client}, count
        return
    try:
        client = Client(scheduler, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"无法连接 Dask 调度器 {scheduler}: {exc}") from None
    with client:
        parallel = sum(client.nthreads().values()) or 1
        yield {"scheduler": client}, parallel


__all__ = ["lint_dask", "LOCAL", "DASK_SCHEDULERS"]
