"""Model inputs: (title, body) pairs → character n-grams of the title and of the body, plus the
lexicon's per-category scores. Module-level functions so that a pickled model can find them.

Character n-grams need no word segmenter, so classifying never loads jieba.
"""
from __future__ import annotations

import numpy as np

from ..textview import fold_width
from .rules import category_scores, term_scores

LEXICON_WEIGHT = 4.0  # the lexicon carries domain knowledge the few hand-labelled examples cannot


def titles(pairs):
    return [fold_width(t) for t, _ in pairs]


def bodies(pairs):
    return [fold_width(b) for _, b in pairs]


def lexicon_scores(pairs):
    """Title and body lexicon scores, each row scaled to sum 1 (all zero when no term matched)."""
    rows = []
    for t, b in pairs:
        row = np.array(term_scores(t) + category_scores(t, b), dtype=float)
        half = len(row) // 2
        for part in (slice(0, half), slice(half, None)):
            s = row[part].sum()
            if s > 0:
                row[part] /= s
        rows.append(row)
    return np.vstack(rows) if rows else np.zeros((0, 20))


def make_features():
    # scikit-learn is imported for training only: extraction reads the exported model (compact.py)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    return FeatureUnion([
        ("title", make_pipeline(FunctionTransformer(titles),
                                TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                                min_df=1, max_features=40000))),
        ("body", make_pipeline(FunctionTransformer(bodies),
                               TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                               min_df=2, max_features=40000))),
        ("lexicon", FunctionTransformer(lexicon_scores)),
    ], transformer_weights={"title": 1.0, "body": 0.5, "lexicon": LEXICON_WEIGHT})
