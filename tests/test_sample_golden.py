"""The shipped sample corpus extracts to its reviewed golden outputs (corpora/sample/expected/)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from regen_golden import EXPECTED, SAMPLE, golden_record  # noqa: E402

CASES = sorted(p for p in SAMPLE.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".docx"))


def test_sample_corpus_has_the_promised_variety():
    suffixes = {p.suffix for p in CASES}
    assert {".txt", ".html"} <= suffixes
    assert 4 <= len(CASES) <= 8
    encodings = {golden_record(p)["source"]["encoding"] for p in CASES}
    assert "gb18030" in encodings, "one sample is GBK-encoded"


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_sample_matches_golden(path):
    expected_file = EXPECTED / f"{path.stem}.json"
    assert expected_file.exists(), f"no golden file for {path.name}: run scripts/regen_golden.py and review"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert golden_record(path) == expected
