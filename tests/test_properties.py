"""Property tests: extraction never raises, every span is grounded, every record validates."""
from __future__ import annotations

import json
import math
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.models import iter_spans

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "document.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# Pieces of the genre, so that generated texts reach deep into the extractors, not only their guards.
GENRE = ["一、", "二、", "（一）", "(二)", "1、", "2.", "（1）", "①", "一是", "二是", "第一，", "首先，", "其次，",
         "办结率", "达到", "98.5%", "９８．５％", "由", "60个工作日", "缩短为", "7个工作日", "11万余件", "600余万元",
         "四分之一", "百分之九十", "6-7家", "三至五年", "以上", "以内", "约", "左右", "问责", "约谈", "通报批评",
         "责令整改", "免职", "扣分", "容错免责", "“马上办”", "“机关服务加强年”活动", "专项整治行动", "《效能问责办法》",
         "浙江省", "杭州市", "富阳市", "xx区", "2013年", "2012-12-07", "5月", "今年以来", "全市", "我区",
         "。", "，", "；", "：", "\n", " ", "\u3000", "“", "”", "(", ")", "((((", "一是一是一是",
         "99999999999999999999%", "0.0000001", "1e309", "—", "～", "\x00", "\ufeff", "\r\n",
         # quantities as Chinese writes them (issue 20)
         "增长", "-3.2%", "－", "−", "负", "负增长", "下降", "减少", "一年半", "半个月", "两米半", "半年内",
         "三又四分之一", "千分之三", "万分之", "3‰", "2.5成", "七成五", "八折", "8.5折", "六百一十一点二五五",
         "點", "個", "萬", "億", "兩", "負", "七台河", "五台山", "%E4%B8%AD", "http://x.cn/1%", "X-200型",
         "美元", "港元", "259.2亿斤", "65周岁", "10000P", "算力", "℃", "摄氏度", "千瓦时", "万度电", "TB", "平方公里"]

genre_text = st.lists(st.one_of(st.sampled_from(GENRE), st.text(max_size=5)), max_size=60).map("".join)
any_text = st.text(max_size=400)


def check(text: str) -> None:
    doc = pipeline.extract(text)
    record = json.loads(doc.model_dump_json())
    VALIDATOR.validate(record)
    from pipeline.core import normalize_text

    doc_text = normalize_text(text)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in doc_text):
        doc_text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in doc_text)
    for span in iter_spans(doc):
        assert span.text == doc_text[span.start:span.end]
    for ind in doc.indicators:
        for v in (ind.value, ind.value_max, ind.from_value):
            assert v is None or math.isfinite(v)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_unicode_text(text):
    check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(genre_text)
def test_genre_like_text(text):
    check(text)


def test_pathological_repetitions():
    for text in ("一是" * 5000, "(" * 20000, "9" * 5000 + "%", "一、" * 3000, "。" * 10000,
                 "问责约谈" * 2000, "“" * 3000 + "活动", "由" + "1" * 400 + "个工作日缩短为" + "2" * 400 + "个工作日",
                 "\n" * 10000, "１２３" * 3000 + "％", "第" * 5000, "（一）" * 2000):
        check(text)


def test_a_very_long_line():
    check(("全市行政审批事项办结率达到99.5%，平均办理时间由5个工作日缩短为2个工作日，" * 1500))
