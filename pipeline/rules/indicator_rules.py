"""The model of ``pipeline/data/indicator_rules.yaml`` (read by pipeline/extract/indicators.py)."""
from __future__ import annotations

import regex
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .types import Chars, Count, OnePattern, Patterned, Positive, Regex, RuleModel, Word, Words


class QualifierWords(RuleModel):
    approx: list[Word] = []
    at_least: list[Word] = []
    at_most: list[Word] = []

    @model_validator(mode="after")
    def _one_kind_per_word(self):
        seen: dict[str, str] = {}
        for kind in ("approx", "at_least", "at_most"):
            for word in getattr(self, kind):
                if seen.setdefault(word, kind) != kind:
                    raise ValueError(f"{word!r} is listed under both {seen[word]} and {kind}")
        return self

    def table(self) -> dict[str, str]:
        """word -> qualifier kind"""
        return {w: kind for kind in ("approx", "at_least", "at_most") for w in getattr(self, kind)}


class Qualifiers(RuleModel):
    before: QualifierWords = Field(description="words right before the number")
    verbs_between: list[Word] = Field([], description="a short verb between a `before` word and the number")
    after: QualifierWords = Field(description="words right after the unit")
    approx_inside: list[Word] = Field([], description="inside the quantity: 11万余件")
    before_blocked_after: Chars = Field("", description="a `before` word right after one of these is part of another word")
    after_blocked_before: Chars = Field("", description="an `after` word followed by one of these is another word")


class Subject(RuleModel):
    max_len: Count
    stop_chars: Chars
    stop_words: list[Word] = []


class Quote(RuleModel):
    open: str = Field(min_length=1, max_length=1)
    close: str = Field(min_length=1, max_length=1)
    max_len: Positive


class Exclusions(RuleModel):
    ordinal_prefixes: Words = []
    rank_prefixes: Words = []
    rank_units: Words = []
    rank_change_verbs: Words = []
    phase_after_chars: Chars = ""
    phase_before_words: Words = []
    date_before_day: Chars = ""
    cn_word_prefixes: Chars
    code_neighbours: str = Field(description="the inside of a character class: an Arabic number glued to one is a code")
    year_min: int
    fixed_expressions: list[OnePattern] = []
    named_set_heads: Words = []
    abstract_heads: Words = []
    chain_numerals: Chars
    chain_not_link: Chars = ""
    quotes: list[Quote]
    article_exempt_units: Words = []
    ordinal_er_units: Words = []

    @field_validator("code_neighbours")
    @classmethod
    def _character_class(cls, chars: str) -> str:
        try:
            regex.compile(f"[{chars}]")
        except regex.error as exc:
            raise ValueError(f"not the inside of a character class ({exc})") from None
        return chars


class Changes(RuleModel):
    from_marker: Patterned
    from_window: int
    change_verb: Patterned
    max_gap: int


class Lists(RuleModel):
    coordinators: list[Word] = []
    continuation_max_left: int
    distributive: list[Word] = []
    distributive_window: int


class Status(RuleModel):
    target_cues: list[OnePattern] = []
    target_cues_weak_in_review: list[Regex] = []
    target_cues_ratio: list[OnePattern] = []
    target_sentence_cues: list[OnePattern] = []
    frequency_cue: Patterned
    frequency_units: list[Word] = []
    rule_condition: Patterned
    rule_condition_window: int
    rule_object: Patterned
    target_cues_limit: list[OnePattern] = []
    achieved_cues: list[OnePattern] = []


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
    at_least: list[Word] = Field([], description="verbs that make the figure a lower bound")
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
