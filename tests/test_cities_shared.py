"""Place, year and type of the 123 real 2024 city work reports in ../shared/corpus/cities, without a manifest.

The texts open with 各位代表： and name their city only in the body; index.tsv (the source's file names)
is the truth, compared through the region table. Three files of the source hold the State Council's
national report under a city's name (我代表国务院): for those the right answer is no city at all.
Skipped when ../shared is not beside the checkout; the texts are read there, never copied.
"""
from __future__ import annotations

import csv

import pytest

from pipeline.context import Context
from pipeline.extract import metadata
from pipeline.normalize.regions import resolve

from .conftest import SHARED

CITIES = SHARED / "corpus" / "cities"


@pytest.fixture(scope="module")
def reports():
    if not (CITIES / "index.tsv").is_file():
        pytest.skip("../shared/corpus/cities is not beside this checkout")
    with (CITIES / "index.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out = []
    for row in rows:
        text = (CITIES / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
        out.append((row, text, metadata.run(Context(text=text))))
    return out


def _is_national(text: str) -> bool:
    return "我代表国务院" in text[:500]


def test_city_found_for_95_percent_without_a_manifest(reports):
    found, missed = 0, []
    for row, _text, meta in reports:
        truth = resolve(row["city"], when="2024-01", level="city")
        assert truth is not None, row
        region = meta.region
        if region is not None and truth.adcode == region.adcode and truth.name in (region.city, region.county):
            found += 1
        else:
            missed.append((row["doc_id"], row["city"], region and (region.city or region.province)))
    assert found / len(reports) >= 0.95, (found, missed)


def test_national_reports_filed_under_a_city_get_no_city(reports):
    national = [(row["doc_id"], meta.region) for row, text, meta in reports if _is_national(text)]
    assert len(national) == 3
    assert all(region is None or region.city is None for _, region in national), national


def test_work_reports_plan_the_year_after_the_one_they_review(reports):
    local = [meta for _row, text, meta in reports if not _is_national(text)]
    plans_2024 = sum(m.year == 2024 and m.doc_type == "plan" for m in local)
    assert plans_2024 / len(local) >= 0.95, plans_2024


def test_city_found_for_every_report_with_the_index_as_manifest(reports):
    from pipeline.manifest import apply, load
    from pipeline.models import Document, Source

    manifest = load(CITIES / "index.tsv")
    for row, text, meta in reports:
        doc = Document(doc_id=row["doc_id"], source=Source(chars=len(text)), region=meta.region, year=meta.year)
        out = apply(doc, manifest)
        truth = resolve(row["city"], when="2024-01", level="city")
        assert out.region.adcode == truth.adcode and out.region.source == "manifest", (row, out.region)
        assert out.attributes["sha256_12"] == row["sha256_12"]
    assert not manifest.unused()
