"""The model of ``pipeline/data/category_seed.yaml`` (read by pipeline/classify/train.py)."""
from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, RootModel

from .category_lexicon import Category

#: "title" or "title | body"
SeedItem = Annotated[str, Field(pattern=r"\S")]


class CategorySeed(RootModel[dict[Category, list[SeedItem]]]):
    """Hand-labelled measure headings per category (written for this project)."""
    model_config = ConfigDict(frozen=True, strict=True)
