"""Indicator extraction (../shared/spec/SCHEMA.md, Indicator; GOLD.md, Indicators).

One regex pass over ``ctx.norm`` finds every number written with a unit or measure word (or as a
percent or fraction). Each candidate then goes through form rules from
``pipeline/data/indicator_rules.yaml``: exclusions (dates, ranks, named sets, quoted slogans,
articles), qualifier, change (由X…为Y), status; and the vocabulary
(``pipeline/data/indicator_vocab.yaml``) names it. Spans are offsets into ``ctx.text``.
"""
from __future__ import annotations

import bisect
from collections import namedtuple
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from ..context import Context
from .base import Extractor
from .metadata import Metadata
from ..sections import ACHIEVED, TARGET, rules as section_rules, sections_of
from ..models import DocType, Indicator, IndicatorStatus
from ..normalize.doctype import is_rulebook
from .. import explain
from ..normalize import indicator_vocab, numerals, units
from ..rules.types import chars_of, pattern_of, patterns_of, words_of
from ..normalize.regions import is_han
from ..normalize.cn import DECIMAL_DIGITS, DIGITS, NUMERAL_CHARS, ONE_TO_NINE
from ..rules import load_rules
from ..rules.indicator_rules import IndicatorRules, QuoteRule
from .. import regex_cache

_RULES_FILE = "indicator_rules.yaml"
QUALIFIERS = ("approx", "at_least", "at_most")


# --------------------------------------------------------------------------- rules (data)
@dataclass(frozen=True)
class Rules:
    q_before: regex.Pattern          # qualifier word at the end of the text before the number
    q_before_kind: dict[str, str]
    q_before_blocked: str
    q_before_verb: regex.Pattern     # qualifier word + short verb right before the number
    q_before_share: regex.Pattern    # qualifier word + what the share is of (不少于…面积的) before a percent
    q_after: regex.Pattern           # qualifier word at the start of the text after the unit
    q_after_kind: dict[str, str]
    q_after_blocked: str
    approx_inside: frozenset[str]
    ordinal_prefix: regex.Pattern
    rank_prefixes: frozenset[str]
    rank_units: frozenset[str]
    rank_change: regex.Pattern       # 上升3位: a rank change verb right before the number
    rank_change_list: regex.Pattern  # 前进11位、7位和: ranks listed after a rank change, up to the next one
    phase_after_chars: str           # 机场四期: a facility noun's last character before N期
    phase_before: regex.Pattern      # 四期工程: a construction word after N期
    phase_written_before: Optional[regex.Pattern]  # 汇成三期、: what follows a phase in Chinese numerals after a name
    phase_event_chars: str           # 培训三期: an event's last character, after which N期 counts sessions
    size_class_after: Optional[regex.Pattern]  # 10亿元以上|项目: a class of projects or firms by their size
    ratio_gap: Optional[regex.Pattern]  # 收入倍差缩小至|1.89: a bare number that is a ratio, in 倍
    date_before_day: str             # 6月30日内: 日 after a month is a date
    cn_word_prefixes: str
    rank_share_before: Optional[regex.Pattern]
    rank_verb_before: Optional[regex.Pattern]
    cn_word_prefix_exempt: tuple[str, ...]
    code_neighbour: regex.Pattern
    year_min: float
    fixed: regex.Pattern
    fixed_parts: tuple[regex.Pattern, ...]  # the alternatives of ``fixed`` one by one (see _fixed_spans)
    named_set_head: regex.Pattern
    abstract_head: regex.Pattern
    chain: regex.Pattern
    quotes: regex.Pattern
    article_exempt: frozenset[str]
    ordinal_er_units: frozenset[str]
    from_marker: regex.Pattern
    from_window: int
    change_gap: regex.Pattern
    change_max_gap: int
    target_cue: regex.Pattern
    target_cue_review: regex.Pattern  # target_cue without the cues that report results in a review part
    target_cue_ratio: regex.Pattern
    target_cue_ratio_review: regex.Pattern  # the ratio cues that still set a target in a part that reviews
    target_sentence_cue: regex.Pattern
    frequency_cue: regex.Pattern
    frequency_units: frozenset[str]
    rule_condition: regex.Pattern
    rule_condition_window: int
    rule_object: regex.Pattern
    target_cue_limit: regex.Pattern
    achieved_cue: regex.Pattern
    achieved_cue_plan: regex.Pattern  # the achieved cues that still report inside a plan (已, 截至; not 累计)
    subject_stop: regex.Pattern
    subject_max_len: int
    coordinators: frozenset[str]
    distributive: regex.Pattern
    distributive_window: int
    continuation_max_left: int
    candidate: regex.Pattern = field(repr=False)


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) or "(?!)"


def top_level_branches(pattern: str) -> list[str]:
    """The alternatives of a pattern's outermost alternation, each a pattern of its own: a position where
    the pattern matches is one where some branch does, and a branch alone often has a literal the regex
    engine can skip along to (``(?:过去|近)一年|一年来``: ``一年来`` is found by a fast string search, the
    alternation is tried at every position). A pattern with global flags stays whole.

    >>> top_level_branches(r"(?:过去|近)一年|一年来|[|]x\\|y")
    ['(?:过去|近)一年', '一年来', '[|]x\\\\|y']
    >>> top_level_branches("(?i)a|b")
    ['(?i)a|b']
    """
    if pattern.startswith("(?") and regex.match(r"\(\?[aiLmsux0V1wfbre-]+\)", pattern):
        return [pattern]
    out, depth, set_from, escaped, start = [], 0, -1, False, 0  # set_from: where an open [...] began
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif set_from >= 0:
            # a ] right after [ or [^ is a member, not the end
            if ch == "]" and i > set_from + 1 and not (i == set_from + 2 and pattern[set_from + 1] == "^"):
                set_from = -1
        elif ch == "[":
            set_from = i
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    out.append(pattern[start:])
    return out if all(out) else [pattern]


def _any_of(patterns: list[str]) -> regex.Pattern:
    return regex_cache.compile("|".join(f"(?:{pattern_of(p)})" for p in patterns) or "(?!)")


def _candidate_regex() -> regex.Pattern:
    """The one-pass pattern: a number (or fraction, or 成) with its multiplier, approx word and unit."""
    # Lookbehinds: a number never starts inside another one (keeps the search linear on digit runs).
    ar = r"(?<![\d.])\d++(?:,\d{3}(?!\d))*+(?:\.\d++)?+"
    # A Chinese decimal (九十九点二) reads on through 点.
    cn = rf"(?<![{NUMERAL_CHARS}])[{NUMERAL_CHARS}]++(?:点[{DECIMAL_DIGITS}]++)?+"
    num = f"(?:{ar}|{cn})"
    # a written minus (增长-3.2%, 负3.2%): "-" after a Chinese character or an opening mark, never
    # after a digit or letter (2020-2025, G-20) nor at a line start (a bullet); 负 only after a
    # linking word or outside Chinese words (为负3%, 增长负2%; not 减负, 不负, 抱负)
    qr = units.quantity_rules()
    after = regex.escape(qr.minus_after)
    # (the literal first, then the look-behind: cheap at every position)
    minus = (rf"-(?<=[\p{{Han}}{after}]-)(?=\d)"
             rf"|负(?:(?<!\p{{Han}}负)|(?<=[{regex.escape(qr.negative_after)}]负))(?=\d|[{DIGITS}十])")
    sep = r"[ \t]{0,2}(?:-|—{1,2}|–|－|~|～|〜|至|到)[ \t]{0,2}"
    mult = units.multiplier_regex()
    unit = units.unit_regex()
    # units a half can follow (一年半, 两米半) or lead (半个月, 半小时), and a fraction can count
    # (四分之一个百分点, 三又二分之一小时)
    half_units = units.unit_regex_of(("duration", "physical"))
    lead_half_units = units.unit_regex_of(("duration",))
    frac_units = units.unit_regex_of(("duration", "physical", "money"), ("个百分点", "百分点"))
    # units that begin with a multiplier's character (千瓦时, 千米, 百分点)
    mult_units = units.unit_regex_of((), (), "".join(sorted({w[0] for w in units.table().multipliers})))
    pattern = (
        rf"(?P<frac>百分之{num}|{num}(?:又{num})?分之{num})(?:[ \t]{{0,2}}(?P<funit>{frac_units}))?"
        # 三成, 七成五; 八折, 八五折 (2.5成 and 8.5折 are read as units: units.yaml)
        rf"|(?P<cheng>[{DIGITS[2:]}]成"
        rf"(?:[{ONE_TO_NINE}](?=[^\p{{Han}}]|左右|以上|以下|的|$))?)(?![为功立效员果本绩都市形长型])"
        rf"|(?P<zhe>[{ONE_TO_NINE}](?<!波.)[{ONE_TO_NINE}]?折)"
        rf"(?![扣叠页线算合射腰旧价现返子纸零〇一二两三四五六七八九十\d])"
        # 半个月, 半小时, 半天 (not 上半年, 前半天, 大半年)
        rf"|(?P<halfn>半(?<![上下前后每大多小这那过近半零〇一二两三四五六七八九十百千万\d]半))(?P<hunit>{lead_half_units}"
        rf"|月(?=内|以内|之内|左右|多|时间))"
        # half in words (过半事项, 近半数, 半数以上) and doublings (翻了一番 = 1倍 more, as 增长1倍)
        rf"|(?P<half>(?<![经通超越])过半数?|(?<![接将])近半数?|半数以上|超过半数|一半以上|逾半数?)(?![年月天日个小程场途])"
        rf"|(?P<fan>翻了?(?P<fan_n>一|两|二|三)番)"
        rf"|(?P<neg>{minus})?(?P<n1>{num})(?:[ \t]{{0,2}}(?P<pct1>%)(?=[ \t]{{0,2}}(?:-|—|–|－|~|～|至|到)))?"
        rf"(?:{sep}(?P<n2>{num}))?"
        # a multiplier never eats the first character of a unit (7000万千瓦时 is 千瓦时, not 千 + 瓦)
        rf"[ \t]{{0,2}}(?:(?!{mult_units})(?P<mult1>{mult}))?(?P<in1>[余多])?(?:(?!{mult_units})(?P<mult2>{mult}))?[ \t]{{0,2}}"
        rf"(?:个(?P<in2>[余多半])(?P<unit2>工作日|小时|月|星期|季度)|(?P<unit>{unit})"
        rf"(?P<half2>半(?<=(?:{half_units})半)(?![年月天日个小时数拉途山岛夜程价]))?)"
    )
    return regex_cache.compile(pattern)


# The groups of the candidate regex in group-number order. A candidate's groups are read once as a
# tuple (Match.groups): the regex module looks a group up by name in about 300 ns, and a candidate
# asks for a dozen of them. ``rules()`` checks that the regex has exactly these groups, in this order.
_Groups = namedtuple("_Groups", "frac funit cheng zhe halfn hunit half fan fan_n neg n1 pct1 n2 mult1 in1 mult2 "
                                "in2 unit2 unit half2")


def _groups(m: regex.Match) -> _Groups:
    return tuple.__new__(_Groups, m.groups())


def _check_groups(pattern: regex.Pattern) -> regex.Pattern:
    numbered = sorted(pattern.groupindex, key=pattern.groupindex.get)
    if pattern.groups != len(_Groups._fields) or tuple(numbered) != _Groups._fields:
        raise AssertionError(f"candidate regex groups {numbered} are not {_Groups._fields}")
    return pattern


def _quote_regex(quotes) -> regex.Pattern:
    parts = []
    for q in quotes:
        eo, ec = regex.escape(q.open), regex.escape(q.close)
        parts.append(f"{eo}[^{eo}{ec}\\n]{{1,{q.max_len}}}{ec}")
    return regex_cache.compile("|".join(parts) or "(?!)")


def _chain_regex(ex) -> regex.Pattern:
    cn = regex.escape(chars_of(ex.chain_numerals))
    excluded = regex.escape(chars_of(ex.chain_numerals) + "零〇十百千万亿廿卅" + chars_of(ex.chain_not_link))
    # A named set has a handful of links; capping the repeat keeps the check cheap on 一是一是….
    return regex_cache.compile(f"(?:[{cn}][^\\W\\d_{excluded}]{{1,2}}){{2,6}}")


def _qualifier_rules(q) -> dict:
    qb, qa = q.before.table(), q.after.table()
    return dict(
        q_before=regex_cache.compile(f"(?:{_alt(qb)})[ \\t]{{0,2}}$"),
        q_before_kind=qb,
        q_before_blocked=chars_of(q.before_blocked_after),
        q_before_verb=regex_cache.compile(f"(?:{_alt(qb)})(?:{_alt(words_of(q.verbs_between))})$"),
        # 不少于城市建成区面积的7.5%: the floor is of a share named between the word and the number (不超过所在统筹
        # 地区大病保险原封顶线的20%: a name of up to 16 characters)
        q_before_share=regex_cache.compile(f"(?:{_alt({w: k for w, k in qb.items() if k != 'approx' and len(w) > 1})})"
                                     f"[^,;。\\d%的]{{2,16}}的$"),
        q_after=regex_cache.compile(f"[ \\t]{{0,2}}(?:{_alt(qa)})"),
        q_after_kind=qa,
        q_after_blocked=chars_of(q.after_blocked_before),
        approx_inside=frozenset(words_of(q.approx_inside)),
    )


def _exclusion_rules(ex) -> dict:
    return dict(
        ordinal_prefix=regex_cache.compile(f"(?:{_alt(words_of(ex.ordinal_prefixes))})$"),
        rank_prefixes=frozenset(words_of(ex.rank_prefixes)),
        rank_units=frozenset(words_of(ex.rank_units)),
        rank_change=regex_cache.compile(f"(?:{_alt(words_of(ex.rank_change_verbs))})了?$"),
        rank_change_list=regex_cache.compile(
            f"(?:{_alt(words_of(ex.rank_change_verbs))})了?(?:[\\d一二三四五六七八九十]{{1,3}}"
            f"(?:{_alt(words_of(ex.rank_units))})[、和及与])+$"),
        phase_after_chars=chars_of(ex.phase_after_chars),
        phase_before=regex_cache.compile(f"(?:{_alt(words_of(ex.phase_before_words))})"),
        phase_written_before=(regex_cache.compile(pattern_of(ex.phase_written_before))
                              if ex.phase_written_before is not None else None),
        phase_event_chars=chars_of(ex.phase_event_chars),
        size_class_after=regex_cache.compile(pattern_of(ex.size_class_after)) if ex.size_class_after is not None else None,
        ratio_gap=regex_cache.compile(pattern_of(ex.ratio_gap)) if ex.ratio_gap is not None else None,
        date_before_day=chars_of(ex.date_before_day),
        cn_word_prefixes=chars_of(ex.cn_word_prefixes),
        rank_share_before=regex_cache.compile(pattern_of(ex.rank_share_before)) if ex.rank_share_before else None,
        rank_verb_before=regex_cache.compile(pattern_of(ex.rank_verb_before)) if ex.rank_verb_before else None,
        cn_word_prefix_exempt=tuple(words_of(ex.cn_word_prefix_exempt)),
        code_neighbour=regex_cache.compile(f"[{chars_of(ex.code_neighbours)}]"),
        year_min=float(ex.year_min),
        fixed=_any_of(ex.fixed_expressions),
        fixed_parts=tuple(regex_cache.compile(b) for p in ex.fixed_expressions for b in top_level_branches(pattern_of(p))),
        named_set_head=regex_cache.compile(f"^(?:{_alt(words_of(ex.named_set_heads))})"),
        abstract_head=regex_cache.compile(f"^(?:{_alt(words_of(ex.abstract_heads))})"),
        chain=_chain_regex(ex),
        quotes=_quote_regex(ex.quotes.quotes if isinstance(ex.quotes, QuoteRule) else ex.quotes),
        article_exempt=frozenset(words_of(ex.article_exempt_units)),
        ordinal_er_units=frozenset(words_of(ex.ordinal_er_units)),
    )


def _status_rules(st) -> dict:
    weak = patterns_of(st.target_cues_weak_in_review)
    return dict(
        target_cue=_any_of(st.target_cues),
        target_cue_review=_any_of([c for c in st.target_cues if pattern_of(c) not in weak]),
        target_cue_ratio=_any_of(st.target_cues_ratio),
        target_cue_ratio_review=_any_of([c for c in st.target_cues_ratio if pattern_of(c) not in weak]),
        target_sentence_cue=_any_of(st.target_sentence_cues),
        frequency_cue=regex_cache.compile(pattern_of(st.frequency_cue)),
        frequency_units=frozenset(words_of(st.frequency_units)),
        rule_condition=regex_cache.compile(pattern_of(st.rule_condition)),
        rule_condition_window=st.rule_condition_window,
        rule_object=regex_cache.compile(pattern_of(st.rule_object)),
        target_cue_limit=_any_of(st.target_cues_limit),
        achieved_cue=_any_of(st.achieved_cues),
        achieved_cue_plan=_any_of([c for c in st.achieved_cues if pattern_of(c) not in patterns_of(st.achieved_cues_weak_in_plan)]),
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules of ``indicator_rules.yaml``, validated (pipeline/rules) and compiled once."""
    data = load_rules(_RULES_FILE, IndicatorRules)
    ch, sj, ls = data.changes, data.subject, data.lists
    return Rules(
        **_qualifier_rules(data.qualifiers),
        **_exclusion_rules(data.exclusions),
        from_marker=regex_cache.compile(f"(?:{pattern_of(ch.from_marker)})$"),
        from_window=ch.from_window,
        change_gap=regex_cache.compile(f"[^,;。\\d]{{0,6}}?(?:{pattern_of(ch.change_verb)})[ \\t]{{0,2}}"),
        change_max_gap=ch.max_gap,
        **_status_rules(data.status),
        subject_stop=regex_cache.compile(f"[{regex.escape(chars_of(sj.stop_chars))}]|\\d|\\s|{_alt(words_of(sj.stop_words))}"),
        subject_max_len=sj.max_len,
        coordinators=frozenset(words_of(ls.coordinators)),
        distributive=regex_cache.compile(_alt(words_of(ls.distributive))),
        distributive_window=ls.distributive_window,
        continuation_max_left=ls.continuation_max_left,
        candidate=_check_groups(_candidate_regex()),
    )


# --------------------------------------------------------------------------- candidates
@dataclass
class Candidate:
    start: int            # span start (qualifier included)
    end: int              # span end (qualifier included)
    num_start: int        # first character of the number
    num_end: int          # end of the unit
    value: float
    unit: str
    kind: str
    qualifier: str = "exact"
    value_max: Optional[float] = None
    from_value: Optional[float] = None
    cn_text: Optional[str] = None   # the Chinese numeral as written, if the number is Chinese
    direction: Optional[str] = None  # up | down: the value is a change this way (下降3.5%)
    left_start: int = 0             # where the context before the number starts (由 of a change)


_WINDOW = 60  # characters of context looked at on each side of a number
_WIDE = 80  # characters of the sentence before a number that before_wide rules see
# Longest sentence an indicator's ``sentence`` span may copy. Real reports stay under 500 characters
# (longest seen in ../shared: 460); a scraped table flattened into one line has no sentence end, and
# copying it once per number would make the output quadratic in the line's length.
SENTENCE_MAX_CHARS = 1000
_CLAUSE_END = regex_cache.compile(r"[,;。:!?\n]")


class _Clauses:
    """Clause boundaries (, ; 。 : ! ? newline) of a text, found in one pass."""

    def __init__(self, norm: str):
        self.cuts = [m.start() for m in _CLAUSE_END.finditer(norm)]
        self.n = len(norm)

    def bounds(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.cuts, pos - 1)
        start = self.cuts[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.cuts, pos)
        end = self.cuts[j] if j < len(self.cuts) else self.n
        return start, end


class _Intervals:
    """Sorted, non-overlapping intervals for 'is this position inside one of them?'."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        # Intervals may overlap (fixed expressions), so look back a little.
        for k in range(max(0, i - 3), min(len(self.spans), i + 2)):
            s, e = self.spans[k]
            if s < end and start < e:
                return True
        return False


class _Covered:
    """'Does this span touch one of these intervals?' for the candidates of one document, answered by
    one search in a byte mask of the covered positions (a C call, where a bisect and a look at the
    neighbouring intervals took a few microseconds a number). An empty interval covers no position but
    touches a span around it, so a document with one falls back to :class:`_Intervals` (exact for the
    non-overlapping matches of one ``finditer``, which every interval list here is)."""

    def __init__(self, n: int, *span_lists: list[tuple[int, int]]):
        self.mask: Optional[bytearray] = None
        self.lists: list[_Intervals] = []
        if any(s >= e for spans in span_lists for s, e in spans):
            self.lists = [_Intervals(spans) for spans in span_lists]
            return
        self.mask = bytearray(n)
        for spans in span_lists:
            for s, e in spans:
                self.mask[s:e] = b"\x01" * (e - s)

    def covers(self, start: int, end: int) -> bool:
        if self.mask is not None:
            return self.mask.find(1, start, end) >= 0
        return any(iv.covers(start, end) for iv in self.lists)


def _number(text: str) -> tuple[Optional[float], Optional[str]]:
    """Value of a number as written and the Chinese numeral (None for Arabic)."""
    if text and text[0].isdigit():
        return numerals.parse_arabic(text), None
    return numerals.parse_chinese(text), text


def _is_chain_link_unit(word: str) -> bool:
    return units.lookup(word) is not None


def _named_chains(norm: str, r: Rules) -> list[tuple[int, int]]:
    """一书两证, 两集中三到位, 一厅一窗一人一机: numerals each followed by one or two characters,
    at least two of which are not measure words (一年两次 is two quantities, not a name)."""
    out = []
    for m in r.chain.finditer(norm):
        if _INSIDE_WORDED_PERCENT.search(norm, max(0, m.start() - 12), m.start()):
            continue  # 百分之三十一点一提高到…: the decimal of a percentage written in words, no name
        non_units = 0
        for w in _CHAIN_LINK.findall(m.group()):
            if not _is_chain_link_unit(w) and not _is_chain_link_unit(w[:1]):
                non_units += 1
        if non_units >= 2:
            out.append(m.span())
    return out


_INSIDE_WORDED_PERCENT = regex_cache.compile(r"百分之[零〇一二两三四五六七八九十百]*\Z")
_CHAIN_LINK = regex_cache.compile(r"[一二两三四五六七八九十双]([^一二两三四五六七八九十双]{1,2})")


def _fixed_spans(norm: str, r: Rules) -> list[tuple[int, int]]:
    """The spans ``r.fixed.finditer(norm)`` gives, found faster: the alternation is tried at every position
    of the text, while each expression alone is skipped along by the engine to the few places it can start
    (all places, overlapping); the alternation is then matched only there, left to right, as finditer would."""
    starts = set()
    for part in r.fixed_parts:
        starts.update(m.start() for m in part.finditer(norm, overlapped=True))
    spans, last = [], 0
    for pos in sorted(starts):
        if pos < last:
            continue
        m = r.fixed.match(norm, pos)
        if m is not None:  # always: some expression matches here (kept for safety)
            spans.append(m.span())
            last = m.end()
    return spans


def _candidates(ctx: Context, r: Rules, quoted: _Covered, named: _Covered) -> list[Candidate]:
    """Every candidate quantity; ``named``: fixed expressions and named chains (no quantities inside)."""
    norm, text = ctx.norm, ctx.text
    out: list[Candidate] = []
    pos = 0
    n = len(norm)
    pat = r.candidate
    while pos < n:
        m = pat.search(norm, pos)
        if m is None:
            break
        pos = m.end()
        try:
            cand = _candidate(ctx, r, m, quoted, named)
        except (ValueError, OverflowError, ArithmeticError) as exc:  # never let one number stop a document
            ctx.warnings.append(f"indicator at {m.start()} skipped: {exc}")
            continue
        if cand is _RESTART:
            # A full-width comma is list punctuation, not a thousands separator: read again after it.
            pos = m.start() + text[m.start():m.end()].index("，") + 1
            continue
        if cand is _MARKER:
            # 3．10种有色金属 at a line start: "3．" is a list marker, read again after it
            pos = m.start("n1") + m.group("n1").index(".") + 1
            continue
        if cand is not None:
            out.append(cand)
    return out


# words that end a quote after a quantity in it: the quote is a name (“10%工作法”)
_NAME_ENDS_QUOTE = regex_cache.compile(r"\p{Han}{1,6}[”\"」』’]")
_RESTART = object()
_THOUSANDS = regex_cache.compile(r"\d{1,3}(?:,\d{3})+")
_TIMES_BEFORE = regex_cache.compile(r"(?<![\d.×＊*])([1-9]\d?)[ \t]?[×＊*][ \t]?\Z")
_MARKER = object()
_LINE_START = regex_cache.compile(r"(?:^|\n)[ \t\u3000]*$")
_FAN = {"一": 1, "两": 2, "二": 2, "三": 3}
_QUOTE_CLOSE = regex_cache.compile(r".[^”\"’」』\n]{1,16}[”\"’」』]")
_MONTH_AFTER = regex_cache.compile(r"\d{1,2}月|[一二三四五六七八九十]{1,2}月")
_BARE_MAGNITUDES = {"百": 100.0, "千": 1000.0, "万": 10000.0, "亿": 1e8}
_HALF_YEAR_AFTER = regex_cache.compile(r"内|以内|之内|以上|左右|多|时间|期限")
_BARE_LICENCES = ("近", "上", "逾", "约", "超")
# a bare 亿 only after these (近亿元, 上亿人): 超亿元/上亿元 before a kind of firm or project is a size class,
# and 约 is too often the end of a word (签约亿元以上项目)
_BARE_LICENCES_OF = {"亿": ("近", "上", "逾")}
_SIZE_CLASS_AFTER = regex_cache.compile(r"(?:以上|级)?的?(?:重点|重大)?(?:\p{Han}{0,2}企业|项目|工程|产业|集群|园区)")
_NAMED_PROGRAMME_AFTER = regex_cache.compile(r"\p{Han}{0,8}?(?:工程|计划)")
_BARE_VERB_LICENCES = frozenset("引进 推出 举办 培育 建成 开展 实施 新增 打造 招引 培训 吸引 组织 带动 建设 新建 开通 选派 培养".split())
_BARE_LICENCE_AFTER = "以上"  # 举办招商活动千场以上: a bare magnitude bounded from below


def _candidate(ctx: Context, r: Rules, m: regex.Match, quoted: _Covered, named: _Covered):
    norm, text = ctx.norm, ctx.text
    s, e = m.start(), m.end()
    g = _groups(m)
    n1 = g.n1
    if n1 and "," in n1 and "，" in text[s:e] and not (g.mult1 and _THOUSANDS.fullmatch(n1)):
        # (older reports typeset thousands with a full-width comma before 万/亿: 粮食产量34，250万吨)
        return _RESTART
    if n1 and "." in n1 and n1.index(".") <= 2 and _LINE_START.search(norm, max(0, s - 8), s):
        return _MARKER
    # a number with its unit (the common case), or a fraction, 成/折, a half or a doubling
    read = _with_unit(ctx, r, m, g) if n1 is not None else _special_form(norm, m, g)
    if read is None:
        return None
    value, unit, kind, cn_text, value_max, qualifier, bare_at_least = read
    if named.covers(s, e):
        return None
    start, end, qualifier = _qualifier_words(norm, r, s, e, qualifier, bare_at_least)
    if kind == "money" and (qualifier == "at_least" or value_max is not None) and r.size_class_after is not None \
            and r.size_class_after.match(norm, end):
        return None  # 10亿元以上项目, 50-100亿元项目: the size that defines a class of projects, not a figure of the work
    if kind == "physical" and start == s:
        # 2×100万千瓦: units of a capacity (two generating sets), the figure is their total
        times = _TIMES_BEFORE.search(norm, max(0, s - 6), s)
        if times is not None:
            n = int(times.group(1))
            value, value_max = value * n, (value_max * n if value_max is not None else None)
            start = times.start()
    # Quoted text is a name (“一日办结”), but a ratio or a limit (“3日内办结”) in it is still a quantity.
    if quoted.covers(s, e) and kind != "ratio" and not (kind == "duration" and qualifier == "at_most"):
        return None
    if kind == "ratio" and quoted.covers(s, e) and _NAME_ENDS_QUOTE.match(norm, end, min(len(norm), end + 8)):
        return None  # “10%工作法”: a ratio the quoted name goes on from is part of the name
    value, value_max, direction = _signed(norm, g, start, value, value_max)
    return Candidate(start=start, end=end, num_start=s, num_end=e, value=value, unit=unit, kind=kind,
                     qualifier=qualifier, value_max=value_max, cn_text=cn_text, left_start=start,
                     direction=direction)


def _special_form(norm: str, m: regex.Match, g: _Groups):
    """(value, unit, kind, cn_text, value_max, qualifier, bare_at_least) of a fraction, 成/折, a half or
    a doubling; None when it is no quantity."""
    qualifier = "exact"
    if g.frac or g.cheng or g.zhe:
        value = numerals.parse_fraction(g.frac or g.cheng or g.zhe)
        unit, kind = "%", "ratio"
        if value is None:
            return None
        if g.funit:
            # a fraction of a unit: 四分之一个百分点 -> 0.25 百分点, 三又二分之一小时 -> 3.5 小时
            info = units.lookup(g.funit)
            value = numerals.scale(value / 100.0, info.scale)
            if value is None:
                return None
            unit, kind = info.unit, info.kind
    elif g.halfn:
        # 半个月 -> 0.5 月, 半小时 -> 0.5 小时; a bare 半年 is a span of time only as a limit or length
        written = g.hunit
        if written == "年" and not _HALF_YEAR_AFTER.match(norm, m.end()):
            return None
        info = units.lookup(written) if written != "月" else units.lookup("个月")
        value = numerals.scale(0.5, info.scale)
        unit, kind = info.unit, info.kind
    elif g.half:
        value, unit, kind = 50.0, "%", "ratio"
        qualifier = "approx" if g.half.startswith("近") else "at_least"
    elif g.fan:
        # doubling n times is a growth of 2**n - 1 times (翻两番 = 增长3倍)
        value, unit, kind = float(2 ** _FAN[g.fan_n] - 1), "倍", "ratio"
    else:
        return None
    return value, unit, kind, None, None, qualifier, False


def _with_unit(ctx: Context, r: Rules, m: regex.Match, g: _Groups):
    """(value, unit, kind, cn_text, value_max, qualifier, bare_at_least) of a number written with its
    unit or measure word; None when it is no quantity."""
    norm, s = ctx.norm, m.start()
    qualifier, bare_at_least = "exact", False  # 上百家: a bare magnitude after 上 (a hundred or more)
    value, cn_text = _number(g.n1)
    if value is None and g.n1 in _BARE_MAGNITUDES:
        # A bare 百/千/万 is an idiom (千家万户, 百姓) unless an approx word licenses it:
        # 近百家, 上百人 (a hundred or more), 百余件, 逾千次.
        # (规模以上万元工业增加值: the 上 of 以上 licenses nothing)
        licence = norm[s - 1:s] if s and norm[s - 2:s] != "以上" else ""
        licences = _BARE_LICENCES_OF.get(g.n1, _BARE_LICENCES)
        if g.n1 in _BARE_LICENCES_OF and (licence not in licences or _SIZE_CLASS_AFTER.match(norm, m.end())):
            return None
        # 引进千名…, 推出百项…, 举办百场…: a round hundred or thousand a verb sets out to reach (not 百年校庆, a
        # centenary; not 千头牛场, a size class; not a programme named by it: 实施百家景区焕新工程)
        verb_licence = g.n1 in ("百", "千") and norm[max(0, s - 2):s] in _BARE_VERB_LICENCES \
            and g.unit not in (None, "年", "头") and not _SIZE_CLASS_AFTER.match(norm, m.end()) \
            and not _NAMED_PROGRAMME_AFTER.match(norm, m.end())
        if licence in licences or g.in1 or norm.startswith(_BARE_LICENCE_AFTER, m.end()) or verb_licence:
            value, cn_text = _BARE_MAGNITUDES[g.n1], g.n1
            bare_at_least = licence == "上"
    if value is None:
        if g.n1 and g.n1[0].isdigit():
            ctx.warnings.append(f"indicator at {s} skipped: number {g.n1[:20]!r}… out of range")
        return None
    value_max = None
    if g.n2:
        value_max, _ = _number(g.n2)
        if value_max is None or value_max <= value:
            return None
    written = g.unit or g.unit2
    info = units.lookup(written) if g.unit else units.lookup("个" + written)
    if info is None or (info.arabic_only and cn_text is not None):
        return None
    if info.context and g.n1 in _BARE_MAGNITUDES:
        return None  # a unit read by its context needs a written number (百度 is a company)
    if info.context and not any(w in norm[max(0, s - 24):s] for w in info.context) \
            and not (info.followed_by and any(norm.startswith(w, m.end()) for w in info.followed_by)):
        return None  # 10000P is computing power only where 算力 is spoken of
    factor = _factor(g, info)
    if factor is None:
        return None
    if g.in2 == "半" or g.half2:
        value += 0.5  # 三个半月, 一年半, 两米半
    elif g.in1 or g.in2:
        qualifier = "approx"
    if bare_at_least:
        qualifier = "at_least"
    value = numerals.scale(value, factor)
    value_max = numerals.scale(value_max, factor) if value_max is not None else None
    if value is None or (g.n2 and value_max is None):
        return None
    if not _plausible(norm, m, g, r, value, info.unit, info.kind, cn_text):
        return None
    return value, info.unit, info.kind, cn_text, value_max, qualifier, bare_at_least


def _factor(g: _Groups, info) -> Optional[float]:
    """The multiplier words (万, 亿) and the unit's own scale, None for an unknown multiplier."""
    factor = 1.0
    for word in (g.mult1, g.mult2):
        if word:
            f = units.multiplier(word)
            if f is None:
                return None
            factor *= f
    return factor * info.scale


def _qualifier_words(norm: str, r: Rules, s: int, e: int, qualifier: str, bare_at_least: bool):
    """(start, end, qualifier) with the qualifier words around the quantity (超过, 左右, 以上)."""
    start, end = s, e
    qb = r.q_before.search(norm, max(0, s - 6), s) or r.q_before_verb.search(norm, max(0, s - 8), s)
    if qb is None and norm.startswith("%", e - 1):
        qb = r.q_before_share.search(norm, max(0, s - 24), s)
    if qb and not (qb.start() > 0 and norm[qb.start() - 1] in r.q_before_blocked):
        key = next((w for w in _by_length(r.q_before_kind) if norm.startswith(w, qb.start())), None)
        qualifier = r.q_before_kind.get(key, qualifier)
        start = qb.start()
    if bare_at_least and start == s:
        start = s - 1  # 上百家: the 上 is the qualifier word
    qa = r.q_after.match(norm, e, min(len(norm), e + 6))
    if qa and not (qa.end() < len(norm) and norm[qa.end()] in r.q_after_blocked):
        qualifier = r.q_after_kind.get(qa.group().strip(), qualifier)
        end = qa.end()
    elif qa is None:
        # 5亿元（3000万美元）以上: the qualifier after a bracketed equivalent is both figures' (the span stays the number)
        bracket = _BRACKETED_AFTER.match(norm, e, min(len(norm), e + 18))
        qa = bracket and r.q_after.match(norm, bracket.end(), min(len(norm), bracket.end() + 6))
        if qa and not (qa.end() < len(norm) and norm[qa.end()] in r.q_after_blocked):
            qualifier = r.q_after_kind.get(qa.group().strip(), qualifier)
    return start, end, qualifier


# a bracketed equivalent after a quantity (（3000万美元）), or the bracket it stands in closing
_BRACKETED_AFTER = regex_cache.compile(r"[(（][^()（）\n]{1,16}[)）]|[)）]")


def _signed(norm: str, g: _Groups, start: int, value: float, value_max: Optional[float]):
    """(value, value_max, direction): 增长-3.2% and 负增长2.1% are negative; 下降3.5% stays 3.5, falling."""
    negative, direction = units.direction_before(norm, start)
    if negative and value_max is not None:
        value, value_max = -value_max, -value  # 负增长1-2%: from -2 to -1
    elif g.neg or negative:
        value = -value
        if direction is not None and not negative and (value_max is None or value_max <= 0):
            direction = "down" if direction == "up" else "up"  # 增长-3.2% fell, 下降-1% rose
    return value, value_max, direction


@lru_cache(maxsize=4)
def _by_length_cached(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _by_length(table: dict[str, str]) -> tuple[str, ...]:
    return _by_length_cached(tuple(table))


def _later_rank_of_a_list(norm: str, s: int, before: str, r: Rules) -> bool:
    """A rank listed after another that a rank change names (前进11位、7位和5位), or after bare ranks a rank
    prefix leads (前20、30、50名): the list's later items."""
    return (len(before) >= 2 and before[-1] in "、和及与"
            and (r.rank_change_list.search(norm, max(0, s - 24), s) is not None
                 or _BARE_RANKS_BEFORE.search(norm, max(0, s - 16), s) is not None))


_BARE_RANKS_BEFORE = regex_cache.compile(r"[前后第]\d{1,3}(?:[、和及与]\d{1,3})*[、和及与]\Z")


def _plausible(norm: str, m: regex.Match, g: _Groups, r: Rules, value: float, unit: str, kind: str,
               cn_text: Optional[str]) -> bool:
    """Form rules that make a number with a unit not a quantity (dates, ranks, articles, names)."""
    s, e = m.start(), m.end()
    before = norm[max(0, s - 4):s]
    n1 = g.n1
    if r.ordinal_prefix.search(before):
        return False
    if n1 == "一" and (norm.startswith(norm[s:e], e) or norm[max(0, 2 * s - e):s] == norm[s:e]):
        return False  # 一天一天接着干, 一步一步: one after another, no quantity
    if g.unit in r.rank_units and (before[-1:] in r.rank_prefixes or r.rank_change.search(before)
                                   or (r.rank_verb_before is not None
                                       and r.rank_verb_before.search(norm, max(0, s - 12), s))
                                   or _later_rank_of_a_list(norm, s, before, r)):
        return False
    if unit == "%" and r.rank_share_before is not None and r.rank_share_before.search(norm, max(0, s - 14), s):
        return False  # 进入全球排名前1%: a percentile rank, not a share
    if g.unit == "项" and (g.mult1 or g.mult2) and norm[e:e + 1] == "目":
        return False  # 过30亿项目: projects of a size (亿 of yuan before 项目), no count of items
    if unit == "期" and ((before[-1:] and before[-1:] in r.phase_after_chars)
                        or r.phase_before.match(norm, e, min(len(norm), e + 6))
                        or (cn_text is not None and before[-1:] and is_han(before[-1])
                            and before[-1] not in r.phase_event_chars
                            and r.phase_written_before is not None
                            and (e >= len(norm) or r.phase_written_before.match(norm, e)))):
        return False
    if g.unit == "日" and before[-1:] and before[-1:] in r.date_before_day:
        return False
    if cn_text is not None:
        if value == 0:  # 零部件, 零投诉: a bare Chinese zero is a word, not a count
            return False
        if before[-1:] and before[-1:] in r.cn_word_prefixes and not (
                before[-1:] == "上" and n1 in _BARE_MAGNITUDES) and not before.endswith(r.cn_word_prefix_exempt):
            return False  # 上百家 is a quantity, 上一级 is not; 以下七个方面 counts
        if cn_text == "一" and kind == "count" and unit not in r.article_exempt:
            return False
        if cn_text == "二" and unit in r.ordinal_er_units:
            return False
        if unit == "个" and not g.n2:
            after = norm[e:e + 12]
            if r.named_set_head.match(after):
                return False
            if after[:1] in "“\"‘「『":
                # 三个“一号工程”, 八个“走在前”: a count written in words before a quote names a set
                close = _QUOTE_CLOSE.match(after)
                if cn_text is not None or close is None or r.abstract_head.match(after[close.end():]) or \
                        after[close.end():close.end() + 1] in ",;。、":
                    return False
        if _in_place_name(norm, s):
            return False
    else:
        if before[-1:] and r.code_neighbour.match(before[-1:]):
            return False
        if _in_code(norm, s):
            return False
        # (a Chinese unit ends the quantity: 30万吨UPC试验工程 is a capacity before a process's name)
        if e < len(norm) and r.code_neighbour.match(norm[e]) and unit not in ("%",) and not is_han(norm[e - 1]):
            return False
    if unit == "年":
        digits = n1 or ""
        if value >= r.year_min or (digits.isdigit() and len(digits) >= 3):
            return False
        if _MONTH_AFTER.match(norm, e, e + 3):
            return False
    return True


# --------------------------------------------------------------------------- names and codes
@lru_cache(maxsize=1)
def _place_names() -> dict[str, tuple[tuple[int, str], ...]]:
    """Names of the region table (official and short) holding a Chinese numeral, indexed by the
    two characters at the numeral: 七台河 -> {"七台": ((0, "七台河"),)}."""
    from ..normalize.regions import gazetteer

    gz = gazetteer()
    names = set(gz.full) | set(gz.alias)  # the table's names are the keys of ``full``
    index: dict[str, list[tuple[int, str]]] = {}
    for name in names:
        for k, ch in enumerate(name[:-1]):
            if ch in numerals.CN_NUMERAL_CHARS and (k == 0 or name[k - 1] not in numerals.CN_NUMERAL_CHARS):
                index.setdefault(name[k:k + 2], []).append((k, name))
    return {key: tuple(v) for key, v in index.items()}


def _in_place_name(norm: str, s: int) -> bool:
    """The Chinese numeral at ``s`` is part of a place name (七台河市, 五家渠, 三台县)."""
    hits = _place_names().get(norm[s:s + 2])
    return bool(hits) and any(s >= k and norm.startswith(name, s - k) for k, name in hits)


_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-%#~?=&")


def _in_code(norm: str, s: int) -> bool:
    """The Arabic number at ``s`` is inside a code: a run of ASCII letters, digits and joiners with a
    letter before it (X-200型, an encoded URL %E4%B8%AD, http://…/2020-05/…), not a quantity."""
    i = s - 1
    stop = max(0, s - 256)
    while i >= stop and norm[i] in _CODE_CHARS:
        if norm[i].isalpha():
            return True
        i -= 1
    return False


# --------------------------------------------------------------------------- changes
def _merge_changes(cands: list[Candidate], norm: str, r: Rules) -> list[Candidate]:
    """由60个工作日缩短为7个工作日 -> one candidate (value 7, from_value 60)."""
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        pairs = _parallel_change(cands, i, norm, r)
        if pairs:
            out.extend(pairs)
            i += 2 * len(pairs)
            continue
        if i + 1 < len(cands):
            b = cands[i + 1]
            gap = norm[a.end:b.start]
            fm = r.from_marker.search(norm, max(0, a.start - r.from_window), a.start)
            if (fm and len(gap) <= r.change_max_gap and r.change_gap.fullmatch(gap)
                    and (a.unit == b.unit or a.kind == b.kind)):
                b.from_value = a.value
                b.start = a.start
                b.left_start = fm.start()
                out.append(b)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _list_run(cands: list[Candidate], i: int, norm: str) -> int:
    """How many candidates from ``i`` on form a list (70%、44%和29%)."""
    n = 1
    while i + n < len(cands) and _LIST_GAP.fullmatch(norm, cands[i + n - 1].end, cands[i + n].start):
        n += 1
    return n


def _parallel_change(cands: list[Candidate], i: int, norm: str, r: Rules) -> list[Candidate]:
    """由2019年的70%、44%分别提升至75%、50% -> 75 (from 70) and 50 (from 44): two lists of the same
    length on either side of a change verb pair up; [] when the candidates at ``i`` are no such lists."""
    n = _list_run(cands, i, norm)
    if n < 2 or i + 2 * n > len(cands):
        return []
    a, b = cands[i:i + n], cands[i + n:i + 2 * n]
    gap = norm[a[-1].end:b[0].start]
    if not (r.from_marker.search(norm, max(0, a[0].start - r.from_window), a[0].start)
            and len(gap) <= r.change_max_gap and r.change_gap.fullmatch(gap)
            and _list_run(cands, i + n, norm) == n
            and all(x.unit == y.unit or x.kind == y.kind for x, y in zip(a, b))):
        return []
    for x, y in zip(a, b):
        y.from_value = x.value
    return b


# --------------------------------------------------------------------------- scale words
_SCALE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_SCALE_VERB_FIRST = "突超跨达逾迈跃站首"  # first characters of the scale_words verbs


@lru_cache(maxsize=1)
def _scale_rules():
    d = load_rules(_RULES_FILE, IndicatorRules).scale_words
    return regex_cache.compile(pattern_of(d.pattern)), frozenset(words_of(d.at_least)), dict(d.kinds)


def _with_scale_words(cands: list[Candidate], norm: str) -> list[Candidate]:
    """突破万亿元 -> 1e12 元 (at least): a figure written only as its order of magnitude."""
    pat, at_least, kinds = _scale_rules()
    if not any(ch in norm for ch in _SCALE_VERB_FIRST):
        return cands  # no verb of reaching: skip the scan
    taken = [(c.start, c.end) for c in cands]
    extra = []
    for m in pat.finditer(norm):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        value = 1.0
        for ch in m.group("scale"):
            value *= _SCALE[ch]
        unit = m.group("unit")
        extra.append(Candidate(s, e, m.start("scale"), e, value, unit, kinds.get(unit, "count"),
                               qualifier="at_least" if m.group("verb") in at_least else "exact",
                               cn_text=m.group("scale"), left_start=s))
    return sorted(cands + extra, key=lambda c: c.start) if extra else cands


# --------------------------------------------------------------------------- lists
_LIST_SEP = regex_cache.compile(r"[、和与及]")
_LIST_GAP = regex_cache.compile(r"[ \t]{0,2}[、和与及,][ \t]{0,2}")
_LIST_VERB = regex_cache.compile(r"\p{Han}{0,6}?(?=[-\d.]|$)")


_LIST_REACH = 160  # characters before a number where the names of its 分别 list are read


def _distributed(left: str, c: Candidate, cands: list[Candidate], idx: int) -> str:
    """规上工业增加值、固定资产投资和社零额分别增长5%、6%和7%: the k-th number takes the k-th name.

    Returns the left text the vocabulary should read for this number: the k-th name and the verb,
    or ``left`` unchanged when the clause is no such list. Parallel modifiers share the last name's
    head (城镇、农村居民人均可支配收入 -> 城镇居民人均可支配收入).
    """
    k = left.find("分别")
    if k < 0:
        return left
    # the numbers of this list before c: those starting after 分别 within the left text
    list_start = c.left_start - (len(left) - k)
    order = sum(1 for p in cands[max(0, idx - 12):idx] if p.start > list_start)
    head, tail = left[:k], left[k + 2:]
    verb = _LIST_VERB.match(tail)
    verb_text = verb.group() if verb else ""
    names = [n for n in _LIST_SEP.split(head.split(",")[-1]) if n]
    if len(names) < 2 or order >= len(names):
        return left
    name = names[order]
    last = names[-1]
    if len(name) < len(last) and len(name) <= 3:
        name = name + last[len(name):]
    return name + verb_text


# a bare Arabic number before the figure whose unit it shares (分别突破5000、5300亿元, 高出7.4、2.8个百分点)
_BARE_BEFORE = regex_cache.compile(r"(?<=\p{Han})(\d+(?:\.\d+)?)[、和与]\Z|(?<=[、和与])(\d+(?:\.\d+)?)[、和与]\Z")
_LEADING_NUMBER = regex_cache.compile(r"\d+(?:\.\d+)?")
_SHARED_UNIT_KINDS = frozenset({"ratio", "money", "count", "physical"})


def _with_shared_units(cands: list[Candidate], norm: str, r: Rules, quoted: "_Covered",
                       named: "_Covered") -> list[Candidate]:
    """The bare numbers listed before a figure take its unit and multiplier: 5000、5300亿元 is 5000亿元 and
    5300亿元 (the real-text annotators write each figure so). Only after a Chinese word (分别突破5000、…): a list
    marker at a line's start (1、20个) is none."""
    taken = {c.num_start for c in cands}
    extra = []
    for c in cands:
        if c.kind not in _SHARED_UNIT_KINDS or c.cn_text is not None or c.from_value is not None \
                or c.unit in r.rank_units:  # (前20、30、50名, 上升54、52、39位: places in a ranking)
            continue
        written = _LEADING_NUMBER.match(norm, c.num_start)
        if written is None or float(written.group()) == 0:
            continue
        factor = c.value / float(written.group())
        pos = c.num_start
        for _ in range(5):
            m = _BARE_BEFORE.search(norm, max(0, pos - 16), pos)
            if m is None:
                break
            ns, ne = m.span(1) if m.group(1) is not None else m.span(2)
            if ns in taken or quoted.covers(ns, ne) or named.covers(ns, ne):
                break
            start, _, qualifier = _qualifier_words(norm, r, ns, ne, "exact", False)  # (the unit's 以上 is the figure's)
            extra.append(Candidate(start=start, end=ne, num_start=ns, num_end=ne, value=float(m.group(m.lastindex)) * factor,
                                   unit=c.unit, kind=c.kind, qualifier=qualifier, left_start=start,
                                   direction=c.direction))
            taken.add(ns)
            if m.group(1) is not None:
                break  # the list's first number (a Chinese word before it)
            pos = ns
    if not extra:
        return cands
    return sorted(cands + extra, key=lambda c: c.start)


_RANGE_SEPARATORS = frozenset(("至", "到", "-", "—", "～", "~"))


def _merged_fraction_ranges(cands: list[Candidate], norm: str) -> list[Candidate]:
    """百分之八至百分之九: a range of percentages written in words is one figure, 8 to 9 % (the candidate pattern
    reads a range of numbers before one unit, 8至9%, itself)."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev is not None and prev.unit == c.unit == "%" and prev.value_max is None and c.value_max is None
                and norm.startswith("百分之", prev.num_start) and norm.startswith("百分之", c.num_start)
                and norm[prev.end:c.start].strip() in _RANGE_SEPARATORS and c.value > prev.value):
            prev.value_max, prev.end, prev.num_end = c.value, c.end, c.num_end
            if c.qualifier != "exact":
                prev.qualifier = c.qualifier
            continue
        out.append(c)
    return out


def _with_ratio_gaps(cands: list[Candidate], norm: str, r: Rules) -> list[Candidate]:
    """A ratio written as a bare number after what it compares (收入倍差缩小至1.89): a figure in 倍."""
    if r.ratio_gap is None:
        return cands
    taken = {c.num_start for c in cands}
    extra = []
    for m in r.ratio_gap.finditer(norm):
        ns, ne = m.span("n")
        if ns in taken:
            continue
        start, end, qualifier = _qualifier_words(norm, r, ns, ne, "exact", False)
        extra.append(Candidate(start=start, end=end, num_start=ns, num_end=ne, value=float(m.group("n")), unit="倍",
                               kind="ratio", qualifier=qualifier, left_start=start))
    if not extra:
        return cands
    return sorted(cands + extra, key=lambda c: c.start)


def _share_percentage_points(cands: list[Candidate], norm: str, r: Rules) -> None:
    """分别高于平均增速6.4个和8.9个百分点: a 个 before another figure's 个百分点 counts points too."""
    for a, b in zip(cands, cands[1:]):
        if (a.unit == "个" and b.unit == "百分点" and "个百分点" in norm[b.start:b.end]
                and norm[a.end:b.start].strip() in r.coordinators):
            a.unit, a.kind = b.unit, b.kind


def _share_qualifiers(cands: list[Candidate], norm: str, r: Rules) -> None:
    """分别不少于120项、40项 / 分别压缩至5天和3天以内: a distributed list shares its one qualifier."""
    i = 0
    while i < len(cands):
        j = i
        while (j + 1 < len(cands) and cands[j + 1].unit == cands[i].unit
               and norm[cands[j].end:cands[j + 1].start].strip() in r.coordinators):
            j += 1
        if j > i and r.distributive.search(norm, max(0, cands[i].start - r.distributive_window), cands[i].start):
            kinds = {c.qualifier for c in cands[i:j + 1]} - {"exact"}
            if len(kinds) == 1:
                shared = kinds.pop()
                for c in cands[i:j + 1]:
                    c.qualifier = shared
        i = j + 1


# --------------------------------------------------------------------------- status
def _sentence_year(norm: str, sentence: tuple[int, int]) -> Optional[int]:
    """The year a sentence opens with (2017年，全市… / 1.2019年，…), if any."""
    m = _OPENING_YEAR.match(norm, sentence[0], min(sentence[1], sentence[0] + 16))
    return int(m.group(1)) if m else None


@dataclass
class _StatusReader:
    """Whether a number of one document reports a result or sets a target."""
    norm: str
    r: Rules
    doc_type: DocType  # a rulebook's is plan: its numbers are thresholds and targets
    doc_year: Optional[int]
    # per sentence: whether its head has a target cue (asked for many numbers of one sentence)
    sentence_target: dict[tuple[int, int], bool] = field(default_factory=dict)
    # per sentence: the year it opens with (asked for each of its numbers by the status, part and period)
    openings: dict[tuple[int, int], Optional[int]] = field(default_factory=dict)

    def opening(self, sentence: tuple[int, int]) -> Optional[int]:
        """:func:`_sentence_year` of ``sentence``, read once per sentence."""
        if sentence not in self.openings:
            self.openings[sentence] = _sentence_year(self.norm, sentence)
        return self.openings[sentence]

    def status(self, c: Candidate, clause: tuple[int, int], sentence: tuple[int, int],
               section: Optional[IndicatorStatus]) -> IndicatorStatus:
        """``section``: the status of the part of the document the number stands in, if known."""
        norm, r, doc_year = self.norm, self.r, self.doc_year
        # Windows are bounded so that a document without punctuation stays linear.
        cs, ce = max(clause[0], c.start - _WINDOW), min(clause[1], c.end + _WINDOW)
        # A sentence that opens with a year before the document's reports it (a plan's review of last
        # year: 2017年，全市办结率达98.5%); one that opens with a later year plans.
        opening = self.opening(sentence) if doc_year else None
        if self.doc_type is DocType.plan or section is TARGET:
            if section is ACHIEVED or (opening and opening < doc_year):
                return ACHIEVED
            return ACHIEVED if r.achieved_cue_plan.search(norm, cs, ce) else TARGET
        if (r.target_cue_review if section is ACHIEVED else r.target_cue).search(norm, cs, ce):
            return TARGET
        if c.kind == "ratio" and (r.target_cue_ratio_review if section is ACHIEVED else r.target_cue_ratio).search(
                norm, cs, c.num_start):
            return TARGET
        if c.unit in r.frequency_units and r.frequency_cue.search(norm, cs, c.num_start):
            return TARGET
        if r.rule_condition.search(norm, c.end, min(sentence[1], c.end + r.rule_condition_window)):
            return TARGET
        # 对连续两次…末位的窗口人员，调离岗位: the number defines whom a rule applies to
        if r.rule_object.match(norm, c.end, min(sentence[1], c.end + r.rule_condition_window)) and \
                norm.rfind("对", cs, c.start) >= 0:
            return TARGET
        if c.kind == "duration" and c.qualifier == "at_most" and r.target_cue_limit.search(norm, cs, c.num_start):
            return TARGET
        if sentence not in self.sentence_target:
            ss, se = sentence
            self.sentence_target[sentence] = bool(r.target_sentence_cue.search(norm, ss, min(se, ss + 4 * _WINDOW)))
        if self.sentence_target[sentence] or (opening and opening > doc_year):
            return TARGET
        return ACHIEVED


# A year at a sentence's start, after an optional list marker and 在/到; not 2019年以来 / 2019年底前.
_OPENING_YEAR = regex_cache.compile(
    r"\s*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]|[一二三四五六七八九十]是)?\s*(?:在|到|至|截至)?"
    r"((?:19|20)\d{2})年(?!度?以来|底前|前|\d|[一二三四五六七八九十]{1,2}月)")


# --------------------------------------------------------------------------- subject
def _subject(right: str, r: Rules) -> Optional[str]:
    """What is counted: the words right after the unit (25个行政许可窗口 -> 行政许可窗口)."""
    t = right[1:] if right.startswith("的") else right
    m = r.subject_stop.search(t)
    t = t[:m.start()] if m else t
    return t[:r.subject_max_len] or None


# --------------------------------------------------------------------------- lists

def _shared_name(ctx: Context, r: Rules, clauses: _Clauses, c: Candidate, cl: tuple[int, int],
                 sent: tuple[int, int], left: str, right: str, right_clause: str,
                 prev: tuple, vocab) -> tuple[Optional[indicator_vocab.Match], str]:
    """The name a number shares with the named number before it, when it continues its list."""
    norm = ctx.norm
    pc, prev_left, prev_hit = prev
    pcl = clauses.bounds(pc.num_start)
    # 分别压缩至5个工作日和3个工作日: joined by a coordinator in the same clause, same unit
    if pcl == cl and pc.unit == c.unit and norm[pc.end:c.start].strip() in r.coordinators:
        return prev_hit, prev_left
    same_sentence = (ctx.view.sentence_at(pc.num_start) or pcl) == sent
    if not same_sentence or pcl[1] != cl[0] - 1 or right.strip():
        return None, left
    if pcl[1] - pc.end <= 2 and not norm[pc.end:pcl[1]].strip():
        # A list continued after a comma shares the verb of its first item:
        # 取消…环节110余项,…前置条件229项,…证明事项118项
        joined = prev_left + left
        return indicator_vocab.match(vocab, joined, right, right_clause, c.unit, c.kind), joined
    if pc.unit == c.unit and len(left.strip()) <= r.continuation_max_left:
        # 每月至少组织1次暗访,全年不少于12次: a bare clause with the same unit goes on counting the same
        return prev_hit, left
    return None, left


# --------------------------------------------------------------------------- entry
def run(ctx: Context, vocab_path: Optional[str] = None) -> list[Indicator]:
    """Every numeric quantity that measures the work or sets a target, in document order."""
    if not ctx.text:
        return []
    r = rules()
    vocab = indicator_vocab.vocabulary(vocab_path)
    norm = ctx.norm
    quoted = _Covered(len(norm), [m.span() for m in r.quotes.finditer(norm)])
    named = _Covered(len(norm), _fixed_spans(norm, r), _named_chains(norm, r))
    cands = _candidates(ctx, r, quoted, named)
    cands = _with_shared_units(cands, norm, r, quoted, named)
    cands = _with_ratio_gaps(cands, norm, r)
    cands = _merged_fraction_ranges(cands, norm)
    cands = _with_scale_words(cands, norm)
    cands = _merge_changes(cands, norm, r)
    _share_qualifiers(cands, norm, r)
    _share_percentage_points(cands, norm, r)
    meta = ctx.results.metadata or Metadata()
    doc_year = meta.year
    reader = _StatusReader(norm, r, DocType.plan if is_rulebook(meta.title) else meta.doc_type, doc_year)
    clauses = _Clauses(norm)
    # the reading takes the document type before the rulebook override: a rulebook has no review part
    sections = sections_of(ctx)
    out: list[Indicator] = []
    prev: Optional[tuple[Candidate, str, Optional[indicator_vocab.Match]]] = None  # (candidate, left, hit)
    vetoes: Optional[list] = [] if explain.on(ctx) else None  # vocabulary rules that turned a name down
    for idx, c in enumerate(cands):
        cl = clauses.bounds(c.num_start)
        sent = ctx.view.sentence_at(c.num_start) or cl
        next_start = cands[idx + 1].start if idx + 1 < len(cands) else len(norm)
        left = norm[max(cl[0], c.left_start - 40):c.left_start]
        right = norm[c.end:min(cl[1], next_start, c.end + 24)].split("、", 1)[0]
        right_clause = norm[c.end:min(cl[1], c.end + 40)]
        hit, paired = _vocabulary_hit(norm, vocab, cands, idx, cl, sent, left, right, right_clause, vetoes, clauses)
        # (a change paired with a figure before it, named or not, borrows no name from the change before it)
        if hit is None and prev is not None and prev[2] is not None and not paired:
            hit, left = _shared_name(ctx, r, clauses, c, cl, sent, left, right, right_clause, prev, vocab)
        prev = (c, left, hit)
        if vetoes:
            _explain_vetoes(ctx, c, hit, vetoes)
        part, status = _placed(norm, sections, reader, c, cl, sent, doc_year)
        bounded = bounded_sentence(sent, cl, c.start, c.end)
        # the period reads the bounded sentence: a line of 10^5 numbers and no full stop stays linear
        period = _period(reader, bounded, c.num_start, status, part, sections)
        subject = (hit.subject if hit and hit.subject else None) or _subject(right, r)
        name = hit.name if hit and hit.name else _generic_name(left)
        out.append(_indicator(ctx, c, len(out) + 1, hit, name, subject, status, bounded, part, period,
                              explaining=vetoes is not None))
    return out if vetoes is None else _explain_fixed(ctx, r, out)


def _placed(norm: str, sections, reader: "_StatusReader", c: Candidate, cl, sent, doc_year):
    """(the section part, the status) of a candidate."""
    part = sections.at(c.num_start)
    section = part.status if part else None
    opening = reader.opening(sent)
    planned = sections.plan_year or doc_year
    if opening and planned:
        # a sentence that opens with its own year says which part it belongs to (2019年，… in a 2020 plan)
        section = TARGET if opening >= planned else ACHIEVED
    return part, reader.status(c, cl, sent, section)


def _vocabulary_hit(norm: str, vocab, cands: list[Candidate], idx: int, cl, sent, left: str, right: str,
                    right_clause: str, vetoes: Optional[list], clauses: _Clauses):
    """(the vocabulary rule that names candidate ``idx`` from the words around it or None, whether it is a change of
    a 分别 clause paired with a figure before it)."""
    c = cands[idx]
    if c.from_value is not None and c.left_start < c.start:
        # A change read with its 由 phrase first: 办理时间由原来的平均15天… is an average.
        hit = indicator_vocab.match(vocab, norm[max(cl[0], c.start - 40):c.start], right, right_clause,
                                    c.unit, c.kind)
        if hit is not None:
            return hit, False
    wide = norm[max(sent[0], c.left_start - _WIDE):c.left_start]
    turned_down = vetoes if vetoes is not None else []
    seen = len(turned_down)
    hit = indicator_vocab.match(vocab, left, right, right_clause, c.unit, c.kind, wide, turned_down)
    # the list is read from the clause's start (the 40 characters of ``left`` may cut its first name, which
    # would shift every name after it: 规上工业增加值、固定资产投资、社零额、预算收入分别增长7.8%、10%、8.8%、23.3%)
    clause_left = norm[max(cl[0], c.left_start - _LIST_REACH):c.left_start]
    own = _distributed(clause_left, c, cands, idx)
    # a clause a rule turned down as a whole (对欧盟、东盟进出口分别增长…: trade with partners) is not named
    # again by its k-th list item
    if own != clause_left and len(turned_down) == seen:
        # the list's k-th name, when it names another indicator than the whole clause does
        mine = indicator_vocab.match(vocab, own, right, right_clause, c.unit, c.kind, wide)
        if mine is not None and (hit is None or mine.id != hit.id):
            hit = mine
    # 地区生产总值2100亿元、一般公共预算收入150亿元，分别增长6.1%、8.2%: the k-th change, the k-th amount's name (a clause
    # whose own list names it was read above: it pairs with no amount)
    named = _named_by_amounts(norm, clause_left, c, cands, idx, cl, sent, clauses) if hit is None else None
    if named is not None and len(turned_down) == seen:
        hit = indicator_vocab.match(vocab, named, right, right_clause, c.unit, c.kind)
    return hit, named is not None


def _named_by_amounts(norm: str, clause_left: str, c: Candidate, cands: list[Candidate], idx: int, cl, sent,
                      clauses: _Clauses) -> Optional[str]:
    """The left text a change of a 分别 clause with no names of its own reads: the name written before the k-th
    figure of the clause before it, and the clause's verb (进出口总额16亿美元，实际利用外资1539万美元，分别增长21.6%、
    159.5%: the first growth is the trade's). None when the clause is no such list or the figures do not pair up."""
    k = clause_left.find("分别")
    if k < 0 or clause_left[:k].strip(" ,") or c.kind != "ratio":
        return None
    verb = _LIST_VERB.match(clause_left[k + 2:])
    list_start = c.left_start - (len(clause_left) - k)
    before = [p for p in cands[max(0, idx - 12):idx] if p.start > list_start]
    after = [q for q in cands[idx + 1:idx + 12] if q.start < cl[1] and q.kind == c.kind]
    listed, order = len(before) + 1 + len(after), len(before)
    amounts = [p for p in cands[max(0, idx - 24):idx] if sent[0] <= p.start and p.end <= cl[0]][-listed:]
    if len(amounts) != listed or listed < 2 or any(p.kind == "ratio" for p in amounts):
        return None
    # each amount's name: from the figure before it (or its clause's start) to its number
    names = []
    for j, p in enumerate(amounts):
        begin = amounts[j - 1].end if j else max(sent[0], clauses.bounds(p.start)[0])
        names.append(norm[begin:p.left_start].lstrip(" ,、和及与"))
    if not all(names) or any(len(n) > 24 or "分别" in n for n in names):
        return None
    return names[order] + (verb.group() if verb else "")


def _indicator(ctx: Context, c: Candidate, number: int, hit, name, subject, status, bounded, part, period,
               explaining: bool) -> Indicator:
    reg = units.entry(c.unit)
    si_value, si_unit = (units.si(c.unit, c.value, difference=c.direction is not None)
                         if c.kind == "physical" else (None, None))
    # the model's validator called directly: Indicator(**fields) is the same validation plus a Python frame
    return _validate_indicator(dict(
        id=f"i{number}", name=name, indicator=hit.id if hit else None,
        value=c.value, value_max=c.value_max, from_value=c.from_value, direction=c.direction, unit=c.unit,
        currency=reg.currency if reg is not None and c.kind == "money" else None,
        si_value=si_value, si_unit=si_unit, quantity_kind=c.kind, qualifier=c.qualifier, status=status,
        subject=subject, span=ctx.span(c.start, c.end), sentence=ctx.span(*bounded),
        section=part.section if part else None, period=period,
        rules=([hit.rule] if hit else []) if explaining else None,
    ))


_validate_indicator = Indicator.__pydantic_validator__.validate_python


@lru_cache(maxsize=1)
def _fixed_parts() -> tuple[tuple[str, regex.Pattern], ...]:
    """(rule id, regex) of each fixed expression, in file order (explain output)."""
    fixed = load_rules(_RULES_FILE, IndicatorRules).exclusions.fixed_expressions
    return tuple((getattr(p, "id", None) or "fixed_expressions", regex_cache.compile(pattern_of(p))) for p in fixed)


def _explain_fixed(ctx: Context, r: Rules, out: list[Indicator]) -> list[Indicator]:
    """Explain mode: a number inside a fixed expression (一站式, 过去五年) is no indicator; name the expression
    that covers it (the first of the file's alternatives that matches the expression's span)."""
    norm = ctx.norm
    spans = _fixed_spans(norm, r)
    if not spans:
        return out
    fixed = _Intervals(spans)
    for m in r.candidate.finditer(norm):
        if not fixed.covers(m.start(), m.end()):
            continue
        fs, fe = next((s, e) for s, e in spans if s < m.end() and m.start() < e)
        rule = next((i for i, pat in _fixed_parts() if pat.fullmatch(norm, fs, fe)), "fixed_expressions")
        explain.reject(ctx, "indicator", m.start(), m.end(), rule)
    return out


def _explain_vetoes(ctx: Context, c: Candidate, hit, vetoes: list) -> None:
    """Explain mode: the vocabulary rules whose ``not``/``not_right`` turned down a name for ``c``."""
    for rule in vetoes:
        if hit is None or hit.rule != rule:
            explain.reject(ctx, "indicator", c.start, c.end, rule)
    vetoes.clear()


@lru_cache(maxsize=1)
def _name_rules():
    g = load_rules(_RULES_FILE, IndicatorRules).generic_name
    pats = {k: regex_cache.compile(pattern_of(getattr(g, k))) for k in ("verbs", "measuring", "noun_end", "scope", "not_name")}
    return pats, g.min_chars, g.max_chars


_LAST_PHRASE = regex_cache.compile(r"[\p{Han}A-Za-z]+$")


def _generic_name(left: str) -> Optional[str]:
    """The measured phrase written before a number (集装箱吞吐量达到 -> 集装箱吞吐量), or None."""
    pats, lo, hi = _name_rules()
    v = pats["verbs"].search(left)
    head = left[:v.start()] if v else left
    measured = bool(v and pats["measuring"].search(v.group()))
    m = _LAST_PHRASE.search(head)
    if m is None or (m.start() and (head[m.start() - 1].isdigit() or head[m.start() - 1] in "%.")):
        return None  # 3名末位的单位…: the words after another number belong to it
    phrase = m.group()
    cut = max(phrase.rfind("的"), phrase.rfind("对"))
    if 0 <= cut < len(phrase) - lo:
        phrase = phrase[cut + 1:]  # 对排名末位的单位扣减考核分值 -> 单位扣减考核分值
    phrase = pats["scope"].sub("", phrase[-hi:])
    if len(phrase) < lo or pats["not_name"].search(phrase) or not (measured or pats["noun_end"].search(phrase)):
        return None
    return phrase


def _period(reader: _StatusReader, sent: tuple[int, int], num_start: int, status: str, part,
            sections) -> Optional[int]:
    """The year a figure speaks of: its sentence's opening year or the last year written before it in the
    sentence, 今年 (the planned year), a review of several years (none), else the year of its part of the
    document, else the document's year."""
    sr = section_rules()
    norm, doc_year = reader.norm, reader.doc_year
    opening = reader.opening(sent)
    if opening:
        return opening
    ss, se = sent
    written = [int(m.group(1)) for m in sr.sentence_year.finditer(norm, ss, num_start)]
    if written:
        return written[-1]
    if sr.multi_year_sentence.search(norm, ss, se) or (part is not None and part.multi_year and part.status == status):
        return None
    if sr.this_year.search(norm, ss, se) and sections.plan_year:
        return sections.plan_year
    return sections.year_of(part, status) or doc_year


def bounded_sentence(sent: tuple[int, int], clause: tuple[int, int], start: int, end: int,
                     max_chars: int = SENTENCE_MAX_CHARS) -> tuple[int, int]:
    """The sentence around an indicator span, or, when it is longer than ``max_chars``, its clause
    (cut at , ; : and sentence ends), or failing that a window of ``max_chars`` around the span.

    >>> bounded_sentence((0, 5000), (100, 150), 120, 125)
    (100, 150)
    >>> bounded_sentence((0, 5000), (0, 5000), 2000, 2010, max_chars=100)
    (1955, 2055)
    >>> bounded_sentence((0, 5000), (0, 5000), 10, 20, max_chars=100)
    (0, 100)
    """
    if sent[1] - sent[0] <= max_chars:
        return sent
    cs, ce = clause
    if ce - cs <= max_chars and cs <= start and end <= ce:
        return clause
    lo, hi = sent
    ws = min(max(lo, start - (max_chars - (end - start)) // 2), max(lo, hi - max_chars))
    return min(ws, start), max(min(hi, ws + max_chars), end)


class IndicatorsExtractor(Extractor[list[Indicator]]):
    name = "indicators"
    # doc_type, year and title decide status; the section reading needs the measures' headings
    requires = ("metadata", "measures")

    def run(self, ctx: Context) -> list[Indicator]:
        return run(ctx)
