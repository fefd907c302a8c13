"""One ``campaign_key`` for the same campaign written differently across documents.

``normalise`` drops quotes, a launch verb before the name (推进, 开展, 深化) and a generic head after it
(改革, 工作, 活动); ``link`` then merges normalised names whose character n-gram TF-IDF vectors are close
(scikit-learn; average linkage, so that a chain of near neighbours does not glue unlike names), and names
each group by its most written form. A name that is the other with one character added inside
(马上办 / 马上就办) is one campaign too. Rules and threshold: data/campaign_links.yaml; validated on the
written pairs of data/campaign_link_pairs.tsv (:func:`pair_scores`).
"""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from .rules import RulesError, load_rules, read_rules
from .rules.campaign_links import CampaignLinks
from .rules.types import chars_of, words_of

DATA = Path(__file__).resolve().parent / "data"
RULES = DATA / "campaign_links.yaml"
PAIRS = DATA / "campaign_link_pairs.tsv"


#: a malformed campaign_links.yaml (the one error class of pipeline/rules)
LinkRulesError = RulesError


@dataclass(frozen=True)
class LinkRules:
    strip: dict
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    min_chars: int
    ngram_range: tuple[int, int]
    threshold: float


@lru_cache(maxsize=4)
def rules(path: Path = RULES) -> LinkRules:
    raw = load_rules(RULES.name, CampaignLinks) if path == RULES else read_rules(path, CampaignLinks)
    by_length = lambda words: tuple(sorted(set(words), key=len, reverse=True))  # noqa: E731
    return LinkRules(str.maketrans("", "", chars_of(raw.strip_chars)), by_length(words_of(raw.prefixes)),
                     by_length(words_of(raw.suffixes)),
                     raw.min_chars, (raw.ngram_range[0], raw.ngram_range[1]), float(raw.threshold))


def normalise(name: str, r: LinkRules | None = None) -> str:
    """The name without quotes, launch verbs and generic heads.

    >>> [normalise(n) for n in ("“高效办成一件事”改革", "推进“高效办成一件事”", "深入开展“作风建设年”活动")]
    ['高效办成一件事', '高效办成一件事', '作风建设年']
    >>> normalise("改革"), normalise("乡村建设行动"), normalise("政务服务")
    ('改革', '乡村建设', '政务服务')
    """
    r = r or rules()
    text = name.translate(r.strip)
    for p in r.prefixes:  # longest first: one launch verb
        if text.startswith(p) and len(text) - len(p) >= r.min_chars:
            text = text[len(p):]
            break
    for s in r.suffixes:  # one generic head: 乡村建设行动 -> 乡村建设
        if text.endswith(s) and len(text) - len(s) >= r.min_chars:
            text = text[: -len(s)]
            break
    return text


def one_inserted(a: str, b: str) -> bool:
    """``b`` is ``a`` with one character added inside (马上办 / 马上就办), or the other way round; names of
    three characters at least, so that short words do not meet by chance.

    >>> one_inserted("马上办", "马上就办"), one_inserted("马上办", "网上办"), one_inserted("办", "办好")
    (True, False, False)
    """
    if len(a) > len(b):
        a, b = b, a
    if len(b) != len(a) + 1 or len(a) < 3:
        return False
    return any(b[:i] + b[i + 1:] == a for i in range(1, len(b) - 1))


def _vectors(names: list[str], r: LinkRules, fit_on: Iterable[str] | None = None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=r.ngram_range, sublinear_tf=True)
    vec.fit(list(fit_on) if fit_on is not None else names)
    return vec.transform(names)


def similarity(names: list[str], r: LinkRules | None = None, fit_on: Iterable[str] | None = None) -> np.ndarray:
    """Cosine similarities of the names' character n-gram TF-IDF vectors (rows are L2-normalised)."""
    r = r or rules()
    if not names:
        return np.zeros((0, 0))
    m = _vectors(names, r, fit_on)
    return (m @ m.T).toarray()


def same(a: str, b: str, sim: float, r: LinkRules) -> bool:
    na, nb = normalise(a, r), normalise(b, r)
    return na == nb or one_inserted(na, nb) or sim >= r.threshold


def link(names: Iterable[str], r: LinkRules | None = None) -> dict[str, str]:
    """``{name as written: campaign_key}`` for every name; one key per group of the same campaign."""
    r = r or rules()
    written = Counter(names)
    norm_of = {n: normalise(n, r) for n in written}
    counts: Counter = Counter()
    for n, k in written.items():
        counts[norm_of[n]] += k
    forms = sorted(counts)
    if not forms:
        return {}
    sim = similarity(forms, r)
    for i, a in enumerate(forms):
        for j in range(i + 1, len(forms)):
            if one_inserted(a, forms[j]):
                sim[i, j] = sim[j, i] = 1.0
    groups = _average_linkage(sim, r.threshold)
    key_of = {}
    for members in groups:
        # The group's key: its most written form, then the shortest, then the first in code-point order.
        key = min((forms[i] for i in members), key=lambda f: (-counts[f], len(f), f))
        for i in members:
            key_of[forms[i]] = key
    return {n: key_of[norm_of[n]] for n in written}


def _average_linkage(sim: np.ndarray, threshold: float) -> list[list[int]]:
    n = len(sim)
    if n == 1:
        return [[0]]
    from sklearn.cluster import AgglomerativeClustering

    distance = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - threshold + 1e-9).fit_predict(distance)
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return list(groups.values())


def assign(documents):
    """Set ``campaign_key`` on every campaign of ``documents`` (in place), linked across all of them."""
    documents = list(documents)
    keys = link(c.name for d in documents for c in d.campaigns)
    for d in documents:
        for c in d.campaigns:
            c.campaign_key = keys[c.name]
    return documents


def load_pairs(path: Path = PAIRS) -> list[tuple[str, str, bool]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=2):
        if row.get("same") not in ("0", "1") or not row.get("a") or not row.get("b"):
            raise LinkRulesError(f"{path}: row {n}: needs a, b and same (0/1), got {row}")
        out.append((row["a"], row["b"], row["same"] == "1"))
    return out


def pair_scores(pairs: list[tuple[str, str, bool]] | None = None, r: LinkRules | None = None) -> dict:
    """Precision and recall of :func:`same` on written pairs (TF-IDF fitted on all the pairs' names)."""
    r = r or rules()
    pairs = pairs if pairs is not None else load_pairs()
    forms = sorted({normalise(x, r) for a, b, _ in pairs for x in (a, b)})
    sim = similarity(forms, r)
    index = {f: i for i, f in enumerate(forms)}
    tp = fp = fn = 0
    errors = []
    for a, b, truth in pairs:
        got = same(a, b, float(sim[index[normalise(a, r)], index[normalise(b, r)]]), r)
        tp += got and truth
        fp += got and not truth
        fn += truth and not got
        if got != truth:
            errors.append((a, b, truth))
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "pairs": len(pairs), "errors": errors}
