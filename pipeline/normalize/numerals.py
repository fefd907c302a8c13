"""Numbers as written in Chinese documents: Arabic, Chinese, mixed, fractions, percents, ranges.

Every function takes the number as written (already width-folded: ``１２`` is ``12``) and returns
a float, or ``None`` when the string is not a well-formed quantity (``十三五``, ``千``, ``二〇一三``
read as a count). Nothing here raises on odd input.
"""
from __future__ import annotations

import math
from typing import Optional

import cn2an
import regex

CN_DIGITS = "零〇一二两三四五六七八九"
CN_MAGNITUDES = "十百千万亿"
# Character classes for building regexes elsewhere (numerals.CN_NUMERAL_CHARS etc.).
CN_NUMERAL_CHARS = CN_DIGITS + CN_MAGNITUDES + "廿卅"
MULTIPLIERS = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12,
               "十万": 1e5, "百万": 1e6, "千万": 1e7, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11}

_DIGIT_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                "六": 6, "七": 7, "八": 8, "九": 9}
_ARABIC = regex.compile(r"\d+(?:[,\s]\d{3})*(?:\.\d+)?")
_BAD_CN = regex.compile(r"[一二两三四五六七八九][一二两三四五六七八九〇零]|〇")
# compiled once: these run for every number in a document
_MIXED = regex.compile(r"(\d+(?:[,\s]\d{3})*(?:\.\d+)?)\s*([十百千万亿]*)")
_PERCENT_WORDS = regex.compile(r"百分之(.+)")
_FRACTION_WORDS = regex.compile(r"(.+?)分之(.+)")
_FRACTION_SLASH = regex.compile(r"(\d+)/(\d+)")
_TENTHS = regex.compile(r"([一二两三四五六七八九十]|\d)成")
# anchored, and the first part cannot hold a separator: one pass, whatever the input
_RANGE = regex.compile(r"^([^-—–－~〜～至到]++)(?:-|—|–|－|~|〜|～|至|到)+\s*(.+)")
# A value this large is not a count of anything in an administrative text; it is an id or noise.
MAX_VALUE = 1e16


def _finite(v: float) -> Optional[float]:
    return v if math.isfinite(v) and abs(v) < MAX_VALUE else None


def scale(value: float, factor: float) -> Optional[float]:
    """``value * factor`` without binary-float residue: 2.49万 is 24900, not 24900.000000000004.

    >>> scale(2.49, 10000), scale(0.07, 1e8), scale(3, 1000), scale(1e300, 1e300) is None
    (24900.0, 7000000.0, 3000.0, True)
    """
    product = value * factor
    if not math.isfinite(product):
        return None
    # Written numbers carry at most a few significant digits: 12 are plenty and drop the residue.
    return _finite(float(f"{product:.12g}"))


def parse_arabic(s: str) -> Optional[float]:
    """Arabic number with optional thousands separators, decimals and stray spaces.

    >>> parse_arabic("1,003")
    1003.0
    >>> parse_arabic("51.72")
    51.72
    >>> parse_arabic("99999999999999999999") is None
    True
    >>> parse_arabic("abc") is None
    True
    """
    s = s.strip()
    if not _ARABIC.fullmatch(s):
        return None
    try:
        return _finite(float(s.replace(",", "").replace(" ", "")))
    except ValueError:
        return None


def parse_chinese(s: str) -> Optional[float]:
    """A Chinese numeral used as a quantity; None for digit strings and malformed numerals.

    Digit-by-digit strings (``二〇一三``, ``一一``) are codes or years, not quantities.

    >>> [parse_chinese(x) for x in ("二十四", "一百二十", "两", "廿五", "十", "两万三千", "一万五")]
    [24.0, 120.0, 2.0, 25.0, 10.0, 23000.0, 15000.0]
    >>> [parse_chinese(x) for x in ("十三五", "千", "万", "二〇一三", "一一", "卅")]
    [None, None, None, None, None, 30.0]
    """
    if not s or _BAD_CN.search(s):
        return None
    if s[0] in "百千万亿":  # 千家万户: a bare magnitude is an idiom, not a number
        return None
    if s == "卅":
        return 30.0
    if "卅" in s:
        s = s.replace("卅", "三十")
    try:
        value = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return _finite(float(value))


def parse_number(s: str) -> Optional[float]:
    """Arabic, Chinese or mixed (``11万``, ``3.5亿``, ``1.3万亿``, ``十一万``) number.

    >>> [parse_number(x) for x in ("11万", "3.5亿", "1.3万亿", "十一万", "600", "二十", "2千万")]
    [110000.0, 350000000.0, 1300000000000.0, 110000.0, 600.0, 20.0, 20000000.0]
    >>> parse_number("") is None
    True
    """
    s = s.strip()
    if not s:
        return None
    m = _MIXED.fullmatch(s)
    if m:
        base = parse_arabic(m.group(1))
        if base is None:
            return None
        mult = m.group(2)
        if not mult:
            return base
        factor = MULTIPLIERS.get(mult)
        return scale(base, factor) if factor else None
    return parse_chinese(s)


def parse_fraction(s: str) -> Optional[float]:
    """A fraction or percent in words, as a percentage.

    >>> [parse_fraction(x) for x in ("四分之一", "三分之二", "百分之九十", "百分之12.5", "三成", "1/4")]
    [25.0, 66.66666666666667, 90.0, 12.5, 30.0, 25.0]
    >>> parse_fraction("百分之九十九点五"), parse_fraction("百分之百")
    (99.5, 100.0)
    >>> parse_fraction("零分之一") is None
    True
    """
    s = s.strip()
    if s == "百分之百":
        return 100.0
    m = _PERCENT_WORDS.fullmatch(s)
    if m:
        return parse_number(m.group(1))
    m = _FRACTION_WORDS.fullmatch(s) or _FRACTION_SLASH.fullmatch(s)
    if m:
        den, num = (parse_number(m.group(1)), parse_number(m.group(2))) if "分之" in s else \
                   (parse_number(m.group(2)), parse_number(m.group(1)))
        if not den or num is None:
            return None
        return _finite(100.0 * num / den)
    m = _TENTHS.fullmatch(s)
    if m:
        v = parse_number(m.group(1))
        return None if v is None else 10.0 * v
    return None


def parse_range(s: str) -> Optional[tuple[float, float]]:
    """Lower and upper bound of a written range ``6-7``, ``1—2``, ``三至五``, ``10~20``.

    >>> parse_range("6-7"), parse_range("三至五"), parse_range("1—2"), parse_range("5到3")
    ((6.0, 7.0), (3.0, 5.0), (1.0, 2.0), None)
    """
    m = _RANGE.fullmatch(s.strip())
    if not m:
        return None
    lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
    if lo is None or hi is None or hi <= lo:
        return None
    return lo, hi
