"""The model of ``pipeline/data/section_rules.yaml`` (read by pipeline/sections.py)."""
from __future__ import annotations

from typing import Optional

from pydantic import Field

from .types import Patterned, RuleModel


class SectionRules(RuleModel):
    """Which parts of a document review a period (achieved) and which plan one (target), and for which year."""
    review_heading: Patterned = Field(description="a numbered heading's title that makes its section a review")
    plan_heading: Patterned = Field(description="… a plan")
    heading_line_max: int = Field(description="a short line read as a heading without a marker")
    result_heading: Patterned = Field(description="a heading that reports results is no plan")
    opening_chars: int = Field(description="openings are looked for in this many first characters of a line")
    review_opening: Patterned
    multi_year_opening: Patterned
    plan_opening: Patterned
    plan_sentence: Patterned
    review_sentence: Patterned
    sentence_year: Patterned
    this_year_opening: Patterned
    year_opening: Patterned
    plan_verb: Patterned
    this_year: Patterned
    multi_year_sentence: Patterned
    review_evidence: Patterned
    review_evidence_min: int
    tense_min_paragraphs: int = Field(description="paragraphs of uncued text the review/plan reader needs")
    tense_margin: float = Field(description="median decision value of the paragraphs beyond which the reader decides")
    tense_weak_plan: float = Field(default=0.0, description="a plan reading below this decision value gives way to "
                                                         "dense words of results (review_evidence_dense)")
    review_evidence_dense: float = Field(default=0.0, description="review_evidence hits per 1,000 characters that "
                                                                "outweigh a weak plan reading")
    past_year: Optional[Patterned] = Field(default=None, description="a mention of the past year that dense words of "
                                                                   "results need beside them to outweigh a plan reading")
    report_lead_min_chars: int = Field(description="text of an untitled work report before its first cue that the "
                                                   "reader reads (shorter: the address, 各位代表…)")
