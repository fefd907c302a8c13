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

import regex
import yaml

RULES = Path(__file__).resolve().parents[1] / "data" / "metadata_rules.yaml"
TYPES = ("summary", "plan", "news", "other")


class RulesError(ValueError):
    pass


def _compile(path: Path, where: str, pattern) -> regex.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise RulesError(f"{path}: {where} must be a non-empty regex string, got {pattern!r}")
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RulesError(f"{path}: {where}: invalid regex {pattern!r}: {exc}") from exc


@lru_cache(maxsize=1)
def rules(path: Path = RULES) -> dict:
    """metadata_rules.yaml, validated, with its regexes compiled (once per process)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise RulesError(f"{path}: top level must be a mapping")
    out = dict(raw)
    for key in ("header_lines", "footer_lines", "max_title_chars", "max_header_line_chars"):
        if not isinstance(raw.get(key), int):
            raise RulesError(f"{path}: {key} must be an integer")
    for key in ("chrome_line", "speech_line", "list_marker", "title_end_punct", "title_form", "organ_name", "source_line",
                "media_name", "publication_cue", "delivery_cue"):
        out[key] = _compile(path, key, raw.get(key))
    year = raw.get("year") or {}
    out["year"] = {
        "sentence_opening": _compile(path, "year.sentence_opening", year.get("sentence_opening")),
        "this_year": _compile(path, "year.this_year", year.get("this_year")),
        "weights": year.get("weights") or {},
    }
    for w in ("opening", "mention", "plan_date"):
        if not isinstance(out["year"]["weights"].get(w), (int, float)):
            raise RulesError(f"{path}: year.weights.{w} must be a number")
    dt = raw.get("doc_type") or {}
    title_cues = dt.get("title_cues") or {}
    cues = []
    for kind, words in title_cues.items():
        if kind not in TYPES or not isinstance(words, list):
            raise RulesError(f"{path}: doc_type.title_cues.{kind}: unknown type or not a list")
        cues += [(w, kind) for w in words]
    # Longest cue first: 工作报告 (summary) is looked at before 报告.
    out["doc_type"] = {
        "title_cues": sorted(cues, key=lambda c: -len(c[0])),
        "news": [_compile(path, f"doc_type.news_cues[{i}]", p) for i, p in enumerate(dt.get("news_cues") or [])],
        "summary": [_compile(path, f"doc_type.summary_cues[{i}]", p) for i, p in enumerate(dt.get("summary_cues") or [])],
        "plan": [_compile(path, f"doc_type.plan_cues[{i}]", p) for i, p in enumerate(dt.get("plan_cues") or [])],
        "weights": dt.get("weights") or {},
        "head_chars": dt.get("head_chars", 1500),
        "min_margin": dt.get("min_margin", 1.0),
        "rulebook": _compile(path, "doc_type.rulebook_title", dt.get("rulebook_title")),
    }
    for w in ("title", "news_cue", "head_factor"):
        if not isinstance(out["doc_type"]["weights"].get(w), (int, float)):
            raise RulesError(f"{path}: doc_type.weights.{w} must be a number")
    wr = raw.get("work_report") or {}
    if wr.get("doc_type") not in TYPES:
        raise RulesError(f"{path}: work_report.doc_type must be one of {', '.join(TYPES)}")
    for key in ("head_chars", "review_chars"):
        if not isinstance(wr.get(key), int):
            raise RulesError(f"{path}: work_report.{key} must be an integer")
    out["work_report"] = {
        "doc_type": wr["doc_type"], "head_chars": wr["head_chars"], "review_chars": wr["review_chars"],
        **{key: _compile(path, f"work_report.{key}", wr.get(key))
           for key in ("title_cue", "head_cue", "review_year", "review_opening")},
    }
    for key in ("review_year", "review_opening"):
        if "year" not in out["work_report"][key].groupindex:
            raise RulesError(f"{path}: work_report.{key} needs a (?P<year>...) group")
    return out


@dataclass
class DocTypeScore:
    doc_type: str
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
        return DocTypeScore(kind, {kind: w["title"]}, f"title cue in {title!r}")
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
        return DocTypeScore("news", scores, "media furniture in header/footer")
    if scores["summary"] == scores["plan"] == 0:
        return DocTypeScore("other", scores, "no cue")
    if scores["summary"] > scores["plan"] * dt["min_margin"]:
        return DocTypeScore("summary", scores, "summary cues outweigh plan cues")
    return DocTypeScore("plan", scores, "plan cues outweigh summary cues")
