"""Measure categories (SCHEMA.md): the keyword rules where they are confident, a trained scikit-learn
model elsewhere (the confidence threshold is chosen at training time); rules alone without the model.

``classify(titles, bodies)`` labels all measures of a document in one call. Section headings
(指导思想, 总体情况 …) get no category whichever way the rest is labelled.
"""
from __future__ import annotations

from typing import Optional

from .rules import CATEGORIES, is_section_heading, rule_category

__all__ = ["CATEGORIES", "classify", "combine"]


def classify(titles: list[str], bodies: list[str], *, use_model: bool = True,
             warnings: Optional[list[str]] = None) -> list[tuple[Optional[str], Optional[float]]]:
    """(category or None, score) for each (title, body); score is the model probability or the rule confidence."""
    out: list[tuple[Optional[str], Optional[float]]] = [(None, None)] * len(titles)
    todo = [i for i, t in enumerate(titles) if not is_section_heading(t)]
    if not todo:
        return out
    model = None
    if use_model:
        from .model import load_model

        model = load_model()
        if model is None and warnings is not None:
            warnings.append("measures: category model not found, keyword rules used")
    if model is None:
        for i in todo:
            out[i] = rule_category(titles[i], bodies[i])
        return out
    from .model import predict, rules_threshold

    threshold = rules_threshold(model)
    by_rules = {i: rule_category(titles[i], bodies[i]) for i in todo}
    # Ask the model only about the items the rules do not settle: a model call has a fixed cost that
    # dominates short documents.
    ask = [i for i in todo if not _settled(by_rules[i], threshold)]
    by_model = dict(zip(ask, predict(model, [titles[i] for i in ask], [bodies[i] for i in ask]))) if ask else {}
    for i in todo:
        out[i] = by_rules[i] if i not in by_model else combine(by_model[i], by_rules[i], threshold)
    return out


def _settled(by_rules: tuple[Optional[str], Optional[float]], threshold: float) -> bool:
    return by_rules[0] is not None and by_rules[1] is not None and by_rules[1] >= threshold


def combine(by_model: tuple[str, float], by_rules: tuple[Optional[str], Optional[float]],
            threshold: float) -> tuple[Optional[str], Optional[float]]:
    """The rules' label when their confidence reaches ``threshold``, else the model's.

    >>> combine(("service", 0.6), ("evaluation", 0.9), 0.7), combine(("service", 0.6), ("evaluation", 0.5), 0.7)
    (('evaluation', 0.9), ('service', 0.6))
    >>> combine(("service", 0.6), (None, None), 0.0)
    ('service', 0.6)
    """
    return by_rules if _settled(by_rules, threshold) else by_model
