"""The model of ``pipeline/data/campaign_links.yaml`` (read by pipeline/campaign_keys.py)."""
from __future__ import annotations

from pydantic import Field, field_validator

from .types import CharSet, Positive, Ratio, RuleModel, Words


class CampaignLinks(RuleModel):
    """How campaign names are normalised and merged into one campaign_key across documents."""
    strip_chars: CharSet = Field(description="quote marks and spaces dropped from a name")
    prefixes: Words = Field(description="launch verbs and qualifiers before a name (the longest that fits is removed)")
    suffixes: Words = Field(description="generic heads after a name (one removed, never below min_chars)")
    min_chars: Positive
    ngram_range: list[Positive] = Field(description="[min, max] character n-gram sizes")
    threshold: Ratio = Field(description="cosine similarity at or above which two names are one campaign")

    @field_validator("ngram_range")
    @classmethod
    def _range(cls, rng: list[int]) -> list[int]:
        if len(rng) != 2 or rng[0] > rng[1]:
            raise ValueError(f"ngram_range must be [min, max] with min <= max, got {rng!r}")
        return rng
