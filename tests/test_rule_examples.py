"""Every rule of pipeline/data that carries an id runs its own examples: each ``hit`` must be produced or
matched by that rule, no ``miss`` may be. The examples are written for the project (never copied from a
corpus). Rules are run directly where they can be (a trigger, a regex, a word list) and through
``pipeline.extract(text, explain=True)`` where their effect is only visible end to end (the vocabulary
rule that names an indicator, the head or pattern that makes a campaign).

An example that shows a rule does not do what its id says is marked ``xfail(strict=True)`` in XFAIL
below with the reason; the rule's behaviour is left as it is (output stays byte-identical).
"""
from __future__ import annotations

from functools import lru_cache

import pytest
import regex

import pipeline
from pipeline import rules as R
from pipeline.extract import accountability, campaigns, indicators
from pipeline.normalize import units
from pipeline.rules.accountability_lexicon import ModalityCue, Trigger
from pipeline.rules.campaign_rules import CorePattern, Head, Unquoted
from pipeline.rules.ids import NOT_RULES, bare_rules, rules_in
from pipeline.rules.indicator_vocab import VocabEntry, VocabRule
from pipeline.rules.types import CharsRule, PatternRule, PatternsRule, WordRule, WordsRule
from pipeline.textview import TextView

#: (file, rule id, example) -> why the rule does not do what its id says
XFAIL: dict[tuple[str, str, str], str] = {
    ("campaign_rules.yaml", "reject_counted_activities", "三项活动"):
        "the file's comment names “三项活动” as a count of activities, but 项 is not among the measure words "
        "the pattern allows (个|年|场|类), so “三项活动” is kept as a campaign name",
}


@lru_cache(maxsize=None)
def _explained(text: str):
    return pipeline.extract(text, explain=True)


def _folded(text: str) -> str:
    return TextView(text).norm


def _trigger(path, node, text):
    hits = accountability.find_triggers(accountability.mask_book_titles(_folded(text)), accountability.rules())
    return node.id in {h.rule for h in hits}


def _condition(path, node, text):
    index = int(regex.search(r"\[(\d+)\]$", path).group(1))
    return accountability.rules().conditions[index].search(_folded(text)) is not None


def _search(path, node, text):
    return regex.search(node.pattern, _folded(text)) is not None


def _word(path, node, text):
    return text in node.words


def _one_word(path, node, text):
    return text == node.word


def _chars(path, node, text):
    """A character set: every character of the example is one of the set."""
    return all(c in node.chars for c in text)


def _char_class(path, node, text):
    """The inside of a character class (A-Za-z): every character of the example is in the class."""
    return regex.fullmatch(f"[{node.chars}]+", text) is not None


def _patterns(path, node, text):
    return any(regex.search(p, _folded(text)) for p in node.patterns)


def _campaign_quotes(path, node, text):
    return campaigns.rules().quoted.search(_folded(text)) is not None


def _indicator_quotes(path, node, text):
    return indicators.rules().quotes.search(_folded(text)) is not None


#: quote pairs, run through the regex each extractor builds of them
QUOTES = {("campaign_rules.yaml", "quotes"): _campaign_quotes,
          ("indicator_rules.yaml", "exclusions.quotes"): _indicator_quotes}

_NUMERAL = "0-9一二两三四五六七八九十百千万"


def _unit_guard(path, node, text):
    """A unit's not_before guard (or count_not_before, for every count word): the example holds a number
    (digits or Chinese numerals) right before the written unit, and the guard fires when the unit table's
    pattern does not read that unit there (a longer unit read instead is no veto: 个月 for 个)."""
    model = R.load_rules("units.yaml", R.model_of("units.yaml"))
    if path == "count_not_before":
        written = [u.written for u in model.units if u.kind == "count"]
    else:
        written = [model.units[int(regex.search(r"^units\[(\d+)\]", path).group(1))].written]
    norm = _folded(text)
    alternation = "|".join(regex.escape(w) for w in sorted(written, key=len, reverse=True))
    m = regex.search(f"(?<=[{_NUMERAL}])(?:{alternation})", norm)
    assert m, f"{path}: the example has no number right before the unit: {text}"
    read = regex.compile(units.table().pattern).match(norm, m.start())
    return not (read and read.group().startswith(m.group()))


def _campaign(path, node, text):
    return any(node.id in (c.rules or []) for c in _explained(text).campaigns)


def _vocab_rule(path, node, text):
    return any(node.id in (i.rules or []) for i in _explained(text).indicators)


def _vocab_entry(path, node, text):
    entry = path.rsplit(".", 1)[-1]
    return any(i.indicator == entry for i in _explained(text).indicators)


#: node type -> how one example is run through the rule (path, node, text) -> fired?
RUNNERS = {
    Trigger: _trigger,
    ModalityCue: _search,
    Head: _campaign,
    CorePattern: _campaign,
    Unquoted: _campaign,
    VocabRule: _vocab_rule,
    VocabEntry: _vocab_entry,
    WordsRule: _word,
    WordRule: _one_word,
    CharsRule: _chars,
    PatternsRule: _patterns,
}


def _runner(name: str, path: str, node):
    if name == "accountability_lexicon.yaml" and path.startswith("conditions["):
        return _condition
    if name == "units.yaml" and path.endswith("not_before"):
        return _unit_guard
    if name == "indicator_rules.yaml" and path == "exclusions.code_neighbours":
        return _char_class
    if (name, path) in QUOTES:
        return QUOTES[name, path]
    if isinstance(node, PatternRule):
        return _search
    return next(RUNNERS[t] for t in type(node).__mro__ if t in RUNNERS)


def _documented(name: str):
    """(key path, node) of every node of file ``name`` that has examples."""
    model = R.load_rules(name, R.model_of(name))
    for path, node in rules_in(model):
        if getattr(node, "examples", None) is not None:
            yield path, node
    for key, entry in getattr(model, "indicators", {}).items():  # vocabulary entries: the key is the id
        if entry.examples is not None:
            yield f"indicators.{key}", entry


def _cases():
    for name in sorted(R.MODELS):
        for path, node in _documented(name):
            rule_id = getattr(node, "id", None) or path.rsplit(".", 1)[-1]
            for kind in ("hit", "miss"):
                for n, text in enumerate(getattr(node.examples, kind)):
                    reason = XFAIL.get((name, rule_id, text))
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    yield pytest.param(name, path, kind, text, marks=marks, id=f"{name}:{rule_id}:{kind}{n}")


CASES = list(_cases())


@pytest.mark.parametrize("name, path, kind, text", CASES)
def test_rule_example(name, path, kind, text):
    model = R.load_rules(name, R.model_of(name))
    node = dict(_documented(name))[path]
    fired = _runner(name, path, node)(path, node, text)
    assert fired == (kind == "hit"), f"{path}: {'no hit' if kind == 'hit' else 'fires on a miss'}: {text}"
    assert model is R.load_rules(name, R.model_of(name))


def test_examples_exist():
    assert len(CASES) > 100


#: node types that are rules: every one of these in the data has an id and at least one hit example
RULE_TYPES = (Trigger, ModalityCue, Head, CorePattern, Unquoted, VocabRule, PatternRule, WordsRule, WordRule,
              CharsRule, PatternsRule)


@pytest.mark.parametrize("name", sorted(R.MODELS))
def test_every_rule_has_an_id_and_a_hit(name):
    model = R.load_rules(name, R.model_of(name))
    missing = [path for path, node in rules_in(model)
               if isinstance(node, RULE_TYPES) and (not node.id or node.examples is None)]
    assert not missing, f"{name}: rules without an id or examples: {missing[:10]}"


@pytest.mark.parametrize("name", sorted(R.MODELS))
def test_no_bare_rules(name):
    """No regex, word list or character set of the data stands outside a rule with an id (the texts that are
    no rules, such as unit names and column labels, are listed with the reason in ids.NOT_RULES)."""
    model = R.load_rules(name, R.model_of(name))
    bare = bare_rules(model, NOT_RULES.get(name))
    assert not bare, f"{name}: lists or patterns without an id: {bare[:10]}"


def test_bare_rules_are_found():
    text = R.loader.data_text("campaign_links.yaml")
    start = text.index("suffixes:")
    end = text.index("words:", start)
    bare = text[:start] + "suffixes:\n  " + text[end + len("words:"):].lstrip()
    model = R.parse_rules_text(bare.replace("suffixes:\n  ", "suffixes: ", 1), R.model_of("campaign_links.yaml"),
                               "campaign_links.yaml")
    assert bare_rules(model, NOT_RULES.get("campaign_links.yaml")) == ["suffixes"]
    units_model = R.load_rules("units.yaml", R.model_of("units.yaml"))
    assert "units[0].written" in bare_rules(units_model)  # without its NOT_RULES the unit names count


def test_ids_are_unique_per_file():
    text = R.loader.data_text("accountability_lexicon.yaml").replace("id: hold_liable", "id: investigate", 1)
    with pytest.raises(R.RulesError, match=r"rule id 'investigate' is used twice"):
        R.parse_rules_text(text, R.model_of("accountability_lexicon.yaml"), "accountability_lexicon.yaml")


def test_explain_names_the_rules_and_is_off_by_default():
    text = ("开展“清风护航”专项整治行动。对推诿扯皮的科室负责人予以问责。健全问责机制。全区群众满意度达98.5%。"
            "过去五年，全市新增就业5万人。推进“放管服”改革。")
    plain = pipeline.extract(text)
    assert "rules" not in plain.model_dump_json() and "explain" not in plain.model_dump_json()
    doc = _explained(text)
    assert doc.accountability[0].rules == ["accountability_word"]
    assert doc.indicators[0].rules and doc.indicators[0].indicator == "satisfaction_rate"
    rejected = {(r.item, r.text, r.rule) for r in doc.explain.rejected}
    assert ("accountability", "问责", "accountability_word") in rejected  # 健全问责机制: vetoed by not_before
    assert ("indicator", "五年", "fixed_years_window") in rejected  # 过去五年 is a reference window
    assert ("campaign", "“放管服”", "standing_agendas") in rejected
    assert "head_special_rectification_action" in doc.campaigns[0].rules
    assert campaigns.rules().exclusions["agendas"][0][0] == "standing_agendas"


def test_unused_report_lists_rules_that_never_fire(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "a.txt").write_text("对推诿扯皮的科室负责人予以问责。全区群众满意度达98.5%。", encoding="utf-8")
    res = CliRunner().invoke(app, ["rules", "--unused", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "on 1 documents" in res.output
    never = res.output.split("`accountability_lexicon.yaml`", 1)[1].split("\n", 1)[0]
    assert "`interview`" in never and "`accountability_word`" not in never  # 约谈 is absent, 问责 fires
    vocab = res.output.split("`indicator_vocab.yaml`", 1)[1].split("\n", 1)[0]
    assert "`satisfaction_named`" not in vocab and "`gdp_level`" in vocab
