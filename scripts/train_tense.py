#!/usr/bin/env python3
"""Train the review/plan reader of uncued text (pipeline/tense.py) from the real work reports in ../shared.

A work report reviews last year under cued headings and openings (一、2024年工作回顾, 过去一年) and plans
this one (二、2025年重点工作, 今年…主要预期目标是). The section reading (pipeline/sections.py) labels every
paragraph of the whole reports by those cues; a linear model over character n-grams then learns how review
and plan paragraphs are written (完成, 同比, 建成, 了 … against 要, 力争, 加快, 推进 …), so that an excerpt
with no cue at all (a plan's （十） section, a list of this year's tasks) can still be read.

The reports from which the real-document gold set (corpora/real/) is cut are left out, so that set stays
a fair test. The model is written as data: the intercept and the strongest n-gram weights, in
``pipeline/data/tense_weights.tsv`` (no texts are shipped). Cross-validated accuracy (folds by report)
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
MIN_DOCS = 4
MIN_PART_PARAGRAPHS = 5  # a report teaches only when its cues placed this many paragraphs in each part  # an n-gram must occur in this many reports: no report's own names become features


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


def gold_sources() -> set[str]:
    """The reports the real-document gold set (corpora/real) is cut from."""
    return {row["source"] for row in excerpts()}


def labelled_paragraphs(text: str):
    """(paragraph, 1 plan / 0 review) for each paragraph the cues of the whole report place."""
    ctx = Context(text=normalize_text(text), options=Options())
    results = run_extractors(ctx)
    meta = results.metadata
    # labels from the cues alone, never from this model's own reading
    reading = read_sections(ctx.norm, results.measures, meta.year, meta.doc_type, read_uncued=False)
    pos = 0
    for line in ctx.norm.split("\n"):
        part = reading.at(pos) if len(line.strip()) >= tense.MIN_CHARS else None
        if part is not None and not part.multi_year:
            yield line, int(part.status == "target")
        pos += len(line) + 1


def training_set(shared: Path, held_out: set[str], cache: Path | None):
    """(features texts, labels, report names) of every placed paragraph of the reports not held out."""
    if cache is not None and cache.exists():
        # a cache written before more gold was annotated may hold reports now held out: drop them
        data = json.loads(cache.read_text(encoding="utf-8"))
        rows = [r for r in zip(data["texts"], data["labels"], data["groups"]) if r[2] not in held_out]
        return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    texts, labels, groups = [], [], []
    for name, text in reports(shared):
        if name in held_out:
            continue
        for para, label in labelled_paragraphs(text):
            texts.append(tense.features_text(para))
            labels.append(label)
            groups.append(name)
    if cache is not None:
        cache.write_text(json.dumps({"texts": texts, "labels": labels, "groups": groups}, ensure_ascii=False),
                         encoding="utf-8")
    return texts, labels, groups


def with_both_parts(texts, labels, groups, least: int = MIN_PART_PARAGRAPHS):
    """Only reports whose cues placed both a review and a plan part: a report read as all plan (a
    resolution on a report, an old report whose sections the cues miss) would teach noise."""
    counts = Counter(zip(groups, labels))
    keep = {g for g in groups if counts[(g, 0)] >= least and counts[(g, 1)] >= least}
    rows = [(t, y, g) for t, y, g in zip(texts, labels, groups) if g in keep]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def main(argv=None) -> int:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cache", type=Path, help="JSON of the labelled paragraphs, reused when it exists")
    args = parser.parse_args(argv)
    held_out = gold_sources()
    texts, labels, groups = with_both_parts(*training_set(args.shared, held_out, args.cache))
    vec = CountVectorizer(analyzer=tense.ngrams, binary=True, min_df=MIN_DOCS)
    model = make_pipeline(vec, LogisticRegression(C=0.5, max_iter=2000, class_weight="balanced"))
    scores = cross_val_score(model, texts, labels, groups=groups, cv=GroupKFold(n_splits=5))
    model.fit(texts, labels)
    lr = model[-1]
    names = model[0].get_feature_names_out()
    weights = sorted(zip(names, lr.coef_[0]), key=lambda t: -abs(t[1]))[:KEEP_FEATURES]
    kept = {n: w for n, w in weights}
    # accuracy of the pruned model, which is what ships
    pruned_acc = sum(int(tense.score_text(t, kept, lr.intercept_[0]) > 0) == y for t, y in zip(texts, labels)) / len(texts)
    tense.write_weights(lr.intercept_[0], weights)
    report = {"paragraphs": len(texts), "plan_share": round(sum(labels) / len(labels), 3),
              "reports": len(set(groups)), "held_out_reports": sorted(held_out),
              "cv_accuracy_by_report": [round(s, 4) for s in scores],
              "features_kept": len(weights), "training_accuracy_pruned": round(pruned_acc, 4)}
    (ROOT / "pipeline" / "data" / "tense_report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "held_out_reports"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
