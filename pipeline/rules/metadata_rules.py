"""The model of ``pipeline/data/metadata_rules.yaml`` (read by pipeline/normalize/doctype.py)."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field

from .types import Number, Patterned, Patterns, RuleModel, Words, with_group

DocType = Literal["summary", "plan", "news", "other"]
YearPattern = Annotated[Patterned, with_group("year")]


class YearWeights(RuleModel):
    opening: Number
    mention: Number
    plan_date: Number


class Year(RuleModel):
    sentence_opening: YearPattern
    this_year: Patterned
    base_before: Optional[Patterned] = None
    weights: YearWeights


class DocTypeWeights(RuleModel):
    title: Number
    news_cue: Number
    head_factor: Number


class DocTypeRules(RuleModel):
    title_cues: dict[DocType, Words] = Field({}, description="type -> title words (the longest found wins)")
    rulebook_title: Patterned
    news_cues: Patterns = []
    summary_cues: Patterns = []
    plan_cues: Patterns = []
    weights: DocTypeWeights
    head_chars: int = 1500
    min_margin: Number = 1.0


class WorkReport(RuleModel):
    doc_type: DocType
    title_cue: Patterned
    head_cue: Patterned
    head_chars: int
    body_cue: Patterned
    review_year: YearPattern
    review_opening: YearPattern
    review_chars: int


class MetadataRules(RuleModel):
    """Header, title, issuer, year and document-type rules of the metadata extractor."""
    header_lines: int = Field(description="non-empty lines read as the header")
    footer_lines: int = Field(description="non-empty lines read as the footer")
    max_title_chars: int
    max_header_line_chars: int
    chrome_line: Patterned
    list_marker: Patterned
    title_end_punct: Patterned
    speech_line: Patterned
    title_form: Patterned
    organ_name: Patterned
    source_line: Patterned
    media_name: Patterned
    publication_cue: Patterned
    delivery_cue: Patterned
    year: Year
    doc_type: DocTypeRules
    work_report: WorkReport
