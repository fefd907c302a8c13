"""The single typed entry point: ``extract(text) -> Document``."""
from __future__ import annotations

import bisect
import hashlib
import re
from typing import TYPE_CHECKING, Any

from . import explain
from .context import Context, Options, Results
from .models import DocType, Document, IndicatorStatus, Measure, Source

if TYPE_CHECKING:
    from .extract.metadata import Metadata
    from .sections import SectionReading


def normalize_text(text: str) -> str:
    """The document text (README "Inputs"; SCHEMA.md "Text and spans"), the one definition of it.

    Every leading BOM is removed (files concatenated by scrapers carry several, and a reader may
    or may not have consumed one while decoding), ``\\r\\n`` and ``\\r`` are folded to ``\\n``,
    and lone surrogates, which cannot be written as UTF-8, become U+FFFD (same length).

    >>> normalize_text("\\ufeff\\ufeff一、\\r\\n二、\\r三、")
    '一、\\n二、\\n三、'
    """
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def run_extractors(ctx: Context) -> Results:
    # the extractors (rules, lexicons, the category model) load on the first extraction; imported from
    # the subpackage by its full name (``pipeline.extract`` as an attribute is this module's function)
    from .extract import EXTRACTORS

    return EXTRACTORS.run(ctx)


def link_measures(measures: list[Measure], items: list) -> None:
    """Give each item the id of the innermost measure whose span contains the item's start."""
    if not measures:
        return
    # Measures are in document order and nested, so the innermost container of a position is the
    # last measure starting at or before it whose span still covers it.
    starts = [m.span.start for m in measures]
    index = {m.id: i for i, m in enumerate(measures)}
    for item in items:
        pos = item.span.start
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0:
            m = measures[i]
            if m.span.start <= pos < m.span.end:
                item.measure_id = m.id
                break
            # A sibling that ended before pos: only its ancestors can still contain pos.
            i = index.get(m.parent, -1) if m.parent else -1


def _follow_sections(meta: Metadata, reading: SectionReading | None) -> None:
    """Type and year from what the text covers, where the header did not settle them.

    A work report's text that only reviews (an excerpt of 一、2023年工作回顾) is a summary of the year it
    reviews (a whole report, or any text with a plan part, keeps the type and planned year of a report); a
    text typed summary that only plans (2025年10件惠民实事) is a plan; a text with no year of its own takes
    the year its plan part (or else its review) speaks of.
    """
    if reading is None:
        return
    if meta.work_report and reading.reviews_only():
        meta.doc_type = DocType.summary
        meta.year = reading.review_year or (meta.year - 1 if meta.year else None)
    elif meta.doc_type is DocType.summary and reading.plans_only():
        meta.doc_type = DocType.plan
    if meta.year is None:
        meta.year = (reading.plan_year if reading.has(IndicatorStatus.target) else None) or reading.review_year


def extract(text: str, doc_id: str | None = None, *, source: Source | None = None, **options: Any) -> Document:
    """Extract campaigns, measures, indicators, accountability clauses and metadata from ``text``.

    ``options`` are those of :class:`pipeline.context.Options` (``use_classifier``, ``sequence_markers``).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() needs str text, got {type(text).__name__}")
    warnings: list[str] = []
    if _SURROGATE.search(text):
        warnings.append("lone surrogate code points replaced with U+FFFD")
    text = normalize_text(text)
    opts = Options.from_kwargs(**options)
    if source is None:
        source = Source(sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                        encoding=None, format="text", chars=len(text))
    if doc_id is None:
        doc_id = (source.sha256 or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())[:16]
    ctx = Context(text=text, options=opts, warnings=warnings)
    if not text.strip():
        ctx.warnings.append("empty document: no text to extract from")
    results = run_extractors(ctx)
    meta = results.metadata
    _follow_sections(meta, results.sections)
    measures = results.measures
    indicators = results.indicators
    accountability = results.accountability
    link_measures(measures, indicators)
    link_measures(measures, accountability)
    from .campaign_keys import normalise as normalise_campaign

    for campaign in results.campaigns:
        campaign.campaign_key = normalise_campaign(campaign.name)
    source = source.model_copy(update={"chars": len(text)})
    return explain.attach(Document(
        doc_id=doc_id,
        source=source,
        title=meta.title,
        region=meta.region,
        issuer=meta.issuer,
        date=meta.date,
        year=meta.year,
        doc_type=meta.doc_type,
        campaigns=results.campaigns,
        measures=measures,
        indicators=indicators,
        accountability=accountability,
        warnings=ctx.warnings,
    ), ctx)
