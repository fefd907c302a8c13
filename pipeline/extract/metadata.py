"""Document metadata: title, region, issuer, date, year, doc_type."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..context import Context
from ..models import DocType, Region


@dataclass
class Metadata:
    title: str | None = None
    region: Region | None = None
    issuer: list[str] = field(default_factory=list)
    date: str | None = None
    year: int | None = None
    doc_type: str = DocType.other.value


def run(ctx: Context) -> Metadata:
    return Metadata()
