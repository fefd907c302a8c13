"""Chinese digit and numeral characters: the one copy of the tables the readers of numbers share.

Used by normalize/numerals.py (quantities), normalize/dates.py (years, months, days),
extract/markers.py (list numerals 一 … 九十九) and extract/indicators.py (the candidate pattern).
Strings here are character classes' contents (their order is kept: regexes built from them are
byte-identical to the ones written out before).
"""
from __future__ import annotations

#: 一 … 九: the digits of a list numeral or a month/day (two is 二, never 两)
ONE_TO_NINE = "一二三四五六七八九"
#: the digits of a Chinese number: zero (零, 〇), one to nine, and 两 for two
DIGITS = "零〇" + ONE_TO_NINE[:2] + "两" + ONE_TO_NINE[2:]
#: the digits read one by one after 点 (九十九点二): no 两
DECIMAL_DIGITS = "零〇" + ONE_TO_NINE
#: the magnitude characters
MAGNITUDES = "十百千万亿"
#: 廿 (20) and 卅 (30)
TENS_WORDS = "廿卅"
#: every character of a Chinese numeral
NUMERAL_CHARS = DIGITS + MAGNITUDES + TENS_WORDS
#: the digits of a year written digit by digit (二〇一三, also with ○ or the letter O)
YEAR_DIGITS = "〇○零Oo" + ONE_TO_NINE

#: value of each digit character (零/〇 0, 两 2)
DIGIT_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
#: value of each digit of a year written digit by digit (○ and the letter O are zeros too)
YEAR_DIGIT_VALUE = {**DIGIT_VALUE, "○": 0, "O": 0, "o": 0}
#: value of 一 … 九 (list numerals)
ONE_TO_NINE_VALUE = {c: DIGIT_VALUE[c] for c in ONE_TO_NINE}
