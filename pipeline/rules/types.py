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


#: a share in (0, 1] (a similarity threshold)
Ratio = Annotated[float, Field(gt=0, le=1)]
#: a positive factor: an integer stays an integer
PositiveNumber = Annotated[Union[int, float], Field(gt=0)]
#: a rule id: stable, snake_case, unique in its file (explain output and `rules --unused` name rules by it)
RuleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class Examples(RuleModel):
    """Phrases written for the rule (never copied from a corpus): each `hit` must fire it, no `miss` may."""
    hit: list[Word] = Field(min_length=1)
    miss: list[Word] = []


class Documented(RuleModel):
    """A rule with an id and runnable examples (tests/test_rule_examples.py runs them)."""
    id: RuleId
    examples: Examples
