"""The models of ``pipeline/data/units.yaml`` and ``quantity_rules.yaml`` (read by pipeline/normalize/units.py)."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field, model_validator

from .types import CharSet, PositiveNumber, RuleModel, Word, Words, words_of

Kind = Literal["count", "duration", "money", "physical", "ratio", "score"]


class UnitEntry(RuleModel):
    """A unit as written, its canonical form and quantity kind."""
    written: Word = Field(description="as in the width-folded text")
    unit: Word = Field(description="canonical unit (SCHEMA.md, Indicator.unit)")
    kind: Kind
    scale: PositiveNumber = Field(1.0, description="multiplies the value (‰ -> % is 0.1)")
    not_before: CharSet = Field("", description="characters that, right after the unit, make it part of another word")
    arabic_only: bool = Field(False, description="only after digits (十分 is a word, 7分 a score)")
    followed_by: Words = Field([], description="the unit counts only before one of these (5日内)")
    dimension: Optional[Word] = Field(None, description="what a physical unit measures (length, mass …; age)")
    pint: Optional[str] = Field(None, description="the unit in pint's notation, for SI values")
    currency: Optional[Annotated[str, Field(pattern=r"^[A-Z]{3}$")]] = Field(None, description="ISO 4217 code")
    context: Words = Field([], description="one of these must stand shortly before the number")

    @model_validator(mode="after")
    def _currency_on_money(self):
        if (self.currency is None) != (self.kind != "money"):
            raise ValueError("a money unit needs its currency (an ISO 4217 code), and only a money unit has one")
        return self


class Units(RuleModel):
    """Units and measure words that make a number an indicator."""
    pint_definitions: list[Word] = Field([], description="units pint does not know (亩, 市斤)")
    si_units: dict[Word, Word] = Field({}, description="dimension -> the SI unit values are given in")
    multipliers: dict[Word, PositiveNumber] = Field({}, description="multiplier words folded into the value")
    count_not_before: CharSet = Field("", description="characters after a count word that make it another word")
    units: list[UnitEntry]

    @model_validator(mode="after")
    def _consistent(self):
        seen: dict[str, UnitEntry] = {}
        first: dict[str, UnitEntry] = {}
        for u in self.units:
            if u.written in seen:
                raise ValueError(f"unit {u.written!r} is listed twice")
            seen[u.written] = u
            if u.pint is not None and u.dimension not in self.si_units:
                raise ValueError(f"{u.written!r}: pint needs a dimension listed in si_units")
            f = first.setdefault(u.unit, u)
            if (f.kind, f.pint, f.currency) != (u.kind, u.pint, u.currency):
                raise ValueError(f"unit {u.unit!r} is written {f.written!r} and {u.written!r} "
                                 f"with different kind, pint form or currency")
        return self


class Direction(RuleModel):
    """Verbs right before a number that make it a change up or down (下降3.5%)."""
    up: Words = []
    down: Words = []
    between: Words = Field([], description="words allowed between the verb and the number")
    not_before: CharSet = Field("", description="not read: a verb must stand right before the number, "
                                              "so 增长率5% is never a change")

    @model_validator(mode="after")
    def _one_direction(self):
        both = sorted(set(words_of(self.up)) & set(words_of(self.down)))
        if both:
            raise ValueError(f"{both} listed both up and down")
        return self


class QuantityRules(RuleModel):
    """How a quantity's sign and direction are read."""
    direction: Direction
    minus_after: CharSet = Field("", description="characters after which a '-' glued to a number is a minus")
    negative_after: CharSet = Field("", description="characters after which 负 glued to a number is a minus")
    negative_words: Words = Field([], description="words right before a number that make it negative")
