"""Small helpers to load and validate rule/lexicon data files under ``pipeline/data/``.

Errors name the file and the entry, so a bad edit to a YAML file fails loudly at load time
instead of silently changing what is extracted.
"""
from __future__ import annotations

from importlib import resources
from typing import Any, Iterable

import regex
import yaml

from ..rules.loader import RulesError

#: A data file under pipeline/data is malformed: the one error class of pipeline/rules (files not yet
#: ported to a model still raise it through the helpers below).
DataFileError = RulesError


def load_yaml(filename: str) -> Any:
    """Parsed content of ``pipeline/data/<filename>``."""
    try:
        text = (resources.files("pipeline") / "data" / filename).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"{filename}: file not found in pipeline/data") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{filename}: not valid YAML ({exc})") from exc


def need(filename: str, where: str, value: Any, kind: type | tuple[type, ...]) -> Any:
    """``value`` if it is of ``kind``, else a DataFileError naming file and entry."""
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise DataFileError(f"{filename}: {where} must be {names}, got {value!r}")
    return value


def str_list(filename: str, where: str, value: Any) -> list[str]:
    """A list of non-empty strings (a missing entry is an empty list)."""
    if value is None:
        return []
    need(filename, where, value, list)
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise DataFileError(f"{filename}: {where}[{i}] must be a non-empty string, got {item!r}")
    return list(value)


def compile_regex(filename: str, where: str, pattern: str, flags: int = 0) -> regex.Pattern:
    """Compile ``pattern``; a syntax error names file and entry."""
    need(filename, where, pattern, str)
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise DataFileError(f"{filename}: {where}: bad regex {pattern!r} ({exc})") from exc


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` literally, longest first.

    >>> alternation(["活动", "主题活动", "年"])
    '主题活动|活动|年'
    >>> alternation([])
    '(?!)'
    """
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in items) or "(?!)"
