"""Extractors, one module each, each with an :class:`~pipeline.extract.base.Extractor` class that
declares its name, what it requires and its result type:

- ``metadata`` -> ``Metadata`` (title, region, issuer, date, year, doc_type); requires nothing
- ``measures`` -> ``list[Measure]``; requires metadata
- ``indicators`` -> ``list[Indicator]``; requires metadata, measures
- ``accountability`` -> ``list[Accountability]``; requires metadata, measures, indicators
- ``campaigns`` -> ``list[Campaign]``; requires nothing

``EXTRACTORS`` runs them in dependency order (checked here, at import) and stores each result on
``ctx.results`` (:class:`pipeline.context.Results`); the section reading is made on first use by
:func:`pipeline.sections.sections_of`.
"""
from .accountability import AccountabilityExtractor
from .base import Extractor, ExtractorOrderError, Extractors
from .campaigns import CampaignsExtractor
from .indicators import IndicatorsExtractor
from .measures import MeasuresExtractor
from .metadata import MetadataExtractor

EXTRACTORS = Extractors([MetadataExtractor(), MeasuresExtractor(), IndicatorsExtractor(),
                         AccountabilityExtractor(), CampaignsExtractor()])

__all__ = ["EXTRACTORS", "Extractor", "ExtractorOrderError", "Extractors"]
