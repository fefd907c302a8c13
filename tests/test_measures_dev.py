"""Measures on the dev corpus, scored by the reference scorer (../shared/eval/score.py)."""


def test_measures_f1(dev_scores):
    assert dev_scores["measures"]["f1"] >= 0.95


def test_measure_category_accuracy(dev_scores):
    assert dev_scores["attributes"]["measure.category"]["accuracy"] >= 0.75
