"""Numbers as written in Chinese documents: Arabic, Chinese, mixed, fractions, percents, ranges.

Every function takes the number as written (already width-folded: ``１２`` is ``12``) and returns
a float, or ``None`` when the string is not a well-formed quantity (``十三五``, ``千``, ``二〇一三``
read as a count). Nothing here raises on odd input.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Optional

from . import cn, cn2an_memo
from .. import regex_cache

# Character classes for building regexes elsewhere (numerals.CN_NUMERAL_CHARS etc.): normalize/cn.py.
CN_DIGITS = cn.DIGITS
CN_MAGNITUDES = cn.MAGNITUDES
CN_NUMERAL_CHARS = cn.NUMERAL_CHARS
MULTIPLIERS = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12,
               "十万": 1e5, "百万": 1e6, "千万": 1e7, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11}

_DIGIT_VALUE = cn.DIGIT_VALUE
_ARABIC = regex_cache.compile(r"\d+(?:[,\s]\d{3})*(?:\.\d+)?")
_BAD_CN = regex_cache.compile(r"[一二两三四五六七八九][一二两三四五六七八九〇零]|〇")
# compiled once: these run for every number in a document
_MIXED = regex_cache.compile(r"(\d+(?:[,\s]\d{3})*(?:\.\d+)?)\s*([十百千万亿]*)")
_PERCENT_WORDS = regex_cache.compile(r"百分之(.+)")
_MIXED_FRACTION = regex_cache.compile(r"([^又]+)又(.+?分之.+)")
_FRACTION_WORDS = regex_cache.compile(r"(.+?)分之(.+)")
_FRACTION_SLASH = regex_cache.compile(r"(\d+)/(\d+)")
# 三成, 2.5成, 七成五 (tenths); 八折, 八五折, 8.5折 (a price as tenths of the full one)
_TENTHS = regex_cache.compile(rf"([{cn.DIGITS[2:]}十]|\d+(?:\.\d+)?)成([{cn.ONE_TO_NINE}])?")
_DISCOUNT = regex_cache.compile(rf"([{cn.ONE_TO_NINE}])([{cn.ONE_TO_NINE}])?折|(\d(?:\.\d+)?)折")
# a bare magnitude as the denominator: 千分之三, 万分之五
_BARE_DENOMINATOR = {"十": 10.0, "百": 100.0, "千": 1000.0, "万": 10000.0}
# anchored, and the first part cannot hold a separator: one pass, whatever the input
_RANGE = regex_cache.compile(r"^([^-—–－~〜～至到]++)(?:-|—|–|－|~|〜|～|至|到)+\s*(.+)")
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


@lru_cache(maxsize=4096)  # the same few numerals recur (一, 两, 三十)
def parse_chinese(s: str) -> Optional[float]:
    """A Chinese numeral used as a quantity; None for digit strings and malformed numerals.

    Digit-by-digit strings (``二〇一三``, ``一一``) are codes or years, not quantities.

    >>> [parse_chinese(x) for x in ("二十四", "一百二十", "两", "廿五", "十", "两万三千", "一万五")]
    [24.0, 120.0, 2.0, 25.0, 10.0, 23000.0, 15000.0]
    >>> [parse_chinese(x) for x in ("十三五", "千", "万", "二〇一三", "一一", "卅")]
    [None, None, None, None, None, 30.0]
    >>> [parse_chinese(x) for x in ("六百一十一点二五五", "零点零五", "三点一四一五九", "点五", "三点")]
    [611.255, 0.05, 3.14159, None, None]
    """
    if "点" in s:
        return _chinese_decimal(s)
    if not s or _BAD_CN.search(s):
        return None
    if s[0] in "百千万亿":  # 千家万户: a bare magnitude is an idiom, not a number
        return None
    if s == "卅":
        return 30.0
    if "卅" in s:
        s = s.replace("卅", "三十")
    value = cn2an_memo.value(s)  # cn2an's reading, remembered across processes
    return None if value is None else _finite(value)


def _chinese_decimal(s: str) -> Optional[float]:
    """六百一十一点二五五: the whole part as a numeral, the decimals digit by digit."""
    whole, _, decimals = s.partition("点")
    if not decimals or any(c not in _DIGIT_VALUE for c in decimals):
        return None
    base = 0.0 if whole in ("零", "〇") else parse_chinese(whole)
    if base is None:
        return None
    return _finite(float(f"{int(base)}." + "".join(str(_DIGIT_VALUE[c]) for c in decimals)))


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
    >>> [parse_fraction(x) for x in ("千分之三", "万分之五", "三又四分之一", "2.5成", "七成五", "八折", "八五折", "8.5折")]
    [0.3, 0.05, 325.0, 25.0, 75.0, 80.0, 85.0, 85.0]
    """
    s = s.strip()
    if s == "百分之百":
        return 100.0
    m = _PERCENT_WORDS.fullmatch(s)
    if m:
        return parse_number(m.group(1))
    m = _MIXED_FRACTION.fullmatch(s)
    if m:
        whole, part = parse_number(m.group(1)), parse_fraction(m.group(2))
        if whole is None or part is None:
            return None
        return _finite(float(f"{100.0 * whole + part:.12g}"))
    m = _FRACTION_WORDS.fullmatch(s) or _FRACTION_SLASH.fullmatch(s)
    if m:
        if "分之" in s:
            den = _BARE_DENOMINATOR.get(m.group(1)) or parse_number(m.group(1))
            num = parse_number(m.group(2))
        else:
            den, num = parse_number(m.group(2)), parse_number(m.group(1))
        if not den or num is None:
            return None
        return _finite(100.0 * num / den)
    m = _TENTHS.fullmatch(s)
    if m:
        v = parse_number(m.group(1))
        if v is None or v > 10:
            return None
        if m.group(2):
            v += _DIGIT_VALUE[m.group(2)] / 10.0
        return _finite(float(f"{10.0 * v:.12g}"))
    m = _DISCOUNT.fullmatch(s)
    if m:
        if m.group(3):
            v = parse_arabic(m.group(3))
        else:
            v = float(_DIGIT_VALUE[m.group(1)]) + (_DIGIT_VALUE[m.group(2)] / 10.0 if m.group(2) else 0.0)
        return None if v is None or v >= 10 else _finite(float(f"{10.0 * v:.12g}"))
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
