"""The gazetteer's name tables kept between processes: the same tables back, Unit the only class admitted,
a stale, foreign or broken file a cold start, never an error."""
from __future__ import annotations

import pickle

import pytest

from pipeline.normalize import regions


@pytest.fixture
def fresh(cache_folder):
    regions.gazetteer.cache_clear()
    yield cache_folder
    regions.gazetteer.cache_clear()


def _tables(gz):
    return {k: getattr(gz, k) for k in regions.Gazetteer._TABLE_PARTS}


def test_tables_come_back_from_disk_as_built(fresh, monkeypatch):
    built = regions.gazetteer()
    assert regions._parts_file().is_file()
    regions.gazetteer.cache_clear()
    monkeypatch.setattr(regions, "_load_table", lambda *a: pytest.fail("the table was read again"))
    loaded = regions.gazetteer()
    assert _tables(loaded) == _tables(built)
    text = "浙江省杭州市富阳区2016年机关效能建设工作总结，鸡西、台中出台中部"
    assert [(m.start, m.end, m.form, m.kind) for m in loaded.raw_mentions(text)] == \
           [(m.start, m.end, m.form, m.kind) for m in built.raw_mentions(text)]


def test_the_file_is_named_by_the_table_the_rules_and_the_code(fresh, monkeypatch, tmp_path):
    first = regions._parts_file()
    table = tmp_path / "regions.tsv"
    table.write_bytes(regions.TABLE.read_bytes() + b"\n")
    monkeypatch.setattr(regions, "TABLE", table)
    assert regions._parts_file() != first


@pytest.mark.parametrize("content", [b"", b"garbage", pickle.dumps({"full": {}}), pickle.dumps([1, 2])])
def test_a_broken_or_foreign_file_is_a_cold_start(fresh, content):
    path = regions._parts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    gz = regions.gazetteer()
    assert "富阳区" in gz.full


def test_a_file_holding_another_class_is_refused(fresh):
    path = regions._parts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = {k: {} for k in regions.Gazetteer._TABLE_PARTS}
    parts["full"] = {"x": (regions.Path("/"),)}  # a path is no Unit
    path.write_bytes(pickle.dumps(parts))
    assert regions._read_parts(path) is None
    assert "富阳区" in regions.gazetteer().full


def test_no_file_when_the_caches_are_off(fresh, monkeypatch):
    monkeypatch.setenv("POLICY_MEASURES_NO_CACHE", "1")
    assert regions._parts_file() is None
    assert "富阳区" in regions.gazetteer().full
