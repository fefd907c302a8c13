"""Word segmentation: jieba with the domain dictionary, for the place-name word-boundary check; the
segmenter choice extraction once offered is gone (README, "Word segmentation")."""
from __future__ import annotations

import pytest

from pipeline.context import Options
from pipeline.segment import get_segmenter, load_user_words


def test_jieba_keeps_domain_words_whole():
    words = [w for w, _, _ in get_segmenter("jieba").tokenize("全市办结率和提速率明显提高，坚持最多跑一次，推行容错免责")]
    for term in ("办结率", "提速率", "最多跑一次", "容错免责"):
        assert term in words


def test_tokens_are_offsets_into_the_text():
    text = "全市推行马上办，办结率达到99%。"
    for word, s, e in get_segmenter().tokenize(text):
        assert text[s:e] == word


def test_user_dictionary_validates():
    words = [w for w, _, _ in load_user_words()]
    assert "马上办" in words and "明察暗访" in words


def test_only_jieba_is_shipped():
    with pytest.raises(ValueError, match="only jieba"):
        get_segmenter("pkuseg")


@pytest.mark.parametrize("removed", [{"segmenter": "jieba"}, {"pkuseg_model": "/models/pkuseg"}])
def test_the_removed_segmenter_options_are_rejected(removed):
    # they never changed the output; accepting them silently would suggest they do
    with pytest.raises(TypeError, match="unknown extraction options"):
        Options.from_kwargs(**removed)


def test_unknown_option_is_rejected():
    with pytest.raises(TypeError, match="unknown extraction options"):
        Options.from_kwargs(segmentor="jieba")


def test_jieba_windows_cut_short_texts_as_the_full_dictionary_does(tmp_path, monkeypatch):
    from pipeline.segment import JiebaWindows, window_store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = window_store()  # built here, from jieba's dictionary and the user words
    assert store.parent == tmp_path / "policy-measures" and store.is_file()
    assert window_store() == store
    text = ("全县行政审批事项办结率达到百分之九十八，群众满意度持续提升，七台河市推进改革"
            "出台中部地区均衡水平台中市衡水市 ABC 12个，最多跑一次")
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
