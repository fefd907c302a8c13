"""What an extractor sees: the text, its normalised view, options, lazily built tokens."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .models import Span
from .textview import TextView


@dataclass
class Options:
    segmenter: str = "jieba"  # jieba | pkuseg | char
    pkuseg_model: str | None = None  # path to a spacy-pkuseg model folder (never downloaded)
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
class Context:
    text: str
    options: Options = field(default_factory=Options)
    warnings: list[str] = field(default_factory=list)
    # Filled in as extractors run, for those that build on earlier results.
    results: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def view(self) -> TextView:
        return TextView(self.text)

    @property
    def norm(self) -> str:
        return self.view.norm

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    @cached_property
    def segmenter(self):
        # Imported here so that extractors that never ask for tokens never load a segmenter.
        from .segment import get_segmenter

        return get_segmenter(self.options.segmenter, model=self.options.pkuseg_model)

    def tokens(self, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """Tokens (word, start, end) of ``text[start:end]`` with document offsets."""
        end = len(self.text) if end is None else end
        # Segment the folded view (so full-width digits group like half-width ones) but return the
        # words as written in the document.
        text = self.text
        return [(text[s + start:e + start], s + start, e + start)
                for _w, s, e in self.segmenter.tokenize(self.norm[start:end])]
