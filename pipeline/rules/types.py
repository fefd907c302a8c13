"""Field types shared by the rule models: regexes that must compile, non-empty words, counts."""
from __future__ import annotations

from typing import Annotated, Union, get_args, get_origin

import pydantic
import regex
from pydantic import AfterValidator, ConfigDict, Discriminator, Field, Tag

from .. import regex_cache


def _compiles(pattern: str) -> str:
    try:
        regex_cache.compile(pattern)
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
    # defer_build: a rule file loaded from the cache (loader) is never validated, and its models never
    # need their validators (0.04 s of start-up); they are built on the first validation
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)
#: a regular expression that may not be empty
Pattern = Annotated[str, Field(min_length=1), AfterValidator(_compiles),
                    Field(json_schema_extra={"description": "a regular expression (Python `regex` module)"})]
#: a weight: an integer stays an integer (it may reach the output)
Number = Union[int, float]


def with_group(name: str):
    """A validator: the regex has a ``(?P<name>...)`` group."""
    def check(pattern):
        if name not in regex_cache.compile(pattern if isinstance(pattern, str) else pattern_of(pattern)).groupindex:
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


class PatternRule(Documented):
    """A regex with its id and examples."""
    pattern: Regex


class WordsRule(Documented):
    """A word list with its id and examples."""
    words: list[Word]


class WordRule(Documented):
    """One word with its id and examples."""
    word: Word


class CharsRule(Documented):
    """A character set (characters matched one by one) with its id and examples."""
    chars: Chars = Field(min_length=1)


class PatternsRule(Documented):
    """A list of regexes read one by one (each counts on its own, they are not one alternation), with one id
    and examples."""
    patterns: list[Pattern]


def _shape(value) -> str:
    # the branch a value's YAML shape selects: errors then name that branch only (the loader drops the
    # "<...>" tag from the key path)
    return "<text>" if isinstance(value, str) else "<list>" if isinstance(value, list) else "<rule>"


def shapes(bare, rule):
    """A value written ``bare`` (a text or a list) or as ``rule`` (a model with an id and examples)."""
    base = get_args(bare)[0] if get_origin(bare) is Annotated else bare
    tag = "<list>" if get_origin(base) is list else "<text>"
    return Annotated[Union[Annotated[bare, Tag(tag)], Annotated[rule, Tag("<rule>")]], Discriminator(_shape)]


#: a regex written bare, as one rule with an id and examples, or as a list of such rules (alternatives)
Exclusion = Annotated[Union[Annotated[Regex, Tag("<text>")], Annotated[PatternRule, Tag("<rule>")],
                            Annotated[list[PatternRule], Tag("<list>")]], Discriminator(_shape)]
#: a regex that is no exclusion, in the same shapes (a bare regex, or a rule with an id and examples)
Patterned = Exclusion
#: one regex of a list: written bare or as a rule with an id and examples
OnePattern = shapes(Regex, PatternRule)
#: a word list written bare, or with an id and examples
Words = shapes(list[Word], WordsRule)
#: a character set written bare, or with an id and examples
CharSet = shapes(Chars, CharsRule)
#: one word written bare, or with an id and examples
OneWord = shapes(Word, WordRule)
#: a list of regexes read one by one, written bare or with an id and examples
Patterns = shapes(list[Pattern], PatternsRule)


def pattern_of(value) -> str:
    """The regex of an :data:`Exclusion`: a list of rules is their alternation, as written."""
    if isinstance(value, str):
        return value
    if isinstance(value, PatternRule):
        return value.pattern
    return "|".join(p.pattern for p in value)


def parts_of(value, default_id: str) -> tuple[tuple[str, str], ...]:
    """(id, regex) of each alternative of an :data:`Exclusion` (a bare regex gets ``default_id``)."""
    if isinstance(value, str):
        return ((default_id, value),)
    if isinstance(value, PatternRule):
        return ((value.id, value.pattern),)
    return tuple((p.id, p.pattern) for p in value)


def words_of(value) -> list[str]:
    """The words of a :data:`Words` value."""
    return value.words if isinstance(value, WordsRule) else value


def chars_of(value) -> str:
    """The characters of a :data:`CharSet` value."""
    return value.chars if isinstance(value, CharsRule) else value


def patterns_of(value) -> list[str]:
    """The regexes of a :data:`Patterns` value (or of any rule with ``patterns``)."""
    return value if isinstance(value, list) else value.patterns


def word_of(value) -> str:
    """The word of a :data:`OneWord` value."""
    return value.word if isinstance(value, WordRule) else value
