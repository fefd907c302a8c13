"""JSONL output that survives being killed: whole lines only, flushed one by one, resumable."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

SPAN_MODES = ("full", "offsets")


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


def document_line(doc: Any, spans: str = "full") -> str:
    """A document as one JSON line. ``spans="offsets"`` leaves out every span's ``text``: a measure's span
    covers its whole section and nests inside its parent's, so full span texts repeat the document
    several times over; offsets alone keep the output linear in the input (the text is
    ``doc_text[start:end]``)."""
    if spans == "full":
        return doc.model_dump_json()
    if spans != "offsets":
        raise ValueError(f"spans must be one of {SPAN_MODES}, not {spans!r}")
    return json.dumps(_without_span_text(doc.model_dump(mode="json")), ensure_ascii=False, separators=(",", ":"))


def _without_span_text(node: Any) -> Any:
    if isinstance(node, dict):
        if node.keys() == {"start", "end", "text"}:
            return {"start": node["start"], "end": node["end"]}
        return {k: _without_span_text(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_span_text(v) for v in node]
    return node
