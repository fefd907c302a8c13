"""Which unit a document is about: score the place names in its head, title and signature block.

A place counts more in the title, the first lines and the signature block, as an organ (鸡西市委, 中共盐都区委),
and when its last character is the one the document uses for itself (我区, 全市, 县委): a 区 document is about
a 区 even when it names its 市 more often. Same-named units (朝阳区 in 北京市 and in 长春市) are told apart by
the province/city written before them or elsewhere in the document, then by the document's date.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .body_place import SELF_LEVEL, peers_of, run_into_word, vote as body_vote
from .regions import Gazetteer, Mention, Unit, gazetteer, is_ancestor, is_han, lookup

ANON_LEVEL = {"省": "province", "市": "city", "州": "city", "盟": "city", "区": "county", "县": "county",
              "旗": "county", "镇": None}


@dataclass
class Chain:
    """Adjacent mentions read as one place: 江苏省盐城市盐都区, xx市xx区."""

    parts: list[Mention]
    weight: float = 0.0
    organ: bool = False

    @property
    def head(self) -> Mention:
        return self.parts[-1]

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end


@dataclass
class Choice:
    unit: Unit | None
    names: tuple[str | None, str | None, str | None]
    level: str | None
    adcode: str | None
    start: int | None  # None when the text never writes the unit's own name (only its counties)
    end: int | None
    warnings: list[str] = field(default_factory=list)


def _fits_under(parent: Mention, child: Mention) -> bool:
    if parent.kind == "anon" or child.kind == "anon":
        return parent.kind == child.kind == "anon" or (parent.kind != "anon" and child.kind == "anon")
    return any(is_ancestor(p, c) for p in parent.units for c in child.units)


def chains(gz: Gazetteer, norm: str, mentions: list[Mention]) -> list[Chain]:
    """Group adjacent parent→child mentions; drop weak names (和县, 城区) that stand alone without an organ."""
    out: list[Chain] = []
    organ, prefix = gz.rules["organ_suffix"], gz.rules["organ_prefix"]
    last_end = -1
    for m in mentions:
        if m.start < last_end:
            continue  # overlapped by a longer match already taken
        prev = out[-1] if out else None
        if prev and prev.end == m.start and _fits_under(prev.head, m):
            prev.parts.append(m)
        else:
            out.append(Chain([m]))
        last_end = m.end
    kept = []
    for c in out:
        c.organ = bool(organ.match(norm, c.end)) or norm.startswith(prefix, max(0, c.start - len(prefix)), c.start)
        head = c.head
        if head.kind == "full" and gz.is_weak(head.form) and len(c.parts) == 1:
            before = norm[c.start - 1] if c.start else ""
            if before and before != "\n" and not (c.organ and (not is_han(before) or before in "中共")):
                continue
        kept.append(c)
    return kept


def self_character(gz: Gazetteer, norm: str, ranges, local_only: bool = False) -> str | None:
    """The unit character the document uses for itself (我市 / 全区 → 市 / 区), weighted by frequency;
    国 counts for 我国 only (the self_reference rule leaves 全国 out: local documents cite national titles
    and rankings, 全国先进), as much as 我市 does."""
    counts: Counter = Counter()
    for s, e in ranges:
        for m in gz.rules["self_reference"].finditer(norm, s, e):
            if m.group(1) in "国國":
                if not local_only:
                    counts["国"] += 1.0
                continue
            counts[m.group(1)] += 1.0
        for m in gz.rules["self_organ"].finditer(norm, s, e):
            counts[m.group(1)] += 0.3
    if not counts:
        return None
    (ch, n), *rest = counts.most_common(2)
    return ch if n >= 1.0 else None


def _inside_book_title(norm: str, pos: int) -> bool:
    line_start = norm.rfind("\n", 0, pos) + 1
    return norm.rfind("《", line_start, pos) > norm.rfind("》", line_start, pos)


def choose(norm: str, title: tuple[int, int] | None = None, when: str | None = None) -> Choice | None:
    """The jurisdiction of a document (``norm`` = width-folded text), or None when it names none.

    The head, title and signature block decide; when they name no unit at the level the document uses
    for itself (only its province, or nothing: a work report that opens 各位代表：), the body votes.
    """
    gz = gazetteer()
    n = len(norm)
    head_end = min(n, gz.rules["scan_head_chars"])
    tail_start = max(head_end, n - gz.rules["scan_tail_chars"])
    ranges = [(0, head_end)] + ([(tail_start, n)] if tail_start < n else [])
    own = self_character(gz, norm, ranges)
    choice = _choose_from_edges(gz, norm, ranges, own, title, when)
    titled = title is not None and any(m.kind != "anon" for m in gz.raw_mentions(norm, *title))
    if titled:
        return choice
    # A city's report ranks itself in its province (全省第一) more often than it says 我市; the
    # government it speaks for (我代表市人民政府) settles which level it is.
    spoken = _level_spoken(gz, norm, head_end)
    if spoken is None and choice is not None and choice.level == "city":
        choice = _province_of_peer_city(gz, norm, choice, when)
    level_char = spoken or own
    if level_char not in SELF_LEVEL and choice is None:
        # A province's report cites 全国 and 我国 more often than it says 全省: its own level is the local one
        # it speaks of, if any, and the body vote must still find a clear leader.
        level_char = self_character(gz, norm, [(0, n)], local_only=True)
    if spoken is None and (choice is None or choice.level == "province"):
        city = _city_of_province_text(gz, norm, choice, when)
        if city is not None:
            return city
    if level_char in SELF_LEVEL and (choice is None or _above_self(choice) or _off_spoken(choice, spoken)):
        choice = _from_body(gz, norm, level_char, when) or choice
    if choice is not None and choice.level == "county" and level_char not in _COUNTY_CHARS:
        return _city_of_county_in_passing(gz, norm, choice, when)
    return choice


# the unit characters of a county-level government speaking of itself (我县, 全区, 本旗)
_COUNTY_CHARS = frozenset("县区旗")


def _city_of_county_in_passing(gz: Gazetteer, norm: str, choice: Choice, when: str | None) -> Choice:
    """A county chosen for a text with no title naming it that never speaks as a county (no 我县/全区/本旗, no
    我代表…县人民政府) and names it neither in its opening nor in its signature block: the county is one the text
    names in passing (a city report's excerpt: 实施武鸣区…项目), and the text is its city's."""
    u = choice.unit
    rules = gz.rules["body_vote"]
    head, tail = rules.get("county_own_head_chars"), rules.get("county_own_tail_chars")
    if choice.adcode is None and u is not None:
        # a county name of several places, unresolved (城区公办学校: 城区 is a district in fifteen cities): no city
        # of its own; the city the body names most, if one leads
        return _from_body(gz, norm, "市", when) or choice
    if u is None or not u.city or head is None or tail is None:
        return choice
    mentions = gz.raw_mentions(norm)
    if any(u in m.units and (m.start < head or m.start >= len(norm) - tail) for m in mentions):
        return choice  # named where a document names its own unit: its opening or its signature
    cities = [c for c in lookup(u.city, when=when, within=u.province) if c.level == "city"]
    if not cities:
        return choice
    city = cities[0]
    # the city's own name where the text writes it, else the county's mention the city is read from
    named = next((m for m in mentions if city in m.units), None)
    start, end = (named.start, named.end) if named else (choice.start, choice.end)
    return Choice(city, city.names(), city.level, city.adcode, start, end,
                  choice.warnings + [f"region: {u.name} named in passing (the text never speaks as a county): "
                                     f"its city {city.name}"])


def _city_of_province_text(gz: Gazetteer, norm: str, choice: Choice | None, when: str | None) -> Choice | None:
    """The city a text that names no speaking government belongs to, when it reads as a city's although only
    its province (or nothing) was chosen: the city its body names most, if one leads clearly, when
    - it ranks itself within its province (增速居全省第2, 数量全省第1) more often than it says 全省 of itself, or
    - it names its province only in passing (关于安徽工作的重要讲话) and never says 全省 of itself (the city
      must then be of that province)."""
    ranked = {m.end() for m in gz.rules["ranked_in_province"].finditer(norm)}
    # (a 全省 inside a document's title, 《关于促进全省建筑业…》, is the province's document cited, not the text speaking)
    speaks = sum(1 for m in gz.rules["self_reference"].finditer(norm)
                 if m.group(1) == "省" and m.end() not in ranked and not _inside_book_title(norm, m.start()))
    ranks = len(ranked) >= 2 and len(ranked) > speaks
    in_passing = (choice is not None and choice.unit is not None and not choice.unit.is_municipality
                  and speaks == 0)
    if not (ranks or in_passing):
        # (a national report speaks as 我国: a city it names over and over is no place of its own)
        return None if self_character(gz, norm, [(0, len(norm))]) == "国" else _dominant_city(gz, norm, when, speaks)
    city = _from_body(gz, norm, "市", when, among_peers=True)
    if city is None or ranks:
        return city
    return city if city.unit is not None and city.unit.province == choice.unit.name else None


def _dominant_city(gz: Gazetteer, norm: str, when: str | None, speaks: int) -> Choice | None:
    """The city whose body vote leads by far (named with its counties over and over) in a text that says 全省
    of itself no more than a few times: a city's report read as its province's for the 全省 it ranks in."""
    rules = gz.rules["body_vote"]
    least, per = rules.get("dominant_min_score"), rules.get("dominant_per_province")
    if least is None or per is None:
        return None
    place = _body_place(gz, norm, "市", when)
    if place is None or place.score < max(least, per * speaks) or _one_of_its_peers(gz, place):
        return None
    return _choice_of(place, [f"region: {place.unit.name} taken from the body, named far more than the province "
                              f"(score {place.score:.1f}, the text says 全省 {speaks} times)"])


def _off_spoken(choice: Choice, spoken: str | None) -> bool:
    """A unit of another kind than the government the text speaks for (a 县 named in a report that says
    我市); a county-level 市 speaking as 市 is its own kind."""
    return (spoken in SELF_LEVEL and choice.unit is not None and not choice.unit.name.endswith(spoken)
            and choice.level != SELF_LEVEL[spoken])


def _level_spoken(gz: Gazetteer, norm: str, head_end: int) -> str | None:
    """The unit character of the government the text speaks for (我代表市人民政府), else of its 我市/我州."""
    rules = gz.rules["body_vote"]
    spoken = rules["own_government"].search(norm, 0, head_end)
    if spoken:
        return spoken.group("unit")
    said = Counter(m.group("unit") for m in rules["first_person"].finditer(norm))
    return said.most_common(1)[0][0] if said else None


def _above_self(choice: Choice) -> bool:
    """A province chosen for a document that calls itself 我市/全县 (not a municipality, 上海市 is a city)."""
    return choice.unit is not None and choice.level == "province" and not choice.unit.is_municipality


def _body_place(gz: Gazetteer, norm: str, own: str, when: str | None):
    """The unit at level ``own`` the whole body points at (body_place.vote over the text's place chains), or None."""
    return body_vote(gz, norm, own, when, chains(gz, norm, gz.raw_mentions(norm)))


def _choice_of(place, warnings: list[str]) -> Choice:
    u = place.unit
    start, end = (place.mention.start, place.mention.end) if place.mention else (None, None)
    return Choice(u, u.names(), u.level, u.adcode, start, end, warnings)


def _province_of_peer_city(gz: Gazetteer, norm: str, choice: Choice, when: str | None) -> Choice:
    """A city read from the opening or the signature block of a text that speaks for no city (no 我市, 全市, no
    我代表市人民政府) and names it as one of several cities of its province about as often as each (建设柳州、桂林副中心
    城市): the text is the province's."""
    u = choice.unit
    own = self_character(gz, norm, [(0, len(norm))], local_only=True)
    if u is None or u.is_municipality or own in _CITY_CHARS:
        return choice
    mentions = gz.raw_mentions(norm)
    score, peers, peer_score = peers_of(gz, norm, u, when, chains(gz, norm, mentions))
    if not _named_as_a_peer(gz, score, peers, peer_score):
        return choice
    province = next((p for p in lookup(u.province, when=when) if p.level == "province"), None)
    if province is None:
        return choice
    # the province's own name where the text writes it, else the city's mention it is read from
    named = next((m for m in mentions if province in m.units), None)
    start, end = (named.start, named.end) if named else (choice.start, choice.end)
    return Choice(province, province.names(), province.level, province.adcode, start, end,
                  choice.warnings + [f"region: {u.name} named as one of {peers + 1} cities of {province.name} "
                                     f"(the text speaks for no city): the province's"])


# the unit characters of a city-level government speaking of itself (我市, 全州, 全盟)
_CITY_CHARS = frozenset("市州盟")


def _one_of_its_peers(gz: Gazetteer, place) -> bool:
    """A city a text that speaks for no city names as one of several of its province (支持郑州、洛阳、平顶山等地…):
    the text is the province's."""
    return _named_as_a_peer(gz, place.score, place.peers, place.peer_score)


def _named_as_a_peer(gz: Gazetteer, score: float, peers: int, peer_score: float) -> bool:
    """Named alongside at least ``province_text_min_peers`` other cities of its province and leading them by no
    more than ``province_text_lead_factor``."""
    rules = gz.rules["body_vote"]
    least, factor = rules.get("province_text_min_peers"), rules.get("province_text_lead_factor")
    if least is None or factor is None:
        return False
    return peers >= least and score <= factor * peer_score


def _from_body(gz: Gazetteer, norm: str, own: str, when: str | None, among_peers: bool = False) -> Choice | None:
    """The unit at level ``own`` the body votes for; ``among_peers``: none when the text speaks for no city and
    names the winner as one of several cities of its province."""
    place = _body_place(gz, norm, own, when)
    if place is None or (among_peers and _one_of_its_peers(gz, place)):
        return None
    # Named as the report's own government (我代表南京市人民政府) is certain; a vote is a reading worth a note.
    return _choice_of(place, [] if place.self_named else [
        f"region: {place.unit.name} taken from the body, most named with its counties "
        f"(score {place.score:.1f} against {place.runner_up:.1f})"])


def _choose_from_edges(gz: Gazetteer, norm: str, ranges, own: str | None, title, when) -> Choice | None:
    w = gz.rules["weights"]
    n = len(norm)
    cfg = gz.rules["body_vote"]
    mentions = [m for s, e in ranges for m in gz.raw_mentions(norm, s, e) if not run_into_word(m, norm, cfg)]
    found = chains(gz, norm, mentions)
    if not found:
        return None
    titled = [c for c in found if title and title[0] <= c.start < title[1]]
    if own == "国":
        if not titled:
            return None  # a national document (我国, 全国 outnumber 我市, 全区 ...): no local jurisdiction
        own = self_character(gz, norm, ranges, local_only=True)
    tail_limit = n - gz.rules["tail_chars"]
    scores: dict[str, float] = {}
    unit_chars: dict[str, set[str]] = {}
    first_pos: dict[str, int] = {}
    # The first place named outside the title is the subject of the opening sentence (富阳市以…, 鸡西市委在…).
    opening = next((c for c in found if not (title and title[0] <= c.start < title[1])), None)
    for c in found:
        m = c.head
        weight = w["full"] if m.kind != "alias" else w["alias"]
        if title and title[0] <= c.start < title[1]:
            weight += w["title"]
        elif c is opening and c.start < gz.rules["head_chars"]:
            weight += w["head"]
        if c.start >= tail_limit:
            weight += w["tail"]
        if c.organ:
            weight += w["organ"]
        if _inside_book_title(norm, c.start):
            weight *= w["quoted_doc"]
        key = _key(m)
        if own and key.endswith(own):  # a short name counts by its full name's character (宁夏 → 自治区)
            weight *= w["self_level"]
        c.weight = weight
        scores[key] = scores.get(key, 0.0) + weight
        # the last characters of the units a name may be (吉林: 吉林省 or 吉林市), for the 全省/全市 filter
        unit_chars.setdefault(key, {key[-1]} | {u.name[-1] for u in m.units})
        first_pos.setdefault(key, c.start)
    # A document that calls itself 全县/我区 is about a 县/区 when it names one: the unit character filters.
    pool = [k for k in scores if own and own in unit_chars[k]] or list(scores)
    best = max(pool, key=lambda k: (scores[k], -first_pos[k]))
    best_chains = [c for c in found if _key(c.head) == best]
    lead = max(best_chains, key=lambda c: (len(c.parts), c.weight, -c.start))
    if lead.head.kind == "anon":
        return _anonymised(lead, norm, found)
    return _resolve(gz, lead, best_chains, found, when)


def _key(m: Mention) -> str:
    if m.kind == "alias":
        names = {u.name for u in m.units}
        return names.pop() if len(names) == 1 else m.form
    return m.form


def _anonymised(lead: Chain, norm: str, found: list[Chain]) -> Choice:
    named = [p for p in lead.parts if p.kind != "anon"]
    prov = city = None
    written = norm[lead.start:lead.end]
    warnings = [f"region: anonymised place {written!r}: names left null"]
    if named:
        u = lookup(named[-1].form)[0] if named[-1].kind == "full" and lookup(named[-1].form) else None
        if u:
            prov, city, _ = u.names()
    else:
        # ××县 under a named superior organ (按照阿克苏地区纪委…部署): the organ's unit holds the place.
        # Only levels above every anonymised part, and only when one unit is named so.
        anon_levels = {ANON_LEVEL.get(p.suffix) for p in lead.parts}
        fill = ("city", "province") if anon_levels <= {"county"} else ("province",) if "city" in anon_levels \
            and "province" not in anon_levels else ()
        for level in fill:
            units = {u.name: u for c in found if c.organ and c.head.kind != "anon"
                     for u in c.head.units if u.level == level and u.valid_to is None}
            if len(units) == 1:
                u = next(iter(units.values()))
                prov, city = u.names()[0], (u.names()[1] if level == "city" else None)
                warnings.append(f"region: province/city of {written!r} taken from the organ of {u.name!r} "
                                f"named in the text")
                break
    return Choice(None, (prov, city, None), ANON_LEVEL.get(lead.head.suffix), None, lead.start, lead.end,
                  warnings)


def _resolve(gz: Gazetteer, lead: Chain, best_chains: list[Chain], found: list[Chain], when: str | None) -> Choice:
    head = lead.head
    candidates = list(head.units)
    # Evidence for each candidate's province/city: names written before it in a chain, then anywhere.
    written_parents = {p.form for c in best_chains for p in c.parts[:-1]}
    context = Counter()
    for c in found:
        for part in c.parts:
            if any(u.name == head.form for u in part.units):
                continue  # the place itself, also under its short name (常德 for 常德市 and 常德地区)
            for u in part.units:
                if u.level in ("province", "city"):
                    context[u.name] += 1

    def score(u: Unit):
        chained = any(p == u.province or p == u.city or _alias_of(gz, p, u) for p in written_parents)
        around = context.get(u.province, 0) + (context.get(u.city, 0) if u.city and u.city != u.name else 0)
        off = u.months_outside(when) if when else 0
        return (chained, around, -off, not (u.level == "county" and u.city is None and u.adcode[2:4] != "90"),
                u.valid_to is None, int((u.valid_to or "2100")[:4]) - int(u.valid_from[:4]))

    ranked = sorted(candidates, key=score, reverse=True)
    best = ranked[0]
    warnings = []
    names = best.names()
    adcode = best.adcode
    rivals = [u for u in ranked[1:] if score(u)[:2] == score(best)[:2] and _elsewhere(u, best)]
    if rivals:
        # Same name in several places and nothing in the text to choose: keep only what they share.
        keep = [names[i] if all(r.names()[i] == names[i] for r in rivals) else None for i in range(3)]
        names, adcode = (keep[0], keep[1], keep[2]), None
        warnings.append(f"region: {head.form!r} names units in several places "
                        f"({', '.join(sorted({(r.city or r.province) for r in [best] + rivals}))}); not resolved")
    return Choice(best, names, best.level, adcode, lead.start, lead.end, warnings)


def _alias_of(gz: Gazetteer, short: str, u: Unit) -> bool:
    units = gz.alias.get(short, ())
    return any(a.name in (u.province, u.city) for a in units)


def _elsewhere(u: Unit, v: Unit) -> bool:
    """Two units of one name in different places at the same time (not one place re-coded over time)."""
    if u.level != v.level or max(u.valid_from, v.valid_from) > min(u.valid_to or "9999", v.valid_to or "9999"):
        return False
    if u.province != v.province:
        return True
    return bool(u.city and v.city and u.adcode[:4] != v.adcode[:4] and u.city != v.city)
