"""Comparable tables over a corpus (pipeline/crosstab.py) and the self-contained report page, also as a
headless browser renders it."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline import compare as cmp
from pipeline import crosstab
from pipeline.campaign_keys import assign
from pipeline.cli_research import register
from pipeline.models import Region
from pipeline.report import render_report_html
from tests.research_docs import documents

pytest.importorskip("matplotlib")
runner = CliRunner()
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def docs():
    return assign(documents())


def test_indicator_table_holds_the_headline_value_of_each_place(docs):
    table = crosstab.indicator_table(docs)
    headlines = cmp.compare(docs)
    headlines = headlines[headlines["headline"] & headlines["place"].notna()]
    assert len(headlines) > 0
    for _, h in headlines.iterrows():
        row = table[table["city"] == h["place"]]
        assert len(row) == 1 and row[h["indicator"]].iloc[0] == h["value"], (h["place"], h["indicator"])
    assert {"province", "city", "adcode"} <= set(table.columns)


def test_period_splits_the_columns_when_the_model_has_it(docs):
    doc = next(d for d in docs if d.region and d.region.city and d.indicators).model_copy(deep=True)
    canonical = [i for i in doc.indicators if i.indicator]
    # the period field is being added to Indicator elsewhere; set it the way the model will hold it
    object.__setattr__(canonical[0], "period", 2023)
    table = crosstab.indicator_table([doc])
    assert f"{canonical[0].indicator}@2023" in table.columns


def test_category_counts_add_up_to_the_measures(docs):
    counts = crosstab.category_counts(docs)
    categories = [c for c in counts.columns if c not in ("province", "city", "adcode", "n_documents", "n_measures")]
    assert (counts[categories].sum(axis=1) == counts["n_measures"]).all()
    placed = [d for d in docs if crosstab.place_of(d) is not None]
    assert counts["n_measures"].sum() == sum(len(d.measures) for d in placed)


def test_campaign_spread_counts_places_per_key(docs):
    spread = crosstab.campaign_spread(docs)
    for _, row in spread.iterrows():
        places = {crosstab.place_of(d)[1] for d in docs if crosstab.place_of(d)
                  and any(c.campaign_key == row["campaign_key"] for c in d.campaigns)}
        assert row["n_places"] == len(places)
    per_place = crosstab.campaigns_per_place(docs)
    assert per_place["n_campaigns"].sum() >= len(spread)


def test_provincial_county_city_is_a_city_place():
    from pipeline.models import Document, Source

    d = Document(doc_id="t", source=Source(chars=0), region=Region(province="湖北省", county="天门市", level="county",
                                                                    adcode="429006"))
    assert crosstab.place_of(d) == ("湖北省", "天门市", "429006")


@pytest.fixture(scope="module")
def page(tmp_path_factory, docs) -> Path:
    out = tmp_path_factory.mktemp("report")
    jsonl = out / "corpus.jsonl"
    jsonl.write_text("".join(d.model_dump_json() + "\n" for d in documents()), encoding="utf-8")
    app = typer.Typer()
    register(app)
    result = runner.invoke(app, ["report", str(jsonl), "-o", str(out / "report.html")])
    assert result.exit_code == 0, result.output
    return out / "report.html"


def test_report_is_self_contained(page):
    html = page.read_text(encoding="utf-8")
    assert len(re.findall(r'<img alt="[^"]*" src="data:image/png;base64,', html)) == 3
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # nothing fetched from a network
    assert "<script" not in html
    for anchor in ('id="indicators"', 'id="categories"', 'id="campaigns"', 'id="sources"'):
        assert anchor in html


def test_report_renders_as_html_string_for_an_empty_corpus():
    html = render_report_html([])
    assert "No indicator" in html and "No campaigns" in html


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")
def test_report_in_the_browser(page, tmp_path, docs):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([str(CHROMIUM), *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120, check=False)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("data:image/png;base64,") == 3 and dom.stdout.count("<table") >= 4
    cities = {d.region.city for d in docs if d.region and d.region.city}
    assert all(city in dom.stdout for city in cities)
    shot = tmp_path / "report.png"
    result = subprocess.run([str(CHROMIUM), *flags, f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri()],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_report_shows_targets_against_the_national_line():
    import pipeline

    def report(doc_id, text, city):
        doc = pipeline.extract(text, doc_id=doc_id)
        doc.region = Region(province="某某省", city=city, level="city", name=city)
        return doc

    docs = [report(f"c{k}", f"二、2024年工作安排\n今年主要预期目标是：地区生产总值增长{v}%左右。\n", f"{name}市")
            for k, (name, v) in enumerate([("甲", 6), ("乙", 5.5), ("丙", 7)])]
    docs.append(pipeline.extract("二、2024年工作安排\n今年发展主要预期目标是：国内生产总值增长5%左右。\n", doc_id="n"))
    page = render_report_html(docs)
    assert 'id="targets"' in page and "GDP-growth targets, 2024" in page
    assert "3 places state a 2024 target; the national target is 5%" in page
    section = page[page.index('id="targets"'):page.index('id="categories"')]
    assert section.count("data:image/png;base64,") == 1 and "7%左右" in section
