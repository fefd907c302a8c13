"""The disk store of compiled patterns: same patterns back, nothing but patterns loaded, never an error."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from pipeline import regex_cache

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh(cache_folder, monkeypatch):
    """The module as a new process sees it, with its file in a temporary folder."""
    monkeypatch.setattr(regex_cache, "_store", None)
    monkeypatch.setattr(regex_cache, "_used", set())
    monkeypatch.setattr(regex_cache, "_new", set())
    return cache_folder


def _new_process(monkeypatch):
    monkeypatch.setattr(regex_cache, "_store", None)
    monkeypatch.setattr(regex_cache, "_used", set())
    monkeypatch.setattr(regex_cache, "_new", set())


PATTERNS = [
    (r"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:个)?工作日", 0),
    (r"办结率(?:达到?|为)?(?P<v>\d+(?:\.\d+)?)%", 0),
    (r"^\s*[一二三四五六七八九十]+、", regex.MULTILINE),
    (r"\p{Han}{2,4}(?:年|行动)", 0),
]
TEXT = "一、审批时限由20个工作日缩短为5个工作日，办结率达到98.5%。\n二、机关服务加强年行动"


def test_patterns_come_back_from_disk_and_match_as_compiled(fresh, monkeypatch):
    first = [regex_cache.compile(p, f) for p, f in PATTERNS]
    regex_cache.save()
    assert regex_cache.cache_file().is_file()
    _new_process(monkeypatch)
    compiled_calls = []
    real = regex.compile
    monkeypatch.setattr(regex_cache.regex, "compile", lambda *a, **k: compiled_calls.append(a) or real(*a, **k))
    again = [regex_cache.compile(p, f) for p, f in PATTERNS]
    assert compiled_calls == []  # every one from the file
    for a, b, (p, f) in zip(first, again, PATTERNS):
        assert b.pattern == p and b.flags == a.flags
        assert [m.span() for m in b.finditer(TEXT)] == [m.span() for m in regex.compile(p, f).finditer(TEXT)]
        assert b.groupindex == a.groupindex


def test_named_lists_are_part_of_the_key(fresh, monkeypatch):
    a = regex_cache.compile(r"\L<acts>", acts=["马上办", "网上办"])
    b = regex_cache.compile(r"\L<acts>", acts=["一次办"])
    assert a.findall("马上办、网上办、一次办") == ["马上办", "网上办"]
    assert b.findall("马上办、网上办、一次办") == ["一次办"]
    regex_cache.save()
    _new_process(monkeypatch)
    assert regex_cache.compile(r"\L<acts>", acts=["一次办"]).findall("马上办、一次办") == ["一次办"]


def test_bad_pattern_raises_as_regex_does(fresh):
    with pytest.raises(regex.error):
        regex_cache.compile(r"(unclosed")


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(["a", "list"]),
                                     pickle.dumps({("x", 0, ()): "not a pattern"}),
                                     # a pattern stored under another pattern's key
                                     pickle.dumps({("a+", 0, ()): regex.compile("b+")})])
def test_unusable_file_is_a_cold_start(fresh, content):
    regex_cache.cache_file().parent.mkdir(parents=True, exist_ok=True)
    regex_cache.cache_file().write_bytes(content)
    assert regex_cache.compile("a+").findall("caab") == ["aa"]
    regex_cache.save()  # and the file is usable afterwards
    assert ("a+", 0, ()) in regex_cache._read(regex_cache.cache_file())


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo should-not-run",))


def test_file_that_would_run_code_is_refused(fresh):
    regex_cache.cache_file().parent.mkdir(parents=True, exist_ok=True)
    regex_cache.cache_file().write_bytes(pickle.dumps({("a+", 0, ()): _Evil()}))
    assert regex_cache._read(regex_cache.cache_file()) == {}


def test_save_merges_what_another_process_wrote(fresh, monkeypatch):
    regex_cache.compile("甲+")
    regex_cache.save()
    _new_process(monkeypatch)
    regex_cache._store = {}  # this process read the file before the other one wrote it
    regex_cache.compile("乙+")
    regex_cache.save()
    on_disk = regex_cache._read(regex_cache.cache_file())
    assert {k[0] for k in on_disk} == {"甲+", "乙+"}


def test_nothing_new_writes_nothing(fresh):
    regex_cache.save()
    assert not regex_cache.cache_file().exists()


def test_switched_off(fresh, monkeypatch):
    monkeypatch.setenv("POLICY_MEASURES_NO_CACHE", "1")
    assert regex_cache.cache_file() is None
    assert regex_cache.compile("a+").match("aa")
    regex_cache.save()
    assert list(fresh.iterdir()) == []


def test_unwritable_folder_is_no_error(fresh, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("POLICY_MEASURES_CACHE_DIR", str(blocker / "sub"))  # a folder under a file
    regex_cache.compile("丙+")
    regex_cache.save()


def test_a_second_process_extracts_the_same_from_the_cache(tmp_path):
    """Whole processes: the first writes the file, the second reads it; their output is the same."""
    code = ("import pipeline.warm, pipeline; from pipeline import regex_cache; "
            "import sys; d = pipeline.extract(sys.stdin.read(), doc_id='x'); "
            "print(len(regex_cache._new)); print(d.model_dump_json())")
    env = {**os.environ, "POLICY_MEASURES_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("POLICY_MEASURES_NO_CACHE", None)
    text = (ROOT / "corpora" / "sample").glob("*.txt").__next__().read_text(encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-c", code], input=text, env=env, capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout.splitlines() for _ in range(2)]
    assert int(runs[1][0]) == 0  # warm saved everything it compiled; the second process compiled nothing new
    assert runs[0][1] == runs[1][1]
    assert any(p.name.startswith("regex-") for p in tmp_path.iterdir())
