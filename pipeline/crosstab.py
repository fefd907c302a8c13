"""Comparable tables over a corpus: place × indicator (headline values), measures per category and
campaigns per place. Places are keyed as in :mod:`pipeline.compare` (a county-level city governed by its
province, such as 天门市, is a place of its own at the city level, since it has no city above it).

An indicator's ``period`` (the year a figure speaks of, when the model carries it) splits the columns, so a
city's 2023 result stands beside its 2024 target; without it the column is the indicator alone.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from .compare import LEVELS, UNCATEGORISED, _STATUS_RANK
from .models import Document, MeasureCategory
from .tables import plain

PLACE_COLUMNS = ("province", "city", "county", "adcode")


def place_of(document: Document, by: str = "city") -> tuple | None:
    """(province, place name, adcode of the place) at level ``by``, or None when unknown at that level."""
    if by not in LEVELS:
        raise ValueError(f"by must be one of {', '.join(LEVELS)}, not {by!r}")
    r = document.region
    if r is None:
        return None
    name = getattr(r, by)
    if name is None and by == "city" and r.county and r.adcode and r.adcode[2:4] == "90":
        name = r.county  # 天门市, 济源市: under the province directly
    if name is None:
        return None
    adcode = r.adcode if (r.level == by or (by == "city" and name == r.county)) else _adcode_of(name, r)
    return r.province, name, adcode


def _adcode_of(name: str, region) -> str | None:
    from .normalize.regions import resolve

    unit = resolve(name, within=region.province)
    return unit.adcode if unit else None


def _period(indicator) -> int | None:
    value = getattr(indicator, "period", None)
    return value if isinstance(value, int) else None


def headline_rows(documents: Iterable[Document], by: str = "city") -> pd.DataFrame:
    """One row per place, indicator and period: the headline value (latest document year, achieved
    before target, first in input order and text) and where it was read."""
    best: dict[tuple, tuple] = {}
    for order, d in enumerate(documents):
        place = place_of(d, by)
        if place is None:
            continue
        for i in d.indicators:
            if i.indicator is None:
                continue
            period = _period(i)
            key = (place, i.indicator, period)
            rank = (-(d.year or -math.inf), _STATUS_RANK.get(plain(i.status), 2), order, i.span.start)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, d, i)
    rows = []
    for (place, indicator, period), (_, d, i) in best.items():
        rows.append({"province": place[0], "place": place[1], "adcode": place[2], "indicator": indicator,
                     "period": period, "value": i.value, "unit": i.unit, "status": plain(i.status),
                     "year": d.year, "doc_id": d.doc_id, "start": i.span.start, "end": i.span.end,
                     "text": i.span.text})
    columns = ["province", "place", "adcode", "indicator", "period", "value", "unit", "status", "year", "doc_id",
               "start", "end", "text"]
    return pd.DataFrame(rows, columns=columns).sort_values(["place", "indicator", "period"], na_position="first",
                                                           ignore_index=True)


def indicator_table(documents: Iterable[Document], by: str = "city", indicators: list[str] | None = None,
                    min_places: int = 1) -> pd.DataFrame:
    """Place × indicator table of headline values (columns ``indicator`` or ``indicator@period``); indicators
    reported by fewer than ``min_places`` places are left out."""
    rows = headline_rows(documents, by)
    if indicators:
        rows = rows[rows["indicator"].isin(indicators)]
    if rows.empty:
        return pd.DataFrame(index=pd.Index([], name=by))
    rows = rows.assign(column=[ind if p is None or (isinstance(p, float) and math.isnan(p)) else f"{ind}@{int(p)}"
                               for ind, p in zip(rows["indicator"], rows["period"])])
    table = rows.pivot_table(index=["province", "place", "adcode"], columns="column", values="value", aggfunc="first")
    table = table.loc[:, table.notna().sum() >= min_places]
    table.columns.name = None
    table.index = table.index.set_names(["province", by, "adcode"])
    return table.reset_index()


def category_counts(documents: Iterable[Document], by: str = "city") -> pd.DataFrame:
    """Number of measures per category for each place (with ``n_measures`` and ``n_documents``)."""
    labels = [c.value for c in MeasureCategory] + [UNCATEGORISED]
    rows: dict[tuple, dict] = {}
    for d in documents:
        place = place_of(d, by)
        if place is None:
            continue
        row = rows.setdefault(place, {"n_documents": 0, "n_measures": 0, **dict.fromkeys(labels, 0)})
        row["n_documents"] += 1
        row["n_measures"] += len(d.measures)
        for m in d.measures:
            row[plain(m.category) or UNCATEGORISED] += 1
    return _place_frame(rows, by, ["n_documents", "n_measures", *labels])


def campaign_spread(documents: Iterable[Document], by: str = "city") -> pd.DataFrame:
    """Campaigns by the number of places that run them: one row per campaign_key with ``n_places``, the
    places, and a name as written. Keys should be linked across the corpus first
    (:func:`pipeline.campaign_keys.assign`)."""
    places: dict[str, set] = {}
    written: dict[str, str] = {}
    for d in documents:
        place = place_of(d, by)
        if place is None:
            continue
        for c in d.campaigns:
            key = c.campaign_key or c.name
            places.setdefault(key, set()).add(place[1])
            written.setdefault(key, c.name)
    rows = [{"campaign_key": k, "n_places": len(v), "places": "|".join(sorted(v)), "example": written[k]}
            for k, v in places.items()]
    frame = pd.DataFrame(rows, columns=["campaign_key", "n_places", "places", "example"])
    return frame.sort_values(["n_places", "campaign_key"], ascending=[False, True], ignore_index=True)


def campaigns_per_place(documents: Iterable[Document], by: str = "city") -> pd.DataFrame:
    """Number of distinct campaigns (by campaign_key) each place runs."""
    rows: dict[tuple, dict] = {}
    for d in documents:
        place = place_of(d, by)
        if place is None:
            continue
        row = rows.setdefault(place, {"n_documents": 0, "keys": set()})
        row["n_documents"] += 1
        row["keys"].update(c.campaign_key or c.name for c in d.campaigns)
    flat = {p: {"n_documents": r["n_documents"], "n_campaigns": len(r["keys"])} for p, r in rows.items()}
    return _place_frame(flat, by, ["n_documents", "n_campaigns"])


def _place_frame(rows: dict[tuple, dict], by: str, columns: list[str]) -> pd.DataFrame:
    data = [{"province": p[0], by: p[1], "adcode": p[2], **{c: r[c] for c in columns}} for p, r in rows.items()]
    frame = pd.DataFrame(data, columns=["province", by, "adcode", *columns])
    return frame.sort_values(["province", by], ignore_index=True)
