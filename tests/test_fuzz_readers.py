"""Fuzzing the readers (hypothesis): arbitrary bytes under every supported extension either read
into text or raise ReadError with a kind and a message — never anything else."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core import normalize_text
from pipeline.readers import ReadError, read_document

SEEDS = [b"", b"\xef\xbb\xbf", "效能建设".encode("gbk"), "效能".encode("utf-16"), b"<html><body><p>",
         b"PK\x03\x04", b"\x00\x01\x02", "马上办".encode(), b"<meta charset='big5'>", b"\xff\xfe"]

payloads = st.lists(st.one_of(st.sampled_from(SEEDS), st.binary(max_size=64)), max_size=12).map(b"".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads, st.sampled_from([".txt", ".html", ".htm", ".docx"]))
def test_readers_fail_only_with_read_error(payload, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(payload)
        try:
            doc = read_document(path)
        except ReadError as exc:
            assert exc.kind and str(exc)
        else:
            assert isinstance(doc.text, str)
            assert "\r" not in normalize_text(doc.text)
            assert doc.source.chars == len(doc.text)
