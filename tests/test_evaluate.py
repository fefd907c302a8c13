"""evaluate(): the GOLD.md scoring for users' own gold sets, figure for figure the reference scorer's."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import GoldError, evaluate, normalise, summary_lines, write_metrics
from pipeline.tables import JsonlError
from tests.conftest import DEV
from tests.research_docs import documents, write_gold_set


def _flawed_predictions(path: Path) -> Path:
    """The written documents with known mistakes, one of each kind the scorer must see."""
    docs = {d.doc_id: d for d in documents()}
    w23 = docs["wuhu-2023"]
    w23.indicators = [i for i in w23.indicators if i.id != "i4"]  # 36次 missed
    w23.indicators[1].value = 99.0  # 99.2% misread: one FN and one FP
    w23.indicators[0].qualifier = "exact"  # gold says approx
    docs["wuhu-2024"].measures[2].depth = 1  # wrong nesting: FN + FP
    docs["xuancheng-2023"].campaigns[0].name = "一网通办"  # too short: FN + FP
    anon = docs["anon-county"].accountability[0]
    anon.actions = ["score_deduction", "notice"]  # one spurious action
    anon.modality = "record"  # gold says rule
    path.write_text("".join(d.model_dump_json() + "\n" for d in docs.values()), encoding="utf-8")
    return path


@pytest.fixture()
def written(tmp_path):
    return write_gold_set(tmp_path / "gold"), _flawed_predictions(tmp_path / "pred.jsonl")


def test_hand_counted_figures_on_a_written_gold_set(written):
    result, details = evaluate(*written)
    assert result["documents"] == 4
    assert result["indicators"] == {"precision": 0.9167, "recall": 0.8462, "f1": 0.88, "tp": 11, "fp": 1, "fn": 2}
    assert result["measures"] == {"precision": 0.875, "recall": 0.875, "f1": 0.875, "tp": 7, "fp": 1, "fn": 1}
    assert result["campaigns"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}
    assert result["accountability"]["f1"] == 1.0
    assert result["accountability.actions"] == {"precision": 0.8333, "recall": 1.0, "f1": 0.9091,
                                                "tp": 5, "fp": 1, "fn": 0}
    attrs = result["attributes"]
    assert attrs["indicator.qualifier"] == {"accuracy": 0.9091, "n": 11}
    assert attrs["indicator.status"] == {"accuracy": 1.0, "n": 11}
    assert attrs["indicator.from_value"] == {"accuracy": 1.0, "n": 1}
    assert attrs["indicator.value_max"] == {"accuracy": None, "n": 0}
    assert attrs["accountability.modality"] == {"accuracy": 0.75, "n": 4}
    assert attrs["measure.category"] == {"accuracy": 1.0, "n": 7}
    assert all(attrs[f"meta.{k}"] == {"accuracy": 1.0, "n": 4} for k in ("province", "city", "county", "year", "doc_type"))
    assert {"doc": "xuancheng-2023", "field": "campaigns", "fn": "一网通办专项行动"} in details
    assert {"doc": "xuancheng-2023", "field": "campaigns", "fp": "一网通办"} in details
    assert {"doc": "wuhu-2023", "field": "indicators", "fn": "36次 = 36 次"} in details
    assert {"doc": "wuhu-2023", "field": "indicators", "fp": "99.2% = 99.0 %"} in details


def test_same_figures_as_the_reference_on_the_written_set(written, reference_scorer):
    gold, pred = written
    assert evaluate(gold, pred) == reference_scorer.score(str(gold), str(pred))


def test_same_figures_as_the_reference_on_dev(reference_scorer, dev_predictions):
    mine = evaluate(DEV, dev_predictions)
    assert mine == reference_scorer.score(str(DEV), str(dev_predictions))


def _perturbed_dev_predictions(path: Path) -> Path:
    """Predictions made from the dev gold with systematic mistakes (independent of the extractors)."""
    lines = []
    for k, gpath in enumerate(sorted(DEV.glob("*.gold.json"))):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        text = gpath.with_name(gold["doc_id"] + ".txt").read_text(encoding="utf-8")

        def span(g, widen=0):
            pos = -1
            for _ in range(g.get("nth", 0) + 1):
                pos = text.find(g["quote"], pos + 1)
            return {"start": max(0, pos - widen), "end": pos + len(g["quote"]) + widen, "text": g["quote"]}

        meta = gold["meta"]
        rec = {
            "doc_id": gold["doc_id"],
            "region": {"province": meta["province"], "city": None if k % 2 else meta["city"], "county": meta["county"]},
            "year": meta["year"], "doc_type": "plan" if k == 3 else meta["doc_type"],
            "campaigns": [{"name": g.split("|")[-1]} for n, g in enumerate(gold["campaigns"]) if n % 3]
                         + [{"name": "“某某”活动"}],
            "measures": [{"marker": m["marker"].replace("(", "（"), "depth": m["depth"] + (n % 7 == 0),
                          "title": m["title"][: 3 + n % 9], "category": m.get("category") if n % 4 else "capacity"}
                         for n, m in enumerate(gold["measures"])],
            "indicators": [{"span": span(g, n % 2), "value": g["value"] * (2 if n % 5 == 1 else 1),
                            "unit": g["unit"] if n % 6 else "个", "indicator": g.get("indicator"),
                            "qualifier": "exact", "status": g.get("status") if n % 3 else "target",
                            "from_value": g.get("from_value"), "value_max": g.get("value_max")}
                           for n, g in enumerate(gold["indicators"]) if n % 8 != 2],
            "accountability": [{"span": span(g), "actions": (g["actions"] + ["notice"])[n % 2:],
                                "modality": g.get("modality") if n % 3 else "record"}
                               for n, g in enumerate(gold["accountability"]) if n % 4 != 1]
                              + [{"span": {"start": 0, "end": 5, "text": text[:5]}, "actions": ["warning"]}],
        }
        if k != 4:  # the last document has no prediction at all
            lines.append(json.dumps(rec, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_same_figures_and_details_as_the_reference_on_perturbed_dev(reference_scorer, tmp_path):
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not beside this checkout")
    pred = _perturbed_dev_predictions(tmp_path / "perturbed.jsonl")
    mine, details = evaluate(DEV, pred)
    ref, ref_details = reference_scorer.score(str(DEV), str(pred))
    assert mine == ref and details == ref_details
    # the perturbations reach every part of the score
    assert all(0 < mine[f]["tp"] and (mine[f]["fp"] or mine[f]["fn"]) for f in ("measures", "indicators", "accountability"))
    last = sorted(DEV.glob("*.gold.json"))[4].name.removesuffix(".gold.json")
    assert {"doc": last, "problem": "no prediction for this document"} in details


def test_write_metrics_round_trips(written, tmp_path):
    result, details = evaluate(*written)
    path = write_metrics(result, tmp_path / "out" / "metrics.json", details)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == {"result": result, "details": details}
    assert json.loads(write_metrics(result, tmp_path / "m.json").read_text(encoding="utf-8")) == {"result": result}


def test_summary_lists_fields_and_scored_attributes(written):
    lines = summary_lines(evaluate(*written)[0])
    assert lines[0] == "documents: 4"
    assert any(line.startswith("indicators") and "F1 0.880" in line for line in lines)
    assert not any(line.startswith("indicator.value_max") for line in lines)  # never scored here


def test_unusable_gold_is_named(tmp_path, written):
    gold, pred = written
    with pytest.raises(GoldError, match="no \\*.gold.json"):
        evaluate(tmp_path / "nowhere", pred)
    bad = json.loads((gold / "wuhu-2023.gold.json").read_text(encoding="utf-8"))
    bad["indicators"][0]["quote"] = "不在文中的引文"
    (gold / "wuhu-2023.gold.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GoldError, match="wuhu-2023.gold.json: indicators\\[0\\]: quote '不在文中的引文'"):
        evaluate(gold, pred)


def test_empty_or_malformed_predictions_are_named(tmp_path, written):
    gold, _pred = written
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(JsonlError, match="no records"):
        evaluate(gold, empty)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"doc_id": "a"}\n{"doc_id": \n', encoding="utf-8")
    with pytest.raises(JsonlError, match="broken.jsonl:2"):
        evaluate(gold, broken)


@pytest.mark.parametrize("a, b", [("（一）", "(一)"), ("一、", "一,"), ("“马上办”", "马上办"), ("四 零", "四零"),
                                  ("１２３", "123"), ("《办法》", "办法")])
def test_labels_compare_in_normal_form(a, b):
    assert normalise(a) == normalise(b)
