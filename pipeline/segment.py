"""Word segmenters behind one interface: ``tokenize(text) -> [(word, start, end)]``.

- ``jieba`` (default) with the shipped domain dictionary ``data/userdict.txt``;
- ``pkuseg`` through spaCy (``spacy.blank("zh")`` with the pkuseg segmenter) from a model folder
  the user gives: models are never downloaded;
- ``char``: one token per character, needs nothing.

Each is built once per process and only when first asked for.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

Token = tuple[str, int, int]


class Segmenter(Protocol):
    name: str

    def tokenize(self, text: str) -> list[Token]: ...


class CharSegmenter:
    name = "char"

    def tokenize(self, text: str) -> list[Token]:
        return [(ch, i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]


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


class JiebaSegmenter:
    name = "jieba"

    def __init__(self) -> None:
        import jieba

        # A private Tokenizer so that a user's global jieba state is neither used nor changed.
        self._tk = jieba.Tokenizer()
        self._tk.initialize()
        for word, freq, tag in load_user_words():
            self._tk.add_word(word, freq, tag)

    def tokenize(self, text: str) -> list[Token]:
        return [(w, s, e) for w, s, e in self._tk.tokenize(text) if not w.isspace()]


class PkusegSegmenter:
    name = "pkuseg"

    def __init__(self, model: str | None) -> None:
        if not model:
            raise ValueError("the pkuseg segmenter needs a model folder (option pkuseg_model); "
                             "models are not downloaded")
        if not Path(model).is_dir():
            raise FileNotFoundError(f"pkuseg model folder not found: {model}")
        import spacy

        cfg = {"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "pkuseg"}}}
        self.nlp = spacy.blank("zh", config=cfg)
        self.nlp.tokenizer.initialize(pkuseg_model=str(model))
        self.nlp.tokenizer.pkuseg_update_user_dict([w for w, _, _ in load_user_words()])

    def tokenize(self, text: str) -> list[Token]:
        doc = self.nlp.make_doc(text)
        return [(t.text, t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


_lock = threading.Lock()


@lru_cache(maxsize=8)
def _build(name: str, model: str | None) -> Segmenter:
    if name == "jieba":
        return JiebaSegmenter()
    if name == "pkuseg":
        return PkusegSegmenter(model)
    if name == "char":
        return CharSegmenter()
    raise ValueError(f"unknown segmenter {name!r} (jieba, pkuseg, char)")


def get_segmenter(name: str = "jieba", model: str | None = None) -> Segmenter:
    with _lock:
        return _build(name, model)
