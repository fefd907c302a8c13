"""Campaign extractor: table-driven cases written for the tests, rules-file validation, robustness."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.context import Context
from pipeline.extract import campaigns
from pipeline.rules import RulesError, parse_rules_text
from pipeline.rules.campaign_rules import CampaignRules
from pipeline.rules.loader import data_text

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


def _broken_rules(old: str, new: str) -> tuple[str, int]:
    text = data_text(campaigns.DATA)
    assert old in text
    return text.replace(old, new, 1), text[:text.index(old)].count("\n") + 1


def test_rules_file_errors_name_file_entry_and_line():
    text, line = _broken_rules("head: 专项整治行动, kind: special_action,", "head: 专项整治行动, kind: nonsense,")
    with pytest.raises(RulesError, match=rf"campaign_rules.yaml:{line}: heads\[0\].kind: Input should be 'themed_year'"):
        parse_rules_text(text, CampaignRules, campaigns.DATA)
    text, line = _broken_rules("    pattern: '(?:工程|计划", "    pattern: '(((?:工程|计划")
    with pytest.raises(RulesError, match=rf"campaign_rules.yaml:{line}: core_reject\[0\].pattern: bad regex"):
        parse_rules_text(text, CampaignRules, campaigns.DATA)
    text, line = _broken_rules("  min_mentions: 3", "  min_mentions: 0")
    with pytest.raises(RulesError, match=rf"campaign_rules.yaml:{line}: subject.min_mentions: .*greater than or equal to 1"):
        parse_rules_text(text, CampaignRules, campaigns.DATA)
    text, line = _broken_rules("head: 专项清理, kind: special_action, name: core_head, modifier: 4,",
                               "head: 专项清理, kind: special_action, name: core_head, modifer: 4,")
    with pytest.raises(RulesError, match=rf"campaign_rules.yaml:{line}: heads\[9\].modifer: Extra inputs"):
        parse_rules_text(text, CampaignRules, campaigns.DATA)
    # a raw mapping (no text, so no line) is checked the same way
    data = yaml.safe_load(data_text(campaigns.DATA))
    data["unquoted"][0]["pattern"] = "(?P<core>开展)活动"
    with pytest.raises(RulesError, match=r"campaign_rules.yaml: unquoted\[0\].pattern: the pattern needs groups"):
        campaigns.parse_rules(data)


@pytest.mark.parametrize("text", [
    "", "“", "”“", "“" * 5000, "开展" * 3000 + "活动", "“一是一是一是”活动" * 200,
    "\x00\ud800“活动”\U0010ffff", "“" + "年" * 100 + "”", "《“马上办”活动》",
])
def test_never_raises_on_odd_input(text):
    for c in _run(text):
        for m in c.mentions:
            assert m.text == text[m.start:m.end]
