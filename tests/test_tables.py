"""Tidy tables of output records, and JSONL read back into models."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.models import Document
from pipeline.tables import COLUMNS, DOC_KEYS, LIST_SEP, JsonlError, read_jsonl, to_frames
from tests.research_docs import documents, texts

ERRORS = yaml.safe_load((Path(__file__).parent / "cases" / "written" / "jsonl_errors.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return documents()


@pytest.fixture(scope="module")
def frames(docs):
    return to_frames(docs)


def test_one_table_per_item_type_with_the_declared_columns(frames):
    assert set(frames) == {"documents", "campaigns", "measures", "indicators", "accountability"}
    for name, df in frames.items():
        assert list(df.columns) == list(COLUMNS[name])
        assert list(df.columns[: len(DOC_KEYS)]) == list(DOC_KEYS)


def test_one_row_per_item(frames, docs):
    assert len(frames["documents"]) == len(docs)
    assert len(frames["measures"]) == sum(len(d.measures) for d in docs)
    assert len(frames["indicators"]) == sum(len(d.indicators) for d in docs)
    assert len(frames["accountability"]) == sum(len(d.accountability) for d in docs)
    assert len(frames["campaigns"]) == sum(len(d.campaigns) for d in docs)


def test_document_keys_on_every_row(frames, docs):
    by_id = {d.doc_id: d for d in docs}
    for name, df in frames.items():
        for row in df.itertuples(index=False):
            d = by_id[row.doc_id]
            assert row.city == (d.region.city if d.region else None), name
            assert row.adcode == (d.region.adcode if d.region else None), name
            assert (None if pd.isna(row.year) else row.year) == d.year, name
            assert row.doc_type == d.doc_type, name


def test_spans_are_start_end_text_into_the_document_text(frames):
    text_of = texts()
    for name in ("campaigns", "measures", "indicators", "accountability"):
        for row in frames[name].itertuples(index=False):
            assert text_of[row.doc_id][row.start:row.end] == row.text, (name, row.text)


def test_values_and_enums_are_plain_scalars(frames):
    ind = frames["indicators"].set_index(["doc_id", "indicator_id"])
    row = ind.loc[("wuhu-2023", "i3")]
    assert (row["value"], row["from_value"], row["unit"]) == (5.0, 20.0, "工作日")
    # the model default Qualifier.exact must come out as its value, also in CSV
    assert set(frames["indicators"]["qualifier"]) <= {"exact", "approx", "at_least", "at_most"}
    acc = frames["accountability"].set_index("doc_id")
    assert acc.loc["wuhu-2023", "actions"].split(LIST_SEP) == ["notice", "rectification_order"]


def test_unknowns_are_none_not_nan(frames):
    docs_df = frames["documents"].set_index("doc_id")
    assert docs_df.loc["anon-county", "city"] is None
    assert docs_df.loc["wuhu-2024", "title"] is None
    assert pd.isna(docs_df.loc["anon-county", "year"])
    assert frames["measures"]["parent"].iloc[0] is None


def test_dtypes_are_stable(frames):
    ind = frames["indicators"]
    assert str(ind["start"].dtype) == "Int64" and str(ind["year"].dtype) == "Int64"
    assert ind["value"].dtype == "float64"


def test_empty_input_gives_empty_tables_with_columns():
    frames = to_frames([])
    for name, df in frames.items():
        assert df.empty and list(df.columns) == list(COLUMNS[name])


def test_csv_round_trip_keeps_the_rows(frames, tmp_path):
    path = tmp_path / "indicators.csv"
    frames["indicators"].to_csv(path, index=False)
    back = pd.read_csv(path)
    assert back["text"].tolist() == frames["indicators"]["text"].tolist()
    assert back["qualifier"].tolist() == frames["indicators"]["qualifier"].tolist()


def test_read_jsonl_validates_records_back_into_models(docs, tmp_path):
    path = tmp_path / "out.jsonl"
    # a BOM and CRLF line ends, as an editor on Windows may leave them
    path.write_text("\ufeff" + "".join(d.model_dump_json() + "\r\n" for d in docs) + "\n", encoding="utf-8")
    back = list(read_jsonl(path))
    assert [d.model_dump() for d in back] == [d.model_dump(mode="json") for d in docs]


@pytest.mark.parametrize("case", ERRORS, ids=[c["name"] for c in ERRORS])
def test_read_jsonl_names_the_bad_line(case, docs, tmp_path):
    path = tmp_path / "bad.jsonl"
    if "content_bytes_hex" in case:
        content = bytes.fromhex(case["content_bytes_hex"])
    else:
        content = case["content"].encode("utf-8")
    path.write_bytes(content.replace(b"{valid}", docs[0].model_dump_json().encode("utf-8")))
    with pytest.raises(JsonlError) as err:
        list(read_jsonl(path))
    assert case["message"] in str(err.value)
    assert str(path) in str(err.value)
    assert isinstance(err.value, ValueError)


def test_top_level_api_exposes_tables(tmp_path):
    import pipeline

    doc = pipeline.extract("某县2019年效能建设工作总结\n一、强化督查。全年明察暗访12次，办结率达到99%。", doc_id="t1")
    out = tmp_path / "o.jsonl"
    out.write_text(doc.model_dump_json() + "\n", encoding="utf-8")
    docs = list(pipeline.read_jsonl(out))
    frames = pipeline.to_frames(docs)
    assert docs[0] == doc
    assert list(frames["indicators"]["doc_id"]) == ["t1"] * len(doc.indicators) and len(doc.indicators) == 2
