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
    """The fitted sklearn pipeline, or None when the file is absent."""
    path = Path(path) if path else model_path()
    key = str(path)
    with _lock:
        if key not in _cache:
            if not path.is_file():
                _cache[key] = None
            else:
                import joblib

                _cache[key] = joblib.load(path)
        return _cache[key]


NEVER = 2.0  # a rules threshold no confidence reaches: the model decides everything


def rules_threshold(model) -> float:
    return float(model.get("rules_threshold", NEVER)) if isinstance(model, dict) else NEVER


def predict(model, titles: list[str], bodies: list[str]) -> list[tuple[str, float]]:
    """(category, probability) for each item, all items vectorised in one call."""
    if not titles:
        return []
    if isinstance(model, dict):
        model = model["pipeline"]
    probs = model.predict_proba(list(zip(titles, bodies)))
    classes = model.classes_
    best = probs.argmax(axis=1)
    return [(str(classes[j]), round(float(probs[i, j]), 4)) for i, j in enumerate(best)]
