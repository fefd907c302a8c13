"""spaCy pipeline component ``policy_measures``: the extracted items as span groups.

    import spacy, pipeline.spacy_component
    nlp = spacy.blank("zh")
    nlp.add_pipe("policy_measures")
    doc = nlp(text)
    doc.spans["pm_indicators"], doc._.pm_document

Span groups ``pm_measures`` (label: category or ``measure``), ``pm_indicators`` (label: canonical
indicator id or ``indicator``), ``pm_accountability`` (label ``accountability``) and ``pm_campaigns``
(label: campaign kind; one span per mention). Character spans are widened to token boundaries
(``alignment_mode="expand"``). ``doc._.pm_document`` holds the full :class:`~pipeline.models.Document`.
Importing this module registers the factory; packaging also declares it as a ``spacy_factories``
entry point.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .core import extract
from .tables import plain

FACTORY = "policy_measures"
GROUPS = ("pm_measures", "pm_indicators", "pm_accountability", "pm_campaigns")

if not Doc.has_extension("pm_document"):
    Doc.set_extension("pm_document", default=None)


def _offset_map(text: str) -> list[int] | None:
    """Offsets of the extraction text (leading BOMs dropped, CRLF/CR folded to LF) in the original text, or None if equal.

    >>> _offset_map("a\\r\\nb")
    [0, 1, 3, 4]
    >>> _offset_map("ab") is None
    True
    """
    if "\r" not in text and not text.startswith("\ufeff"):
        return None
    mapping = []
    i = len(text) - len(text.lstrip("\ufeff"))
    while i < len(text):
        mapping.append(i)  # a folded newline maps to its CR, so a span ending before it excludes the CR
        i += 2 if text.startswith("\r\n", i) else 1
    mapping.append(len(text))
    return mapping


class PolicyMeasures:
    """Runs :func:`pipeline.extract` on ``doc.text`` and stores items as span groups."""

    def __init__(self, name: str = FACTORY, use_classifier: bool = True):
        self.name = name
        self.options = {"use_classifier": use_classifier}

    def __call__(self, doc: Doc) -> Doc:
        document = extract(doc.text, **self.options)
        mapping = _offset_map(doc.text)

        def span(s, label: str):
            start, end = (s.start, s.end) if mapping is None else (mapping[s.start], mapping[s.end])
            # None when the characters are only whitespace between tokens; such an item cannot be a span.
            return doc.char_span(start, end, label=label, alignment_mode="expand")

        groups = {
            "pm_measures": [span(m.span, plain(m.category) or "measure") for m in document.measures],
            "pm_indicators": [span(i.span, i.indicator or "indicator") for i in document.indicators],
            "pm_accountability": [span(a.span, "accountability") for a in document.accountability],
            "pm_campaigns": [span(s, plain(c.kind)) for c in document.campaigns for s in c.mentions],
        }
        for name, spans in groups.items():
            doc.spans[name] = [s for s in spans if s is not None]
        doc._.pm_document = document
        return doc


@Language.factory(FACTORY, default_config={"use_classifier": True})
def make_policy_measures(nlp: Language, name: str, use_classifier: bool) -> PolicyMeasures:
    """Factory of the ``policy_measures`` component (options as for :func:`pipeline.extract`)."""
    return PolicyMeasures(name=name, use_classifier=use_classifier)
