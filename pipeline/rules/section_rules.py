"""The model of ``pipeline/data/section_rules.yaml`` (read by pipeline/sections.py)."""
from __future__ import annotations

from pydantic import Field

from .types import Pattern, RuleModel


class SectionRules(RuleModel):
    """Which parts of a document review a period (achieved) and which plan one (target), and for which year."""
    review_heading: Pattern = Field(description="a numbered heading's title that makes its section a review")
    plan_heading: Pattern = Field(description="… a plan")
    heading_line_max: int = Field(description="a short line read as a heading without a marker")
    result_heading: Pattern = Field(description="a heading that reports results is no plan")
    opening_chars: int = Field(description="openings are looked for in this many first characters of a line")
    review_opening: Pattern
    multi_year_opening: Pattern
    plan_opening: Pattern
    plan_sentence: Pattern
    review_sentence: Pattern
    sentence_year: Pattern
    this_year_opening: Pattern
    year_opening: Pattern
    plan_verb: Pattern
    this_year: Pattern
    multi_year_sentence: Pattern
    review_evidence: Pattern
    review_evidence_min: int
