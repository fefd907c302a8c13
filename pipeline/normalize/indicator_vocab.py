"""Indicator vocabulary: canonical id <- how the indicator is written around a number.

The vocabulary is data (``pipeline/data/indicator_vocab.yaml``, format described there). Users add
or override entries with their own YAML file of the same shape, named by the environment variable
``POLICY_MEASURES_INDICATOR_VOCAB`` or passed as ``load(extra=path)``; it is read once per path.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from ..rules import load_rules, read_rules
from ..rules.indicator_vocab import IndicatorVocab, VocabRule
from .. import regex_cache

_FILE = "indicator_vocab.yaml"
ENV_VAR = "POLICY_MEASURES_INDICATOR_VOCAB"
_RULE_KEYS = ("before", "before_wide", "left", "right", "right_any", "not", "not_right")


@dataclass(frozen=True)
class Rule:
    before: Optional[regex.Pattern] = None     # anchored at the end of the left clause text
    left: Optional[regex.Pattern] = None       # searched in the left clause text
    right: Optional[regex.Pattern] = None      # anchored at the start of the right text
    right_any: Optional[regex.Pattern] = None  # matched at the start of the whole right clause
    not_: Optional[regex.Pattern] = None       # vetoes when found in the clause
    not_right: Optional[regex.Pattern] = None  # vetoes when it matches the right text
    # anchored at the end of the sentence text before the number, across clauses: 一般公共预算收入达到
    # 2027亿元，增长9.8% (the growth's name stands in the clause before)
    before_wide: Optional[regex.Pattern] = None
    id: Optional[str] = None  # the rule's id in the data file (explain output names it)
    units: Optional[frozenset[str]] = None  # only numbers of these units or kinds (None: the entry's)

    def accepts(self, unit: str, kind: Optional[str]) -> bool:
        return self.units is None or unit in self.units or (kind is not None and kind in self.units)

    @property
    def checks(self) -> tuple[tuple[regex.Pattern, int, bool], ...]:
        """(pattern, text slot 0=left 1=right 2=right clause, anchored) for the keys this rule has."""
        return tuple((pat, slot, anchored) for pat, slot, anchored in (
            (self.before, 0, False), (self.left, 0, False), (self.right, 1, True), (self.right_any, 2, False),
            (self.before_wide, 3, False))
            if pat is not None)


@dataclass(frozen=True)
class Entry:
    id: str
    names: tuple[str, ...]
    units: frozenset[str]  # canonical units and/or quantity kinds
    rules: tuple[Rule, ...]

    def accepts(self, unit: str, kind: Optional[str]) -> bool:
        return not self.units or unit in self.units or (kind is not None and kind in self.units)


@dataclass(frozen=True)
class Match:
    id: str
    name: Optional[str]
    subject: Optional[str]
    rule: Optional[str] = None  # the id of the rule that matched


def _rule(raw: VocabRule, default_id: str) -> Rule:
    """A validated rule compiled: ``before`` anchored at the end, ``right`` at the start."""
    pats = {}
    for key in _RULE_KEYS:
        pat = getattr(raw, "not_" if key == "not" else key)
        if pat is None:
            continue
        if key in ("before", "before_wide"):
            pat = f"(?:{pat})$"
        elif key in ("right", "not_right") and not pat.startswith("^"):
            pat = "^(?:" + pat + ")"
        pats[key] = regex_cache.compile(pat)
    return Rule(before=pats.get("before"), left=pats.get("left"), right=pats.get("right"),
                right_any=pats.get("right_any"), not_=pats.get("not"), not_right=pats.get("not_right"),
                before_wide=pats.get("before_wide"), id=raw.id or default_id,
                units=frozenset(raw.units) if raw.units is not None else None)


def _entries(vocab: IndicatorVocab) -> list[Entry]:
    out = []
    for ident, raw in vocab.indicators.items():
        rules = raw.rules
        if rules is None:
            # Default rule: one of the names right before the number (办结率93.6%).
            alt = "|".join(regex.escape(n) for n in sorted(raw.names, key=len, reverse=True))
            rules = [VocabRule(before=f"(?P<name>{alt})[^,;。\\d]{{0,6}}")]
        out.append(Entry(ident, tuple(raw.names), frozenset(raw.units),
                         tuple(_rule(r, f"{ident}_{i + 1}") for i, r in enumerate(rules))))
    return out


@lru_cache(maxsize=8)
def load(extra: Optional[str] = None) -> tuple[Entry, ...]:
    """The vocabulary in matching order: entries of ``extra`` (a YAML path) first, then the
    packaged ones (an extra entry with a packaged id replaces it)."""
    base = _entries(load_rules(_FILE, IndicatorVocab))
    if not extra:
        return tuple(base)
    added = _entries(read_rules(extra, IndicatorVocab))
    replaced = {e.id for e in added}
    return tuple(added + [e for e in base if e.id not in replaced])


def vocabulary(extra: Optional[str] = None) -> tuple[Entry, ...]:
    """The vocabulary in force: ``extra`` if given, else the env var's file, else the packaged one."""
    return load(extra or os.environ.get(ENV_VAR) or None)


def _named(found: list[regex.Match]) -> tuple[Optional[str], Optional[str]]:
    """The first non-empty ``name`` and ``subject`` groups of the matches (asking the pattern whether it
    has the group: a missing group raises, and exceptions cost more than the match)."""
    name = subject = None
    for m in found:
        groups = m.re.groupindex
        if name is None and "name" in groups:
            name = m.group("name") or None
        if subject is None and "subject" in groups:
            subject = m.group("subject") or None
    return name, subject


def match(entries: tuple[Entry, ...], left: str, right: str, right_clause: str,
          unit: str, kind: Optional[str], wide: str = "", vetoes: Optional[list] = None) -> Optional[Match]:
    """The first entry whose rule matches the text around a number.

    ``left``: the clause text before the number; ``right``: the text after the number's span up to
    the next number or the clause end; ``right_clause``: the text after the span to the clause end;
    ``wide``: the sentence text before the number, across clause boundaries (for ``before_wide``);
    ``vetoes``: a list that gets the id of each rule whose ``not``/``not_right`` turned a match down.

    >>> v = vocabulary()
    >>> match(v, "全区群众满意度达", "", "", "%", "ratio")
    Match(id='satisfaction_rate', name='群众满意度', subject=None, rule='satisfaction_named')
    >>> match(v, "又将审批时限压缩了", "", "", "工作日", "duration").id
    'time_limit_reduction'
    >>> match(v, "全年召开座谈会", "", "", "次", "count") is None
    True
    """
    texts = (left, right, right_clause, wide)
    for entry, rules in _plan(entries, unit, kind):
        for rule, checks in rules:
            found = []
            for pat, slot, anchored in checks:
                m = pat.match(texts[slot]) if anchored else pat.search(texts[slot])
                if m is None:
                    break
                found.append(m)
            else:
                if _vetoed(rule, left, right, right_clause):
                    if vetoes is not None:
                        vetoes.append(rule.id)
                    continue
                return Match(entry.id, *_named(found), rule.id)
    return None


def _vetoed(rule: Rule, left: str, right: str, right_clause: str) -> bool:
    """A rule whose keys matched is turned down by its ``not`` (the clause) or ``not_right``."""
    if rule.not_ is not None and rule.not_.search(left + "\u0000" + right_clause):
        return True
    return rule.not_right is not None and rule.not_right.match(right) is not None


_PLANS: dict[tuple[int, str, Optional[str]], tuple] = {}  # (entries, plan) per vocabulary and unit


def _plan(entries: tuple[Entry, ...], unit: str, kind: Optional[str]) -> tuple:
    """The entries that accept a unit, with each rule's checks, worked out once per vocabulary and unit."""
    key = (id(entries), unit, kind)
    cached = _PLANS.get(key)
    if cached is None or cached[0] is not entries:  # the same id may be reused by another tuple
        plan = tuple((e, rules) for e in entries if e.accepts(unit, kind)
                     for rules in [tuple((r, r.checks) for r in e.rules if r.accepts(unit, kind))] if rules)
        if len(_PLANS) > 4096:
            _PLANS.clear()
        cached = _PLANS[key] = (entries, plan)
    return cached[1]
