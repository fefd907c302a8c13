"""compare(): every value per place and indicator, a headline by the stated rule; mixes; renderers."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import yaml
from rich.console import Console

from pipeline.compare import (HEADLINE_RULE, UNCATEGORISED, UNKNOWN_PLACE, action_mix, category_mix, compare,
                              to_csv, to_markdown, to_rich_table)
from pipeline.models import Document, Indicator, Region, Source, Span
from tests.research_docs import documents

HEADLINES = yaml.safe_load((Path(__file__).parent / "cases" / "written" / "headline_rule.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def docs():
    return documents()


def _doc(doc_id: str, year, values: list[tuple], city="芜湖市") -> Document:
    text = "办结率" * 10 + "95%"
    indicators = [Indicator(indicator="completion_rate", value=v, unit="%", status=status,
                            span=Span.of(text, start, start + 3)) for v, status, start in values]
    return Document(doc_id=doc_id, source=Source(chars=len(text)), year=year,
                    region=Region(province="安徽省", city=city, level="city"), indicators=indicators)


@pytest.mark.parametrize("case", HEADLINES, ids=[c["name"] for c in HEADLINES])
def test_headline_rule(case):
    by_doc: dict[int, list] = {}
    for k, (doc_no, year, status, start) in enumerate(case["values"]):
        by_doc.setdefault(doc_no, {"year": year, "values": []})["values"].append((float(k), status, start))
    docs = [_doc(f"d{n}", by_doc[n]["year"], by_doc[n]["values"]) for n in sorted(by_doc)]
    df = compare(docs)
    assert len(df) == len(case["values"])  # every value is kept
    assert df["headline"].sum() == 1
    assert df.loc[df["headline"], "value"].item() == float(case["headline"])
    assert bool(df.iloc[0]["headline"])  # headline first within its group


def test_every_value_kept_with_its_source(docs):
    df = compare(docs)
    wuhu = df[(df.place == "芜湖市") & (df.indicator == "ontime_completion_rate")]
    assert sorted(wuhu["doc_id"]) == ["wuhu-2023", "wuhu-2024"]
    row = wuhu[wuhu.doc_id == "wuhu-2023"].iloc[0]
    assert (row.value, row.qualifier, row.status, row.text) == (99.2, "exact", "achieved", "99.2%")
    assert row.end - row.start == len(row.text)
    # the 2024 target is the headline: latest year first
    assert wuhu[wuhu.headline].doc_id.item() == "wuhu-2024"


def test_values_without_canonical_indicator_are_left_out(docs):
    df = compare(docs)
    assert df["indicator"].notna().all()
    assert "2起" not in set(df["text"])


def test_filters_by_indicator_and_year(docs):
    df = compare(docs, indicators=["ontime_completion_rate"], years=[2023])
    assert set(df.indicator) == {"ontime_completion_rate"}
    assert set(df.doc_id) == {"wuhu-2023", "xuancheng-2023"}
    assert df.headline.all()


def test_by_province_groups_cities_together(docs):
    df = compare(docs, indicators=["ontime_completion_rate"], by="province")
    anhui = df[df.place == "安徽省"]
    assert len(anhui) == 3 and anhui.headline.sum() == 1
    assert anhui[anhui.headline].doc_id.item() == "wuhu-2024"


def test_unknown_place_is_kept_but_never_merged(docs):
    twin = docs[3].model_copy(update={"doc_id": "anon-2"})
    df = compare(docs + [twin], indicators=["ontime_completion_rate"])
    unknown = df[df.place.isna()]
    assert sorted(unknown.doc_id) == ["anon-2", "anon-county"]
    assert unknown.headline.all()  # one headline per anonymous document


def test_same_county_name_in_two_cities_stays_apart():
    a = _doc("a", 2023, [(90.0, "achieved", 0)]).model_copy(
        update={"region": Region(province="甲省", city="甲市", county="城关区", level="county")})
    b = _doc("b", 2023, [(80.0, "achieved", 0)]).model_copy(
        update={"region": Region(province="甲省", city="乙市", county="城关区", level="county")})
    df = compare([a, b], by="county")
    assert df.headline.all() and len(df) == 2


def test_bad_level_is_refused(docs):
    with pytest.raises(ValueError, match="by must be one of"):
        compare(docs, by="town")


def test_empty_comparison_has_columns():
    df = compare([])
    assert df.empty and "headline" in df.columns


def test_category_mix_normalised_by_measures(docs):
    mix = category_mix(docs)
    assert mix.loc["芜湖市", "n_measures"] == 5
    assert mix.loc["芜湖市", "streamlining"] == pytest.approx(2 / 5)
    assert mix.loc["宣城市", "e_government"] == pytest.approx(1 / 3)
    shares = mix.drop(columns="n_measures")
    assert shares.loc[["芜湖市", "宣城市"]].sum(axis=1).tolist() == pytest.approx([1.0, 1.0])
    assert UNCATEGORISED in mix.columns
    assert mix.loc[UNKNOWN_PLACE].drop("n_measures").isna().all()  # no measures: no shares


def test_action_mix_counts_sanctions_per_measure(docs):
    mix = action_mix(docs)
    assert mix.loc["芜湖市", "notice"] == pytest.approx(1 / 5)
    assert mix.loc["芜湖市", "interview"] == pytest.approx(1 / 5)
    assert mix.loc["宣城市", "accountability"] == pytest.approx(1 / 3)
    assert mix.loc["芜湖市", "dismissal"] == 0


def test_markdown_table_is_well_formed(docs):
    md = to_markdown(compare(docs))
    lines = md.splitlines()
    assert lines[0].startswith("| headline | place | indicator | value")
    assert len({line.count(" | ") for line in lines}) == 1  # same number of cells on every line
    assert "≥99 %" in md and "5 工作日 (from 20)" in md and "★" in md


def test_csv_keeps_all_columns(docs):
    df = compare(docs)
    back = pd.read_csv(io.StringIO(to_csv(df)))
    assert list(back.columns) == list(df.columns) and len(back) == len(df)
    mix = pd.read_csv(io.StringIO(to_csv(category_mix(docs))))
    assert mix.columns[0] == "city"


def test_rich_table_states_the_rule(docs):
    console = Console(record=True, width=200)
    console.print(to_rich_table(compare(docs), title="t"))
    out = console.export_text()
    assert "芜湖市" in out and "ontime_completion_rate" in out
    assert HEADLINE_RULE.split(",")[0] in " ".join(out.split())
