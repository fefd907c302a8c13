"""The rule layer (pipeline/rules): one loader, one error naming file, key path and line."""
from __future__ import annotations

import pytest

from pipeline import rules as R
from pipeline.rules.loader import data_text


def _broken(name: str, old: str, new: str) -> str:
    text = data_text(name)
    assert old in text, f"{old!r} not in {name}"
    return text.replace(old, new, 1)


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("name", sorted(R.MODELS))
def test_shipped_data_validates(name):
    assert R.load_rules(name, R.model_of(name)) is R.load_rules(name, R.model_of(name))  # cached


def test_indicator_rules_bad_regex_names_file_key_and_line():
    text = _broken("indicator_rules.yaml", '"一站式"', '"一站式("')
    with pytest.raises(R.RulesError) as err:
        R.parse_rules_text(text, R.model_of("indicator_rules.yaml"), "indicator_rules.yaml")
    line = _line(text, '"一站式("')
    assert str(err.value).startswith(f"indicator_rules.yaml:{line}: exclusions.fixed_expressions[")
    assert "bad regex" in str(err.value)


def test_indicator_rules_wrong_type_and_unknown_key():
    text = _broken("indicator_rules.yaml", "  from_window: 14", "  from_window: many")
    with pytest.raises(R.RulesError, match=rf"indicator_rules.yaml:{_line(text, 'from_window: many')}: "
                                           r"changes.from_window: .*int"):
        R.parse_rules_text(text, R.model_of("indicator_rules.yaml"), "indicator_rules.yaml")
    text = _broken("indicator_rules.yaml", "  from_window: 14", "  from_window: 14\n  from_windw: 3")
    with pytest.raises(R.RulesError, match=rf"indicator_rules.yaml:{_line(text, 'from_windw')}: changes.from_windw"):
        R.parse_rules_text(text, R.model_of("indicator_rules.yaml"), "indicator_rules.yaml")


def test_indicator_qualifier_word_under_two_kinds():
    text = _broken("indicator_rules.yaml", "approx: [大约,", "approx: [至少, 大约,")
    with pytest.raises(R.RulesError, match=r"qualifiers.before: .*'至少' is listed under both"):
        R.parse_rules_text(text, R.model_of("indicator_rules.yaml"), "indicator_rules.yaml")


def test_missing_key_names_its_parent_line():
    text = _broken("indicator_rules.yaml", "  max_gap: 16\n", "")
    line = _line(text, "\nchanges:") + 1
    with pytest.raises(R.RulesError, match=rf"indicator_rules.yaml:{line}: changes.max_gap: Field required"):
        R.parse_rules_text(text, R.model_of("indicator_rules.yaml"), "indicator_rules.yaml")


def test_yaml_syntax_error_names_line(tmp_path):
    bad = tmp_path / "indicator_rules.yaml"
    bad.write_text("qualifiers:\n  before: [unclosed\n", encoding="utf-8")
    with pytest.raises(R.RulesError, match=r"indicator_rules.yaml:\d+: not valid YAML"):
        R.read_rules(bad, R.model_of("indicator_rules.yaml"))
