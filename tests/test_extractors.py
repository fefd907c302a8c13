"""The extractor contract: names, requirements and dependency order are checked when the set is built."""
from __future__ import annotations

import dataclasses

import pytest

from pipeline.context import Context, Results
from pipeline.extract import EXTRACTORS, Extractor, ExtractorOrderError, Extractors
from pipeline.extract.metadata import Metadata
from pipeline.models import DocType


def _extractor(name: str, requires: tuple[str, ...] = (), result=None) -> Extractor:
    """A stand-in extractor that records the results it could see when it ran."""
    seen: list[dict] = []

    class Fake(Extractor):
        def run(self, ctx):
            seen.append({r: getattr(ctx.results, r) for r in requires})
            return result

    Fake.name, Fake.requires = name, requires
    fake = Fake()
    fake.seen = seen
    return fake


def test_the_shipped_extractors_run_after_what_they_require():
    ran: set[str] = set()
    for extractor in EXTRACTORS.order:
        assert set(extractor.requires) <= ran, extractor
        ran.add(extractor.name)
    assert ran == {f.name for f in dataclasses.fields(Results)} - {"sections", "rejected"}


def test_a_valid_order_is_kept_and_a_wrong_one_reordered():
    names = lambda ex: [e.name for e in ex.order]  # noqa: E731
    assert names(Extractors([_extractor("metadata"), _extractor("campaigns"),
                             _extractor("measures", ("metadata",))])) == ["metadata", "campaigns", "measures"]
    assert names(Extractors([_extractor("indicators", ("metadata", "measures")),
                             _extractor("measures", ("metadata",)), _extractor("metadata")])) == \
        ["metadata", "measures", "indicators"]


def test_a_missing_requirement_fails_at_construction():
    with pytest.raises(ExtractorOrderError, match="'measures' requires metadata, which no extractor provides"):
        Extractors([_extractor("measures", ("metadata",))])


def test_a_cycle_fails_at_construction():
    with pytest.raises(ExtractorOrderError, match="cyclic requirements"):
        Extractors([_extractor("metadata", ("measures",)), _extractor("measures", ("metadata",))])


def test_an_extractor_without_a_results_field_or_listed_twice_fails():
    with pytest.raises(ExtractorOrderError, match="no field in Results"):
        Extractors([_extractor("tokens")])
    with pytest.raises(ExtractorOrderError, match="listed twice"):
        Extractors([_extractor("metadata"), _extractor("metadata")])


def test_each_result_is_stored_on_its_field_before_the_next_runs():
    meta = Metadata(doc_type=DocType.plan)
    measures = _extractor("measures", ("metadata",), result=[])
    results = Extractors([_extractor("metadata", result=meta), measures]).run(Context(text="一、测试"))
    assert results.metadata is meta and results.measures == []
    assert measures.seen == [{"metadata": meta}]
