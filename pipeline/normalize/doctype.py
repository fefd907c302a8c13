"""Document type (summary / plan / news / other) from the title and cue words (metadata_rules.yaml).

Scoring rule: a government work report is typed by ``work_report.doc_type``; else a cue word in the title decides
(the most specific cue wins: 工作总结 before 总结);
media furniture in the head or tail lines (原载, 记者, 本报讯, 编辑:) makes it news; otherwise summary cues
(今年以来, 取得…成效, 累计, 开展了) and plan cues (要, 将, 力争, 确保, 指导思想) vote, the head counting double.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..models import DocType
from ..rules import RulesError, load_rules, read_rules  # noqa: F401  (RulesError: the error of a bad file)
from ..rules.metadata_rules import MetadataRules
from ..rules.types import pattern_of, patterns_of, words_of
from .. import regex_cache

RULES = Path(__file__).resolve().parents[1] / "data" / "metadata_rules.yaml"
TYPES = tuple(DocType)


@lru_cache(maxsize=1)
def rules(path: Path = RULES) -> dict:
    """metadata_rules.yaml, validated (pipeline/rules), with its regexes compiled (once per process)."""
    m = load_rules(RULES.name, MetadataRules) if path == RULES else read_rules(path, MetadataRules)
    out = m.model_dump()
    for key in ("chrome_line", "speech_line", "list_marker", "title_end_punct", "title_form", "organ_name", "source_line",
                "media_name", "publication_cue", "delivery_cue"):
        out[key] = regex_cache.compile(pattern_of(getattr(m, key)))
    out["year"] = {"sentence_opening": regex_cache.compile(pattern_of(m.year.sentence_opening)),
                   "this_year": regex_cache.compile(pattern_of(m.year.this_year)), "weights": m.year.weights.model_dump(),
                   "base_before": regex_cache.compile(pattern_of(m.year.base_before)) if m.year.base_before else None}
    dt = m.doc_type
    cues = [(w, kind) for kind, words in dt.title_cues.items() for w in words_of(words)]
    # Longest cue first: 工作报告 (summary) is looked at before 报告.
    out["doc_type"] = {
        "title_cues": sorted(cues, key=lambda c: -len(c[0])),
        "news": [regex_cache.compile(p) for p in patterns_of(dt.news_cues)],
        "summary": [regex_cache.compile(p) for p in patterns_of(dt.summary_cues)],
        "plan": [regex_cache.compile(p) for p in patterns_of(dt.plan_cues)],
        "weights": dt.weights.model_dump(),
        "head_chars": dt.head_chars,
        "min_margin": dt.min_margin,
        "rulebook": regex_cache.compile(pattern_of(dt.rulebook_title)),
    }
    wr = m.work_report
    out["work_report"] = {
        "doc_type": wr.doc_type, "head_chars": wr.head_chars, "review_chars": wr.review_chars,
        **{key: regex_cache.compile(pattern_of(getattr(wr, key))) for key in ("title_cue", "head_cue", "body_cue", "review_year", "review_opening")},
    }
    return out


@dataclass
class DocTypeScore:
    doc_type: DocType
    scores: dict[str, float]
    reason: str


def title_type(title: str | None) -> str | None:
    """The type a title's cue word names, if any.

    >>> title_type("关于印发某县2016年效能建设工作要点的通知"), title_type("2015年机关作风整顿情况报告")
    ('plan', 'summary')
    >>> title_type("2024年某省政府工作计划"), title_type(None)
    ('plan', None)
    >>> title_type("某县2021年工作总结和2022年工作计划")
    'summary'

    """
    if not title:
        return None
    # The genre named first leads (2021年工作总结和2022年工作计划 is a summary with a plan attached);
    # at one position the longer cue (工作报告 over 报告).
    best = None
    for cue, kind in rules()["doc_type"]["title_cues"]:
        pos = title.find(cue)
        if pos >= 0 and (best is None or (pos, -len(cue)) < best[0]):
            best = ((pos, -len(cue)), kind)
    return best[1] if best else None


def is_rulebook(title: str | None) -> bool:
    """A title naming standing rules (考核办法, 实施细则): every clause of it is a rule, every number a target.

    >>> is_rulebook("某县机关效能考核办法"), is_rulebook("关于印发《窗口服务规范》的通知"), is_rulebook(None)
    (True, False, False)
    """
    return bool(title) and bool(rules()["doc_type"]["rulebook"].search(title))


def classify(norm: str, title: str | None, edges: list[tuple[int, int]], body_end: int | None = None) -> DocTypeScore:
    """Type of a document: ``norm`` is the width-folded text, ``edges`` the (start, end) ranges of its
    header and footer lines (where media furniture stands)."""
    dt = rules()["doc_type"]
    w = dt["weights"]
    kind = title_type(title)
    if kind:
        return DocTypeScore(DocType(kind), {kind: w["title"]}, f"title cue in {title!r}")
    news = sum(w["news_cue"] for s, e in edges for p in dt["news"] if p.search(norm, s, e))
    end = len(norm) if body_end is None else body_end
    head = min(end, dt["head_chars"])
    scores = {"news": float(news)}
    for name in ("summary", "plan"):
        total = 0.0
        for p in dt[name]:
            total += len(p.findall(norm, 0, head)) * w["head_factor"]
            total += len(p.findall(norm, head, end))
        scores[name] = total / max(1.0, end / 1000.0)  # cues per 1000 characters
    if news >= w["news_cue"]:
        return DocTypeScore(DocType.news, scores, "media furniture in header/footer")
    if scores["summary"] == scores["plan"] == 0:
        return DocTypeScore(DocType.other, scores, "no cue")
    if scores["summary"] > scores["plan"] * dt["min_margin"]:
        return DocTypeScore(DocType.summary, scores, "summary cues outweigh plan cues")
    return DocTypeScore(DocType.plan, scores, "plan cues outweigh summary cues")
