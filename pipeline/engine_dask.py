"""Dask distributed engine: the same extraction over partitions of the input, on a cluster.

The client enumerates the inputs (cheaply: paths and JSONL lines), cuts them into partitions of
``partition_size`` tasks, and submits each partition to the cluster with retries; workers run
exactly :func:`pipeline.batch.run_task`, so records are identical to the local engine. The client
writes ``OUT_DIR/part-00000.jsonl`` … in partition order (each written to a temporary name and
renamed, so a partition file is either complete or absent) and errors to ``part-NNNNN.errors.jsonl``.
Concatenating the part files in name order gives the local engine's output byte for byte.

Files are read by the workers: on a real cluster, the input paths must be visible to every worker
(a shared filesystem); JSONL corpora are read by the client and shipped as text.
"""
from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .batch import BatchOptions, Outcome, Task, chunked, run_chunk


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


def run_dask(tasks: Iterable[Task], out_dir: Path, opts: BatchOptions, scheduler: str | None = None,
             workers: int = 2, partition_size: int = 64, retries: int = 2,
             resume: bool = False) -> Iterator[PartitionResult]:
    """Extract ``tasks`` on a Dask cluster (``scheduler`` address, or a local cluster of ``workers``)."""
    from distributed import Client, LocalCluster

    out_dir.mkdir(parents=True, exist_ok=True)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 4)
    pending: deque = deque()
    try:
        for index, part in enumerate(chunked(tasks, partition_size)):
            if resume and part_path(out_dir, index).exists():
                yield PartitionResult(index, 0, 0, 0, skipped=True)
                continue
            # pure=False: a retried or re-run partition is computed again, never served from a cache.
            fut = client.submit(run_chunk, part, opts, retries=retries, pure=False,
                                key=f"policy-measures-part-{index:05d}-{os.getpid()}")
            pending.append((index, fut))
            if len(pending) >= window:
                yield _finish(out_dir, *pending.popleft())
        while pending:
            yield _finish(out_dir, *pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _finish(out_dir: Path, index: int, fut) -> PartitionResult:
    outcomes: list[Outcome] = fut.result()
    good = [o for o in outcomes if o.ok]
    bad = [o for o in outcomes if not o.ok]
    errors = out_dir / f"part-{index:05d}.errors.jsonl"
    if bad:
        _write_atomic(errors, [o.line for o in bad])
    elif errors.exists():
        errors.unlink()
    _write_atomic(part_path(out_dir, index), [o.line for o in good])
    return PartitionResult(index, len(good), len(bad), sum(o.warnings > 0 for o in good))
