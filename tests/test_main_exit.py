"""The console entry leaves without tearing its heap down: same exit status, output and exit handlers."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args, **kw):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=120, **kw)


def test_extract_writes_everything_and_exits_zero(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("某市2023年机关效能建设工作总结\n一、强化督查。全年办结率达到98%。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = _run(["-m", "pipeline", "extract", str(doc), "-o", str(out), "--no-progress", "--workers", "1"])
    assert res.returncode == 0, res.stderr
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["indicators"][0]["value"] == 98
    assert "written 1 documents" in res.stderr + res.stdout


def test_usage_error_keeps_its_status():
    res = _run(["-m", "pipeline", "extract", "nothing.txt"])  # no -o
    assert res.returncode == 2
    assert "--output" in res.stderr


def test_exit_runs_handlers_flushes_and_reports_a_message(tmp_path):
    marker = tmp_path / "handler-ran"
    code = ("import atexit, sys; from pathlib import Path; from pipeline.__main__ import _exit; "
            f"atexit.register(lambda: Path({str(marker)!r}).write_text('yes')); "
            "sys.stdout.write('buffered, no newline'); _exit('boom')")
    res = _run(["-c", code])
    assert res.returncode == 1
    assert res.stdout == "buffered, no newline"
    assert "boom" in res.stderr
    assert marker.read_text() == "yes"
