"""Field types shared by the rule models: regexes that must compile, non-empty words, counts."""
from __future__ import annotations

from typing import Annotated, Union

import pydantic
import regex
from pydantic import AfterValidator, ConfigDict, Field


def _compiles(pattern: str) -> str:
    try:
        regex.compile(pattern)
    except regex.error as exc:
        raise ValueError(f"bad regex {pattern!r} ({exc})") from None
    return pattern


#: a pattern of the ``regex`` module (\p{Han}, possessive quantifiers, variable look-behinds)
Regex = Annotated[str, AfterValidator(_compiles),
                  Field(json_schema_extra={"description": "a regular expression (Python `regex` module)"})]
#: a non-empty word or phrase, matched literally
Word = Annotated[str, Field(min_length=1)]
#: characters matched one by one (a character class written out)
Chars = str
#: a count or size that may be zero
Count = Annotated[int, Field(ge=0)]
#: a count or size of at least one
Positive = Annotated[int, Field(ge=1)]


class RuleModel(pydantic.BaseModel):
    """A part of a rule file: unknown keys are errors (a misspelt key would otherwise do nothing)."""
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
#: a regular expression that may not be empty
Pattern = Annotated[str, Field(min_length=1), AfterValidator(_compiles),
                    Field(json_schema_extra={"description": "a regular expression (Python `regex` module)"})]
#: a weight: an integer stays an integer (it may reach the output)
Number = Union[int, float]


def with_group(name: str):
    """A validator: the regex has a ``(?P<name>...)`` group."""
    def check(pattern: str) -> str:
        if name not in regex.compile(pattern).groupindex:
            raise ValueError(f"needs a (?P<{name}>...) group")
        return pattern
    return AfterValidator(check)
