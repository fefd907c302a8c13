"""Numerals and units: table-driven checks beyond the doctests."""
from __future__ import annotations

import pytest

from pipeline.normalize import numerals, units
from pipeline.normalize.lexicon import DataFileError


@pytest.mark.parametrize("text, value", [
    ("0", 0.0), ("7", 7.0), ("1,003", 1003.0), ("12,345,678", 12345678.0), ("0.55", 0.55),
    ("51.72", 51.72), ("二十四", 24.0), ("一百二十", 120.0), ("两", 2.0), ("廿", 20.0),
    ("十", 10.0), ("十二", 12.0), ("三千五百", 3500.0), ("一万零五", 10005.0), ("两千万", 2e7),
    ("11万", 110000.0), ("3.5亿", 3.5e8), ("1.3万亿", 1.3e12), ("2千", 2000.0), ("十一万", 110000.0),
])
def test_parse_number(text, value):
    assert numerals.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "万", "千", "百", "十三五", "十十", "二〇一三", "一一", "abc",
                                  "1.2.3", "9" * 40, "万万", "3.5兆"])
def test_parse_number_rejects(text):
    assert numerals.parse_number(text) is None


@pytest.mark.parametrize("text, pct", [
    ("四分之一", 25.0), ("二分之一", 50.0), ("三分之二", 200 / 3), ("十分之三", 30.0),
    ("百分之九十", 90.0), ("百分之五", 5.0), ("百分之12.5", 12.5), ("八成", 80.0), ("两成", 20.0),
    ("1/5", 20.0),
])
def test_parse_fraction(text, pct):
    assert numerals.parse_fraction(text) == pytest.approx(pct)


@pytest.mark.parametrize("text", ["零分之一", "四分之", "百分之", "成", "十一成", ""])
def test_parse_fraction_rejects(text):
    assert numerals.parse_fraction(text) is None


@pytest.mark.parametrize("text, bounds", [
    ("6-7", (6.0, 7.0)), ("1—2", (1.0, 2.0)), ("三至五", (3.0, 5.0)), ("10~20", (10.0, 20.0)),
    ("两到三", (2.0, 3.0)), ("7-6", None), ("3-3", None), ("a-b", None),
])
def test_parse_range(text, bounds):
    assert numerals.parse_range(text) == bounds


@pytest.mark.parametrize("written, unit, kind", [
    ("个工作日", "工作日", "duration"), ("工作日", "工作日", "duration"), ("个月", "月", "duration"),
    ("个百分点", "百分点", "ratio"), ("%", "%", "ratio"), ("倍", "倍", "ratio"), ("元", "元", "money"),
    ("人次", "人次", "count"), ("件", "件", "count"), ("大类", "类", "count"), ("分", "分", "score"),
    ("公里", "公里", "physical"), ("平方米", "平方米", "physical"), ("标箱", "标箱", "physical"),
    ("小时", "小时", "duration"), ("家", "家", "count"), ("轮", "轮", "count"),
])
def test_unit_table(written, unit, kind):
    info = units.lookup(written)
    assert (info.unit, info.kind) == (unit, kind)


@pytest.mark.parametrize("word, factor", [("万", 1e4), ("亿", 1e8), ("万亿", 1e12), ("千万", 1e7)])
def test_multipliers(word, factor):
    assert units.multiplier(word) == factor


def test_months_and_days_are_not_units():
    # 5月 and 7日 are dates; a duration is written 5个月 / 7天 / 7个工作日, or 7日内 as a limit
    assert units.lookup("月") is None and units.lookup("号") is None
    assert units.lookup("日").followed_by and "内" in units.lookup("日").followed_by


def test_unit_table_validation_names_the_entry():
    with pytest.raises(DataFileError, match=r"units\.yaml.*units\[1\].*kind"):
        units._build({"units": [{"written": "项", "unit": "项", "kind": "count"},
                                {"written": "斤", "unit": "斤", "kind": "weight"}]})
    with pytest.raises(DataFileError, match="listed twice"):
        units._build({"units": [{"written": "项", "unit": "项", "kind": "count"}] * 2})
