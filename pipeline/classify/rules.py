"""Rule-based measure categories: weighted keyword lexicons (``data/category_lexicon.yaml``).

Heading words weigh more than body words; a title that is only a section name (指导思想, 目标任务,
总体情况 …) has no category. Used alone when the trained model is absent or switched off, and
to label the weakly supervised part of the model's training set.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import re

import regex

from ..models import MeasureCategory
from ..rules import load_rules, validate_rules
from ..rules.category_lexicon import CategoryLexicon
from ..rules.types import pattern_of, words_of
from ..normalize.regions import trie_pattern
from ..textview import fold_width
from .. import regex_cache

CATEGORIES: tuple[str, ...] = tuple(c.value for c in MeasureCategory)
_DATA = "category_lexicon.yaml"
_BLANKS = regex_cache.compile(r"\s+")


@dataclass(frozen=True)
class Lexicon:
    title_weight: float  # the title's lead clause (up to the first comma): the heading proper
    rest_weight: float  # later clauses of the title
    condition_weight: float  # a leading "对…的，" clause: it names the case, not the measure
    head_boost: float  # factor for the last specific term of the lead clause (the head of its verb-object)
    head_max_tail: int  # a final term is the head only when at most this many characters follow it
    body_weight: float
    max_body_hits: int
    min_score: float
    # Every term (lower case), longest first, so a specific term hides the generic one inside it. The
    # stdlib engine: it scans a large literal alternation about ten times faster than `regex`; shaped
    # as a trie (same matches as the flat longest-first alternation), a third faster again.
    terms: re.Pattern
    weights: dict[str, tuple[tuple[int, float], ...]]  # lower-cased term -> ((category index, weight), ...)
    not_measure: regex.Pattern
    condition: regex.Pattern
    generic: frozenset[str]  # terms too general to be a heading's head (机制, 制度 …)


def parse_lexicon(data) -> Lexicon:
    """Compile the lexicon: a validated model (pipeline/rules) or the file's raw content."""
    d = data if isinstance(data, CategoryLexicon) else validate_rules(data, CategoryLexicon, _DATA)
    weights: dict[str, list[tuple[int, float]]] = {}
    for cat, terms in d.categories.items():
        for term, w in terms.items():
            weights.setdefault(fold_width(term).lower(), []).append((CATEGORIES.index(cat), float(w)))
    heads = [pattern_of(h) for h in d.not_measure_headings]
    ordered = sorted(weights, key=len, reverse=True)
    return Lexicon(
        title_weight=float(d.title_weight),
        rest_weight=float(d.rest_weight),
        condition_weight=float(d.condition_weight),
        head_boost=float(d.head_boost),
        head_max_tail=int(d.head_max_tail),
        condition=regex_cache.compile(pattern_of(d.condition_clause)),
        generic=frozenset(fold_width(g).lower() for g in words_of(d.generic_heads)),
        body_weight=float(d.body_weight),
        max_body_hits=int(d.max_body_hits),
        min_score=float(d.min_score),
        terms=re.compile(trie_pattern(ordered)),
        weights={t: tuple(v) for t, v in weights.items()},
        not_measure=regex_cache.compile("(?:" + "|".join(f"(?:{h})" for h in heads) + ")") if heads else regex_cache.compile("(?!)"),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return parse_lexicon(load_rules(_DATA, CategoryLexicon))


def term_scores(text: str, max_hits: Optional[int] = None) -> list[float]:
    """Summed term weights per category (order of ``CATEGORIES``) in ``text``."""
    lex = lexicon()
    scores = [0.0] * len(CATEGORIES)
    seen: dict[str, int] = {}
    for m in lex.terms.finditer(fold_width(text).lower()):
        term = m.group()
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


def title_scores(title: str) -> list[float]:
    """Weighted title term scores per category.

    The lead clause (up to the first comma) is the heading proper and its head — the last term
    that is not a generic word like 机制 — counts extra, since in a verb-object heading the final
    noun names the measure and earlier terms modify it (项目建设效能监察 is 监察) — unless the
clause opens with a category word, its verb (公开投诉结果 is 公开). Later clauses
    count less, and a leading "对…的，" clause, which only names the case, least.

    >>> cats = lambda t: CATEGORIES[max(range(len(CATEGORIES)), key=title_scores(t).__getitem__)]
    >>> cats("深入开展园区企业效能监察"), cats("完善考核问责机制")
    ('supervision', 'accountability')
    >>> cats("对考核排名末位的单位,由纪检部门约谈主要负责人"), cats("公布投诉举报电话")
    ('accountability', 'transparency')
    """
    lex = lexicon()
    t = fold_width(title).lower()
    scores = [0.0] * len(CATEGORIES)

    def add(term: str, w: float) -> None:
        for ci, tw in lex.weights[term]:
            scores[ci] += w * tw

    pos = 0
    cond = lex.condition.match(t)
    if cond:
        for m in lex.terms.finditer(t, 0, cond.end()):
            add(m.group(), lex.condition_weight)
        pos = cond.end()
    comma = t.find(",", pos)
    lead_end = len(t) if comma < 0 else comma
    lead = [(m.start(), m.end(), m.group()) for m in lex.terms.finditer(t, pos, lead_end)]
    for _, _, term in lead:
        add(term, lex.title_weight)
    specific = [x for x in lead if x[2] not in lex.generic]
    head = None
    if specific:
        # A clause that opens with a category word has it as its verb (公开…, 评选…, 整治…);
        # otherwise the verb is generic (开展, 推行, 建立 …) and the final noun is the head —
        # when it ends the clause (…监察, …问责机制), not inside a quoted name (“服务基层”专项活动).
        if specific[0][0] == pos:
            head = specific[0][2]
        elif lead_end - specific[-1][1] <= lex.head_max_tail and "”" not in t[specific[-1][1]:lead_end]:
            head = specific[-1][2]
    if head is not None:
        add(head, lex.title_weight * (lex.head_boost - 1.0))
    for m in lex.terms.finditer(t, lead_end):
        add(m.group(), lex.rest_weight)
    return scores


def category_scores(title: str, body: str) -> list[float]:
    lex = lexicon()
    b = term_scores(body, lex.max_body_hits)
    return [x + lex.body_weight * y for x, y in zip(title_scores(title), b)]


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


@lru_cache(maxsize=1)
def case_rules() -> tuple[regex.Pattern, regex.Pattern]:
    """(circular title, case item) patterns: the numbered cases of a 通报 are accountability measures."""
    data = load_rules(_DATA, CategoryLexicon)
    return regex_cache.compile(pattern_of(data.case_circular_title)), regex_cache.compile(pattern_of(data.case_item))
