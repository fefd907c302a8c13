"""Campaigns: named activities, special actions, themed years/months and service commitments.

Rules: ``data/campaign_rules.yaml`` (see ../shared/spec/SCHEMA.md and GOLD.md). Quoted names are
the main cue (“X”活动, “X”专项整治行动, “X年”); a few unquoted forms follow launch verbs
(开展X活动, X专项清理); quotes in a row after a launch verb share the head after the last one
(开展“A”“B”评选活动); and the reform a document is about is a quoted name with a reform cue that
the text keeps returning to (“X”改革, see ``subject``). Candidates that name the same campaign
are merged (马上办 / “马上办”提速行动 / 马上就办) and every occurrence of the merged names becomes a mention.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from .. import explain
from ..context import Context
from .base import Extractor
from ..models import Campaign
from ..normalize.lexicon import alternation
from ..rules import load_rules, validate_rules
from ..rules.campaign_rules import CampaignRules, quote_pairs
from ..rules.types import parts_of, pattern_of, words_of
from .. import regex_cache

DATA = "campaign_rules.yaml"
_BOOK_TITLE = regex_cache.compile(r"《[^《》\n]{0,120}》")
_NAME_STRIP = str.maketrans("", "", "“”\"'‘’「」 \u3000")
_KIND_RANK = {"themed_year": 0, "service_commitment": 1, "special_action": 2, "campaign_other": 3}
_LIST_SPLIT = regex_cache.compile(r"[、,]")
_THEMED_PART = regex_cache.compile(r"\p{Han}{2,40}[年月]")
_MAX_CHAIN = 6  # at most this many quotes in a row share one head (“A”“B”评选活动)
_TRIM_LOOKBACK = 3  # longest trim word minus one
_MAX_CANDIDATES = 5000  # a pathological document cannot make merging blow up


# ---------------------------------------------------------------- rules (data file)
@dataclass(frozen=True)
class Head:
    head: str
    kind: str
    name: str
    needs_verb: bool
    modifier: int  # Han characters allowed between the quote and the head
    id: str = ""  # the head's rule id (explain output)
    modified_end: Optional[regex.Pattern] = None  # what must follow the head after a modifier (not a verb's object)


@dataclass(frozen=True)
class Unquoted:
    pattern: regex.Pattern
    name: str
    strip_head: tuple[str, ...]
    trim_left: bool
    head_kind: str
    min_core: int = 0  # fewest core characters left after trimming
    trim_within: Optional[int] = None  # trim only at a word ending this close to the core's start
    anchor: Optional[regex.Pattern] = None  # literal words the match must contain: found first, then the
    # pattern is tried only in a window around each (a leading lazy run has no literal to scan for)
    id: str = ""  # the rule id (explain output)
    anchor_before: int = 24  # characters before an anchor the match may start at
    shared_tail: Optional[regex.Pattern] = None  # the end of a name items listed before it share
    whole_list: bool = False  # a list closed by 等 named whole (三磷、入河排污口等专项整治)


@dataclass(frozen=True)
class Subject:
    """The reform or campaign a document is about: a quoted name the text keeps returning to."""
    cue_after: regex.Pattern  # matched right after the closing quote (“X”改革)
    cue_before: regex.Pattern  # searched in the text ending at the opening quote (推行“X”): title only
    title_cue_after: regex.Pattern  # right after the quote in the title (关于“X”工作推进情况的报告)
    frame_before: regex.Pattern  # right before the quote: 以
    frame_after: regex.Pattern  # right after it: 改革为抓手 (the work is organised around “X”)
    max_core_chars: int
    min_mentions: int  # quoted occurrences needed anywhere
    title_min_mentions: int  # ... or this many when the name is in the title
    title_max_chars: int
    agendas: frozenset[str] = frozenset()  # standing reform agendas (放管服): never a campaign
    service_mode: Optional[regex.Pattern] = None  # ways of delivering a service (一窗通办): not campaigns


@dataclass(frozen=True)
class Rules:
    quoted: regex.Pattern  # a quoted core, group `core`
    heads: dict[str, Head]
    after_quote: regex.Pattern  # what follows a quote: groups `de`, `mod`, `head`
    launch_before: regex.Pattern  # a launch verb ending shortly before a quote
    deepen_before: regex.Pattern  # a launch or deepen verb ending shortly before a quote
    bare_followers: regex.Pattern
    bounded_drive: Optional[regex.Pattern]  # a bare quoted core naming its own bound (“百日双扫”)
    core_patterns: tuple[tuple[regex.Pattern, str], ...]
    core_reject: regex.Pattern
    named_set: regex.Pattern
    head_reject_after: regex.Pattern
    modifier_reject: Optional[regex.Pattern]  # the words between a quote and its head that make no name of them
    unquoted: tuple[Unquoted, ...]
    generic_cores: frozenset[str]
    core_bad_start: regex.Pattern
    core_bad_end: regex.Pattern
    routine_activity_end: Optional[regex.Pattern]  # under any head but an action's (招商活动; 产业大招商行动 is one)
    trim_words: regex.Pattern
    place_prefix: regex.Pattern
    merge_tails: regex.Pattern
    merge_max_prefix: int
    quote_chain: regex.Pattern  # what may join two quotes that share one head (“A”“B”评选, “A”、“B”活动)
    subject: "Subject"
    named_reforms: Optional["Reforms"] = None  # named service reforms (data: named_reforms)
    core_pattern_ids: tuple[str, ...] = ()  # rule id of each core pattern (explain output)
    # explain output: (rule id, regex) of each alternative of the exclusions, to name the one that rejected
    exclusions: dict = field(default_factory=dict)
    quote_prefix: Optional[regex.Pattern] = None  # words of the name before a quoted core (医保购药“零跑路”行动)
    etc_event_core: Optional[regex.Pattern] = None  # a quoted event closed by 等…活动 (“金秋购物节”等…活动)
    joined_work: Optional[regex.Pattern] = None  # a work joined by 和 before an unquoted name (…建设和…专项整治)
    etc_list: Optional["EtcList"] = None  # actions listed before 等专项行动 (data: etc_list)


def parse_rules(data) -> Rules:
    """The rules of ``campaign_rules.yaml``: a validated model (pipeline/rules) or its raw content."""
    d = data if isinstance(data, CampaignRules) else validate_rules(data, CampaignRules, DATA)
    alts = []
    for i, pair in enumerate(quote_pairs(d.quotes)):
        o, c = map(regex.escape, pair)
        alts.append(f"{o}(?P<core{i}>[^{o}{c}\\n《》]{{1,{d.max_core_chars}}}){c}")
    heads = {h.head: Head(h.head, h.kind, h.name, h.needs_verb, h.modifier, h.id or "",
                          regex_cache.compile(h.modified_end) if h.modified_end is not None else None) for h in d.heads}
    max_mod = max((h.modifier for h in heads.values()), default=0)
    # a series word before the modifier is not counted in it (“彩云”系列促消费活动: 促消费 modifies 活动)
    series = f"(?P<series>{alternation(words_of(d.series_words))})?" if d.series_words else ""
    verbs, window = words_of(d.launch_verbs), d.launch_window
    unquoted = tuple(Unquoted(regex_cache.compile(u.pattern), u.name, tuple(u.strip_head), u.trim_left, u.kind, u.min_core,
                              trim_within=u.trim_within,
                              anchor=regex_cache.compile(u.anchor) if u.anchor is not None else None, id=u.id or "",
                              anchor_before=u.anchor_before,
                              shared_tail=regex_cache.compile(u.shared_tail) if u.shared_tail is not None else None,
                              whole_list=u.whole_list)
                     for u in d.unquoted)
    return Rules(
        quoted=regex_cache.compile("|".join(alts)),
        heads=heads,
        after_quote=regex_cache.compile(
            # (a footnote call may stand between the quote and its head: “进园入县”（20）行动)
            rf"\s{{0,2}}(?:[（(]\d{{1,3}}[）)])?(?P<etc>等)?的?(?:(?P<head>{alternation(heads)})"
            # (a verb opening the words before a 治理 is no modifier: “五社联动”赋能社区治理 is what it does; an
            # action keeps it: “四化”赋能专项行动)
            rf"|{series}(?!(?:赋能|助力|推动|带动|促进|引领)\p{{Han}}{{0,4}}?(?:治理|整治|整顿))(?P<mod>(?:(?![等和及与在])\p{{Han}}){{0,{max_mod}}}?)(?P<head2>{alternation(h for h in heads if heads[h].modifier)}))"),
        # (a blank may stand before the quote: a flattened page joins its lines with blanks, 开展 “X”等活动)
        launch_before=regex_cache.compile(rf"(?:{alternation(verbs)})\p{{Han}}{{0,{window}}}[ \u3000]?$"),
        deepen_before=regex_cache.compile(rf"(?:{alternation(verbs + words_of(d.deepen_verbs))})\p{{Han}}{{0,{window}}}$"),
        bare_followers=regex_cache.compile(pattern_of(d.bare_followers)),
        bounded_drive=regex_cache.compile(pattern_of(d.bounded_drive)) if d.bounded_drive is not None else None,
        core_patterns=tuple((regex_cache.compile(cp.pattern), cp.kind) for cp in d.core_patterns),
        core_reject=regex_cache.compile(pattern_of(d.core_reject)),
        named_set=regex_cache.compile(pattern_of(d.named_set)),
        head_reject_after=regex_cache.compile(pattern_of(d.head_reject_after)),
        modifier_reject=regex_cache.compile(pattern_of(d.modifier_reject)) if d.modifier_reject is not None else None,
        unquoted=unquoted,
        generic_cores=frozenset(words_of(d.generic_cores)),
        core_bad_start=regex_cache.compile(pattern_of(d.core_bad_start)),
        core_bad_end=regex_cache.compile(pattern_of(d.core_bad_end)),
        routine_activity_end=regex_cache.compile(pattern_of(d.routine_activity_end)) if d.routine_activity_end else None,
        trim_words=_trim_regex(words_of(d.trim_words), words_of(d.trim_protected)),
        place_prefix=regex_cache.compile(pattern_of(d.place_prefix)),
        merge_tails=regex_cache.compile(pattern_of(d.merge_tails)),
        merge_max_prefix=d.merge_max_prefix,
        quote_chain=regex_cache.compile(pattern_of(d.quote_chain)),
        subject=_subject(d.subject),
        named_reforms=_reforms(d.named_reforms),
        core_pattern_ids=tuple(cp.id or "" for cp in d.core_patterns),
        exclusions=_exclusions(d),
        quote_prefix=regex_cache.compile(pattern_of(d.quote_prefix)) if d.quote_prefix is not None else None,
        etc_event_core=regex_cache.compile(pattern_of(d.etc_event_core)) if d.etc_event_core is not None else None,
        joined_work=regex_cache.compile(pattern_of(d.joined_work)) if d.joined_work is not None else None,
        etc_list=_etc_list(d.etc_list) if d.etc_list is not None else None,
    )


def _exclusions(d: CampaignRules) -> dict:
    """Explain output: (rule id, regex or None for a word list) of each exclusion's alternatives."""
    out = {k: tuple((i, regex_cache.compile(p)) for i, p in parts_of(getattr(d, k), k))
           for k in ("core_reject", "named_set", "head_reject_after", "core_bad_start", "core_bad_end", "routine_activity_end",
                     "modifier_reject")
           if getattr(d, k) is not None}
    out["generic_cores"] = ((getattr(d.generic_cores, "id", "generic_cores"), None),)
    out["agendas"] = ((getattr(d.subject.agendas, "id", "agendas"), None),)
    return out


def _rejecting(r: Rules, key: str, text: str, pos: int = 0, anchored: bool = False) -> str:
    """Explain output: the id of the alternative of exclusion ``key`` that finds ``text`` (at ``pos``)."""
    for rule_id, pat in r.exclusions[key]:
        if pat is None or (pat.match(text, pos) if anchored else pat.search(text, pos)):
            return rule_id
    return key


@dataclass(frozen=True)
class Reforms:
    names: regex.Pattern
    carried_before: regex.Pattern
    reform_after: regex.Pattern
    list_inside_quote: regex.Pattern
    not_after: Optional[regex.Pattern] = None
    quoted_not_after: Optional[regex.Pattern] = None  # after the closing quote of a name quoted whole
    # a quoted name the pattern finds, ending at the closing quote (tried only there: an alternation led by a
    # character set would be tried at every position of the text)
    quoted_before_close: Optional[regex.Pattern] = None
    # the same names unquoted, as the items of a list of reforms (一码通办、一证通办等改革)
    listed_name: Optional[regex.Pattern] = None
    # a quoted name before 事项 (a class of items); among other classes that are no reforms, the reform is a class too
    quoted_item_class: Optional[regex.Pattern] = None
    standing: frozenset = frozenset()  # names that are campaigns wherever written (扫黑除恶)


def _trim_regex(words: list[str], protected: list[str]) -> regex.Pattern:
    """The trim words; a one-character one not where it is part of a protected word (及 of 普及, 自 of 自建).

    >>> p = _trim_regex(["推进", "及", "自"], ["普及", "自建"])
    >>> [(m.start(), m.group()) for m in p.finditer("推进普及涉及自建房自查")]
    [(0, '推进'), (5, '及'), (9, '自')]
    >>> [m.start() for m in _trim_regex(["和"], ["和美乡村"]).finditer("和美乡村和美丽街区")]
    [4]
    >>> [m.start() for m in _trim_regex(["推动", "突出"], ["推动高质量发展"]).finditer("推动高质量发展推动改革突出")]
    [7, 11]
    >>> [m.start() for m in _trim_regex(["结合"], ["医养结合"]).finditer("医养结合示范结合")]
    [6]
    """
    # a longer trim word not where a protected word starts with it (推动 of 推动高质量发展, 突出 of 突出问题)
    # (nor where one ends with it: 结合 of 医养结合)
    multi = []
    for w in sorted({w for w in words if len(w) > 1}, key=lambda x: (-len(x), x)):
        after = sorted({p[len(w):] for p in protected if len(p) > len(w) and p.startswith(w)}, key=lambda x: (-len(x), x))
        before = sorted({p[:-len(w)] for p in protected if len(p) > len(w) and p.endswith(w)}, key=lambda x: (-len(x), x))
        multi.append((f"(?<!{'|'.join(map(regex.escape, before))})" if before else "") + regex.escape(w)
                     + (f"(?!{'|'.join(map(regex.escape, after))})" if after else ""))
    singles = []
    for c in sorted(w for w in words if len(w) == 1):
        # what stands before c in a protected word ending in c, after it in one starting with c (和美乡村)
        before = sorted({w[:-1] for w in protected if len(w) > 1 and w[-1] == c}, key=lambda x: (-len(x), x))
        after = sorted({w[1:] for w in protected if len(w) > 1 and w[0] == c}, key=lambda x: (-len(x), x))
        singles.append((f"(?<!{'|'.join(map(regex.escape, before))})" if before else "") + regex.escape(c)
                       + (f"(?!{'|'.join(map(regex.escape, after))})" if after else ""))
    return regex_cache.compile("|".join(multi + singles) or "(?!)")


@dataclass(frozen=True)
class EtcList:
    launch: regex.Pattern
    head: regex.Pattern
    item_end: regex.Pattern
    min_items: int
    item_chars: tuple[int, int]


def _etc_list(d) -> EtcList:
    return EtcList(regex_cache.compile(pattern_of(d.launch)), regex_cache.compile(pattern_of(d.head)),
                   regex_cache.compile(pattern_of(d.item_end)), d.min_items, (d.item_min_chars, d.item_max_chars))


def _reforms(d) -> Optional[Reforms]:
    if d is None:
        return None
    quoted = (regex_cache.compile(rf"(?<=[“\"「])(?:{pattern_of(d.quoted_names)})\Z")
              if d.quoted_names is not None else None)
    return Reforms(regex_cache.compile(r"\L<names>", names=words_of(d.names)),
                   *(regex_cache.compile(pattern_of(getattr(d, k))) for k in ("carried_before", "reform_after", "list_inside_quote")),
                   regex_cache.compile(pattern_of(d.not_after)) if d.not_after is not None else None,
                   regex_cache.compile(pattern_of(d.quoted_not_after)) if d.quoted_not_after is not None else None, quoted,
                   regex_cache.compile(pattern_of(d.quoted_names)) if d.quoted_names is not None else None,
                   regex_cache.compile(pattern_of(d.quoted_item_class)) if d.quoted_item_class is not None else None,
                   frozenset(words_of(d.standing)))


_QUOTED_REFORM_REACH = 16  # characters a quoted reform's name may take before its closing quote
_CLOSING_QUOTE_CHARS = "”\"」"


def _reform_spans(norm: str, rf: "Reforms") -> list[tuple[int, int]]:
    """Where named reforms are written: the listed names, and quoted names the pattern finds (looked for before
    each closing quote); leftmost first, none overlapping an earlier one."""
    spans = [m.span() for m in rf.names.finditer(norm)]
    if rf.quoted_before_close is not None:
        for close in _CLOSING_QUOTE_CHARS:
            q = norm.find(close)
            while q >= 0:
                m = rf.quoted_before_close.search(norm, max(0, q - _QUOTED_REFORM_REACH), q)
                if m is not None:
                    spans.append(m.span())
                q = norm.find(close, q + 1)
    if rf.listed_name is not None:
        spans += _listed_reform_spans(norm, rf.listed_name)
    spans.sort(key=lambda sp: (sp[0], -sp[1]))
    out, last = [], 0
    for s, e in spans:
        if s >= last:
            out.append((s, e))
            last = e
    return out


_REFORM_LIST_END = "等改革"
_REFORM_LIST_ITEM = regex_cache.compile(r"(?r)(?:^|(?<=[^\p{Han}]|、))(?P<item>\p{Han}{2,8})\Z")


def _listed_reform_spans(norm: str, listed: regex.Pattern) -> list[tuple[int, int]]:
    """The items of a list closed by 等改革 that the reform pattern names (一码通办、一照通办、一证通办等改革),
    read back from 等改革 over 、; the first item that is no such name, or the list's first item, ends the walk."""
    out = []
    q = norm.find(_REFORM_LIST_END)
    while q >= 0:
        end = q
        for _ in range(6):
            m = _REFORM_LIST_ITEM.search(norm, max(0, end - 8), end)
            if m is None or not listed.fullmatch(m.group("item")) or norm[m.start("item") - 1:m.start("item")] != "、":
                break  # (the first item may carry the verb before it, 深化一网通办: the listed names find it)
            out.append(m.span("item"))
            end = m.start("item") - 1
        q = norm.find(_REFORM_LIST_END, q + 1)
    return out


def _subject(d) -> Subject:
    return Subject(
        agendas=frozenset(words_of(d.agendas)),
        cue_after=regex_cache.compile(pattern_of(d.cue_after)),
        cue_before=regex_cache.compile(f"(?:{pattern_of(d.cue_before)})$"),
        title_cue_after=regex_cache.compile(pattern_of(d.title_cue_after)),
        service_mode=regex_cache.compile(pattern_of(d.service_mode)),
        frame_before=regex_cache.compile(f"(?:{pattern_of(d.frame_before)})$"),
        frame_after=regex_cache.compile(pattern_of(d.frame_after)),
        max_core_chars=d.max_core_chars, min_mentions=d.min_mentions,
        title_min_mentions=d.title_min_mentions, title_max_chars=d.title_max_chars,
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    return parse_rules(load_rules(DATA, CampaignRules))


# ---------------------------------------------------------------- candidates
@dataclass
class Candidate:
    name: str  # normalised name
    kind: str
    start: int  # span of the whole mention (quote marks and head included)
    end: int
    core: str  # the quoted core (or the name, unquoted), for merging and mention search
    name_is_core: bool
    rule: str = ""  # id of the data-file rule that made it (explain output)


def clean_name(s: str) -> str:
    """Name without quote marks and spaces.

    >>> clean_name("“三强” 行为专项整治行动")
    '三强行为专项整治行动'
    """
    return s.translate(_NAME_STRIP)


def _book_ranges(norm: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BOOK_TITLE.finditer(norm)] if "《" in norm else []


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    # ranges are few and sorted; a linear scan from a bisect point is enough
    if not ranges:
        return False
    i = bisect.bisect_right(ranges, (pos, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _core_ok(core: str, r: Rules) -> bool:
    return 2 <= len(core) and not r.core_reject.search(core) and "《" not in core


def _strip_place(core: str, r: Rules) -> str:
    stripped = r.place_prefix.sub("", core)
    return stripped if len(stripped) >= 2 else core


def _quote_runs(matches: list, norm: str, r: Rules) -> list[tuple[int, int]]:
    """For each quote, (start, end) of the run of adjacent quotes it belongs to (“A”“B”, “A”、“B”).
    Linear: each quote is joined to the previous one or starts a new run; runs are capped at _MAX_CHAIN."""
    runs: list[list[int]] = []
    for k, m in enumerate(matches):
        if k and len(runs[-1]) < _MAX_CHAIN and r.quote_chain.fullmatch(norm, matches[k - 1].end(), m.start()):
            runs[-1].append(k)
        else:
            runs.append([k])
    out: list[tuple[int, int]] = [(0, 0)] * len(matches)
    for run in runs:
        span = (matches[run[0]].start(), matches[run[-1]].end())
        for k in run:
            out[k] = span
    return out


def _quotes(norm: str, r: Rules) -> list[tuple[regex.Match, str, str]]:
    """(match, name of its core group, cleaned core) of each quote: found once, read by the quoted
    and the subject candidates. Each alternative of ``r.quoted`` has one group: the last matched."""
    return [(m, m.lastgroup, clean_name(m.group(m.lastgroup))) for m in r.quoted.finditer(norm)]


def _quoted_candidates(norm: str, books: list[tuple[int, int]], r: Rules, quotes: list,
                       rejected: Optional[list] = None) -> list[Candidate]:
    """Quoted names (``quotes``: :func:`_quotes`) with a campaign head or a campaign core; ``rejected``
    (explain mode) gets (start, end, rule id) of the quotes an exclusion turned down."""
    out = []
    matches = [m for m, _, _ in quotes]
    runs = _quote_runs(matches, norm, r)
    for i, (m, core_group, cleaned) in enumerate(quotes):
        if _inside(books, m.start()):
            continue
        core = _strip_place(cleaned, r)
        if _NUMBERED_ACTION.match(norm, m.end()) and core.isdigit():
            # “5331”行动: a campaign named by its numbers (a bare “12345” is a hotline, not a name)
            head = _NUMBERED_ACTION.match(norm, m.end()).group()
            out.append(Candidate(core + head, "special_action", m.start(), m.end() + len(head), core, False))
            continue
        if not _core_ok(core, r) or core in r.subject.agendas:
            if rejected is not None:
                rejected.append((m.start(), m.end(), _core_rule(core, r)))
            continue  # standing reform agendas (“放管服”, “互联网+政务服务”) are never campaigns
        # 1) themed periods listed inside one quote: “攻坚决战年、转型升级年”
        themed = _themed_parts(norm, m, core_group)
        if themed:
            out += themed
            continue
        # 2) the core is a campaign name by itself: “金桥行动”, “机关服务加强年”, “五零标准”
        kind, rule = _core_kind(core, r)
        if kind and r.head_reject_after.match(norm, m.end()):
            # “凤凰行动”计划, “金桥行动”示范点: the name qualifies a programme, the text carries out that
            if rejected is not None:
                rejected.append((m.start(), m.end(), _rejecting(r, "head_reject_after", norm, m.end(), True)))
            continue
        if kind:
            name = core[:-2] if kind == "campaign_other" and core.endswith("活动") and len(core) > 4 else core
            out.append(Candidate(name, kind, m.start(), m.end(), name, True, rule))
            continue
        # 3) a campaign head follows: “五服务”活动, “三乱”专项治理
        decided, cand = _head_candidate(norm, m, runs[i], core, r, rejected)
        if decided:
            out += [cand] if cand else []
            continue
        # 4) a bare core right after a launch verb: 深化城乡党组织“双百结对”、…
        if ("、" not in core and "," not in core and not r.named_set.search(core) and r.deepen_before.search(norm, max(0, m.start() - 20), m.start())
                and r.bare_followers.match(norm, m.end())):
            out.append(Candidate(core, "campaign_other", m.start(), m.end(), core, True))
        # 5) a bare core naming its own bound, launched: 开展“百日双扫”
        elif (r.bounded_drive is not None and r.bounded_drive.search(core)
              and r.launch_before.search(norm, max(0, m.start() - 20), m.start())):
            out.append(Candidate(core, "special_action", m.start(), m.end(), core, True, "bare_bounded_drive"))
    return out


def _themed_parts(norm: str, m: regex.Match, core_group: str) -> list[Candidate]:
    """Themed periods listed inside one quote (“攻坚决战年、转型升级年”), one candidate each; else none."""
    text = m.group(core_group)
    if "、" not in text and "," not in text:
        return []  # one part: no list (the split below costs more than this test)
    cs, ce = m.span(core_group)
    parts = _LIST_SPLIT.split(text)
    if len(parts) < 2 or not all(_THEMED_PART.fullmatch(p.strip()) for p in parts):
        return []
    out, pos = [], cs
    for p in parts:
        s = norm.index(p, pos, ce)
        out.append(Candidate(clean_name(p), "themed_year", s, s + len(p), clean_name(p), True))
        pos = s + len(p)
    return out


def _names_an_action(after: regex.Match) -> bool:
    """A head that names each quote before it even in a list or after 等: an action or a special one
    (“A”“B”等专项行动); not an event (“A”等活动: fairs, shows) nor a bare 整治/治理 of kinds of problem."""
    head = after.group("head") or after.group("head2")
    return "行动" in head or head.startswith("专项")


def _head_candidate(norm: str, m: regex.Match, run: tuple[int, int], core: str, r: Rules,
                    rejected: Optional[list]) -> tuple[bool, Optional[Candidate]]:
    """(decided, candidate) for a campaign head after the quote (“五服务”活动, “三乱”专项治理): decided
    and a candidate, decided and none (a head that needs a launch verb has none), or not decided."""
    after = r.after_quote.match(norm, m.end())
    chained = after is None
    # quotes in a row share the head after the last one only when launched together
    # (开展“A”“B”评选活动); after 深化 a run is often a list summed up by a numbered name
    run_start, run_end = run
    if chained and run_end > m.end():
        # a head right after the run (“A”“B”等专项行动) names each quote, whatever verb carries them
        shared = r.after_quote.match(norm, run_end)
        if shared and (r.launch_before.search(norm, max(0, run_start - 20), run_start)
                       or not shared.group("mod") and _names_an_action(shared)):
            after = shared
    head = r.heads[after.group("head") or after.group("head2")] if after else None
    if head and rejected is not None and r.head_reject_after.match(norm, after.end()):
        rejected.append((m.start(), after.end(), _rejecting(r, "head_reject_after", norm, after.end(), True)))
    if not head or len(after.group("mod") or "") > head.modifier or r.head_reject_after.match(norm, after.end()):
        return False, None
    if after.group("mod") and head.modified_end is not None and not head.modified_end.match(norm, after.end()):
        return False, None  # (“政务服务”专题网页创建留言专区: 创建 a verb with its object)
    if after.group("etc") and not _names_an_action(after) and (
            not r.launch_before.search(norm, max(0, run_start - 20), run_start)
            or (r.etc_event_core is not None and r.etc_event_core.search(core))):
        # “X”等活动 named in passing, or X an event (a festival): events of a kind; launched (开展“乡村好物进城”
        # 等展销活动) X is one of the activities carried out; “X”等专项行动 names an action
        return False, None
    if head.needs_verb and not r.launch_before.search(norm, max(0, m.start() - 20), m.start()):
        if rejected is not None:
            rejected.append((m.start(), after.end(), head.id))
        return True, None
    modifier = (after.groupdict().get("series") or "") + (after.group("mod") or "")
    if modifier and r.modifier_reject is not None and r.modifier_reject.search(modifier + head.head):
        # (“…多作贡献”的要求落实到实际行动中: an idiom, no head of the quote)
        if rejected is not None:
            rejected.append((m.start(), after.end(), _rejecting(r, "modifier_reject", modifier + head.head)))
        return True, None
    # (after 等 the words before the head say what kind the listed quotes are: “A”“B”等系列创建 names A创建, B创建)
    name = core + ("" if after.group("etc") else modifier) + head.head if head.name == "core_head" else core
    start = m.start()
    prefix = r.quote_prefix.search(norm, max(0, start - 14), start) if r.quote_prefix and head.name == "core_head" else None
    if prefix:
        name, start = prefix.group("prefix") + name, prefix.start("prefix")
    # a chained quote's mention is its own quote, not its neighbours'
    return True, Candidate(name, head.kind, start, m.end() if chained else after.end(), core,
                           head.name == "core", head.id)


def _title(norm: str, max_chars: int) -> str:
    """The document's first non-blank line when it reads as a title: short, no full stop.

    >>> _title("\\n  关于深化“立即办”改革的通知\\n正文", 60)
    '关于深化“立即办”改革的通知'
    >>> _title("很长" * 40, 60)
    ''
    >>> _title("推进“立即办”改革。“立即办”事项增加。", 60)
    ''
    """
    for line in norm.split("\n", 5)[:5]:
        line = line.strip()
        if line:
            return line if len(line) <= max_chars and "。" not in line else ""
    return ""


def _subject_candidates(norm: str, books: list[tuple[int, int]], r: Rules, known: set[str],
                        quotes: list) -> list[Candidate]:
    """The reform or campaign the document is about (“一窗通办”改革, 推行“立即办”): a quoted name
    with a reform cue that the text keeps returning to (min_mentions quoted occurrences, fewer when
    the title names it; a launch-verb cue only counts for a name in the title). Slogan lists, named
    sets, mechanisms and models are left out, and so are cores another rule already took (“X”行动)."""
    sub = r.subject
    counts: Counter[str] = Counter(core for _, _, core in quotes)
    title = _title(norm, sub.title_max_chars)
    title_start = norm.find(title) if title else -1
    title_end = title_start + len(title)
    out, seen = [], set()
    for m, _, core in quotes:
        if core in seen or core in known or core in sub.agendas or _inside(books, m.start()):
            continue
        if sub.service_mode is not None and sub.service_mode.search(core):
            continue
        if (len(core) > sub.max_core_chars or "、" in core or "," in core or not _core_ok(core, r)
                or r.named_set.search(core) or r.head_reject_after.match(norm, m.end())):
            continue
        in_title = f"{m.group()[0]}{core}" in title
        n = counts[core]
        if sub.cue_after.match(norm, m.end()):
            ok = n >= sub.min_mentions or (in_title and n >= sub.title_min_mentions)
        elif title_start <= m.start() < title_end and sub.title_cue_after.match(norm, m.end()):
            ok = n >= sub.title_min_mentions  # the title says the document is about “X”工作
        else:
            ok = (in_title and n >= sub.title_min_mentions
                  and bool(sub.cue_before.search(norm, max(0, m.start() - 12), m.start())))
        if not ok and sub.frame_after.match(norm, m.end()):
            ok = bool(sub.frame_before.search(norm, max(0, m.start() - 4), m.start()))
        if ok:
            seen.add(core)
            out.append(Candidate(core, "campaign_other", m.start(), m.end(), core, True, "subject"))
    return out


_PERIOD_END = regex_cache.compile(r"[年月]$")
_ACTION_WORD = regex_cache.compile(r"专项|整治|治理|整顿|行动$")
_COMMITMENT_WORD = regex_cache.compile(r"承诺|标准$")
_ACTIVITY_TAIL = regex_cache.compile(r"(?:活动|工作)$")
_CLOSING_QUOTES = "”\"」’』"
# a quoted number and the action it names, with a few words of what it is for (“5331”行动, “464”服务高质量发展行动)
_NUMBERED_ACTION = regex_cache.compile(r"(?:(?!行动)\p{Han}){0,8}?(?:专项|攻坚)?行动(?![计方])")
_OPENING_QUOTES = "“\"「‘『"


# heads of actions and drives: what they name may end in a routine activity (产业大招商行动, 产业招商百日会战)
_ACTION_HEADS = ("行动", "攻坚", "会战")
_LIST_ITEM_BREAK = regex_cache.compile("[、等]")  # between the items of a list closed by 等


def _unquoted_ok(core: str, r: Rules, head: str = "", whole_list: bool = False) -> bool:
    """Whether an unquoted ``core`` may name a campaign (``head``: the word after it, when known; ``whole_list``:
    a list closed by 等 that is named whole, judged by its items: things rectified)."""
    if whole_list:  # (an item may end as activities do: 占道经营 is a problem rectified)
        return all(item not in r.generic_cores and not r.core_reject.search(item)
                   for item in _LIST_ITEM_BREAK.split(core) if item)
    return _plain_core_ok(core, r) and not (r.routine_activity_end is not None and not head.endswith(_ACTION_HEADS)
                                            and r.routine_activity_end.search(core))


def _plain_core_ok(core: str, r: Rules) -> bool:
    return (core not in r.generic_cores and not r.core_bad_start.search(core)
            and not r.core_bad_end.search(core) and not r.core_reject.search(core))


def _unquoted_rule(core: str, r: Rules, head: str = "") -> str:
    """Explain output: the id of the exclusion that makes ``core`` no unquoted campaign name."""
    if core in r.generic_cores:
        return _rejecting(r, "generic_cores", core)
    for key in ("core_bad_start", "core_bad_end", "core_reject") + (() if head.endswith(_ACTION_HEADS) else ("routine_activity_end",)):
        if getattr(r, key) is not None and getattr(r, key).search(core):
            return _rejecting(r, key, core)
    return ""


def _core_rule(core: str, r: Rules) -> str:
    """Explain output: the id of the exclusion that makes a quoted ``core`` no campaign."""
    if core in r.subject.agendas:
        return _rejecting(r, "agendas", core)
    return _rejecting(r, "core_reject", core) if r.core_reject.search(core) else ""


def _core_kind(name: str, r: Rules) -> tuple[Optional[str], str]:
    """(kind, rule id) of the first core pattern that finds ``name``, or (None, "")."""
    for (pat, kind), rule in zip(r.core_patterns, r.core_pattern_ids or ("",) * len(r.core_patterns)):
        if pat.search(name):
            return kind, rule
    return None, ""


_ANCHOR_AFTER = 8


def _matches(u: Unquoted, norm: str):
    """The pattern's matches; with an anchor, only those around an anchor word (same matches, found
    without trying the pattern at every position)."""
    if u.anchor is None:
        yield from u.pattern.finditer(norm)
        return
    last_end = 0
    for a in u.anchor.finditer(norm):
        if a.start() < last_end:
            continue
        m = u.pattern.search(norm, max(last_end, a.start() - u.anchor_before), min(len(norm), a.end() + _ANCHOR_AFTER))
        if m is not None and m.end() >= a.end():
            last_end = m.end()
            yield m


_LISTED_KIND = regex_cache.compile(r"(?:重点)?(?:领域|方面|行业)(?=\p{Han}{4})")
# the last 等 that closes a list (not the 等 of 等级, 等次, 等同, 等待, 等额, 等值)
_LIST_ETC = regex_cache.compile(r"(?r)等(?![级次同待额值量])")


def _unquoted_candidates(norm: str, books: list[tuple[int, int]], r: Rules,
                         rejected: Optional[list] = None) -> list[Candidate]:
    """Unquoted names the `unquoted` patterns find; ``rejected`` as for :func:`_quoted_candidates`."""
    out = []
    for u in r.unquoted:
        for m in _matches(u, norm):
            cs = m.start("core")
            core = m.group("core")
            if u.trim_left:
                # look a few characters back too: a trim word may straddle the core's left edge
                # (开展|干部作风大整顿 would otherwise give 展干部作风大整顿)
                back = max(0, cs - _TRIM_LOOKBACK)
                last = m.end("core") - 1 if u.trim_within is None else min(m.end("core") - 1, cs + u.trim_within + 1)
                trims = [t for t in r.trim_words.finditer(norm[back:m.end("core")]) if cs < back + t.end() < last]
                cut = [back + t.end() for t in trims]
                if cut and _joins_a_name(norm, trims[-1], back, cut[-2] if len(cut) > 1 else cs) \
                        and (not _cut_inside_a_word(norm, cs) if len(cut) == 1 else trims[-2].group() not in _FUNCTION_WORDS):
                    cut.pop()  # 开展大气和水环境质量…三年行动: the 和 joins two nouns of one name
                if cut:
                    core = core[max(0, cut[-1] - cs):]
                    cs = max(cs, cut[-1])
            closing = None if u.whole_list else _LIST_ETC.search(core)
            if closing is not None and closing.end() < len(core):
                # 开展校园、网络订餐等食品安全专项整治: the name starts after the list 等 closes (and after the
                # kind of thing listed: 粮食购销、国资国企等领域突出问题专项整治); the 等 of a word (等级) closes none
                cut = closing.end()
                kind = _LISTED_KIND.match(core, cut)
                cut = kind.end() if kind else cut
                core, cs = core[cut:], cs + cut
            joined = r.joined_work.match(core) if r.joined_work is not None else None
            if joined is not None:
                core, cs = core[joined.end():], cs + joined.end()
            if len(core) < u.min_core or _inside(books, cs) or not _unquoted_ok(core, r, m.group("head"), u.whole_list) \
                    or r.head_reject_after.match(norm, m.end()):
                if rejected is not None and len(core) >= u.min_core and not _inside(books, cs):
                    rejected.append((cs, m.end(), _unquoted_rule(core, r, m.group("head")) or
                                     _rejecting(r, "head_reject_after", norm, m.end(), True)))
                continue
            if cs and norm[cs - 1] in _CLOSING_QUOTES:
                continue  # “优化环境”作风整顿活动: the head of a quoted campaign, taken by the quoted rule
            head = m.group("head")
            name = core + head if u.name == "core_head" else core
            for tail in u.strip_head:
                if name.endswith(tail) and len(name) > len(tail) + 1:
                    name = name[: -len(tail)]
                    break
            if len(name) < 3:
                continue
            kind = _core_kind(name, r)[0] or _kind_of_name(name)
            out.append(Candidate(name, kind, cs, m.end(), name, False, u.id))
            out += _listed_after(norm, m.end(), head, u, r, books)
            if u.shared_tail is not None and cs and norm[cs - 1] == "、":
                out += _listed_before(norm, cs - 1, name, u, r, books)
    return out


# what may stand before a list's first item when no verb was cut from it: a clause's start or another item
_ITEM_OPENERS = frozenset("、,，。;；:：!?！？\n")
# an item of a list before a shared tail, read backwards from its 、 (深入推进|产业倍增、城市更新、债务管理三年行动)
_ITEM_BEFORE = regex_cache.compile(r"(?r)(?P<core>\p{Han}{2,8})、\Z")


def _listed_before(norm: str, comma: int, name: str, u: Unquoted, r: Rules, books) -> list[Candidate]:
    """产业倍增、城市更新、债务管理三年行动: the items listed before a name share its tail (三年行动), one campaign each;
    the first item loses the verb before it (推进产业倍增 -> 产业倍增)."""
    tail = u.shared_tail.search(name)
    if tail is None:
        return []
    out = []
    for _ in range(5):
        m = _ITEM_BEFORE.search(norm, max(0, comma - 8), comma + 1)
        if m is None:
            break
        cs, core = m.start("core"), m.group("core")
        cut = [t.end() for t in r.trim_words.finditer(core) if t.end() < len(core) - 1]
        if cut:
            core, cs = core[cut[-1]:], cs + cut[-1]
        if len(core) < 2 or not _unquoted_ok(core, r) or _inside(books, cs) or _NAME_END.search(core):
            break  # (an item with a head of its own is a name already: 人居环境整治提升行动、…三年行动)
        if not cut and cs and norm[cs - 1] not in _ITEM_OPENERS:
            break  # the item goes on past the window (北部湾国际门户港基础设施, “…”三链驱动发展): no item read
        item = core + tail.group()
        out.append(Candidate(item, _core_kind(item, r)[0] or _kind_of_name(item), cs, cs + len(core), item, False, u.id))
        if cut or cs == 0 or norm[cs - 1] != "、":
            break  # the list began here
        comma = cs - 1
    return out


_CONJUNCTIONS = frozenset("和与及")
# trim words that end a phrase of the sentence, not a verb the name is the object of (作为…的切入点和学习实践活动)
_FUNCTION_WORDS = frozenset("的之了在对把将以为是和与及自")
# what ends a campaign's own name: a conjunction after it joins two campaigns, not two words of one
# (or a title won by creation: 全国文明城市和国家卫生城市创建 are two)
_NAME_END = regex_cache.compile(r"(?:行动|活动|创建|整治|治理|整顿|专项|斗争|攻坚|工作|工程|改革|建设|城市|[县市区镇村])$")


def _joins_a_name(norm: str, trim: regex.Match, back: int, left_start: int) -> bool:
    """A conjunction trim word whose left conjunct (from the cut before it, or from the start of the match)
    is a short noun of two to six characters that names no campaign of its own: it
    joins two nouns of the one name that follows (安全生产和消防隐患治本攻坚三年行动), not two campaigns
    (扫黑除恶专项行动和…), nor the last items of a list (开展花园式街区、社区和单位创建)."""
    if trim.group() not in _CONJUNCTIONS or (left_start and norm[left_start - 1] == "、"):
        return False
    left = norm[left_start:back + trim.start()]
    return 2 <= len(left) <= 6 and _HAN_ONLY.fullmatch(left) is not None and not _NAME_END.search(left)


def _cut_inside_a_word(norm: str, pos: int) -> bool:
    """``pos`` (where a match's core began, no trim word before it) stands between two Chinese characters:
    the window the pattern was tried in began inside a word (农村留|守儿童和…)."""
    return 0 < pos < len(norm) and _HAN_ONLY.match(norm, pos - 1, pos) is not None


_HAN_ONLY = regex_cache.compile(r"\p{Han}+")


@lru_cache(maxsize=64)
def _list_next(head: str) -> regex.Pattern:
    # an action list may change its action word (…专项行动、…攻坚行动、…行动); other heads repeat
    heads = "(?:专项行动|攻坚行动|行动)" if head.endswith("行动") else regex.escape(head)
    return regex_cache.compile(r"[、和及与]\s{0,2}(?P<core>\p{Han}{4,18}?)(?P<head>" + heads + ")")


def _listed_after(norm: str, pos: int, head: str, u: Unquoted, r: Rules, books) -> list[Candidate]:
    """实施A攻坚行动、B建设行动和C行动: campaigns listed after a launched one share its verb (same head)."""
    out = []
    if not head:
        # a name without a head (主题教育) shares nothing (主题教育与高质量发展 is no list of campaigns), but a
        # themed period lists the next ones: 开展攻坚突破年、营商环境提升年、作风建设提升年活动
        return _periods_listed_after(norm, pos, u, r, books) if u.name == "core" and norm[pos - 1:pos] in ("年", "月") else out
    for _ in range(6):
        m = _list_next(head).match(norm, pos, min(len(norm), pos + 24))
        if m is None:
            break
        core = m.group("core")
        if not _unquoted_ok(core, r) or _inside(books, m.start("core")) or r.head_reject_after.match(norm, m.end()):
            break
        name = core + m.group("head") if u.name == "core_head" else core
        kind = _core_kind(name, r)[0] or _kind_of_name(name)
        pos = m.end()
        out.append(Candidate(name, kind, m.start("core"), pos, name, False, u.id))
    return out


_NEXT_PERIOD = regex_cache.compile(r"[、和及与]\s{0,2}(?P<core>\p{Han}{3,12}?[年月])(?=[、和及与,，;；。]|活动|行动|$)")


def _periods_listed_after(norm: str, pos: int, u: Unquoted, r: Rules, books) -> list[Candidate]:
    """The themed periods listed after one found at ``pos`` (、营商环境提升年、作风建设提升年活动), each a name of its
    own; the list stops at the first item that is no themed period."""
    out = []
    for _ in range(6):
        m = _NEXT_PERIOD.match(norm, pos, min(len(norm), pos + 16))
        if m is None:
            break
        core = m.group("core")
        kind, _rule = _core_kind(core, r)
        if kind != "themed_year" or not _unquoted_ok(core, r) or _inside(books, m.start("core")):
            break
        pos = m.end()
        out.append(Candidate(core, kind, m.start("core"), pos, core, False, u.id))
    return out


# searched backwards from the list's head: the start of its clause
_CLAUSE_START = regex_cache.compile(r"(?r)[,，。;；:：!?！？\n]")
_ALL_HAN = regex_cache.compile(r"\p{Han}+")
_ITEM_QUOTES = str.maketrans("", "", "“”\"‘’「」")


def _etc_list_candidates(norm: str, books: list[tuple[int, int]], r: Rules) -> list[Candidate]:
    """开展A整治、B提升等专项行动: each listed action a campaign named with the head (rules: etc_list)."""
    el = r.etc_list
    if el is None:
        return []
    out = []
    lo, hi = el.item_chars
    for h in el.head.finditer(norm):
        stop = _CLAUSE_START.search(norm, max(0, h.start() - 120), h.start())
        clause_start = stop.end() if stop else 0
        verb = el.launch.search(norm, clause_start, h.start())
        if verb is None or _inside(books, verb.end()):
            continue
        items, pos = [], verb.end()
        for piece in norm[verb.end():h.start()].split("、"):
            core = piece.translate(_ITEM_QUOTES)
            if not (lo <= len(core) <= hi) or not _ALL_HAN.fullmatch(core) or not el.item_end.search(core):
                items = []
                break
            items.append((core, pos, pos + len(piece)))
            pos += len(piece) + 1
        if len(items) < el.min_items:
            continue
        head = h.group("head")
        for core, s, e in items:
            name = core if core.endswith(head) else core + head
            kind = _core_kind(name, r)[0] or _kind_of_name(name)
            out.append(Candidate(name, kind, s, e, core, False, "etc_list_head"))
    return out


def _reform_candidates(norm: str, books: list[tuple[int, int]], r: Rules) -> list[Candidate]:
    """Named service reforms (高效办成一件事, 马上办) wherever they are written, outside 《》 titles."""
    rf = r.named_reforms
    if rf is None:
        return []
    out = []
    for s, e in _reform_spans(norm, rf):
        name = norm[s:e]
        if _inside(books, s) or (s and norm[s - 1] in _CLOSING_QUOTES):
            continue  # (“越读越有味”全民阅读活动: the head of a quoted campaign, taken by the quoted rule)
        quoted_list = _in_open_quote(norm, s) and (
            rf.list_inside_quote.match(norm, e, min(len(norm), e + 14))
            or rf.list_inside_quote.match(norm[max(0, s - 14):s][::-1]))
        quoted_whole = s and e < len(norm) and norm[s - 1] in _OPENING_QUOTES and norm[e] in _CLOSING_QUOTES
        carried = rf.carried_before.search(norm, max(0, s - 36), s) or rf.reform_after.match(norm, e, min(len(norm), e + 8))
        names_a_thing = rf.not_after is not None and rf.not_after.match(norm, e, min(len(norm), e + 8))
        if (quoted_whole and rf.quoted_not_after is not None and not rf.quoted_not_after.match(norm, e + 1, min(len(norm), e + 12))
                and not _among_item_classes(norm, s, e, rf)):
            carried, names_a_thing = True, False
        if name in rf.standing:
            carried, names_a_thing = True, False
        if carried and not quoted_list and not names_a_thing:
            if quoted_whole:
                s, e = s - 1, e + 1  # the mention is the quoted name, as for other quoted campaigns
            out.append(Candidate(name, "campaign_other", s, e, name, True, "named_reforms"))
    return out


_ITEM_CLASS_REACH = 40  # characters either side (in the sentence) where the other classes of items are looked for
_SENTENCE_ENDS = "。；;！？\n"


def _among_item_classes(norm: str, s: int, e: int, rf: Reforms) -> bool:
    """A reform quoted before 事项 among other quoted classes of items that are no reforms (细化梳理“最多跑一次”事项80余项，
    “审批不见面”事项30余项): a class of items, as dev gold reads it. Before 事项 alone or among other reforms'
    items (新增“跨省通办”事项244项、“一件事一次办”事项65项) the reform is carried out."""
    pat = rf.quoted_item_class
    if pat is None or pat.match(norm, s - 1, min(len(norm), e + 6)) is None:
        return False
    lo, hi = max(0, s - _ITEM_CLASS_REACH), min(len(norm), e + _ITEM_CLASS_REACH)
    lo = max(lo, *(norm.rfind(c, lo, s) + 1 for c in _SENTENCE_ENDS))  # within the sentence
    hi = min([hi] + [i for i in (norm.find(c, e, hi) for c in _SENTENCE_ENDS) if i >= 0])
    for m in pat.finditer(norm, lo, hi):
        if m.start("name") == s:
            continue
        name = m.group("name")
        if not rf.names.fullmatch(name) and not (rf.listed_name is not None and rf.listed_name.fullmatch(name)):
            return True
    return False


def _in_open_quote(norm: str, pos: int, reach: int = 14) -> bool:
    """``pos`` stands inside a quote opened at most ``reach`` characters before (“马上办、网上办…”)."""
    before = norm[max(0, pos - reach):pos]
    opened = max(before.rfind(q) for q in _OPENING_QUOTES)
    return opened >= 0 and not any(q in before[opened:] for q in _CLOSING_QUOTES)


_THEME_EDUCATION = "主题教育"


def _join_theme_education(cands: list[Candidate], norm: str) -> None:
    """A document runs one 主题教育: a bare 主题教育 is the quoted one named elsewhere (“不忘初心、牢记使命”主题教育)."""
    named = next((c for c in cands if c.name != _THEME_EDUCATION
                  and norm.startswith(_THEME_EDUCATION, c.end - len(_THEME_EDUCATION))), None)
    if named is None:
        named = next((c for c in cands if c.name != _THEME_EDUCATION and c.name_is_core
                      and norm.startswith(_THEME_EDUCATION, c.end + 1)), None)  # “X”主题教育: the mention ends at ”
    if named is None:
        return
    for c in cands:
        if c.name == _THEME_EDUCATION:
            c.name, c.core = named.name, named.core


def _kind_of_name(name: str) -> str:
    if _PERIOD_END.search(name):
        return "themed_year"
    if _ACTION_WORD.search(name):
        return "special_action"
    if _COMMITMENT_WORD.search(name):
        return "service_commitment"
    return "campaign_other"


# ---------------------------------------------------------------- merging
class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _merge_keys(keys: list[str], r: Rules) -> _UnionFind:
    """Union keys that name the same campaign: one is the other plus a campaign tail (马上办 /
    马上办提速行动), plus a short prefix (企业服务年 / 深化企业服务年), or plus one character
    (马上办 / 马上就办). Each test looks keys up in a dict, so the work is linear in the keys."""
    index = {k: i for i, k in enumerate(keys)}
    uf = _UnionFind(len(keys))
    for i, k in enumerate(keys):
        for cut in range(2, len(k)):
            j = index.get(k[:cut])
            if j is not None and r.merge_tails.match(k[cut:]):
                uf.union(i, j)
            if cut <= r.merge_max_prefix and len(k) - cut >= 4:
                j = index.get(k[cut:])
                if j is not None:
                    uf.union(i, j)
        if len(k) >= 4:
            for cut in range(1, len(k) - 1):
                j = index.get(k[:cut] + k[cut + 1:])
                if j is not None:
                    uf.union(i, j)
    return uf


def _key(name: str) -> str:
    return _ACTIVITY_TAIL.sub("", name) if len(name) > 4 else name


# ---------------------------------------------------------------- mentions
def _mentions(norm: str, groups: list[list[Candidate]]) -> list[list[tuple[int, int, str]]]:
    """Every occurrence of each group's names and cores (quoted or not), plus the candidates' own spans."""
    owner: dict[str, int] = {}
    for g, cands in enumerate(groups):
        for c in cands:
            for s in {c.name, c.core}:
                if len(s) >= 3 and s not in owner:
                    owner[s] = g
    found: list[list[tuple[int, int, str]]] = [[(c.start, c.end, c.name) for c in cands] for cands in groups]
    for s, e, name in _occurrences(norm, owner):
        found[owner[name]].append((s, e, name))
    out = []
    for spans in found:
        spans.sort(key=lambda t: (t[0], -t[1]))
        kept: list[tuple[int, int, str]] = []
        for s, e, w in spans:
            if kept and s < kept[-1][1]:
                continue  # inside a longer mention already kept
            kept.append((s, e, w))
        out.append(kept)
    return out


def _occurrences(norm: str, names) -> list[tuple[int, int, str]]:
    """(start, end, name) of ``names`` (3+ characters) in ``norm``: leftmost first, the longest name at
    a position, not overlapping (what a regex named list ``\\L<names>`` finds). The names differ in
    every document: compiling them into a pattern cost about a millisecond a document, more than the
    scan; a class of their first characters followed by one of their second characters finds, in C,
    the few positions worth a look (a dict of two-character openings, then ``startswith``)."""
    by_opening: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        by_opening.setdefault(name[:2], []).append(name)
    if not by_opening:
        return []
    openings = (_char_class(o[0] for o in by_opening) + "(?=" + _char_class(o[1] for o in by_opening) + ")")
    out, last = [], 0
    for m in re.finditer(openings, norm):
        i = m.start()
        if i < last:
            continue
        name = next((w for w in by_opening.get(norm[i:i + 2], ()) if norm.startswith(w, i)), None)
        if name is not None:
            last = i + len(name)
            out.append((i, last, name))
    return out


def _char_class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


def _group_name(cands: list[Candidate], mentions: list[tuple[int, int, str]]) -> str:
    """The name most likely to be the campaign's usual name: a quoted core when there is one
    (四零 rather than 四零承诺服务), the most mentioned, then the first."""
    counts = Counter(w for _, _, w in mentions)
    names = [c.name for c in cands]
    core_names = [c.name for c in cands if c.name_is_core]
    pool = core_names or names
    return max(pool, key=lambda n: (counts.get(n, 0) + names.count(n), -names.index(n)))


def _group_kind(name: str, cands: list[Candidate]) -> str:
    if _PERIOD_END.search(name):
        return "themed_year"
    return min((c.kind for c in cands), key=lambda k: _KIND_RANK[k])


_LIST_SEPARATORS = "、,，和"  # (a list of actions sharing a head names each: 开展爱国卫生运动、健康广西行动)


def _within_named_actions(reforms: list[Candidate], unquoted: list[Candidate], heads) -> list[Candidate]:
    """The named reforms not written inside a longer action named around them (继续实施厕所革命整村推进行动: the action
    is the campaign, its first words no second one)."""
    actions = [u for u in unquoted if not any(sep in u.name for sep in _LIST_SEPARATORS)]

    def inside(c: Candidate, u: Candidate) -> bool:
        # (an action that is the reform with a head, 扫黑除恶专项行动, is the same campaign: both stay and merge)
        return u.start <= c.start and c.end <= u.end and u.end - u.start > c.end - c.start and not (
            u.name.startswith(c.name) and u.name[len(c.name):] in heads)
    return [c for c in reforms if not any(inside(c, u) for u in actions)]


# ---------------------------------------------------------------- entry point
def run(ctx: Context) -> list[Campaign]:
    r = rules()
    norm = ctx.norm
    books = _book_ranges(norm)
    rejected: Optional[list] = [] if explain.on(ctx) else None
    quotes = _quotes(norm, r)
    unquoted = _unquoted_candidates(norm, books, r, rejected)
    cands = (_quoted_candidates(norm, books, r, quotes, rejected) + unquoted
             + _within_named_actions(_reform_candidates(norm, books, r), unquoted, r.heads) + _etc_list_candidates(norm, books, r))
    cands += _subject_candidates(norm, books, r, {c.core for c in cands}, quotes)
    for s, e, rule in rejected or ():
        explain.reject(ctx, "campaign", s, e, rule)
    if not cands:
        return []
    _join_theme_education(cands, norm)
    nested = _nested_at_one_end(cands)
    if nested:
        cands = [c for c in cands if id(c) not in nested]
    if len(cands) > _MAX_CANDIDATES:
        ctx.warnings.append(f"campaigns: {len(cands)} candidates, only the first {_MAX_CANDIDATES} kept")
        cands = sorted(cands, key=lambda c: c.start)[:_MAX_CANDIDATES]
    keys = sorted({_key(c.name) for c in cands} | {_key(c.core) for c in cands if len(c.core) >= 2})
    uf = _merge_keys(keys, r)
    key_index = {k: i for i, k in enumerate(keys)}
    by_root: dict[int, list[Candidate]] = {}
    for c in cands:
        root = uf.find(key_index[_key(c.name)])
        if len(c.core) >= 2:
            uf.union(root, key_index[_key(c.core)])
        by_root.setdefault(uf.find(root), []).append(c)
    # unions made while grouping can join two roots: regroup once
    groups_map: dict[int, list[Candidate]] = {}
    for root, cs in by_root.items():
        groups_map.setdefault(uf.find(root), []).extend(cs)
    groups = list(groups_map.values())
    mentions = _mentions(norm, groups)
    records = []
    for cands_g, ments in zip(groups, mentions):
        name = _group_name(cands_g, ments)
        records.append((ments[0][0], name, _group_kind(name, cands_g), ments, {c.rule for c in cands_g}))
    records.sort(key=lambda t: t[0])
    return _campaigns(ctx, records, rejected is not None)


def _nested_at_one_end(cands: list[Candidate]) -> set[int]:
    """The ids of candidates read inside a longer one of the same mention, both ending with the same head
    (实施“10+N”应用深化数智赋能行动 read whole by its quote and as 数智赋能行动 by its verb): the mention names the
    longer one only."""
    nested: set[int] = set()
    by_end: dict[int, list[Candidate]] = {}
    for c in cands:
        by_end.setdefault(c.end, []).append(c)
    for same_end in by_end.values():
        if len(same_end) < 2:
            continue
        outer = min(same_end, key=lambda c: c.start)
        if any(sep in outer.name for sep in _LIST_SEPARATORS):
            continue  # (a list sharing a head, 开展爱国卫生运动、全民健身活动, names each item: no one mention)
        nested.update(id(c) for c in same_end if c is not outer and c.name != outer.name and c.start > outer.start)
    return nested


def _campaigns(ctx: Context, records: list[tuple], explaining: bool) -> list[Campaign]:
    """One Campaign per name, in order of first mention; with ``explaining``, the rule ids that made it."""
    out: list[Campaign] = []
    by_name: dict[str, Campaign] = {}
    for first, name, kind, ments, made_by in records:
        spans = [ctx.span(s, e) for s, e, _ in ments]
        if name in by_name:  # two groups settled on one name: one campaign
            known = by_name[name]
            have = {(m.start, m.end) for m in known.mentions}
            known.mentions = sorted(known.mentions + [m for m in spans if (m.start, m.end) not in have],
                                    key=lambda m: m.start)
            if explaining:
                known.rules = sorted(set(known.rules) | made_by - {""})
            continue
        by_name[name] = Campaign(id=f"c{len(out) + 1}", name=name, kind=kind, mentions=spans,
                                 rules=sorted(made_by - {""}) if explaining else None)
        out.append(by_name[name])
    return out


class CampaignsExtractor(Extractor[list[Campaign]]):
    name = "campaigns"
    requires = ()

    def run(self, ctx: Context) -> list[Campaign]:
        return run(ctx)
