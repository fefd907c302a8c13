"""The fork server every batch worker forks from (``multiprocessing``'s forkserver context).

Kept free of the package's heavy imports: the command line starts the server before it imports
anything else, so that the server's loading of every rule, lexicon and model (``pipeline.warm``,
about a second) and this process's own imports run side by side.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing import forkserver as _mp_forkserver


def context():
    # forkserver: workers do not inherit the parent's threads (progress bar, user code) or locks; the
    # server loads lexicons, tables and the model once (pipeline.warm) and every worker forks from it.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["pipeline.warm"])
    return ctx


def start_forkserver() -> None:
    """Start the fork server now rather than with the first worker."""
    context()
    _mp_forkserver.ensure_running()


def stop_forkserver() -> None:
    """Stop the fork server and reap it, so that the workers' peak memory shows in this process's
    ``getrusage(RUSAGE_CHILDREN)`` (the server reaps the workers; an orphaned server's stats are lost).
    Used at the end of a CLI run; the next batch in this process starts a new server.

    The server is killed rather than asked to exit: an orderly exit tears down its whole heap of
    compiled rules (about 0.3 s) for nothing. Its workers have been joined by then, and a killed
    process's resource usage still reaches its parent when reaped."""
    server = getattr(_mp_forkserver, "_forkserver", None)
    if server is None or not hasattr(server, "_stop"):
        return
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    server._stop()


def wants_early_start(argv: list[str]) -> bool:
    """Whether a command line runs local workers: ``extract`` without ``--engine dask`` or ``--help``.

    >>> wants_early_start(["extract", "docs", "-o", "out.jsonl"])
    True
    >>> [wants_early_start(a) for a in (["extract", "--engine", "dask", "d"], ["extract", "--engine=dask"],
    ...                                 ["extract", "--help"], ["evaluate", "gold"], [])]
    [False, False, False, False, False]
    """
    if not argv or argv[0] != "extract" or "--help" in argv or "-h" in argv:
        return False
    for i, arg in enumerate(argv):
        if arg == "--engine" and i + 1 < len(argv) and argv[i + 1] != "local":
            return False
        if arg.startswith("--engine=") and arg != "--engine=local":
            return False
    return True
