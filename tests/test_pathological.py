"""Pathological documents never take the batch down (issue 13): output stays linear in the input,
a worker that runs out of memory or dies costs its document an error record, and the documents
after it are written. Peak memory is that of the CLI and every worker (getrusage of the children:
the CLI reaps its fork server, which reaps the workers)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.extract.indicators import SENTENCE_MAX_CHARS
from pipeline.supervise import FAULT_ENV, stop_forkserver
from tests.test_bad_inputs import GOOD, HTML

ROOT = Path(__file__).resolve().parents[1]
# The shape of the 7.9 MB file: scraped tables flattened into lines with no sentence end.
LONG_UNIT = "一是一是一是（（（（（99999999999999999999999%%%%，办结率100%，"


def long_lines(nbytes: int, lines: int = 1) -> str:
    line = LONG_UNIT * (nbytes // lines // len(LONG_UNIT.encode()))
    return "\n".join([line] * lines) + "\n"


def run_cli(args: list[str], env: dict | None = None) -> tuple[int, str, float]:
    """(exit code, stderr, peak RSS in MB of the CLI and all its descendants)."""
    code = textwrap.dedent(f"""
        import resource, subprocess, sys
        r = subprocess.run([sys.executable, "-m", "pipeline", "extract", *{args!r}, "--no-progress"],
                           stderr=subprocess.PIPE, text=True)
        sys.stderr.write(r.stderr)
        print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, **(env or {})})
    rc, maxrss_kb = res.stdout.split()
    return int(rc), res.stderr, int(maxrss_kb) / 1024


def records(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    return {r["doc_id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def write_ordinary(folder: Path, names: list[str]) -> None:
    for k, name in enumerate(names):
        (folder / f"{name}.txt").write_text(GOOD.replace("24次", f"{20 + k}次"), encoding="utf-8")


@pytest.mark.slow
def test_pathological_shapes_finish_within_their_budgets(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    max_bytes = 2_100_000
    write_ordinary(folder, ["a_before", "z_after"])
    (folder / "b_long_line.txt").write_text(long_lines(300_000), encoding="utf-8")
    (folder / "c_nested.txt").write_text("一、" + "（" * 100_000 + "办结率99%" + "）" * 100_000 + "\n", encoding="utf-8")
    (folder / "d_markers.txt").write_text("".join(f"{i}、第{i}项\n" for i in range(1, 100_001)), encoding="utf-8")
    unit = GOOD.encode()
    (folder / "e_under.txt").write_bytes(unit * ((max_bytes - 1) // len(unit)))
    (folder / "f_over.txt").write_bytes(unit * (max_bytes // len(unit) + 1))
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    rc, stderr, peak = run_cli([str(folder), "-o", str(out), "--errors", str(err), "--workers", "1",
                                "--max-bytes", str(max_bytes), "--max-memory", "1024", "--time-limit", "60"])
    docs, errs = records(out), records(err)
    assert rc == 1, stderr
    assert set(errs) == {"f_over"} and errs["f_over"]["error_type"] == "TooLarge"
    assert list(docs) == ["a_before", "b_long_line", "c_nested", "d_markers", "e_under", "z_after"]
    assert peak < 1024, peak
    text = (folder / "b_long_line.txt").read_text(encoding="utf-8")
    sentences = [i["sentence"] for i in docs["b_long_line"]["indicators"]]
    assert len(sentences) > 1000
    for s in sentences:  # each copies a clause, not the 100,000-character line, and stays exact
        assert s["end"] - s["start"] <= SENTENCE_MAX_CHARS and s["text"] == text[s["start"]:s["end"]]


@pytest.mark.slow
def test_seven_hostile_inputs_are_all_accounted_for(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "gbk_report.txt").write_bytes((GOOD * 20).encode("gbk"))
    (folder / "cut_off.html").write_bytes(HTML.encode()[: HTML.encode().index(b"</p>") + 2])
    (folder / "fake.docx").write_bytes(b"PK\x03\x04 not a zip at all")
    (folder / "control_bytes.txt").write_bytes(GOOD.encode().replace("。".encode(), b"\x00\x07\x1b", 1))
    (folder / "long_lines.txt").write_text(long_lines(2_000_000, lines=5), encoding="utf-8")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    rc, stderr, peak = run_cli([str(folder), "-o", str(out), "--errors", str(err), "--workers", "2"])
    docs, errs = records(out), records(err)
    assert rc == 1
    assert len(docs) + len(errs) == 7 and not set(docs) & set(errs), stderr
    assert {k: e["error_type"] for k, e in errs.items()} == {
        "empty": "EmptyFile", "binary": "BinaryFile", "fake": "InvalidDocx"}
    assert len(docs["long_lines"]["indicators"]) > 10_000
    assert peak < 2500, peak


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_dying_or_memory_hungry_worker_costs_only_its_document(tmp_path, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"d{i}" for i in range(1, 8)]
    write_ordinary(folder, names)
    clean = tmp_path / "clean.jsonl"
    assert run_cli([str(folder), "-o", str(clean), "--workers", "2"])[0] == 0
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    rc, stderr, peak = run_cli([str(folder), "-o", str(out), "--errors", str(err), "--workers", str(workers),
                                "--max-memory", "400"], env={FAULT_ENV: "kill:d2,hog:d5"})
    assert rc == 1
    errs = records(err)
    assert errs["d2"]["error_type"] == "WorkerDied" and "SIGKILL" in errs["d2"]["message"]
    assert errs["d5"]["error_type"] == "MemoryLimit" and "400 MB" in errs["d5"]["message"]
    assert set(errs) == {"d2", "d5"}
    # the others, in input order, byte for byte as in a run without faults
    kept = [line for line in clean.read_text(encoding="utf-8").splitlines(keepends=True)
            if json.loads(line)["doc_id"] not in errs]
    assert out.read_text(encoding="utf-8") == "".join(kept)
    assert "written 5 documents" in stderr and "failed 2" in stderr
    assert peak < 400 + 200, peak  # the hungry worker was stopped near its budget


@pytest.mark.slow
def test_extract_many_survives_a_dying_worker(tmp_path, monkeypatch):
    from pipeline import extract_many
    from pipeline.models import Document, ErrorRecord

    write_ordinary(tmp_path, ["d1", "d2", "d3", "d4"])
    monkeypatch.setenv(FAULT_ENV, "kill:d2,hog:d3")
    stop_forkserver()  # the fork server (and so the workers) take the environment when they start
    try:
        got = list(extract_many(sorted(tmp_path.glob("*.txt")), workers=1, max_memory=400))
    finally:
        stop_forkserver()
    assert [r.doc_id for r in got] == ["d1", "d2", "d3", "d4"]
    assert [type(r) for r in got] == [Document, ErrorRecord, ErrorRecord, Document]
    assert got[1].error_type == "WorkerDied" and got[2].error_type == "MemoryLimit"
