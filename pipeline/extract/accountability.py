"""Accountability clauses: sentences that impose or report a sanction, or an exemption from one.

Rules and lexicon: ``data/accountability_lexicon.yaml`` (see ../shared/spec/SCHEMA.md and GOLD.md).
A clause is the sentence (split at 。！？； ;!? and line breaks) around one or more action triggers
that survive their negative contexts; rulebook titles in 《…》 are masked before matching.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from .. import explain
from ..context import Context
from .base import Extractor
from .metadata import Metadata
from ..sections import sections_of
from ..textview import TextView
from ..models import Accountability, AccountabilityAction, DocType, IndicatorStatus, Modality
from ..normalize.doctype import is_rulebook
from ..normalize.lexicon import alternation
from ..rules import load_rules, validate_rules
from ..rules.accountability_lexicon import AccountabilityLexicon
from ..rules.types import pattern_of, words_of
from .. import regex_cache

DATA = "accountability_lexicon.yaml"

# 《…》 titles are masked with a character no rule uses; same length, so offsets stay valid.
_BOOK_TITLE = regex_cache.compile(r"《[^《》\n]{0,120}》")
_MASK = "\ufffc"
_SEGMENT_BREAK = ",;。:\n"
_LOOKBACK = 12  # chars before a trigger that not_before may see
_LOOKAHEAD = 40  # chars after a trigger that not_after may see
_TARGET_SPLIT = regex_cache.compile(r"和|及|与|、|以及")
_MAX_TARGET = 14


# ---------------------------------------------------------------- rules (data file)
@dataclass(frozen=True)
class Trigger:
    action: str
    pattern: regex.Pattern
    not_before: Optional[regex.Pattern]  # anchored at the end of the text before the trigger
    not_after: Optional[regex.Pattern]  # matched at the start of the text after it
    requires: Optional[regex.Pattern]  # searched in the comma segment up to the trigger
    id: str = ""  # the trigger's rule id (explain output)


@dataclass(frozen=True)
class Rules:
    triggers: tuple[Trigger, ...]
    target_head: regex.Pattern
    target_strip_prefix: regex.Pattern
    target_strip_count: regex.Pattern
    conditions: tuple[regex.Pattern, ...]
    modality_cues: tuple[tuple[str, regex.Pattern, bool], ...]  # (modality, pattern, weak)
    plan_section: regex.Pattern
    doc_record: regex.Pattern
    doc_rule: regex.Pattern
    record_title: regex.Pattern
    count_units: frozenset[str]
    count_indicators: frozenset[str]
    heading_marker: regex.Pattern
    heading_max_chars: int
    heading_line_max_chars: int
    heading_soft_max_chars: int


def _trigger(action: str, t) -> Trigger:
    return Trigger(
        action=action,
        pattern=regex_cache.compile(t.pattern),
        not_before=regex_cache.compile(f"(?:{t.not_before})$") if t.not_before else None,
        not_after=regex_cache.compile(t.not_after) if t.not_after else None,
        requires=regex_cache.compile(t.requires) if t.requires else None,
        id=t.id or "",
    )


def parse_rules(data) -> Rules:
    """The rules of the lexicon: a validated model (pipeline/rules) or its raw content, compiled."""
    d = data if isinstance(data, AccountabilityLexicon) else validate_rules(data, AccountabilityLexicon, DATA)
    heads = alternation(words_of(d.target_heads))
    return Rules(
        triggers=tuple(_trigger(action, t) for action, ts in d.actions.items() for t in ts),
        target_head=regex_cache.compile(f"(?:{heads})$"),
        target_strip_prefix=regex_cache.compile(pattern_of(d.target_strip_prefix)),
        target_strip_count=regex_cache.compile(pattern_of(d.target_strip_count)),
        conditions=tuple(regex_cache.compile(pattern_of(p).replace("{HEADS}", heads)) for p in d.conditions),
        modality_cues=tuple((c.modality, regex_cache.compile(c.pattern), c.weak) for c in d.modality_cues),
        plan_section=regex_cache.compile(pattern_of(d.plan_section)),
        doc_record=regex_cache.compile(pattern_of(d.doc_record)),
        doc_rule=regex_cache.compile(pattern_of(d.doc_rule)),
        record_title=regex_cache.compile(pattern_of(d.record_title)),
        count_units=frozenset(words_of(d.count_units)),
        count_indicators=frozenset(d.count_indicators),
        heading_marker=regex_cache.compile(pattern_of(d.heading_marker)),
        heading_max_chars=d.heading_max_chars,
        heading_line_max_chars=d.heading_line_max_chars,
        heading_soft_max_chars=d.heading_soft_max_chars,
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    return parse_rules(load_rules(DATA, AccountabilityLexicon))


# ---------------------------------------------------------------- helpers
def mask_book_titles(norm: str) -> str:
    """Blank out 《…》 titles (same length) so that a rulebook's name never reads as a sanction.

    >>> mask_book_titles("出台《问责办法》,严肃问责") == "出台" + "\\ufffc" * 6 + ",严肃问责"
    True
    """
    if "《" not in norm:
        return norm
    return _BOOK_TITLE.sub(lambda m: _MASK * len(m.group()), norm)


def _segment_start(text: str, pos: int, floor: int) -> int:
    """Start of the comma segment holding ``pos`` (not before ``floor``)."""
    i = pos - 1
    while i >= floor and text[i] not in _SEGMENT_BREAK:
        i -= 1
    return i + 1


def _segment_end(text: str, pos: int, ceiling: int) -> int:
    i = pos
    while i < ceiling and text[i] not in _SEGMENT_BREAK:
        i += 1
    return i


@dataclass
class _Hit:
    action: str
    start: int
    end: int
    rule: str = ""  # the trigger's id


def find_triggers(masked: str, rules_: Rules, vetoed: Optional[list] = None) -> list[_Hit]:
    """Every trigger that survives its negative contexts, in text order; ``vetoed`` (explain mode)
    gets (start, end, trigger id) of the occurrences a negative context turned down."""
    hits = []
    n = len(masked)
    for trig in rules_.triggers:
        for m in trig.pattern.finditer(masked):
            s, e = m.span()
            seg = _segment_start(masked, s, max(0, s - 200))
            # the segment of the trigger and the one before it (对迟到早退的,予以通报)
            prev = _segment_start(masked, seg - 1, max(0, seg - 60)) if seg > 0 else 0
            if ((trig.not_before and trig.not_before.search(masked, max(seg, s - _LOOKBACK), s))
                    or (trig.not_after and trig.not_after.match(masked, e, min(n, e + _LOOKAHEAD)))
                    or (trig.requires and not trig.requires.search(masked, max(0, prev), s))):
                if vetoed is not None:
                    vetoed.append((s, e, trig.id))
                continue
            hits.append(_Hit(trig.action, s, e, trig.id))
    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def _clean_target(phrase: str, rules_: Rules) -> list[str]:
    """Target noun phrases in an object phrase: the part after its last 的, split at 和/及/、."""
    phrase = phrase.rsplit("的", 1)[-1]
    if not rules_.target_head.search(phrase):
        return []
    out = []
    for part in _TARGET_SPLIT.split(phrase):
        part = rules_.target_strip_prefix.sub("", part.strip())
        part = rules_.target_strip_count.sub("", part)
        if 1 < len(part) <= _MAX_TARGET or part in ("人",):
            if rules_.target_head.search(part) and _MASK not in part:
                out.append(part)
    return out


# Object of 对/向 before the verb; object of 追究…责任; object right after a sanction verb; subject of 予以/被.
_TARGET_PATTERNS = (
    regex_cache.compile(r"(?:对于|对(?!准|照|标|接|比)|向)(?P<np>[^,;。对向由]{1,40}?)(?=进行|给予|予以|实施|作出|实行|及时|严肃|一律|分别|集体|"
                  r"采取|酌情|视情|根据|按照|依|在|,|$)"),
    regex_cache.compile(r"追究(?P<np>[^,;。]{1,24}?)的?(?:责任|领导责任)"),
    regex_cache.compile(r"(?:严肃处理|从严处理|问责|约谈|辞退|免职|撤职|处分|诫勉)(?P<np>[^,;。]{2,12}?)(?=[,;。]|$)"),
    regex_cache.compile(r"(?:^|,)(?P<np>[^,;。]{2,12}?)(?:予以|被|受到)"),
)


def find_targets(clause: str, rules_: Rules) -> list[str]:
    found = []
    for pat in _TARGET_PATTERNS:
        for m in pat.finditer(clause):
            for t in _clean_target(m.group("np"), rules_):
                if t not in found:
                    found.append(t)
    return found


def find_condition(clause: str, first_trigger: int, rules_: Rules) -> Optional[tuple[int, int]]:
    """(start, end) in clause of the first conditional phrase that begins before the first trigger."""
    best = None
    for pat in rules_.conditions:
        for m in pat.finditer(clause):
            if m.start() >= first_trigger:
                break
            # the closest condition before the sanction is the one that triggers it
            if m.end() > m.start() and (best is None or m.end() > best[1]):
                best = m.span()
    return best


@dataclass
class _DocTense:
    default: str  # modality for a clause without cues
    plan_from: int  # offset after which a summary's clauses without cues are plans
    record_doc: bool = False  # a circular of decisions taken (…的通报): weak rule cues do not apply


def doc_tense(ctx: Context, masked: str, rules_: Rules) -> _DocTense:
    meta = ctx.results.metadata or Metadata()
    title = meta.title or ""
    if meta.doc_type is DocType.plan or is_rulebook(title):
        return _DocTense("rule", 0)
    record_doc = bool(rules_.record_title.search(title))
    if meta.doc_type in (DocType.summary, DocType.news) or record_doc:
        default = "record"
    else:
        # Unknown genre: weigh the document's own past-tense and planning cues.
        n_rec = sum(1 for _ in rules_.doc_record.finditer(masked))
        n_rule = sum(1 for _ in rules_.doc_rule.finditer(masked))
        default = "record" if n_rec >= n_rule else "rule"
    plan_from = len(masked) + 1
    if default == "record":
        for m in rules_.plan_section.finditer(masked):
            line_start = masked.rfind("\n", 0, m.start()) + 1
            follows = masked[m.end():m.end() + 1]
            if m.start() - line_start <= 20 or follows in (",", ":"):
                plan_from = m.start()
                break
    return _DocTense(default, plan_from, record_doc)


def modality_of(clause: str, start: int, tense: _DocTense, rules_: Rules, part=None) -> str:
    for modality, pat, weak in rules_.modality_cues:
        if weak and tense.record_doc:
            continue
        if pat.search(clause):
            return modality
    if part is not None:
        # a report's review records sanctions taken; its plan sets rules (issue 12: by section)
        return "record" if part.status is IndicatorStatus.achieved else "rule"
    if start >= tense.plan_from:
        return "rule"
    return tense.default


def _indicators_from(ctx: Context) -> tuple[list, list[int]]:
    """The indicators (in document order) and their starts, to find those inside a clause by bisection:
    scanning all of them for every clause is quadratic on a long document full of both."""
    indicators = sorted(ctx.results.indicators or [], key=lambda i: i.span.start)  # stable: already so
    return indicators, [i.span.start for i in indicators]


def find_count(ctx: Context, s: int, e: int, hits: list[_Hit], masked: str, rules_: Rules,
               by_start: Optional[tuple[list, list[int]]] = None) -> Optional[str]:
    """Id of the indicator inside the clause that counts the sanctions."""
    indicators, starts = by_start or _indicators_from(ctx)
    near = indicators[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)]
    inside = [i for i in near if getattr(i, "id", None) and s <= i.span.start and i.span.end <= e]
    for ind in inside:
        if ind.indicator in rules_.count_indicators:
            return ind.id
    # Otherwise a count in the same comma segment as a trigger, nearest to it.
    best, best_d = None, None
    for ind in inside:
        if ind.unit not in rules_.count_units:
            continue
        seg = (_segment_start(masked, ind.span.start, s), _segment_end(masked, ind.span.end, e))
        for h in hits:
            if seg[0] <= h.start < seg[1]:
                d = abs(h.start - ind.span.start)
                if best_d is None or d < best_d:
                    best, best_d = ind.id, d
    return best


_DIGITS = regex_cache.compile(r"[\d一二两三四五六七八九十百千万]")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _is_heading(clause: str, rules_: Rules, line_start: bool = False, line_end: bool = False) -> bool:
    """A measure's heading, not a clause: short once its marker is cut (三是严肃执纪问责。), or a
    numbered line of its own without a full stop (四、加大监督力度，效能问责刚性不断增强)."""
    marked = rules_.heading_marker.match(clause)
    body = rules_.heading_marker.sub("", clause).rstrip("。;!?:")
    # a count makes a clause a record however short (全年问责5人。)
    counted = bool(_DIGITS.search(body))
    if not counted and len(body) <= (rules_.heading_soft_max_chars if marked else rules_.heading_max_chars):
        return True
    return (line_start and line_end and "。" not in clause and not clause.rstrip().endswith((";", "!", "?"))
            and len(clause) <= rules_.heading_line_max_chars and bool(marked))


# ---------------------------------------------------------------- entry point
def run(ctx: Context) -> list[Accountability]:
    rules_ = rules()
    masked = mask_book_titles(ctx.norm)
    vetoed: Optional[list] = [] if explain.on(ctx) else None
    hits = find_triggers(masked, rules_, vetoed)
    for s, e, rule in vetoed or ():
        explain.reject(ctx, "accountability", s, e, rule)
    if not hits:
        return []
    sentences = ctx.view.sentences
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[_Hit]] = {}
    for h in hits:
        k = bisect.bisect_right(starts, h.start) - 1
        if k >= 0 and h.start < sentences[k][1]:
            by_sentence.setdefault(k, []).append(h)
    tense = doc_tense(ctx, masked, rules_)
    sections = sections_of(ctx)
    by_start = _indicators_from(ctx)
    meta = ctx.results.metadata
    title = _squeeze(mask_book_titles(TextView(meta.title or "").norm)) if meta else ""
    out = []
    for k in sorted(by_sentence):
        s, e = sentences[k]
        sent_hits = by_sentence[k]
        actions = []
        for h in sent_hits:
            if h.action not in actions:
                actions.append(h.action)
        clause = masked[s:e]
        line_start = s == 0 or masked[s - 1] == "\n"
        line_end = e >= len(masked) or masked[e] == "\n" or masked[e - 1] == "\n"
        if _is_heading(clause.rstrip("\n"), rules_, line_start, line_end):
            continue
        if title and _squeeze(clause) == title:
            continue  # the document's own title (关于…问题的通报) names it, it imposes nothing
        first = min(h.start for h in sent_hits) - s
        cond = find_condition(clause, first, rules_)
        out.append(Accountability(
            id=f"a{len(out) + 1}",
            span=ctx.span(s, e),
            actions=actions,
            targets=find_targets(clause, rules_),
            condition=ctx.text[s + cond[0]:s + cond[1]] if cond else None,
            modality=modality_of(clause, s, tense, rules_, sections.at(s)),
            count=find_count(ctx, s, e, sent_hits, masked, rules_, by_start),
            rules=list(dict.fromkeys(h.rule for h in sent_hits if h.rule)) if vetoed is not None else None,
        ))
    return out


class AccountabilityExtractor(Extractor[list[Accountability]]):
    name = "accountability"
    # doc_type and title give a clause's default modality, the section reading (measures) its part,
    # the indicators the count of sanctions
    requires = ("metadata", "measures", "indicators")

    def run(self, ctx: Context) -> list[Accountability]:
        return run(ctx)
