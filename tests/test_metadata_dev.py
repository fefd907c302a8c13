"""Document metadata on the dev corpus, scored by the reference scorer (../shared/eval/score.py)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("field", ["meta.province", "meta.city", "meta.county"])
def test_region_fields_exact_on_dev(dev_scores, field):
    assert dev_scores["attributes"][field]["accuracy"] == 1.0


@pytest.mark.parametrize("field", ["meta.year", "meta.doc_type"])
def test_year_and_doc_type_on_dev(dev_scores, field):
    assert dev_scores["attributes"][field]["accuracy"] >= 0.8
