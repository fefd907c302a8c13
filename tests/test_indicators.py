"""Indicator extraction on sentences written for the project (tests/cases/indicators_written.yaml),
plus the form rules and robustness guarantees of pipeline.extract.indicators."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

import pipeline
from pipeline.context import Context
from pipeline.extract import indicators
from pipeline.extract.metadata import Metadata
from pipeline.models import DocType
from pipeline.normalize import indicator_vocab
from pipeline.normalize.lexicon import DataFileError

CASES = Path(__file__).resolve().parent / "cases" / "indicators_written.yaml"
SCHEMA_IDS = {
    "completion_rate", "ontime_completion_rate", "speedup_rate", "promised_speedup_rate",
    "actual_speedup_rate", "satisfaction_rate", "online_rate", "avg_promised_time",
    "avg_processing_time", "time_limit", "time_limit_reduction", "approval_items",
    "public_service_items", "items_cancelled", "items_delegated", "prerequisites_cancelled",
    "certificates_cancelled", "cases_accepted", "cases_completed", "complaints", "inspections",
    "problems_found", "problems_rectified", "persons_held_accountable", "units_notified",
    "attendance_rate",
}


def extract(text: str, doc_type: str = "other", year: int | None = None, **kwargs):
    ctx = Context(text=text)
    # the case states the type (as a title would): text before the first cue is not read for tense
    ctx.results.metadata = Metadata(doc_type=DocType(doc_type), year=year, type_settled=True)
    return indicators.run(ctx, **kwargs), ctx


def _load_cases():
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    params = []
    for i, case in enumerate(cases):
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        params.append(pytest.param(case, id=f"{i:03d}-{case['text'][:14]}", marks=marks))
    return params


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
    return a == b


@pytest.mark.parametrize("case", _load_cases())
def test_written_case(case):
    text = case["text"]
    if case.get("whole"):
        # cases about headings read the measures too: the whole pipeline, type and year as it finds them
        got = pipeline.extract(text).indicators
    else:
        got, _ = extract(text, case.get("doc_type", "other"), case.get("year"))
    expect = case["expect"] or []
    assert len(got) == len(expect), [(i.span.text, i.value, i.unit) for i in got]
    for item, exp in zip(got, expect):
        nth = exp.get("nth", 0)
        pos = -1
        for _ in range(nth + 1):
            pos = text.index(exp["quote"], pos + 1)
        qs, qe = pos, pos + len(exp["quote"])
        assert item.span.start < qe and qs < item.span.end, (item.span.text, exp["quote"])
        assert item.span.text == text[item.span.start:item.span.end]
        for key, want in exp.items():
            if key in ("quote", "nth"):
                continue
            assert _same(getattr(item, key), want), (key, getattr(item, key), want, item.span.text)


def test_scaled_values_are_exact_decimals():
    # 2.49万 must be 24900 exactly: JSON consumers compare and group by value.
    got, _ = extract("高校学生净增2.49万人，节约资金0.07亿元，新增经营主体3.3—4.1万户。", "summary")
    assert [(i.value, i.value_max) for i in got] == [(24900, None), (7000000, None), (33000, 41000)]


def test_written_cases_are_many_and_cover_no_indicator_sentences():
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    assert len(cases) >= 150
    assert sum(1 for c in cases if not c["expect"]) >= 40


def test_ids_are_numbered_in_document_order():
    got, _ = extract("全年受理投诉12件，办结11件，满意率98%。")
    assert [i.id for i in got] == ["i1", "i2", "i3"]
    assert [i.span.start for i in got] == sorted(i.span.start for i in got)


def test_sentence_span_is_the_containing_sentence():
    text = "第一句没有数字。全年开展暗访26次。"
    got, _ = extract(text)
    assert got[0].sentence.text == "全年开展暗访26次。" or got[0].sentence.text == "全年开展暗访26次"


def test_spans_index_the_original_text_with_full_width_forms():
    text = "办结率达到９８．５％，受理１２０件。"
    got, _ = extract(text)
    assert [(i.span.text, i.value) for i in got] == [("９８．５％", 98.5), ("１２０件", 120)]


def test_vocabulary_covers_every_schema_id():
    ids = {e.id for e in indicator_vocab.vocabulary()}
    assert SCHEMA_IDS <= ids


def test_vocabulary_extension_by_file(tmp_path, monkeypatch):
    extra = tmp_path / "vocab.yaml"
    extra.write_text("indicators:\n  window_count:\n    names: [服务窗口]\n    units: [个]\n"
                     "    rules:\n      - right: '^服务窗口'\n", encoding="utf-8")
    got, _ = extract("新设服务窗口8个，另设12个服务窗口。", vocab_path=str(extra))
    assert [i.indicator for i in got] == [None, "window_count"]
    monkeypatch.setenv(indicator_vocab.ENV_VAR, str(extra))
    got, _ = extract("另设12个服务窗口。")
    assert got[0].indicator == "window_count"


def test_malformed_vocabulary_names_file_and_entry(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators:\n  broken:\n    units: [个]\n    rules:\n      - before: '(unclosed'\n",
                   encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad\.yaml.*broken"):
        indicator_vocab.load(str(bad))


@pytest.mark.parametrize("text", [
    "", "\x00\x01\x02", "一是" * 2000, "9" * 60 + "%", "99999999999999999999%", "由" * 50 + "1个" * 50,
    "“" * 300 + "3个", "１２３４５６７８９０" * 100 + "个", "\ufffd\u200b一\u3000个", "——————" * 50,
    "3-" * 500 + "5家", "百分之" * 100, "分之" * 100 + "一", "个多月" * 100,
])
def test_never_raises_on_odd_input(text):
    got, ctx = extract(text)
    for item in got:
        assert math.isfinite(item.value)
        assert item.span.text == text[item.span.start:item.span.end]


def test_out_of_range_number_leaves_a_warning():
    got, ctx = extract("办结率" + "9" * 30 + "%")
    assert got == []
    assert any("out of range" in w for w in ctx.warnings)


def test_section_heading_sets_status_under_it():
    from pipeline.models import Measure, Span

    text = "一、去年工作回顾\n全年新建便民服务站20个。\n二、今年主要目标\n全年新建便民服务站30个。"
    ctx = Context(text=text)
    ctx.results.metadata = Metadata(doc_type=DocType.plan)
    first, second = text.index("一、"), text.index("二、")
    ctx.results.measures = [
        Measure(id="m1", depth=1, marker="一、", marker_style="cn_comma", ordinal=1, title="去年工作回顾",
                span=Span.of(text, first, second)),
        Measure(id="m2", depth=1, marker="二、", marker_style="cn_comma", ordinal=2, title="今年主要目标",
                span=Span.of(text, second, len(text))),
    ]
    got = indicators.run(ctx)
    assert [(i.value, i.status) for i in got] == [(20, "achieved"), (30, "target")]
