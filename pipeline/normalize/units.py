"""Units and measure words of indicators: canonical unit, quantity_kind, scaling.

The table lives in ``pipeline/data/units.yaml``; it is read and validated once. ``unit_regex()``
gives an alternation of every written unit (longest first, each guarded by the characters that
would make it the start of another word), for the indicator extractor's one-pass pattern.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import regex

from ..rules import load_rules, validate_rules
from ..rules.types import chars_of, words_of
from ..rules.units import QuantityRules as QuantityRulesModel, Units as UnitsModel
from .. import regex_cache

_FILE = "units.yaml"


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str
    kind: str
    scale: float = 1.0
    not_before: str = ""
    arabic_only: bool = False  # 十分 (very) and 七分 are words; a score is written in digits
    followed_by: tuple[str, ...] = ()  # the unit counts only before one of these (5日内, not 5日)
    dimension: Optional[str] = None  # what a physical unit measures (length, mass …; age)
    pint: Optional[str] = None       # the unit in pint's notation, for SI values
    currency: Optional[str] = None   # ISO 4217 code of a money unit
    context: tuple[str, ...] = ()    # one of these must stand shortly before the number (算力 … P)


@dataclass(frozen=True)
class UnitTable:
    units: dict[str, Unit]
    multipliers: dict[str, float]
    pattern: str  # alternation over written units, with guards
    pint_definitions: tuple[str, ...] = ()
    si_units: dict[str, str] | None = None  # dimension -> SI unit (pint notation)
    by_unit: dict[str, Unit] | None = None  # canonical unit -> its first entry


def _build(data) -> UnitTable:
    """The unit table of ``units.yaml`` (a validated model, or its raw content, validated here)."""
    d = data if isinstance(data, UnitsModel) else validate_rules(data, UnitsModel, _FILE)
    units: dict[str, Unit] = {}
    for e in d.units:
        # a count word's guard also keeps derived words out (一次性, 一门式)
        guard = chars_of(e.not_before) + (chars_of(d.count_not_before) if e.kind == "count" else "")
        units[e.written] = Unit(e.written, e.unit, e.kind, float(e.scale), guard, e.arabic_only,
                                tuple(words_of(e.followed_by)), e.dimension, e.pint, e.currency,
                                tuple(words_of(e.context)))
    by_unit: dict[str, Unit] = {}
    for u in units.values():
        by_unit.setdefault(u.unit, u)
    return UnitTable(units, {w: float(f) for w, f in d.multipliers.items()}, _trie(units.values()),
                     tuple(d.pint_definitions), dict(d.si_units), by_unit)


def _ending(u: Unit) -> str:
    """What must (not) follow a written unit: its not-before guard and followed-by words."""
    guard = "".join(sorted(set(u.not_before)))
    part = f"(?![{regex.escape(guard)}])" if guard else ""
    if u.followed_by and not u.context:  # (with a context too, either will do: checked where the number is read)
        part += "(?=" + "|".join(regex.escape(w) for w in u.followed_by) + ")"
    return part


def _trie(chosen) -> str:
    """A regex over written units shaped as a trie (one branch per first character, fast), the
    longer unit tried first (个工作日 before 个), each ending with its guards.

    >>> r = regex_cache.compile(_trie([Unit("个", "个", "count", not_before="体"), Unit("个月", "月", "duration")]))
    >>> [m.group() for m in r.finditer("个月个体个")]
    ['个月', '个']
    """
    root: dict = {}
    for u in chosen:
        node = root
        for ch in u.written:
            node = node.setdefault(ch, {})
        node[""] = u

    def build(node: dict) -> str:
        alts = [regex.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append(_ending(node[""]))
        if not alts:
            return ""
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return build(root) or "(?!)"


@lru_cache(maxsize=1)
def table() -> UnitTable:
    """The validated unit table (read once)."""
    return _build(load_rules(_FILE, UnitsModel))


def lookup(written: str) -> Optional[Unit]:
    """The unit entry for a unit as written, or None.

    >>> lookup("个工作日").unit, lookup("个工作日").kind
    ('工作日', 'duration')
    >>> lookup("个百分点").unit, lookup("大类").unit, lookup("元").kind
    ('百分点', '类', 'money')
    >>> lookup("日").unit, lookup("日").followed_by[0]
    ('天', '内')
    >>> lookup("斤").dimension, lookup("美元").currency, lookup("噸").unit
    ('mass', 'USD', '吨')
    >>> lookup("号") is None
    True
    """
    t = table()
    return t.units.get(written) or t.units.get(_fold(written))


def _fold(text: str) -> str:
    from ..textview import fold

    return fold(text)


def entry(unit: str) -> Optional[Unit]:
    """The registry entry of a canonical unit (元 -> CNY, 斤 -> mass)."""
    return (table().by_unit or {}).get(unit)


# --------------------------------------------------------------------------- SI values (pint)
SI_FILE = "si_factors.json"
_GRID = [k / 4 for k in range(-400, 401)] + [float(k) for k in range(-10000, 100001, 37)]


@lru_cache(maxsize=1)
def _registry():
    import pint  # imported on first use: units the shipped table lacks are the only users

    ureg = pint.UnitRegistry()
    for definition in table().pint_definitions:
        ureg.define(definition)
    return ureg


def _units_sha256() -> str:
    import hashlib

    return hashlib.sha256((resources.files("pipeline") / "data" / _FILE).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _shipped() -> dict[tuple[str, str], tuple]:
    """(pint form, SI unit) -> (factor, SI unit written, linear form of an offset unit): what pint gave
    for units.yaml as it is now (``write_si_factors``), so that pint, about 0.6 s to import and set up,
    is not loaded for them. Empty when units.yaml changed since."""
    path = resources.files("pipeline") / "data" / SI_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    if data.get("units_sha256") != _units_sha256():
        return {}
    return {(form, target): (factor, written, tuple(linear) if linear else None)
            for form, target, factor, written, linear in data["factors"]}


@lru_cache(maxsize=None)
def _si_factor(pint_form: str, target: str) -> tuple[Optional[float], str]:
    shipped = _shipped().get((pint_form, target))
    return shipped[:2] if shipped is not None else _pint_factor(pint_form, target)


def _pint_factor(pint_form: str, target: str) -> tuple[Optional[float], str]:
    ureg = _registry()
    unit = ureg.Unit(target)
    q = ureg.parse_expression(pint_form)
    if not isinstance(q, ureg.Quantity):
        q = ureg.Quantity(float(q), "")
    if not q._ok_for_muldiv():  # an offset unit (℃): converted value by value
        return None, f"{unit:~P}"
    return float(q.to(unit).magnitude), f"{unit:~P}"


def _pint_value(pint_form: str, target: str, value: float, difference: bool) -> float:
    form = pint_form if not difference else "delta_" + pint_form
    return float(_registry().Quantity(value, form).to(target).magnitude)


def _offset_value(pint_form: str, target: str, value: float, difference: bool) -> float:
    """An offset unit's value in SI: by the linear form shipped for it (checked to give pint's
    results), else by pint."""
    shipped = _shipped().get((pint_form, target))
    if shipped is None or shipped[2] is None:
        return _pint_value(pint_form, target, value, difference)
    scale, offset = shipped[2]
    return value * scale if difference else value * scale + offset


def _linear_form(pint_form: str, target: str) -> Optional[list[float]]:
    """[scale, offset] of an offset unit when ``value * scale (+ offset)`` gives pint's very results,
    for values and differences, on a grid of values; else None (pint converts it)."""
    scale = _pint_value(pint_form, target, 1.0, True)
    offset = _pint_value(pint_form, target, 0.0, False)
    same = all(_pint_value(pint_form, target, v, False) == v * scale + offset
               and _pint_value(pint_form, target, v, True) == v * scale for v in _GRID)
    return [scale, offset] if same else None


def si_factors() -> dict:
    """The content of ``si_factors.json`` for units.yaml as it is now, computed by pint."""
    t = table()
    rows, seen = [], set()
    for u in t.units.values():
        target = (t.si_units or {}).get(u.dimension)
        if u.pint is None or target is None or (u.pint, target) in seen:
            continue
        seen.add((u.pint, target))
        factor, written = _pint_factor(u.pint, target)
        rows.append([u.pint, target, factor, written, None if factor is not None else _linear_form(u.pint, target)])
    return {"units_sha256": _units_sha256(), "factors": rows}


def write_si_factors() -> None:
    """Write ``pipeline/data/si_factors.json`` (after an edit of units.yaml: ``python -m
    pipeline.normalize.units``)."""
    path = resources.files("pipeline") / "data" / SI_FILE
    data = si_factors()
    rows = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in data["factors"])
    path.write_text(f'{{"units_sha256": "{data["units_sha256"]}",\n "factors": [\n{rows}\n]}}\n', encoding="utf-8")


def si(unit: str, value: float, difference: bool = False) -> tuple[Optional[float], Optional[str]]:
    """(si_value, si_unit) of a physical quantity in a canonical unit, or (None, None).

    ``difference``: the value is a change (a rise of 5 ℃ is 5 K, a temperature of 5 ℃ is 278.15 K).

    >>> si("斤", 2.592e10), si("亩", 15), si("千瓦时", 1), si("度", 2)
    ((12960000000.0, 'kg'), (10000.0, 'm²'), (3600000.0, 'J'), (7200000.0, 'J'))
    >>> si("℃", 25), si("℃", 5, difference=True), si("件", 3)
    ((298.15, 'K'), (5.0, 'K'), (None, None))
    """
    u = entry(unit)
    if u is None or u.pint is None:
        return None, None
    t = table()
    target = (t.si_units or {}).get(u.dimension)
    factor, si_unit = _si_factor(u.pint, target)
    if factor is not None:
        out = value * factor
    else:
        out = _offset_value(u.pint, target, value, difference)
    out = float(f"{out:.12g}")
    return (out if abs(out) < 1e300 else None), si_unit


def multiplier(word: str) -> Optional[float]:
    """Value of a multiplier word written between a number and its unit.

    >>> multiplier("万"), multiplier("亿"), multiplier("万亿"), multiplier("")
    (10000.0, 100000000.0, 1000000000000.0, None)
    """
    return table().multipliers.get(word) if word else None


def unit_regex() -> str:
    """Alternation over every written unit, longest first, with its not-before guard."""
    return table().pattern


@lru_cache(maxsize=8)
def unit_regex_of(kinds: tuple[str, ...], extra: tuple[str, ...] = (), first: str = "") -> str:
    """Alternation over the written units of some kinds only (and ``extra`` written units), or with
    ``first``: over the units whose first character is one of these."""
    t = table()
    if first:
        chosen = [u for u in t.units.values() if u.written[0] in first]
    else:
        chosen = [u for u in t.units.values() if u.kind in kinds or u.written in extra]
    return _trie(chosen)


def multiplier_regex() -> str:
    words = sorted(table().multipliers, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in words) or "(?!)"


def quantity_kind(unit: str) -> Optional[str]:
    """quantity_kind of a canonical unit.

    >>> quantity_kind("%"), quantity_kind("工作日"), quantity_kind("件"), quantity_kind("元")
    ('ratio', 'duration', 'count', 'money')
    """
    for u in table().units.values():
        if u.unit == unit:
            return u.kind
    return None


# --------------------------------------------------------------------------- sign and direction
_QFILE = "quantity_rules.yaml"


@dataclass(frozen=True)
class QuantityRules:
    direction_before: "regex.Pattern"  # a rising or falling verb right before the number
    minus_after: str                   # characters after which "-" glued to a number is a minus
    negative_after: str                # Chinese characters after which 负 is a minus (为负3%)
    last_chars: frozenset              # last characters of every verb and linking word: a quick test


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) or "(?!)"


@lru_cache(maxsize=1)
def quantity_rules() -> QuantityRules:
    """Sign and direction rules of ``quantity_rules.yaml`` (read once)."""
    data = load_rules(_QFILE, QuantityRulesModel)
    d = data.direction
    up, down, between, negative = (words_of(w) for w in (d.up, d.down, d.between, data.negative_words))
    tail = f"(?:{_alt(between)})?[ \\t]{{0,2}}$"
    words = up + down + between + negative
    neg = _alt(negative)
    return QuantityRules(
        # searched backwards from the number: the one place it can end is tried first
        direction_before=regex_cache.compile(f"(?r)(?:(?P<neg>{neg})|(?P<up>{_alt(up)})|(?P<down>{_alt(down)})){tail}"),
        minus_after=chars_of(data.minus_after),
        negative_after=chars_of(data.negative_after),
        last_chars=frozenset(w[-1] for w in words) | {" ", "\t"},
    )


def direction_before(norm: str, start: int) -> tuple[bool, Optional[str]]:
    """(negative word?, direction) read from the words right before a number at ``start``.

    >>> direction_before("同比下降3.5%", 4), direction_before("增长了12%", 3), direction_before("负增长2.1%", 3)
    ((False, 'down'), (False, 'up'), (True, 'down'))
    >>> direction_before("降至3.5%", 2), direction_before("增长率5%", 3)
    ((False, None), (False, None))
    """
    qr = quantity_rules()
    if start == 0 or norm[start - 1] not in qr.last_chars:
        return False, None
    m = qr.direction_before.search(norm, max(0, start - 10), start)
    if m is None:
        return False, None
    if m.group("neg"):
        return True, "down"
    return False, "up" if m.group("up") else "down"


# --------------------------------------------------------------------------- the registry, listed
@lru_cache(maxsize=1)
def _traditional_forms() -> dict[str, tuple[str, ...]]:
    """simplified character -> its traditional forms, from the view's folding table."""
    from ..textview import traditional_fold

    out: dict[str, list[str]] = {}
    for t, s in traditional_fold().items():
        out.setdefault(chr(s), []).append(chr(t))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def traditional_forms(written: str) -> list[str]:
    """Traditional spellings of a written unit that the view reads as it (噸 for 吨, 個 for 个).

    >>> traditional_forms("吨"), traditional_forms("个工作日"), traditional_forms("%")
    (['噸'], ['個工作日', '箇工作日'], [])
    """
    forms = [""]
    for ch in written:
        alts = (ch,) + _traditional_forms().get(ch, ())
        forms = [f + a for f in forms for a in alts][:16]
    return [f for f in forms if f != written]


def registry_rows() -> list[dict]:
    """One row per written unit: what ``policy-measures units`` prints."""
    rows = []
    for u in table().units.values():
        si_value, si_unit = si(u.unit, 1.0) if u.pint and u.dimension != "temperature" else (None, None)
        if u.dimension == "temperature":
            si_unit = (table().si_units or {}).get("temperature")
        rows.append({"written": u.written, "traditional": traditional_forms(u.written), "unit": u.unit,
                     "kind": u.kind, "dimension": u.dimension, "currency": u.currency, "scale": u.scale,
                     "pint": u.pint, "si_per_unit": si_value, "si_unit": si_unit})
    return rows


if __name__ == "__main__":
    write_si_factors()
    sys.exit(0)
