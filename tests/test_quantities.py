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
