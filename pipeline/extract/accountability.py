"""Accountability extraction (see ../shared/spec/SCHEMA.md)."""
from __future__ import annotations

from ..context import Context
from ..models import Accountability


def run(ctx: Context) -> list[Accountability]:
    return []
