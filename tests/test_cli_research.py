"""Research commands: export, compare, evaluate, show; bad JSONL input fails clearly with exit code 2."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli_research import register
from pipeline.tables import COLUMNS
from tests.research_docs import documents, texts, write_gold_set

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """Text files and a JSONL of their records, each pointing at its file through source.path."""
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for doc in documents():
            path = tmp_path / f"{doc.doc_id}.txt"
            path.write_text(texts()[doc.doc_id], encoding="utf-8")
            doc.source.path = str(path)
            fh.write(doc.model_dump_json() + "\n")
    return out


BAD_INPUTS = {
    "empty": ("", "no records"),
    "blank lines": ("\n\n", "no records"),
    "broken JSON": ('{"doc_id": ', ":1: not valid JSON"),
    "not a record": ('{"doc_id": "x"}\n', ":1: not a valid document record"),
}


def _commands(bad: Path, tmp_path: Path) -> dict[str, list[str]]:
    gold = write_gold_set(tmp_path / "gold")
    return {
        "export": ["export", str(bad), "--to", str(tmp_path / "tables")],
        "compare": ["compare", str(bad)],
        "evaluate": ["evaluate", "--gold", str(gold), "--pred", str(bad)],
        "show": ["show", str(bad)],
        "show --index": ["show", "--index", str(bad), "-o", str(tmp_path / "site")],
    }


# evaluate scores any JSON records, as the reference scorer does, so a partial record is not an error there.
BAD_CASES = [(command, bad) for command in ("export", "compare", "evaluate", "show", "show --index")
             for bad in BAD_INPUTS if (command, bad) != ("evaluate", "not a record")]


@pytest.mark.parametrize("command, bad_input", BAD_CASES, ids=[f"{c}-{b}" for c, b in BAD_CASES])
def test_bad_jsonl_fails_with_a_clear_message(app, tmp_path, command, bad_input):
    content, message = BAD_INPUTS[bad_input]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    result = runner.invoke(app, _commands(bad, tmp_path)[command])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr and "bad.jsonl" in result.stderr
    assert "Traceback" not in result.output


def test_missing_jsonl_fails_clearly(app, tmp_path):
    result = runner.invoke(app, ["compare", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_writes_every_table(app, corpus, tmp_path, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    result = runner.invoke(app, ["export", str(corpus), "--to", str(tmp_path / "t"), "--format", fmt])
    assert result.exit_code == 0, result.output
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    for name, columns in COLUMNS.items():
        df = read(tmp_path / "t" / f"{name}.{fmt}")
        assert list(df.columns) == list(columns)
    assert len(read(tmp_path / "t" / f"indicators.{fmt}")) == sum(len(d.indicators) for d in documents())


def test_compare_formats(app, corpus):
    md = runner.invoke(app, ["compare", str(corpus), "--format", "markdown", "--indicator", "ontime_completion_rate"])
    assert md.exit_code == 0 and md.stdout.startswith("| headline | place |")
    assert set(line.split(" | ")[2] for line in md.stdout.splitlines()[2:]) == {"ontime_completion_rate"}
    csv = runner.invoke(app, ["compare", str(corpus), "--format", "csv", "--year", "2024"])
    assert csv.exit_code == 0 and set(pd.read_csv(pd.io.common.StringIO(csv.stdout))["doc_id"]) == {"wuhu-2024"}
    table = runner.invoke(app, ["compare", str(corpus), "--by", "province"])
    assert table.exit_code == 0 and "安徽省" in table.stdout
    mix = runner.invoke(app, ["compare", str(corpus), "--mix", "category", "--format", "csv"])
    assert mix.exit_code == 0 and mix.stdout.startswith("city,n_measures,supervision")


def test_compare_refuses_unknown_level(app, corpus):
    result = runner.invoke(app, ["compare", str(corpus), "--by", "town"])
    assert result.exit_code == 2


def test_evaluate_prints_scores_and_writes_metrics(app, corpus, tmp_path):
    gold = write_gold_set(tmp_path / "gold")
    metrics = tmp_path / "metrics.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(corpus),
                                 "--output", str(metrics), "--details"])
    assert result.exit_code == 0, result.output
    assert "documents: 4" in result.stdout and "F1 1.000" in result.stdout
    saved = json.loads(metrics.read_text(encoding="utf-8"))
    assert saved["result"]["indicators"]["tp"] == 13 and saved["details"] == []


def test_evaluate_scores_partial_records(app, tmp_path):
    gold = write_gold_set(tmp_path / "gold")
    pred = tmp_path / "partial.jsonl"
    pred.write_text('{"doc_id": "wuhu-2023", "campaigns": [{"name": "马上办"}]}\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 0 and "(tp 1 fp 0 fn 1)" in result.stdout


def test_evaluate_names_a_bad_gold_folder(app, corpus, tmp_path):
    result = runner.invoke(app, ["evaluate", "--gold", str(tmp_path / "none"), "--pred", str(corpus)])
    assert result.exit_code == 2 and "no *.gold.json" in result.stderr


def test_show_one_record_of_a_jsonl(app, corpus, tmp_path):
    page = tmp_path / "page.html"
    result = runner.invoke(app, ["show", str(corpus), "--doc-id", "wuhu-2023", "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert 'class="pm-indicator' in html and "not highlighted" not in html


def test_show_needs_a_doc_id_when_several_records(app, corpus):
    result = runner.invoke(app, ["show", str(corpus)])
    assert result.exit_code == 2 and "--doc-id" in result.stderr
    result = runner.invoke(app, ["show", str(corpus), "--doc-id", "nope"])
    assert result.exit_code == 2 and "no record with doc_id 'nope'" in result.stderr


def test_show_record_without_source_path_asks_for_text(app, tmp_path):
    out = tmp_path / "one.jsonl"
    out.write_text(documents()[0].model_dump_json() + "\n", encoding="utf-8")
    result = runner.invoke(app, ["show", str(out)])
    assert result.exit_code == 2 and "--text" in result.stderr
    text = tmp_path / "doc.txt"
    text.write_text(texts()["wuhu-2023"], encoding="utf-8")
    result = runner.invoke(app, ["show", str(out), "--text", str(text)])
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")


def test_show_extracts_a_text_file(app, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("一、优化营商环境\n审批时限压缩至3个工作日以内。\n", encoding="utf-8")
    page = tmp_path / "plan.html"
    result = runner.invoke(app, ["show", str(path), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "审批时限压缩至" in page.read_text(encoding="utf-8")


def test_show_missing_file(app, tmp_path):
    result = runner.invoke(app, ["show", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_show_index_writes_pages_and_index(app, corpus, tmp_path):
    site = tmp_path / "site"
    result = runner.invoke(app, ["show", "--index", str(corpus), "-o", str(site)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in site.iterdir())
    assert names == sorted(["index.html"] + [f"{d.doc_id}.html" for d in documents()])
    index = (site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{d.doc_id}.html"' in index for d in documents())


def test_show_index_skips_records_without_text(app, corpus, tmp_path):
    (tmp_path / "wuhu-2024.txt").unlink()
    site = tmp_path / "site"
    result = runner.invoke(app, ["show", "--index", str(corpus), "-o", str(site)])
    assert result.exit_code == 0
    assert "1 skipped" in result.stderr and not (site / "wuhu-2024.html").exists()
