"""Self-contained HTML pages that show what was extracted, highlighted in the document text.

:func:`render_document_html` writes one page: the text with every item in a ``<mark>`` (classes
``pm-measure``, ``pm-indicator``, ``pm-accountability``, ``pm-campaign``) and a side panel with the
measure outline and item lists linking into the text. :func:`render_index_html` lists documents.
Pages carry their CSS and JS inline and load nothing from outside, so they open from disk or a mail.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .models import Document, Indicator, Measure
from .tables import plain

KINDS = ("measure", "accountability", "campaign", "indicator")
# Equal spans nest in this order, outermost first: a heading or a clause wraps the numbers in it.
_NESTING = {kind: k for k, kind in enumerate(KINDS)}

_CSS = """
:root { --ind: #ffe08a; --acc: #d93025; --acc-bg: rgba(217,48,37,.08); --camp: #c6efce; --meas: #1a56b0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.8 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", sans-serif; color: #1f2328; background: #f6f8fa; }
header { padding: 12px 24px; background: #fff; border-bottom: 1px solid #d0d7de; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .meta { color: #57606a; font-size: 13px; }
header .meta span + span::before { content: " · "; }
.layout { display: grid; grid-template-columns: minmax(260px, 360px) 1fr; gap: 16px; padding: 16px 24px; }
aside { position: sticky; top: 12px; align-self: start; max-height: calc(100vh - 24px); overflow: auto;
        background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; font-size: 13px; }
aside h2 { font-size: 14px; margin: 12px 0 4px; }
aside ol, aside ul { margin: 0; padding-left: 14px; }
aside ol { list-style: none; }  /* the measure's own marker is shown */
.hint { color: #57606a; font-size: 12px; margin: 4px 0; }
aside a { color: #0969da; text-decoration: none; }
aside a:hover { text-decoration: underline; }
.legend label { display: inline-block; margin: 2px 10px 2px 0; cursor: pointer; }
.badge { display: inline-block; padding: 0 5px; border-radius: 8px; background: #eaeef2; color: #57606a;
         font-size: 11px; line-height: 16px; margin-left: 4px; }
.warn { color: #9a6700; }
main { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 16px 22px; min-width: 0; }
#pm-text { white-space: pre-wrap; word-break: break-all; margin: 0; font-size: 16px; }
mark { color: inherit; background: none; padding: 0; }
mark.pm-indicator { background: var(--ind); border-radius: 2px; }
mark.pm-indicator.pm-target { background: none; box-shadow: inset 0 -0.55em 0 var(--ind); }
mark.pm-accountability { background: var(--acc-bg); border-bottom: 2px solid var(--acc); }
mark.pm-campaign { background: var(--camp); border-radius: 2px; }
mark.pm-measure { color: var(--meas); font-weight: 600; border-bottom: 1px dashed var(--meas); }
mark.pm-focus { outline: 2px solid #8250df; outline-offset: 1px; }
body.hide-indicator mark.pm-indicator, body.hide-campaign mark.pm-campaign { background: none; box-shadow: none; }
body.hide-accountability mark.pm-accountability { background: none; border-bottom: 0; }
body.hide-measure mark.pm-measure { color: inherit; font-weight: inherit; border-bottom: 0; }
.sw { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 3px; border-radius: 2px; }
table.index { border-collapse: collapse; width: 100%; background: #fff; }
table.index th, table.index td { border-bottom: 1px solid #d0d7de; padding: 4px 8px; text-align: left; font-size: 13px; }
table.index td.n { text-align: right; font-variant-numeric: tabular-nums; }
"""

# Clicking a list entry focuses every piece of its item (split marks share data-item); the legend hides kinds.
_JS = """
document.addEventListener('click', function (e) {
  var a = e.target.closest('a[data-item]');
  if (!a) return;
  document.querySelectorAll('mark.pm-focus').forEach(function (m) { m.classList.remove('pm-focus'); });
  document.querySelectorAll('mark[data-item="' + a.dataset.item + '"]').forEach(function (m) {
    m.classList.add('pm-focus');
  });
});
document.querySelectorAll('.legend input').forEach(function (box) {
  box.addEventListener('change', function () { document.body.classList.toggle('hide-' + box.value, !box.checked); });
});
"""

_SWATCH = {"measure": "background:none;border-bottom:2px dashed var(--meas)", "indicator": "background:var(--ind)",
           "accountability": "background:var(--acc-bg);border-bottom:2px solid var(--acc)",
           "campaign": "background:var(--camp)"}


@dataclass(frozen=True)
class Highlight:
    """One item to mark in the text: [start, end) of kind, with a hover title and a shared item key."""

    start: int
    end: int
    kind: str
    item: str
    title: str
    extra_class: str = ""


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(plain(text)), quote=True)


def _num(x: float | None) -> str:
    """
    >>> _num(110000.0), _num(99.2), _num(None)
    ('110000', '99.2', '')
    """
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def heading_end(measure: Measure, text: str) -> int:
    """End of a measure's marker and title in the text (the part that is marked), within its span.

    >>> from pipeline.models import Span
    >>> t = "一、加强督查。内容"
    >>> m = Measure(id="m1", depth=1, marker="一、", marker_style="cn_comma", ordinal=1, title="加强督查",
    ...             span=Span.of(t, 0, len(t)))
    >>> t[:heading_end(m, t)]
    '一、加强督查'
    """
    start, end = measure.span.start, measure.span.end
    after_marker = start + len(measure.marker) if text.startswith(measure.marker, start) else start
    if measure.title:
        pos = text.find(measure.title, after_marker, end)
        # The title follows the marker closely; a far-away match is another occurrence of the words.
        if 0 <= pos <= after_marker + 4:
            return pos + len(measure.title)
    return max(after_marker, min(end, start + 1))


def indicator_title(i: Indicator) -> str:
    """The hover text of an indicator: normalised value, unit, qualifier, status and what it measures."""
    value = _num(i.value) + (f"–{_num(i.value_max)}" if i.value_max is not None else "")
    parts = [f"{i.indicator or 'indicator'}: {value} {i.unit}", f"qualifier: {plain(i.qualifier)}",
             f"status: {plain(i.status) or 'unknown'}"]
    if i.from_value is not None:
        parts.append(f"from: {_num(i.from_value)} {i.unit}")
    for label, v in (("name", i.name), ("subject", i.subject), ("kind", i.quantity_kind), ("measure", i.measure_id)):
        if v:
            parts.append(f"{label}: {plain(v)}")
    return " · ".join(parts)


def highlights(document: Document, text: str) -> tuple[list[Highlight], int]:
    """Every item of the document as a Highlight, and how many were skipped because their span does not fit ``text``."""
    out: list[Highlight] = []
    skipped = 0

    def fits(span) -> bool:
        return 0 <= span.start < span.end <= len(text) and text[span.start:span.end] == span.text

    for k, m in enumerate(document.measures):
        if not fits(m.span):
            skipped += 1
            continue
        title = f"measure {m.id} · depth {m.depth} · category: {plain(m.category) or 'none'}"
        out.append(Highlight(m.span.start, heading_end(m, text), "measure", f"pm-measure-{k}", title))
    for k, i in enumerate(document.indicators):
        if not fits(i.span):
            skipped += 1
            continue
        out.append(Highlight(i.span.start, i.span.end, "indicator", f"pm-indicator-{k}", indicator_title(i),
                             f"pm-{plain(i.status)}" if i.status else ""))
    for k, a in enumerate(document.accountability):
        if not fits(a.span):
            skipped += 1
            continue
        parts = [f"accountability: {', '.join(map(plain, a.actions)) or 'no action'}",
                 f"modality: {plain(a.modality) or 'unknown'}"]
        if a.targets:
            parts.append("targets: " + "、".join(a.targets))
        if a.condition:
            parts.append("condition: " + a.condition)
        out.append(Highlight(a.span.start, a.span.end, "accountability", f"pm-accountability-{k}", " · ".join(parts)))
    for k, c in enumerate(document.campaigns):
        for span in c.mentions:
            if not fits(span):
                skipped += 1
                continue
            out.append(Highlight(span.start, span.end, "campaign", f"pm-campaign-{k}", f"campaign: {c.name} ({plain(c.kind)})"))
    return out, skipped


def _open_tag(h: Highlight, first: bool) -> str:
    classes = f"pm-{h.kind}" + (f" {h.extra_class}" if h.extra_class else "")
    ident = f' id="{h.item}"' if first else ""
    return f'<mark class="{classes}"{ident} data-item="{h.item}" title="{_esc(h.title)}">'


def mark_up(text: str, items: Iterable[Highlight]) -> str:
    """Escaped ``text`` with each item in ``<mark>`` elements, nested where spans nest.

    Where two spans cross, the inner mark is closed at the crossing and reopened after it, so an
    item may come in several pieces; they share ``data-item`` and only the first carries the ``id``.

    >>> mark_up("a<b>c", [Highlight(0, 3, "campaign", "c", "x"), Highlight(2, 5, "indicator", "i", "y")])
    '<mark class="pm-campaign" id="c" data-item="c" title="x">a&lt;<mark class="pm-indicator" id="i" data-item="i" title="y">b</mark></mark><mark class="pm-indicator" data-item="i" title="y">&gt;c</mark>'
    """
    items = sorted((h for h in items if h.start < h.end), key=lambda h: (h.start, -h.end, _NESTING[h.kind]))
    bounds = sorted({0, len(text)} | {h.start for h in items} | {h.end for h in items})
    out: list[str] = []
    stack: list[Highlight] = []
    opened: set[Highlight] = set()
    nxt = 0
    for a, b in zip(bounds, bounds[1:]):
        # Close everything from the lowest item that has ended; reopen the ones above it that go on.
        low = next((k for k, h in enumerate(stack) if h.end <= a), None)
        reopen: list[Highlight] = []
        if low is not None:
            for h in reversed(stack[low:]):
                out.append("</mark>")
                if h.end > a:
                    reopen.append(h)
            del stack[low:]
        while nxt < len(items) and items[nxt].start <= a:
            reopen.append(items[nxt])
            nxt += 1
        for h in sorted(reopen, key=lambda h: (-h.end, _NESTING[h.kind], h.start)):
            out.append(_open_tag(h, h not in opened))
            opened.add(h)
            stack.append(h)
        out.append(html.escape(text[a:b], quote=False))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _link(item: str, label: str) -> str:
    return f'<a href="#{item}" data-item="{item}">{label}</a>'


def _outline(document: Document) -> str:
    if not document.measures:
        return '<p class="warn">No numbered measures found.</p>'
    index = {m.id: k for k, m in enumerate(document.measures)}
    children: dict[str | None, list[int]] = {}
    for k, m in enumerate(document.measures):
        parent = m.parent if m.parent in index else None
        children.setdefault(parent, []).append(k)

    def tree(parent: str | None) -> str:
        entries = []
        for k in children.get(parent, []):
            m = document.measures[k]
            badge = f'<span class="badge">{_esc(m.category)}</span>' if m.category else ""
            entries.append(f"<li>{_link(f'pm-measure-{k}', _esc(m.marker + m.title))}{badge}"
                           f"{tree(m.id)}</li>")
        return f"<ol>{''.join(entries)}</ol>" if entries else ""

    return tree(None)


def _badges(*labels) -> str:
    return "".join(f'<span class="badge">{_esc(label)}</span>' for label in labels)


def _listing(title: str, kind: str, items: list, row) -> str:
    """A heading and a list of ``items``, each linked to its highlight (``pm-KIND-k``); ``row(item)``
    gives the link text and the HTML after the link."""
    if not items:
        return ""
    rows = "".join(f"<li>{_link(f'pm-{kind}-{k}', text)}{after}</li>"
                   for k, (text, after) in enumerate(map(row, items)))
    return f"<h2>{title} ({len(items)})</h2><ul>{rows}</ul>"


def _lists(document: Document) -> str:
    return (
        _listing("Campaigns", "campaign", document.campaigns,
                 lambda c: (_esc(c.name), _badges(c.kind, f"×{len(c.mentions)}")))
        + _listing("Indicators", "indicator", document.indicators,
                   lambda i: (_esc(i.span.text), f" → {_esc(_num(i.value))} {_esc(i.unit)}"
                                                 + _badges(i.indicator or "—", i.status or "?")))
        + _listing("Accountability", "accountability", document.accountability,
                   lambda a: (_esc(", ".join(map(plain, a.actions)) or "clause"), _badges(a.modality or "?")))
    )


def _place(document: Document) -> str:
    r = document.region
    if r is None:
        return ""
    names = [n for n in (r.province, r.city, r.county) if n]
    if r.city and r.city == r.province:  # a municipality fills both
        names = names[1:]
    return "".join(names) or (r.name or "")


def _page(title: str, body: str, body_class: str = "") -> str:
    cls = f' class="{body_class}"' if body_class else ""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body{cls}>\n{body}\n"
            f"<script>{_JS}</script>\n</body>\n</html>\n")


def render_document_html(document: Document, text: str) -> str:
    """A self-contained HTML page of ``text`` with the items of ``document`` highlighted.

    ``text`` must be the document text the record's spans point into; items whose span does not
    match it are left unmarked and counted in a warning on the page.
    """
    items, skipped = highlights(document, text)
    meta = [("place", _place(document)), ("year", document.year), ("type", document.doc_type),
            ("date", document.date), ("issuer", "、".join(document.issuer)), ("source", document.source.path)]
    meta_html = "".join(f"<span>{label}: {_esc(v)}</span>" for label, v in meta if v not in (None, ""))
    warnings = list(document.warnings)
    if skipped:
        warnings.append(f"{skipped} item(s) not highlighted: their span does not match this text "
                        "(was the record extracted from another version of the file?)")
    warn_html = "".join(f'<p class="warn">⚠ {_esc(w)}</p>' for w in warnings)
    legend = "".join(
        f'<label><input type="checkbox" value="{k}" checked><span class="sw" style="{_SWATCH[k]}"></span>{k}</label>'
        for k in KINDS)
    hint = ('<p class="hint">Hover a highlight for its normalised reading; click an entry to jump to it. '
            "Indicators: filled = achieved, underlined = target.</p>")
    aside = (f'<aside><div class="legend">{legend}</div>{hint}{warn_html}'
             f"<h2>Measures ({len(document.measures)})</h2>{_outline(document)}{_lists(document)}</aside>")
    title = document.title or document.doc_id
    body = (f"<header><h1>{_esc(title)}</h1><div class=\"meta\"><span>doc_id: {_esc(document.doc_id)}</span>"
            f"{meta_html}</div></header>\n<div class=\"layout\">{aside}\n"
            f'<main><div id="pm-text">{mark_up(text, items)}</div></main></div>')
    return _page(title, body)


class IndexEntry(NamedTuple):
    document: Document
    href: str


def render_index_html(entries: Iterable[IndexEntry | tuple[Document, str]], title: str = "Extracted documents") -> str:
    """A self-contained index page: one row per ``(document, href)`` with its place, year, type and item counts."""
    rows = []
    for document, href in entries:
        d = document
        counts = (len(d.measures), len(d.indicators), len(d.accountability), len(d.campaigns), len(d.warnings))
        cells = "".join(f'<td class="n">{n}</td>' for n in counts)
        rows.append(f'<tr><td><a href="{_esc(href)}">{_esc(d.doc_id)}</a></td><td>{_esc(d.title)}</td>'
                    f"<td>{_esc(_place(d))}</td><td>{_esc(d.year)}</td><td>{_esc(d.doc_type)}</td>{cells}</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("doc_id", "title", "place", "year", "type", "measures", "indicators",
                                               "accountability", "campaigns", "warnings"))
    body = (f"<header><h1>{_esc(title)}</h1><div class=\"meta\"><span>{len(rows)} documents</span></div></header>"
            f'<div style="padding:16px 24px"><table class="index"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")
    return _page(title, body)
