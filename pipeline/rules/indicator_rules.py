"""The model of ``pipeline/data/indicator_rules.yaml`` (read by pipeline/extract/indicators.py)."""
from __future__ import annotations

import regex
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from .. import regex_cache
from .types import (CharSet, Count, Documented, OnePattern, Patterned, Patterns, Positive, RuleModel, Word, Words,
                    chars_of, shapes, words_of)


class QualifierWords(RuleModel):
    approx: Words = []
    at_least: Words = []
    at_most: Words = []

    @model_validator(mode="after")
    def _one_kind_per_word(self):
        seen: dict[str, str] = {}
        for kind in ("approx", "at_least", "at_most"):
            for word in words_of(getattr(self, kind)):
                if seen.setdefault(word, kind) != kind:
                    raise ValueError(f"{word!r} is listed under both {seen[word]} and {kind}")
        return self

    def table(self) -> dict[str, str]:
        """word -> qualifier kind"""
        return {w: kind for kind in ("approx", "at_least", "at_most") for w in words_of(getattr(self, kind))}


class Qualifiers(RuleModel):
    before: QualifierWords = Field(description="words right before the number")
    verbs_between: Words = Field([], description="a short verb between a `before` word and the number")
    after: QualifierWords = Field(description="words right after the unit")
    approx_inside: Words = Field([], description="inside the quantity: 11万余件")
    before_blocked_after: CharSet = Field("", description="a `before` word right after one of these is part of another word")
    after_blocked_before: CharSet = Field("", description="an `after` word followed by one of these is another word")


class Subject(RuleModel):
    max_len: Count
    stop_chars: CharSet
    stop_words: Words = []


class Quote(RuleModel):
    open: str = Field(min_length=1, max_length=1)
    close: str = Field(min_length=1, max_length=1)
    max_len: Positive


class QuoteRule(Documented):
    """The quote and title marks whose inside holds names, with an id and examples."""
    quotes: list[Quote]


class Exclusions(RuleModel):
    ordinal_prefixes: Words = []
    rank_prefixes: Words = []
    rank_units: Words = []
    rank_change_verbs: Words = []
    rank_share_before: Optional[OnePattern] = Field(None, description="before a percent: a percentile rank (排名前1%)")
    rank_verb_before: Optional[OnePattern] = Field(None, description="before a rank unit (位, 名): the place held in a ranking (居全国百强市37位)")
    phase_after_chars: CharSet = ""
    phase_before_words: Words = []
    phase_written_before: Optional[OnePattern] = Field(None, description="after a phase written in Chinese numerals right after a name (汇成三期、): a list or a capacity follows")
    phase_event_chars: CharSet = Field("", description="last characters of the events N期 counts sessions of (培训四期, 研讨班三期): no phase after them")
    ratio_gap: Optional[OnePattern] = Field(None, description="a ratio written as a bare number after what it compares (收入倍差缩小至1.89): group n is the number, in 倍")
    size_class_after: Optional[OnePattern] = Field(None, description="after a lower bound of money (10亿元以上): the projects or firms of that size class")
    date_before_day: CharSet = ""
    cn_word_prefixes: CharSet
    cn_word_prefix_exempt: Words = Field([], description="words ending in a cn_word_prefixes character that still let a count follow")
    code_neighbours: CharSet = Field(description="the inside of a character class: an Arabic number glued to one is a code")
    year_min: int
    fixed_expressions: list[OnePattern] = []
    named_set_heads: Words = []
    abstract_heads: Words = []
    chain_numerals: CharSet
    chain_not_link: CharSet = ""
    quotes: shapes(list[Quote], QuoteRule)
    article_exempt_units: Words = []
    ordinal_er_units: Words = []

    @field_validator("code_neighbours")
    @classmethod
    def _character_class(cls, chars):
        try:
            regex_cache.compile(f"[{chars_of(chars)}]")
        except regex.error as exc:
            raise ValueError(f"not the inside of a character class ({exc})") from None
        return chars


class Changes(RuleModel):
    from_marker: Patterned
    from_window: int
    change_verb: Patterned
    max_gap: int


class Lists(RuleModel):
    coordinators: Words = []
    continuation_max_left: int
    distributive: Words = []
    distributive_window: int


class Status(RuleModel):
    target_cues: list[OnePattern] = []
    target_cues_weak_in_review: Patterns = []
    target_cues_ratio: list[OnePattern] = []
    target_sentence_cues: list[OnePattern] = []
    frequency_cue: Patterned
    frequency_units: Words = []
    rule_condition: Patterned
    rule_condition_window: int
    rule_object: Patterned
    target_cues_limit: list[OnePattern] = []
    achieved_cues: list[OnePattern] = []
    achieved_cues_weak_in_plan: Patterns = []


class GenericName(RuleModel):
    """The measured phrase before a number that no vocabulary entry names (集装箱吞吐量达到…)."""
    verbs: Patterned = Field(description="verbs and qualifiers cut from the end of the phrase")
    measuring: Patterned = Field(description="a cut verb that measures: the phrase before it is a name")
    noun_end: Patterned = Field(description="a phrase ending in one of these is a name without a verb")
    scope: Patterned = Field(description="scope words cut from the start (全市, 今年)")
    not_name: Patterned = Field(description="a phrase matching this is no name (a time phrase)")
    min_chars: Positive
    max_chars: Positive


class ScaleWords(RuleModel):
    """A figure written only as its order of magnitude (突破万亿元)."""
    pattern: Patterned = Field(description="groups verb, scale and unit")
    at_least: Words = Field([], description="verbs that make the figure a lower bound")
    kinds: dict[Word, Literal["ratio", "duration", "count", "money", "score", "physical"]] = {}


class IndicatorRules(RuleModel):
    """Lexicons and form rules of the indicator extractor. Text is width-folded: write "," and "%"."""
    qualifiers: Qualifiers
    subject: Subject
    exclusions: Exclusions
    changes: Changes
    lists: Lists
    status: Status
    generic_name: GenericName
    scale_words: ScaleWords
