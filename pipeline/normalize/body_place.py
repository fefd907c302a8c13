"""The place of a document that names itself only in its body (各位代表： … 我代表市人民政府 …).

Government work reports and speeches rarely carry a title with a place; the head names the province
(全省, 山东) more often than the city. The city is still there: written out where the report names its own
government (我代表南京市人民政府, 在贵港市第六届人民代表大会), and, more diffusely, as the local names the
body keeps returning to — the unit itself (东营港, 东营市) and the counties under it (垦利区, 广饶县), which
credit their city. Names of the unit's superiors (山东省) only break ties between candidates.
Weights and patterns are data (region_rules.yaml, ``body_vote``).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .regions import Gazetteer, Mention, Unit, fits_level, lookup

# The unit character a document uses for itself (我市, 全州) → the level of unit it is about.
SELF_LEVEL = {"省": "province", "市": "city", "州": "city", "盟": "city", "区": "county", "县": "county", "旗": "county"}


@dataclass
class BodyPlace:
    unit: Unit
    score: float
    runner_up: float
    mention: Mention | None  # where the text names the unit (the self-naming first), None if only its counties
    self_named: bool
    # the other units of the leader's province at its level the text names, and their summed score: a
    # province's text names several of its cities, a city's names its own far more than its neighbours
    peers: int = 0
    peer_score: float = 0.0


def _current(units, when: str | None) -> list[Unit]:
    if when:
        live = [u for u in units if u.months_outside(when) == 0]
    else:
        live = [u for u in units if u.valid_to is None]
    return live or list(units)




def _parent_city(u: Unit, when: str | None) -> Unit | None:
    if not u.city:
        return None
    found = [p for p in lookup(u.city, when, within=u.province) if p.level == "city"]
    return found[0] if found else None


def _parts(gz: Gazetteer, norm: str, found_chains):
    """(chain, mention) for every place named, plus the short names that are also words (永州) as
    ``stopped`` mentions outside any chain."""
    taken = []
    for chain in found_chains:
        for m in chain.parts:
            taken.append((m.start, m.end))
            yield chain, m
    stopped = gz.stopped_alias
    if not stopped:
        return
    pattern = gz.stopped_pattern
    for hit in pattern.finditer(norm):
        if not any(s < hit.end() and hit.start() < e for s, e in taken):
            yield None, Mention(hit.start(), hit.end(), hit.group(), "stopped", stopped[hit.group()])


@dataclass
class _Votes:
    """Scores of the units at the document's level (keyed adcode + name) and what they rest on."""
    scores: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    units: dict[str, Unit] = field(default_factory=dict)
    first: dict[str, Mention] = field(default_factory=dict)  # the first mention of each unit
    named: dict[str, Mention] = field(default_factory=dict)  # the first where the document names itself
    superiors: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # province name -> votes


def vote(gz: Gazetteer, norm: str, own: str | None, when: str | None, found_chains) -> BodyPlace | None:
    """The unit at the document's own level that the whole body points at, or None when no unit clearly
    leads. ``found_chains`` are the place chains of the whole text (weak names already dropped)."""
    level = SELF_LEVEL.get(own or "")
    if level is None:
        return None
    cfg = gz.rules["body_vote"]
    v = _count_votes(gz, norm, when, found_chains, level, cfg)
    scores = v.scores
    if not scores:
        return None
    for key, u in v.units.items():
        scores[key] += cfg["weights"]["superior"] * v.superiors.get(u.province, 0.0)
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    best = ranked[0]
    second = scores[ranked[1]] if len(ranked) > 1 else 0.0
    if scores[best] < cfg["min_score"] or scores[best] < cfg["min_ratio"] * second:
        return None
    mention = v.named.get(best) or v.first.get(best)
    unit = v.units[best]
    peers = [k for k in ranked[1:] if v.units[k].province == unit.province]
    return BodyPlace(unit, scores[best], second, mention, best in v.named,
                     len(peers), sum(scores[k] for k in peers))


def peers_of(gz: Gazetteer, norm: str, unit: Unit, when: str | None, found_chains) -> tuple[float, int, float]:
    """(the unit's body score, how many other units of its province at its level the body names, their summed
    score): a province's text names several of its cities about as often as any one of them."""
    cfg = gz.rules["body_vote"]
    v = _count_votes(gz, norm, when, found_chains, unit.level, cfg)
    own = v.scores.get(unit.adcode + unit.name, 0.0)
    others = [s for k, s in v.scores.items() if v.units[k].province == unit.province and v.units[k] != unit]
    return own, len(others), sum(others)


def run_into_word(m: Mention, norm: str, cfg) -> bool:
    """A county name run into a word is not the county (南部县区, 县城, 向山区县; ``cfg``: body_vote rules)."""
    return bool(m.units) and all(u.level == "county" for u in m.units) and cfg["inside_word"].match(norm, m.end) is not None


def _count_votes(gz: Gazetteer, norm: str, when: str | None, found_chains, level: str, cfg) -> _Votes:
    w = cfg["weights"]
    named_spans = [(m.start("place"), m.end("place")) for p in cfg["self_naming"] for m in p.finditer(norm)]
    v = _Votes()
    for chain, m in _parts(gz, norm, found_chains):
        if m.kind == "anon":
            continue
        if run_into_word(m, norm, cfg):
            continue  # 南部县区, 县城: a county name run into a word, not the county
        live = _current(m.units, when)
        inside_self_name = any(s <= m.start and m.end <= e for s, e in named_spans)
        base = w["full"] if m.kind == "full" else w["alias"] if m.kind == "alias" else w["stopped_alias"]
        if chain is not None and chain.organ:
            base += w["organ"]
        for u in live:
            share = 1.0 / len(live)  # an ambiguous short name (吉林) splits its vote
            if fits_level(u, level):
                key = u.adcode + u.name
                v.units[key] = u
                v.scores[key] += (w["self_named"] if inside_self_name else base) * share
                v.first.setdefault(key, m)
                if inside_self_name:
                    v.named.setdefault(key, m)
            elif level == "city" and u.level == "county":
                parent = _parent_city(u, when)
                if parent is not None:
                    key = parent.adcode + parent.name
                    v.units[key] = parent
                    v.scores[key] += w["child"] * share
            elif u.level == "province":
                v.superiors[u.name] += share
    return v
