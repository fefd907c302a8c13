"""Streaming end to end: peak memory does not grow with the corpus (the 1 GB figure is in the
benchmark report, benchmarks/throughput.py --memory-gb 1)."""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

DOC = ("{i}号县2019年机关效能建设工作总结\n一、强化督查问责。全年组织明察暗访{n}次，对{k}个单位进行通报批评，并责令整改。\n"
       "二、提升服务效率。平均办理时间由{a}个工作日缩短为3个工作日，办结率达到99.{k}%。\n") * 20


def write_corpus(path: Path, docs: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(docs):
            text = DOC.format(i=i, n=i % 50, k=i % 9, a=10 + i % 20)
            fh.write(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False) + "\n")


def peak_rss_mb(corpus: Path, out: Path, workers: int) -> float:
    """Largest resident set of the CLI process or any of its workers, in MB."""
    code = textwrap.dedent(f"""
        import resource, subprocess, sys
        subprocess.run([sys.executable, "-m", "pipeline", "extract", {str(corpus)!r}, "-o", {str(out)!r},
                        "--workers", "{workers}", "--no-progress"], check=True, stderr=subprocess.DEVNULL)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(res.stdout.split()[-1]) / 1024


@pytest.mark.slow
def test_peak_memory_is_flat_in_corpus_size(tmp_path):
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    write_corpus(small, 200)
    write_corpus(large, 1600)  # 8x the documents
    rss_small = peak_rss_mb(small, tmp_path / "s.out.jsonl", 2)
    rss_large = peak_rss_mb(large, tmp_path / "l.out.jsonl", 2)
    assert sum(1 for _ in (tmp_path / "l.out.jsonl").open()) == 1600
    assert rss_large < 500
    # Holding the corpus or the results would add tens of MB here; streaming adds nothing.
    assert rss_large < rss_small * 1.25 + 20, (rss_small, rss_large)
