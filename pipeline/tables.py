"""Output records as tidy pandas tables, and JSONL read back into models.

``to_frames(documents)`` gives one DataFrame per item type, one row per item, each row carrying the
document keys (:data:`DOC_KEYS`) so that any table can be grouped by place or year without a join.
Spans become ``start``/``end``/``text`` columns.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from enum import Enum
from typing import Any

from pydantic import ValidationError

from .models import Document

DOC_KEYS = ("doc_id", "province", "city", "county", "adcode", "year", "doc_type")

# Multi-valued fields (issuer, actions, targets) are joined with this separator so that every cell is a
# scalar and the tables survive CSV; split with ``df[col].str.split(LIST_SEP)``.
LIST_SEP = "|"

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": DOC_KEYS + (
        "title", "date", "issuer", "region_name", "region_level", "region_source", "source_path", "source_format",
        "encoding", "chars", "n_campaigns", "n_measures", "n_indicators", "n_accountability", "n_warnings",
    ),
    "campaigns": DOC_KEYS + ("campaign_id", "campaign_key", "name", "kind", "n_mentions", "start", "end", "text"),
    "measures": DOC_KEYS + (
        "measure_id", "parent", "depth", "marker", "marker_style", "ordinal", "title", "category",
        "category_score", "start", "end", "text",
    ),
    "indicators": DOC_KEYS + (
        "indicator_id", "name", "indicator", "value", "value_max", "from_value", "unit", "quantity_kind",
        "qualifier", "status", "period", "subject", "measure_id", "start", "end", "text",
        "sentence_start", "sentence_end", "sentence_text",
    ),
    "accountability": DOC_KEYS + (
        "accountability_id", "actions", "targets", "condition", "modality", "count", "measure_id",
        "start", "end", "text",
    ),
}

# Nullable integer columns: pandas would otherwise turn an int column with one null into floats.
_INT_COLUMNS = {"year", "period", "chars", "depth", "ordinal", "start", "end", "sentence_start", "sentence_end",
                "n_campaigns", "n_measures", "n_indicators", "n_accountability", "n_warnings", "n_mentions"}
_FLOAT_COLUMNS = {"value", "value_max", "from_value", "category_score"}


def plain(value: Any) -> Any:
    """An enum member as its value: model defaults (``Qualifier.exact``) are not converted by pydantic.

    >>> from pipeline.models import Qualifier
    >>> plain(Qualifier.exact), plain("target"), plain(None)
    ('exact', 'target', None)
    """
    return value.value if isinstance(value, Enum) else value


class JsonlError(ValueError):
    """A JSONL file of documents that cannot be read: empty, not JSON, or not a valid record."""


def doc_keys(document: Document) -> dict[str, Any]:
    """The document key columns of every table row."""
    region = document.region
    return {
        "doc_id": document.doc_id,
        "province": region.province if region else None,
        "city": region.city if region else None,
        "county": region.county if region else None,
        "adcode": region.adcode if region else None,
        "year": document.year,
        "doc_type": document.doc_type,
    }


def _year(value: Any) -> int | None:
    """A year as an int (2023, "2023"), else None: the column stays integer whatever the model holds."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value or "")
    return int(text[:4]) if text[:4].isdigit() and len(text) >= 4 else None


def _span(span) -> dict[str, Any]:
    if span is None:
        return {"start": None, "end": None, "text": None}
    return {"start": span.start, "end": span.end, "text": span.text}


def _joined(values: Iterable[str]) -> str | None:
    values = [str(plain(v)) for v in values]
    return LIST_SEP.join(values) if values else None


def _document_row(keys: dict, d: Document) -> dict:
    return {
        **keys,
        "title": d.title,
        "date": d.date,
        "issuer": _joined(d.issuer),
        "region_name": d.region.name if d.region else None,
        "region_level": d.region.level if d.region else None,
        "region_source": d.region.source if d.region else None,
        "source_path": d.source.path,
        "source_format": d.source.format,
        "encoding": d.source.encoding,
        "chars": d.source.chars,
        "n_campaigns": len(d.campaigns),
        "n_measures": len(d.measures),
        "n_indicators": len(d.indicators),
        "n_accountability": len(d.accountability),
        "n_warnings": len(d.warnings),
    }


def _campaign_rows(keys: dict, d: Document) -> Iterator[dict]:
    for c in d.campaigns:
        # One row per campaign; its span is the first mention (the count tells how many there are).
        first = c.mentions[0] if c.mentions else None
        yield {**keys, "campaign_id": c.id, "campaign_key": c.campaign_key, "name": c.name, "kind": c.kind,
               "n_mentions": len(c.mentions), **_span(first)}


def _measure_rows(keys: dict, d: Document) -> Iterator[dict]:
    for m in d.measures:
        yield {**keys, "measure_id": m.id, "parent": m.parent, "depth": m.depth, "marker": m.marker,
               "marker_style": m.marker_style, "ordinal": m.ordinal, "title": m.title,
               "category": m.category, "category_score": m.category_score, **_span(m.span)}


def _indicator_rows(keys: dict, d: Document) -> Iterator[dict]:
    for i in d.indicators:
        sentence = _span(i.sentence)
        yield {**keys, "indicator_id": i.id, "name": i.name, "indicator": i.indicator, "value": i.value,
               "value_max": i.value_max, "from_value": i.from_value, "unit": i.unit,
               "quantity_kind": i.quantity_kind, "qualifier": i.qualifier, "status": i.status,
               # the year the figure speaks of, once the indicators extractor sets it
               "period": _year(getattr(i, "period", None)),
               "subject": i.subject, "measure_id": i.measure_id, **_span(i.span),
               "sentence_start": sentence["start"], "sentence_end": sentence["end"],
               "sentence_text": sentence["text"]}


def _accountability_rows(keys: dict, d: Document) -> Iterator[dict]:
    for a in d.accountability:
        yield {**keys, "accountability_id": a.id, "actions": _joined(a.actions), "targets": _joined(a.targets),
               "condition": a.condition, "modality": a.modality, "count": a.count,
               "measure_id": a.measure_id, **_span(a.span)}


def typed_frame(rows: list[dict], columns: Iterable[str], ints: Iterable[str] = (), floats: Iterable[str] = (),
                bools: Iterable[str] = ()) -> pd.DataFrame:
    """A DataFrame with stable dtypes: nullable Int64, float64, bool, and object for everything else.

    Object (not pandas' string dtype) so that unknowns stay None rather than NaN, also in an empty table.
    """
    import pandas as pd  # imported here: reading JSONL back (and the CLI's start-up) never needs pandas

    ints, floats, bools = set(ints), set(floats), set(bools)
    data = {}
    for col in columns:
        values = [plain(r.get(col)) for r in rows]
        dtype = "Int64" if col in ints else "float64" if col in floats else "bool" if col in bools else "object"
        data[col] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data)


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return typed_frame(rows, COLUMNS[name], ints=_INT_COLUMNS, floats=_FLOAT_COLUMNS)


def to_frames(documents: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """Tidy tables ``documents``, ``campaigns``, ``measures``, ``indicators``, ``accountability``.

    Every table has the columns of :data:`COLUMNS` (also when empty), one row per item, document keys
    first. ``issuer``, ``actions`` and ``targets`` are joined with :data:`LIST_SEP`.
    """
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for d in documents:
        keys = doc_keys(d)
        rows["documents"].append(_document_row(keys, d))
        rows["campaigns"].extend(_campaign_rows(keys, d))
        rows["measures"].extend(_measure_rows(keys, d))
        rows["indicators"].extend(_indicator_rows(keys, d))
        rows["accountability"].extend(_accountability_rows(keys, d))
    return {name: _frame(name, r) for name, r in rows.items()}


def iter_json_lines(path: str | Path) -> Iterator[tuple[int, dict]]:
    """``(line_number, object)`` for each non-blank line; :class:`JsonlError` naming the line otherwise.

    Raises :class:`JsonlError` too when the file holds no record at all.
    """
    path = Path(path)
    seen = 0
    with path.open("rb") as fh:  # bytes, so that a decoding error can name its line
        for lineno, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise JsonlError(f"{path}:{lineno}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise JsonlError(f"{path}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
            if not isinstance(obj, dict):
                raise JsonlError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
            seen += 1
            yield lineno, obj
    if not seen:
        raise JsonlError(f"{path}: no records (the file is empty)")


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ())) or "record"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err.get('msg')}{more}"


def read_jsonl(path: str | Path) -> Iterator[Document]:
    """Documents of a pipeline JSONL, each validated back into :class:`~pipeline.models.Document`.

    Raises :class:`JsonlError` naming the line of the first malformed record, or when there is none.
    """
    for lineno, obj in iter_json_lines(path):
        try:
            yield Document.model_validate(obj)
        except ValidationError as exc:
            raise JsonlError(f"{path}:{lineno}: not a valid document record: {_first_error(exc)}") from None
