"""Hostile and broken inputs in one batch: each becomes a document with a warning or an error
record with a clear message, the batch goes on, and written + failed == inputs."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

GOOD = "桐庐县2020年机关效能建设工作总结\n一、强化督查。全年开展明察暗访24次，对3个单位进行通报批评。\n"
HTML = ("<html><head><meta charset='utf-8'><title>某县推进马上办</title></head><body><div>首页 | 登录</div>"
        "<article><h1>某县推进马上办</h1><p>今年以来，该县受理审批事项1.2万件，按时办结率99.1%。</p>"
        "<p>对工作不力的2个单位主要负责人进行约谈。</p></article></body></html>")

# name -> (bytes, expected: "ok" | "ok+warning" | error_type)
CASES = {
    "good.txt": (GOOD.encode(), "ok"),
    "binary.txt": (bytes(range(256)) * 64, "BinaryFile"),
    "zero.txt": (b"", "EmptyFile"),
    "invalid_utf8.txt": ((GOOD * 30).encode() + b"\xc3\x28\xa0\xa1" + GOOD.encode(), "ok+warning"),
    "gbk_labelled_utf8.html": (HTML.encode("gbk"), "ok+warning"),
    "cut_mid_tag.html": (HTML.encode()[: HTML.encode().index(b"</p>") + 2], "ok"),
    "not_a_zip.docx": (b"PK\x03\x04 this is not really a zip archive", "InvalidDocx"),
    "gbk.txt": (GOOD.encode("gbk"), "ok+warning"),
    "utf16.txt": (GOOD.encode("utf-16"), "ok+warning"),
}


def reader_warned(doc: dict) -> bool:
    """A warning from the reader (encoding, undecodable bytes, markup), not from an extractor."""
    return any(k in w for w in doc["warnings"] for k in ("encoding", "charset", "U+FFFD", "HTML"))


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (payload, _) in CASES.items():
        (folder / name).write_bytes(payload)
    (folder / "dangling.txt").symlink_to(folder / "does-not-exist.txt")
    (folder / "corpus.jsonl").write_text(
        json.dumps({"id": "j1", "text": GOOD}, ensure_ascii=False) + "\n{broken\n"
        + json.dumps({"id": "j3", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def test_hostile_batch(hostile_folder, tmp_path):
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = CliRunner().invoke(app, ["extract", str(hostile_folder), "-o", str(out), "--errors", str(errors),
                                      "--no-progress", "--workers", "2"])
    assert result.exit_code == 1
    docs = {d["doc_id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    errs = {e["doc_id"]: e for e in map(json.loads, errors.read_text(encoding="utf-8").splitlines())}
    inputs = len(CASES) + 1 + 3  # the files, the dangling link, three JSONL lines
    assert len(docs) + len(errs) == inputs
    assert not set(docs) & set(errs)
    for name, (_, expected) in CASES.items():
        stem = name.rsplit(".", 1)[0]
        if expected.startswith("ok"):
            assert stem in docs, f"{name}: {errs.get(stem)}"
            assert reader_warned(docs[stem]) == (expected == "ok+warning"), (name, docs[stem]["warnings"])
        else:
            assert errs[stem]["error_type"] == expected, (name, errs.get(stem))
    assert errs["dangling"]["error_type"] == "Unreadable"
    assert errs["corpus:2"]["error_type"] == "BadJsonlLine"
    assert {"j1", "j3"} <= set(docs)
    assert docs["gbk"]["source"]["encoding"] == "gb18030"
    assert docs["utf16"]["source"]["encoding"].startswith("utf")
    for err in errs.values():
        assert err["message"] and err["path"]


def test_a_50_mb_document_gets_an_error_record_naming_the_size_limit(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        chunk = ("全市行政审批事项办结率达到99.5%。" * 1000 + "\n").encode()
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(big), str(tmp_path / "small.txt"), "-o", str(out), "--no-progress"])
    assert result.exit_code == 1
    err = json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8"))
    assert err["doc_id"] == "huge" and err["error_type"] == "TooLarge" and "size limit" in err["message"]
    assert [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["small"]
