"""Measure categories (SCHEMA.md): a trained scikit-learn model with the keyword rules as fallback.

``classify(titles, bodies)`` labels all measures of a document in one call. Section headings
(指导思想, 总体情况 …) get no category whichever way the rest is labelled.
"""
from __future__ import annotations

from typing import Optional

from .rules import CATEGORIES, is_section_heading, rule_category

__all__ = ["CATEGORIES", "classify"]


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
    from .model import predict

    for i, label in zip(todo, predict(model, [titles[i] for i in todo], [bodies[i] for i in todo])):
        out[i] = label
    return out
