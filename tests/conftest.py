"""Shared fixtures: the dev corpus with gold, scored by the reference scorer."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
SCORER = SHARED / "eval" / "score.py"
SAMPLE = ROOT / "corpora" / "sample"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _load_scorer():
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    """The user cache moved to a fresh temporary folder, with the caches on (the fixtures of the cache tests build
    on it, each resetting what its own module keeps in memory)."""
    monkeypatch.setenv("POLICY_MEASURES_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POLICY_MEASURES_NO_CACHE", raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def reference_scorer():
    if not SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside this checkout")
    return _load_scorer()


@pytest.fixture(scope="session")
def dev_predictions(tmp_path_factory):
    """The pipeline's JSONL for ../shared/corpus/dev, extracted once per test session."""
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not beside this checkout")
    from pipeline import extract_file

    out = tmp_path_factory.mktemp("dev") / "dev.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for path in sorted(DEV.glob("*.txt")):
            doc = extract_file(path)
            fh.write(doc.model_dump_json() + "\n")
    return out


@pytest.fixture(scope="session")
def dev_scores(reference_scorer, dev_predictions):
    """``result`` dict of the reference scorer on the dev corpus (see ../shared/spec/GOLD.md)."""
    result, _details = reference_scorer.score(str(DEV), str(dev_predictions))
    return result


@pytest.fixture(scope="session")
def dev_details(reference_scorer, dev_predictions):
    _result, details = reference_scorer.score(str(DEV), str(dev_predictions))
    return details
