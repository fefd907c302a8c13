"""One self-contained HTML page over a corpus: the place × indicator table, measures per category,
campaigns per place and their spread, with matplotlib plots embedded as base64 PNG (nothing fetched).

Plot labels need a CJK font; when none is installed the bars are labelled by adcode / rank and the
tables beside them (rendered by the browser) carry the Chinese names.
"""
from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

import pandas as pd

from . import crosstab
from .campaign_keys import assign
from .compare import HEADLINE_RULE
from .models import Document

_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
              "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN", "Droid Sans Fallback")
_STYLE = """body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1200px;color:#222}
table{border-collapse:collapse;font-size:13px;margin:1em 0}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.note{color:#666;font-size:13px}
.scroll{overflow-x:auto;max-height:600px}img{max-width:100%}"""


def cjk_font() -> str | None:
    """The name of an installed font that draws Chinese, if matplotlib can find one."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in _CJK_FONTS if n in names), None)


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _labels(names: Sequence[str], codes: Sequence[str | None], font: str | None) -> list[str]:
    return list(names) if font else [c or f"#{k + 1}" for k, c in enumerate(codes)]


def _figure(n_bars: int):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.22 * n_bars + 1)))
    return fig, ax, font


def indicator_plot(table: pd.DataFrame, column: str, by: str) -> str:
    """Horizontal bars of one indicator column across places; base64 PNG."""
    data = table[[by, "adcode", column]].dropna().sort_values(column)
    fig, ax, font = _figure(len(data))
    ax.barh(_labels(data[by], data["adcode"], font), data[column], color="#4c78a8")
    ax.set_xlabel(column)
    ax.set_title(f"{column} by {by} (headline values)")
    return _png(fig)


def category_plot(counts: pd.DataFrame, by: str, top: int = 40) -> str:
    """Stacked bars of measures per category for the places with most measures; base64 PNG."""
    cats = [c for c in counts.columns if c not in ("province", by, "adcode", "n_documents", "n_measures")]
    data = counts.sort_values("n_measures", ascending=False).head(top).iloc[::-1]
    fig, ax, font = _figure(len(data))
    labels = _labels(data[by], data["adcode"], font)
    left = pd.Series(0.0, index=data.index)
    cmap = __import__("matplotlib").colormaps["tab20"]
    for k, cat in enumerate(c for c in cats if data[c].sum() > 0):
        ax.barh(labels, data[cat], left=left, label=cat, color=cmap(k % 20))
        left = left + data[cat]
    ax.legend(fontsize=7, loc="lower right")
    ax.set_xlabel("measures")
    ax.set_title(f"Measures per category, {len(data)} {by} places with most measures")
    return _png(fig)


def campaign_plot(spread: pd.DataFrame, top: int = 20) -> str:
    """Bars of the campaigns run by most places; base64 PNG."""
    data = spread.head(top).iloc[::-1]
    fig, ax, font = _figure(len(data))
    ranks = [f"#{len(data) - k}" for k in range(len(data))]
    ax.barh(list(data["campaign_key"]) if font else ranks, data["n_places"], color="#f58518")
    ax.set_xlabel("places")
    ax.set_title("Campaigns by number of places running them")
    return _png(fig)


def target_plot(df: pd.DataFrame, year: int, national: float | None, pairs: pd.DataFrame | None = None) -> str:
    """Histogram of the places' GDP-growth targets for ``year``, the national target as a line, and each
    place's target against its outcome where the corpus holds both."""
    fig, _ax, _font = _figure(8)
    fig.set_size_inches(10, 3.2)
    fig.clf()
    left, right = fig.subplots(1, 2)
    targets = df["target"].dropna()
    left.hist(targets, bins=max(5, min(20, len(targets) // 3 or 1)), color="#4c78a8")
    if national is not None:
        left.axvline(national, color="#e45756", linestyle="--", label=f"national {national:g}%")
        left.legend(loc="upper right", fontsize=8)
    left.set_xlabel(f"GDP growth target {year} (%)")
    left.set_ylabel("places")
    both = (df if pairs is None else pairs).dropna(subset=["target", "outcome"])
    right.scatter(both["target"], both["outcome"], s=14, color="#4c78a8")
    if not len(both):
        right.text(0.5, 0.5, "no place-year with both\na target and an outcome", ha="center", va="center",
                   transform=right.transAxes, fontsize=9, color="#666666")
        right.set_xticks([])
        right.set_yticks([])
    else:
        lo = float(min(both["target"].min(), both["outcome"].min())) - 0.5
        hi = float(max(both["target"].max(), both["outcome"].max())) + 0.5
        right.plot([lo, hi], [lo, hi], color="#999999", linewidth=0.8)
    right.set_xlabel("target (%)")
    right.set_ylabel("outcome (%)")
    right.set_title("target against outcome", fontsize=9)
    return _png(fig)


def _targets_section(documents: list[Document], by: str) -> list[str]:
    from .targets import targets as target_table

    df = target_table(documents, indicators=["gdp_growth"], by=by)
    places = df[df.level == by]
    if places.empty or places["target"].notna().sum() == 0:
        return []
    year = int(places.dropna(subset=["target"])["year"].mode().iloc[0])
    this_year = places[places.year == year]
    nation = df[(df.level == "nation") & (df.year == year)]["target"].dropna()
    national = float(nation.iloc[0]) if len(nation) else None
    shown = places[["place", "adcode", "year", "target", "target_max", "target_qualifier", "outcome", "gap",
                    "target_doc", "target_span", "target_text"]]
    return [f'<h2 id="targets">GDP-growth targets, {year}</h2>',
            f'<p class="note">{this_year["target"].notna().sum()} places state a {year} target'
            + (f"; the national target is {national:g}%" if national is not None else "") + ".</p>",
            _img(target_plot(this_year, year, national, places), f"GDP growth targets {year}"),
            f'<div class="scroll">{_table(shown)}</div>']


def _number(x: float) -> str:
    """290000.0 -> '290,000'; 99.85 -> '99.85' (no scientific notation in a table people read)."""
    return f"{x:,.0f}" if x == int(x) else f"{x:,.4f}".rstrip("0").rstrip(".")


def _table(df: pd.DataFrame) -> str:
    return df.to_html(index=False, escape=True, na_rep="", border=0, float_format=_number)


def _img(b64: str, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{b64}">'


def render_report_html(documents: list[Document], by: str = "city", title: str = "Cross-place report") -> str:
    """The whole page as a string."""
    documents = assign(list(documents))
    table = crosstab.indicator_table(documents, by=by)
    counts = crosstab.category_counts(documents, by=by)
    per_place = crosstab.campaigns_per_place(documents, by=by)
    spread = crosstab.campaign_spread(documents, by=by)
    rows = crosstab.headline_rows(documents, by=by)
    font = cjk_font()
    parts = [f"<h1>{html.escape(title)}</h1>",
             f'<p class="note">{len(documents)} documents, {len(counts)} places at the {by} level. '
             f"{html.escape(HEADLINE_RULE)}.</p>"]
    if not font:
        parts.append('<p class="note">No CJK font was found for the plots: bars are labelled by adcode or '
                     "rank; the tables give the names.</p>")
    indicator_cols = [c for c in table.columns if c not in ("province", by, "adcode")]
    parts.append(f'<h2 id="indicators">{by.title()} × indicator</h2>')
    if indicator_cols:
        widest = max(indicator_cols, key=lambda c: (table[c].notna().sum(), c))
        parts.append(_img(indicator_plot(table, widest, by), f"{widest} by {by}"))
        shown = table[["province", by, "adcode"] + sorted(indicator_cols, key=lambda c: -table[c].notna().sum())]
        parts.append(f'<div class="scroll">{_table(shown)}</div>')
        parts.append(f'<h3 id="sources">Where each headline value was read</h3><div class="scroll">'
                     f'{_table(rows[["place", "adcode", "indicator", "period", "value", "unit", "status", "doc_id", "start", "end", "text"]])}</div>')
    else:
        parts.append('<p class="note">No indicator with a canonical id.</p>')
    parts += _targets_section(documents, by)
    parts.append('<h2 id="categories">Measures per category</h2>')
    if len(counts):
        parts.append(_img(category_plot(counts, by), "measures per category"))
        parts.append(f'<div class="scroll">{_table(counts)}</div>')
    parts.append('<h2 id="campaigns">Campaigns</h2>')
    if len(spread):
        parts.append(_img(campaign_plot(spread), "campaign spread"))
        parts.append(f'<div class="scroll">{_table(spread.head(100))}</div>')
        parts.append(f'<h3>Campaigns per {by}</h3><div class="scroll">{_table(per_place)}</div>')
    else:
        parts.append('<p class="note">No campaigns.</p>')
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n")
