"""The trained category model (``data/category_model.joblib``), loaded once per process, lazily.

The file holds a bundle ``{"pipeline": fitted sklearn pipeline, "rules_threshold": float}``: the
keyword rules decide an item when their confidence reaches the threshold (chosen by cross-validation
at training time), the model decides the rest. A bare pipeline (older files) means threshold > 1.
"""
from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Optional

MODEL_FILE = "category_model.joblib"
_lock = threading.Lock()
_cache: dict[str, object] = {}


def model_path() -> Path:
    return Path(str(resources.files("pipeline") / "data" / MODEL_FILE))


def load_model(path: Optional[Path] = None):
    """The bundle of the fitted pipeline (a :class:`~.compact.CompactModel` when the exported arrays match
    the file), or None when the file is absent."""
    path = Path(path) if path else model_path()
    key = str(path)
    with _lock:
        if key not in _cache:
            _cache[key] = _load(path)
        return _cache[key]


def _load(path: Path):
    if not path.is_file():
        return None
    from .compact import COMPACT_FILE, load

    # the exported arrays, when exported from this very file, spare loading scikit-learn (about 1.6 s)
    compact = load(path.with_name(COMPACT_FILE), path)
    if compact is not None:
        return {"pipeline": compact, "rules_threshold": compact.rules_threshold}
    import joblib

    return joblib.load(path)


NEVER = 2.0  # a rules threshold no confidence reaches: the model decides everything


def rules_threshold(model) -> float:
    return float(model.get("rules_threshold", NEVER)) if isinstance(model, dict) else NEVER


def predict(model, titles: list[str], bodies: list[str]) -> list[tuple[str, float]]:
    """(category, probability) for each item, all items vectorised in one call."""
    if not titles:
        return []
    if isinstance(model, dict):
        model = model["pipeline"]
    pairs = list(zip(titles, bodies))
    from .compact import CompactModel

    probs = model.predict_proba(pairs) if isinstance(model, CompactModel) else _fast_proba(model, pairs)
    if probs is None:
        probs = model.predict_proba(pairs)
    classes = model.classes_
    best = probs.argmax(axis=1)
    return [(str(classes[j]), round(float(probs[i, j]), 4)) for i, j in enumerate(best)]


def _fast_proba(model, pairs):
    """``model.predict_proba`` for the shipped shape (a FeatureUnion of function and TF-IDF steps, then
    a multinomial logistic regression) without sklearn's per-call validation and joblib dispatch,
    which cost milliseconds per document. None for any other shape (the caller uses predict_proba).
    """
    try:
        import numpy as np
        import sklearn
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import FunctionTransformer
        from sklearn.utils.extmath import softmax

        union = model.named_steps["features"]
        clf = model.named_steps["clf"]
        if not isinstance(clf, LogisticRegression) or len(clf.classes_) < 3:
            return None
        weights = union.transformer_weights or {}
        parts = []
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            for name, transformer in union.transformer_list:
                data = pairs
                for _, step in getattr(transformer, "steps", None) or [(name, transformer)]:
                    if isinstance(step, FunctionTransformer):
                        if step.kw_args or step.validate:
                            return None
                        data = step.func(data)
                    else:
                        data = step.transform(data)
                block = data if sparse.issparse(data) else sparse.csr_matrix(data)
                parts.append(block * weights.get(name, 1.0))
        features = sparse.hstack(parts).tocsr()
        # multinomial logistic regression: the softmax of the linear scores, as predict_proba computes
        return softmax(np.asarray(features @ clf.coef_.T) + clf.intercept_)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
