"""Measure extraction (see ../shared/spec/SCHEMA.md)."""
from __future__ import annotations

from ..context import Context
from ..models import Measure


def run(ctx: Context) -> list[Measure]:
    return []
