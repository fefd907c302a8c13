#!/usr/bin/env python3
"""Peak memory against document length for the long-line shape of issue 13.

    python benchmarks/long_line.py [--sizes-mb 1 2 4 8] [--report benchmarks/report-long-line.json]

Each document is ONE line with no sentence end, ``一是一是一是（（（（（99999999999999999999999%%%%，
办结率100%，`` repeated to the given size (a scraped table flattened into a line): thousands of
numbers per line. Each is extracted alone by the CLI (one supervised worker, default budgets);
the report gives wall time and the peak RSS of the CLI and its workers. Before the sentence span
was capped, memory grew with numbers x line length (quadratic): 0.1 MB took 714 MB and 127 MB of
output. Now the growth per MB should stay constant (linear).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.throughput import machine, run_cli  # noqa: E402

UNIT = "一是一是一是（（（（（99999999999999999999999%%%%，办结率100%，"


def write_long_line(path: Path, mb: float) -> int:
    text = UNIT * int(mb * 1e6 // len(UNIT.encode()))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text)


def measure(work: Path, mb: float) -> dict:
    doc = work / f"long-{mb:g}mb.txt"
    chars = write_long_line(doc, mb)
    out = work / "out.jsonl"
    started = time.perf_counter()
    run = run_cli(doc, out, 1)
    row = {"mb": mb, "chars": chars, "seconds": time.perf_counter() - started,
           "exit_code": run["exit_code"], "peak_rss_mb": run["peak_rss_mb_largest_process"],
           "output_mb": out.stat().st_size / 1e6 if out.exists() else 0.0}
    if out.exists() and out.stat().st_size:
        rec = json.loads(out.read_text(encoding="utf-8"))
        row["indicators"] = len(rec["indicators"])
        row["longest_sentence_span"] = max((i["sentence"]["end"] - i["sentence"]["start"]
                                            for i in rec["indicators"]), default=0)
        out.unlink()
    doc.unlink()
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes-mb", type=float, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--report", type=Path, default=ROOT / "benchmarks" / "report-long-line.json")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="pm-longline-"))
    rows = []
    for mb in args.sizes_mb:
        row = measure(work, mb)
        rows.append(row)
        print(f"{mb:5g} MB  {row['chars']:>9,} chars  {row.get('indicators', 0):>7,} indicators  "
              f"{row['seconds']:6.1f} s  peak RSS {row['peak_rss_mb']:7.1f} MB  output {row['output_mb']:6.1f} MB")
    # Memory per MB of input between consecutive sizes: constant when growth is linear.
    slopes = [(b["peak_rss_mb"] - a["peak_rss_mb"]) / (b["mb"] - a["mb"]) for a, b in zip(rows, rows[1:])]
    report = {"machine": machine(), "shape": UNIT, "rows": rows, "rss_mb_per_input_mb": slopes}
    print("peak RSS growth per input MB between sizes:", ", ".join(f"{s:.0f}" for s in slopes))
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
