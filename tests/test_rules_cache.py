"""Validated rule files kept between processes: the same models back, a new key for a changed file,
nothing but rule models loaded, and a bad file validated again instead of failing."""
from __future__ import annotations

import os
import pickle
from importlib import resources

import pytest

from pipeline.rules import loader
from pipeline.rules.campaign_rules import CampaignRules
from pipeline.rules.indicator_vocab import IndicatorVocab
from pipeline.rules.units import Units

SHIPPED = [("campaign_rules.yaml", CampaignRules), ("indicator_vocab.yaml", IndicatorVocab), ("units.yaml", Units)]


@pytest.fixture
def cache(cache_folder):
    loader.load_rules.cache_clear()
    yield cache_folder
    loader.load_rules.cache_clear()


def _files(folder):
    return sorted(p.name for p in (folder / "rules").glob("*.pickle"))


@pytest.mark.parametrize("name,model", SHIPPED)
def test_cached_file_equals_the_validated_one(cache, name, model):
    validated = loader.parse_rules_text(loader.data_text(name), model, name)
    first = loader.load_rules(name, model)
    assert first == validated
    assert len(_files(cache)) == 1
    loader.load_rules.cache_clear()  # a new process
    calls = []
    real = loader.parse_rules_text
    try:
        loader.parse_rules_text = lambda *a: calls.append(a) or real(*a)
        again = loader.load_rules(name, model)
    finally:
        loader.parse_rules_text = real
    assert calls == []  # read from the cache, not parsed again
    assert again == validated and type(again) is model


def test_every_shipped_file_round_trips_through_pickle():
    """What the cache relies on: each shipped file's model pickles and comes back equal."""
    from pipeline.rules import MODELS, model_of

    for name in MODELS:
        model = model_of(name)
        validated = loader.parse_rules_text(loader.data_text(name), model, name)
        back = loader._RuleModelsOnly(__import__("io").BytesIO(pickle.dumps(validated))).load()
        assert back == validated, name


def test_a_changed_file_is_validated_again_under_a_new_key(cache, monkeypatch):
    name, model = SHIPPED[0]
    loader.load_rules(name, model)
    before = _files(cache)
    text = loader.data_text(name)
    monkeypatch.setattr(loader, "data_text", lambda n: text + "\n# an edit\n" if n == name else text)
    loader.load_rules.cache_clear()
    calls = []
    real = loader.parse_rules_text
    monkeypatch.setattr(loader, "parse_rules_text", lambda *a: calls.append(a[2]) or real(*a))
    loader.load_rules(name, model)
    assert calls == [name]
    after = _files(cache)
    assert len(after) == 1 and after != before  # the old version is removed


def test_broken_edit_still_fails_loudly(cache, monkeypatch):
    name, model = SHIPPED[0]
    loader.load_rules(name, model)  # a good version in the cache
    monkeypatch.setattr(loader, "data_text", lambda n: "heads: 3\n")
    loader.load_rules.cache_clear()
    with pytest.raises(loader.RulesError):
        loader.load_rules(name, model)


@pytest.mark.parametrize("content", [b"", b"garbage", pickle.dumps({"a": 1}), pickle.dumps(os.getcwd)])
def test_unusable_cache_file_is_validated_again(cache, content):
    name, model = SHIPPED[0]
    loader.load_rules(name, model)
    (path,) = (cache / "rules").glob("*.pickle")
    path.write_bytes(content)
    loader.load_rules.cache_clear()
    assert loader.load_rules(name, model) == loader.parse_rules_text(loader.data_text(name), model, name)


def test_cache_switched_off(cache, monkeypatch):
    monkeypatch.setenv("POLICY_MEASURES_NO_CACHE", "1")
    loader.load_rules(*SHIPPED[0])
    assert not (cache / "rules").exists()


def test_data_files_are_the_packaged_ones():
    assert (resources.files("pipeline") / "data" / "campaign_rules.yaml").is_file()
