"""Research commands of the CLI: export, compare, evaluate, show.

``register(app)`` adds them to the main Typer app (``pipeline/cli.py``). Every command that reads a
JSONL of records fails with a one-line message on stderr and exit code 2 when the file is missing,
empty or malformed.
"""
from __future__ import annotations

import json
import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .models import Document, RegionLevel, Source, name_enum
from .tables import JsonlError, read_jsonl

BAD_INPUT = 2


def _read_errors() -> tuple[type[BaseException], ...]:
    """What reading a document may raise: OS and decoding errors, and the readers' own ReadError."""
    errors: tuple[type[BaseException], ...] = (OSError, UnicodeDecodeError, ValueError)
    try:
        from .readers import ReadError
    except ImportError:
        return errors
    return errors + (ReadError,)


ExportFormat = name_enum("ExportFormat", "csv parquet dta", __name__)
TableFormat = name_enum("TableFormat", "table csv markdown", __name__)


class Mix(str, Enum):
    values = "values"
    category = "category"
    action = "action"
    indicators = "indicators"            # place × indicator table of headline values
    category_counts = "category-counts"  # measures per category, counted
    campaigns = "campaigns"              # campaigns per place (keys linked across the corpus)
    spread = "spread"                    # campaigns by the number of places running them


def fail(message: str, code: int = BAD_INPUT) -> typer.Exit:
    """Print ``error: message`` on stderr; returns the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=code)


def load_documents(path: Path) -> list[Document]:
    try:
        return list(read_jsonl(path))
    except JsonlError as exc:
        raise fail(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {path}: {exc}") from None


def linked(documents: list[Document]) -> list[Document]:
    """The documents with one campaign_key per campaign across all of them (pipeline/campaign_keys.py)."""
    from .campaign_keys import assign

    return assign(documents)


def read_text(path: str | Path) -> str:
    """The document text of a file as the extraction saw it (via pipeline.readers when available)."""
    try:
        from .readers import read_document
    except ImportError:  # readers not installed in this checkout: plain UTF-8 text files only
        from .core import normalize_text

        return normalize_text(Path(path).read_text(encoding="utf-8"))
    from .core import normalize_text

    return normalize_text(read_document(path).text)


def extract_path(path: Path) -> tuple[Document, str]:
    """Extract one document file; returns the record and its document text."""
    try:
        from .batch import extract_file
    except ImportError:
        from .core import extract

        text = read_text(path)
        source = Source(path=str(path), encoding="utf-8", format=path.suffix.lstrip(".") or "txt", chars=len(text))
        return extract(text, doc_id=path.stem, source=source), text
    return extract_file(path), read_text(path)


def record_text(document: Document, text_path: Optional[Path] = None) -> str:
    """The text a record's spans point into: ``text_path`` if given, else the record's ``source.path``."""
    path = text_path or document.source.path
    if not path:
        raise fail(f"record {document.doc_id!r} has no source.path; pass the document with --text")
    try:
        return read_text(path)
    except _read_errors() as exc:
        raise fail(f"cannot read the text of {document.doc_id!r} from {path}: {exc}") from None


def page_name(doc_id: str, used: set[str]) -> str:
    """A safe, unique file name for a document's page.

    >>> used = set(); page_name("a/b c", used), page_name("a/b c", used)
    ('a_b_c.html', 'a_b_c-2.html')
    """
    stem = re.sub(r"[^\w.-]+", "_", doc_id).strip("._")[:100] or "document"
    name, k = f"{stem}.html", 1
    while name in used:
        k += 1
        name = f"{stem}-{k}.html"
    used.add(name)
    return name


def export(
    jsonl: Annotated[Path, typer.Argument(help="JSONL of extracted documents")],
    to: Annotated[Path, typer.Option("--to", help="folder to write the tables into")],
    format: Annotated[ExportFormat, typer.Option("--format", help="csv, parquet or dta (Stata 14+, Chinese variable labels)")] = ExportFormat.csv,
    excel: Annotated[bool, typer.Option("--excel", help="CSV for Excel: UTF-8 with a byte-order mark")] = False,
) -> None:
    """Write the documents, campaigns, measures, indicators and accountability tables (one row per item,
    each with the place columns and adcode)."""
    from .exports import write_table
    from .tables import to_frames

    if excel and format is not ExportFormat.csv:
        raise fail("--excel applies to --format csv only")
    frames = to_frames(linked(load_documents(jsonl)))
    to.mkdir(parents=True, exist_ok=True)
    for name, df in frames.items():
        path = to / f"{name}.{format.value}"
        try:
            write_table(df, path, format.value, excel=excel)
        except ImportError as exc:
            raise fail(f"{format.value} export needs pyarrow: {exc}", code=1) from None
        typer.echo(f"{path}\t{len(df)} rows")


def compare(
    jsonl: Annotated[Path, typer.Argument(help="JSONL of extracted documents")],
    indicator: Annotated[Optional[list[str]], typer.Option("--indicator", help="indicator id (repeatable)")] = None,
    by: Annotated[RegionLevel, typer.Option("--by", help="compare provinces, cities or counties")] = RegionLevel.city,
    year: Annotated[Optional[list[int]], typer.Option("--year", help="work year (repeatable)")] = None,
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    mix: Annotated[Mix, typer.Option("--mix", help="values; the measure-category / sanction mix; indicators (place × indicator), category-counts, campaigns, spread")] = Mix.values,
) -> None:
    """Compare places: every indicator value (headline flagged), or the category / sanction mix per measure."""
    from . import compare as cmp

    documents = load_documents(jsonl)
    if year:
        documents = [d for d in documents if d.year in set(year)]
    if mix is Mix.values:
        df = cmp.compare(documents, indicators=indicator, by=by.value)
        title = f"Indicator values by {by.value}"
        if df.empty:
            typer.echo("note: no indicator values with a canonical indicator id match", err=True)
    elif mix is Mix.category:
        df, title = cmp.category_mix(documents, by=by.value), f"Measure categories per measure, by {by.value}"
    elif mix is Mix.action:
        df, title = cmp.action_mix(documents, by=by.value), f"Sanctions per measure, by {by.value}"
    else:
        from . import crosstab

        documents = linked(documents)
        if mix is Mix.indicators:
            df = crosstab.indicator_table(documents, by=by.value, indicators=indicator)
            title = f"{by.value} × indicator (headline values)"
        elif mix is Mix.category_counts:
            df, title = crosstab.category_counts(documents, by=by.value), f"Measures per category, by {by.value}"
        elif mix is Mix.campaigns:
            df, title = crosstab.campaigns_per_place(documents, by=by.value), f"Campaigns per {by.value}"
        else:
            df, title = crosstab.campaign_spread(documents, by=by.value), f"Campaigns by number of {by.value} places"
    if format is TableFormat.csv:
        typer.echo(cmp.to_csv(df), nl=False)
    elif format is TableFormat.markdown:
        typer.echo(cmp.to_markdown(df))
    else:
        from rich.console import Console

        Console().print(cmp.to_rich_table(df, title=title))


def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="folder of <doc_id>.txt and <doc_id>.gold.json")],
    pred: Annotated[Path, typer.Option("--pred", help="JSONL written by the pipeline")],
    output: Annotated[Optional[Path], typer.Option("--output", help="write the metrics as JSON")] = None,
    details: Annotated[bool, typer.Option("--details", help="list every false positive and negative")] = False,
) -> None:
    """Score predictions against a gold set (rules of GOLD.md): P/R/F1 per field and attribute accuracy."""
    from .evaluate import GoldError, evaluate as run_evaluation, summary_lines, write_metrics

    try:
        result, problems = run_evaluation(gold, pred)
    except (GoldError, JsonlError) as exc:
        raise fail(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read the predictions: {exc}") from None
    if details:
        for d in problems:
            typer.echo(json.dumps(d, ensure_ascii=False))
    for line in summary_lines(result):
        typer.echo(line)
    if output:
        write_metrics(result, output, problems if details else None)
        typer.echo(f"metrics written to {output}", err=True)


def _write(html_text: str, output: Optional[Path]) -> None:
    if output is None:
        typer.echo(html_text, nl=False)
        return
    if output.parent and not output.parent.exists():
        output.parent.mkdir(parents=True)
    output.write_text(html_text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def _show_index(jsonl: Path, out_dir: Optional[Path]) -> None:
    from .show import IndexEntry, render_document_html, render_index_html

    if out_dir is None:
        raise fail("--index needs -o DIR (the folder for the pages and index.html)")
    documents = load_documents(jsonl)
    out_dir.mkdir(parents=True, exist_ok=True)
    entries, used, skipped = [], {"index.html"}, 0
    for document in documents:
        try:
            text = record_text(document)
        except typer.Exit:  # already explained on stderr; the other pages are still worth writing
            skipped += 1
            continue
        name = page_name(document.doc_id, used)
        (out_dir / name).write_text(render_document_html(document, text), encoding="utf-8")
        entries.append(IndexEntry(document, name))
    (out_dir / "index.html").write_text(render_index_html(entries), encoding="utf-8")
    typer.echo(f"wrote {len(entries)} pages and {out_dir / 'index.html'}"
               + (f"; {skipped} skipped (no text)" if skipped else ""), err=True)
    if not entries:
        raise typer.Exit(code=1)


def show(
    path: Annotated[Optional[Path], typer.Argument(help="a document file (txt, html, docx) or a JSONL of records")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="HTML file (folder with --index)")] = None,
    doc_id: Annotated[Optional[str], typer.Option("--doc-id", help="which record of the JSONL")] = None,
    text: Annotated[Optional[Path], typer.Option("--text", help="document text for a record (else its source.path)")] = None,
    index: Annotated[Optional[Path], typer.Option("--index", help="JSONL: one page per record plus index.html")] = None,
) -> None:
    """Write an HTML page with the extracted items highlighted in the document text."""
    from .show import render_document_html

    if index is not None:
        _show_index(index, output)
        return
    if path is None:
        raise fail("give a document file or a JSONL of records (or --index OUT.jsonl -o DIR)")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        documents = load_documents(path)
        if doc_id is not None:
            documents = [d for d in documents if d.doc_id == doc_id]
            if not documents:
                raise fail(f"no record with doc_id {doc_id!r} in {path}")
        elif len(documents) > 1:
            ids = ", ".join(d.doc_id for d in documents[:5])
            raise fail(f"{path} holds {len(documents)} records; pick one with --doc-id ({ids}, ...)")
        document = documents[0]
        page_text = record_text(document, text)
    else:
        if not path.is_file():
            raise fail(f"no such file: {path}")
        try:
            document, page_text = extract_path(path)
        except _read_errors() as exc:
            raise fail(f"cannot read {path}: {exc}") from None
    _write(render_document_html(document, page_text), output)


def report(
    jsonl: Annotated[Path, typer.Argument(help="JSONL of extracted documents (a corpus)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
    by: Annotated[RegionLevel, typer.Option("--by", help="places at this level")] = RegionLevel.city,
    title: Annotated[str, typer.Option("--title")] = "Cross-place report",
) -> None:
    """Write one self-contained HTML page: place × indicator table, measures per category, campaign
    spread, with plots (no network needed to view it)."""
    from .report import render_report_html

    _write(render_report_html(load_documents(jsonl), by=by.value, title=title), output)


def register(app: typer.Typer) -> None:
    """Add the research commands to ``app``."""
    app.command("export")(export)
    app.command("compare")(compare)
    from .cli_targets import targets

    app.command("targets")(targets)
    app.command("report")(report)
    app.command("evaluate")(evaluate)
    app.command("show")(show)
