"""The extract command: every input accounted for, identical bytes whatever the worker count, resumable."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()

DOC = ("{place}2018年机关效能建设工作总结\n"
       "一、强化督查问责。全年组织明察暗访{n}次，发现问题{m}个，已全部整改到位。"
       "对工作不力的{k}个单位进行通报批评，并责令限期整改。\n"
       "二、提升服务效率。行政审批事项平均办理时间由{a}个工作日缩短为{b}个工作日，群众满意率达到9{k}.5%。\n")


def make_corpus(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(count):
        text = DOC.format(place=f"第{i}号县", n=10 + i, m=20 + i, k=i % 9 + 1, a=20 + i, b=5)
        name = f"doc{i:03d}"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        ids.append(name)
    return ids


def read_ids(path: Path) -> list[str]:
    return [json.loads(line)["doc_id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_folder_scan_skips_unsupported_files_and_counts_them(tmp_path):
    ids = make_corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "doc000.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "in" / "notes.md").write_text("x", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert read_ids(out) == ids
    assert "written 3 documents" in result.output
    assert "skipped 2 unsupported files" in result.output


def test_globs_and_files(tmp_path):
    ids = make_corpus(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "in" / "doc00[12].txt"), str(tmp_path / "in" / "doc003.txt"),
                                 "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert read_ids(out) == ids[1:]


def test_two_workers_write_the_same_bytes_as_one(tmp_path):
    make_corpus(tmp_path / "in", 24)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(one), "--no-progress"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(two), "--workers", "2",
                               "--no-progress"]).exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_bytes().splitlines()) == 24


def test_corrupt_inputs_get_error_records_and_the_batch_goes_on(tmp_path):
    ids = make_corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "fake.docx").write_bytes(b"not a zip")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--errors", str(errors),
                                 "--workers", "2", "--no-progress"])
    assert result.exit_code == 1
    assert read_ids(out) == ids
    records = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"]: r["error_type"] for r in records} == {
        "broken": "BinaryFile", "empty": "EmptyFile", "fake": "InvalidDocx"}
    assert all(r["path"] and r["message"] for r in records)
    assert "written 3 documents" in result.output and "failed 3" in result.output


def test_jsonl_corpus_with_configurable_fields_and_a_broken_line(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"title": "甲", "content": "全年办结率达到98%。"}, ensure_ascii=False),
             "{this is not json",
             json.dumps({"title": "乙", "content": "组织暗访3次。"}, ensure_ascii=False),
             json.dumps({"title": "丙"}, ensure_ascii=False)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--id-field", "title",
                                 "--text-field", "content", "--no-progress"])
    assert result.exit_code == 1
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in docs] == ["甲", "乙"]
    assert docs[0]["source"]["format"] == "jsonl"
    errs = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["doc_id"], e["error_type"]) for e in errs] == [("corpus:2", "BadJsonlLine"), ("corpus:4", "BadJsonlLine")]


def test_duplicate_ids_are_made_unique_not_dropped(tmp_path):
    make_corpus(tmp_path / "a", 1)
    make_corpus(tmp_path / "b", 1)
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out),
                               "--no-progress"]).exit_code == 0
    assert read_ids(out) == ["doc000", "doc000~2"]


def test_resume_repairs_a_torn_last_line(tmp_path):
    ids = make_corpus(tmp_path / "in", 5)
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--no-progress"]).exit_code == 0
    full = out.read_bytes()
    lines = full.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])  # killed mid-write of the 3rd
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--resume", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "torn last line" in result.output
    assert read_ids(out) == ids
    assert out.read_bytes() == full


@pytest.mark.slow
def test_runs_killed_at_several_points_then_resumed_give_every_document_exactly_once(tmp_path):
    ids = make_corpus(tmp_path / "in", 400)
    out = tmp_path / "out.jsonl"
    clean = tmp_path / "clean.jsonl"
    cmd = [sys.executable, "-m", "pipeline", "extract", str(tmp_path / "in"), "--no-progress", "--workers", "2"]
    subprocess.run(cmd + ["-o", str(clean)], check=True, stderr=subprocess.DEVNULL)
    total = clean.stat().st_size
    kills = 0
    for fraction in (0.1, 0.35, 0.7):
        proc = subprocess.Popen(cmd + ["-o", str(out), "--resume"], stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and \
                (not out.exists() or out.stat().st_size < fraction * total):
            time.sleep(0.005)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        lines = out.read_bytes().split(b"\n")
        for line in lines[:-1]:
            json.loads(line)  # every complete line is a whole record
    assert kills >= 2, "runs must be killed mid-way for this test to mean anything"
    subprocess.run(cmd + ["-o", str(out), "--resume"], check=True, stderr=subprocess.DEVNULL)
    assert read_ids(out) == ids
    assert out.read_bytes() == clean.read_bytes()


def test_a_document_over_the_time_limit_gets_an_error_record_naming_the_limit(monkeypatch):
    import time as _time

    from pipeline import batch

    def slow_extract(text, **kwargs):
        _time.sleep(5)

    monkeypatch.setattr(batch, "extract", slow_extract)
    opts = batch.BatchOptions(time_limit=0.2)
    started = _time.monotonic()
    outcome = batch.run_task(batch.Task(doc_id="slow", path=None, text="一、测试"), opts)
    assert _time.monotonic() - started < 3
    assert not outcome.ok
    rec = json.loads(outcome.line)
    assert rec["error_type"] == "TimeLimit" and "0.2 s" in rec["message"]


def test_a_text_over_the_size_limit_gets_an_error_record():
    from pipeline import batch

    outcome = batch.run_task(batch.Task(doc_id="big", path=None, text="效" * 1000), batch.BatchOptions(max_bytes=1000))
    assert not outcome.ok
    assert json.loads(outcome.line)["error_type"] == "TooLarge"


def _strip_span_text(node):
    if isinstance(node, dict):
        return {k: _strip_span_text(v) for k, v in node.items() if not (k == "text" and "start" in node)}
    if isinstance(node, list):
        return [_strip_span_text(v) for v in node]
    return node


def test_spans_offsets_writes_the_same_records_without_span_texts(tmp_path):
    make_corpus(tmp_path / "in", 3)
    body = "".join(f"（{n}）深化审批制度改革。全面推行告知承诺制，精简申请材料{n}0项，优化办事流程，让群众少跑腿。\n"
                   for n in "一二三四五六七八九")
    nested = "一、加强机关效能建设\n" + body + "二、强化作风建设\n" + body
    (tmp_path / "in" / "doc000.txt").write_text(nested, encoding="utf-8")
    full, offsets = tmp_path / "full.jsonl", tmp_path / "offsets.jsonl"
    assert runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(full), "--no-progress"]).exit_code == 0
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(offsets), "--spans", "offsets",
                                 "--no-progress"])
    assert result.exit_code == 0, result.output
    full_lines = full.read_text(encoding="utf-8").splitlines()
    offset_lines = offsets.read_text(encoding="utf-8").splitlines()
    assert len(full_lines) == len(offset_lines) == 3
    for a, b in zip(full_lines, offset_lines):
        rec_full, rec_offsets = json.loads(a), json.loads(b)
        assert '"text":' not in b.replace('"text":null', "")  # no span text anywhere
        assert _strip_span_text(rec_full) == rec_offsets
        assert len(b) < len(a)
    # a depth-2 item's text lies inside its parent's: full mode writes the text twice over in spans alone
    assert len(full_lines[0]) - len(offset_lines[0]) >= 1.9 * len(nested)


def test_spans_offsets_records_read_back_as_documents(tmp_path):
    from pipeline.models import Document

    make_corpus(tmp_path / "in", 1)
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--spans", "offsets",
                               "--no-progress"]).exit_code == 0
    doc = Document.model_validate_json(out.read_text(encoding="utf-8").splitlines()[0])
    assert doc.indicators and all(i.span.text is None and i.span.end > i.span.start for i in doc.indicators)


def test_an_unknown_spans_mode_is_refused(tmp_path):
    make_corpus(tmp_path / "in", 1)
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--spans", "short"])
    assert result.exit_code != 0
    assert "offsets" in result.output
