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
