"""Government work reports (政府工作报告): recognise one, and the year it plans.

A report read to the people's congress early in 2024 reviews 2023 (一、2023年工作回顾) and sets the
targets of 2024; most copies carry no title and open 各位代表：. Its work year is the year it plans.
Cues and the report's doc_type are data (metadata_rules.yaml, ``work_report``).
"""
from __future__ import annotations

from ..normalize.dates import find_years
from .doctype import rules


def work_report_cue(norm: str, title: str | None) -> str | None:
    """How a text shows it is a government work report: ``"title"`` (…政府工作报告), ``"head"`` (untitled,
    by its opening 各位代表：…向大会报告工作), ``"body"`` (an excerpt from further in: an address to the
    congress or the year's headline targets, 主要预期目标是：), or None.

    >>> work_report_cue("各位代表:\\n现在,我代表市人民政府向大会报告工作。", None)
    'head'
    >>> work_report_cue("2019年某省政府工作报告\\n…", "2019年某省政府工作报告"), work_report_cue("全县要抓好落实。", None)
    ('title', None)
    >>> work_report_cue("二、今年工作安排\\n全市经济社会发展的主要预期目标是:生产总值增长6%。", None)
    'body'
    """
    r = rules()["work_report"]
    if title and r["title_cue"].search(title):
        return "title"
    if r["head_cue"].search(norm, 0, min(len(norm), r["head_chars"])):
        return "head"
    return "body" if r["body_cue"].search(norm) is not None else None


def planned_year(norm: str, title: tuple[int, int] | None, date: str | None) -> int | None:
    """The year a work report plans: its title's year; else the year it was given (reports are read
    in the first months of the year they plan); else the year after the one it reviews.

    >>> planned_year("各位代表:\\n一、2023年工作回顾\\n过去一年…", None, None)
    2024
    >>> planned_year("各位代表:\\n2022年,是…之年。", None, None), planned_year("各位代表:", None, "2021-01-08")
    (2023, 2021)
    """
    r = rules()["work_report"]
    if title and r["title_cue"].search(norm, *title):  # 2024年政府工作报告 (not a heading taken for a title)
        years = [y for _, _, y in find_years(norm, *title)]
        if years:
            return max(years)
    if date:
        return int(date[:4])
    end = min(len(norm), r["review_chars"])
    for key in ("review_year", "review_opening"):
        m = r[key].search(norm, 0, end)
        if m:
            return int(m.group("year")) + 1
    return None
