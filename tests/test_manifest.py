"""Metadata from a manifest (pipeline/manifest.py): places resolved through the region table, the
manifest's values over the text's, its other columns kept, and its provenance recorded."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.manifest import ManifestError, apply, from_mapping, load

# Work-report openings written for these tests: the place is the text's only where the text names it.
REPORT = "各位代表:\n现在,我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n全市经济回升向好。\n"
FUYANG = "富阳区2023年效能建设工作总结\n一、强化督查。全区组织暗访12次,发现问题20个。\n"


def _doc(text: str, doc_id: str):
    return pipeline.extract(text, doc_id=doc_id)


def test_bare_city_name_resolves_to_official_name_and_adcode():
    manifest = from_mapping({"a": {"city": "丽水"}, "b": {"city": "南京"}})
    a = apply(_doc(REPORT, "a"), manifest)
    assert (a.region.province, a.region.city, a.region.level, a.region.adcode) == ("浙江省", "丽水市", "city", "331100")
    assert a.region.source == "manifest" and a.from_manifest == ["region"]
    b = apply(_doc(REPORT, "b"), manifest)
    assert (b.region.city, b.region.adcode) == ("南京市", "320100")


def test_text_place_is_marked_text_and_kept_without_a_place_column():
    doc = _doc(FUYANG, "f")
    assert doc.region.source == "text" and doc.from_manifest == [] and doc.attributes == {}
    out = apply(doc, from_mapping({"f": {"year": "2022", "batch": "7"}}))
    assert out.region == doc.region  # no place column: the text's place stays, marked text
    assert out.year == 2022 and out.from_manifest == ["year"]
    assert out.attributes == {"batch": "7"}


def test_manifest_sets_the_level_and_keeps_the_span_of_the_same_unit():
    doc = _doc(FUYANG, "f")
    city = apply(doc, from_mapping({"f": {"city": "杭州"}}))
    assert (city.region.city, city.region.county, city.region.adcode) == ("杭州市", None, "330100")
    assert city.region.span is None
    county = apply(doc, from_mapping({"f": {"city": "杭州", "county": "富阳"}}))
    assert (county.region.county, county.region.adcode) == ("富阳区", "330111")  # 富阳 in 2023: the 区
    assert county.region.span == doc.region.span and county.region.source == "manifest"


def test_manifest_overrides_a_wrong_text_place_and_drops_its_span():
    doc = _doc(FUYANG, "f")
    out = apply(doc, from_mapping({"f": {"province": "湖北", "city": "天门", "doc_type": "summary"}}))
    # 天门市 is governed by its province: it stands as the city (the real-text gold convention)
    assert (out.region.province, out.region.city, out.region.county, out.region.adcode) == \
        ("湖北省", "天门市", None, "429006")
    assert out.region.span is None and out.region.name is None
    assert sorted(out.from_manifest) == ["doc_type", "region"]


def test_unknown_place_is_kept_as_written_with_a_warning_and_no_adcode():
    out = apply(_doc(REPORT, "a"), from_mapping({"a": {"province": "浙江", "county": "不存在县"}}))
    assert (out.region.province, out.region.county, out.region.adcode) == ("浙江省", "不存在县", None)
    assert any("不存在县" in w for w in out.warnings)


def test_documents_without_a_row_are_unchanged():
    doc = _doc(FUYANG, "zzz")
    assert apply(doc, from_mapping({"other": {"city": "丽水"}})) == doc


def test_load_reads_csv_with_bom_and_tsv(tmp_path):
    csv_path = tmp_path / "m.csv"
    csv_path.write_text("doc_id,city,year,note\na,丽水,2024,第一批\n", encoding="utf-8-sig")
    tsv_path = tmp_path / "m.tsv"
    tsv_path.write_text("doc_id\tcity\na\t南京\n", encoding="utf-8")
    assert load(csv_path).rows == {"a": {"city": "丽水", "year": "2024", "note": "第一批"}}
    assert load(tsv_path).rows == {"a": {"city": "南京"}}


@pytest.mark.parametrize("body, message", [
    ("city\n丽水\n", "doc_id column"),
    ("doc_id,year\na,24\n", ":2: year"),
    ("doc_id,doc_type\na,report\n", ":2: doc_type"),
    ("doc_id,city\na,丽水\na,南京\n", ":3: doc_id 'a' listed twice"),
])
def test_malformed_manifest_names_its_line(tmp_path, body, message):
    path = tmp_path / "m.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        load(path)


def test_cli_extract_with_meta(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "r1.txt").write_text(REPORT, encoding="utf-8")
    (corpus / "r2.txt").write_text(FUYANG, encoding="utf-8")
    meta = tmp_path / "index.tsv"
    meta.write_text("doc_id\tcity\tsource_file\nr1\t丽水\t丽水2024.txt\nr9\t南京\tx\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(corpus), "-o", str(out), "--meta", str(meta), "--no-progress"])
    assert result.exit_code == 0, result.output
    docs = {d["doc_id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert docs["r1"]["region"]["adcode"] == "331100" and docs["r1"]["region"]["source"] == "manifest"
    assert docs["r1"]["attributes"] == {"source_file": "丽水2024.txt"}
    assert docs["r2"]["region"]["source"] == "text" and docs["r2"]["from_manifest"] == []
    assert "1 doc_ids" in result.output and "r9" in result.output  # the unmatched row is reported


def test_cli_rejects_a_bad_manifest_before_extracting(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    meta = tmp_path / "m.csv"
    meta.write_text("doc_id,year\na,soon\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(out), "--meta", str(meta)])
    assert result.exit_code == 2 and "year" in result.output and not out.exists()


def test_extract_many_takes_meta():
    docs = list(pipeline.extract_many([("a", REPORT), ("b", FUYANG)], meta={"a": {"city": "丽水", "year": 2024}}))
    assert docs[0].region.adcode == "331100" and docs[0].year == 2024
    assert docs[1].region.source == "text"
