"""jieba with the shipped domain dictionary ``data/userdict.txt``, behind ``tokenize(text) ->
[(word, start, end)]``: the word-boundary check of short place names (normalize/regions.py) asks it.

Extraction reads no other tokens: a choice of segmenter (pkuseg, char) was offered once and could not
change any output, so it was removed (README, "Word segmentation"). Built once per process, when first
asked for.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import sys
import threading
from contextlib import closing
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .cache import user_cache_dir

Token = tuple[str, int, int]


def user_dict_path() -> Path:
    return Path(str(resources.files("pipeline") / "data" / "userdict.txt"))


def load_user_words() -> list[tuple[str, int | None, str | None]]:
    """Domain words from ``data/userdict.txt`` (jieba format: word [freq] [tag]), validated."""
    words = []
    for lineno, line in enumerate(user_dict_path().read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) > 3 or (len(parts) > 1 and not parts[1].isdigit()):
            raise ValueError(f"userdict.txt:{lineno}: expected 'word [freq] [tag]', got {line!r}")
        words.append((parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None))
    return words


def import_jieba():
    """jieba, imported without ``pkg_resources`` when nothing has imported that yet: jieba asks it only
    for the path of its own data files and opens them by path without it, while importing it scans every
    installed distribution (about 0.08 s of every start-up)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # makes ``import pkg_resources`` raise ImportError
    try:
        import jieba
    finally:
        if block and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


class JiebaSegmenter:
    name = "jieba"

    def __init__(self) -> None:
        jieba = import_jieba()

        # A private Tokenizer so that a user's global jieba state is neither used nor changed.
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        for word, freq, tag in load_user_words():
            self._tk.add_word(word, freq, tag)

    def tokenize(self, text: str) -> list[Token]:
        return [(w, s, e) for w, s, e in self._tk.tokenize(text) if not w.isspace()]


class JiebaWindows:
    """jieba's cuts of short texts without loading its whole dictionary (about 1.2 s a process).

    jieba reads its dictionary only for substrings of the text it cuts, so a Tokenizer given just the
    entries of those substrings (and the dictionary's total) cuts the text as the full one does. The
    entries are kept in an SQLite file built once from the full dictionary with the user words
    (:func:`window_store`); each call fetches those of its text's substrings in one query.
    """

    name = "jieba"
    MAX_CHARS = 32  # at most 528 substrings in one query

    def __init__(self, store: Path) -> None:
        jieba = import_jieba()

        self._jieba, self._uri, self._local = jieba, store.as_uri() + "?mode=ro", threading.local()
        with closing(sqlite3.connect(self._uri, uri=True)) as conn:  # not kept: the fork server reads it
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        self.total = int(meta["total"])
        for word in json.loads(meta["force_split"]):  # what add_word of a zero-frequency word does
            jieba.finalseg.add_force_split(word)

    def _connection(self):
        # one connection per process and thread: an SQLite connection must not cross a fork
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = sqlite3.connect(self._uri, uri=True)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def tokenize(self, text: str) -> list[Token]:
        if len(text) > self.MAX_CHARS:
            return get_segmenter("jieba").tokenize(text)
        subs = list({text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1)})
        query = f"SELECT word, freq FROM freq WHERE word IN ({','.join('?' * len(subs))})"
        try:
            freq = dict(self._connection().execute(query, subs))
        except sqlite3.Error:  # the store was removed or damaged since: the full dictionary cuts the same
            return get_segmenter("jieba").tokenize(text)
        tk = self._jieba.Tokenizer()
        tk.FREQ, tk.total, tk.initialized = freq, self.total, True
        return [(w, s, e) for w, s, e in tk.tokenize(text) if not w.isspace()]


def window_store() -> Path:
    """The SQLite file of jieba's dictionary with the user words, built on first use and kept in the
    user's cache folder, named by what it is built from (jieba's version and dictionary, userdict.txt)."""
    jieba = import_jieba()

    source = Path(jieba.__file__).with_name("dict.txt")
    key = hashlib.sha256(f"1|{jieba.__version__}|{source.stat().st_size}|{source.stat().st_mtime_ns}|".encode()
                         + user_dict_path().read_bytes()).hexdigest()[:16]
    folder = user_cache_dir()
    path = folder / f"jieba-{key}.sqlite"
    if not path.is_file():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # no writable home: the temporary folder, as jieba's own cache
            folder = Path(tempfile.gettempdir())
            path = folder / path.name
    if not path.is_file():
        _write_store(path)
    return path


def _write_store(path: Path) -> None:
    jieba = import_jieba()

    tk = get_segmenter("jieba")._tk  # the full dictionary with the user words, as JiebaSegmenter has it
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with closing(sqlite3.connect(tmp)) as conn, conn:
        conn.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.executemany("INSERT INTO freq VALUES (?, ?)", tk.FREQ.items())
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("total", str(tk.total)), ("force_split", json.dumps(sorted(jieba.finalseg.Force_Split_Words)))])
    os.replace(tmp, path)  # whole or absent, also when two processes build it at once


@lru_cache(maxsize=1)
def window_segmenter() -> Segmenter:
    """JiebaWindows, or the full jieba segmenter (same cuts) when the store cannot be built or read."""
    try:
        return JiebaWindows(window_store())
    except (OSError, sqlite3.Error, KeyError, ValueError):
        return get_segmenter("jieba")


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _jieba() -> JiebaSegmenter:
    return JiebaSegmenter()


def get_segmenter(name: str = "jieba") -> JiebaSegmenter:
    if name != "jieba":
        raise ValueError(f"unknown segmenter {name!r}: only jieba is shipped (README, \"Word segmentation\")")
    with _lock:
        return _jieba()
