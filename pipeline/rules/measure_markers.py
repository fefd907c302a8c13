"""The model of ``pipeline/data/measure_markers.yaml`` (read by pipeline/extract/markers.py).

Each per-style table has one key per marker style (pipeline.extract.markers.STYLES).
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field

from .types import Count, OnePattern, Patterned, Positive, RuleModel

Style = Literal["cn_comma", "cn_paren", "arabic", "arabic_paren", "circled", "shi", "di", "article", "sequence"]
Where = Literal["line_start", "sentence", "colon", "comma", "space", "any"]
Wheres = Annotated[list[Where], Field(min_length=1)]


class Contexts(RuleModel):
    """Where a marker of each style may stand."""
    cn_comma: Wheres
    cn_paren: Wheres
    arabic: Wheres
    arabic_paren: Wheres
    circled: Wheres
    shi: Wheres
    di: Wheres
    article: Wheres
    sequence: Wheres


class FalseFollowers(RuleModel):
    """Regexes: a marker followed by one of these is no marker (一季度, 1%)."""
    cn_comma: list[OnePattern] = []
    cn_paren: list[OnePattern] = []
    arabic: list[OnePattern] = []
    arabic_paren: list[OnePattern] = []
    circled: list[OnePattern] = []
    shi: list[OnePattern] = []
    di: list[OnePattern] = []
    article: list[OnePattern] = []
    sequence: list[OnePattern] = []


class SeriesDistance(RuleModel):
    """How far (characters) a marker may stand from its series' neighbour."""
    cn_comma: Positive
    cn_paren: Positive
    arabic: Positive
    arabic_paren: Positive
    circled: Positive
    shi: Positive
    di: Positive
    article: Positive
    sequence: Positive


class LoneInlineHeading(RuleModel):
    """A heading in running text (a flattened page) that needs no neighbour."""
    styles: list[Style] = Field(description="marker styles that may head running text")
    contexts: Wheres = Field(description="where the marker stands (sentence, colon, space)")
    max_title_chars: Positive = Field(description="longest title, up to the sentence end, of such a heading")


class MeasureMarkers(RuleModel):
    """Rules of the list-marker finder."""
    contexts: Contexts
    false_followers: FalseFollowers
    series_distance: SeriesDistance
    lone_heading_styles: list[Style] = Field([], description="a heading line of these styles needs no neighbour")
    lone_inline_heading: Optional[LoneInlineHeading] = Field(None, description="a heading in running text that needs no neighbour")
    outline_break: Optional[Patterned] = Field(None, description="a line that starts a new outline (附件)")
    section_close: Optional[Patterned] = Field(None, description="a paragraph that closes the review's numbered parts above it (我们也清醒认识到…)")
    sequence_words: dict[str, Optional[int]] = Field(description="word -> its place in the sequence (null: last)")
    max_gap: Count
    max_depth: Count
    max_title_chars: Count
    never_inside: dict[Style, list[Style]] = Field({}, description="style -> styles whose items cannot be its parent")
    outline_rank: dict[Style, Positive] = Field({}, description="official outline rank (1 highest) of heading styles")
