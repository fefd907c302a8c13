"""The model of ``pipeline/data/accountability_lexicon.yaml`` (read by pipeline/extract/accountability.py)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ..models import AccountabilityAction, Modality
from .types import Examples, OnePattern, Patterned, Regex, RuleId, RuleModel, Word, Words

Action = Literal[tuple(a.value for a in AccountabilityAction)]  # type: ignore[valid-type]
ModalityName = Literal[tuple(m.value for m in Modality)]  # type: ignore[valid-type]


class Trigger(RuleModel):
    """A sanction word and the contexts that make an occurrence ordinary text."""
    id: Optional[RuleId] = Field(None, description="the trigger's id (explain output names it)")
    pattern: Regex = Field(description="the trigger word(s)")
    not_before: Optional[Regex] = Field(None, description="text ENDING right before the trigger that vetoes it")
    not_after: Optional[Regex] = Field(None, description="text STARTING right after the trigger that vetoes it")
    requires: Optional[Regex] = Field(None, description="must match in the comma segment up to the trigger")
    examples: Optional[Examples] = None


class ModalityCue(RuleModel):
    """A tier of modality cues: the first tier with a match in the clause decides."""
    id: Optional[RuleId] = None
    modality: ModalityName
    pattern: Regex
    weak: bool = Field(False, description="a form cue a circular of decisions shares: yields to the document's tense")
    examples: Optional[Examples] = None


class AccountabilityLexicon(RuleModel):
    """Triggers, targets, conditions and modality cues of the accountability extractor."""
    actions: dict[Action, list[Trigger]] = Field(description="action (SCHEMA.md) -> its triggers")
    target_heads: Words = Field(description="a target ends in one of these (longest first)")
    target_strip_prefix: Patterned
    target_strip_count: Patterned
    conditions: list[OnePattern] = Field([], description="{HEADS} stands for the target_heads")
    modality_cues: list[ModalityCue]
    plan_section: Patterned
    doc_record: Patterned
    doc_rule: Patterned
    record_title: Patterned
    heading_marker: Patterned
    heading_max_chars: int
    heading_soft_max_chars: int
    heading_line_max_chars: int
    count_units: Words = []
    count_indicators: list[Word] = []
