"""The traditional-to-simplified fold kept between processes: the same table back, plain data only, a broken
or foreign file a cold start, nothing written when the caches are off."""
from __future__ import annotations

import pickle

import pytest

from pipeline import textview


def _files(folder):
    return sorted(folder.glob("traditional-fold-*.pickle"))


def test_the_fold_comes_back_from_disk_as_built(cache_folder, monkeypatch):
    built = textview._cached_traditional_fold()
    assert built == textview.traditional_fold() and built[ord("個")] == ord("个")
    assert len(_files(cache_folder)) == 1
    monkeypatch.setattr(textview, "_fold_from", lambda *a: pytest.fail("the tables were read again"))
    assert textview._cached_traditional_fold() == built


@pytest.mark.parametrize("content", [b"", b"garbage", pickle.dumps([1, 2]), pickle.dumps({1: textview.Path("/")})])
def test_a_broken_or_foreign_file_is_a_cold_start(cache_folder, content):
    textview._cached_traditional_fold()
    (path,) = _files(cache_folder)
    path.write_bytes(content)
    assert textview._cached_traditional_fold() == textview.traditional_fold()


def test_no_file_when_the_caches_are_off(cache_folder, monkeypatch):
    monkeypatch.setenv("POLICY_MEASURES_NO_CACHE", "1")
    assert textview._cached_traditional_fold() == textview.traditional_fold()
    assert _files(cache_folder) == []
