"""Rule ids: every rule of a data file that carries an ``id`` (and ``examples``), found by walking its model.

Used by the loader (ids are unique per file), by ``policy-measures rules --unused`` (which ids never
fire) and by tests/test_rule_examples.py (every example runs through the rule it belongs to).
"""
from __future__ import annotations

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
