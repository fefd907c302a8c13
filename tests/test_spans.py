"""Source grounding: every span points at its own text, also when the text is full-width."""
from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from pipeline.models import iter_spans
from pipeline.textview import fold_width

HALF = ("2019年，全县行政审批事项平均办理时间由20个工作日缩短为5个工作日，办结率达到99.5%。"
        "一是强化督查。全年开展明察暗访36次，对3个单位进行通报批评(并责令整改)；"
        "二是优化服务。受理群众办事11万余件，满意率98%以上。")
FULL = HALF.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.%(),;"})


def assert_grounded(doc, text):
    for span in iter_spans(doc):
        assert span.text == text[span.start:span.end]
        assert 0 <= span.start <= span.end <= len(text)


def test_fold_width_is_same_length_and_half_width():
    assert FULL != HALF
    assert len(FULL) == len(HALF)
    assert fold_width(FULL) == fold_width(HALF)
    assert "２０" in FULL and "20" in HALF


def test_full_width_text_gives_the_same_items_at_the_same_offsets():
    half, full = pipeline.extract(HALF), pipeline.extract(FULL)
    assert_grounded(half, HALF)
    assert_grounded(full, FULL)

    def key(doc):
        return ([(i.value, i.unit, i.from_value, i.span.start, i.span.end) for i in doc.indicators],
                [(m.marker.translate({0xFF08: 0x28, 0xFF09: 0x29}), m.span.start, m.span.end) for m in doc.measures],
                [(a.span.start, a.span.end, tuple(a.actions)) for a in doc.accountability])

    assert key(full) == key(half)
    assert half.indicators, "the sentence has indicators: an empty result would make this test vacuous"
    assert any(i.span.text.startswith("２０") or "２" in i.span.text for i in full.indicators)


def test_every_span_of_the_dev_corpus_is_grounded(dev_predictions):
    import json

    from pipeline.models import Document
    from tests.conftest import DEV

    for line in dev_predictions.read_text(encoding="utf-8").splitlines():
        doc = Document.model_validate_json(line)
        text = (DEV / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        assert doc.source.chars == len(text)
        assert_grounded(doc, text)


def test_every_span_of_the_sample_corpus_is_grounded():
    from pipeline.readers import document_text, read_document
    from tests.conftest import SAMPLE

    paths = [p for p in sorted(SAMPLE.glob("*")) if p.suffix in (".txt", ".html", ".docx")]
    if not paths:
        pytest.skip("no sample corpus")
    for path in paths:
        raw = read_document(path)
        doc = pipeline.extract(raw.text, doc_id=raw.doc_id)
        assert_grounded(doc, document_text(path))
