#!/usr/bin/env python3
"""Regenerate the golden outputs of the sample corpus: corpora/sample/expected/<doc_id>.json.

Run after an intended change of behaviour, then review the diff (`git diff corpora/sample/expected`)
before committing: the golden files are what tests/test_sample_golden.py holds the pipeline to.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.batch import extract_file  # noqa: E402
from pipeline.readers import format_of  # noqa: E402

SAMPLE = ROOT / "corpora" / "sample"
EXPECTED = SAMPLE / "expected"


def golden_record(path: Path) -> dict:
    doc = extract_file(path).model_dump(mode="json")
    doc["source"]["path"] = path.relative_to(ROOT).as_posix()  # machine-independent
    return doc


def main() -> int:
    EXPECTED.mkdir(exist_ok=True)
    for path in sorted(SAMPLE.iterdir()):
        if path.is_file() and format_of(path) and format_of(path) != "jsonl":
            rec = golden_record(path)
            out = EXPECTED / f"{rec['doc_id']}.json"
            out.write_text(json.dumps(rec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
