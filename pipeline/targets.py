"""Targets against outcomes: the headline figures of work reports lined up place × year × indicator.

A report given in early 2025 plans 2025 (its targets paragraph: ``地区生产总值增长5.5%左右``) and reviews
2024 (``全市地区生产总值增长5.2%``). Each indicator carries the year it speaks of (``period``) and whether
it is a target or a result (``status``, from the section it stands in), so the target for year Y comes
from the document that plans Y and the outcome for Y from a review of Y, usually next year's report.

Only documents about a place of the level asked for count (a county's target is not its city's).
One row per place, year and indicator, with the document and span of each number so that a researcher
can open the sentence. Growth ids are read signed (``下降3.5%`` is −3.5). When a document gives a figure twice (the targets paragraph, then a task section
repeating it), the first in the document is taken. ``versus="superior"`` adds the superior level's target
for the same year where the corpus holds it: a city's against its province's and the nation's.

The nation is the place of a document with no region that writes 国内生产总值 (only the national
aggregate is called so; regions write 地区生产总值).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Optional

import pandas as pd

from .compare import LEVELS, place_path
from .models import Document
from .tables import plain, typed_frame

NATION = "全国"
HEADLINE_IDS = ("gdp_growth", "gdp", "industrial_value_added_growth", "fixed_asset_investment_growth",
                "retail_sales_growth", "budget_revenue_growth", "foreign_trade_growth", "disposable_income_growth",
                "new_urban_jobs", "urban_unemployment_rate", "cpi_growth", "grain_output",
                "energy_intensity_reduction", "rd_intensity")

TARGET_COLUMNS = (
    "place", "adcode", "level", "year", "indicator", "target", "target_max", "target_qualifier", "outcome",
    "gap", "unit", "target_doc", "target_span", "target_text", "outcome_doc", "outcome_span", "outcome_text",
)
SUPERIOR_COLUMNS = ("superior_place", "superior_level", "superior_target", "superior_target_max", "versus_superior")


def is_national(document: Document) -> bool:
    """A document about the whole country: no region, and its GDP is 国内生产总值."""
    return document.region is None and any(
        (i.name or "").startswith("国内生产总值") for i in document.indicators if i.indicator in ("gdp", "gdp_growth"))


def _place(document: Document, by: str) -> Optional[tuple[str, Optional[str], str, tuple]]:
    """(place, adcode, level, key) of a document at level ``by`` (or the nation), else None."""
    if is_national(document):
        return NATION, "100000", "nation", (NATION,)
    region = document.region
    # a county's target is not its city's: only documents about a place of this level count
    if region is None or plain(region.level) != by:
        return None
    path = place_path(document, by)
    if path is None:
        return None
    return path[-1], region.adcode, by, path


def signed(item) -> float:
    """A growth figure as a signed rate: 下降3.5% (direction down) is −3.5 for a *_growth id; a reduction id
    (energy_intensity_reduction) or a level keeps its value."""
    if item.indicator and item.indicator.endswith("_growth") and plain(getattr(item, "direction", None)) == "down":
        return -abs(item.value)
    return item.value


def _span(item) -> str:
    return f"{item.span.start}-{item.span.end}"


def _collect(documents: Iterable[Document], by: str, wanted: Optional[set[str]]) -> dict:
    """{(key, year, indicator): {"place", "adcode", "level", "target": (doc, item), "outcome": (doc, item)}}"""
    cells: dict[tuple, dict[str, Any]] = {}
    for d in documents:
        place = _place(d, by)
        if place is None:
            continue
        name, adcode, level, key = place
        for i in d.indicators:
            if i.indicator is None or i.period is None or (wanted is not None and i.indicator not in wanted):
                continue
            slot = "target" if plain(i.status) == "target" else "outcome" if plain(i.status) == "achieved" else None
            if slot is None:
                continue
            cell = cells.setdefault((key, i.period, i.indicator),
                                    {"place": name, "adcode": adcode, "level": level})
            cell.setdefault(slot, (d, i))  # the first in input and document order
            if cell["adcode"] is None and adcode is not None:
                cell["adcode"] = adcode
    return cells


def _row(key: tuple, year: int, indicator: str, cell: dict) -> dict:
    target = cell.get("target")
    outcome = cell.get("outcome")
    t_item = target[1] if target else None
    o_item = outcome[1] if outcome else None
    gap = (signed(o_item) - signed(t_item)) if t_item is not None and o_item is not None else None
    return {
        "place": cell["place"], "adcode": cell["adcode"], "level": cell["level"], "year": year,
        "indicator": indicator,
        "target": signed(t_item) if t_item else None, "target_max": t_item.value_max if t_item else None,
        "target_qualifier": plain(t_item.qualifier) if t_item else None,
        "outcome": signed(o_item) if o_item else None, "gap": gap,
        "unit": (t_item or o_item).unit,
        "target_doc": target[0].doc_id if target else None, "target_span": _span(t_item) if t_item else None,
        "target_text": t_item.span.text if t_item else None,
        "outcome_doc": outcome[0].doc_id if outcome else None, "outcome_span": _span(o_item) if o_item else None,
        "outcome_text": o_item.span.text if o_item else None,
        "_key": key,
    }


def _superiors(key: tuple, level: str) -> list[tuple]:
    """Keys of the superior places of a place key, nearest first, ending with the nation."""
    if level == "nation":
        return []
    depth = LEVELS.index(level)
    return [key[:k] for k in range(depth, 0, -1)] + [(NATION,)]


def targets(documents: Iterable[Document], indicators: Sequence[str] | None = None, by: str = "city",
            versus: Optional[str] = None) -> pd.DataFrame:
    """Target against outcome per place × year × indicator (see the module doc).

    ``indicators`` defaults to the headline ids of work reports; ``by`` is the level places are read at
    (national documents are always kept, as the nation); ``versus="superior"`` adds the nearest superior
    place with a target for the same year and indicator, and the difference (this place's minus its).
    """
    if by not in LEVELS:
        raise ValueError(f"by must be one of {', '.join(LEVELS)}, not {by!r}")
    if versus not in (None, "superior"):
        raise ValueError(f"versus must be 'superior' or None, not {versus!r}")
    wanted = set(indicators) if indicators else set(HEADLINE_IDS)
    docs = list(documents)
    cells = _collect(docs, by, wanted)
    if versus == "superior":
        # superiors are read at every level above `by`
        for level in LEVELS[:LEVELS.index(by)]:
            for k, cell in _collect(docs, level, wanted).items():
                cells.setdefault(k, cell)
    rows = [_row(key, year, ind, cell) for (key, year, ind), cell in cells.items()]
    if versus == "superior":
        by_key = {(r["_key"], r["year"], r["indicator"]): r for r in rows}
        for r in rows:
            sup = next((by_key[(k, r["year"], r["indicator"])] for k in _superiors(r["_key"], r["level"])
                        if (k, r["year"], r["indicator"]) in by_key
                        and by_key[(k, r["year"], r["indicator"])]["target"] is not None), None)
            r["superior_place"] = sup["place"] if sup else None
            r["superior_level"] = sup["level"] if sup else None
            r["superior_target"] = sup["target"] if sup else None
            r["superior_target_max"] = sup["target_max"] if sup else None
            r["versus_superior"] = (r["target"] - sup["target"]) if sup and r["target"] is not None else None
        rows = [r for r in rows if r["level"] in (by, "nation")]  # superiors were read only to compare
    rows.sort(key=lambda r: (r["level"] != "nation", tuple(p or "" for p in r["_key"]), r["indicator"], r["year"]))
    columns = TARGET_COLUMNS + (SUPERIOR_COLUMNS if versus == "superior" else ())
    return typed_frame(rows, columns, ints=("year",),
                       floats=("target", "target_max", "outcome", "gap", "superior_target", "superior_target_max",
                               "versus_superior"))
