"""Same-length normalised view of a document text.

Extractors match on ``view.norm`` (full-width ASCII forms folded to half-width, ideographic
space to a space, traditional characters to simplified ones by OpenCC's character table) and report offsets into ``view.text``: because the folding maps one code
point to one code point, every offset is valid in both strings and no span ever shifts.
"""
from __future__ import annotations

import bisect
import importlib.util
import pickle
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import regex

from . import regex_cache
from .cache import PlainDataOnly, keyed_file, load_pickle, write_atomically

# U+FF01..U+FF5E are the full-width forms of U+0021..U+007E; U+3000 is the ideographic space.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20  # no-break space, common in scraped pages
# minus signs and the small/full-width percent and per-mille forms
_FOLD.update({0x2212: 0x2D, 0xFE63: 0x2D, 0xFE6A: 0x25})


def _opencc_dictionary(name: str) -> str | None:
    """Text of one of OpenCC's dictionary files, from the installed opencc package (not imported)."""
    spec = importlib.util.find_spec("opencc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "dictionary" / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def traditional_fold() -> dict[int, int]:
    """Traditional -> simplified, one character for one, from OpenCC's character table.

    Only characters that are never simplified themselves are folded (乾, 於, 覆 … stay: they are
    also simplified characters), so a simplified text reads the same and the view keeps its length.

    >>> fold = traditional_fold()
    >>> "個點億萬兩負臺".translate(fold)
    '个点亿万两负台'
    >>> "乾坤于覆".translate(fold)
    '乾坤于覆'
    """
    ts, st = _opencc_dictionary("TSCharacters.txt"), _opencc_dictionary("STCharacters.txt")
    if ts is None or st is None:
        return {}
    return _fold_from(ts, st)


def _fold_from(ts: str, st: str) -> dict[int, int]:
    def table(text: str) -> dict[str, list[str]]:
        out = {}
        for line in text.splitlines():
            key, _, values = line.partition("\t")
            if key and values and not key.startswith("#"):
                out[key] = values.split()
        return out
    trad, simp = table(ts), table(st)
    simplified = {c for values in trad.values() for c in values} | set(simp)
    return {ord(t): ord(cands[0]) for t, cands in trad.items()
            if len(t) == 1 and len(cands[0]) == 1 and t not in cands and t not in simplified}


def _cached_traditional_fold() -> dict[int, int]:
    """:func:`traditional_fold`, kept in the user's cache (keyed by the bytes of OpenCC's two tables and of
    this module): reading the tables costs 0.03 s of every process's start-up, the pickle a tenth of it."""
    ts, st = _opencc_dictionary("TSCharacters.txt"), _opencc_dictionary("STCharacters.txt")
    if ts is None or st is None:
        return {}
    path = keyed_file("traditional-fold", ts.encode("utf-8"), b"\0", st.encode("utf-8"), b"\0",
                      Path(__file__).read_bytes())
    cached = load_pickle(path, PlainDataOnly)
    if isinstance(cached, dict):
        return cached
    fold = _fold_from(ts, st)
    if path is not None:
        write_atomically(path, pickle.dumps(fold, protocol=pickle.HIGHEST_PROTOCOL))
    return fold


_FOLD_ALL = {**_cached_traditional_fold(), **_FOLD}


def fold_width(text: str) -> str:
    """Fold full-width forms to half-width, one code point for one.

    >>> fold_width("办结率９３．６％，（一）")
    '办结率93.6%,(一)'
    >>> len(fold_width("１２\u3000３")) == len("１２\u3000３")
    True
    """
    # short strings (titles, lexicon terms): translate; long ones (measure bodies): the table gather
    return text.translate(_FOLD) if len(text) < _GATHER_MIN else _gather(text, _table("width"))


def fold(text: str) -> str:
    """The normalised view: full-width forms folded and traditional characters read as simplified,
    one code point for one.

    >>> fold("個體工商戶增長三個百分點，辦結率９８．５％")
    '个体工商户增长三个百分点,办结率98.5%'
    >>> fold("\\ud800𠀀１") == "\\ud800𠀀1"  # lone surrogates and astral characters pass through
    True
    """
    return text.translate(_FOLD_ALL) if len(text) < _GATHER_MIN else _gather(text, _table("all"))


# Below this length str.translate is as fast as numpy's fixed cost per call.
_GATHER_MIN = 100


def _gather(text: str, table: np.ndarray) -> str:
    """``text.translate(mapping)`` for a one-code-point-for-one ``mapping`` given as ``table``
    (:func:`_table`). str.translate looks every character up in a dict (about 70 ns a character,
    the cost of a long report's view); a table indexed by code point does the same in one gather."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = np.where(codes < len(table), table[np.minimum(codes, len(table) - 1)], codes)
    return folded.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=None)
def _table(name: str) -> np.ndarray:
    """The folding table ``name`` (width: _FOLD, all: _FOLD_ALL) as an array: entry i is the code
    point i folds to (itself when it does not fold)."""
    mapping = {"width": _FOLD, "all": _FOLD_ALL}[name]
    table = np.arange(max(mapping) + 1, dtype=np.uint32)
    for src, dst in mapping.items():
        table[src] = dst
    return table


# Sentence ends for clause-level work (SCHEMA.md: split at 。！？； and ;!? ), plus line breaks.
_SENTENCE_END = regex_cache.compile(r"[。！？；;!?]+[”’」』\"']*|\n+")


def push_stripped(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``(start, end)`` to ``out`` without the white space at either end, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


@dataclass
class TextView:
    text: str
    norm: str = field(init=False)

    def __post_init__(self) -> None:
        self.norm = fold(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence, leading/trailing whitespace excluded."""
        out: list[tuple[int, int]] = []
        norm = self.norm
        start = 0
        for m in _SENTENCE_END.finditer(norm):
            cut, after = m.span()
            end = after if norm[cut] != "\n" else cut
            # most sentences have no white space at either end: kept as they are without a call
            if start < end and not norm[start].isspace() and not norm[end - 1].isspace():
                out.append((start, end))
            else:
                push_stripped(out, norm, start, end)
            start = after
        push_stripped(out, norm, start, len(norm))
        return out

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        """The sentence containing offset ``pos`` (or None if it falls between sentences)."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0:
            s, e = self.sentences[i]
            if s <= pos < e:
                return s, e
        return None

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of each line, newline excluded."""
        out, start = [], 0
        for m in regex.finditer(r"\n", self.text):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, len(self.text)))
        return out
