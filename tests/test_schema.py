"""The committed JSON Schema matches the models, and real output validates against it."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.schema import schema_json

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "document.schema.json"


def test_committed_schema_has_not_drifted_from_the_models():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "schemas/document.schema.json is stale: run `policy-measures schema` and commit it")


def test_schema_command_writes_the_same_file(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "s.json"
    assert CliRunner().invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_dev_output_validates_against_the_schema(validator, dev_predictions):
    lines = dev_predictions.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    for line in lines:
        validator.validate(json.loads(line))


def test_schema_rejects_a_broken_record(validator):
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"schema_version": "1.0", "doc_id": "x", "source": {"chars": 1}, "doc_type": "memo"})
