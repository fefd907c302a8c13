"""The rule layer: every data file of ``pipeline/data`` read one way (see loader.py).

``load_rules(name, Model)`` reads ``pipeline/data/<name>``, validates it with its pydantic model
(one module here per data file), caches it and raises one :class:`RulesError` naming the file, the
key path and the line. ``MODELS`` maps each ported data file to its model; ``policy-measures rules
--schema`` writes a JSON Schema per entry so editors can check the files while they are written.
"""
from __future__ import annotations

import json
from importlib import import_module

from .loader import RulesError, load_rules, parse_rules_text, read_rules, validate_rules

__all__ = ["RulesError", "load_rules", "read_rules", "parse_rules_text", "validate_rules", "MODELS", "model_of",
           "json_schema", "schema_text"]

#: data file -> "module:Model" of pipeline/rules
MODELS = {
    "indicator_rules.yaml": "indicator_rules:IndicatorRules",
    "campaign_rules.yaml": "campaign_rules:CampaignRules",
    "category_lexicon.yaml": "category_lexicon:CategoryLexicon",
    "measure_markers.yaml": "measure_markers:MeasureMarkers",
    "metadata_rules.yaml": "metadata_rules:MetadataRules",
    "region_rules.yaml": "region_rules:RegionRules",
    "indicator_vocab.yaml": "indicator_vocab:IndicatorVocab",
    "units.yaml": "units:Units",
    "quantity_rules.yaml": "units:QuantityRules",
    "accountability_lexicon.yaml": "accountability_lexicon:AccountabilityLexicon",
    "section_rules.yaml": "section_rules:SectionRules",
    "campaign_links.yaml": "campaign_links:CampaignLinks",
    "column_labels.yaml": "column_labels:ColumnLabels",
    "category_seed.yaml": "category_seed:CategorySeed",
}


def model_of(name: str):
    """The pydantic model of data file ``name``."""
    module, cls = MODELS[name].split(":")
    return getattr(import_module(f"{__name__}.{module}"), cls)


def json_schema(name: str) -> dict:
    """The JSON Schema of data file ``name`` (what an editor validates it with)."""
    schema = model_of(name).model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://policy-measures/schemas/rules/{name.rsplit('.', 1)[0]}.schema.json",
            "title": name, **{k: v for k, v in schema.items() if k != "title"}}


def schema_text(name: str) -> str:
    """``json_schema(name)`` as the text written to ``schemas/rules/`` (stable, ends in a newline)."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
