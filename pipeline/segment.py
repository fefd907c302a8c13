"""jieba with the shipped domain dictionary ``data/userdict.txt``, behind ``tokenize(text) ->
[(word, start, end)]``: the word-boundary check of short place names (normalize/regions.py) asks it.

Extraction reads no other tokens: a choice of segmenter (pkuseg, char) was offered once and could not
change any output, so it was removed (README, "Word segmentation"). Built once per process, when first
asked for.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

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


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _jieba() -> JiebaSegmenter:
    return JiebaSegmenter()


def get_segmenter(name: str = "jieba") -> JiebaSegmenter:
    if name != "jieba":
        raise ValueError(f"unknown segmenter {name!r}: only jieba is shipped (README, \"Word segmentation\")")
    with _lock:
        return _jieba()
