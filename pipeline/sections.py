"""Section reading: which parts of a document review a period and which plan one, and for which year.

Government work reports, summaries and plans mix a review of one period with plans for the next
(``一、2024年工作回顾`` … ``二、2025年重点工作``; ``过去一年`` … ``今年…主要预期目标是``; a summary's
``下一步工作打算``). Two readings are combined, innermost first:

- **headings**: a numbered heading whose title reviews or plans (rules ``review_heading`` /
  ``plan_heading``) gives its whole span that status; sub-items inherit it;
- **openings**: a line that opens with a review or plan cue (``过去一年``, ``今年``, ``2025年是…``) starts a
  regime that runs on, line after line, until the next such line: text under an uncued heading follows
  the last regime (a report's ``三、加强政府自身建设`` after ``二、2025年重点工作`` still plans).

Each part also knows the year it speaks of: the year written in its heading or opening, else the
document's planned year for a plan and the year before it for a review; a review of several years
(``过去五年``) speaks of none. Rules: ``data/section_rules.yaml``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

import regex

from . import tense
from .models import DocType, IndicatorStatus
from .rules import load_rules
from .rules.section_rules import SectionRules as SectionRulesModel
from .rules.types import pattern_of
from .textview import fold
from . import regex_cache

if TYPE_CHECKING:
    from .context import Context

_FILE = "section_rules.yaml"
ACHIEVED, TARGET = IndicatorStatus.achieved, IndicatorStatus.target
# a summary or a news report reviews its own year; a plan (or an untyped text) plans its own year
_REVIEWS_OWN_YEAR = (DocType.summary, DocType.news)
_MARKER = regex_cache.compile(r"\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[、,，]?)?\s*")
_HEAD_YEAR = regex_cache.compile(r"((?:19|20)\d\d)年")
# a year that starts a date (——2024年2月2日在…会议上: a report's dateline) opens no part of the text
_MONTH_AFTER = regex_cache.compile(r"[\d一二三四五六七八九十]{1,2}月")


@dataclass(frozen=True)
class SectionRules:
    review_heading: regex.Pattern
    plan_heading: regex.Pattern
    result_heading: regex.Pattern
    opening_chars: int
    review_opening: regex.Pattern
    multi_year_opening: regex.Pattern
    plan_opening: regex.Pattern
    this_year_opening: regex.Pattern
    year_opening: regex.Pattern
    plan_verb: regex.Pattern
    this_year: regex.Pattern
    plan_sentence: regex.Pattern
    review_sentence: regex.Pattern
    sentence_year: regex.Pattern
    multi_year_sentence: regex.Pattern
    review_evidence: regex.Pattern
    review_evidence_min: int
    heading_line_max: int
    tense_min_paragraphs: int
    tense_margin: float
    report_lead_min_chars: int
    tense_weak_plan: float = 0.0
    review_evidence_dense: float = 0.0
    past_year: Optional[regex.Pattern] = None


@lru_cache(maxsize=1)
def rules() -> SectionRules:
    data = load_rules(_FILE, SectionRulesModel)
    pats = {k: regex_cache.compile(pattern_of(getattr(data, k))) for k in (
        "review_heading", "plan_heading", "result_heading", "review_opening", "multi_year_opening", "plan_opening", "this_year_opening",
        "year_opening", "plan_verb", "this_year", "plan_sentence", "review_sentence", "sentence_year", "multi_year_sentence", "review_evidence")}
    return SectionRules(opening_chars=data.opening_chars, review_evidence_min=data.review_evidence_min,
                        heading_line_max=data.heading_line_max, tense_min_paragraphs=data.tense_min_paragraphs,
                        tense_margin=float(data.tense_margin),
                        report_lead_min_chars=data.report_lead_min_chars,
                        tense_weak_plan=float(data.tense_weak_plan), review_evidence_dense=float(data.review_evidence_dense),
                        past_year=regex_cache.compile(pattern_of(data.past_year)) if data.past_year is not None else None,
                        **pats)


@dataclass(frozen=True)
class Part:
    """A stretch of text that reviews (achieved) or plans (target); ``year`` None when several years
    or unknown; ``multi_year`` for a review of several years."""
    start: int
    end: int
    status: IndicatorStatus
    year: Optional[int]
    multi_year: bool = False
    source: str = "opening"  # heading | opening

    @property
    def section(self) -> str:
        return "review" if self.status == ACHIEVED else "plan"


class SectionReading:
    """The parts of one document, looked up by position."""

    def __init__(self, headings: list[Part], regimes: list[Part], plan_year: Optional[int],
                 review_year: Optional[int]):
        self.headings = headings  # nested, in document order
        self.regimes = regimes    # disjoint, in document order
        self.plan_year = plan_year
        self.review_year = review_year
        self._h_starts = [p.start for p in headings]
        self._r_starts = [p.start for p in regimes]

    def at(self, pos: int) -> Optional[Part]:
        """The innermost cued heading covering ``pos`` or the regime it falls in, whichever began later
        (刚刚过去的2017年，… inside 一、过去五年工作回顾 speaks of 2017), else None."""
        heading = None
        i = bisect.bisect_right(self._h_starts, pos) - 1
        for k in range(i, max(-1, i - 12), -1):
            p = self.headings[k]
            if p.start <= pos < p.end:
                heading = p
                break
        regime = None
        j = bisect.bisect_right(self._r_starts, pos) - 1
        if j >= 0 and self.regimes[j].start <= pos < self.regimes[j].end:
            regime = self.regimes[j]
        if heading is None or (regime is not None and regime.start > heading.start):
            return regime
        return heading

    def has(self, status: IndicatorStatus) -> bool:
        """Some part of the text has this status (achieved: reviews; target: plans)."""
        return any(p.status == status for p in self.headings + self.regimes)

    def reviews_only(self) -> bool:
        """The text reviews and plans nothing: an excerpt of a report's review."""
        return self.has(ACHIEVED) and not self.has(TARGET)

    def plans_only(self) -> bool:
        """The text plans and reviews nothing (a list of this year's tasks)."""
        return self.has(TARGET) and not self.has(ACHIEVED)

    def year_of(self, part: Optional[Part], status: IndicatorStatus) -> Optional[int]:
        """The year a figure of this status in this part speaks of."""
        if part is not None and part.status == status:
            if part.multi_year:
                return None
            if part.year is not None:
                return part.year
        return self.plan_year if status == TARGET else self.review_year


def _heading_status(title: str, r: SectionRules) -> Optional[IndicatorStatus]:
    if r.review_heading.search(title):
        return ACHIEVED
    if r.plan_heading.search(title) and not r.result_heading.search(title):
        return TARGET
    return None


def _heading_parts(measures, r: SectionRules) -> list[Part]:
    out: list[Part] = []
    own: dict[str, Optional[Part]] = {}
    for m in measures or []:
        title = m.title or ""
        status = _heading_status(title, r)
        parent = own.get(m.parent) if m.parent else None
        if status is None and parent is None:
            own[m.id] = None
            continue
        if status is None:
            part = Part(m.span.start, m.span.end, parent.status, parent.year, parent.multi_year, "heading")
        else:
            y = _HEAD_YEAR.search(title)
            multi = bool(r.multi_year_opening.match(title)) or "五年" in title
            part = Part(m.span.start, m.span.end, status, int(y.group(1)) if y else None, multi, "heading")
        own[m.id] = part
        out.append(part)
    return out


def _line_mark(line: str, head: str, year: Optional[int], doc_type: Optional[DocType],
               r: SectionRules, under: Optional[IndicatorStatus] = None) -> Optional[tuple[IndicatorStatus, Optional[int], bool]]:
    """(status, year, multi_year) of a line (after its list marker; ``head`` its first characters) that
    opens with a cue; ``under``: the status of the cued heading the line stands under (二、2025年重点任务
    plans, 一、2023年工作回顾 reviews)."""
    short = len(line) <= r.heading_line_max and "。" not in line
    status = _heading_status(line, r) if short else None
    if status is not None:
        return status, year, status == ACHIEVED and "五年" in line
    if r.multi_year_opening.match(head):
        return ACHIEVED, None, True
    if r.plan_opening.match(head):
        return TARGET, year, False
    if r.this_year_opening.match(head):
        # 今年 is the year reviewed in a summary, unless a plan heading says its part plans, and under a
        # review heading (a report read at the close of the year it reviews: 今年是…开局之年)
        if under is not None:
            return under, None, False
        # …but 今年是“X年”，我们要… says in its own sentence what is to be done: a plan, whatever the type
        first = line.split("。", 1)[0]
        reviewed = doc_type in _REVIEWS_OWN_YEAR and not r.plan_verb.search(first)
        return (ACHIEVED if reviewed else TARGET), None, False
    if r.review_opening.match(head):
        return ACHIEVED, year, False
    return None


def _line_openings(norm: str, r: SectionRules, doc_type: Optional[DocType], headings: list[Part] = (),
                   title: Optional[str] = None):
    """(line start, status, year, multi_year) of each line that opens with a cue, and (line start, year,
    text start, line end) of each line that opens with a year alone, to be decided against the years
    the document plans."""
    out, undecided = [], []
    pos, n = 0, len(norm)
    while pos < n:
        end = norm.find("\n", pos)
        end = n if end < 0 else end
        m = _MARKER.match(norm, pos, min(end, pos + 12))
        s = m.end() if m else pos
        head = norm[s:min(end, s + r.opening_chars)]
        line = norm[s:end].strip()
        # the document's title (2025年北京市政府工作报告) names the report, it opens no part of it
        if head and not (title and line == title):
            y = r.year_opening.match(head) or _HEAD_YEAR.search(head, 0, 10)
            year = int(y.group(1)) if y else None
            under = _heading_at(headings, pos)
            mark = _line_mark(line, head, year, doc_type, r, under.status if under is not None else None)
            if mark is not None:
                out.append((pos, *mark))
            elif year is not None and not _MONTH_AFTER.match(head, y.end()):
                undecided.append((pos, year, s, end))
        pos = end + 1
    return out, undecided


def _heading_at(headings: list[Part], pos: int) -> Optional[Part]:
    """The innermost (last begun) cued heading part covering ``pos``, or None."""
    return next((h for h in reversed(headings) if h.start <= pos < h.end), None)


def _sentence_openings(norm: str, r: SectionRules) -> list[tuple[int, IndicatorStatus, Optional[int], bool]]:
    """Sentences that plan (from the sentence start) or review, wherever they stand in a line."""
    out = []
    for m in r.plan_sentence.finditer(norm):
        stop = max(norm.rfind("。", 0, m.start()), norm.rfind("\n", 0, m.start()))
        y = _HEAD_YEAR.match(norm, m.start())
        out.append((stop + 1, TARGET, int(y.group(1)) if y else None, False))
    for m in r.review_sentence.finditer(norm):
        y = _HEAD_YEAR.search(norm, m.start(), m.end())
        out.append((m.start(), ACHIEVED, int(y.group(1)) if y else None, False))
    return out


def _openings(norm: str, r: SectionRules, doc_year: Optional[int], doc_type: Optional[DocType],
              plan_hint: Optional[int], headings: list[Part], title: Optional[str] = None):
    """(line start, status, year, multi_year) for each line that opens a review or a plan."""
    out, undecided = _line_openings(norm, r, doc_type, headings, title)
    out += _sentence_openings(norm, r)
    plan_years = [y for _, st, y, _ in out if st == TARGET and y]
    planned = plan_hint or (min(plan_years) if plan_years else None)
    for pos, year, s, end in undecided:
        inside = _heading_at(headings, pos)
        if inside is not None:
            # 2022年是…之年 under 一、过去一年工作回顾: the heading says which part it is
            out.append((pos, inside.status, year, False))
        elif planned is not None:
            out.append((pos, TARGET if year >= planned else ACHIEVED, year, False))
        elif doc_year is not None:
            later = year > doc_year if doc_type in _REVIEWS_OWN_YEAR else year >= doc_year
            out.append((pos, TARGET if later else ACHIEVED, year, False))
        else:
            # no year to compare with: what its first sentence says is to be done plans
            stop = norm.find("。", s, end)
            if r.plan_verb.search(norm, s, stop if stop >= 0 else end):
                out.append((pos, TARGET, year, False))
    return out


def _reads_as_review(norm: str, end: int, r: SectionRules) -> bool:
    hits = 0
    for _ in r.review_evidence.finditer(norm, 0, end):
        hits += 1
        if hits >= r.review_evidence_min:
            return True
    return False


def _uncued_status(norm: str, end: int, r: SectionRules) -> Optional[IndicatorStatus]:
    """Status of text before any cue, from how it is written (:mod:`pipeline.tense`), when the reading is
    clear: enough paragraphs and a median decision value beyond the margin."""
    if end <= 0:
        return None
    scores = tense.paragraph_scores(norm, 0, end)  # (each paragraph scored once for both readings below)
    score, paragraphs = tense.median_score(scores), len(scores)
    if paragraphs < r.tense_min_paragraphs:
        return None
    if abs(score) < r.tense_margin:
        # too close to call by the writing alone; leaning to the review with its words of results (办理…件,
        # 完成, 出台了), it is the review; leaning to the plan with two thirds of its paragraphs and more
        # written as plans (a list of this year's tasks with one item dense with figures), it is the plan
        if score > 0 and paragraphs >= 3 and tense.share_planning(scores) >= 2 / 3:
            return TARGET
        return ACHIEVED if score < 0 and _reads_as_review(norm, end, r) else None
    if 0 < score < r.tense_weak_plan and r.past_year is not None and r.past_year.search(norm, 0, end) \
            and _evidence_density(norm, end, r) >= r.review_evidence_dense:
        # a weak plan reading of text dense with results (完成投资…, 新增…, 入选…, 出台…) that speaks of the past year:
        # no reading (a plan's list of tasks is dense with 建成/出台 too, but does not look back)
        return None
    return TARGET if score > 0 else ACHIEVED


def _evidence_density(norm: str, end: int, r: SectionRules) -> float:
    """review_evidence hits per 1,000 characters of ``norm[:end]``."""
    return 1000.0 * sum(1 for _ in r.review_evidence.finditer(norm, 0, end)) / max(end, 1)


def read_sections(norm: str, measures=None, doc_year: Optional[int] = None,
                  doc_type: Optional[DocType] = None, read_uncued: bool = False,
                  read_if_no_cue: bool = False, title: Optional[str] = None) -> SectionReading:
    """Read the review and plan parts of a document (see the module doc). ``read_uncued``: text before
    every cue is read by how it is written (for texts whose type no title or header settled);
    ``read_if_no_cue``: so is a text with no cue at all, or with a long lead before its first cue (an excerpt
    of a work report: only its address, 各位代表, settled the type, and it may hold either part)."""
    r = rules()
    headings = _heading_parts(measures, r)
    # Cued headings also open regimes, so that uncued headings after them follow on.
    heading_plan_years = [p.year for p in headings if p.status == TARGET and p.year]
    plan_hint = min(heading_plan_years) if heading_plan_years else None
    marks = sorted([(p.start, p.status, p.year, p.multi_year) for p in headings if p.source == "heading"]
                   + _openings(norm, r, doc_year, doc_type, plan_hint, headings, title), key=lambda t: t[0])
    lead_end = marks[0][0] if marks else len(norm)  # the text before the first cue
    lead: list = []  # its reading by how it is written (tense.plan_score), worked out at most once

    def lead_status() -> Optional[IndicatorStatus]:
        if not lead:
            lead.append(_uncued_status(norm, lead_end, r))
        return lead[0]

    if marks and marks[0][1] == TARGET and lead_end > 0 and _reads_as_review(norm, lead_end, r) \
            and lead_status() is not TARGET:
        # text with words of results before the first plan cue is the review, unless it reads as a plan (an
        # excerpt that starts inside the plan: 建成启用… among this year's tasks, then 今年，我们将…)
        marks.insert(0, (0, ACHIEVED, None, False))
        lead_end = 0  # read: nothing is left before the first mark
    read = read_uncued or (read_if_no_cue and (not marks or marks[0][0] >= r.report_lead_min_chars))
    uncued = lead_status() if read and lead_end > 0 else None
    if uncued is not None:
        marks.insert(0, (0, uncued, None, False))
    regimes: list[Part] = []
    for k, (start, status, year, multi) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(norm)
        if end > start:
            regimes.append(Part(start, end, status, year, multi))
    plan_years = [p.year for p in regimes if p.status == TARGET and p.year]
    review_years = [p.year for p in regimes if p.status == ACHIEVED and p.year and not p.multi_year]
    # the latest year a plan part names: a report's own plan comes after every year it looks back on
    plan_year = max(plan_years) if plan_years else None
    review_year = max(review_years) if review_years else None
    if plan_year is not None and review_year is not None and review_year >= plan_year:
        review_year = plan_year - 1
    if plan_year is None and review_year is not None and any(p.status == TARGET for p in regimes) \
            and (doc_year is None or doc_year <= review_year):
        plan_year = review_year + 1  # 一、2006年工作回顾 … 今年: the plan is for the year after the review
    reports_own_year = doc_type in _REVIEWS_OWN_YEAR
    if plan_year is None and doc_year is not None:
        plan_year = doc_year + 1 if doc_type == DocType.summary else doc_year
    if review_year is None and reports_own_year:
        review_year = doc_year
    if review_year is None and plan_year is not None and any(p.status == ACHIEVED for p in regimes):
        review_year = plan_year - 1
    if plan_year is None and review_year is not None and any(p.status == TARGET for p in regimes):
        plan_year = review_year + 1
    return SectionReading(headings, regimes, plan_year, review_year)


def _folded_title(ctx: Context, meta) -> Optional[str]:
    """The document's title as it stands in the folded text (None without one)."""
    if meta is None or not meta.title:
        return None
    return fold(meta.title).strip()


def sections_of(ctx: Context) -> SectionReading:
    """The section reading of an extraction context, made once and shared by the extractors that use it
    (it needs the metadata and the measures: extractors that call it require both)."""
    results = ctx.results
    if results.sections is None:
        meta = results.metadata
        results.sections = read_sections(ctx.norm, results.measures, meta.year if meta else None,
                                         meta.doc_type if meta else None,
                                         read_uncued=meta is not None and not meta.type_settled,
                                         read_if_no_cue=meta is not None and meta.work_report and not meta.title,
                                         title=_folded_title(ctx, meta))
    return results.sections
