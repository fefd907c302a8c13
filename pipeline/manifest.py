"""Metadata from a manifest: a CSV/TSV with ``doc_id`` and any of province, city, county, year, doc_type,
date, issuer. A manifest value fills or overrides what was read from the text; place names are resolved
through the region table to official names and adcodes as of the document's time (丽水 → 丽水市 331100).
Other columns are kept as written in ``Document.attributes``. ``Document.from_manifest`` lists the fields
the manifest set, and ``region.source`` says whether the place came from the manifest or the text.

Corpora come this way (the place in a file name or an index, the text opening 各位代表：), so a
researcher's own index is the authority where it speaks.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .models import DocType, Document, Region
from .normalize.regions import Unit, resolve

PLACE_COLUMNS = ("province", "city", "county")
KNOWN_COLUMNS = PLACE_COLUMNS + ("year", "doc_type", "date", "issuer")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISSUER_SEP = re.compile(r"[|;；、]")


class ManifestError(ValueError):
    """A manifest that cannot be used: no doc_id column, a duplicate id, a malformed value."""


@dataclass
class Manifest:
    rows: dict[str, dict[str, str]]  # doc_id -> non-empty cells
    path: str | None = None
    used: set[str] = field(default_factory=set)

    def unused(self) -> list[str]:
        return sorted(set(self.rows) - self.used)


def load(path: str | Path) -> Manifest:
    """Read a manifest (``.tsv``/``.tab`` tab-separated, otherwise comma-separated; UTF-8 with or without BOM).

    Values are checked here, so that a bad row is reported with its line before any extraction.
    """
    path = Path(path)
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        if not reader.fieldnames or "doc_id" not in [c.strip() for c in reader.fieldnames]:
            raise ManifestError(f"{path}: needs a doc_id column (got {reader.fieldnames})")
        rows: dict[str, dict[str, str]] = {}
        for lineno, raw in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
            doc_id = row.pop("doc_id")
            if not doc_id:
                raise ManifestError(f"{path}:{lineno}: empty doc_id")
            if doc_id in rows:
                raise ManifestError(f"{path}:{lineno}: doc_id {doc_id!r} listed twice")
            cells = {k: v for k, v in row.items() if v}
            problem = _check(cells)
            if problem:
                raise ManifestError(f"{path}:{lineno}: {problem}")
            rows[doc_id] = cells
    return Manifest(rows, str(path))


def from_mapping(rows: Mapping[str, Mapping[str, object]] | Iterable[Mapping[str, object]]) -> Manifest:
    """A manifest from Python: ``{doc_id: {column: value}}`` or an iterable of dicts with ``doc_id``."""
    items = rows.items() if isinstance(rows, Mapping) else ((r["doc_id"], r) for r in rows)
    out: dict[str, dict[str, str]] = {}
    for doc_id, row in items:
        cells = {str(k): str(v).strip() for k, v in row.items() if k != "doc_id" and v is not None
                 and str(v).strip() and str(v) != "nan"}
        problem = _check(cells)
        if problem:
            raise ManifestError(f"doc_id {doc_id!r}: {problem}")
        out[str(doc_id)] = cells
    return Manifest(out)


def as_manifest(meta) -> Manifest:
    """A Manifest from a path, a mapping ``{doc_id: row}``, row dicts, or a Manifest."""
    if isinstance(meta, Manifest):
        return meta
    if isinstance(meta, (str, Path)):
        return load(meta)
    if hasattr(meta, "to_dict") and hasattr(meta, "columns"):  # a pandas DataFrame
        return from_mapping(meta.to_dict("records"))
    return from_mapping(meta)


def _check(cells: dict[str, str]) -> str | None:
    if "year" in cells and not re.fullmatch(r"\d{4}", cells["year"]):
        return f"year must be four digits, got {cells['year']!r}"
    if "doc_type" in cells and cells["doc_type"] not in {t.value for t in DocType}:
        return f"doc_type must be one of {', '.join(t.value for t in DocType)}, got {cells['doc_type']!r}"
    if "date" in cells and not _DATE.match(cells["date"]):
        return f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {cells['date']!r}"
    return None


def apply(document: Document, manifest: Manifest) -> Document:
    """``document`` with the manifest's row for its doc_id applied (unchanged when it has none)."""
    row = manifest.rows.get(document.doc_id)
    if row is None:
        return document
    manifest.used.add(document.doc_id)
    update: dict = {}
    warnings = list(document.warnings)
    set_fields: list[str] = []
    if "year" in row:
        update["year"] = int(row["year"])
        set_fields.append("year")
    if "doc_type" in row:
        update["doc_type"] = row["doc_type"]
        set_fields.append("doc_type")
    if "date" in row:
        update["date"] = row["date"]
        set_fields.append("date")
    if "issuer" in row:
        update["issuer"] = [p.strip() for p in _ISSUER_SEP.split(row["issuer"]) if p.strip()]
        set_fields.append("issuer")
    if any(c in row for c in PLACE_COLUMNS):
        date = update.get("date", document.date)
        year = update.get("year", document.year)
        when = date[:7] if date and len(date) >= 7 else (f"{year}-06" if year else None)
        update["region"], notes = place(row, document.region, when)
        warnings += notes
        set_fields.append("region")
    update["warnings"] = warnings
    update["from_manifest"] = sorted(set(document.from_manifest) | set(set_fields))
    update["attributes"] = {**document.attributes, **{k: v for k, v in row.items() if k not in KNOWN_COLUMNS}}
    return document.model_copy(update=update)


def place(row: Mapping[str, str], text_region: Region | None, when: str | None) -> tuple[Region, list[str]]:
    """The Region a manifest row names, each level resolved inside the one above it. The manifest sets the
    level too: a city row makes a city-level region even when the text pointed at one of its counties
    (a city's report naming 兴宾区 in its last lines). The text's span is kept when it names the same unit."""
    notes: list[str] = []
    units: dict[str, Unit | None] = {}
    within = None
    for level in PLACE_COLUMNS:
        name = row.get(level)
        if not name:
            continue
        unit = resolve(name, when=when, within=within, level=level)
        if unit is None:
            notes.append(f"manifest: {level} {name!r} is not in the region table; kept as written")
        units[level] = unit
        within = unit.name if unit else within
    lowest = next((lv for lv in reversed(PLACE_COLUMNS) if lv in units), None)
    known = next((units[lv] for lv in reversed(PLACE_COLUMNS) if units.get(lv) is not None), None)
    province = city = county = None
    if known is not None:
        # Official names from the table; a county-level city under its province (天门) stands as the city,
        # as the real-text annotators read it (corpora/real/README_c.md, README_i.md).
        province, city, county = known.names()
    # Names the table does not know stay as the manifest writes them (and then no adcode is claimed).
    for lv in PLACE_COLUMNS:
        if row.get(lv) and units.get(lv) is None:
            province, city, county = (row[lv] if lv == "province" else province, row[lv] if lv == "city" else city,
                                      row[lv] if lv == "county" else county)
    unit = units.get(lowest) if lowest else None
    level = ("city" if unit.under_province else unit.level) if unit is not None else lowest
    adcode = unit.adcode if unit is not None else None
    name = span = None
    if text_region is not None and adcode and text_region.adcode == adcode:
        name, span = text_region.name, text_region.span  # the text names the same unit: keep its span
    return Region(province=province, city=city, county=county, level=level, adcode=adcode, name=name, span=span,
                  source="manifest"), notes


def apply_all(documents: Iterable[Document], manifest: Manifest) -> Iterable[Document]:
    for d in documents:
        yield apply(d, manifest)
