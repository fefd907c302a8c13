"""Units and measure words of indicators: canonical unit, quantity_kind, scaling.

The table lives in ``pipeline/data/units.yaml``; it is read and validated once. ``unit_regex()``
gives an alternation of every written unit (longest first, each guarded by the characters that
would make it the start of another word), for the indicator extractor's one-pass pattern.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from .lexicon import DataFileError, load_yaml, need

_FILE = "units.yaml"
KINDS = {"ratio", "duration", "count", "money", "score", "physical"}


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str
    kind: str
    scale: float = 1.0
    not_before: str = ""
    arabic_only: bool = False  # 十分 (very) and 七分 are words; a score is written in digits
    followed_by: tuple[str, ...] = ()  # the unit counts only before one of these (5日内, not 5日)


@dataclass(frozen=True)
class UnitTable:
    units: dict[str, Unit]
    multipliers: dict[str, float]
    pattern: str  # alternation over written units, with guards


def _build(data) -> UnitTable:
    need(_FILE, "top level", data, dict)
    mults = need(_FILE, "multipliers", data.get("multipliers") or {}, dict)
    multipliers: dict[str, float] = {}
    for word, factor in mults.items():
        if not isinstance(word, str) or not word or not isinstance(factor, (int, float)) or factor <= 0:
            raise DataFileError(f"{_FILE}: multipliers[{word!r}] must map a word to a positive number")
        multipliers[word] = float(factor)
    count_guard = need(_FILE, "count_not_before", data.get("count_not_before") or "", str)
    units: dict[str, Unit] = {}
    for i, entry in enumerate(need(_FILE, "units", data.get("units"), list)):
        where = f"units[{i}]"
        need(_FILE, where, entry, dict)
        unknown = set(entry) - {"written", "unit", "kind", "scale", "not_before", "arabic_only", "followed_by"}
        if unknown:
            raise DataFileError(f"{_FILE}: {where}: unknown keys {sorted(unknown)}")
        written = need(_FILE, f"{where}.written", entry.get("written"), str)
        unit = need(_FILE, f"{where}.unit", entry.get("unit"), str)
        kind = need(_FILE, f"{where}.kind", entry.get("kind"), str)
        if not written or not unit:
            raise DataFileError(f"{_FILE}: {where}: written and unit must be non-empty")
        if kind not in KINDS:
            raise DataFileError(f"{_FILE}: {where}: kind {kind!r} is not one of {sorted(KINDS)}")
        if written in units:
            raise DataFileError(f"{_FILE}: {where}: unit {written!r} is listed twice")
        scale = entry.get("scale", 1.0)
        if not isinstance(scale, (int, float)) or scale <= 0:
            raise DataFileError(f"{_FILE}: {where}.scale must be a positive number")
        guard = need(_FILE, f"{where}.not_before", entry.get("not_before") or "", str)
        if kind == "count":
            guard += count_guard
        followed = entry.get("followed_by") or []
        if not isinstance(followed, list) or not all(isinstance(w, str) and w for w in followed):
            raise DataFileError(f"{_FILE}: {where}.followed_by must be a list of non-empty strings")
        units[written] = Unit(written, unit, kind, float(scale), guard,
                              bool(entry.get("arabic_only", False)), tuple(followed))
    parts = []
    for u in sorted(units.values(), key=lambda u: (-len(u.written), u.written)):
        guard = "".join(sorted(set(u.not_before)))
        part = regex.escape(u.written) + (f"(?![{regex.escape(guard)}])" if guard else "")
        if u.followed_by:
            part += "(?=" + "|".join(regex.escape(w) for w in u.followed_by) + ")"
        parts.append(part)
    return UnitTable(units, multipliers, "|".join(parts) or "(?!)")


@lru_cache(maxsize=1)
def table() -> UnitTable:
    """The validated unit table (read once)."""
    return _build(load_yaml(_FILE))


def lookup(written: str) -> Optional[Unit]:
    """The unit entry for a unit as written, or None.

    >>> lookup("个工作日").unit, lookup("个工作日").kind
    ('工作日', 'duration')
    >>> lookup("个百分点").unit, lookup("大类").unit, lookup("元").kind
    ('百分点', '类', 'money')
    >>> lookup("日").unit, lookup("日").followed_by[0]
    ('天', '内')
    >>> lookup("斤") is None
    True
    """
    return table().units.get(written)


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
def unit_regex_of(kinds: tuple[str, ...], extra: tuple[str, ...] = ()) -> str:
    """Alternation over the written units of some kinds only (and ``extra`` written units)."""
    t = table()
    chosen = [u for u in t.units.values() if u.kind in kinds or u.written in extra]
    parts = []
    for u in sorted(chosen, key=lambda u: (-len(u.written), u.written)):
        guard = "".join(sorted(set(u.not_before)))
        part = regex.escape(u.written) + (f"(?![{regex.escape(guard)}])" if guard else "")
        if u.followed_by:
            part += "(?=" + "|".join(regex.escape(w) for w in u.followed_by) + ")"
        parts.append(part)
    return "|".join(parts) or "(?!)"


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


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) or "(?!)"


@lru_cache(maxsize=1)
def quantity_rules() -> QuantityRules:
    """Sign and direction rules of ``quantity_rules.yaml`` (read once)."""
    from .lexicon import str_list

    data = need(_QFILE, "top level", load_yaml(_QFILE), dict)
    d = need(_QFILE, "direction", data.get("direction"), dict)
    up = str_list(_QFILE, "direction.up", d.get("up"))
    down = str_list(_QFILE, "direction.down", d.get("down"))
    if set(up) & set(down):
        raise DataFileError(f"{_QFILE}: direction: {sorted(set(up) & set(down))} listed both up and down")
    between = _alt(str_list(_QFILE, "direction.between", d.get("between")))
    neg = _alt(str_list(_QFILE, "negative_words", data.get("negative_words")))
    tail = f"(?:{between})?[ \\t]{{0,2}}$"
    return QuantityRules(
        direction_before=regex.compile(f"(?:(?P<neg>{neg})|(?P<up>{_alt(up)})|(?P<down>{_alt(down)})){tail}"),
        minus_after=need(_QFILE, "minus_after", data.get("minus_after") or "", str),
        negative_after=need(_QFILE, "negative_after", data.get("negative_after") or "", str),
    )


def direction_before(norm: str, start: int) -> tuple[bool, Optional[str]]:
    """(negative word?, direction) read from the words right before a number at ``start``.

    >>> direction_before("同比下降3.5%", 4), direction_before("增长了12%", 3), direction_before("负增长2.1%", 3)
    ((False, 'down'), (False, 'up'), (True, 'down'))
    >>> direction_before("降至3.5%", 2), direction_before("增长率5%", 3)
    ((False, None), (False, None))
    """
    m = quantity_rules().direction_before.search(norm, max(0, start - 10), start)
    if m is None:
        return False, None
    if m.group("neg"):
        return True, "down"
    return False, "up" if m.group("up") else "down"
