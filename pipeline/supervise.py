"""Supervised worker processes: one pathological document costs one error record, never the batch.

Every document is extracted in a worker process (also with one worker), forked from a server that
has loaded lexicons, tables and the category model once (``pipeline.warm``). The parent hands each
worker a couple of tasks at a time and gives the outcomes back in input order. A worker holds a
memory budget: the parent kills it when its resident memory goes over ``max_memory_mb``, and its
address space is capped (RLIMIT_AS) so that an allocation burst between two polls fails with
MemoryError instead of taking the machine down. A worker that goes over budget, crashes or is
killed costs only the document it was working on: that document gets an error record
(``MemoryLimit``, ``WorkerDied`` or ``TimeLimit``), the worker is replaced, and the tasks queued
behind it are handed out again.
"""
from __future__ import annotations

import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from .batch import DEFAULT_MAX_MEMORY_MB, BatchOptions, Outcome, Task, run_task
from .forkserver import context, start_forkserver, stop_forkserver  # noqa: F401 (public here too)
from .normalize import cn2an_memo
from .models import ErrorRecord

POLL_SECONDS = 0.1  # how often the parent looks at its workers' resident memory
PREFETCH = 2  # tasks queued per worker, so that the next one is there when the current one ends
TIME_GRACE = 30.0  # seconds past --time-limit before the parent kills a worker stuck in native code
# Test hook, so that tests can make a worker die or run out of memory deterministically:
# "kill:DOC_ID,hog:DOC_ID" makes the worker kill itself on DOC_ID, or allocate until it is stopped.
FAULT_ENV = "POLICY_MEASURES_TEST_FAULT"
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# ----------------------------------------------------------------------------------- worker side
def _status_kb(field_name: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def limit_address_space(max_memory_mb: int) -> None:
    """Cap this process's address space at the budget plus what is mapped but not resident now.

    The budget is on resident memory; the loaded libraries and malloc arenas already reserve
    several hundred MB of address space that is never touched, so the cap leaves that on top.
    """
    import resource

    if not max_memory_mb or not hasattr(resource, "RLIMIT_AS"):
        return
    size, rss = _status_kb("VmSize"), _status_kb("VmRSS")
    slack = (size - rss) * 1024 if size is not None and rss is not None else 0
    limit = max_memory_mb * 1024 * 1024 + slack
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def memory_limit_record(task: Task, max_memory_mb: int) -> ErrorRecord:
    return ErrorRecord(doc_id=task.doc_id, path=task.path, error_type="MemoryLimit",
                       message=f"extraction needed more than the memory limit of {max_memory_mb} MB per "
                               f"worker (option max_memory)")


def run_guarded(task: Task, opts: BatchOptions) -> tuple[Outcome, bool]:
    """(outcome, out_of_memory): run_task, with running out of memory turned into a MemoryLimit record."""
    try:
        _inject_fault(task.doc_id)
        return run_task(task, opts), False
    except MemoryError:
        pass  # leaving the except block frees the document's data before the record is built
    return Outcome(task.doc_id, False, memory_limit_record(task, opts.max_memory_mb).model_dump_json()), True


def _inject_fault(doc_id: str) -> None:
    faults = os.environ.get(FAULT_ENV)
    if not faults:
        return
    if f"kill:{doc_id}" in faults.split(","):
        os.kill(os.getpid(), signal.SIGKILL)
    if f"hog:{doc_id}" in faults.split(","):
        hoard = []
        while True:
            hoard.append(b"x" * (16 << 20))  # written, so resident


def _worker(conn, opts: BatchOptions) -> None:
    limit_address_space(opts.max_memory_mb)
    try:
        _serve(conn, opts)
    finally:
        # a multiprocessing child leaves without exit handlers: the numerals it read are kept here
        cn2an_memo.save()


def _serve(conn, opts: BatchOptions) -> None:
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        seq, task = item
        out, out_of_memory = run_guarded(task, opts)
        conn.send((seq, out))
        if out_of_memory:
            return  # exit code 0: a fresh worker replaces this one and its fragmented heap


# ----------------------------------------------------------------------------------- parent side
def resident_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE / (1024 * 1024)
    except (OSError, IndexError, ValueError):
        return None


@dataclass
class _Slot:
    proc: object
    conn: object
    inflight: deque = field(default_factory=deque)  # (seq, task) sent, not yet answered, in order
    since: float = 0.0  # when the task at the head of inflight started (as far as the parent knows)
    killed_for: str | None = None  # "memory" | "time" when the parent killed it


class Supervisor:
    """Runs tasks in ``workers`` supervised processes; :meth:`run` yields outcomes in input order."""

    def __init__(self, opts: BatchOptions, workers: int = 1):
        self.opts = opts
        self.workers = max(1, workers)
        self.ctx = context()
        self.slots: list[_Slot] = []
        self.retry: deque = deque()  # (seq, task) to hand out again, before new input
        self.done: dict[int, Outcome] = {}
        self.policed = 0.0  # when worker memory and time were last looked at

    # -- workers
    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, self.opts), daemon=True)
        proc.start()
        child.close()
        return _Slot(proc, parent)

    def _stop(self) -> None:
        for slot in self.slots:
            try:
                slot.conn.send(None)
            except OSError:
                pass
        for slot in self.slots:
            slot.proc.join(timeout=5)
            if slot.proc.is_alive():
                slot.proc.kill()
                slot.proc.join()
            slot.conn.close()
        self.slots = []

    # -- main loop
    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        source = iter(tasks)
        window = self.workers * 8  # tasks read ahead of the next outcome to yield: memory stays flat
        next_seq = next_out = 0
        exhausted = False
        self.slots = [self._start() for _ in range(self.workers)]
        try:
            while True:
                for slot in self.slots:
                    while len(slot.inflight) < PREFETCH:
                        if self.retry:
                            item = self.retry.popleft()
                        elif not exhausted and next_seq - next_out < window:
                            task = next(source, None)
                            if task is None:
                                exhausted = True
                                break
                            item = (next_seq, task)
                            next_seq += 1
                        else:
                            break
                        self._send(slot, item)
                while next_out in self.done:
                    yield self.done.pop(next_out)
                    next_out += 1
                if exhausted and next_out == next_seq:
                    return
                self._wait()
        finally:
            self._stop()

    def _send(self, slot: _Slot, item) -> None:
        if not slot.inflight:
            slot.since = time.monotonic()
        slot.inflight.append(item)
        try:
            slot.conn.send(item)
        except OSError:
            pass  # the worker is gone: _wait finds it dead and hands the task out again

    def _wait(self) -> None:
        ready = wait([s.conn for s in self.slots] + [s.proc.sentinel for s in self.slots], timeout=POLL_SECONDS)
        police = time.monotonic() - self.policed >= POLL_SECONDS  # /proc reads at most every poll period
        if police:
            self.policed = time.monotonic()
        for i, slot in enumerate(self.slots):
            if slot.conn in ready:
                self._receive(slot)
            if slot.proc.sentinel in ready:
                self._receive(slot)  # what it sent before dying
                self.slots[i] = self._replace(slot)
            elif police:
                self._police(slot)

    def _receive(self, slot: _Slot) -> None:
        try:
            while slot.conn.poll():
                seq, out = slot.conn.recv()
                head, _task = slot.inflight.popleft()
                assert head == seq, (head, seq)
                self.done[seq] = out
                slot.since = time.monotonic()
        except (EOFError, OSError):
            pass  # died mid-message: the head task is the culprit

    def _police(self, slot: _Slot) -> None:
        """Kill a busy worker over its memory budget or far past the time limit."""
        if not slot.inflight or slot.killed_for:
            return
        budget = self.opts.max_memory_mb
        if budget and (resident_mb(slot.proc.pid) or 0) > budget:
            slot.killed_for = "memory"
        elif self.opts.time_limit and time.monotonic() - slot.since > self.opts.time_limit + TIME_GRACE:
            slot.killed_for = "time"
        if slot.killed_for:
            slot.proc.kill()

    def _replace(self, slot: _Slot) -> _Slot:
        """Record the dead worker's current task as failed, queue the rest again, start a new worker.

        Exit code 0 is a worker that left on its own after answering (out of memory): nothing to blame.
        """
        slot.proc.join()
        if slot.inflight and (slot.proc.exitcode != 0 or slot.killed_for):
            seq, task = slot.inflight.popleft()
            self.done[seq] = Outcome(task.doc_id, False, self._death_record(slot, task).model_dump_json())
        self.retry.extendleft(reversed(slot.inflight))
        slot.conn.close()
        return self._start()

    def _death_record(self, slot: _Slot, task: Task) -> ErrorRecord:
        limit = self.opts.max_memory_mb
        if slot.killed_for == "memory":
            return memory_limit_record(task, limit)
        if slot.killed_for == "time":
            return ErrorRecord(doc_id=task.doc_id, path=task.path, error_type="TimeLimit",
                               message=f"extraction took longer than the time limit of {self.opts.time_limit:g} s "
                                       f"(option time_limit); the worker was stopped")
        how = _exit_reason(slot.proc.exitcode)
        budget = f"memory limit {limit} MB per worker, option max_memory" if limit else "no memory limit"
        return ErrorRecord(doc_id=task.doc_id, path=task.path, error_type="WorkerDied",
                           message=f"the worker process died ({how}) while extracting this document ({budget})")


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def run_supervised(tasks: Iterable[Task], opts: BatchOptions, workers: int = 1) -> Iterator[Outcome]:
    """Outcomes of ``tasks`` in input order, each extracted in a supervised worker process."""
    yield from Supervisor(opts, workers).run(tasks)
