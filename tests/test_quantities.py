"""Quantities as real Chinese writes them (issue 20): signs and direction, halves, fractions,
currencies, physical units, traditional characters, and no quantity read out of a name.

Table-driven: tests/cases/quantities_written.yaml (sentences written for the project, in our own
wording). Each case gives the text and the indicators expected in document order; each expected
item names a quote its span must overlap and the fields to check (only those given). ``xfail``
marks a known gap (strict: the case fails the run once it passes).
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from pipeline.context import Context
from pipeline.extract import indicators

CASES = Path(__file__).resolve().parent / "cases" / "quantities_written.yaml"


def read(text: str):
    ctx = Context(text=text)
    return indicators.run(ctx)


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _params(path: Path):
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for i, case in enumerate(cases):
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        out.append(pytest.param(case, id=f"{i:03d}-{case['text'][:12]}", marks=marks))
    return out


def check_case(case) -> None:
    text = case["text"]
    got = read(text)
    expect = case.get("expect") or []
    assert len(got) == len(expect), [(i.span.text, i.value, i.unit) for i in got]
    for item, exp in zip(got, expect):
        pos = -1
        for _ in range(exp.get("nth", 0) + 1):
            pos = text.index(exp["quote"], pos + 1)
        assert item.span.start < pos + len(exp["quote"]) and pos < item.span.end, (item.span.text, exp["quote"])
        assert item.span.text == text[item.span.start:item.span.end]
        for key, want in exp.items():
            if key in ("quote", "nth"):
                continue
            assert _same(getattr(item, key), want), (key, getattr(item, key), want, item.span.text)


@pytest.mark.parametrize("case", _params(CASES))
def test_quantity_case(case):
    check_case(case)


def _region_names() -> list[str]:
    from pipeline.normalize.regions import _load_table, gazetteer

    return sorted({u.name for u in _load_table()} | set(gazetteer().alias))


def test_no_place_name_of_the_region_table_yields_an_indicator():
    names = _region_names()
    assert len(names) > 3000
    found = {}
    for name in names:
        for text in (name, f"{name}推进改革。"):
            got = read(text)
            if got:
                found[text] = [(i.span.text, i.value, i.unit) for i in got]
    assert not found, found


# ---------------------------------------------------------------- every unit of the registry
from pipeline.normalize import units as _units  # noqa: E402

_REGISTRY = list(_units.table().units.values())


def _sentence(u, written: str) -> str:
    context = u.context[0] if u.context else ""
    follow = u.followed_by[0] if u.followed_by else ""
    return f"全年{context}累计达到37{written}{follow}。"


@pytest.mark.parametrize("u", _REGISTRY, ids=[u.written for u in _REGISTRY])
def test_every_registry_unit_is_read(u):
    forms = [u.written] + _units.traditional_forms(u.written)[:2]
    for written in forms:
        text = _sentence(u, written)
        got = read(text)
        assert len(got) == 1, (text, [(i.span.text, i.unit) for i in got])
        item = got[0]
        assert written in item.span.text
        assert (item.unit, item.quantity_kind) == (u.unit, u.kind)
        assert math.isclose(item.value, 37 * u.scale)
        assert item.currency == u.currency
        if u.pint:
            assert item.si_value is not None and item.si_unit, text
            assert item.si_unit == _units.si(u.unit, 1.0)[1]
        else:
            assert item.si_value is None and item.si_unit is None


def test_registry_units_convert_with_pint_to_their_dimension():
    t = _units.table()
    for u in _REGISTRY:
        if u.pint:
            value, unit = _units.si(u.unit, 2.0)
            assert value is not None and value > 0, u.written
            registry = _units._registry()
            assert registry.Unit(t.si_units[u.dimension]).dimensionality == \
                registry.parse_expression(u.pint).dimensionality, u.written
    assert _units.si("斤", 2.592e10) == (1.296e10, "kg")
    assert _units.si("平方公里", 1.0) == (1e6, "m²")


def test_shipped_si_factors_are_pints_for_units_yaml_as_it_is():
    import json
    from importlib import resources

    shipped = json.loads((resources.files("pipeline") / "data" / _units.SI_FILE).read_text("utf-8"))
    assert shipped == _units.si_factors(), "si_factors.json is stale: python -m pipeline.normalize.units"
    assert _units._shipped(), "the shipped table is not used"


def test_si_values_by_the_shipped_table_are_pints(monkeypatch):
    values = [0.0, 2.5, 25.0, -12.5, 37.2, 1e6, 2.592e10, 0.001]
    cases = [(u.unit, v, d) for u in _REGISTRY if u.pint for v in values for d in (False, True)]
    with_table = [_units.si(*c) for c in cases]
    monkeypatch.setattr(_units, "_shipped", lambda: {})
    _units._si_factor.cache_clear()
    try:
        assert [_units.si(*c) for c in cases] == with_table
    finally:
        _units._si_factor.cache_clear()


def test_registry_rejects_money_without_currency_and_pint_without_dimension():
    from pipeline.normalize.lexicon import DataFileError

    with pytest.raises(DataFileError, match="currency"):
        _units._build({"units": [{"written": "镑", "unit": "镑", "kind": "money"}]})
    with pytest.raises(DataFileError, match="pint"):
        _units._build({"units": [{"written": "尺", "unit": "尺", "kind": "physical", "pint": "foot"}]})


def test_units_command_prints_the_registry():
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    res = CliRunner().invoke(app, ["units", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert len(rows) == len(_REGISTRY)
    by = {r["written"]: r for r in rows}
    assert by["美元"]["currency"] == "USD" and by["斤"]["si_per_unit"] == 0.5 and "噸" in by["吨"]["traditional"]
    table = CliRunner().invoke(app, ["units"])
    assert table.exit_code == 0 and "平方公里" in table.output
