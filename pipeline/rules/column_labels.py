"""The model of ``pipeline/data/column_labels.yaml`` (read by pipeline/exports.py)."""
from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, RootModel

#: a Stata variable label: at most 80 characters
Label = Annotated[str, Field(min_length=1, max_length=80)]


class ColumnLabels(RootModel[dict[str, Label]]):
    """Column -> variable label of exported tables (Chinese first, then English)."""
    model_config = ConfigDict(frozen=True, strict=True)
