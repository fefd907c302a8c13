"""Extractors, one module each. Every module exposes ``run(ctx: Context)``:

- ``metadata.run(ctx) -> Metadata`` (title, region, issuer, date, year, doc_type)
- ``measures.run(ctx) -> list[Measure]``
- ``indicators.run(ctx) -> list[Indicator]``
- ``accountability.run(ctx) -> list[Accountability]``
- ``campaigns.run(ctx) -> list[Campaign]``

They run in the order of ``EXTRACTORS``; each result is stored in ``ctx.results[name]`` so that a
later extractor can build on an earlier one (indicator status reads the doc_type, an
accountability clause points at the indicator that counts its sanctions).
"""
EXTRACTORS = ("metadata", "measures", "indicators", "accountability", "campaigns")
