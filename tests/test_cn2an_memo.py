"""cn2an's readings kept between processes: the same numbers as cn2an, plain data only, never an error,
and a process that meets only numerals read before never imports cn2an."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import cn2an
import pytest

from pipeline.normalize import cn2an_memo

ROOT = Path(__file__).resolve().parents[1]

NUMERALS = ["一", "两", "十", "二十四", "一百二十", "两万三千", "一万五", "三千零五", "九十九", "十三五", "千", "二〇一三"]


def _cn2an_itself(s: str):
    try:
        return float(cn2an.cn2an(s, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


@pytest.fixture
def fresh(cache_folder, monkeypatch):
    """The module as a new process sees it, with its file in a temporary folder."""
    _new_process(monkeypatch)
    return cache_folder


def _new_process(monkeypatch):
    monkeypatch.setattr(cn2an_memo, "_memo", None)
    monkeypatch.setattr(cn2an_memo, "_new", set())
    monkeypatch.setattr(cn2an_memo, "_used", set())


@pytest.mark.parametrize("numeral", NUMERALS)
def test_values_are_cn2an_s(fresh, numeral):
    assert cn2an_memo.value(numeral) == _cn2an_itself(numeral)


def test_values_come_back_from_disk_without_asking_cn2an(fresh, monkeypatch):
    first = [cn2an_memo.value(s) for s in NUMERALS]
    cn2an_memo.save()
    assert cn2an_memo.memo_file().is_file()
    _new_process(monkeypatch)
    monkeypatch.setattr(cn2an_memo, "_cn2an", lambda s: pytest.fail(f"cn2an asked for {s}"))
    assert [cn2an_memo.value(s) for s in NUMERALS] == first


def test_a_new_process_reads_known_numerals_without_importing_cn2an(fresh):
    env = {**os.environ, "POLICY_MEASURES_CACHE_DIR": str(fresh), "PYTHONPATH": str(ROOT)}
    env.pop("POLICY_MEASURES_NO_CACHE", None)
    script = ("import sys; from pipeline.normalize import numerals; "
              "print(numerals.parse_number('两万三千'), numerals.parse_number('三十五'), 'cn2an' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["23000.0", "35.0", "True"]  # learnt, and written at exit
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert again.stdout.split() == ["23000.0", "35.0", "False"]


def test_saving_merges_what_another_process_wrote(fresh, monkeypatch):
    cn2an_memo.value("二十四")
    cn2an_memo.save()
    _new_process(monkeypatch)
    cn2an_memo.value("一百二十")
    cn2an_memo.save()
    on_disk = cn2an_memo._read(cn2an_memo.memo_file())
    assert on_disk == {"二十四": 24.0, "一百二十": 120.0}


def test_a_file_holding_a_class_is_refused(fresh, monkeypatch):
    path = cn2an_memo.memo_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"二十四": 24.0, "x": Path("/")}))
    assert cn2an_memo._read(path) == {}
    assert cn2an_memo.value("二十四") == 24.0


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(["a list"]), pickle.dumps({"五": "5"})])
def test_a_bad_file_is_a_cold_start(fresh, content):
    path = cn2an_memo.memo_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert cn2an_memo.value("五") == 5.0
    cn2an_memo.save()
    assert cn2an_memo._read(path) == {"五": 5.0}


def test_no_file_when_the_caches_are_off(fresh, monkeypatch):
    monkeypatch.setenv("POLICY_MEASURES_NO_CACHE", "1")
    assert cn2an_memo.memo_file() is None
    assert cn2an_memo.value("两万三千") == 23000.0
    cn2an_memo.save()  # nothing to write to, no error


def test_an_overgrown_file_is_rewritten_with_this_process_s_numerals(fresh, monkeypatch):
    monkeypatch.setattr(cn2an_memo, "_MAX_ENTRIES", 3)
    path = cn2an_memo.memo_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"一": 1.0, "二": 2.0, "三": 3.0}))
    assert cn2an_memo.value("一") == 1.0  # from the file
    cn2an_memo.value("四")
    cn2an_memo.save()
    assert cn2an_memo._read(path) == {"一": 1.0, "四": 4.0}
