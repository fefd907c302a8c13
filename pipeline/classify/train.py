"""Train the measure category model: ``policy-measures train-classifier``.

Training set:
- the hand-labelled headings of ``data/category_seed.yaml`` (written for this project), split into
  a training part and a held-out part (stratified, fixed seed);
- weak supervision: the numbered items of the real documents under ``corpus_dir`` (``reports/*.txt``
  and ``national/*.jsonl``), segmented by the measures extractor and labelled by the keyword rules
  where the rules are confident. Those texts are read at training time only; nothing of them is
  shipped except the fitted model.

The shipped classifier lets the rules decide where their confidence reaches a threshold and the
model elsewhere; the threshold is chosen by k-fold cross-validation on the training part only.
The report gives held-out accuracy of the combination, the model alone and the rules alone on the
same split.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

from ..rules import load_rules, parse_rules_text
from ..rules.category_seed import CategorySeed
from .features import LEXICON_WEIGHT
from .rules import CATEGORIES, category_scores, is_section_heading, rule_category

SEED_FILE = "category_seed.yaml"
DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
HELD_OUT = 0.25
WEAK_WEIGHT = 0.2  # a rule-labelled item counts less than a hand-labelled one
WEAK_MIN_CONFIDENCE = 0.5
WEAK_MAX_PER_CATEGORY = 15  # the corpus is mostly economic policy: keep one category from swamping the rest
BODY_CHARS = 300
CV_FOLDS = 5
# Candidate rule-confidence thresholds; above 1 the model decides everything.
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 2.0)

Example = tuple[str, str, str]  # (title, body, category)


def load_seed(text: Optional[str] = None) -> list[Example]:
    """The hand-labelled examples (``text``: a file's content to read instead); errors name file, key and line."""
    data = load_rules(SEED_FILE, CategorySeed) if text is None else parse_rules_text(text, CategorySeed, SEED_FILE)
    out = []
    for cat, items in data.root.items():
        for item in items:
            title, _, body = item.partition(" | ")
            out.append((title.strip(), body.strip(), cat))
    return out


def split_seed(examples: list[Example], seed: int = 0) -> tuple[list[Example], list[Example]]:
    """Stratified split: about HELD_OUT of each category held out."""
    rng = random.Random(seed)
    train, test = [], []
    for cat in CATEGORIES:
        items = [e for e in examples if e[2] == cat]
        rng.shuffle(items)
        k = max(1, round(len(items) * HELD_OUT))
        test += items[:k]
        train += items[k:]
    return train, test


def _corpus_texts(corpus_dir: Path) -> Iterable[str]:
    for p in sorted((corpus_dir / "reports").glob("*.txt")):
        yield p.read_text(encoding="utf-8")
    for p in sorted((corpus_dir / "national").glob("*.jsonl")):
        with p.open(encoding="utf-8") as fh:
            for line in fh:
                content = json.loads(line).get("content")
                if isinstance(content, str):
                    yield content


def weak_examples(corpus_dir: Path) -> list[Example]:
    """Numbered items of the unlabelled corpus, labelled by the rules where they are confident."""
    from ..context import Context, Options
    from ..core import normalize_text
    from ..extract import measures

    out = []
    for text in _corpus_texts(corpus_dir):
        ctx = Context(text=normalize_text(text), options=Options(use_classifier=False))
        for m in measures.run(ctx):
            title = m.title
            body = m.span.text[len(m.marker) + len(title):][:BODY_CHARS]
            if is_section_heading(title):
                continue
            cat, conf = rule_category(title, body)
            # Keep items whose heading itself carries evidence for the winning category.
            if cat is None or conf < WEAK_MIN_CONFIDENCE:
                continue
            title_scores = category_scores(title, "")
            if title_scores[CATEGORIES.index(cat)] <= 0:
                continue
            out.append((title, body, cat))
    return out


def cap_per_category(examples: list[Example], limit: int, seed: int = 0) -> list[Example]:
    """At most ``limit`` examples of each category, drawn at random (fixed seed)."""
    rng = random.Random(seed)
    out = []
    for cat in CATEGORIES:
        items = [e for e in examples if e[2] == cat]
        rng.shuffle(items)
        out += items[:limit]
    return out


def build_model(seed: int = 0):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from .features import make_features

    return Pipeline([
        ("features", make_features()),
        ("clf", LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced", random_state=seed)),
    ])


def _accuracy(pred: list, gold: list) -> float:
    return round(sum(p == g for p, g in zip(pred, gold)) / len(gold), 4) if gold else 0.0



def _combined(model_pred: list, rules: list[tuple], threshold: float) -> list:
    from . import combine

    return [combine((m, 1.0), r, threshold)[0] for m, r in zip(model_pred, rules)]


def choose_threshold(examples: list[Example], weak: list[Example], seed: int = 0) -> tuple[float, dict]:
    """The rules threshold with the best k-fold accuracy on ``examples`` (ties: the higher
    threshold, i.e. more trust in the model), and the accuracy of every candidate."""
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rng.shuffle(order)
    folds = [order[k::CV_FOLDS] for k in range(CV_FOLDS)]
    gold, model_pred, rules = [], [], []
    for fold in folds:
        held = set(fold)
        train = [e for i, e in enumerate(examples) if i not in held]
        test = [examples[i] for i in fold]
        model = _fit(train + weak, [1.0] * len(train) + [WEAK_WEIGHT] * len(weak), seed)
        model_pred += list(model.predict([(t, b) for t, b, _ in test]))
        rules += [rule_category(t, b) for t, b, _ in test]
        gold += [c for _, _, c in test]
    scores = {th: _accuracy(_combined(model_pred, rules, th), gold) for th in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda th: (scores[th], th))
    return best, {str(th): a for th, a in scores.items()}


def _fit(examples: list[Example], weights: list[float], seed: int):
    model = build_model(seed)
    model.fit([(t, b) for t, b, _ in examples], [c for _, _, c in examples], clf__sample_weight=weights)
    return model


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train_classifier(output_dir: Optional[Path | str] = None, seed: int = 0,
                     corpus_dir: Optional[Path | str] = None, rules_threshold: Optional[float] = None) -> dict:
    """Fit the model, write ``category_model.joblib`` (and its export ``category_model.npz``, what
    extraction loads) and ``category_model_report.json`` to ``output_dir`` (default: the package's data
    folder) and return the report.

    ``rules_threshold`` fixes the rules/model hand-over instead of choosing it by cross-validation on
    the written headings (which are shorter and plainer than real ones: on annotated real documents
    the rules are the better first opinion, see the README's accuracy section)."""
    from .model import MODEL_FILE

    data_dir = Path(str(resources.files("pipeline") / "data"))
    output_dir = Path(output_dir) if output_dir else data_dir
    corpus_dir = Path(corpus_dir) if corpus_dir else DEFAULT_CORPUS
    seed_examples = load_seed()
    train, test = split_seed(seed_examples, seed)
    weak = weak_examples(corpus_dir) if corpus_dir.is_dir() else []
    weak = cap_per_category(weak, WEAK_MAX_PER_CATEGORY, seed)
    held_out = _held_out(train, test, weak, seed)
    # The shipped classifier learns from all hand-labelled examples, threshold chosen on all of them.
    final_threshold, final_cv = choose_threshold(seed_examples, weak, seed)
    threshold_source = "cross-validation on the written headings"
    if rules_threshold is not None:
        final_threshold, threshold_source = float(rules_threshold), "given (--rules-threshold)"
    final = _fit(seed_examples + weak, [1.0] * len(seed_examples) + [WEAK_WEIGHT] * len(weak), seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    _write_model({"pipeline": final, "rules_threshold": final_threshold}, output_dir / MODEL_FILE)
    report = {
        "model": MODEL_FILE,
        "seed": seed,
        "features": "char 1-3-grams of the title, char 2-3-grams of the body (first "
                    f"{BODY_CHARS} chars), lexicon scores; LogisticRegression(C=4, balanced), lexicon weight " + str(LEXICON_WEIGHT),
        "training": _training(train, weak, corpus_dir),
        "rules_threshold": final_threshold,
        "rules_threshold_source": threshold_source,
        "rules_threshold_cv": {"folds": CV_FOLDS, "accuracy_by_threshold": final_cv,
                               "note": "rules decide when their confidence >= threshold, else the model; "
                                       "2.0 = model only, 0.0 = rules whenever they give a label"},
        "held_out": held_out,
        "lexicon_sha256": _sha256(data_dir / "category_lexicon.yaml"),
        "seed_sha256": _sha256(data_dir / SEED_FILE),
    }
    (output_dir / "category_model_report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report


def _training(train: list[Example], weak: list[Example], corpus_dir: Path) -> dict:
    return {
        "hand_labelled": len(train),
        "weak_labelled": len(weak),
        "weak_weight": WEAK_WEIGHT,
        "weak_max_per_category": WEAK_MAX_PER_CATEGORY,
        "weak_by_category": dict(sorted(Counter(c for _, _, c in weak).items())),
        "corpus_dir": str(corpus_dir) if weak else None,
    }


def _held_out(train: list[Example], test: list[Example], weak: list[Example], seed: int) -> dict:
    """Held-out evaluation: threshold and model chosen and trained without the held-out part."""
    threshold, _cv_scores = choose_threshold(train, weak, seed)
    model = _fit(train + weak, [1.0] * len(train) + [WEAK_WEIGHT] * len(weak), seed)
    gold = [c for _, _, c in test]
    model_pred = list(model.predict([(t, b) for t, b, _ in test]))
    rules = [rule_category(t, b) for t, b, _ in test]
    rules_pred = [r[0] for r in rules]
    combined_pred = _combined(model_pred, rules, threshold)
    return {
        "source": f"{SEED_FILE} (hand-labelled, written), stratified {HELD_OUT:.0%} split, seed {seed}",
        "n": len(test),
        "rules_threshold": threshold,
        "accuracy": _accuracy(combined_pred, gold),
        "model_accuracy": _accuracy(model_pred, gold),
        "rules_accuracy": _accuracy(rules_pred, gold),
        "errors": [{"title": t, "gold": c, "shipped": x, "model": m, "rules": r}
                   for (t, _, c), x, m, r in zip(test, combined_pred, model_pred, rules_pred)
                   if x != c or m != c or r != c],
    }


def _write_model(bundle: dict, path: Path) -> None:
    """The fitted bundle, and its export that extraction loads without scikit-learn."""
    import joblib

    from . import compact

    joblib.dump(bundle, path, compress=3)
    compact.export(bundle, path, path.with_name(compact.COMPACT_FILE))


def main(output_dir: Optional[str] = None, seed: int = 0, corpus_dir: Optional[str] = None,
         rules_threshold: Optional[float] = None) -> None:
    """Plain entry point (``python -m pipeline.classify.train``)."""
    report = train_classifier(output_dir=output_dir, seed=seed, corpus_dir=corpus_dir,
                              rules_threshold=rules_threshold)
    h = report["held_out"]
    print(f"held-out n={h['n']}: shipped {h['accuracy']:.3f} (rules threshold {h['rules_threshold']}), "
          f"model {h['model_accuracy']:.3f}, rules {h['rules_accuracy']:.3f}; "
          f"weak-labelled items: {report['training']['weak_labelled']}")


if __name__ == "__main__":
    main()
