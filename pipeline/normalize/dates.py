"""Dates and years as written in Chinese documents → ISO strings.

Handles ``2009年3月9日``, ``2012-12-07 08:30``, ``2012.12.7``, ``二〇一三年三月九日``, ``2013年3月`` and years
``二〇一三年``; everything is validated (no 2013-02-30) and bounded (1949..2100).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import regex

from . import cn
from .. import regex_cache

_CN_DIGIT = cn.YEAR_DIGIT_VALUE
_CN = cn.YEAR_DIGITS
MIN_YEAR, MAX_YEAR = 1949, 2100

# Bounded quantifiers only: no backtracking blow-up on long digit runs.
DATE_RE = regex_cache.compile(
    rf"""(?<![\d{_CN}])
    (?:
      (?P<y>(?:19|20)\d{{2}})\s{{0,2}}年\s{{0,2}}(?P<m>\d{{1,2}})\s{{0,2}}月(?:\s{{0,2}}(?P<d>\d{{1,2}})\s{{0,2}}[日号曰])?
    | (?P<y2>(?:19|20)\d{{2}})(?P<sep>[-/.])(?P<m2>\d{{1,2}})(?P=sep)(?P<d2>\d{{1,2}})(?!\d)
    | (?P<cy>[{_CN}]{{4}})年(?P<cm>十[一二]?|[一二三四五六七八九])月(?:(?P<cd>三十[一]?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?
    )""",
    regex.VERBOSE,
)
YEAR_RE = regex_cache.compile(rf"(?<![\d{_CN}])(?:(?P<y>(?:19|20)\d{{2}})|(?P<cy>[{_CN}]{{4}}))\s{{0,2}}年(?!\d)")


def cn_number(s: str) -> int | None:
    """Value of a small Chinese numeral or digit string (year digits, months, days).

    >>> cn_number("二〇一三"), cn_number("十二"), cn_number("二十一"), cn_number("三十"), cn_number("九")
    (2013, 12, 21, 30, 9)
    """
    if not s:
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGIT.get(tens, 1) if tens else 1
        o = _CN_DIGIT.get(ones, 0) if ones else 0
        return t * 10 + o
    value = 0
    for ch in s:
        if ch not in _CN_DIGIT:
            return None
        value = value * 10 + _CN_DIGIT[ch]
    return value


def iso_date(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` for a valid date, else None.

    >>> iso_date(2009, 3, 9), iso_date(2013, 3), iso_date(2013, 2, 30), iso_date(1890)
    ('2009-03-09', '2013-03', None, None)
    """
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    iso: str


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Dates with at least year and month in ``text[start:end]`` (width-folded text), validated.

    >>> [d.iso for d in find_dates("2009年3月9日 2012-12-07 08:30 二〇一三年三月九日 2013年2月30日 2014年5月")]
    ['2009-03-09', '2012-12-07', '2013-03-09', '2014-05']
    """
    end = len(text) if end is None else end
    out = []
    for m in DATE_RE.finditer(text, start, end):
        if m.group("y"):
            iso = iso_date(int(m.group("y")), int(m.group("m")), int(m.group("d")) if m.group("d") else None)
        elif m.group("y2"):
            iso = iso_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        else:
            iso = iso_date(cn_number(m.group("cy")), cn_number(m.group("cm")),
                           cn_number(m.group("cd")) if m.group("cd") else None)
        if iso:
            out.append(DateMatch(m.start(), m.end(), iso))
    return out


def find_years(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """(start, end, year) of each ``YYYY年`` / ``二〇一三年`` in range.

    >>> [y for _, _, y in find_years("2013年,全市;二〇一二年底;12345年")]
    [2013, 2012]
    """
    end = len(text) if end is None else end
    out = []
    for m in YEAR_RE.finditer(text, start, end):
        year = int(m.group("y")) if m.group("y") else cn_number(m.group("cy"))
        if year is not None and MIN_YEAR <= year <= MAX_YEAR:
            out.append((m.start(), m.end(), year))
    return out
