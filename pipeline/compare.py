"""Compare places: indicator values per place, and the mix of measure categories and sanctions.

:func:`compare` keeps every value found (a city may report 办结率 in several documents and years) and
flags one ``headline`` value per place and indicator by :data:`HEADLINE_RULE`. :func:`category_mix`
and :func:`action_mix` profile what places do, normalised by their number of measures so that long
and short documents compare. Renderers give a rich Table, CSV or Markdown.
"""
from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from .models import AccountabilityAction, Document, MeasureCategory
from .tables import plain, typed_frame

LEVELS = ("province", "city", "county")

HEADLINE_RULE = (
    "headline = per place and indicator, the value from the latest document year (unknown year last), "
    "achieved before target (unknown status last), then the earliest in input order and in the document"
)

UNCATEGORISED = "uncategorised"
UNKNOWN_PLACE = "(unknown)"

_STATUS_RANK = {"achieved": 0, "target": 1}
_SHORT_COLUMNS = {"headline", "place", "value", "status", "year", "n_measures"}
_QUALIFIER_SIGN = {"approx": "≈", "at_least": "≥", "at_most": "≤", "exact": ""}

COMPARE_COLUMNS = (
    "province", "city", "county", "place", "indicator", "name", "value", "value_max", "from_value", "unit",
    "qualifier", "status", "year", "doc_type", "doc_id", "start", "end", "text", "headline",
)


def _check_level(by: str) -> None:
    if by not in LEVELS:
        raise ValueError(f"by must be one of {', '.join(LEVELS)}, not {by!r}")


def place_path(document: Document, by: str) -> tuple[str | None, ...] | None:
    """The names from province down to level ``by``, or None when the document's place at ``by`` is unknown.

    A county is keyed with its city and province, so that two counties of the same name stay apart.
    """
    _check_level(by)
    region = document.region
    if region is None or getattr(region, by) is None:
        return None
    return tuple(getattr(region, level) for level in LEVELS[: LEVELS.index(by) + 1])


def place_name(document: Document, by: str) -> str | None:
    path = place_path(document, by)
    return path[-1] if path else None


def _headline_key(row: dict) -> tuple:
    year = row["year"]
    return (-year if year is not None else math.inf, _STATUS_RANK.get(plain(row["status"]), 2),
            row["_order"], row["start"])


def compare(documents: Iterable[Document], indicators: Sequence[str] | None = None, by: str = "city",
            years: Sequence[int] | None = None) -> pd.DataFrame:
    """Every canonical indicator value per place, one row per value, with its source doc and span.

    ``indicators`` keeps only those ids; ``years`` keeps only documents of those work years. Values
    without a canonical ``indicator`` id are left out (they cannot be compared across places).
    Documents whose place at ``by`` is unknown keep ``place`` None and are never merged with each
    other: their headline is chosen within the document. Rows are sorted by place and indicator,
    headline first, then in :data:`HEADLINE_RULE` order.
    """
    _check_level(by)
    wanted = set(indicators) if indicators else None
    wanted_years = set(years) if years else None
    rows = []
    for order, d in enumerate(documents):
        if wanted_years is not None and d.year not in wanted_years:
            continue
        path = place_path(d, by)
        region = d.region
        for i in d.indicators:
            if i.indicator is None or (wanted is not None and i.indicator not in wanted):
                continue
            rows.append({
                "province": region.province if region else None,
                "city": region.city if region else None,
                "county": region.county if region else None,
                "place": path[-1] if path else None,
                "indicator": i.indicator, "name": i.name, "value": i.value, "value_max": i.value_max,
                "from_value": i.from_value, "unit": i.unit, "qualifier": i.qualifier, "status": i.status,
                "year": d.year, "doc_type": d.doc_type, "doc_id": d.doc_id,
                "start": i.span.start, "end": i.span.end, "text": i.span.text,
                "_group": (path if path else ("doc", d.doc_id), i.indicator), "_order": order,
            })
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["_group"], []).append(row)
    ordered = []
    for key in sorted(groups, key=lambda g: (tuple(p or "" for p in g[0]), g[1])):
        ranked = sorted(groups[key], key=_headline_key)
        for k, row in enumerate(ranked):
            row["headline"] = k == 0
            ordered.append(row)
    return typed_frame(ordered, COMPARE_COLUMNS, ints=("year", "start", "end"),
                       floats=("value", "value_max", "from_value"), bools=("headline",))


def _mix(documents: Iterable[Document], by: str, labels: Sequence[str], counts_of) -> pd.DataFrame:
    _check_level(by)
    totals: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    for d in documents:
        place = place_name(d, by) or UNKNOWN_PLACE
        totals[place] = totals.get(place, 0) + len(d.measures)
        row = counts.setdefault(place, dict.fromkeys(labels, 0))
        for label in counts_of(d):
            row[plain(label)] += 1
    index = sorted(totals)
    shares = pd.DataFrame(
        [[counts[p][label] / totals[p] if totals[p] else math.nan for label in labels] for p in index],
        index=pd.Index(index, name=by), columns=list(labels), dtype="float64")
    shares.insert(0, "n_measures", pd.Series([totals[p] for p in index], index=shares.index, dtype="int64"))
    return shares


def category_mix(documents: Iterable[Document], by: str = "city") -> pd.DataFrame:
    """Share of measures in each category per place (rows sum to 1 with ``uncategorised``).

    Index: place names at level ``by`` (``(unknown)`` for documents without one); first column
    ``n_measures``; a place without measures has NaN shares.
    """
    labels = [c.value for c in MeasureCategory] + [UNCATEGORISED]
    return _mix(documents, by, labels, lambda d: (m.category or UNCATEGORISED for m in d.measures))


def action_mix(documents: Iterable[Document], by: str = "city") -> pd.DataFrame:
    """Accountability actions per measure for each place: how often each sanction appears, per measure.

    Counts (clause, action) pairs; a place without measures has NaN rates.
    """
    labels = [a.value for a in AccountabilityAction]
    return _mix(documents, by, labels, lambda d: (act for a in d.accountability for act in a.actions))


# ---- rendering ----

def format_value(row: dict | pd.Series) -> str:
    """A value as read: qualifier sign, number, range, unit, and the earlier value of a change.

    >>> format_value({"value": 5.0, "value_max": None, "from_value": 20.0, "unit": "工作日", "qualifier": "exact"})
    '5 工作日 (from 20)'
    >>> format_value({"value": 99.0, "value_max": None, "from_value": None, "unit": "%", "qualifier": "at_least"})
    '≥99 %'
    """
    def num(x: Any) -> str:
        return f"{x:,.4f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x):,}"

    def known(x: Any) -> bool:
        return x is not None and not (isinstance(x, float) and math.isnan(x))

    text = _QUALIFIER_SIGN.get(row["qualifier"] or "exact", "") + num(row["value"])
    if known(row["value_max"]):
        text += "–" + num(row["value_max"])
    text += f' {row["unit"]}'
    if known(row["from_value"]):
        text += f' (from {num(row["from_value"])})'
    return text


def _display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader scans: compare() rows get a formatted value and a headline star."""
    if "indicator" in df.columns and "value" in df.columns and "headline" in df.columns:
        out = pd.DataFrame({
            "headline": ["★" if h else "" for h in df["headline"]],
            "place": [p if p is not None else "—" for p in df["place"]],
            "indicator": df["indicator"],
            "value": [format_value(r) for _, r in df.iterrows()],
            "status": df["status"],
            "year": df["year"],
            "doc_id": df["doc_id"],
            "span": [f"{s}–{e} {t}" for s, e, t in zip(df["start"], df["end"], df["text"])],
        })
        return out
    out = df.copy()
    if out.index.name:
        out = out.reset_index()
    return out


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def to_rich_table(df: pd.DataFrame, title: str | None = None):
    """A :class:`rich.table.Table` of a compare() or mix frame."""
    from rich.table import Table

    shown = _display_frame(df)
    table = Table(title=title, caption=HEADLINE_RULE if "headline" in shown.columns else None, show_lines=False)
    for col in shown.columns:
        # Short cells stay on one line; long ones (ids, span text) fold in a narrow terminal.
        table.add_column(str(col), overflow="fold", no_wrap=col in _SHORT_COLUMNS)
    for row in shown.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    return table


def to_csv(df: pd.DataFrame) -> str:
    """All columns as CSV (a mix frame keeps its place index as the first column)."""
    buf = io.StringIO()
    df.to_csv(buf, index=bool(df.index.name))
    return buf.getvalue()


def to_markdown(df: pd.DataFrame) -> str:
    """A GitHub Markdown table of the display columns (pipes in cells escaped).

    >>> print(to_markdown(pd.DataFrame({"a": ["x|y"], "b": [1.5]})))
    | a | b |
    | --- | --- |
    | x\\|y | 1.5 |
    """
    shown = _display_frame(df)
    header = [str(c) for c in shown.columns]

    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(h) for h in header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(esc(_cell(v)) for v in row) + " |" for row in shown.itertuples(index=False)]
    return "\n".join(lines)
