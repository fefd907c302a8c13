"""What the rule files share: their error class and the literal alternation their word lists compile to.

Every data file under ``pipeline/data`` is read through ``pipeline.rules.load_rules`` (a pydantic model
per file); the hand-written checkers that were here are gone.
"""
from __future__ import annotations

from typing import Iterable

import regex

from ..rules.loader import RulesError

#: A data file under pipeline/data is malformed: the one error class of pipeline/rules.
DataFileError = RulesError


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` literally, longest first.

    >>> alternation(["活动", "主题活动", "年"])
    '主题活动|活动|年'
    >>> alternation([])
    '(?!)'
    """
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in items) or "(?!)"
