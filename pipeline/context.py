"""What an extractor sees: the text, its normalised view, options and the results of earlier extractors."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Optional

from .models import Span
from .textview import TextView

if TYPE_CHECKING:  # the extractors import this module
    from .extract.metadata import Metadata
    from .models import Accountability, Campaign, Indicator, Measure
    from .sections import SectionReading


@dataclass
class Options:
    use_classifier: bool = True  # measure category model; rules when False or absent
    sequence_markers: bool = False  # treat 首先/其次/再次/最后 as list markers (GOLD.md does not)
    explain: bool = False  # record rule ids on items and rejected candidates (pipeline/explain.py)

    @classmethod
    def from_kwargs(cls, **kwargs: Any) -> "Options":
        unknown = set(kwargs) - set(cls.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown extraction options: {sorted(unknown)}")
        return cls(**kwargs)


@dataclass
class Results:
    """What the extractors have found so far: each field is set by the extractor of that name
    (pipeline/extract/base.py), and stays None until it has run."""
    metadata: Optional["Metadata"] = None
    measures: Optional[list["Measure"]] = None
    indicators: Optional[list["Indicator"]] = None
    accountability: Optional[list["Accountability"]] = None
    campaigns: Optional[list["Campaign"]] = None
    sections: Optional["SectionReading"] = None  # made on first use by sections.sections_of
    # not an extractor's: explain mode's (item, start, end, rule id) of candidates a rule turned down
    rejected: list[tuple[str, int, int, str]] = field(default_factory=list)


@dataclass
class Context:
    text: str
    options: Options = field(default_factory=Options)
    warnings: list[str] = field(default_factory=list)
    # Filled in as extractors run, for those that build on earlier results.
    results: Results = field(default_factory=Results)

    @cached_property
    def view(self) -> TextView:
        return TextView(self.text)

    @property
    def norm(self) -> str:
        return self.view.norm

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)
