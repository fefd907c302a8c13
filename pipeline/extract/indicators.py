"""Indicator extraction (see ../shared/spec/SCHEMA.md)."""
from __future__ import annotations

from ..context import Context
from ..models import Indicator


def run(ctx: Context) -> list[Indicator]:
    return []
