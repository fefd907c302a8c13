"""Generalisation floors on the project's blind held-out gold sets (corpora/heldout*/), scored by
the project's own evaluator (identical to the reference scorer, see test_evaluate.py).

`heldout` was annotated blind and then used to find classes of errors; `heldout2` was annotated blind
and is kept for measurement only. The floors sit just under what the pipeline scored when each set was
last measured, so that a change which loses generalisation fails here, not only on dev.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import extract_file
from pipeline.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]

FLOORS = {
    "heldout": {"campaigns": 0.9, "measures": 0.95, "indicators": 0.95, "accountability": 0.95,
                "accountability.actions": 0.95, "measure.category": 0.85, "indicator.indicator": 0.9,
                "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.9},
    "heldout2": {"campaigns": 0.65, "measures": 0.93, "indicators": 0.95, "accountability": 0.9,
                 "accountability.actions": 0.9, "measure.category": 0.75, "indicator.indicator": 0.88,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.85},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_floors(name, tmp_path):
    gold = ROOT / "corpora" / name
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for path in sorted(gold.glob("*.txt")):
            fh.write(extract_file(path).model_dump_json() + "\n")
    result, _ = evaluate(gold, pred)
    got = {}
    for key in FLOORS[name]:
        got[key] = result[key]["f1"] if key in result else result["attributes"][key]["accuracy"]
    low = {k: (v, FLOORS[name][k]) for k, v in got.items() if v < FLOORS[name][k]}
    assert not low, f"{name}: below floor (score, floor): {low}"
