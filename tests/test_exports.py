"""Exports researchers open: Excel CSV (BOM), Stata .dta (labels, valid names), parquet; every row kept,
place columns and adcode in every table."""
from __future__ import annotations

import re

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli_research import register
from pipeline.exports import labels, to_stata_frame
from pipeline.tables import COLUMNS, to_frames
from tests.research_docs import documents

runner = CliRunner()
PLACE = ("province", "city", "county", "adcode")


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture()
def corpus(tmp_path):
    out = tmp_path / "out.jsonl"
    docs = documents()
    # one very long span: Stata needs strL beyond 2045 bytes
    long = docs[0].model_copy(deep=True)
    long.doc_id = "long"
    long.measures[0].span.text = "很" * 3000
    with out.open("w", encoding="utf-8") as fh:
        for doc in docs + [long]:
            fh.write(doc.model_dump_json() + "\n")
    return out, to_frames(docs + [long])


pytestmark = pytest.mark.filterwarnings("error::pandas.io.stata.InvalidColumnName")


def _read(path, fmt):
    if fmt == "dta":
        return pd.read_stata(path)
    return pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path, encoding="utf-8-sig")


@pytest.mark.parametrize("fmt, extra", [("csv", ["--excel"]), ("csv", []), ("dta", []), ("parquet", [])])
def test_every_table_opens_with_pandas_and_keeps_every_row(app, corpus, tmp_path, fmt, extra):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    jsonl, frames = corpus
    out = tmp_path / "t"
    result = runner.invoke(app, ["export", str(jsonl), "--to", str(out), "--format", fmt, *extra])
    assert result.exit_code == 0, result.output
    for name, expected in frames.items():
        df = _read(out / f"{name}.{fmt}", fmt)
        assert len(df) == len(expected) > 0, name
        assert set(PLACE) <= set(df.columns), name
        # Chinese survives the round trip
        cities = {c for c in df["city"] if isinstance(c, str) and c}
        assert cities == {c for c in expected["city"] if c}, name
    if extra == ["--excel"]:
        assert (out / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    elif fmt == "csv":
        assert not (out / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_stata_file_keeps_chinese_labels_and_valid_names(app, corpus, tmp_path):
    jsonl, frames = corpus
    runner.invoke(app, ["export", str(jsonl), "--to", str(tmp_path), "--format", "dta"])
    with pd.io.stata.StataReader(tmp_path / "measures.dta") as reader:
        var_labels = reader.variable_labels()
        data = reader.read()
    assert var_labels["city"] == labels()["city"] and "市" in var_labels["city"]
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", c) for c in data.columns)
    assert (data["text"].str.len() == 3000).any()  # the long span kept whole (strL)
    assert "end_" in data.columns and var_labels["end_"] == labels()["end"]  # a Mata word, renamed


def test_stata_frame_renames_what_stata_refuses():
    df = pd.DataFrame({"in": [1], "2024年": ["x"], "ok": [True]})
    frame, var_labels, strl = to_stata_frame(df)
    assert list(frame.columns) == ["in_", "_2024_", "ok"] and frame["ok"].tolist() == [1]
    assert var_labels["_2024_"] == "2024年" and strl == []


def test_excel_only_with_csv(app, corpus, tmp_path):
    jsonl, _ = corpus
    result = runner.invoke(app, ["export", str(jsonl), "--to", str(tmp_path), "--format", "dta", "--excel"])
    assert result.exit_code == 2


def test_labels_cover_every_exported_column():
    columns = {c for cols in COLUMNS.values() for c in cols}
    assert columns <= set(labels())
