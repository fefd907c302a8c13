"""The spaCy component policy_measures: span groups per item type, registered on import."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

import pipeline.spacy_component as component  # noqa: E402  (registers the factory)
from pipeline.spacy_component import FACTORY, GROUPS  # noqa: E402
from tests.research_docs import documents, texts  # noqa: E402


@pytest.fixture()
def nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("policy_measures")
    return nlp


@pytest.fixture()
def canned(monkeypatch):
    """extract() replaced by the written records, looked up by text (the extractors are tested elsewhere)."""
    by_text = {texts()[d.doc_id]: d for d in documents()}

    def fake_extract(text, **options):
        return by_text[text.replace("\r\n", "\n").lstrip("\ufeff")]

    monkeypatch.setattr(component, "extract", fake_extract)
    return by_text


def test_factory_is_registered_on_import():
    assert spacy.language.Language.has_factory(FACTORY)


def test_component_sets_one_span_group_per_type(nlp, canned):
    text, record = next((t, d) for t, d in canned.items() if d.doc_id == "wuhu-2023")
    doc = nlp(text)
    assert set(GROUPS) <= set(doc.spans)
    assert [s.text for s in doc.spans["pm_indicators"]] == [i.span.text for i in record.indicators]
    assert [s.label_ for s in doc.spans["pm_indicators"]][:2] == ["cases_accepted", "ontime_completion_rate"]
    assert [s.label_ for s in doc.spans["pm_measures"]] == ["service", "supervision"]
    assert [s.text for s in doc.spans["pm_accountability"]] == [record.accountability[0].span.text]
    assert [(s.text, s.label_) for s in doc.spans["pm_campaigns"]] == [("马上办", "service_commitment")]
    assert doc._.pm_document is record


def test_crlf_text_keeps_spans_on_the_same_characters(nlp, canned):
    text, record = next((t, d) for t, d in canned.items() if d.doc_id == "wuhu-2024")
    doc = nlp("\ufeff\ufeff" + text.replace("\n", "\r\n"))  # every leading BOM is dropped
    assert [s.text for s in doc.spans["pm_indicators"]] == [i.span.text for i in record.indicators]
    assert [s.text.splitlines()[0] for s in doc.spans["pm_measures"]] == [
        m.span.text.splitlines()[0] for m in record.measures]


def test_word_tokens_expand_spans_to_whole_tokens(canned):
    pytest.importorskip("jieba")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policy_measures")
    text, record = next((t, d) for t, d in canned.items() if d.doc_id == "wuhu-2023")
    doc = nlp(text)
    spans = list(doc.spans["pm_indicators"])
    assert len(spans) == len(record.indicators)
    for span, item in zip(spans, record.indicators):
        assert span.start_char <= item.span.start and item.span.end <= span.end_char
        assert item.span.text in span.text


def test_real_extraction_runs_on_written_text(nlp):
    doc = nlp("二、完善考核办法\n对群众投诉查实的单位，一律给予通报批评，全年受理投诉56件。")
    assert set(GROUPS) <= set(doc.spans)
    assert doc._.pm_document.source.chars == len(doc.text)
    for group in GROUPS:
        for span in doc.spans[group]:
            assert span.doc is doc


def test_config_options_reach_the_extractor(monkeypatch):
    seen = {}

    def fake_extract(text, **options):
        seen.update(options)
        return documents()[3]

    monkeypatch.setattr(component, "extract", fake_extract)
    nlp = spacy.blank("zh")
    nlp.add_pipe("policy_measures", config={"use_classifier": False})
    nlp(texts()["anon-county"])
    assert seen == {"use_classifier": False}
