"""Generalisation floors on the project's blind held-out gold sets (corpora/heldout*/), scored by
the project's own evaluator (identical to the reference scorer, see test_evaluate.py).

`heldout`, `heldout2`, `heldout4`, `heldout5`, `heldout6` and `heldout7` were annotated blind, measured, and
then used to find classes of errors (each README records its blind figures); `heldout3`, `heldout8` and `heldout9`
are blind and kept for measurement only. The floors
sit just under what the pipeline scored when each set was last measured, so that a change which loses
generalisation fails here, not only on dev.
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
    # heldout2 writes the 第一， marker with its comma; GOLD.md and heldout5 write 第一 (3 items differ).
    "heldout2": {"campaigns": 0.78, "measures": 0.95, "indicators": 0.97, "accountability": 0.95,
                 "accountability.actions": 0.95, "measure.category": 0.78, "indicator.indicator": 0.88,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.85,
                 "meta.doc_type": 0.85},
    "heldout3": {"campaigns": 0.9, "measures": 0.93, "indicators": 0.97, "accountability": 0.85,
                 "accountability.actions": 0.88, "measure.category": 0.8, "indicator.indicator": 0.95,
                 "meta.province": 1.0, "meta.city": 0.8, "meta.county": 1.0, "meta.year": 0.8,
                 "meta.doc_type": 0.8},
    "heldout4": {"campaigns": 0.95, "measures": 0.97, "indicators": 0.97, "accountability": 0.95,
                 "accountability.actions": 0.95, "measure.category": 0.9, "indicator.indicator": 0.9,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.8,
                 "meta.doc_type": 0.8},
    "heldout9": {"campaigns": 0.95, "measures": 0.97, "indicators": 0.97, "accountability": 0.93,
                 "accountability.actions": 0.93, "measure.category": 0.83, "indicator.indicator": 0.95,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.95,
                 "meta.doc_type": 0.95},
    "heldout8": {"campaigns": 0.95, "measures": 0.97, "indicators": 0.97, "accountability": 0.95,
                 "accountability.actions": 0.93, "measure.category": 0.88, "indicator.indicator": 0.9,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.8,
                 "meta.doc_type": 0.8},
    "heldout7": {"campaigns": 0.95, "measures": 0.97, "indicators": 0.97, "accountability": 0.95,
                 "accountability.actions": 0.93, "measure.category": 0.9, "indicator.indicator": 0.93,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.95,
                 "meta.doc_type": 0.95},
    "heldout5": {"campaigns": 0.93, "measures": 0.97, "indicators": 0.97, "accountability": 0.95,
                 "accountability.actions": 0.95, "measure.category": 0.9, "indicator.indicator": 0.93,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.95,
                 "meta.doc_type": 0.8},
    "heldout6": {"campaigns": 0.95, "measures": 0.97, "indicators": 0.97, "accountability": 0.95,
                 "accountability.actions": 0.95, "measure.category": 0.83, "indicator.indicator": 0.93,
                 "meta.province": 1.0, "meta.city": 1.0, "meta.county": 1.0, "meta.year": 0.95,
                 "meta.doc_type": 0.95},
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
