"""cn2an's readings of Chinese numerals, kept on disk between processes.

``import cn2an`` costs 0.1-0.15 s: the package compiles its number grammars with ``re`` when it is imported,
a fifth of a new process's start-up, while a report asks it for a few dozen numerals (一, 两, 三十, 一万五) and
the same few recur across every document. This module answers ``value(s)`` from a memo of what cn2an
answered in earlier processes and imports cn2an only for a numeral it has not seen. The memo is one file
per installed cn2an (named by its source file's size and time), in the user's cache folder
(``pipeline.cache``: ``POLICY_MEASURES_CACHE_DIR``, off with ``POLICY_MEASURES_NO_CACHE=1``), written by
``save()`` (merged with what other processes wrote, renamed into place) after a process learnt something
new. The file holds strings and numbers only: the unpickler refuses every class.
A missing, unreadable or foreign file is a cold start, never an error.
"""
from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import threading
from pathlib import Path
from typing import Optional

from ..cache import PlainDataOnly, cache_dir, load_pickle, write_merged

#: a file grown past this many numerals (odd input read over the years) is rewritten with this process's only
_MAX_ENTRIES = 20000

_lock = threading.Lock()
_memo: Optional[dict] = None   # numeral -> float, or None where cn2an refused it
_new: set = set()              # numerals read by cn2an here and not yet saved
_used: set = set()             # numerals this process asked for
_converter = None              # cn2an's function, imported on the first unseen numeral


def _stamp() -> Optional[str]:
    """A name for the installed cn2an (a memo of another version's answers is not read)."""
    spec = importlib.util.find_spec("cn2an")  # finds the package without importing it
    if spec is None or not spec.origin:
        return None
    try:
        st = os.stat(Path(spec.origin).with_name("cn2an.py"))
    except OSError:
        return None
    return hashlib.sha1(f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()[:12]


def memo_file() -> Optional[Path]:
    folder, stamp = cache_dir(), _stamp()
    return None if folder is None or stamp is None else folder / f"cn2an-{stamp}.pickle"


def _read(path: Optional[Path]) -> dict:
    memo = load_pickle(path, PlainDataOnly)
    if not isinstance(memo, dict):
        return {}
    return {k: v for k, v in memo.items() if isinstance(k, str) and (v is None or isinstance(v, float))}


def _loaded() -> dict:
    global _memo
    if _memo is None:
        _memo = _read(memo_file())
    return _memo


def _cn2an(s: str) -> Optional[float]:
    global _converter
    if _converter is None:
        import cn2an

        _converter = cn2an.cn2an
    try:
        answer = _converter(s, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(answer)


def value(s: str) -> Optional[float]:
    """``float(cn2an.cn2an(s, "normal"))``, or None where cn2an raises.

    >>> value("两万三千"), value("一百二十"), value("十三五")
    (23000.0, 120.0, None)
    """
    with _lock:
        memo = _loaded()
        _used.add(s)
        if s in memo:
            return memo[s]
    found = _cn2an(s)
    with _lock:
        memo[s] = found
        _new.add(s)
    return found


def save() -> None:
    """Write what this process learnt (with what the file holds now), if anything."""
    path = memo_file()
    with _lock:
        if path is None or not _new:
            return
        if write_merged(path, _read(path), _memo or {}, _used, _MAX_ENTRIES):
            _new.clear()


atexit.register(save)
