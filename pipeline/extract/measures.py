"""Measure extraction (see ../shared/spec/SCHEMA.md, Measure; GOLD.md, Measures).

Marker candidates come from :mod:`pipeline.extract.markers`. Nesting is the order styles open in
THIS document: a stack of active levels, one per marker style; a marker of a style already on the
stack continues that level (and closes the deeper ones), a marker of a new style opens a level
below the current one. Numbers must continue their level: a small gap is tolerated with a warning,
anything else is not an item.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..context import Context
from .base import Extractor
from ..models import Measure
from .markers import OUTPUT_STYLE, Candidate, find_candidates, rules
from .. import regex_cache

# Title ends (GOLD.md): the first 。 : ; (and ! ?) after the marker, or the line end.
_TITLE_END = regex_cache.compile(r"[。;:!?\n]")
_TITLE_TRIM = " \t,、。.;:"
# How much of an item's body the classifier reads after its title.
BODY_CHARS = 300


@dataclass
class _Level:
    style: str
    last: int  # ordinal of the level's latest item
    item: int  # index of that item


@dataclass
class _Item:
    cand: Candidate
    ordinal: int
    depth: int
    parent: Optional[int]
    title_start: int
    title_end: int
    id: str = ""
    end: int = 0
    children: int = field(default=0)


def _line_end(norm: str, pos: int) -> int:
    i = norm.find("\n", pos)
    return len(norm) if i < 0 else i


def _title_bounds(norm: str, cand: Candidate, limit: int, max_chars: int) -> tuple[int, int]:
    """(start, end) of the item's title: after the marker up to the first terminator or ``limit``."""
    start = cand.body_start
    stop = min(limit, start + max_chars, len(norm))
    if cand.title_stop > start:
        stop = min(stop, cand.title_stop)  # a flattened page's heading: its title ends at the blank after it
    m = _TITLE_END.search(norm, start, stop)
    end = m.start() if m else stop
    s, e = _trim(norm, start, end)
    if s == e and cand.line_start and (m is None or norm[m.start()] == "\n"):
        # A bare marker line: the heading is on the next non-blank line.
        nxt = end + 1
        while nxt < stop and norm[nxt].isspace():
            nxt += 1
        m2 = _TITLE_END.search(norm, nxt, min(limit, nxt + max_chars, len(norm)))
        s, e = _trim(norm, nxt, m2.start() if m2 else min(limit, nxt + max_chars, len(norm)))
    return s, e


def _trim(norm: str, s: int, e: int) -> tuple[int, int]:
    while s < e and norm[s].isspace():
        s += 1
    while e > s and norm[e - 1] in _TITLE_TRIM:
        e -= 1
    return s, e


def build_items(ctx: Context, cands: list[Candidate]) -> list[_Item]:
    """Nest the candidates (see module doc); rejected markers are left out."""
    r = rules()
    norm = ctx.norm
    items: list[_Item] = []
    levels: list[_Level] = []
    breaks = [m.start() for m in r.outline_break.finditer(norm)] if r.outline_break is not None else []
    for k, c in enumerate(cands):
        if breaks and breaks[0] < c.start:
            levels = []  # an annex: a new outline
            while breaks and breaks[0] < c.start:
                breaks.pop(0)
        limit = cands[k + 1].start if k + 1 < len(cands) else len(norm)
        idx = next((i for i, lv in enumerate(levels) if lv.style == c.style), None)
        if idx is None:
            place = _new_level(ctx, cands, k, levels, items)
        else:
            place = _same_level(ctx, c, levels[idx].last, idx)
        if place is None:
            continue
        ordinal, depth, keep = place
        s, e = _title_bounds(norm, c, limit, r.max_title_chars)
        if s == e:
            ctx.warnings.append(f"measures: marker {c.marker!r} at {c.start} has no title, skipped")
            continue
        del levels[keep:]
        parent = levels[-1].item if levels else None
        items.append(_Item(c, ordinal, depth, parent, s, e))
        levels.append(_Level(c.style, ordinal, len(items) - 1))
    return items


def _new_level(ctx: Context, cands: list[Candidate], k: int, levels: list[_Level],
               items: list[_Item]) -> Optional[tuple[int, int, int]]:
    """(ordinal, depth, levels kept) of a marker whose style opens a level; None to leave it out."""
    r = rules()
    c = cands[k]
    if c.ordinal != 1 and not _excerpt_start(cands, k):
        return None  # a series starts at 1; a lone 二是 / 三、 in running text is no item
    if c.ordinal != 1:
        ctx.warnings.append(f"measures: numbering of {c.marker!r} at {c.start} starts at {c.ordinal} "
                            f"(an excerpt?)")
    keep = len(levels)
    if _heading(c):
        # A heading line never sits inside an item that began mid-paragraph.
        while keep and not _heading(items[levels[keep - 1].item].cand):
            keep -= 1
    never = r.never_inside.get(c.style, ())
    while keep and (levels[keep - 1].style in never or _outranks_closed(ctx.norm, c, items[levels[keep - 1].item])
                    or _closed_by_paragraph(ctx.norm, items[levels[keep - 1].item], c)):
        keep -= 1
    if keep >= r.max_depth:
        ctx.warnings.append(f"measures: marker {c.marker!r} at {c.start} nested deeper than "
                            f"{r.max_depth} levels, skipped")
        return None
    return c.ordinal, keep + 1, keep


def _below_later_heading(items: list[_Item]) -> None:
    """Items that come before the first heading of a higher level, when that heading is not the first of its
    series (an excerpt's （六） or 一是…五是, then 二、), sit under the heading the text cut off (一、): depth
    counts from the top level found in the document (SCHEMA), so they and their children go one level
    down. Before a series that starts at 1 (十件大事 1.–10., then （一）) they are a list of their own."""
    tops = [i for i, it in enumerate(items) if it.depth == 1]
    for i in tops[1:]:
        style = items[i].cand.style
        if all(_ranks_below(items[j].cand.style, style) for j in tops if j < i):
            if items[i].ordinal == 1:
                return
            for it in items[:i]:
                it.depth += 1
            return


def _ranks_below(style: str, other: str) -> bool:
    """A heading of ``style`` belongs under one of ``other`` (outline_rank, never_inside)."""
    r = rules()
    mine, theirs = r.outline_rank.get(style), r.outline_rank.get(other)
    if mine is not None and theirs is not None:
        return mine > theirs
    return style in r.never_inside.get(other, ())


def _outranks_closed(norm: str, c: Candidate, parent: _Item) -> bool:
    """``c``'s style ranks above its would-be parent's and a paragraph of text stands between the parent's
    heading line and ``c``, or the parent is itself a paragraph (its title runs on into text on the same
    line: （九）持续守牢安全底线。加强…): the parent's list is over, ``c`` starts a new part (see outline_rank)."""
    rank = rules().outline_rank
    mine, theirs = rank.get(c.style), rank.get(parent.cand.style)
    if mine is None or theirs is None or mine >= theirs or not _heading(c):
        return False
    line_end = _line_end(norm, parent.cand.start)
    if norm[parent.title_end:line_end].strip(" \t\u3000。.;；"):
        return True
    between = norm[line_end:c.start]
    return any(line.strip() for line in between.split("\n"))


_SECTION_PARTS = frozenset({"cn_paren"})


def _closed_by_paragraph(norm: str, parent: _Item, c: Candidate) -> bool:
    """``parent`` is a part of a section (（十）) and a paragraph that closes its section's list (我们也清醒认识到…:
    the problems a review owns to) opens between ``parent``'s line and ``c``, or is ``c``'s own: ``c`` is no part of
    ``parent``'s item (the section itself, 一、, stays open)."""
    close = rules().section_close
    if close is None or parent.cand.style not in _SECTION_PARTS:
        return False
    start = _line_end(norm, parent.cand.start)
    return close.search(norm, start, c.start) is not None


def _same_level(ctx: Context, c: Candidate, last: int, idx: int) -> Optional[tuple[int, int, int]]:
    """(ordinal, depth, levels kept) of a marker continuing level ``idx``, whose last ordinal is ``last``;
    None to leave it out."""
    ordinal = last + 1 if c.ordinal is None else c.ordinal
    if ordinal == last + 1 or ordinal == 1:
        pass
    elif last + 1 < ordinal <= last + 1 + rules().max_gap:
        ctx.warnings.append(f"measures: numbering gap before {c.marker!r} at {c.start} "
                            f"(previous item of its level is {last})")
    else:
        return None  # out of sequence: a cross-reference or a number in running text
    return ordinal, idx + 1, idx


def _excerpt_start(cands: list[Candidate], k: int) -> bool:
    """An excerpt's headings may start past 1 ((五) … (六) after （略）): a heading line whose next
    marker of its style is the next number, on a line of its own too, or the only heading of its
    style (an excerpt that is one section, 三、 or （五）), also when a new series of its style starts
    later (（九） cut from a report's review, then 加强政府自身建设 and its own （一）, （二）)."""
    c = cands[k]
    if not _heading(c) or c.ordinal is None:
        return False
    nxt = next((d for d in cands[k + 1:] if d.style == c.style), None)
    if nxt is None or (nxt.ordinal == 1 and _heading(nxt)):
        return c.style in rules().lone_heading_styles and not any(d.style == c.style for d in cands[:k])
    # (run-in 一是…二是 items start sentences: 五是…。六是… cut from a review starts an excerpt too)
    return (_heading(nxt) or (c.style == "shi" and nxt.context == "sentence")) and nxt.ordinal == c.ordinal + 1


def _heading(c: Candidate) -> bool:
    """A marker that heads a line, or a short sentence of running text in a flattened page."""
    return c.line_start or c.inline_heading


def _assign_ids(items: list[_Item]) -> None:
    top = 0
    for it in items:
        if it.parent is None:
            top += 1
            it.id = f"m{top}"
        else:
            p = items[it.parent]
            p.children += 1
            it.id = f"{p.id}.{p.children}"


def _assign_ends(text: str, norm: str, items: list[_Item]) -> None:
    """An item ends where the next item at its level or above starts (trailing blanks excluded).

    The last item of a list that began mid-paragraph ends with its paragraph.
    """
    open_: list[int] = []
    for i, it in enumerate(items):
        while open_ and items[open_[-1]].depth >= it.depth:
            j = open_.pop()
            items[j].end = it.cand.start
            if items[j].depth > it.depth and not items[j].cand.line_start:
                items[j].end = min(items[j].end, _line_end(norm, items[j].cand.start))
        open_.append(i)
    for j in open_:
        items[j].end = len(text)
        if not items[j].cand.line_start:
            items[j].end = _line_end(norm, items[j].cand.start)
    for it in items:
        e = it.end
        while e > it.cand.start and text[e - 1].isspace():
            e -= 1
        it.end = max(e, it.title_end)


def _classify(ctx: Context, items: list[_Item]) -> list[tuple[Optional[str], Optional[float]]]:
    if not items:
        return []
    from ..classify import classify

    text = ctx.text
    titles = [text[it.title_start:it.title_end] for it in items]
    bodies = [text[it.title_end:min(it.end, it.title_end + BODY_CHARS)] for it in items]
    return classify(titles, bodies, use_model=ctx.options.use_classifier, warnings=ctx.warnings)


def _case_items(ctx: Context, items: list[_Item], labels: list) -> list:
    """The numbered cases of a circular (通报) are accountability measures, whatever their words say."""
    from ..classify.rules import case_rules

    circular, case = case_rules()
    meta = ctx.results.metadata
    title = (meta.title if meta else None) or ""
    if not circular.search(title):
        return labels
    text = ctx.text
    return [("accountability", score) if case.search(text[it.title_start:it.title_end]) else (cat, score)
            for it, (cat, score) in zip(items, labels)]


def run(ctx: Context) -> list[Measure]:
    text, norm = ctx.text, ctx.norm
    items = build_items(ctx, find_candidates(text, norm, ctx.options.sequence_markers))
    if not items:
        return []
    _below_later_heading(items)
    _assign_ids(items)
    _assign_ends(text, norm, items)
    labels = _case_items(ctx, items, _classify(ctx, items))
    out = []
    for it, (cat, score) in zip(items, labels):
        c = it.cand
        out.append(Measure(
            id=it.id,
            parent=items[it.parent].id if it.parent is not None else None,
            depth=it.depth,
            marker=c.marker,
            marker_style=OUTPUT_STYLE.get(c.style, c.style),
            ordinal=it.ordinal,
            title=text[it.title_start:it.title_end],
            span=ctx.span(c.start, it.end),
            category=cat,
            category_score=score,
        ))
    return out


class MeasuresExtractor(Extractor[list[Measure]]):
    name = "measures"
    # the title of a circular (通报) makes its numbered cases accountability measures
    requires = ("metadata",)

    def run(self, ctx: Context) -> list[Measure]:
        return run(ctx)
