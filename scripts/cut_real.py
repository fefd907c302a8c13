#!/usr/bin/env python3
"""Cut the real-document gold set's texts out of ../shared (they are never copied into the project).

`corpora/real/excerpts*.tsv` name each excerpt: `id`, `corpus` (reports | national | cities), `source`
(file stem, or the national report's `title`), `first_line`, `last_line` (1-based, inclusive; 0 0 = whole
text) and `sha256_12` of the cut text, so a change in ../shared is caught rather than silently rescored.
A report flattened into one line (a scraped page with no line breaks) has no line range to cut: optional columns
`char_start`, `char_end` (0-based, end exclusive, into the whole text) cut it by characters instead.
The texts are written beside copies of the gold files, ready for the reference scorer:

    python scripts/cut_real.py [--shared ../shared] [--out build/real]
    python ../shared/eval/score.py --gold build/real --pred out/real.jsonl
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
REAL = ROOT / "corpora" / "real"


def source_text(shared: Path, corpus: str, source: str) -> str:
    if corpus == "national":
        path = shared / "corpus" / "national" / "government_work_reports.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["title"] == source:
                return record["content"]
        raise KeyError(f"no national report titled {source!r}")
    if corpus not in ("reports", "cities"):
        raise ValueError(f"unknown corpus {corpus!r}")
    return (shared / "corpus" / corpus / f"{source}.txt").read_text(encoding="utf-8")


def cut(text: str, first_line: int, last_line: int, char_start: int | None = None, char_end: int | None = None) -> str:
    r"""Lines first..last (1-based, inclusive) joined by newlines; 0 0 keeps the whole text; with character offsets,
    ``text[char_start:char_end]`` and a newline.

    >>> cut("甲\n乙\n丙", 2, 3)
    '乙\n丙\n'
    >>> cut("一、总体要求。二、主要任务。", 1, 1, 7, 14)
    '二、主要任务。\n'
    """
    if char_start is not None and char_end is not None:
        return text[char_start:char_end] + "\n"
    if first_line == 0 and last_line == 0:
        return text
    lines = text.split("\n")
    return "\n".join(lines[first_line - 1:last_line]) + "\n"


def excerpts(folder: Path = REAL) -> list[dict]:
    """Rows of every `excerpts*.tsv` in the folder (one table per annotator), in file and row order."""
    rows = []
    for table in sorted(folder.glob("excerpts*.tsv")):
        with table.open(encoding="utf-8") as handle:
            rows += [row for row in csv.DictReader(handle, delimiter="\t") if not row["id"].startswith("#")]
    return rows


def build(shared: Path, out: Path, check: bool = True) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for row in excerpts():
        chars = [int(row[k]) if (row.get(k) or "").strip() else None for k in ("char_start", "char_end")]
        text = cut(source_text(shared, row["corpus"], row["source"]), int(row["first_line"]), int(row["last_line"]), *chars)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        if check and row.get("sha256_12") and row["sha256_12"] != digest:
            raise SystemExit(f"{row['id']}: cut text has sha256 {digest}, expected {row['sha256_12']}")
        (out / f"{row['id']}.txt").write_text(text, encoding="utf-8")
        gold = REAL / "gold" / f"{row['id']}.gold.json"
        if gold.exists():
            shutil.copyfile(gold, out / gold.name)
        written.append(row["id"])
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "real")
    parser.add_argument("--no-check", action="store_true", help="skip the sha256 check (while choosing excerpts)")
    args = parser.parse_args(argv)
    ids = build(args.shared, args.out, check=not args.no_check)
    print(f"{len(ids)} texts written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
