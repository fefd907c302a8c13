"""Tables in the formats researchers open: CSV (``excel=True``: UTF-8 with BOM, so that Excel reads the
Chinese), Stata ``.dta`` (version 118: Unicode strings, Chinese variable labels from
pipeline/data/column_labels.yaml, valid variable names) and parquet.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .rules import RulesError, load_rules, read_rules
from .rules.column_labels import ColumnLabels

LABELS = Path(__file__).resolve().parent / "data" / "column_labels.yaml"
FORMATS = ("csv", "dta", "parquet")
STATA_VERSION = 118
_STATA_MAX_STR = 2045  # bytes; longer strings must be strL
# Stata and Mata reserved words (the set pandas checks): a column so named is renamed with a trailing _.
_STATA_RESERVED = frozenset("""NULL _N _all _b _coef _cons _n _pi _pred _rc _se _skip aggregate array boolean break
byte case catch class colvector complex const continue default delegate delete do double else eltypedef end enum
explicit export external float for friend function global goto if in inline int local long pragma protected quad
rowvector short strL typedef typename using virtual with""".split())


#: a malformed column_labels.yaml (the one error class of pipeline/rules)
LabelsError = RulesError


@lru_cache(maxsize=1)
def labels(path: Path = LABELS) -> dict[str, str]:
    model = load_rules(LABELS.name, ColumnLabels) if path == LABELS else read_rules(path, ColumnLabels)
    return dict(model.root)


def stata_name(column: str, taken: set[str]) -> str:
    """A valid, unique Stata variable name: letters, digits, _; not opening with a digit; 32 characters.

    >>> taken = set(); stata_name("in", taken), stata_name("2024 value", taken), stata_name("城市", taken)
    ('in_', '_2024_value', 'v3')
    """
    name = re.sub(r"[^A-Za-z0-9_]", "_", column)[:32]
    if not name or not re.search(r"[A-Za-z0-9]", name):
        name = f"v{len(taken) + 1}"
    if name[0].isdigit():
        name = ("_" + name)[:32]
    if name in _STATA_RESERVED:
        name = name + "_"
    base, k = name, 1
    while name in taken:
        k += 1
        name = f"{base[:32 - len(str(k)) - 1]}_{k}"
    taken.add(name)
    return name


def to_stata_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """(frame, variable labels, strL columns) ready for :meth:`DataFrame.to_stata`: booleans as 0/1,
    text columns as strings ("" for missing: Stata has no missing string), nullable ints as floats."""
    out, names, taken = {}, {}, set()
    for col in df.columns:
        s = df[col]
        name = stata_name(str(col), taken)
        names[col] = name
        if s.dtype == bool:
            s = s.astype("int8")
        elif str(s.dtype) in ("Int64", "Int32", "Int16", "Int8"):
            s = s.astype("float64")
        elif s.dtype == object:
            s = s.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
        out[name] = s
    frame = pd.DataFrame(out, index=df.index)
    known = labels()
    var_labels = {names[c]: known.get(str(c), str(c))[:80] for c in df.columns}
    strl = [n for n in frame.columns if frame[n].dtype == object
            and frame[n].map(lambda v: len(v.encode("utf-8"))).max(initial=0) > _STATA_MAX_STR]
    return frame, var_labels, strl


def write_table(df: pd.DataFrame, path: Path, fmt: str, excel: bool = False) -> None:
    """Write one table; ``excel`` only for CSV (UTF-8 with a BOM)."""
    if fmt == "csv":
        df.to_csv(path, index=False, encoding="utf-8-sig" if excel else "utf-8")
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    elif fmt == "dta":
        frame, var_labels, strl = to_stata_frame(df)
        frame.to_stata(path, write_index=False, version=STATA_VERSION, variable_labels=var_labels,
                       convert_strl=strl)
    else:
        raise ValueError(f"unknown format {fmt!r} ({', '.join(FORMATS)})")
