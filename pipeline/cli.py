"""Command line: ``policy-measures`` (also ``python -m pipeline``)."""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import typer

from .batch import DEFAULT_MAX_MEMORY_MB, BatchOptions, Scan, iter_tasks, run_tasks
from .output import SPAN_MODES, LineWriter, document_line, repair_and_collect
from .forkserver import start_forkserver, stop_forkserver

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract campaigns, measures, indicators, accountability clauses and metadata "
                       "from Chinese government work-style documents into JSONL.")


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., help="files, folders (recursive) or globs: .txt .html .htm .docx .jsonl"),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL to write, one document per line"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="worker processes"),
    resume: bool = typer.Option(False, "--resume", help="skip doc_ids already complete in OUTPUT, repair a torn last line"),
    errors: Optional[Path] = typer.Option(None, "--errors", help="JSONL of error records (default: OUTPUT.errors.jsonl)"),
    id_field: str = typer.Option("id", "--id-field", help="id field of .jsonl corpora"),
    text_field: str = typer.Option("text", "--text-field", help="text field of .jsonl corpora"),
    max_bytes: int = typer.Option(32 * 1024 * 1024, "--max-bytes", help="size limit per document (bytes)"),
    time_limit: float = typer.Option(120.0, "--time-limit", help="time limit per document (seconds, 0 = none)"),
    max_memory: int = typer.Option(DEFAULT_MAX_MEMORY_MB, "--max-memory", min=0, help="memory budget per worker process (MB of resident memory, 0 = none); a document that needs more gets a MemoryLimit error record"),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="progress bar on stderr"),
    fsync: bool = typer.Option(False, "--fsync", help="fsync after every record (slower, survives power loss)"),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) | dask (a Dask cluster; OUTPUT is a folder of part-NNNNN.jsonl)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster of --workers processes"),
    partition_size: int = typer.Option(64, "--partition-size", min=1, help="documents per Dask partition"),
    spans: str = typer.Option("full", "--spans", help="full | offsets: spans with their text, or offsets only (much smaller output for batch runs; the text is doc_text[start:end])"),
    explain: bool = typer.Option(False, "--explain", help="record on each item the ids of the rules that made it, and on each document the candidates rules turned down (rule ids of pipeline/data)"),
    meta: Optional[Path] = typer.Option(None, "--meta", help="manifest CSV/TSV: doc_id plus any of province, city, county, year, doc_type, date, issuer (other columns kept as attributes); fills or overrides the metadata read from the text"),
) -> None:
    """Extract documents to OUTPUT (JSONL); failed documents go to the errors file. Exit 1 if any failed."""
    if engine == "local":
        start_forkserver()
    manifest = _load_manifest(meta)
    opts = BatchOptions(jsonl_id_field=id_field, jsonl_text_field=text_field, max_bytes=max_bytes,
                        time_limit=time_limit, max_memory_mb=max_memory, spans=_spans_mode(spans),
                        extract_options={"explain": True} if explain else {})
    scan = Scan()
    if engine == "dask":
        if manifest is not None:
            raise typer.BadParameter("--meta works with the local engine only", param_hint="--meta")
        _extract_dask(paths, output, opts, scan, scheduler, workers, partition_size, resume)
        return
    if engine != "local":
        raise typer.BadParameter(f"unknown engine {engine!r} (local, dask)", param_hint="--engine")
    errors = errors if errors is not None else output.with_name(output.name + ".errors.jsonl")
    done = _resume_from(output) if resume else set()
    tasks = (t for t in iter_tasks(paths, opts, scan, exclude=(output, errors)) if t.doc_id not in done)
    _warn_excluded(scan)
    bar = _progress_bar(scan.inputs, len(done)) if progress else None
    started = time.monotonic()
    tally = _write_outcomes(run_tasks(tasks, opts, workers=workers), output, errors, manifest, bar,
                            append=resume, fsync=fsync, spans=opts.spans)
    _summarise(tally, scan, errors, len(done) if resume else None, time.monotonic() - started)
    if manifest is not None and manifest.unused():
        _err(f"manifest: {len(manifest.unused())} doc_ids of {meta} matched no document "
             f"(e.g. {', '.join(manifest.unused()[:3])})")
    if tally.failed or scan.missing:
        raise typer.Exit(code=1)


def _summarise(tally: "_Tally", scan: Scan, errors: Path, done: Optional[int], elapsed: float) -> None:
    for missing in scan.missing:
        _err(f"not found: {missing}")
    _err(tally.summary() + (f" (see {errors})" if tally.failed else "")
         + f", skipped {len(scan.skipped)} unsupported files"
         + (f", {done} already done" if done is not None else "")
         + f" in {elapsed:.1f}s")


@dataclass
class _Tally:
    written: int = 0
    failed: int = 0
    with_warnings: int = 0

    def summary(self) -> str:
        return f"written {self.written} documents ({self.with_warnings} with warnings), failed {self.failed}"


def _resume_from(output: Path) -> set[str]:
    """The doc_ids already complete in ``output``, after cutting a torn last line."""
    done, cut = repair_and_collect(output)
    if cut:
        _err(f"resume: removed a torn last line ({cut} bytes) from {output}")
    _err(f"resume: {len(done)} documents already complete in {output}")
    return done


def _progress_bar(total: Optional[int], done: int):
    from tqdm import tqdm

    return tqdm(total=max(total - done, 0) if total is not None else None, unit="doc", file=sys.stderr,
                dynamic_ncols=True, disable=None)


def _write_outcomes(outcomes, output: Path, errors: Path, manifest, bar, append: bool, fsync: bool,
                    spans: str = "full") -> _Tally:
    """Write each finished document to ``output`` and each failure to ``errors`` (opened at the first one)."""
    tally = _Tally()
    out = LineWriter(output, append=append, fsync=fsync)
    err_out: LineWriter | None = None
    try:
        for outcome in outcomes:
            if outcome.ok:
                out.write(_with_manifest(outcome.line, manifest, spans) if manifest is not None else outcome.line)
                tally.written += 1
                tally.with_warnings += outcome.warnings > 0
            else:
                if err_out is None:
                    err_out = LineWriter(errors, append=False, fsync=fsync)
                err_out.write(outcome.line)
                tally.failed += 1
                rec = json.loads(outcome.line)
                _err(f"failed: {rec['doc_id']} ({rec['error_type']}): {rec['message']}")
            if bar is not None:
                bar.update(1)
    finally:
        out.close()
        if err_out is not None:
            err_out.close()
        if bar is not None:
            bar.close()
        stop_forkserver()
    return tally


def _load_manifest(path: Optional[Path]):
    if path is None:
        return None
    from .manifest import ManifestError, load

    try:
        return load(path)
    except (ManifestError, OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--meta") from None


def _with_manifest(line: str, manifest, spans: str = "full") -> str:
    # Applied to the finished record in the writing process: workers and batch.py stay manifest-free.
    from .manifest import apply
    from .models import Document

    return document_line(apply(Document.model_validate_json(line), manifest), spans)


def _spans_mode(spans: str) -> str:
    if spans not in SPAN_MODES:
        raise typer.BadParameter(f"{spans!r} is not one of {', '.join(SPAN_MODES)}", param_hint="--spans")
    return spans


def _extract_dask(paths, out_dir: Path, opts: BatchOptions, scan: Scan, scheduler, workers: int,
                  partition_size: int, resume: bool) -> None:
    from .engine_dask import run_dask

    tally, skipped_parts = _Tally(), 0
    started = time.monotonic()
    tasks = iter_tasks(paths, opts, scan, exclude=(out_dir,))
    _warn_excluded(scan)
    for part in run_dask(tasks, out_dir, opts, scheduler=scheduler, workers=workers,
                         partition_size=partition_size, resume=resume):
        tally.written += part.written
        tally.failed += part.failed
        tally.with_warnings += part.with_warnings
        skipped_parts += part.skipped
    _err(tally.summary()
         + f", skipped {len(scan.skipped)} unsupported files"
         + (f", {skipped_parts} partitions already done" if resume else "")
         + f" in {time.monotonic() - started:.1f}s -> {out_dir}/part-*.jsonl")
    for missing in scan.missing:
        _err(f"not found: {missing}")
    if tally.failed or scan.missing:
        raise typer.Exit(code=1)


def _warn_excluded(scan: Scan) -> None:
    for path in scan.excluded:
        _err(f"skipped {path}: it is this run's output (or errors file), never read as input")


@app.command()
def schema(
    output: Path = typer.Option(Path("schemas/document.schema.json"), "--output", "-o", help="where to write the JSON Schema"),
) -> None:
    """Write the JSON Schema of one output record (generated from the pydantic models)."""
    from .schema import schema_json

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(schema_json(), encoding="utf-8")
    _err(f"wrote {output}")


@app.command()
def rules(
    corpora: Optional[List[str]] = typer.Argument(None, help="with --unused: files, folders, globs or .jsonl corpora"),
    write_schema: bool = typer.Option(False, "--schema", help="write a JSON Schema per rule data file"),
    output: Path = typer.Option(Path("schemas/rules"), "--output", "-o", help="folder for the schemas"),
    unused: bool = typer.Option(False, "--unused", help="list the rule ids that never fire on CORPORA"),
    id_field: str = typer.Option("id", "--id-field", help="id field of .jsonl corpora"),
    text_field: str = typer.Option("text", "--text-field", help="text field of .jsonl corpora"),
) -> None:
    """Check the rule data files of pipeline/data against their models (pipeline/rules); with --schema,
    write their JSON Schemas (NAME.schema.json) so an editor validates the files while they are edited;
    with --unused CORPORA, report (Markdown) the rule ids that never fire on them."""
    from .rules import MODELS, RulesError, load_rules, model_of, schema_text

    if unused:
        from .rules.usage import fired, texts, unused_report

        if not corpora:
            raise typer.BadParameter("--unused needs at least one corpus", param_hint="CORPORA")
        counts, n = fired(texts(corpora, id_field, text_field))
        typer.echo(unused_report(counts, n, list(corpora)), nl=False)
        return
    if write_schema:
        output.mkdir(parents=True, exist_ok=True)
        for name in MODELS:
            path = output / f"{name.rsplit('.', 1)[0]}.schema.json"
            path.write_text(schema_text(name), encoding="utf-8")
            _err(f"wrote {path}")
        return
    failed = False
    for name in MODELS:
        try:
            load_rules(name, model_of(name))
            typer.echo(f"ok\t{name}\t{MODELS[name].split(':')[1]}")
        except RulesError as exc:
            failed = True
            typer.echo(f"error\t{exc}")
    if failed:
        raise typer.Exit(code=1)


@app.command()
def units(
    as_json: bool = typer.Option(False, "--json", help="one JSON object per line instead of a table"),
) -> None:
    """Print the unit registry: every written unit, its traditional forms, canonical unit, kind,
    dimension, currency and SI value of one unit (pipeline/data/units.yaml)."""
    import json

    from .normalize.units import registry_rows

    rows = registry_rows()
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    header = ["written", "traditional", "unit", "kind", "dimension", "currency", "1 unit in SI"]
    typer.echo("\t".join(header))
    for r in rows:
        si = f"{r['si_per_unit']:g} {r['si_unit']}" if r["si_per_unit"] is not None else (r["si_unit"] or "")
        typer.echo("\t".join([r["written"], " ".join(r["traditional"]), r["unit"], r["kind"],
                              r["dimension"] or "", r["currency"] or "", si]))


@app.command("train-classifier")
def train_classifier(
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", "-o", help="where to write the model and its report (default: the package's data folder)"),
    corpus_dir: Optional[Path] = typer.Option(None, "--corpus", help="unlabelled reports for weak supervision (default: ../shared/corpus)"),
    seed: int = typer.Option(0, "--seed", help="random seed of the held-out split and the model"),
    rules_threshold: Optional[float] = typer.Option(
        0.0, "--rules-threshold",
        help="rules decide an item when their confidence reaches this, the model the rest (0 = rules whenever "
             "they find evidence, chosen on annotated real documents; 2 = model only; omit with --cv-threshold)"),
    cv_threshold: bool = typer.Option(False, "--cv-threshold", help="choose the threshold by cross-validation on the written headings"),
) -> None:
    """Train the measure-category classifier (rules label the weak data) and write its training report."""
    from .classify.train import train_classifier as train

    report = train(output_dir=output_dir, seed=seed, corpus_dir=corpus_dir,
                   rules_threshold=None if cv_threshold else rules_threshold)
    held = report.get("held_out", {})
    training = report.get("training", {})
    typer.echo(f"trained on {training.get('hand_labelled')} hand-labelled and {training.get('weak_labelled')} "
               f"weakly labelled items; held-out ({held.get('n')} items): model accuracy "
               f"{held.get('model_accuracy')}, rules-only accuracy {held.get('rules_accuracy')}; shipped rules "
               f"threshold {report.get('rules_threshold')} ({report.get('rules_threshold_source')})")


def _register_optional() -> None:
    # Commands that live in their own modules plug in here.
    try:
        from . import cli_research
    except ImportError:
        return
    cli_research.register(app)


_register_optional()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
