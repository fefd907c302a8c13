"""Rule ids: every rule of a data file that carries an ``id`` (and ``examples``), found by walking its model.

Used by the loader (ids are unique per file), by ``policy-measures rules --unused`` (which ids never
fire) and by tests/test_rule_examples.py (every example runs through the rule it belongs to).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

import pydantic


def rules_in(node: Any, path: str = "") -> Iterator[tuple[str, pydantic.BaseModel]]:
    """(key path, node) of every model node that has an ``id`` field, in file order."""
    if isinstance(node, pydantic.BaseModel):
        if "id" in type(node).model_fields:
            yield path, node
        for name in type(node).model_fields:
            yield from rules_in(getattr(node, name), f"{path}.{name}" if path else name)
        if isinstance(node, pydantic.RootModel):
            yield from rules_in(node.root, path)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from rules_in(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from rules_in(value, f"{path}[{i}]")


def rule_ids(model: pydantic.BaseModel) -> list[str]:
    """The ids written in a data file, in file order (rules without one are left out)."""
    return [node.id for _, node in rules_in(model) if node.id]


def duplicate_id(model: pydantic.BaseModel) -> tuple[str, str] | None:
    """(id, key path of its second use) when an id is written twice, else None."""
    seen: set[str] = set()
    for path, node in rules_in(model):
        if node.id and node.id in seen:
            return node.id, path
        seen.add(node.id)
    return None


#: data file -> key path (list indices written ``[]``, ``*`` for any mapping key, "" for the whole file) -> why
#: its texts are no rules: names, labels, references and tables of values, not patterns, word lists or
#: character sets
NOT_RULES: dict[str, dict[str, str]] = {
    "units.yaml": {
        "pint_definitions": "unit definitions in pint's notation",
        "si_units": "dimension -> SI unit (pint's notation)",
        **{f"units[].{key}": "a unit's written form, canonical unit and registry fields"
           for key in ("written", "unit", "kind", "dimension", "pint", "currency")},
    },
    "column_labels.yaml": {"": "labels of export columns"},
    "category_seed.yaml": {"": "seed phrases the category model is trained on"},
    "measure_markers.yaml": {key: "names of marker styles and contexts (an enum)"
                             for key in ("contexts", "lone_heading_styles", "never_inside", "lone_inline_heading.styles",
                                         "lone_inline_heading.contexts")},
    "accountability_lexicon.yaml": {"count_indicators": "indicator ids (references to indicator_vocab.yaml)"},
    "indicator_rules.yaml": {"scale_words.kinds": "unit -> quantity kind (a table)"},
    "metadata_rules.yaml": {"work_report.doc_type": "the doc_type given to a work report (an enum value)"},
    "indicator_vocab.yaml": {f"indicators.*.{key}": "an entry keyed by its indicator id: its names and units "
                             "(its rules carry ids)" for key in ("names", "units")},
}


def bare_rules(model: pydantic.BaseModel, not_rules: dict[str, str] | None = None) -> list[str]:
    """Key paths of the texts and text lists of a data file that stand outside any rule with an id (or with
    examples, as an indicator_vocab.yaml entry keyed by its id): a regex, word list or character set written
    bare. ``not_rules`` lists key paths whose values are no rules (see :data:`NOT_RULES`)."""
    skip = [re.compile(re.escape(p).replace(r"\*", r"[^.\[]+") + r"(?:$|[.\[])" if p else "")
            for p in (not_rules or {})]

    def exempt(path: str) -> bool:
        plain = re.sub(r"\[\d+\]", "[]", path)
        return any(p.match(plain) for p in skip)

    def walk(node: Any, path: str) -> Iterator[str]:
        if isinstance(node, pydantic.BaseModel):
            if getattr(node, "id", None) or getattr(node, "examples", None) is not None:
                return
            if isinstance(node, pydantic.RootModel):
                yield from walk(node.root, path)
                return
            for name in type(node).model_fields:
                yield from walk(getattr(node, name), f"{path}.{name}" if path else name)
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, (list, tuple)) and node and all(isinstance(v, str) for v in node):
            yield path
        elif isinstance(node, (list, tuple)):
            for i, value in enumerate(node):
                yield from walk(value, f"{path}[{i}]")
        elif isinstance(node, str) and node:
            yield path

    return [path for path in walk(model, "") if not exempt(path)]
