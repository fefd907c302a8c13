"""Indicator scores on the dev corpus, by the reference scorer (../shared/eval/score.py).

Thresholds are the acceptance bar of the indicator extractor; the dev corpus is only five
documents, so the rules are general forms (tested on written sentences in test_indicators.py),
never its exact strings.
"""
from __future__ import annotations


def test_indicator_f1(dev_scores):
    assert dev_scores["indicators"]["f1"] >= 0.92, dev_scores["indicators"]


def test_indicator_attributes(dev_scores):
    attrs = dev_scores["attributes"]
    assert attrs["indicator.indicator"]["accuracy"] >= 0.9, attrs["indicator.indicator"]
    assert attrs["indicator.qualifier"]["accuracy"] >= 0.95, attrs["indicator.qualifier"]
    assert attrs["indicator.status"]["accuracy"] >= 0.9, attrs["indicator.status"]
    assert attrs["indicator.from_value"]["accuracy"] >= 0.95, attrs["indicator.from_value"]
