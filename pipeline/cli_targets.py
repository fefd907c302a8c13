"""``policy-measures targets``: headline targets against outcomes, place × year × indicator."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .models import RegionLevel, name_enum


TargetsFormat = name_enum("TargetsFormat", "csv markdown parquet", __name__)
Versus = name_enum("Versus", "superior", __name__)


def targets(
    jsonl: Annotated[Path, typer.Argument(help="JSONL of extracted documents")],
    indicator: Annotated[Optional[list[str]], typer.Option("--indicator", help="indicator id (repeatable); default: the headline ids")] = None,
    by: Annotated[RegionLevel, typer.Option("--by", help="places at this level (national reports are always kept)")] = RegionLevel.city,
    versus: Annotated[Optional[Versus], typer.Option("--versus", help="superior: add the superior place's target and the difference")] = None,
    format: Annotated[TargetsFormat, typer.Option("--format")] = TargetsFormat.csv,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="write to this file (required for parquet)")] = None,
) -> None:
    """Headline targets against outcomes: one row per place, year and indicator, with each number's document and span."""
    from . import compare as cmp
    from .cli_research import fail, load_documents
    from .targets import targets as target_table

    df = target_table(load_documents(jsonl), indicators=indicator, by=by.value,
                      versus=versus.value if versus else None)
    if df.empty:
        typer.echo("note: no target or outcome with a year and a headline indicator id", err=True)
    if format is TargetsFormat.parquet:
        if output is None:
            raise fail("--format parquet needs -o FILE")
        output.parent.mkdir(parents=True, exist_ok=True)
        df.to_parquet(output, index=False)
        typer.echo(f"wrote {output} ({len(df)} rows)", err=True)
        return
    text = cmp.to_csv(df) if format is TargetsFormat.csv else cmp.to_markdown(df) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output} ({len(df)} rows)", err=True)
