"""Accountability extractor: table-driven cases written for the tests, lexicon validation, robustness."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.context import Context
from pipeline.extract import accountability
from pipeline.extract.metadata import Metadata
from pipeline.models import DocType, Indicator, Span
from pipeline.normalize.lexicon import DataFileError
from pipeline.rules.loader import data_text

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "accountability_written.yaml").read_text(encoding="utf-8"))


def _run(text: str, doc_type: str | None = None, indicators: list[dict] | None = None):
    ctx = Context(text=text)
    if doc_type:
        ctx.results.metadata = Metadata(doc_type=DocType(doc_type), type_settled=True)  # the case states the type
    found = []
    for k, ind in enumerate(indicators or [], start=1):
        pos = text.index(ind["quote"])
        found.append(Indicator(id=f"i{k}", value=1, unit=ind["unit"], indicator=ind.get("indicator"),
                               span=Span.of(text, pos, pos + len(ind["quote"]))))
    ctx.results.indicators = found
    return accountability.run(ctx)


def test_enough_cases_with_non_clauses():
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if not c["expect"]) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:18] for c in CASES])
def test_written_case(case):
    text = case["text"]
    got = _run(text, case.get("doc_type"), case.get("indicators"))
    assert len(got) == len(case["expect"]), [(a.span.text, a.actions) for a in got]
    for a, want in zip(got, case["expect"]):
        assert want["quote"] in a.span.text
        assert a.span.text == text[a.span.start:a.span.end]
        assert a.actions == want["actions"]
        for key in ("modality", "targets", "condition", "count"):
            if key in want:
                assert getattr(a, key) == want[key], key


def test_clause_is_the_whole_sentence():
    text = "一是加强督查。对违规的窗口，一律通报批评；对情节严重的，给予免职处理。"
    got = _run(text, "plan")
    assert [a.span.text for a in got] == ["对违规的窗口，一律通报批评；", "对情节严重的，给予免职处理。"]
    assert [a.id for a in got] == ["a1", "a2"]


def test_circular_of_findings_reports_records():
    # A 通报 (type other) lists the sanctions it imposed; its 下一步 demands must not turn them into rules.
    text = ("关于第二季度机关作风督查情况的通报\n各单位：\n二、处理情况\n（一）对考评排名后2位的单位主要负责人进行约谈。"
            "\n（二）对无故脱岗的××所干部予以免职。"
            "\n（三）对县市场监管局窗口的1名工作人员予以通报批评，由所在单位对其进行诫勉谈话。"
            "\n三、有关要求\n各单位要举一反三，要立行立改。对整改不到位的，将严肃问责。")
    ctx = Context(text=text)
    ctx.results.metadata = Metadata(doc_type=DocType.other, title="关于第二季度机关作风督查情况的通报", type_settled=True)
    ctx.results.indicators = []
    got = accountability.run(ctx)
    assert [(a.actions, a.modality) for a in got] == [
        (["interview"], "record"), (["dismissal"], "record"), (["notice", "interview"], "record"),
        (["accountability"], "rule")]
    ctx.results.metadata = Metadata(doc_type=DocType.other, title="关于进一步加强机关作风建设的意见", type_settled=True)
    assert [a.modality for a in accountability.run(ctx)] == ["rule", "rule", "rule", "rule"]


def test_lexicon_errors_name_file_and_entry():
    data = yaml.safe_load(data_text(accountability.DATA))
    data["actions"]["sacking"] = [{"pattern": "开除"}]
    with pytest.raises(DataFileError, match=r"accountability_lexicon.yaml: actions.sacking"):
        accountability.parse_rules(data)
    data = yaml.safe_load(data_text(accountability.DATA))
    data["actions"]["notice"][0]["pattern"] = "(("
    with pytest.raises(DataFileError, match=r"actions.notice\[0\].pattern"):
        accountability.parse_rules(data)
    data = yaml.safe_load(data_text(accountability.DATA))
    data["modality_cues"][0]["modality"] = "maybe"
    with pytest.raises(DataFileError, match=r"modality_cues\[0\]"):
        accountability.parse_rules(data)


@pytest.mark.parametrize("text", [
    "", "。。；；", "问责" * 5000, "对" * 10000 + "的,一律问责", "一是一是一是" * 2000 + "通报",
    "\x00\ud800问责\U0010ffff", "《" * 300 + "问责" + "》" * 300, "99999999999999999999%的单位通报批评",
    "对" + "的" * 3000 + "单位进行约谈",
])
def test_never_raises_on_odd_input(text):
    for a in _run(text):
        assert a.span.text == text[a.span.start:a.span.end]


def test_rulebook_clauses_are_rules_whatever_the_doc_type():
    # A 考核办法 is typed other, but every sanction it names is a standing rule, and its numbers targets.
    import pipeline

    doc = pipeline.extract("某县机关效能考核办法\n第一条 为加强机关效能建设，制定本办法。\n"
                           "第二条 每发现一次迟到扣0.5分，最高扣10分。\n"
                           "第三条 被群众投诉查实2次的，由县效能办约谈单位负责人。")
    assert doc.doc_type == "other"
    assert [(a.actions, a.modality) for a in doc.accountability] == [
        (["score_deduction"], "rule"), (["interview"], "rule")]
    assert [(i.span.text, i.status) for i in doc.indicators] == [
        ("0.5分", "target"), ("10分", "target"), ("2次", "target")]
