"""Batch extraction: enumerate inputs, extract in worker processes, yield results in input order.

Memory stays flat whatever the corpus size: inputs are enumerated lazily and at most a small
window of documents is in flight at once. A document that cannot be read or extracted becomes
an :class:`~pipeline.models.ErrorRecord`; nothing is dropped.
"""
from __future__ import annotations

import glob
import json
import os
import signal
import threading
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Union

from .core import extract
from .ids import IdAssigner
from .models import Document, ErrorRecord
from .output import document_line
from .readers import DEFAULT_MAX_BYTES, ReadError, SUPPORTED_SUFFIXES, format_of, read_document


DEFAULT_TIME_LIMIT = 120.0
DEFAULT_MAX_MEMORY_MB = 2048


class TimeLimitExceeded(Exception):
    pass


@contextmanager
def time_budget(seconds: float):
    """Raise TimeLimitExceeded in this thread after ``seconds`` (main thread only; else no limit)."""
    usable = seconds and seconds > 0 and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise TimeLimitExceeded(f"extraction took longer than the time limit of {seconds:g} s (option time_limit)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Task:
    """One document to extract: a file to read, or a text already read from a JSONL line."""

    doc_id: str
    path: str | None
    text: str | None = None
    error: ErrorRecord | None = None  # set when the input itself is broken (bad JSONL line)
    fmt: str | None = None


@dataclass
class Outcome:
    doc_id: str
    ok: bool
    line: str  # the JSON record (document or error), no trailing newline
    warnings: int = 0


@dataclass
class Scan:
    """What enumeration saw besides the tasks (for the CLI summary)."""

    skipped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # this run's own output files, never inputs
    inputs: int | None = None  # documents to extract, when the inputs could be scanned ahead


@dataclass
class BatchOptions:
    jsonl_id_field: str = "id"
    jsonl_text_field: str = "text"
    max_bytes: int = DEFAULT_MAX_BYTES
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds per document; 0 disables
    extract_options: dict[str, Any] = field(default_factory=dict)
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB  # resident memory per worker process; 0 disables
    spans: str = "full"  # "offsets": spans without their text (output.document_line)


def _expand(path_or_glob: str, scan: Scan, exclude: tuple[Path, ...] = ()) -> Iterator[Path]:
    for path in _expand_all(path_or_glob, scan):
        if _is_excluded(path, exclude):
            scan.excluded.append(str(path))
        else:
            yield path


def _is_excluded(path: Path, exclude: tuple[Path, ...]) -> bool:
    """``path`` is (or, through links, resolves to) an excluded file, or lies inside an excluded folder."""
    if not exclude:
        return False
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop: not this run's output, and the reader will say why
        return False
    return any(real == e or e in real.parents for e in exclude)


def _expand_all(path_or_glob: str, scan: Scan) -> Iterator[Path]:
    p = Path(path_or_glob)
    if p.is_dir():
        for root, dirs, files in os.walk(p):
            dirs.sort()
            for name in sorted(files):
                f = Path(root) / name
                if format_of(f):
                    yield f
                else:
                    scan.skipped.append(str(f))
    elif p.exists():
        yield p
    elif glob.has_magic(path_or_glob):
        matches = sorted(glob.glob(path_or_glob, recursive=True))
        if not matches:
            scan.missing.append(path_or_glob)
        for m in matches:
            yield from _expand_all(m, scan)
    else:
        scan.missing.append(path_or_glob)


def _jsonl_tasks(path: Path, opts: BatchOptions) -> Iterator[Task]:
    try:
        fh = path.open("rb")
    except OSError as exc:  # one error record for the corpus, as for any unreadable file
        yield Task(doc_id=path.stem, path=str(path),
                   error=ErrorRecord(doc_id=path.stem, path=str(path), error_type="Unreadable",
                                     message=f"cannot read {path}: {exc.strerror or exc}"))
        return
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if raw.strip():
                yield _jsonl_task(path, lineno, raw, opts)


def _jsonl_task(path: Path, lineno: int, raw: bytes, opts: BatchOptions) -> Task:
    fallback_id = f"{path.stem}:{lineno}"
    try:
        rec = json.loads(raw)
        if not isinstance(rec, dict):
            raise ValueError("line is not a JSON object")
        text = rec.get(opts.jsonl_text_field)
        if not isinstance(text, str):
            raise ValueError(f"no string field {opts.jsonl_text_field!r}")
        rid = rec.get(opts.jsonl_id_field)
        doc_id = str(rid) if rid not in (None, "") else fallback_id
        return Task(doc_id=doc_id, path=f"{path}:{lineno}", text=text, fmt="jsonl")
    except (ValueError, UnicodeDecodeError) as exc:
        return Task(doc_id=fallback_id, path=f"{path}:{lineno}",
                    error=ErrorRecord(doc_id=fallback_id, path=f"{path}:{lineno}",
                                      error_type="BadJsonlLine", message=str(exc)[:500]))


def _jsonl_own_ids(path: Path, opts: BatchOptions) -> Iterator[str | None]:
    """One entry per document of a JSONL corpus: its own id where it may look generated, else None.

    Only ids ending in ``~digits`` matter to :class:`~pipeline.ids.IdAssigner`, and such an id has a
    ``~`` in the raw line, literally or as the JSON escape ``\\u007e``: other lines are not parsed.
    """
    try:
        fh = path.open("rb")
    except OSError:
        yield path.stem  # as the error record of _jsonl_tasks
        return
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if raw.strip():
                yield _jsonl_task(path, lineno, raw, opts).doc_id if b"~" in raw or b"\\u007" in raw else None


def iter_tasks(inputs: Iterable[Any], opts: BatchOptions | None = None, scan: Scan | None = None,
               exclude: Iterable[Any] = ()) -> Iterator[Task]:
    """Tasks for paths, folders (recursive), globs, ``(doc_id, text)`` pairs or ``{"id", "text"}`` dicts.

    doc_ids are unique within a batch (:mod:`pipeline.ids`): a repeated id gets ``~2``, ``~3`` …,
    never the own id of another input. Unless ``inputs`` is a one-shot iterator, they are scanned
    ahead, now (paths and JSONL lines, not texts), which also sets ``scan.inputs``. Files in
    ``exclude`` (this run's output and errors files, or folders) are never inputs: they are listed
    in ``scan.excluded``.
    """
    opts = opts or BatchOptions()
    scan = scan if scan is not None else Scan()
    excluded = tuple(Path(e).resolve() for e in exclude)
    items: Iterable[Any] = _items(inputs, scan, excluded)
    if iter(inputs) is inputs:  # a one-shot iterator cannot be scanned ahead
        return _assign(_tasks(items, opts), IdAssigner())
    items = list(items)  # paths and the caller's own pairs: cheap to hold
    own = list(_own_ids(items, opts))
    scan.inputs = len(own)
    return _assign(_tasks(items, opts), IdAssigner(i for i in own if i is not None))


def _items(inputs: Iterable[Any], scan: Scan, exclude: tuple[Path, ...]) -> Iterator[Any]:
    """The inputs with paths, folders and globs expanded to files."""
    for item in inputs:
        if isinstance(item, tuple) and len(item) == 2 or isinstance(item, dict):
            yield item
        else:
            yield from _expand(str(item), scan, exclude)


def _text_task(item: tuple | dict, opts: BatchOptions) -> Task:
    if isinstance(item, tuple):
        return Task(doc_id=str(item[0]), path=None, text=item[1])
    return Task(doc_id=str(item[opts.jsonl_id_field]), path=None, text=item[opts.jsonl_text_field])


def _tasks(items: Iterable[Any], opts: BatchOptions) -> Iterator[Task]:
    for item in items:
        if isinstance(item, Path):
            if format_of(item) == "jsonl":
                yield from _jsonl_tasks(item, opts)
            else:
                yield Task(doc_id=item.stem, path=str(item), fmt=format_of(item))
        else:
            yield _text_task(item, opts)


def _own_ids(items: list[Any], opts: BatchOptions) -> Iterator[str | None]:
    """Each input's own id, in the order of :func:`_tasks` (None where a JSONL id cannot look generated)."""
    for item in items:
        if isinstance(item, Path):
            if format_of(item) == "jsonl":
                yield from _jsonl_own_ids(item, opts)
            else:
                yield item.stem
        else:
            yield _text_task(item, opts).doc_id


def _assign(tasks: Iterable[Task], ids: IdAssigner) -> Iterator[Task]:
    for task in tasks:
        task.doc_id = ids.assign(task.doc_id)
        if task.error:
            task.error.doc_id = task.doc_id
        yield task


def _check_size(text: str, max_bytes: int) -> None:
    # len(text) bounds the UTF-8 size from below and 4*len(text) from above: encode only when unsure.
    if max_bytes and len(text) * 4 > max_bytes and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise ReadError("TooLarge", f"text exceeds the size limit of {max_bytes} bytes (option max_bytes)")


def run_task(task: Task, opts: BatchOptions) -> Outcome:
    """Read and extract one task; never raises."""
    if task.error is not None:
        return Outcome(task.doc_id, False, task.error.model_dump_json())
    try:
        with time_budget(opts.time_limit):
            if task.text is not None:
                _check_size(task.text, opts.max_bytes)
                doc = extract(task.text, doc_id=task.doc_id, **opts.extract_options)
                if task.fmt == "jsonl":
                    doc.source.path = task.path
                    doc.source.format = "jsonl"
            else:
                raw = read_document(task.path, doc_id=task.doc_id, max_bytes=opts.max_bytes)
                doc = extract(raw.text, doc_id=task.doc_id, source=raw.source, **opts.extract_options)
                doc.warnings[:0] = raw.warnings
            line = document_line(doc, opts.spans)
        return Outcome(task.doc_id, True, line, len(doc.warnings))
    except TimeLimitExceeded as exc:
        err = ErrorRecord(doc_id=task.doc_id, path=task.path, error_type="TimeLimit", message=str(exc))
    except ReadError as exc:
        err = ErrorRecord(doc_id=task.doc_id, path=task.path, error_type=exc.kind, message=str(exc))
    except MemoryError:
        raise  # the worker's supervisor records it as MemoryLimit and replaces the worker
    except Exception as exc:  # an extractor bug must cost one document, not the batch
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        msg = f"{exc}" + (f" (at {Path(where.filename).name}:{where.lineno})" if where else "")
        err = ErrorRecord(doc_id=task.doc_id, path=task.path, error_type=type(exc).__name__, message=msg[:1000])
    return Outcome(task.doc_id, False, err.model_dump_json())


def run_chunk(tasks: list[Task], opts: BatchOptions) -> list[Outcome]:
    return [run_task(t, opts) for t in tasks]


def chunked(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for t in tasks:
        chunk.append(t)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_tasks(tasks: Iterable[Task], opts: BatchOptions | None = None, workers: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order, each document extracted in a supervised worker process (also with
    one worker): a document that exhausts memory or kills its worker costs only its own record."""
    from .supervise import run_supervised

    yield from run_supervised(tasks, opts or BatchOptions(), workers)


def extract_file(path, doc_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, **options) -> Document:
    """Read one .txt/.html/.docx file and extract it (raises :class:`ReadError` if unreadable)."""
    raw = read_document(path, doc_id=doc_id, max_bytes=max_bytes)
    doc = extract(raw.text, doc_id=raw.doc_id, source=raw.source, **options)
    doc.warnings[:0] = raw.warnings
    return doc


def extract_many(inputs: Iterable[Any], workers: int = 1, jsonl_id_field: str = "id",
                 jsonl_text_field: str = "text", max_bytes: int = DEFAULT_MAX_BYTES,
                 time_limit: float = DEFAULT_TIME_LIMIT, max_memory: int = DEFAULT_MAX_MEMORY_MB,
                 **options) -> Iterator[Union[Document, ErrorRecord]]:
    """Extract a batch in input order, yielding a Document, or an ErrorRecord for a failed input.

    ``inputs``: paths, folders (recursive, supported extensions only), globs, ``.jsonl`` corpora,
    ``(doc_id, text)`` pairs or ``{"id": ..., "text": ...}`` dicts. doc_ids are unique in the batch
    (:mod:`pipeline.ids`).
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    opts = BatchOptions(jsonl_id_field, jsonl_text_field, max_bytes, time_limit, dict(options), max_memory)
    for out in run_tasks(iter_tasks(inputs, opts), opts, workers=workers):
        if out.ok:
            yield Document.model_validate_json(out.line)
        else:
            yield ErrorRecord.model_validate_json(out.line)


__all__ = ["extract_file", "extract_many", "iter_tasks", "run_tasks", "Task", "Outcome", "Scan",
           "BatchOptions", "SUPPORTED_SUFFIXES"]
