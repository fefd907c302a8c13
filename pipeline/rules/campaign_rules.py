"""The model of ``pipeline/data/campaign_rules.yaml`` (read by pipeline/extract/campaigns.py)."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, field_validator

from ..models import CampaignKind
from .. import regex_cache
from .types import (Count, Documented, Examples, Exclusion, Patterned, Positive, Regex, RuleId, RuleModel, Word, Words,
                    shapes)

Kind = Literal[tuple(k.value for k in CampaignKind)]  # type: ignore[valid-type]
NameForm = Literal["core", "core_head"]


class Head(RuleModel):
    """What may follow a quoted core: the head word and the campaign it makes."""
    id: Optional[RuleId] = None
    head: str
    kind: Kind
    name: NameForm = Field(description="core: the name is the quoted core; core_head: core, modifier and head")
    modifier: Count = Field(0, description="Han characters allowed between the closing quote and the head")
    needs_verb: bool = Field(False, description="the head is too general alone: only after a launch verb")
    modified_end: Optional[Regex] = Field(None, description="what must follow the head when words stand between the quote and it (a verb's object does not)")
    examples: Optional[Examples] = None


class CorePattern(RuleModel):
    id: Optional[RuleId] = None
    pattern: Regex
    kind: Kind
    examples: Optional[Examples] = None


class Unquoted(RuleModel):
    """An unquoted campaign name after a launch verb; the pattern has groups `core` and `head`."""
    id: Optional[RuleId] = None
    pattern: Regex
    name: NameForm
    strip_head: list[Word] = []
    trim_left: bool = False
    trim_within: Optional[Count] = Field(None, description="trim only at a word ending within this many characters of the core's start")
    kind: Kind = "campaign_other"
    min_core: Count = 0
    anchor: Optional[Regex] = Field(None, description="literal words the match must contain (found first)")
    anchor_before: Count = Field(24, description="characters before an anchor the match may start at (a long list needs more)")
    shared_tail: Optional[Regex] = Field(None, description="the end of a name that items listed before it with 、 share (A、B、C三年行动: 三年行动)")
    whole_list: bool = Field(False, description="the core is a list closed by 等, named whole (A、B等专项整治): not cut at 等")
    examples: Optional[Examples] = None

    @field_validator("pattern")
    @classmethod
    def _groups(cls, pattern: str) -> str:
        if not {"core", "head"} <= set(regex_cache.compile(pattern).groupindex):
            raise ValueError("the pattern needs groups 'core' and 'head'")
        return pattern


class NamedReforms(RuleModel):
    names: Words = []
    carried_before: Patterned
    reform_after: Patterned
    quoted_names: Optional[Patterned] = None
    not_after: Optional[Patterned] = None
    # a name quoted whole is carried out wherever it stands, but for what follows its closing quote here
    quoted_not_after: Optional[Patterned] = None
    quoted_item_class: Optional[Patterned] = None
    # standing national campaigns, one wherever written (扫黑除恶成果持续巩固, …扫黑除恶、禁毒等工作扎实推进)
    standing: Words = []
    list_inside_quote: Patterned


class EtcList(RuleModel):
    """Actions listed before 等专项行动 after a launch verb (开展A整治、B提升等专项行动): one campaign each."""
    launch: Patterned
    head: Patterned
    item_end: Patterned
    min_items: Positive = 2
    item_min_chars: Positive = 4
    item_max_chars: Positive = 14


class Subject(RuleModel):
    """The reform or campaign a document is about: a quoted name the text keeps returning to."""
    cue_after: Patterned
    frame_before: Patterned
    frame_after: Patterned
    title_cue_after: Patterned
    cue_before: Patterned
    max_core_chars: Positive
    min_mentions: Positive
    title_min_mentions: Positive
    title_max_chars: Positive
    service_mode: Patterned
    agendas: Words = []


class QuotePairs(Documented):
    """The [open, close] quote pairs that mark a named thing, with an id and examples."""
    pairs: list[list[str]] = Field(description="[open, close] quote characters")


class CampaignRules(RuleModel):
    """Rules of the campaign extractor."""
    quotes: shapes(list[list[str]], QuotePairs) = Field(description="[open, close] quote characters")
    max_core_chars: int
    heads: list[Head]
    launch_verbs: Words = []
    deepen_verbs: Words = []
    launch_window: int
    bare_followers: Patterned
    bounded_drive: Optional[Patterned] = None
    core_patterns: list[CorePattern]
    core_reject: Exclusion
    named_set: Exclusion
    head_reject_after: Exclusion
    modifier_reject: Optional[Exclusion] = None
    unquoted: list[Unquoted]
    named_reforms: Optional[NamedReforms] = None
    generic_cores: Words = []
    core_bad_start: Exclusion
    core_bad_end: Exclusion
    # routine activities (招商, 培训): no campaign under an activity head, named actions under 行动
    routine_activity_end: Optional[Exclusion] = None
    trim_words: Words = []
    # two-character words a one-character trim word is part of (普及, 自建房's 自建): it cuts nothing there
    trim_protected: Words = []
    place_prefix: Patterned
    merge_tails: Patterned
    merge_max_prefix: int
    quote_chain: Patterned
    quote_prefix: Optional[Patterned] = None
    # a quoted event (a festival, a season of events) closed by 等…活动: no campaign even when launched
    etc_event_core: Optional[Patterned] = None
    # a finished work joined by 和 before an unquoted name (清廉医院建设和医疗领域腐败问题集中整治): the name starts after it
    joined_work: Optional[Patterned] = None
    # words that may open what stands between a quote and its modified head: “彩云”系列促消费活动
    series_words: Words = []
    etc_list: Optional[EtcList] = None
    subject: Subject

    @field_validator("quotes")
    @classmethod
    def _pairs(cls, quotes):
        for i, pair in enumerate(quote_pairs(quotes)):
            if len(pair) != 2 or any(len(q) != 1 for q in pair):
                raise ValueError(f"quotes[{i}] must be [open, close] single characters, got {pair!r}")
        return quotes


def quote_pairs(quotes) -> list[list[str]]:
    """The [open, close] pairs of ``CampaignRules.quotes`` (written bare or as a rule)."""
    return quotes.pairs if isinstance(quotes, QuotePairs) else quotes
