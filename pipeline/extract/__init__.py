"""Extractors, one module each, each with an :class:`~pipeline.extract.base.Extractor` class that
declares its name, what it requires and its result type:

- ``metadata`` -> ``Metadata`` (title, region, issuer, date, year, doc_type); requires nothing
- ``measures`` -> ``list[Measure]``; requires metadata
- ``indicators`` -> ``list[Indicator]``; requires metadata, measures
- ``accountability`` -> ``list[Accountability]``; requires metadata, measures, indicators
- ``campaigns`` -> ``list[Campaign]``; requires nothing

``EXTRACTORS`` runs them in dependency order (checked when it is built, on first use: the batch runner's
fork server builds it before any worker starts) and stores each result on ``ctx.results``
(:class:`pipeline.context.Results`); the section reading is made on first use by
:func:`pipeline.sections.sections_of`.

The extractor modules (their rules, lexicons and models) are imported when ``EXTRACTORS`` is first asked
for, so that ``import pipeline`` stays cheap for a process that only hands documents to workers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Extractor, ExtractorOrderError, Extractors

_BASE_NAMES = ("Extractor", "ExtractorOrderError", "Extractors")


def _registry() -> Extractors:
    from .base import Extractors
    from .accountability import AccountabilityExtractor
    from .campaigns import CampaignsExtractor
    from .indicators import IndicatorsExtractor
    from .measures import MeasuresExtractor
    from .metadata import MetadataExtractor

    return Extractors([MetadataExtractor(), MeasuresExtractor(), IndicatorsExtractor(),
                       AccountabilityExtractor(), CampaignsExtractor()])


def __getattr__(name: str):
    if name == "EXTRACTORS":
        registry = globals()["EXTRACTORS"] = _registry()  # built once; later lookups find the global
        return registry
    if name in _BASE_NAMES:  # loaded on use: ``import pipeline`` stays cheap for the command line
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["EXTRACTORS", "Extractor", "ExtractorOrderError", "Extractors"]
