"""The model of ``pipeline/data/region_rules.yaml`` (read by pipeline/normalize/regions.py, body_place.py)."""
from __future__ import annotations

from typing import Optional, Annotated

from pydantic import Field

from .types import Number, OneWord, Pattern, Patterned, PatternsRule, RuleModel, Words, shapes, with_group

PlacePattern = Annotated[Pattern, with_group("place")]


class BodyVoteWeights(RuleModel):
    full: Number
    alias: Number
    stopped_alias: Number
    organ: Number
    child: Number
    self_named: Number
    superior: Number


class PlacePatterns(PatternsRule):
    """Patterns that name the place a report speaks for, each read on its own, with an id and examples."""
    patterns: list[PlacePattern] = Field(min_length=1)


class BodyVote(RuleModel):
    """The place a document's body speaks for (a work report names itself 我市, 我代表X人民政府)."""
    own_government: Annotated[Patterned, with_group("unit")]
    first_person: Annotated[Patterned, with_group("unit")]
    self_naming: shapes(Annotated[list[PlacePattern], Field(min_length=1)], PlacePatterns)
    weights: BodyVoteWeights
    inside_word: Patterned
    min_score: Number
    min_ratio: Number
    dominant_min_score: Optional[Number] = None
    dominant_per_province: Optional[Number] = None
    province_text_min_peers: Optional[int] = None
    province_text_lead_factor: Optional[Number] = None
    county_own_head_chars: Optional[int] = None
    county_own_tail_chars: Optional[int] = None


class RegionRules(RuleModel):
    """How places are named and weighed when a document's region is read."""
    alias_suffixes: Words
    ethnic_names: Words
    alias_stopwords: Words
    generic_names: Words
    min_free_name_length: int
    organ_suffix: Patterned
    organ_prefix: OneWord
    self_reference: Patterned
    ranked_in_province: Patterned
    self_organ: Patterned
    anonymised: Patterned
    # a short name in a person's name: 向谷文昌、廖俊波同志学习 (read after the short name)
    person_after: Optional[Patterned] = None
    feature_after: Optional[Patterned] = None
    # a place named as the other party of an agreement: 与上海航天技术研究院签订战略合作协议 (before and after the name)
    partner_before: Optional[Patterned] = None
    # official names that end a common word (沿海城市 holds 海城市): read only where the segmenter cuts at both edges
    full_name_in_word: Optional[Patterned] = None
    partner_after: Optional[Patterned] = None
    partner_toward: Optional[Patterned] = None  # 对接/承接 a place: no cooperation word needed after it
    weights: dict[str, Number]
    head_chars: int
    tail_chars: int
    scan_head_chars: int
    scan_tail_chars: int
    body_vote: BodyVote
