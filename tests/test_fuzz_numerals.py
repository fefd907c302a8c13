"""Fuzzing the numeral normalisers (hypothesis): any string gives a finite number or None, never an exception."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import numerals

PIECES = list("0123456789０１２３４５６７８９.,，%％-—～至到") + list("零〇一二三四五六七八九十百千万亿两廿卅点分之成余多几") + ["百分之", "分之", "万亿", "e", "E", "∞", " "]
numeral_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=2)), max_size=30).map("".join)


def finite_or_none(v) -> bool:
    return v is None or (isinstance(v, float | int) and math.isfinite(v))


@settings(max_examples=400, deadline=None)
@given(st.one_of(numeral_like, st.text(max_size=40)))
def test_normalisers_never_raise_and_stay_finite(s):
    for fn in (numerals.parse_arabic, numerals.parse_chinese, numerals.parse_number, numerals.parse_fraction):
        assert finite_or_none(fn(s)), (fn.__name__, s)
    rng = numerals.parse_range(s)
    assert rng is None or all(math.isfinite(x) for x in rng)
