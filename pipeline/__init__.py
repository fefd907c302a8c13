"""policy-measures: typed, source-grounded records from Chinese work-style and efficiency campaign documents."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The subpackage of extractors is imported first, so that the function below, not the subpackage,
# is what ``pipeline.extract`` names. Everything heavy (rules, models) loads on first use: the command
# line starts its fork server before this process pays for them.
from . import extract as _extractors  # noqa: F401

if TYPE_CHECKING:
    from .models import Document, Source

__version__ = "0.1.0"


def extract(text: str, doc_id: str | None = None, *, source: "Source | None" = None, **options: Any) -> "Document":
    """Extract campaigns, measures, indicators, accountability clauses and metadata from ``text``
    (:func:`pipeline.core.extract`)."""
    from .core import extract as _extract

    return _extract(text, doc_id, source=source, **options)


def __getattr__(name: str):
    if name in ("Document", "SCHEMA_VERSION"):
        from . import models

        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract_file(path, **options):
    """Read one file (txt, html, docx) and extract it; see :mod:`pipeline.readers`."""
    from .batch import extract_file as _extract_file

    return _extract_file(path, **options)


def extract_many(inputs, workers: int = 1, meta=None, **options):
    """Extract a batch (paths, folders, globs, or (doc_id, text) pairs) in input order.

    ``meta``: a manifest (CSV/TSV path, ``{doc_id: {column: value}}`` or a list of row dicts with
    ``doc_id``) whose province, city, county, year, doc_type, date, issuer fill or override what the
    text says; see :mod:`pipeline.manifest`.
    """
    from .batch import extract_many as _extract_many

    results = _extract_many(inputs, workers=workers, **options)
    if meta is None:
        return results
    from .manifest import apply, as_manifest
    from .models import Document

    manifest = as_manifest(meta)
    return (apply(r, manifest) if isinstance(r, Document) else r for r in results)


def to_frames(documents):
    """Tidy pandas DataFrames of extracted documents; see :mod:`pipeline.tables`."""
    from .tables import to_frames as _to_frames

    return _to_frames(documents)


def read_jsonl(path):
    """Validate a JSONL of extracted documents back into :class:`Document` models."""
    from .tables import read_jsonl as _read_jsonl

    return _read_jsonl(path)


def targets(documents, indicators=None, by: str = "city", versus=None):
    """Headline targets against outcomes, place × year × indicator; see :mod:`pipeline.targets`."""
    from .targets import targets as _targets

    return _targets(documents, indicators=indicators, by=by, versus=versus)


__all__ = ["targets", "to_frames", "read_jsonl", "extract", "extract_file", "extract_many", "Document", "SCHEMA_VERSION", "__version__"]
