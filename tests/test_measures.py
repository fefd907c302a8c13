"""Measure structure: table-driven cases written for this project (tests/cases/measures_written.yaml)."""
from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
import yaml

from pipeline.context import Context, Options
from pipeline.core import normalize_text
from pipeline.extract import markers, measures
from pipeline.rules import RulesError, parse_rules_text
from pipeline.rules.measure_markers import MeasureMarkers, Style

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "measures_written.yaml").read_text(encoding="utf-8"))


def _run(text: str, **opts) -> tuple[Context, list]:
    ctx = Context(text=normalize_text(text), options=Options(use_classifier=False, **opts))
    return ctx, measures.run(ctx)


def test_enough_written_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_written_case(case):
    ctx, got = _run(case["text"], **case.get("options", {}))
    assert [[m.marker, m.depth, m.title] for m in got] == [list(e) for e in case["expect"]]
    for w in case.get("warnings", []):
        assert any(w in x for x in ctx.warnings), (w, ctx.warnings)
    if case.get("no_warnings"):
        assert ctx.warnings == []


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_tree_invariants(case):
    ctx, got = _run(case["text"], **case.get("options", {}))
    ids = {m.id: m for m in got}
    for m in got:
        assert m.span.text == ctx.text[m.span.start:m.span.end]
        assert m.span.text.startswith(m.marker)
        assert m.span.text == m.span.text.rstrip()
        if m.parent is None:
            # depth 2 without a parent: under a heading the text cut off, before a later top-level heading
            assert m.depth == 1 or (m.depth == 2 and any(n.depth == 1 and n.span.start > m.span.start for n in got))
        else:
            p = ids[m.parent]
            assert p.depth == m.depth - 1
            assert p.span.start < m.span.start and m.span.end <= p.span.end
            assert m.id.startswith(p.id + ".")


def test_span_runs_to_next_item_at_same_or_higher_level():
    text = "一、甲\n正文甲。\n（一）子一\n子一正文。\n（二）子二\n二、乙\n正文乙。\n"
    _, got = _run(text)
    spans = {m.title: m.span.text for m in got}
    assert spans["甲"] == "一、甲\n正文甲。\n（一）子一\n子一正文。\n（二）子二"
    assert spans["子一"] == "（一）子一\n子一正文。"
    assert spans["乙"] == "二、乙\n正文乙。"


def test_last_inline_item_ends_with_its_paragraph():
    text = "一、甲\n概述。一是做法一。二是做法二。\n总结段落。\n二、乙\n"
    _, got = _run(text)
    assert [m.span.text for m in got if m.marker == "二是"] == ["二是做法二。"]


def test_ids_ordinals_and_styles():
    text = "一、甲\n1、子\n（1）孙\n（2）孙二\n2、子二\n二、乙\n①丙；②丁\n"
    _, got = _run(text)
    assert [(m.id, m.parent, m.ordinal, m.marker_style) for m in got] == [
        ("m1", None, 1, "cn_comma"), ("m1.1", "m1", 1, "arabic"), ("m1.1.1", "m1.1", 1, "arabic_paren"),
        ("m1.1.2", "m1.1", 2, "arabic_paren"), ("m1.2", "m1", 2, "arabic"), ("m2", None, 2, "cn_comma"),
        ("m2.1", "m2", 1, "circled"), ("m2.2", "m2", 2, "circled")]


def test_sequence_and_di_styles():
    _, got = _run("首先，甲。其次，乙。最后，丙。\n第一，丁。第二，戊。", sequence_markers=True)
    assert [(m.marker_style, m.ordinal) for m in got] == [
        ("sequence", 1), ("sequence", 2), ("sequence", 3), ("di", 1), ("di", 2)]


def test_sequence_words_are_not_markers_by_default():
    # GOLD.md counts explicitly numbered items only: 首先/其次 are prose, and the 一是 inside them
    # stay at depth 1.
    _, got = _run("首先，抓制度。一是建台账。二是定时限。其次，抓督查。一是明察暗访。二是通报曝光。")
    assert [(m.marker, m.depth) for m in got] == [("一是", 1), ("二是", 1), ("一是", 1), ("二是", 1)]


def test_deep_nesting_is_capped_with_a_warning():
    rule = markers.rules()
    levels = ["一、", "（一）", "1、", "（1）", "①", "一是", "第一，"]
    text = "".join(f"{m}第{i}层\n" for i, m in enumerate(levels)) + "".join(
        f"{m.replace('一', '二').replace('1', '2').replace('①', '②')}第{i}层\n" for i, m in enumerate(levels))
    ctx, got = _run(text)
    assert max(m.depth for m in got) <= rule.max_depth
    assert any("deeper than" in w for w in ctx.warnings)


@pytest.mark.parametrize("text", [
    "一是" * 20000,
    "①" * 20000,
    "一、\n" * 5000,
    "(1)" * 10000,
    "99999999999999999999%。一、" * 100,
    "\x00\ud800\uffff" * 100,
    "第一，" * 5000,
    "".join(chr(c) for c in range(0, 0x3000, 7)),
])
def test_never_raises_on_garbage(text):
    _run(text)


def test_marker_rules_validation_names_file_entry_and_line():
    text = (Path(markers.__file__).parents[1] / "data" / "measure_markers.yaml").read_text("utf-8")
    line = text[:text.index("  shi: 6000")].count("\n") + 1
    with pytest.raises(RulesError, match=rf"^measure_markers.yaml:{line}: series_distance.shi: .*greater than or equal to 1"):
        parse_rules_text(text.replace("  shi: 6000", "  shi: -1", 1), MeasureMarkers, "measure_markers.yaml")
    data = yaml.safe_load(text)
    data["contexts"]["arabic"] = ["line_start", "nowhere"]
    with pytest.raises(RulesError, match=r"^measure_markers.yaml: contexts.arabic\[1\]: Input should be"):
        markers.parse_rules(data)


def test_cases_of_a_circular_are_accountability_measures():
    import pipeline

    text = ("关于近期作风建设问题的通报\n各单位：\n1．县某局干部王某某工作时间擅离岗位问题。经查属实。\n"
            "2．某街道窗口人员赵某某服务态度生硬问题。已予以诫勉谈话。\n")
    doc = pipeline.extract(text)
    assert [m.category for m in doc.measures] == ["accountability", "accountability"]
    # the circular's title and its own announcement are no sanction clauses
    plain = pipeline.extract("关于窗口服务问题的通报\n现将有关问题通报如下：\n问责不是目的，关键在整改。\n")
    assert plain.accountability == []


def test_marker_rule_model_knows_every_style():
    assert tuple(MeasureMarkers.model_fields["contexts"].annotation.model_fields) == markers.STYLES
    assert set(get_args(Style)) == set(markers.STYLES)
