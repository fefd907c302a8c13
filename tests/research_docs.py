"""Builds pipeline.models.Document records from the quote-based cases in tests/cases/written/research_documents.yaml.

Shared by the research-workflow tests (tables, compare, show, spacy component, CLI) so that they test
against full records without waiting for the extractors.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from pipeline.models import Accountability, Campaign, Document, Indicator, Measure, Region, Source, Span
from pipeline.textview import TextView

CASES = Path(__file__).resolve().parent / "cases" / "written" / "research_documents.yaml"

_STYLES = {"、": "cn_comma", "）": "cn_paren", ")": "cn_paren", "是": "shi"}


def locate(text: str, quote: str, nth: int = 0) -> Span:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise ValueError(f"quote {quote!r} (nth={nth}) not in the case text")
    return Span.of(text, pos, pos + len(quote))


def _sentence(view: TextView, span: Span) -> Span:
    s, e = view.sentence_at(span.start) or (span.start, span.end)
    return Span.of(view.text, s, max(e, span.end))


def _measures(text: str, items: list[dict]) -> list[Measure]:
    starts = [locate(text, m["marker"] + m["title"]).start for m in items]
    out = []
    for k, m in enumerate(items):
        # A measure runs to the next item at the same or a higher level (SCHEMA.md).
        end = next((starts[j] for j in range(k + 1, len(items)) if items[j]["depth"] <= m["depth"]), len(text))
        out.append(Measure(id=m["id"], parent=m.get("parent"), depth=m["depth"], marker=m["marker"],
                           marker_style=_STYLES[m["marker"][-1]], ordinal=k + 1, title=m["title"],
                           span=Span.of(text, starts[k], end), category=m.get("category")))
    return out


def build(case: dict) -> Document:
    text = case["text"]
    view = TextView(text)
    indicators = []
    for i in case.get("indicators", []):
        span = locate(text, i["quote"], i.get("nth", 0))
        fields = {k: v for k, v in i.items() if k not in ("quote", "nth")}
        indicators.append(Indicator(span=span, sentence=_sentence(view, span), **fields))
    accountability = []
    for a in case.get("accountability", []):
        quote = locate(text, a["quote"], a.get("nth", 0))
        fields = {k: v for k, v in a.items() if k not in ("quote", "nth")}
        accountability.append(Accountability(span=_sentence(view, quote), **fields))
    campaigns = [Campaign(id=f"c{k + 1}", name=c["name"], kind=c["kind"],
                          mentions=[locate(text, q) for q in c["quotes"]])
                 for k, c in enumerate(case.get("campaigns", []))]
    doc = Document(
        doc_id=case["doc_id"], source=Source(path=None, format="txt", chars=len(text)),
        title=case.get("title"), region=Region(**case["region"]) if case.get("region") else None,
        issuer=case.get("issuer", []), year=case.get("year"), doc_type=case.get("doc_type", "other"),
        campaigns=campaigns, measures=_measures(text, case.get("measures", [])),
        indicators=indicators, accountability=accountability,
    )
    # Same measure links as pipeline.core gives real output.
    from pipeline.core import link_measures

    link_measures(doc.measures, doc.indicators)
    link_measures(doc.measures, doc.accountability)
    return doc


def load_cases() -> list[dict]:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))


def documents() -> list[Document]:
    return [build(c) for c in load_cases()]


def texts() -> dict[str, str]:
    return {c["doc_id"]: c["text"] for c in load_cases()}


def write_gold_set(folder: Path) -> Path:
    """The written research cases as a gold folder (<id>.txt + <id>.gold.json)."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in load_cases():
        region = case.get("region") or {}
        gold = {
            "doc_id": case["doc_id"],
            "meta": {"province": region.get("province"), "city": region.get("city"), "county": region.get("county"),
                     "year": case.get("year"), "doc_type": case.get("doc_type")},
            "campaigns": [c["name"] for c in case.get("campaigns", [])],
            "measures": [{k: m[k] for k in ("marker", "depth", "title", "category")} for m in case.get("measures", [])],
            "indicators": [{"quote": i["quote"], "nth": i.get("nth", 0), "indicator": i.get("indicator"),
                            "value": i["value"], "unit": i["unit"], "qualifier": i.get("qualifier", "exact"),
                            "status": i["status"], **({"from_value": i["from_value"]} if "from_value" in i else {})}
                           for i in case.get("indicators", [])],
            "accountability": [{"quote": a["quote"], "actions": a["actions"], "modality": a["modality"]}
                               for a in case.get("accountability", [])],
        }
        (folder / f'{case["doc_id"]}.txt').write_text(case["text"], encoding="utf-8")
        (folder / f'{case["doc_id"]}.gold.json').write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return folder
