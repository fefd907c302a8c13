"""JSONL output that survives being killed: whole lines only, flushed one by one, resumable."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO


def repair_and_collect(path: Path, key: str = "doc_id") -> tuple[set[str], int]:
    """Ids of complete records in ``path``; a torn or unparseable tail is cut off.

    Returns (ids, bytes removed). Only the tail is ever cut: a record is written as one line
    ending in ``\\n`` and any prefix of it is invalid JSON, so a killed run leaves at most one
    torn line, at the end.
    """
    ids: set[str] = set()
    if not path.exists():
        return ids, 0
    good_end = 0
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                rec = json.loads(raw)
            except ValueError:
                break
            if isinstance(rec, dict) and key in rec:
                ids.add(str(rec[key]))
            good_end += len(raw)
    size = path.stat().st_size
    if good_end < size:
        with path.open("r+b") as fh:
            fh.truncate(good_end)
    return ids, size - good_end


class LineWriter:
    """Append JSON lines, each in a single write followed by a flush (and fsync when asked)."""

    def __init__(self, path: Path, append: bool, fsync: bool = False):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fh: IO[bytes] = path.open("ab" if append else "wb")
        self._fsync = fsync

    def write(self, line: str) -> None:
        self._fh.write(line.encode("utf-8") + b"\n")
        self._fh.flush()
        if self._fsync:
            os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "LineWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
