"""The model of ``pipeline/data/category_lexicon.yaml`` (read by pipeline/classify/rules.py)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from ..models import MeasureCategory
from ..textview import fold_width
from .types import Count, OnePattern, Patterned, RuleModel, Words, words_of

Category = Literal[tuple(c.value for c in MeasureCategory)]  # type: ignore[valid-type]
Term = Annotated[str, Field(pattern=r"\S")]
Weight = Annotated[float, Field(gt=0)]
Factor = Annotated[float, Field(ge=0)]


class CategoryLexicon(RuleModel):
    """Weighted keyword lexicons of the measure categories; heading words weigh more than body words."""
    title_weight: Factor = Field(description="the title's lead clause (up to the first comma)")
    rest_weight: Factor = Field(description="later clauses of the title")
    condition_weight: Factor = Field(description="a leading 对…的, clause")
    head_boost: Factor = Field(description="factor for the last specific term of the lead clause")
    head_max_tail: Count = Field(description="a final term is the head when at most this many characters follow")
    body_weight: Factor
    max_body_hits: int
    min_score: Factor
    not_measure_headings: list[OnePattern] = Field(description="a title matching one is a section name, not a measure")
    condition_clause: Patterned
    categories: dict[Category, Annotated[dict[Term, Weight], Field(min_length=1)]] = Field(
        description="category -> term -> weight")
    generic_heads: Words = Field(description="terms too general to be a heading's head (机制, 制度 …)")
    case_circular_title: Patterned = Field("(?!)", description="a document title of a circular of cases (通报)")
    case_item: Patterned = Field("(?!)", description="a numbered case of misconduct in such a circular: category accountability")

    @field_validator("generic_heads")
    @classmethod
    def _known_terms(cls, heads, info: ValidationInfo):
        terms = {fold_width(t).lower() for ts in (info.data.get("categories") or {}).values() for t in ts}
        for head in words_of(heads):
            if terms and fold_width(head).lower() not in terms:
                raise ValueError(f"{head!r} is not a term of any category")
        return heads
