"""The model of ``pipeline/data/indicator_vocab.yaml`` (read by pipeline/normalize/indicator_vocab.py).

A user's file of the same shape (``POLICY_MEASURES_INDICATOR_VOCAB``) is validated by the same model.
"""
from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field, model_validator

from .types import Examples, Regex, RuleId, RuleModel, Word

#: an indicator id of the output (SCHEMA.md, Indicator.indicator)
IndicatorId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class VocabRule(RuleModel):
    """One way the indicator is written around its number; it matches when all its keys match."""
    id: Optional[RuleId] = Field(None, description="the rule's id (explain output names it)")
    before: Optional[Regex] = Field(None, description="matches at the END of the clause text before the number")
    before_wide: Optional[Regex] = Field(None, description="matches at the END of the sentence text before the number")
    left: Optional[Regex] = Field(None, description="searched in the clause text before the number")
    right: Optional[Regex] = Field(None, description="matches at the START of the text after the number")
    right_any: Optional[Regex] = Field(None, description="searched in the clause text after the number")
    not_: Optional[Regex] = Field(None, alias="not", description="must NOT be found in the clause")
    not_right: Optional[Regex] = Field(None, description="must NOT match at the start of the text after the number")
    units: Optional[list[Word]] = Field(None, description="only for numbers of these units or kinds (a subset of the entry's)")
    examples: Optional[Examples] = Field(None, description="sentences this rule names (hit) or does not name (miss)")

    @model_validator(mode="after")
    def _some_key(self):
        if not any(getattr(self, k) for k in ("before", "before_wide", "left", "right", "right_any")):
            raise ValueError("a rule needs at least one of before, before_wide, left, right, right_any")
        return self


class VocabEntry(RuleModel):
    """An indicator id: its names, the units its number may have and how it is written."""
    names: list[Word] = Field([], description="names and synonyms (the default rule: a name right before the number)")
    units: list[Word] = Field([], description="canonical units or quantity kinds (ratio, duration, count, money, score, physical)")
    rules: Optional[list[VocabRule]] = Field(None, min_length=1, description="alternatives, tried in order")
    examples: Optional[Examples] = Field(None, description="sentences that yield (hit) or do not yield (miss) this id")

    @model_validator(mode="after")
    def _names_or_rules(self):
        if self.rules is None and not self.names:
            raise ValueError("needs names or rules")
        for rule in self.rules or []:
            if rule.units is not None and self.units and not set(rule.units) <= set(self.units):
                raise ValueError(f"rule {rule.id or ''} units {rule.units} are not among the entry's {self.units}")
        return self


class IndicatorVocab(RuleModel):
    """Indicator vocabulary: canonical id -> how the indicator is written around a number (file order)."""
    indicators: dict[IndicatorId, VocabEntry]
