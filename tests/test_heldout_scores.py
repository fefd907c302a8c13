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

# One row of floors per set, one column per scored figure (None: not asserted).
KEYS = ("campaigns", "measures", "indicators", "accountability", "accountability.actions", "measure.category",
        "indicator.indicator", "meta.province", "meta.city", "meta.county", "meta.year", "meta.doc_type")
_ROWS = {
    "heldout":  (0.90, 0.95, 0.95, 0.95, 0.95, 0.85, 0.90, 1.0, 1.0, 1.0, 0.90, None),
    # heldout2 writes the 第一， marker with its comma; GOLD.md and heldout5 write 第一 (3 items differ).
    "heldout2": (0.78, 0.95, 0.97, 0.95, 0.95, 0.78, 0.88, 1.0, 1.0, 1.0, 0.85, 0.85),
    "heldout3": (0.90, 0.93, 0.97, 0.85, 0.88, 0.80, 0.95, 1.0, 0.8, 1.0, 0.80, 0.80),
    "heldout4": (0.95, 0.97, 0.97, 0.95, 0.95, 0.90, 0.90, 1.0, 1.0, 1.0, 0.80, 0.80),
    "heldout5": (0.93, 0.97, 0.97, 0.95, 0.95, 0.90, 0.93, 1.0, 1.0, 1.0, 0.95, 0.80),
    "heldout6": (0.95, 0.97, 0.97, 0.95, 0.95, 0.83, 0.93, 1.0, 1.0, 1.0, 0.95, 0.95),
    "heldout7": (0.95, 0.97, 0.97, 0.95, 0.93, 0.90, 0.93, 1.0, 1.0, 1.0, 0.95, 0.95),
    "heldout8": (0.95, 0.97, 0.97, 0.95, 0.93, 0.88, 0.90, 1.0, 1.0, 1.0, 0.80, 0.80),
    "heldout9": (0.95, 0.97, 0.97, 0.93, 0.93, 0.83, 0.95, 1.0, 1.0, 1.0, 0.95, 0.95),
}
FLOORS = {name: {k: v for k, v in zip(KEYS, row, strict=True) if v is not None} for name, row in _ROWS.items()}


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
