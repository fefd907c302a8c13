"""The model of ``pipeline/data/region_rules.yaml`` (read by pipeline/normalize/regions.py, body_place.py)."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .types import Number, Pattern, Patterned, RuleModel, Word, with_group


class BodyVoteWeights(RuleModel):
    full: Number
    alias: Number
    stopped_alias: Number
    organ: Number
    child: Number
    self_named: Number
    superior: Number


class BodyVote(RuleModel):
    """The place a document's body speaks for (a work report names itself 我市, 我代表X人民政府)."""
    own_government: Annotated[Pattern, with_group("unit")]
    first_person: Annotated[Pattern, with_group("unit")]
    self_naming: list[Annotated[Pattern, with_group("place")]] = Field(min_length=1)
    weights: BodyVoteWeights
    inside_word: Patterned
    min_score: Number
    min_ratio: Number


class RegionRules(RuleModel):
    """How places are named and weighed when a document's region is read."""
    alias_suffixes: list[Word]
    ethnic_names: list[Word]
    alias_stopwords: list[Word]
    generic_names: list[Word]
    min_free_name_length: int
    organ_suffix: Patterned
    organ_prefix: str
    self_reference: Patterned
    self_organ: Patterned
    anonymised: Patterned
    weights: dict[str, Number]
    head_chars: int
    tail_chars: int
    scan_head_chars: int
    scan_tail_chars: int
    body_vote: BodyVote
