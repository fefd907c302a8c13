"""Pydantic models of the output contract (../shared/spec/SCHEMA.md, schema_version 1.0).

Field names and meanings follow the contract; fields marked "added" are project extensions.
"""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_default=True)


def _unset(value) -> bool:
    return value is None


#: added: with ``explain`` on, the ids of the data-file rules that made the item; left out of the
#: output when explain is off, so the default records stay as they were
RuleIds = Annotated[Optional[list[str]], Field(default=None, exclude_if=_unset)]


class Span(_Model):
    """Code-point offsets into the document text; ``text == doc_text[start:end]``.

    ``text`` is absent (None) only in output written with ``--spans offsets``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: Optional[str] = None

    @classmethod
    def of(cls, doc_text: str, start: int, end: int) -> "Span":
        # validated: pydantic-core checks three fields faster than model_construct skips them, and
        # called directly it spares BaseModel.__init__'s Python frame (1.8 vs 3.1 us; ~9,000 spans a report)
        return cls.__pydantic_validator__.validate_python({"start": start, "end": end, "text": doc_text[start:end]})


def name_enum(name: str, members: str, module: str = __name__) -> type[Enum]:
    """A ``(str, Enum)`` whose members' values are their names (the values the JSON holds), written once:
    ``name_enum("Direction", "up down")`` is ``class Direction(str, Enum): up = "up"; down = "down"``
    (``module``: where it is defined, for pickling)."""
    return Enum(name, [(m, m) for m in members.split()], type=str, module=module, qualname=name)


DocType = name_enum("DocType", "summary plan news other")
RegionLevel = name_enum("RegionLevel", "province city county")
CampaignKind = name_enum("CampaignKind", "themed_year special_action service_commitment campaign_other")
# sequence (added): 首先/其次/再次/最后 used as enumerators
MarkerStyle = name_enum("MarkerStyle", "cn_comma cn_paren arabic arabic_paren shi circled di sequence")
MeasureCategory = name_enum("MeasureCategory", "supervision evaluation accountability streamlining service "
                                               "e_government transparency institution capacity environment")
QuantityKind = name_enum("QuantityKind", "ratio duration count money score physical")
Qualifier = name_enum("Qualifier", "exact approx at_least at_most")
Direction = name_enum("Direction", "up down")
IndicatorStatus = name_enum("IndicatorStatus", "achieved target")
Modality = name_enum("Modality", "rule record")
AccountabilityAction = name_enum("AccountabilityAction", "accountability interview notice exposure score_deduction "
                                                         "warning written_review rectification_order suspension "
                                                         "reassignment demotion dismissal discipline redo exemption")


class Source(_Model):
    path: Optional[str] = None
    sha256: Optional[str] = None
    encoding: Optional[str] = None
    format: Optional[str] = None
    chars: int = Field(ge=0)


class Region(_Model):
    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    level: Optional[RegionLevel] = None
    adcode: Optional[str] = Field(default=None, pattern=r"^\d{6}$")
    name: Optional[str] = None
    span: Optional[Span] = None
    source: Optional[Literal["text", "manifest"]] = None  # added: read from the text, or given by a manifest


class Campaign(_Model):
    id: Optional[str] = None  # added
    name: str
    kind: CampaignKind = CampaignKind.campaign_other
    mentions: list[Span] = Field(default_factory=list)
    # added: the same campaign across documents gets one key (pipeline/campaign_keys.py); a record holds
    # its normalised name, a corpus read back links similar names (compare, export, report)
    campaign_key: Optional[str] = None
    rules: RuleIds


class Measure(_Model):
    id: str
    parent: Optional[str] = None
    depth: int = Field(ge=1)
    marker: str
    marker_style: MarkerStyle
    ordinal: int
    title: str
    span: Span
    category: Optional[MeasureCategory] = None
    category_score: Optional[float] = Field(default=None, ge=0.0, le=1.0)  # added


Section = name_enum("Section", "review plan")


class Indicator(_Model):
    id: Optional[str] = None  # added: referenced by Accountability.count
    name: Optional[str] = None
    indicator: Optional[str] = None
    value: float
    value_max: Optional[float] = None
    from_value: Optional[float] = None
    direction: Optional[Direction] = None  # added: the value is a change this way (下降3.5% -> down)
    unit: str
    currency: Optional[str] = Field(default=None, pattern=r"^[A-Z]{3}$")  # added: ISO 4217 of money
    si_value: Optional[float] = None  # added: a physical value in SI units (259.2亿斤 -> 1.296e10)
    si_unit: Optional[str] = None     # added: kg, m, m², m³, J, W, bit, K, FLOPS
    quantity_kind: Optional[QuantityKind] = None
    qualifier: Qualifier = Qualifier.exact
    status: Optional[IndicatorStatus] = None
    subject: Optional[str] = None
    span: Span
    sentence: Optional[Span] = None
    measure_id: Optional[str] = None  # added
    # added: the part of the document the figure stands in (review: a report of results; plan: targets) and
    # the year it speaks of (a 2025 report's review speaks of 2024; null for several years or unknown)
    section: Optional[Section] = None
    period: Optional[int] = None
    rules: RuleIds

    @field_validator("value", "value_max", "from_value", "si_value")
    @classmethod
    def _finite(cls, v):
        if v is not None and (v != v or v in (float("inf"), float("-inf"))):
            raise ValueError("numeric values must be finite")
        return v


class Accountability(_Model):
    id: Optional[str] = None  # added
    span: Span
    actions: list[AccountabilityAction] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    condition: Optional[str] = None
    modality: Optional[Modality] = None
    count: Optional[str] = None
    measure_id: Optional[str] = None  # added
    rules: RuleIds


class Rejected(_Model):
    """A candidate a rule turned down (explain output): what it was, where, and the rule's id."""
    item: Literal["campaign", "indicator", "accountability"]
    text: str
    start: int
    end: int
    rule: str


class Explanation(_Model):
    """Explain output of a document: candidates that rules turned down, in document order."""
    rejected: list[Rejected] = Field(default_factory=list)


class Document(_Model):
    schema_version: str = SCHEMA_VERSION
    doc_id: str
    source: Source
    title: Optional[str] = None
    region: Optional[Region] = None
    issuer: list[str] = Field(default_factory=list)
    date: Optional[str] = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    year: Optional[int] = None
    doc_type: DocType = DocType.other
    campaigns: list[Campaign] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    accountability: list[Accountability] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    from_manifest: list[str] = Field(default_factory=list)  # added: metadata fields a manifest set (region, year, ...)
    attributes: dict[str, str] = Field(default_factory=dict)  # added: a manifest's other columns, as written
    explain: Optional[Explanation] = Field(default=None, exclude_if=_unset)  # added: only with explain on


class ErrorRecord(_Model):
    """A document that could not be read or extracted (written to the errors JSONL)."""

    doc_id: str
    path: Optional[str] = None
    error_type: str
    message: str


def iter_spans(doc: Document):
    """Every Span in a document, for integrity checks."""
    if doc.region and doc.region.span:
        yield doc.region.span
    for c in doc.campaigns:
        yield from c.mentions
    for m in doc.measures:
        yield m.span
    for i in doc.indicators:
        yield i.span
        if i.sentence:
            yield i.sentence
    for a in doc.accountability:
        yield a.span
