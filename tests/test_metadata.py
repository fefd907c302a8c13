"""Title, issuer, date, year, doc_type (table-driven: tests/cases/metadata_written.yaml) and robustness."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from pipeline.context import Context
from pipeline.extract import metadata
from pipeline.rules import RulesError
from pipeline.normalize import doctype

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "metadata_written.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_metadata_written(case):
    meta = metadata.run(Context(text=case["text"]))
    for key, want in case["expect"].items():
        assert getattr(meta, key) == want, f"{key}: {getattr(meta, key)!r} != {want!r}"


@pytest.mark.parametrize("text", [
    "一是一是一是" * 5000,
    "99999999999999999999%" * 100,
    "\x00\x01\ufffd\ud800" * 50,
    "2013年" * 10000,
    "市委" * 10000 + "xx" * 1000,
    "\n" * 10000,
    "关于" + "的通知" * 3000,
])
def test_never_raises_on_odd_text(text):
    ctx = Context(text=text)
    meta = metadata.run(ctx)
    assert not any(w.startswith("metadata: skipped") for w in ctx.warnings), ctx.warnings
    assert meta.doc_type in doctype.TYPES


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("省市区县委年月日0123456789〇一二三xX×某\n,。:朝阳鼓楼富阳北京全我") + [" ", "—"]),
               max_size=300))
def test_spans_point_into_the_text(text):
    ctx = Context(text=text)
    meta = metadata.run(ctx)
    if meta.region and meta.region.span:
        span = meta.region.span
        assert text[span.start:span.end] == span.text
    assert not any(w.startswith("metadata: skipped") for w in ctx.warnings), ctx.warnings


def test_malformed_rules_name_file_entry_and_line(tmp_path):
    bad = tmp_path / "metadata_rules.yaml"
    good = Path(doctype.RULES).read_text(encoding="utf-8")
    line = good[:good.index("speech_line:")].count("\n") + 4  # the pattern key of the speech_line rule
    bad.write_text(good.replace("  pattern: '会议?上", "  pattern: '(会议?上", 1), encoding="utf-8")
    with pytest.raises(doctype.RulesError, match=rf"metadata_rules.yaml:{line}: speech_line.pattern: bad regex"):
        doctype.rules.__wrapped__(bad)
    line = good[:good.index("  review_year:")].count("\n") + 1
    bad.write_text(good.replace("(?P<year>(?:19|20)\\d{2})年(?:工作)?回顾", "((?:19|20)\\d{2})年(?:工作)?回顾", 1),
                   encoding="utf-8")
    with pytest.raises(RulesError, match=rf"metadata_rules.yaml:{line}: work_report.review_year: .*needs a \(\?P<year>"):
        doctype.rules.__wrapped__(bad)
