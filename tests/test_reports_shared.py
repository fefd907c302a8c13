"""The 20 provincial 2025 work reports in ../shared/corpus/reports: each report's province, the year it plans
and its type, read from the text alone (index.tsv is the truth). Skipped when ../shared is absent."""
from __future__ import annotations

import csv

import pytest

import pipeline
from pipeline.normalize.regions import resolve
from tests.conftest import SHARED

REPORTS = SHARED / "corpus" / "reports"


@pytest.fixture(scope="module")
def extracted():
    if not (REPORTS / "index.tsv").exists():
        pytest.skip("../shared/corpus/reports is not beside this checkout")
    with (REPORTS / "index.tsv").open(encoding="utf-8") as fh:
        truth = {r["doc_id"]: r["province"] for r in csv.DictReader(fh, delimiter="\t")}
    docs = {d.doc_id: d for d in pipeline.extract_many([REPORTS / f"{k}.txt" for k in truth], workers=2)}
    return truth, docs


def test_every_province_is_found_from_the_text(extracted):
    truth, docs = extracted
    wrong = {}
    for doc_id, short in truth.items():
        want = resolve(short)
        got = docs[doc_id].region.province if docs[doc_id].region else None
        if want is None or got != want.name:
            wrong[doc_id] = (short, got)
    assert not wrong


def test_each_report_plans_2025(extracted):
    _, docs = extracted
    assert {(d.year, d.doc_type) for d in docs.values()} == {(2025, "plan")}
