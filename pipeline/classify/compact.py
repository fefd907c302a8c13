"""The category model without scikit-learn: ``data/category_model.npz``, exported from the fitted
pipeline of ``category_model.joblib`` when it is trained (``python -m pipeline.classify.compact``
exports it again from an existing file).

Importing scikit-learn and unpickling the pipeline cost every process about 1.6 s; the exported
vocabularies, idf weights and coefficients load in milliseconds with numpy. :meth:`CompactModel.
predict_proba` repeats the pipeline's arithmetic in the same order (TF-IDF with sublinear tf and l2
rows, the weighted union, a sparse-times-dense product summed term by term, the softmax), so its
probabilities are bit for bit those of the pipeline (``tests/test_classifier.py`` checks it). The file
records the SHA-256 of the joblib it was exported from and is used only while that file is unchanged.
"""
from __future__ import annotations

import hashlib
import math
import re
import sys
from pathlib import Path
from typing import Optional

import numpy as np

from .features import bodies, lexicon_scores, titles

COMPACT_FILE = "category_model.npz"
_WHITE_SPACES = re.compile(r"\s\s+")  # as sklearn's vectorizers normalise white space
_UNION = (("title", titles), ("body", bodies))  # the TF-IDF steps of the union, in its order


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class _Tfidf:
    """One fitted char n-gram TfidfVectorizer: vocabulary, idf, n-gram range."""

    def __init__(self, terms, idf, ngram_range, offset: int):
        self.index = {t: i + offset for i, t in enumerate(terms.tolist())}
        self.idf = np.concatenate([np.zeros(offset), idf])  # indexed by the union's column
        self.lo, self.hi = (int(n) for n in ngram_range)

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(columns ascending, l2-normalised values) of one text."""
        text = _WHITE_SPACES.sub(" ", text.lower())
        counts: dict[int, int] = {}
        index = self.index
        for n in range(self.lo, min(self.hi, len(text)) + 1):
            for i in range(len(text) - n + 1):
                j = index.get(text[i:i + n])
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
        cols = np.array(sorted(counts), dtype=np.int64)
        data = np.array([counts[j] for j in cols.tolist()], dtype=np.float64)
        np.log(data, data)  # sublinear tf, as TfidfTransformer: 1 + log(tf)
        data += 1.0
        data *= self.idf[cols]
        norm = 0.0
        for v in data.tolist():  # the row's squared sum in column order, as sklearn's l2 normaliser
            norm += v * v
        if norm != 0.0:
            data /= math.sqrt(norm)
        return cols, data


class CompactModel:
    """``predict_proba`` and ``classes_`` of the shipped pipeline, from the exported arrays."""

    def __init__(self, arrays):
        self.classes_ = arrays["classes"]
        self.weights = {str(k): float(w) for k, w in zip(arrays["weight_names"], arrays["weights"])}
        offset, self.tfidf = 0, {}
        for name, _ in _UNION:
            self.tfidf[name] = _Tfidf(arrays[f"{name}_terms"], arrays[f"{name}_idf"], arrays[f"{name}_ngram"], offset)
            offset += len(arrays[f"{name}_idf"])
        self.lexicon_offset = offset
        self.coef_t = np.ascontiguousarray(arrays["coef"].T)  # one row of class weights per column
        self.intercept = arrays["intercept"]
        self.rules_threshold = float(arrays["rules_threshold"])

    def _row_terms(self, pair, lexicon_row) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of one item's feature row, columns ascending as in the union's matrix."""
        cols, vals = [], []
        for name, texts in _UNION:
            c, v = self.tfidf[name].row(texts([pair])[0])
            cols.append(c)
            vals.append(v * self.weights.get(name, 1.0))
        nz = np.flatnonzero(lexicon_row)  # the union's sparse stack keeps only non-zero scores
        cols.append(nz + self.lexicon_offset)
        vals.append(lexicon_row[nz] * self.weights.get("lexicon", 1.0))
        return np.concatenate(cols), np.concatenate(vals)

    def predict_proba(self, pairs) -> np.ndarray:
        lexicon = lexicon_scores(pairs)
        scores = np.zeros((len(pairs), len(self.classes_)))
        for i, pair in enumerate(pairs):
            cols, vals = self._row_terms(pair, lexicon[i])
            if len(cols):
                # term by term, in column order (add.accumulate is sequential), as the sparse product sums
                scores[i] = np.add.accumulate(vals[:, None] * self.coef_t[cols], axis=0)[-1]
        scores = scores + self.intercept
        scores -= scores.max(axis=1).reshape(-1, 1)  # the softmax as sklearn.utils.extmath.softmax
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1).reshape(-1, 1)
        return scores


def load(path: Path, source: Path) -> Optional[CompactModel]:
    """The compact model at ``path`` when it was exported from ``source`` as it is now, else None."""
    if not path.is_file() or not source.is_file():
        return None
    with np.load(path, allow_pickle=False) as arrays:
        if str(arrays["source_sha256"]) != sha256_of(source):
            return None
        return CompactModel(dict(arrays))


def export(bundle, source: Path, path: Path) -> None:
    """Write the arrays of the fitted pipeline in ``bundle`` (as stored in ``source``) to ``path``."""
    pipeline = bundle["pipeline"] if isinstance(bundle, dict) else bundle
    union, clf = pipeline.named_steps["features"], pipeline.named_steps["clf"]
    steps = dict(union.transformer_list)
    _check_shape(union, clf)
    arrays = {"classes": np.asarray(clf.classes_).astype(str), "coef": clf.coef_, "intercept": clf.intercept_,
              "weight_names": np.array(list(union.transformer_weights), dtype=str),
              "weights": np.array(list(union.transformer_weights.values()), dtype=float),
              "rules_threshold": np.float64(bundle.get("rules_threshold", 2.0) if isinstance(bundle, dict) else 2.0),
              "source_sha256": np.array(sha256_of(source))}
    for name, _ in _UNION:
        vec = steps[name].steps[-1][1]
        terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
        arrays.update({f"{name}_terms": np.array(terms, dtype=str), f"{name}_idf": vec.idf_,
                       f"{name}_ngram": np.array(vec.ngram_range)})
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def _check_shape(union, clf) -> None:
    """Refuse a pipeline whose arithmetic CompactModel does not repeat."""
    names = [n for n, _ in union.transformer_list]
    expected = dict(analyzer="char", lowercase=True, sublinear_tf=True, norm="l2", use_idf=True, binary=False,
                    preprocessor=None, strip_accents=None)
    vecs = [dict(union.transformer_list)[n].steps[-1][1] for n, _ in _UNION] if names[:2] == ["title", "body"] else []
    ok = names == ["title", "body", "lexicon"] and len(clf.classes_) >= 3 and all(
        all(v.get_params().get(k) == x for k, x in expected.items()) for v in vecs)
    if not ok:
        raise ValueError("the category pipeline is not of the shape compact.py exports")


def main(argv=None) -> int:
    """Export ``category_model.npz`` beside ``category_model.joblib`` (or the given joblib file)."""
    import joblib

    from .model import model_path

    source = Path(argv[0]) if argv else model_path()
    export(joblib.load(source), source, source.with_name(COMPACT_FILE))
    print(f"wrote {source.with_name(COMPACT_FILE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
