"""Does uncued text review or plan? A linear model over character n-grams, shipped as data.

The section reading (:mod:`pipeline.sections`) places most text by its cues: headings (一、2024年工作回顾),
line openings (过去一年, 今年) and sentences (主要预期目标是). An excerpt with none of them (a plan's （十）
section cut out of a report, a list of this year's tasks) was read by its document type alone. This module
reads how it is written instead: review paragraphs say what was done (完成, 建成, 同比, 了), plan paragraphs
what is to be done (要, 力争, 加快, 推进). The weights are learnt by ``scripts/train_tense.py`` from the
paragraphs of whole real work reports, labelled by their cues, and kept in ``data/tense_weights.tsv``
(intercept and the strongest n-grams); prediction is a sum of weights, no library needed.
"""
from __future__ import annotations

import statistics

from functools import lru_cache
from pathlib import Path

from . import regex_cache

WEIGHTS = Path(__file__).resolve().parent / "data" / "tense_weights.tsv"
MIN_CHARS = 20           # shorter lines (headings, datelines) say little about tense
NGRAM_MAX = 3
_DIGITS = regex_cache.compile(r"\d+(?:\.\d+)?")
_SPACE = regex_cache.compile(r"\s+")


def features_text(paragraph: str) -> str:
    """The text the model reads: numbers as one symbol, no spaces.

    >>> features_text("增长 5.6%，完成 12 项")
    '增长0%，完成0项'
    """
    return _DIGITS.sub("0", _SPACE.sub("", paragraph))


def ngrams(text: str) -> list[str]:
    """Distinct character 1- to 3-grams.

    >>> sorted(ngrams("要抓"))
    ['抓', '要', '要抓']
    """
    out = set()
    n = len(text)
    for size in range(1, NGRAM_MAX + 1):
        for i in range(n - size + 1):
            out.add(text[i:i + size])
    return list(out)


def score_text(text: str, weights: dict[str, float], intercept: float) -> float:
    """Decision value of one paragraph's features text: > 0 plans, < 0 reviews. Only the n-grams that
    carry a weight are kept, so a paragraph of millions of characters (a flattened table) costs time,
    not memory."""
    found = set()
    n = len(text)
    for size in range(1, NGRAM_MAX + 1):
        for i in range(n - size + 1):
            g = text[i:i + size]
            if g in weights:
                found.add(g)
    return intercept + sum(weights[g] for g in found)


@lru_cache(maxsize=1)
def _model() -> tuple[float, dict[str, float]]:
    intercept, weights = 0.0, {}
    for line in WEIGHTS.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        if key == "#intercept":
            intercept = float(value)
        elif key and not key.startswith("#"):
            weights[key] = float(value)
    if not weights:
        raise ValueError(f"{WEIGHTS}: no weights")
    return intercept, weights


def write_weights(intercept: float, weights: list[tuple[str, float]]) -> None:
    lines = ["# n-gram weights of the review/plan reader (scripts/train_tense.py); > 0 plans",
             f"#intercept\t{intercept:.6f}"] + [f"{g}\t{w:.6f}" for g, w in weights]
    WEIGHTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _model.cache_clear()


def paragraph_scores(norm: str, start: int = 0, end: int | None = None) -> list[float]:
    """The decision value of each paragraph of ``norm[start:end]`` long enough to read (> 0: it plans)."""
    intercept, weights = _model()
    return [score_text(features_text(para), weights, intercept)
            for para in norm[start:end].split("\n") if len(para.strip()) >= MIN_CHARS]


def median_score(scores: list[float]) -> float:
    """The reading of a text from its paragraphs' values: the median, not the mean, so that one paragraph written
    unlike the rest (a plan's list item dense with this year's figures, 食品抽检…超4万批次; a review's sentence of
    intent) does not carry the reading of the others."""
    return statistics.median(scores) if scores else 0.0


def share_planning(scores: list[float]) -> float:
    """The share of paragraph values that read as a plan (> 0).

    >>> share_planning(paragraph_scores("加快推进重大项目建设，力争全年完成投资500亿元以上。"))
    1.0
    """
    return sum(1 for x in scores if x > 0) / len(scores) if scores else 0.0


def plan_score(norm: str, start: int = 0, end: int | None = None) -> tuple[float, int]:
    """Median decision value of the paragraphs of ``norm[start:end]`` long enough to read (> 0: the text
    plans) and how many there were.

    >>> plan_score("加快推进重大项目建设，力争全年完成投资500亿元以上。")[0] > 0
    True
    >>> plan_score("全年完成固定资产投资512亿元，同比增长8.2%，建成了一批重大项目。")[0] < 0
    True
    """
    scores = paragraph_scores(norm, start, end)
    return median_score(scores), len(scores)
