"""Score pipeline output against your own gold set (the rules of ../shared/spec/GOLD.md).

A gold folder holds ``<doc_id>.txt`` and ``<doc_id>.gold.json`` pairs. :func:`evaluate` pairs gold and
predicted items one to one, in order (first unused prediction that matches), then reports micro-averaged
precision/recall/F1 per field, attribute accuracies over matched pairs, and every false positive and false
negative. The figures and the result structure are those of the reference scorer.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .tables import iter_json_lines

FIELDS = ("campaigns", "measures", "indicators", "accountability")
ATTRIBUTES = ("measure.category", "indicator.indicator", "indicator.qualifier", "indicator.status",
              "indicator.from_value", "indicator.value_max", "accountability.modality",
              "meta.province", "meta.city", "meta.county", "meta.year", "meta.doc_type")

# Full-width and half-width punctuation compare alike; 、 and ， both separate list items.
_PUNCT = str.maketrans({"（": "(", "）": ")", "，": ",", "、": ",", "．": ".", "：": ":"})
_QUOTES = set("“”\"'‘’「」《》")


class GoldError(ValueError):
    """A gold folder or file that cannot be scored against (missing, malformed, quote not in the text)."""


def normalise(text: str | None) -> str:
    """The form labels are compared in: NFKC, brackets and separators folded, spaces and quotes dropped.

    >>> normalise("（一）“马上办” 工作")
    '(一)马上办工作'
    >>> normalise("一、") == normalise("一,")
    True
    >>> normalise(None)
    ''
    """
    folded = unicodedata.normalize("NFKC", text or "").translate(_PUNCT)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _QUOTES)


def same_number(a: Any, b: Any) -> bool:
    """Equal within a relative 1e-6; two nulls are equal, a null and a number are not.

    >>> same_number(110000, 110000.0000001), same_number(None, None), same_number(7, None)
    (True, True, False)
    """
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def scores(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    ok: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.ok += bool(ok)

    def scores(self) -> dict[str, Any]:
        return {"accuracy": round(self.ok / self.n, 4) if self.n else None, "n": self.n}


def pair_in_order(gold: list, pred: list, matches: Callable[[Any, Any], bool]):
    """One-to-one pairs: each gold item takes the first unused prediction it matches.

    Returns ``(pairs, missed_gold, extra_pred)``.
    """
    used: set[int] = set()
    pairs, missed = [], []
    for g in gold:
        for k, p in enumerate(pred):
            if k not in used and matches(g, p):
                used.add(k)
                pairs.append((g, p))
                break
        else:
            missed.append(g)
    extra = [p for k, p in enumerate(pred) if k not in used]
    return pairs, missed, extra


def _span(item: dict) -> tuple[int, int]:
    span = item.get("span") or {}
    return span.get("start", -1), span.get("end", -1)


def _span_text(item: dict) -> Any:
    return (item.get("span") or {}).get("text")


class _Scores:
    """Running tallies of one evaluation."""

    def __init__(self) -> None:
        self.fields = {name: Tally() for name in FIELDS}
        self.attributes = {name: Accuracy() for name in ATTRIBUTES}
        self.actions = Tally()
        self.details: list[dict] = []

    def report(self, doc_id: str, field: str, missed: Iterable[str], extra: Iterable[Any]) -> None:
        self.details += [{"doc": doc_id, "field": field, "fn": m} for m in missed]
        self.details += [{"doc": doc_id, "field": field, "fp": e} for e in extra]

    def wrong(self, doc_id: str, field: str, item: str, gold: Any, pred: Any) -> None:
        """A matched item with a wrong attribute."""
        self.details.append({"doc": doc_id, "field": field, "item": item, "gold": gold, "pred": pred})

    def result(self, documents: int) -> dict[str, Any]:
        result: dict[str, Any] = {name: t.scores() for name, t in self.fields.items()}
        result["accountability.actions"] = self.actions.scores()
        result["attributes"] = {name: a.scores() for name, a in self.attributes.items()}
        result["documents"] = documents
        return result


def normalise_marker(marker: str | None) -> str:
    """A marker compares with or without its delimiter (第一、 = 第一, 1. = 1), as the reference scorer does.

    >>> normalise_marker("第一、") == normalise_marker("第一"), normalise_marker("（1）")
    (True, '(1)')
    """
    return normalise(marker).rstrip(",.:")


def _score_meta(s: _Scores, doc_id: str, meta: dict, pred: dict) -> None:
    region = pred.get("region") or {}
    for key in ("province", "city", "county"):
        if key in meta:
            s.attributes["meta." + key].add(normalise(meta[key]) == normalise(region.get(key)))
    for key in ("year", "doc_type"):
        if key in meta:
            s.attributes["meta." + key].add(meta[key] == pred.get(key))
    for key in ("province", "city", "county", "year", "doc_type"):
        got = region.get(key) if key in ("province", "city", "county") else pred.get(key)
        if key in meta and normalise(str(meta[key] or "")) != normalise(str(got or "")):
            s.details.append({"doc": doc_id, "field": "meta." + key, "gold": meta[key], "pred": got})


def _score_campaigns(s: _Scores, doc_id: str, gold: list[str], pred: list[dict]) -> None:
    variants = [{normalise(v) for v in g.split("|")} for g in gold]
    names = [normalise(c.get("name")) for c in pred]
    pairs, missed, extra = pair_in_order(variants, names, lambda g, p: p in g)
    s.fields["campaigns"].add(len(pairs), len(extra), len(missed))
    s.report(doc_id, "campaigns", [sorted(m)[0] for m in missed], extra)


def _measure_matches(g: dict, p: dict) -> bool:
    if normalise_marker(g["marker"]) != normalise_marker(p.get("marker")) or g["depth"] != p.get("depth"):
        return False
    gold_title, title = normalise(g["title"]), normalise(p.get("title"))
    return bool(title) and (title.startswith(gold_title[:6]) or gold_title.startswith(title))


def _score_measures(s: _Scores, doc_id: str, gold: list[dict], pred: list[dict]) -> None:
    pairs, missed, extra = pair_in_order(gold, pred, _measure_matches)
    s.fields["measures"].add(len(pairs), len(extra), len(missed))
    for g, p in pairs:
        if g.get("category"):
            s.attributes["measure.category"].add(g["category"] == p.get("category"))
            if g["category"] != p.get("category"):
                s.wrong(doc_id, "measure.category", f'{g["marker"]}{g["title"]}', g["category"], p.get("category"))
    s.report(doc_id, "measures", [f'{g["depth"]} {g["marker"]}{g["title"]}' for g in missed],
             [f'{p.get("depth")} {p.get("marker")}{p.get("title")}' for p in extra])


def _indicator_matches(g: dict, p: dict) -> bool:
    return (overlaps(g["_span"], _span(p)) and same_number(g["value"], p.get("value"))
            and normalise(g["unit"]) == normalise(p.get("unit")))


def _score_indicators(s: _Scores, doc_id: str, gold: list[dict], pred: list[dict]) -> None:
    pairs, missed, extra = pair_in_order(gold, pred, _indicator_matches)
    s.fields["indicators"].add(len(pairs), len(extra), len(missed))
    for g, p in pairs:
        for key in ("indicator", "qualifier", "status", "from_value", "value_max"):
            if key in g:
                ok = same_number(g[key], p.get(key)) if key in ("from_value", "value_max") else g[key] == p.get(key)
                s.attributes["indicator." + key].add(ok)
                if not ok:
                    s.wrong(doc_id, "indicator." + key, g["quote"], g[key], p.get(key))
    s.report(doc_id, "indicators", [f'{g["quote"]} = {g["value"]} {g["unit"]}' for g in missed],
             [f'{_span_text(p)} = {p.get("value")} {p.get("unit")}' for p in extra])


def _score_accountability(s: _Scores, doc_id: str, gold: list[dict], pred: list[dict]) -> None:
    pairs, missed, extra = pair_in_order(gold, pred, lambda g, p: overlaps(g["_span"], _span(p)))
    s.fields["accountability"].add(len(pairs), len(extra), len(missed))
    for g, p in pairs:
        gold_actions, actions = set(g.get("actions", [])), set(p.get("actions") or [])
        s.actions.add(len(gold_actions & actions), len(actions - gold_actions), len(gold_actions - actions))
        if gold_actions != actions:
            s.wrong(doc_id, "accountability.actions", g["quote"], sorted(gold_actions), sorted(actions))
        if "modality" in g:
            s.attributes["accountability.modality"].add(g["modality"] == p.get("modality"))
            if g["modality"] != p.get("modality"):
                s.wrong(doc_id, "accountability.modality", g["quote"], g["modality"], p.get("modality"))
    # Actions of unmatched clauses are all missed or all spurious.
    for g in missed:
        s.actions.add(0, 0, len(set(g.get("actions", []))))
    for p in extra:
        s.actions.add(0, len(set(p.get("actions") or [])), 0)
    s.report(doc_id, "accountability", [g["quote"] for g in missed], [_span_text(p) for p in extra])


def _locate(text: str, quote: str, nth: int, where: str) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise GoldError(f"{where}: quote {quote!r} (nth={nth}) not found in the document text")
    return pos, pos + len(quote)


def _located(items: list[dict], text: str, where: str) -> list[dict]:
    """Gold items with ``_span`` set from their quote."""
    out = []
    for k, g in enumerate(items):
        if "quote" not in g:
            raise GoldError(f"{where}[{k}]: no quote")
        out.append({**g, "_span": _locate(text, g["quote"], g.get("nth", 0), f"{where}[{k}]")})
    return out


def load_gold(path: Path) -> tuple[dict, str]:
    """A gold file and the text of its document; :class:`GoldError` naming the file when unusable."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold file: {exc}") from None
    if not isinstance(gold, dict) or "doc_id" not in gold:
        raise GoldError(f"{path}: a gold file is a JSON object with a doc_id")
    text_path = path.with_name(f'{gold["doc_id"]}.txt')
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read its text {text_path.name}: {exc}") from None
    return gold, text


def load_predictions(pred_path: str | Path) -> dict[str, dict]:
    """Predicted records by doc_id (a later record for the same id replaces an earlier one)."""
    return {str(rec.get("doc_id")): rec for _lineno, rec in iter_json_lines(pred_path)}


def evaluate(gold_dir: str | Path, pred_path: str | Path) -> tuple[dict[str, Any], list[dict]]:
    """Score the JSONL ``pred_path`` against the gold files in ``gold_dir``.

    Returns ``(result, details)``: ``result`` has P/R/F1 with tp/fp/fn for each field and for
    ``accountability.actions``, ``attributes`` (accuracy and n of each scored attribute) and
    ``documents``; ``details`` lists every false positive (``fp``) and false negative (``fn``), every
    wrong attribute of a matched pair (``item``, ``gold``, ``pred``) and every gold document without a prediction. Raises :class:`GoldError` or
    :class:`~pipeline.tables.JsonlError` on unusable input.
    """
    gold_paths = sorted(Path(gold_dir).glob("*.gold.json"))
    if not gold_paths:
        raise GoldError(f"no *.gold.json files in {gold_dir}")
    preds = load_predictions(pred_path)
    s = _Scores()
    for path in gold_paths:
        gold, text = load_gold(path)
        doc_id = str(gold["doc_id"])
        pred = preds.get(doc_id)
        if pred is None:
            s.details.append({"doc": doc_id, "problem": "no prediction for this document"})
            pred = {}
        _score_meta(s, doc_id, gold.get("meta", {}), pred)
        _score_campaigns(s, doc_id, gold.get("campaigns", []), pred.get("campaigns") or [])
        _score_measures(s, doc_id, gold.get("measures", []), pred.get("measures") or [])
        _score_indicators(s, doc_id, _located(gold.get("indicators", []), text, f"{path.name}: indicators"),
                          pred.get("indicators") or [])
        _score_accountability(s, doc_id,
                              _located(gold.get("accountability", []), text, f"{path.name}: accountability"),
                              pred.get("accountability") or [])
    return s.result(len(gold_paths)), s.details


def summary_lines(result: dict[str, Any]) -> list[str]:
    """The result as aligned text lines (fields, then attributes that were scored)."""
    lines = [f"documents: {result['documents']}"]
    for key in FIELDS + ("accountability.actions",):
        r = result[key]
        lines.append(f"{key:24s} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                     f"(tp {r['tp']} fp {r['fp']} fn {r['fn']})")
    for key, a in result["attributes"].items():
        if a["n"]:
            lines.append(f"{key:24s} accuracy {a['accuracy']:.3f}  (n {a['n']})")
    return lines


def write_metrics(result: dict[str, Any], path: str | Path, details: list[dict] | None = None) -> Path:
    """Write the result (and, if given, the details) as UTF-8 JSON; returns the path written."""
    path = Path(path)
    payload: dict[str, Any] = {"result": result}
    if details is not None:
        payload["details"] = details
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
