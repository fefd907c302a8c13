"""Campaign extractor: table-driven cases written for the tests, rules-file validation, robustness."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.context import Context
from pipeline.extract import campaigns
from pipeline.normalize.lexicon import DataFileError

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "campaigns_written.yaml").read_text(encoding="utf-8"))


def _run(text: str):
    return campaigns.run(Context(text=text))


def test_enough_cases_with_rejections():
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if not c["expect"]) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:18] for c in CASES])
def test_written_case(case):
    got = _run(case["text"])
    names = [c.name for c in got]
    assert len(names) == len(case["expect"]), names
    for name, want in zip(names, case["expect"]):
        assert name in want.split("|"), (names, case["expect"])
    kinds = {c.name: c.kind for c in got}
    for name, kind in (case.get("kinds") or {}).items():
        assert kinds[name] == kind


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"]], ids=lambda c: c["text"][:18])
def test_mentions_are_grounded_and_ids_ordered(case):
    text = case["text"]
    got = _run(text)
    assert [c.id for c in got] == [f"c{i}" for i in range(1, len(got) + 1)]
    firsts = [c.mentions[0].start for c in got]
    assert firsts == sorted(firsts)
    for c in got:
        assert c.mentions
        for m in c.mentions:
            assert m.text == text[m.start:m.end]


def test_every_mention_of_a_merged_campaign():
    text = "推行“立即办”服务。“立即办”提速行动成效明显，确保“立即就办”活动落到实处。"
    (c,) = _run(text)
    assert len(c.mentions) == 3


def test_rules_file_errors_name_file_and_entry():
    data = campaigns.load_yaml(campaigns.DATA)
    data["heads"][0] = {"head": "行动", "kind": "nonsense", "name": "core"}
    with pytest.raises(DataFileError, match=r"campaign_rules.yaml: heads\[0\]"):
        campaigns.parse_rules(data)
    data = campaigns.load_yaml(campaigns.DATA)
    data["core_reject"] = "(("
    with pytest.raises(DataFileError, match="core_reject"):
        campaigns.parse_rules(data)
    data = campaigns.load_yaml(campaigns.DATA)
    data["subject"]["min_mentions"] = 0
    with pytest.raises(DataFileError, match=r"campaign_rules.yaml: subject.min_mentions"):
        campaigns.parse_rules(data)


@pytest.mark.parametrize("text", [
    "", "“", "”“", "“" * 5000, "开展" * 3000 + "活动", "“一是一是一是”活动" * 200,
    "\x00\ud800“活动”\U0010ffff", "“" + "年" * 100 + "”", "《“马上办”活动》",
])
def test_never_raises_on_odd_input(text):
    for c in _run(text):
        for m in c.mentions:
            assert m.text == text[m.start:m.end]
