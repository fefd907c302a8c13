"""Campaign extraction (see ../shared/spec/SCHEMA.md)."""
from __future__ import annotations

from ..context import Context
from ..models import Campaign


def run(ctx: Context) -> list[Campaign]:
    return []
