"""Dask distributed engine: the same extraction over partitions of the input, on a cluster.

The client enumerates the inputs (cheaply: paths and JSONL lines), cuts them into partitions of
``partition_size`` tasks, and submits each partition to the cluster with retries; workers run
exactly :func:`pipeline.batch.run_task`, so records are identical to the local engine. The client
writes ``OUT_DIR/part-00000.jsonl`` … in partition order (each written to a temporary name and
renamed, so a partition file is either complete or absent) and errors to ``part-NNNNN.errors.jsonl``.
Concatenating the part files in name order gives the local engine's output byte for byte.

A partition whose worker dies (out of memory under the nanny's ``memory_limit``, a crash, a kill)
is retried; when it fails again, its documents are submitted one by one, so that only the culprit
gets an error record (``WorkerDied``) and the others are written as usual.

Files are read by the workers: on a real cluster, the input paths must be visible to every worker
(a shared filesystem); JSONL corpora are read by the client and shipped as text.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .batch import BatchOptions, Outcome, Task, chunked
from .models import ErrorRecord
from .supervise import run_guarded


@dataclass
class PartitionResult:
    index: int
    written: int
    failed: int
    with_warnings: int
    skipped: bool = False


def part_path(out_dir: Path, index: int) -> Path:
    return out_dir / f"part-{index:05d}.jsonl"


def _write_atomic(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        for line in lines:
            fh.write(line.encode("utf-8") + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def run_partition(tasks: list[Task], opts: BatchOptions) -> list[Outcome]:
    """What a Dask worker runs: :func:`pipeline.batch.run_task` on each task, a MemoryError as MemoryLimit."""
    return [run_guarded(t, opts)[0] for t in tasks]


def _local_cluster(workers: int, opts: BatchOptions, worker_deaths: int):
    import dask
    from distributed import LocalCluster

    # The nanny restarts a worker that goes over memory_limit; the scheduler gives up on a task
    # (KilledWorker) after it has killed worker_deaths + 1 workers.
    with dask.config.set({"distributed.scheduler.allowed-failures": worker_deaths}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                            memory_limit=f"{opts.max_memory_mb}MiB" if opts.max_memory_mb else None)


def run_dask(tasks: Iterable[Task], out_dir: Path, opts: BatchOptions, scheduler: str | None = None,
             workers: int = 2, partition_size: int = 64, retries: int = 2,
             resume: bool = False, worker_deaths: int = 1) -> Iterator[PartitionResult]:
    """Extract ``tasks`` on a Dask cluster (``scheduler`` address, or a local cluster of ``workers``)."""
    from distributed import Client

    out_dir.mkdir(parents=True, exist_ok=True)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = _local_cluster(workers, opts, worker_deaths)
        client = Client(cluster)
    window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 4)
    pending: deque = deque()
    try:
        for index, part in enumerate(chunked(tasks, partition_size)):
            if resume and part_path(out_dir, index).exists():
                yield PartitionResult(index, 0, 0, 0, skipped=True)
                continue
            # pure=False: a retried or re-run partition is computed again, never served from a cache.
            fut = client.submit(run_partition, part, opts, retries=retries, pure=False,
                                key=f"policy-measures-part-{index:05d}-{os.getpid()}")
            pending.append((index, part, fut))
            if len(pending) >= window:
                yield _finish(client, out_dir, opts, *pending.popleft())
        while pending:
            yield _finish(client, out_dir, opts, *pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _one_by_one(client, opts: BatchOptions, index: int, part: list[Task]) -> list[Outcome]:
    """Each task of a failed partition on its own, one at a time: a worker's death is then blamed on
    the one task it held (tasks queued on a dying worker count as suspects too)."""
    outcomes = []
    for k, task in enumerate(part):
        fut = client.submit(run_partition, [task], opts, pure=False,
                            key=f"policy-measures-part-{index:05d}-doc-{k}-{os.getpid()}")
        try:
            outcomes.extend(fut.result())
        except Exception as exc:
            outcomes.append(Outcome(task.doc_id, False, _died(task, exc, opts).model_dump_json()))
    return outcomes


def _died(task: Task, exc: BaseException, opts: BatchOptions) -> ErrorRecord:
    limit = (f"memory limit {opts.max_memory_mb} MB per worker, option max_memory" if opts.max_memory_mb
             else "no memory limit")
    return ErrorRecord(doc_id=task.doc_id, path=task.path, error_type="WorkerDied",
                       message=f"the Dask worker extracting this document died or failed ({type(exc).__name__}: "
                               f"{str(exc)[:200]}) ({limit})")


def _finish(client, out_dir: Path, opts: BatchOptions, index: int, part: list[Task], fut) -> PartitionResult:
    try:
        outcomes: list[Outcome] = fut.result()
    except Exception:  # the partition killed its workers (KilledWorker) or failed its retries
        outcomes = _one_by_one(client, opts, index, part)
    good = [o for o in outcomes if o.ok]
    bad = [o for o in outcomes if not o.ok]
    errors = out_dir / f"part-{index:05d}.errors.jsonl"
    if bad:
        _write_atomic(errors, [o.line for o in bad])
    elif errors.exists():
        errors.unlink()
    _write_atomic(part_path(out_dir, index), [o.line for o in good])
    return PartitionResult(index, len(good), len(bad), sum(o.warnings > 0 for o in good))
