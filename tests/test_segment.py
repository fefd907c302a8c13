"""Segmenters: jieba with the domain dictionary, pkuseg through spaCy from a model trained here, char."""
from __future__ import annotations

import sys

import pytest

from pipeline.context import Context, Options
from pipeline.segment import CharSegmenter, get_segmenter, load_user_words

# Sentences written for this test, in the genre's vocabulary, segmented by hand.
TRAINING = """全县 行政 审批 事项 办结率 达到 百分之九十八
深入 推进 马上办 改革 提升 机关 效能
坚持 最多跑一次 理念 优化 营商 环境
对 工作 不力 的 单位 进行 通报 批评
开展 明察暗访 发现 问题 全部 整改
推行 容错免责 机制 激励 干部 担当
群众 满意率 明显 提高
压缩 审批 时限 取消 证明 材料
""".strip().splitlines()


def test_jieba_keeps_domain_words_whole():
    words = [w for w, _, _ in get_segmenter("jieba").tokenize("全市办结率和提速率明显提高，坚持最多跑一次，推行容错免责")]
    for term in ("办结率", "提速率", "最多跑一次", "容错免责"):
        assert term in words


def test_tokens_carry_document_offsets():
    ctx = Context(text="序言。全市推行马上办，办结率达到99%。")
    start = ctx.text.index("全市")
    for word, s, e in ctx.tokens(start):
        assert ctx.text[s:e] == word


def test_segmenter_is_not_loaded_until_tokens_are_asked_for():
    ctx = Context(text="一、测试")
    assert "segmenter" not in ctx.__dict__
    ctx.tokens()
    assert "segmenter" in ctx.__dict__


def test_char_segmenter():
    assert CharSegmenter().tokenize("马 上") == [("马", 0, 1), ("上", 2, 3)]


def test_user_dictionary_validates():
    words = [w for w, _, _ in load_user_words()]
    assert "马上办" in words and "明察暗访" in words


def test_pkuseg_through_spacy_with_a_model_trained_here(tmp_path, monkeypatch):
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    train = tmp_path / "train.txt"
    train.write_text("\n".join(TRAINING * 6) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the trainer writes scratch files into the working directory
    spacy_pkuseg.train(str(train), str(train), str(tmp_path / "model"), train_iter=3)
    seg = get_segmenter("pkuseg", model=str(tmp_path / "model"))
    tokens = seg.tokenize("全县办结率达到百分之九十八")
    assert "".join(w for w, _, _ in tokens) == "全县办结率达到百分之九十八"
    assert ("办结率", 2, 5) in tokens
    # and through the extraction options, the path users take
    import pipeline

    pipeline.extract("推行马上办改革。", segmenter="pkuseg", pkuseg_model=str(tmp_path / "model"))


def test_pkuseg_without_a_model_says_so():
    with pytest.raises(ValueError, match="model"):
        get_segmenter("pkuseg", model=None)


def test_unknown_option_is_rejected():
    with pytest.raises(TypeError, match="unknown extraction options"):
        Options.from_kwargs(segmentor="jieba")


def test_jieba_windows_cut_short_texts_as_the_full_dictionary_does(tmp_path, monkeypatch):
    from pipeline.segment import JiebaWindows, window_store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = window_store()  # built here, from jieba's dictionary and the user words
    assert store.parent == tmp_path / "policy-measures" and store.is_file()
    assert window_store() == store
    text = "".join(TRAINING).replace(" ", "") + "出台中部地区均衡水平台中市衡水市 ABC 12个，最多跑一次"
    windows = [text[i:i + n] for n in (1, 2, 5, 9, 14, 20, 32) for i in range(0, len(text) - n, 3)]
    windows += ["", " ", "出台中部", "均衡水平", "a b\tc", "x" * 40]
    short, full = JiebaWindows(store), get_segmenter("jieba")
    assert [short.tokenize(w) for w in windows] == [full.tokenize(w) for w in windows]


def test_jieba_windows_fall_back_to_the_full_dictionary_without_their_store(tmp_path, monkeypatch):
    import shutil

    from pipeline.segment import JiebaWindows, window_store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = tmp_path / "copy.sqlite"
    shutil.copy(window_store(), store)
    short = JiebaWindows(store)
    store.unlink()  # removed while in use (a cleaned cache folder)
    assert short.tokenize("出台中部地区") == get_segmenter("jieba").tokenize("出台中部地区")
