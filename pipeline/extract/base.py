"""The extractor contract: each extractor declares its ``name`` (the field of
:class:`pipeline.context.Results` its result goes to), the names it ``requires`` (results it reads),
and returns a typed result from ``run(ctx)``. :class:`Extractors` checks the requirements when it is
built, so that a missing or cyclic requirement fails at start-up rather than as a silent ``None``
in the middle of a batch.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import fields
from typing import ClassVar, Generic, Iterable, TypeVar

from ..context import Context, Results

R = TypeVar("R")


class ExtractorOrderError(ValueError):
    """The extractors cannot be run: a name is unknown, repeated, required but missing, or in a cycle."""


class Extractor(ABC, Generic[R]):
    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def run(self, ctx: Context) -> R:
        """The result of this extractor for one document; reads only ``ctx`` and the results it requires."""

    def __repr__(self) -> str:
        return f"<extractor {self.name} requires={list(self.requires)}>"


# The section reading is filled lazily by sections.sections_of, never by an extractor.
_STORED_BY_EXTRACTORS = frozenset(f.name for f in fields(Results)) - {"sections"}


def dependency_order(extractors: Iterable[Extractor]) -> tuple[Extractor, ...]:
    """The extractors in an order where each runs after those it requires; among those free to run,
    the one listed first goes first, so a list already in a valid order keeps it (the warnings of a
    document are written in run order)."""
    pending = list(extractors)
    names = [e.name for e in pending]
    for e in pending:
        if e.name not in _STORED_BY_EXTRACTORS:
            raise ExtractorOrderError(f"extractor {e.name!r} has no field in Results "
                                      f"({', '.join(sorted(_STORED_BY_EXTRACTORS))})")
        if names.count(e.name) > 1:
            raise ExtractorOrderError(f"extractor {e.name!r} is listed twice")
        missing = [r for r in e.requires if r not in names]
        if missing:
            raise ExtractorOrderError(f"extractor {e.name!r} requires {', '.join(missing)}, which no extractor provides")
    done: list[Extractor] = []
    ran: set[str] = set()
    while pending:
        ready = next((e for e in pending if set(e.requires) <= ran), None)
        if ready is None:
            raise ExtractorOrderError("cyclic requirements among extractors: "
                                      + ", ".join(f"{e.name} requires {', '.join(e.requires)}" for e in pending))
        pending.remove(ready)
        done.append(ready)
        ran.add(ready.name)
    return tuple(done)


class Extractors:
    """A checked set of extractors, run in dependency order."""

    def __init__(self, extractors: Iterable[Extractor]):
        self.order = dependency_order(extractors)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.order)

    def run(self, ctx: Context) -> Results:
        for extractor in self.order:
            setattr(ctx.results, extractor.name, extractor.run(ctx))
        return ctx.results
