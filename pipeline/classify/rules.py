"""Rule-based measure categories: weighted keyword lexicons (``data/category_lexicon.yaml``).

Heading words weigh more than body words; a title that is only a section name (指导思想, 目标任务,
总体情况 …) has no category. Used alone when the trained model is absent or switched off, and
to label the weakly supervised part of the model's training set.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import regex
import yaml

from ..models import MeasureCategory
from ..textview import fold_width

CATEGORIES: tuple[str, ...] = tuple(c.value for c in MeasureCategory)
_DATA = "category_lexicon.yaml"
_BLANKS = regex.compile(r"\s+")


@dataclass(frozen=True)
class Lexicon:
    title_weight: float
    body_weight: float
    max_body_hits: int
    min_score: float
    terms: regex.Pattern  # every term, longest first, so a specific term hides the generic one inside it
    weights: dict[str, tuple[tuple[int, float], ...]]  # lower-cased term -> ((category index, weight), ...)
    not_measure: regex.Pattern


def _fail(msg: str) -> ValueError:
    return ValueError(f"{_DATA}: {msg}")


def parse_lexicon(data: dict) -> Lexicon:
    """Validate and compile the lexicon; errors name the file and the entry."""
    if not isinstance(data, dict):
        raise _fail("top level must be a mapping")
    for key in ("title_weight", "body_weight", "max_body_hits", "min_score", "categories",
                "not_measure_headings"):
        if key not in data:
            raise _fail(f"missing key {key!r}")
    cats = data["categories"]
    if not isinstance(cats, dict):
        raise _fail("categories must be a mapping")
    weights: dict[str, list[tuple[int, float]]] = {}
    for cat, terms in cats.items():
        if cat not in CATEGORIES:
            raise _fail(f"unknown category {cat!r} (expected one of {', '.join(CATEGORIES)})")
        if not isinstance(terms, dict) or not terms:
            raise _fail(f"categories.{cat} must map terms to weights")
        for term, w in terms.items():
            if not isinstance(term, str) or not term.strip():
                raise _fail(f"categories.{cat}: empty term")
            if not isinstance(w, (int, float)) or w <= 0:
                raise _fail(f"categories.{cat}.{term}: weight must be a positive number, got {w!r}")
            weights.setdefault(fold_width(term).lower(), []).append((CATEGORIES.index(cat), float(w)))
    heads = data["not_measure_headings"]
    if not isinstance(heads, list):
        raise _fail("not_measure_headings must be a list of regexes")
    for h in heads:
        try:
            regex.compile(h)
        except (regex.error, TypeError) as exc:
            raise _fail(f"not_measure_headings: bad regex {h!r} ({exc})") from exc
    ordered = sorted(weights, key=len, reverse=True)
    return Lexicon(
        title_weight=float(data["title_weight"]),
        body_weight=float(data["body_weight"]),
        max_body_hits=int(data["max_body_hits"]),
        min_score=float(data["min_score"]),
        terms=regex.compile("|".join(regex.escape(t) for t in ordered), regex.IGNORECASE),
        weights={t: tuple(v) for t, v in weights.items()},
        not_measure=regex.compile("(?:" + "|".join(f"(?:{h})" for h in heads) + ")") if heads else regex.compile("(?!)"),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = (resources.files("pipeline") / "data" / _DATA).read_text(encoding="utf-8")
    return parse_lexicon(yaml.safe_load(text))


def term_scores(text: str, max_hits: Optional[int] = None) -> list[float]:
    """Summed term weights per category (order of ``CATEGORIES``) in ``text``."""
    lex = lexicon()
    scores = [0.0] * len(CATEGORIES)
    seen: dict[str, int] = {}
    for m in lex.terms.finditer(fold_width(text)):
        term = m.group().lower()
        n = seen.get(term, 0)
        if max_hits is not None and n >= max_hits:
            continue
        seen[term] = n + 1
        for ci, w in lex.weights[term]:
            scores[ci] += w
    return scores


def is_section_heading(title: str) -> bool:
    """A title that only names a section of the document, not a measure.

    >>> is_section_heading("指导思想"), is_section_heading(" 主要措施及成效"), is_section_heading("强化督查")
    (True, True, False)
    """
    t = _BLANKS.sub("", fold_width(title))
    return bool(lexicon().not_measure.fullmatch(t))


def category_scores(title: str, body: str) -> list[float]:
    lex = lexicon()
    t = term_scores(title)
    b = term_scores(body, lex.max_body_hits)
    return [lex.title_weight * x + lex.body_weight * y for x, y in zip(t, b)]


def rule_category(title: str, body: str) -> tuple[Optional[str], Optional[float]]:
    """(category, confidence) by the lexicon; (None, None) for section headings and weak evidence.

    >>> rule_category("推行网上审批", "")[0], rule_category("指导思想", "以…为指导")
    ('e_government', (None, None))
    """
    if is_section_heading(title):
        return None, None
    scores = category_scores(title, body)
    best = max(range(len(scores)), key=scores.__getitem__)
    if scores[best] < lexicon().min_score:
        return None, None
    return CATEGORIES[best], round(scores[best] / sum(scores), 4)
