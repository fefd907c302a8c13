"""doc_ids that are unique within a batch by construction.

An input keeps its own id (file name without extension, JSONL id field, given id) unless an earlier
input already took it; then it gets the first free ``ID~N`` (N = 2, 3 …). A generated id skips every
id already emitted and every input's own id of the same shape, so a file really named ``x~2.txt``
keeps ``x~2`` even when it comes after the second ``x``. The own ids are scanned before the first
record is written (:func:`pipeline.batch.iter_tasks` does it for paths, folders, globs, JSONL id
fields and lists of texts). Only ids ending in ``~digits`` can clash with a generated one, so only
those are kept from the scan: the rest of the corpus costs no memory here.

The assignment depends on the inputs alone, in order, so ``--resume`` gives the same ids again.
"""
from __future__ import annotations

import re
from typing import Iterable

_GENERATED_SHAPE = re.compile(r"~[0-9]+\Z")


def could_be_generated(doc_id: str) -> bool:
    """True for ids of the shape a generated id has (``x~2``); only these need reserving."""
    return bool(_GENERATED_SHAPE.search(doc_id))


class IdAssigner:
    """Give each input, in order, an id no other input of the batch gets.

    >>> ids = IdAssigner(["a~2"])
    >>> [ids.assign(i) for i in ["a", "a", "a~2", "a"]]
    ['a', 'a~3', 'a~2', 'a~4']
    """

    def __init__(self, own_ids: Iterable[str] = ()):
        self._reserved = {i for i in own_ids if could_be_generated(i)}
        self._emitted: set[str] = set()
        self._next: dict[str, int] = {}  # per base id: every N below this is taken

    def assign(self, own_id: str) -> str:
        # Without a scan ahead (a one-shot iterator), an own id may equal an id generated earlier;
        # it then steps aside itself, so ids stay distinct in every case.
        if own_id not in self._emitted:
            self._emitted.add(own_id)
            return own_id
        n = self._next.get(own_id, 2)
        while f"{own_id}~{n}" in self._emitted or f"{own_id}~{n}" in self._reserved:
            n += 1
        self._next[own_id] = n + 1
        new = f"{own_id}~{n}"
        self._emitted.add(new)
        return new
