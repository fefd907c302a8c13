"""The rule layer (pipeline/rules): one loader, one error naming file, key path and line."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

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
    text = _broken("indicator_rules.yaml", "  from_window: 18", "  from_window: many")
    with pytest.raises(R.RulesError, match=rf"indicator_rules.yaml:{_line(text, 'from_window: many')}: "
                                           r"changes.from_window: .*int"):
        R.parse_rules_text(text, R.model_of("indicator_rules.yaml"), "indicator_rules.yaml")
    text = _broken("indicator_rules.yaml", "  from_window: 18", "  from_window: 18\n  from_windw: 3")
    with pytest.raises(R.RulesError, match=rf"indicator_rules.yaml:{_line(text, 'from_windw')}: changes.from_windw"):
        R.parse_rules_text(text, R.model_of("indicator_rules.yaml"), "indicator_rules.yaml")


def test_indicator_qualifier_word_under_two_kinds():
    text = _broken("indicator_rules.yaml", "words: [大约,", "words: [至少, 大约,")
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


# --------------------------------------------------------------------------- JSON Schemas for editors
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / "rules"


@pytest.mark.parametrize("name", sorted(R.MODELS))
def test_shipped_data_validates_against_its_json_schema(name):
    schema = json.loads((SCHEMAS / f"{name.rsplit('.', 1)[0]}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(data_text(name)))
    assert schema == R.json_schema(name), "schemas/rules is stale: run `policy-measures rules --schema`"


def test_json_schema_rejects_what_the_model_rejects():
    schema = R.json_schema("measure_markers.yaml")
    data = yaml.safe_load(data_text("measure_markers.yaml"))
    data["series_distanse"] = data.pop("series_distance")
    assert not jsonschema.Draft202012Validator(schema).is_valid(data)


def test_rules_command_checks_files_and_writes_schemas(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    res = CliRunner().invoke(app, ["rules"])
    assert res.exit_code == 0 and "ok\tindicator_rules.yaml" in res.output
    res = CliRunner().invoke(app, ["rules", "--schema", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n.rsplit('.', 1)[0]}.schema.json" for n in R.MODELS)
    assert (tmp_path / "campaign_rules.schema.json").read_text(encoding="utf-8") == R.schema_text("campaign_rules.yaml")
