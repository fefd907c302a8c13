"""List-marker candidates: ``一、`` ``(一)`` ``1、`` ``1.`` ``(1)`` ``①`` ``一是`` ``第一,`` ``首先,``.

Finds marker-shaped strings on the width-folded text, keeps those standing where a list marker
can stand (rules in ``data/measure_markers.yaml``) and drops those with no neighbour of their
series nearby. Nesting is decided later, in :mod:`pipeline.extract.measures`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from ..normalize import cn
from ..normalize.cn import ONE_TO_NINE
from ..rules import load_rules, validate_rules
from ..rules.measure_markers import MeasureMarkers
from ..rules.types import pattern_of
from .. import regex_cache

STYLES = ("cn_comma", "cn_paren", "arabic", "arabic_paren", "circled", "shi", "di", "article", "sequence")
# Styles written out under a SCHEMA.md marker_style of another name: 第一条 is a 第一 (di) marker, but a
# level of its own (articles of a 办法 hold 第一、第二 points).
OUTPUT_STYLE = {"article": "di"}
_DATA = "measure_markers.yaml"

_CN_DIGITS = cn.ONE_TO_NINE_VALUE


def cn_ordinal(s: str) -> Optional[int]:
    """Value of a Chinese list numeral from 一 to 九十九, None for anything else.

    >>> [cn_ordinal(x) for x in ("一", "十", "十二", "二十", "三十五", "一一", "十十")]
    [1, 10, 12, 20, 35, None, None]
    """
    if len(s) == 1:
        return 10 if s == "十" else _CN_DIGITS.get(s)
    if len(s) == 2:
        if s[0] == "十":
            d = _CN_DIGITS.get(s[1])
            return 10 + d if d else None
        if s[1] == "十":
            d = _CN_DIGITS.get(s[0])
            return 10 * d if d and d > 1 else None
        return None
    if len(s) == 3 and s[1] == "十":
        a, b = _CN_DIGITS.get(s[0]), _CN_DIGITS.get(s[2])
        return 10 * a + b if a and a > 1 and b else None
    return None


@dataclass(frozen=True)
class MarkerRules:
    contexts: dict[str, frozenset[str]]
    false_followers: dict[str, Optional[regex.Pattern]]
    series_distance: dict[str, int]
    sequence_words: dict[str, Optional[int]]
    max_gap: int
    max_depth: int
    max_title_chars: int
    never_inside: dict[str, frozenset[str]]  # style -> styles whose items cannot be its parent
    lone_heading_styles: frozenset[str] = frozenset()  # a heading line of these styles needs no neighbour
    outline_break: Optional[regex.Pattern] = None  # a line that starts a new outline (附件)
    outline_rank: dict[str, int] = field(default_factory=dict)  # official rank of heading styles (1 highest)
    # a heading in running text (a flattened page) with no neighbour: (styles, contexts, longest title)
    lone_inline: tuple[frozenset[str], frozenset[str], int] = (frozenset(), frozenset(), 0)
    section_close: Optional[regex.Pattern] = None  # a paragraph that closes the items open above it


def parse_rules(data) -> MarkerRules:
    """Compile the rules: a validated model (pipeline/rules) or the file's raw content."""
    d = data if isinstance(data, MeasureMarkers) else validate_rules(data, MeasureMarkers, _DATA)
    contexts = {style: frozenset(getattr(d.contexts, style)) for style in STYLES}
    followers = {}
    for style in STYLES:
        pats = getattr(d.false_followers, style)
        followers[style] = regex_cache.compile("|".join(f"(?:{pattern_of(p)})" for p in pats)) if pats else None
    distance = {style: getattr(d.series_distance, style) for style in STYLES}
    never = {style: frozenset(parents) for style, parents in d.never_inside.items()}
    inline = d.lone_inline_heading
    return MarkerRules(contexts, followers, distance, dict(d.sequence_words), d.max_gap, d.max_depth,
                       d.max_title_chars, never, frozenset(d.lone_heading_styles),
                       regex_cache.compile(pattern_of(d.outline_break)) if d.outline_break else None, dict(d.outline_rank),
                       (frozenset(inline.styles), frozenset(inline.contexts), inline.max_title_chars) if inline else
                       (frozenset(), frozenset(), 0),
                       regex_cache.compile(pattern_of(d.section_close)) if d.section_close else None)


@lru_cache(maxsize=1)
def rules() -> MarkerRules:
    return parse_rules(load_rules(_DATA, MeasureMarkers))


@lru_cache(maxsize=1)
def _shape_regex(sequence_words: tuple[str, ...]) -> re.Pattern:
    # The stdlib engine: this pattern needs nothing `regex` adds, and re scans it several times faster.
    cn = f"[{ONE_TO_NINE}十]{{1,3}}"
    seq = "|".join(re.escape(w) for w in sequence_words) or "(?!)"
    # Every marker starts with one of these characters: the lookahead lets the engine skip the rest of
    # the text at once instead of trying every alternative at every position (7x faster, same matches).
    first = "(\u2460-\u2487\\d一二三四五六七八九十第" + "".join(sorted({w[0] for w in sequence_words}))
    return re.compile(
        rf"(?=[{first}])(?:"
        rf"(?P<cn_paren>\((?P<n1>{cn})\))"
        rf"|(?P<arabic_paren>\((?P<n2>\d{{1,2}})\)|(?P<n3>[\u2474-\u2487]))"
        rf"|(?P<circled>[\u2460-\u2473])"
        rf"|(?<![\d.])(?P<arabic>(?P<n4>\d{{1,2}})(?:、|\.(?!\d)))"
        rf"|(?P<cn_comma>(?P<n5>{cn})、)"
        rf"|(?P<shi>(?P<n6>{cn})是)"
        rf"|(?P<article>第(?P<n8>{cn})条)(?=[\s:,]|[^\s\d、,。;:]{{2}})"
        rf"|(?P<di>第(?P<n7>{cn}))(?=[,、:])"
        rf"|(?P<sequence>{seq})(?=[,:])"
        rf")"
    )


@dataclass
class Candidate:
    start: int  # marker start (document offset)
    end: int  # marker end
    marker: str  # as written in the document text
    style: str
    ordinal: Optional[int]  # None: 最后, takes the next number of its series
    line_start: bool
    body_start: int  # where the title begins (after the marker and any , : that follow 第一/首先)
    inline_heading: bool = False  # heads a short sentence in running text (see MarkerRules.lone_inline)
    context: str = ""  # where it stands: line_start, sentence, colon, comma, space or other (see _context)
    title_stop: int = -1  # a flattened page's heading: where the blank after its title is (-1: none)


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _context(norm: str, pos: int) -> str:
    """Kind of place a marker starting at ``pos`` stands in, from the last non-blank char before it."""
    i, floor = pos - 1, max(-1, pos - 16)
    while i > floor and norm[i] != "\n" and (norm[i].isspace() or not norm[i].isprintable()
                                            or norm[i] in _INVISIBLE):
        i -= 1
    if i < 0 or norm[i] == "\n":
        return "line_start"
    if i == floor:
        return "other"
    ch = norm[i]
    if ch in "。;!?":
        return "sentence"
    if ch == ":":
        return "colon"
    if ch in ",、":
        return "comma"
    # Blanks between text and marker: scraped pages join paragraphs with spaces.
    return "space" if i < pos - 1 else "other"


def find_candidates(text: str, norm: str, sequence_markers: bool = False) -> list[Candidate]:
    """Every marker-shaped string that stands where a list marker can stand.

    首先/其次/最后 enumerate only loosely and GOLD.md does not count them as numbered items, so
    they are markers only when ``sequence_markers`` is asked for.
    """
    r = rules()
    out: list[Candidate] = []
    for m in _shape_regex(tuple(r.sequence_words)).finditer(norm):
        style = next(s for s in STYLES if m.group(s) is not None)
        if style == "sequence" and not sequence_markers:
            continue
        start, end = m.span(style)
        ctx = _context(norm, start)
        allowed = r.contexts[style]
        if "any" not in allowed and ctx not in allowed:
            continue
        follower = r.false_followers[style]
        if follower is not None and follower.match(norm, end):
            continue
        ordinal = _ordinal(m, style, r)
        if ordinal == 0:
            continue
        body = end
        if style in ("di", "sequence") and end < len(norm) and norm[end] in ",、:":
            body = end + 1
        heads = _heads_a_sentence(norm, style, ctx, body, r)
        out.append(Candidate(start, end, text[start:end], style, ordinal, ctx == "line_start", body,
                             heads is not None, ctx, heads if heads is not None else -1))
    return keep_series(out, r)


# (not ;: items run in with semicolons are a list, 报告分六个部分：一、…；二、…, not the headings of a page)
_SENTENCE_END = regex_cache.compile(r"[。;!?\n]")


def _heads_a_sentence(norm: str, style: str, ctx: str, body: int, r: MarkerRules) -> Optional[int]:
    """Whether a marker in running text heads a short sentence of its own (……工作：（一）稳增长，质效稳中有升。:
    -1), or a short title a blank ends (a flattened page joins its lines with blanks: 三、加强政府自身建设 各位代表，…:
    where the blank is); None when it is no heading."""
    styles, contexts, max_chars = r.lone_inline
    if style not in styles or ctx not in contexts:
        return None
    end = _SENTENCE_END.search(norm, body, body + max_chars + 1)
    blank = _TITLE_THEN_BLANK.match(norm, body, body + max_chars + 2)
    if blank is not None and "," not in blank.group() and (end is None or blank.end() < end.start()):
        return blank.start("blank")  # (a title with no comma before a blank: the blank ends it, not a wrapped line)
    if end is not None and norm[end.start()] not in "\n;" and end.start() - body >= 4:
        return -1
    return blank.start("blank") if blank is not None else None


# a title of Han characters, digits and commas (2024年工作安排) that a blank and more text end, no sentence end inside
_TITLE_THEN_BLANK = regex_cache.compile(r"[\p{Han}\d,、]{4,60}?(?P<blank>[ \u3000]+)(?=[^\s。;!?])")


def _ordinal(m: re.Match, style: str, r: MarkerRules) -> Optional[int]:
    """The marker's number; 0 when the numeral is not a valid list number."""
    if style == "sequence":
        return r.sequence_words.get(m.group("sequence"))
    if style == "circled":
        return ord(m.group("circled")) - 0x2460 + 1
    if style == "arabic_paren" and m.group("n3"):
        return ord(m.group("n3")) - 0x2474 + 1
    digits = m.group("n2") or m.group("n4")
    if digits:
        n = int(digits)
        return n if n > 0 else 0
    cn = m.group("n1") or m.group("n5") or m.group("n6") or m.group("n7") or m.group("n8")
    return cn_ordinal(cn) or 0


def keep_series(cands: list[Candidate], r: MarkerRules) -> list[Candidate]:
    """Drop markers with no neighbour of their series (n-1 before or n+1 after) within reach.

    ``最后`` counts as a neighbour of any earlier 其次/再次.
    """
    by_key: dict[tuple[str, Optional[int]], list[int]] = {}
    for c in cands:
        by_key.setdefault((c.style, c.ordinal), []).append(c.start)

    def near(style: str, ordinal: Optional[int], pos: int, before: bool, reach: int) -> bool:
        starts = by_key.get((style, ordinal))
        if not starts:
            return False
        if before:
            i = bisect.bisect_left(starts, pos) - 1
            return i >= 0 and pos - starts[i] <= reach
        i = bisect.bisect_right(starts, pos)
        return i < len(starts) and starts[i] - pos <= reach

    kept = []
    for c in cands:
        reach = r.series_distance[c.style]
        if c.ordinal is None:  # 最后
            ok = any(near(c.style, n, c.start, True, reach) for n in (2, 3))
        else:
            # A neighbour may sit across a tolerated numbering gap (一、 二、 四、).
            ok = any(near(c.style, c.ordinal + k, c.start, False, reach)
                     or (c.ordinal - k >= 1 and near(c.style, c.ordinal - k, c.start, True, reach))
                     for k in range(1, r.max_gap + 2))
            if not ok and c.style == "sequence" and c.ordinal >= 2:
                ok = near(c.style, None, c.start, False, reach)
        # An excerpt may hold one section only (一、2024年工作回顾 and no 二、): its heading line stands alone.
        if ok or (c.line_start and c.style in r.lone_heading_styles) or c.inline_heading:
            kept.append(c)
    return kept
