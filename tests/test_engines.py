"""Engines give the same records: local with 1 worker, local with 2, and Dask on a LocalCluster."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.test_cli_extract import make_corpus

runner = CliRunner()


@pytest.mark.slow
def test_dask_engine_matches_the_local_engine(tmp_path):
    pytest.importorskip("distributed")
    ids = make_corpus(tmp_path / "in", 30)
    (tmp_path / "in" / "bad.txt").write_bytes(bytes(range(256)) * 10)
    local = tmp_path / "local.jsonl"
    r = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(local), "--no-progress"])
    assert r.exit_code == 1  # the binary file fails, the rest are written
    parts = tmp_path / "parts"
    r = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(parts), "--engine", "dask",
                            "--workers", "2", "--partition-size", "7", "--no-progress"])
    assert r.exit_code == 1, r.output
    files = sorted(parts.glob("part-*.jsonl"))
    data = [f for f in files if not f.name.endswith(".errors.jsonl")]
    assert len(data) == 5  # 31 inputs in partitions of 7
    assert b"".join(f.read_bytes() for f in data) == local.read_bytes()
    errors = [f for f in files if f.name.endswith(".errors.jsonl")]
    assert len(errors) == 1 and b'"BinaryFile"' in errors[0].read_bytes()
    assert "written 30 documents" in r.output and "failed 1" in r.output

    # resume: completed partitions are kept, a missing one is redone
    data[2].unlink()
    r = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(parts), "--engine", "dask", "--resume",
                            "--workers", "2", "--partition-size", "7", "--no-progress"])
    assert "4 partitions already done" in r.output
    assert b"".join(f.read_bytes() for f in sorted(parts.glob("part-?????.jsonl"))) == local.read_bytes()
    assert len(ids) == 30


@pytest.mark.slow
def test_dask_partition_that_kills_its_worker_loses_only_the_culprit(tmp_path):
    pytest.importorskip("distributed")
    from pipeline.supervise import FAULT_ENV
    from tests.test_pathological import records, run_cli

    make_corpus(tmp_path / "in", 7)
    culprit = sorted(p.stem for p in (tmp_path / "in").glob("*.txt"))[4]
    local = tmp_path / "local.jsonl"
    assert run_cli([str(tmp_path / "in"), "-o", str(local)])[0] == 0
    parts = tmp_path / "parts"
    rc, stderr, _peak = run_cli([str(tmp_path / "in"), "-o", str(parts), "--engine", "dask", "--workers", "2",
                                 "--partition-size", "3"], env={FAULT_ENV: f"kill:{culprit}"})
    assert rc == 1, stderr
    errors = {}
    for f in parts.glob("part-*.errors.jsonl"):
        errors.update(records(f))
    assert list(errors) == [culprit] and errors[culprit]["error_type"] == "WorkerDied"
    data = b"".join(f.read_bytes() for f in sorted(parts.glob("part-?????.jsonl")))
    kept = [line for line in local.read_bytes().splitlines(keepends=True) if f'"doc_id":"{culprit}"'.encode() not in line]
    assert data == b"".join(kept)
