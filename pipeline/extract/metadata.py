"""Document metadata: title, region, issuer, date, year, doc_type.

A government work report (pipeline/normalize/work_report.py) takes its type from the rules and the year
it plans as its year.

Metadata lives in the first and last lines (title, issuing bodies, signature date, publication line), so
only those are read line by line; the body is searched with compiled patterns over a bounded head/tail.
Rules are data (pipeline/data/metadata_rules.yaml, region_rules.yaml, regions.tsv).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..context import Context
from .base import Extractor
from ..models import DocType, Region
from ..normalize.dates import find_dates, find_years
from ..normalize.doctype import classify, rules
from ..normalize.jurisdiction import choose
from ..normalize.work_report import planned_year, work_report_cue
from ..normalize.regions import gazetteer
from ..textview import push_stripped

HEAD_SCAN = 3000  # characters searched for header lines
TAIL_SCAN = 2000
YEAR_SCAN = 20000


@dataclass
class Metadata:
    title: str | None = None
    region: Region | None = None
    issuer: list[str] = field(default_factory=list)
    date: str | None = None
    year: int | None = None
    doc_type: DocType = DocType.other
    work_report: bool = False  # a government work report (its type and year may follow what the text covers)
    type_settled: bool = False  # the type comes from a title, a work report's cue or news furniture, not the body


@dataclass
class Layout:
    """The non-empty lines at the head and tail of a document (offsets into the text)."""

    header: list[tuple[int, int]]
    footer: list[tuple[int, int]]


def _nonempty_lines(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos < end:
        nl = norm.find("\n", pos, end)
        stop = end if nl < 0 else nl
        push_stripped(out, norm, pos, stop)
        pos = stop + 1
    return out


def layout(norm: str) -> Layout:
    r = rules()
    n = len(norm)
    header = _nonempty_lines(norm, 0, min(n, HEAD_SCAN))[: r["header_lines"]]
    tail_from = max(header[-1][1] if header else 0, n - TAIL_SCAN)
    # Start the tail at a line break so that its first line is whole.
    if tail_from > 0:
        nl = norm.find("\n", tail_from)
        tail_from = n if nl < 0 else nl + 1
    footer = _nonempty_lines(norm, tail_from, n)[-r["footer_lines"]:]
    return Layout(header, footer)


def _is_short(s: int, e: int) -> bool:
    return e - s <= rules()["max_header_line_chars"]


def _organs_in_line(norm: str, s: int, e: int) -> list[str] | None:
    """The organ names of a line that holds nothing else (中共盐都区委 盐都区人民政府), else None."""
    r = rules()
    if e - s > 50:
        return None
    parts = norm[s:e].split()
    if not parts or not all(r["organ_name"].fullmatch(p) for p in parts):
        return None
    return parts


def find_title(ctx: Context, lay: Layout) -> tuple[int, int] | None:
    r = rules()
    norm = ctx.norm
    for s, e in lay.header:
        line = norm[s:e]
        if r["chrome_line"].search(line) or r["speech_line"].search(line) or _organs_in_line(norm, s, e) \
                or find_dates(norm, s, e) and len(line) < 30:
            continue
        if r["list_marker"].match(line) or "。" in line or e - s > r["max_title_chars"]:
            return None  # the body has begun
        if len(line) >= 4 and not r["title_end_punct"].search(line):
            return s, e
    return None


def find_subtitle(ctx: Context, lay: Layout, title: tuple[int, int] | None) -> tuple[int, int] | None:
    """The line under the title that opens with a dash (——某县经验交流材料): it often names the genre."""
    if not title:
        return None
    s, e = next(((s, e) for s, e in lay.header if s >= title[1]), (0, 0))
    return (s, e) if ctx.norm[s:e].lstrip().startswith(("—", "--", "-")) else None


def find_date(ctx: Context, lay: Layout) -> tuple[str, int, int] | None:
    """(iso, start, end) of the issue/publication date: a date alone on a footer/header line (signature
    block) first, then a publication line (2012-12-07 08:30 来源:…) or a line opening with a date."""
    r = rules()
    norm = ctx.norm
    best = None
    for where, lines in (("footer", lay.footer), ("header", lay.header)):
        for s, e in lines:
            if not _is_short(s, e):
                continue
            for d in find_dates(norm, s, e):
                rest = (norm[s:d.start] + norm[d.end:e]).strip()
                if not rest:
                    rank = 3
                elif r["publication_cue"].search(rest) or r["delivery_cue"].match(norm[s:d.start]):
                    rank = 2
                else:
                    rank = 1
                # Full dates beat months; the footer's signature date beats the header's.
                key = (rank, len(d.iso), where == "footer")
                if best is None or key > best[0]:
                    best = (key, d)
    if best is None:
        return None
    d = best[1]
    return d.iso, d.start, d.end


def _is_base(norm: str, start: int, base_before) -> bool:
    return base_before is not None and base_before.search(norm, max(0, start - 3), start) is not None


def find_year(ctx: Context, title: tuple[int, int] | None, date: str | None, doc_type: DocType,
              skip: set[int]) -> int | None:
    """The work year: the title's year; else 今年 read against the date; else a vote of the years written
    (sentence-opening 2013年, ... count more; a plan dated in Q4 plans for the next year)."""
    r = rules()["year"]
    norm = ctx.norm
    if title:
        years = [y for _, _, y in find_years(norm, *title)]
        if years:
            # 2021年工作总结和2022年工作计划: a summary's work year is the one it reviews
            return min(years) if doc_type is DocType.summary else max(years)
    date_year = int(date[:4]) if date else None
    n = len(norm)
    ranges = [(0, min(n, YEAR_SCAN))] + ([(n - TAIL_SCAN, n)] if n - TAIL_SCAN > YEAR_SCAN else [])
    if date_year and r["this_year"].search(norm, 0, min(n, HEAD_SCAN)):
        return date_year
    votes: Counter = Counter()
    w = r["weights"]
    for s, e in ranges:
        for ys, _, year in find_years(norm, s, e):
            if ys in skip or (date_year and year > date_year + 1) or _is_base(norm, ys, r["base_before"]):
                continue
            votes[year] += w["mention"]
        for m in r["sentence_opening"].finditer(norm, s, e):
            year = int(m.group("year"))
            if m.start("year") not in skip and not (date_year and year > date_year + 1):
                votes[year] += w["opening"] - w["mention"]
    if date_year and doc_type is DocType.plan and date and len(date) >= 7:
        votes[date_year + (1 if int(date[5:7]) >= 10 else 0)] += w["plan_date"]
    if not votes:
        return None
    return max(votes, key=lambda y: (votes[y], y))


def find_issuers(ctx: Context, lay: Layout, title: tuple[int, int] | None, date_pos: int | None) -> list[str]:
    r = rules()
    norm, text = ctx.norm, ctx.text
    # 1. An organ line in the header (中共盐都区委 盐都区人民政府) or in the signature block above the date.
    for lines in (lay.header, lay.footer):
        found = []
        for s, e in lines:
            if lines is lay.footer and (date_pos is None or not s < date_pos or date_pos - e > 80):
                continue
            organs = _organs_in_line(norm, s, e)
            if organs:
                found += _as_written(text, norm, s, e, organs)
            elif found:
                break  # the first run of organ lines only: a later signature repeats the same bodies
        if found:
            return list(dict.fromkeys(found))
    # 2. An organ that opens the title (常德市优化办2013年…工作思路, 2025年上海市政府工作报告).
    if title:
        organ = _title_organ(ctx, *title)
        if organ:
            return [organ]
    # 3. A 来源: line naming an organ, not a newspaper.
    for s, e in lay.header + lay.footer:
        m = r["source_line"].search(norm, s, e)
        if m:
            name = m.group(1)
            if r["organ_name"].fullmatch(name) and not r["media_name"].search(name):
                return [text[m.start(1):m.end(1)]]
    return []


def _as_written(text: str, norm: str, s: int, e: int, parts: list[str]) -> list[str]:
    out, pos = [], s
    for p in parts:
        i = norm.find(p, pos, e)
        out.append(text[i:i + len(p)])
        pos = i + len(p)
    return out


def _title_organ(ctx: Context, s: int, e: int) -> str | None:
    gz = gazetteer()
    norm = ctx.norm
    years = find_years(norm, s, e)
    start = years[0][1] if years and years[0][0] == s else s
    if norm.startswith("中共", start):
        start += 2
    mentions = [m for m in gz.raw_mentions(norm, start, e) if m.kind != "anon"]
    if not mentions or mentions[0].start != start:
        return None
    end = mentions[0].end
    for m in mentions[1:]:
        if m.start == end:
            end = m.end
    organ = gz.rules["organ_suffix"].match(norm, end, e)
    if not organ:
        return None
    begin = start - 2 if norm.startswith("中共", start - 2) else start
    return ctx.text[begin:organ.end()]


def find_region(ctx: Context, title: tuple[int, int] | None, when: str | None) -> Region | None:
    choice = choose(ctx.norm, title, when)
    if choice is None:
        return None
    ctx.warnings.extend(choice.warnings)
    prov, city, county = choice.names
    # a county-level city the province governs directly stands as a city (Unit.names)
    level = "city" if choice.unit is not None and choice.unit.under_province else choice.level
    if choice.start is None:  # placed by its counties: the text never writes the unit's own name
        return Region(province=prov, city=city, county=county, level=level, adcode=choice.adcode,
                      source="text")
    return Region(province=prov, city=city, county=county, level=level, adcode=choice.adcode,
                  name=ctx.text[choice.start:choice.end], span=ctx.span(choice.start, choice.end), source="text")


def run(ctx: Context) -> Metadata:
    meta = Metadata()
    try:
        _fill(ctx, meta)
    except Exception as exc:  # metadata must never stop the other extractors
        ctx.warnings.append(f"metadata: skipped after {type(exc).__name__}: {exc}")
    return meta


def _fill(ctx: Context, meta: Metadata) -> None:
    norm = ctx.norm
    if not norm.strip():
        return
    lay = layout(norm)
    title = find_title(ctx, lay)
    meta.title = ctx.text[title[0]:title[1]] if title else None
    date = find_date(ctx, lay)
    meta.date = date[0] if date else None
    title_norm = norm[title[0]:title[1]] if title else None
    subtitle = find_subtitle(ctx, lay, title)
    if subtitle:
        title_norm += norm[subtitle[0]:subtitle[1]]
    edges = lay.header + lay.footer
    cue = work_report_cue(norm, title_norm)
    report = cue is not None
    meta.work_report = report
    meta.type_settled = report
    if report:
        meta.doc_type = DocType(rules()["work_report"]["doc_type"])
    else:
        typed = classify(norm, title_norm, edges, body_end=min(len(norm), YEAR_SCAN))
        meta.doc_type = typed.doc_type
        meta.type_settled = typed.reason.startswith(("title cue", "media furniture"))
    skip = set()
    for s, e in edges:
        for d in find_dates(norm, s, e):
            skip.update(range(d.start, d.start + 1))  # a dated line's year is a date, not a work year
    # the year a report plans is read from its title, date or opening; an excerpt from further in has none
    meta.year = (planned_year(norm, title, meta.date) if cue in ("title", "head") else None) \
        or find_year(ctx, title, meta.date, meta.doc_type, skip)
    when = meta.date[:7] if meta.date and len(meta.date) >= 7 else (f"{meta.year}-06" if meta.year else None)
    meta.region = find_region(ctx, title, when)
    meta.issuer = find_issuers(ctx, lay, title, date[1] if date else None)


class MetadataExtractor(Extractor[Metadata]):
    name = "metadata"
    requires = ()

    def run(self, ctx: Context) -> Metadata:
        return run(ctx)
