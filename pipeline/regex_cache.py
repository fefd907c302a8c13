"""Compiled regular expressions kept on disk between processes.

The rules compile about 700 patterns of the ``regex`` module, some of them thousands of characters
long; parsing them is a third of a new process's start-up (0.3 s of 1.2 s), while the compiled form
loads in a few milliseconds. ``regex`` pickles a compiled pattern with its compiled code, and unpickling
calls ``_regex.compile`` on that code without parsing the pattern again (mrab-regex issue 195): this
module keeps those pickles in one file per ``regex`` and Python version in the user's cache directory,
as jieba keeps its dictionary.

``compile(pattern, flags)`` is ``regex.compile`` with that store behind it. The file is read on the
first call and written (merged with what other processes wrote since, then renamed into place) by
``save()``, which ``pipeline.warm`` calls after loading everything and ``atexit`` calls otherwise.
Nothing in the file can run code: the unpickler accepts ``_regex.compile`` and nothing else.
A missing, unreadable or foreign file is a cold start, never an error.

The folder and the switch that turns this off: ``pipeline.cache``.
"""
from __future__ import annotations

import atexit
import pickle
import sys
import threading
from pathlib import Path
from typing import Optional

import regex

from .cache import cache_dir, load_pickle, write_merged

#: the compiled code is regex's internal format: one file per regex version and Python version
_FILE_NAME = f"regex-{regex.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"
#: a file grown past this many patterns (rules edited many times) is rewritten with this process's only
_MAX_ENTRIES = 5000

_lock = threading.Lock()
_store: Optional[dict] = None      # (pattern, flags, named lists) -> compiled pattern, loaded on first use
_used: set = set()                  # keys this process asked for
_new: set = set()                   # keys compiled here and not yet saved


def cache_file() -> Optional[Path]:
    d = cache_dir()
    return None if d is None else d / _FILE_NAME


class _PatternsOnly(pickle.Unpickler):
    """Unpickles compiled patterns and plain data; any other global is refused."""

    def find_class(self, module, name):
        if name == "compile" and module in ("regex._regex", "_regex"):
            return regex._main._regex.compile
        raise pickle.UnpicklingError(f"not a compiled pattern: {module}.{name}")


def _read(path: Optional[Path]) -> dict:
    store = load_pickle(path, _PatternsOnly)
    if not isinstance(store, dict):
        return {}
    return {k: v for k, v in store.items()
            if isinstance(k, tuple) and len(k) == 3 and isinstance(v, regex.Pattern) and v.pattern == k[0]}


def _loaded() -> dict:
    global _store
    if _store is None:
        _store = _read(cache_file())
    return _store


def compile(pattern: str, flags: int = 0, **named_lists) -> "regex.Pattern":
    """``regex.compile(pattern, flags, **named_lists)``, from the disk store when this pattern (with
    these named lists) was compiled before.

    >>> compile(r"\\d+件").findall("受理12件，办结11件")
    ['12件', '11件']
    >>> compile(r"\\L<acts>", acts=["马上办", "网上办"]).findall("推行马上办、网上办")
    ['马上办', '网上办']
    """
    key = (pattern, int(flags), tuple(sorted((name, tuple(sorted(values))) for name, values in named_lists.items())))
    with _lock:
        store = _loaded()
        hit = store.get(key)
        if hit is not None:
            _used.add(key)
            return hit
    compiled = regex.compile(pattern, flags, **named_lists)  # raises regex.error on a bad pattern, as always
    with _lock:
        store[key] = compiled
        _used.add(key)
        _new.add(key)
    return compiled


def save() -> None:
    """Write the patterns compiled here (with what the file holds now) if there are new ones."""
    path = cache_file()
    with _lock:
        if path is None or not _new:
            return
        if not write_merged(path, _read(path), _store or {}, _used, _MAX_ENTRIES):
            return  # the next process compiles again
        _new.clear()


atexit.register(save)
