"""Measure categories: keyword rules, the trained model and its report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline.classify import classify
from pipeline.classify import rules as R
from pipeline.classify.model import load_model, model_path
from pipeline.classify.train import load_seed, split_seed
from pipeline.rules import RulesError, parse_rules_text
from pipeline.rules.category_lexicon import CategoryLexicon

DATA = Path(R.__file__).resolve().parents[1] / "data"
WRITTEN = yaml.safe_load((Path(__file__).parent / "cases" / "categories_written.yaml").read_text(encoding="utf-8"))["written"]

# Written headings (not in the seed file) with the category a careful reader gives them.
RULE_CASES = [
    ("开展窗口作风暗访", "", "supervision"),
    ("组织服务对象打分评议", "", "evaluation"),
    ("对慢作为单位负责人进行约谈问责", "", "accountability"),
    ("取消一批无依据的证明事项", "", "streamlining"),
    ("推行帮办代办服务", "", "service"),
    ("上线掌上办事APP", "", "e_government"),
    ("公示办事流程和收费标准", "", "transparency"),
    ("建立健全联席会议机制", "", "institution"),
    ("分批开展窗口人员业务培训", "", "capacity"),
    ("开展损害营商环境问题专项治理", "", "environment"),
]


@pytest.mark.parametrize("title,body,expected", RULE_CASES)
def test_rules_label_written_headings(title, body, expected):
    assert R.rule_category(title, body)[0] == expected


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c["xfail"])) if c.get("xfail") else c
    for c in WRITTEN], ids=[c["title"] for c in WRITTEN])
def test_rules_read_heading_structure(case):
    assert R.rule_category(case["title"], "")[0] == case["category"], case["form"]


def _lexicon_error(old: str, new: str) -> tuple[str, int]:
    """The RulesError of the lexicon with ``old`` replaced by ``new``, and the line of the edit."""
    text = (DATA / "category_lexicon.yaml").read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    with pytest.raises(RulesError) as err:
        parse_rules_text(text.replace(old, new, 1), CategoryLexicon, "category_lexicon.yaml")
    return str(err.value), line


def test_lexicon_validation_of_clause_settings():
    msg, line = _lexicon_error("  pattern: '对[", "  pattern: '对([")  # the condition_clause rule
    assert msg.startswith(f"category_lexicon.yaml:{line}: condition_clause.pattern: bad regex"), msg
    msg, _ = _lexicon_error("words: [机制, 制度,", "words: [没有这个词, 机制, 制度,")  # the generic_heads rule
    text = (DATA / "category_lexicon.yaml").read_text(encoding="utf-8")
    line = text[:text.index("\ngeneric_heads:")].count("\n") + 2  # the rule's key names it
    assert msg.startswith(f"category_lexicon.yaml:{line}: generic_heads: '没有这个词' is not a term"), msg
    msg, _ = _lexicon_error("head_boost: 2.0\n", "")
    first, _ = _lexicon_error("title_weight: 4.0", "title_weight: -4.0")  # the mapping's first line
    assert msg.startswith(first.split(": ")[0] + ": head_boost: Field required"), msg
    # the raw mapping is checked alike (without a line)
    data = yaml.safe_load((DATA / "category_lexicon.yaml").read_text(encoding="utf-8"))
    del data["head_boost"]
    with pytest.raises(RulesError, match=r"^category_lexicon.yaml: head_boost: Field required"):
        R.parse_lexicon(data)


@pytest.mark.parametrize("title", ["指导思想", "目标任务", "总体情况", "主要措施及成效", "存在的主要问题及下一步打算",
                                   "方法步骤", "保障措施", "2024年工作回顾"])
def test_section_headings_have_no_category(title):
    assert classify([title], ["正文"], use_model=True) == [(None, None)]
    assert classify([title], ["正文"], use_model=False) == [(None, None)]


def test_heading_words_outweigh_body_words():
    body = "考核 考评 测评 排名"  # evaluation words in the body only
    assert R.rule_category("推行网上审批", body)[0] == "e_government"


def test_no_evidence_gives_null():
    assert R.rule_category("其他事项", "另行通知。") == (None, None)


def test_lexicon_validation_names_file_and_entry():
    msg, line = _lexicon_error("\n  service:\n", "\n  no_such_category:\n    词: 1\n  service:\n")
    assert msg.startswith(f"category_lexicon.yaml:{line + 1}: categories.no_such_category: Input should be"), msg
    msg, line = _lexicon_error("    代办: 4", "    代办: -1")
    assert msg.startswith(f"category_lexicon.yaml:{line}: categories.service.代办: "
                          "Input should be greater than 0"), msg


def test_seed_file_is_valid_and_split_is_stratified():
    seed = load_seed()
    assert {c for _, _, c in seed} == set(R.CATEGORIES)
    train, test = split_seed(seed, 0)
    assert len(train) + len(test) == len(seed)
    assert {c for _, _, c in test} == set(R.CATEGORIES)
    assert split_seed(seed, 0) == (train, test)


def test_seed_file_validation_names_file():
    with pytest.raises(RulesError, match=r"category_seed.yaml:1: bogus: Input should be 'supervision'"):
        load_seed("bogus:\n  - 某标题\n")


def test_rules_used_when_model_is_switched_off():
    titles, bodies = [t for t, _, _ in RULE_CASES], [b for _, b, _ in RULE_CASES]
    got = classify(titles, bodies, use_model=False)
    assert [c for c, _ in got] == [e for _, _, e in RULE_CASES]
    assert all(0 < s <= 1 for _, s in got)


needs_model = pytest.mark.skipif(not model_path().is_file(), reason="category model not trained")


@needs_model
def test_model_labels_written_headings_in_one_call():
    model = load_model()
    assert load_model() is model  # loaded once per process
    titles, bodies = [t for t, _, _ in RULE_CASES], [b for _, b, _ in RULE_CASES]
    got = classify(titles, bodies, use_model=True)
    correct = sum(c == e for (c, _), (_, _, e) in zip(got, RULE_CASES))
    assert correct >= 8
    assert all(c in R.CATEGORIES and 0 < s <= 1 for c, s in got)


@needs_model
def test_training_report_gives_model_and_rules_accuracy():
    report = json.loads((DATA / "category_model_report.json").read_text(encoding="utf-8"))
    held = report["held_out"]
    assert held["n"] >= 80
    assert 0 <= held["rules_accuracy"] <= 1
    assert held["model_accuracy"] >= 0.75
    assert held["accuracy"] >= 0.8  # the shipped combination of rules and model
    assert report["rules_threshold"] in [float(t) for t in report["rules_threshold_cv"]["accuracy_by_threshold"]]


@needs_model
def test_shipped_bundle_carries_rules_threshold():
    from pipeline.classify.model import rules_threshold

    model = load_model()
    assert isinstance(model, dict) and 0 <= rules_threshold(model) <= 2


def test_rules_decide_above_threshold_and_model_below(monkeypatch):
    import pipeline.classify.model as M

    class Fixed:  # stands in for the fitted pipeline: always says "capacity"
        classes_ = ["capacity", "service"]

        def predict_proba(self, pairs):
            import numpy as np
            return np.array([[0.9, 0.1]] * len(pairs))

    monkeypatch.setattr(M, "load_model", lambda path=None: {"pipeline": Fixed(), "rules_threshold": 0.5})
    got = classify(["推行帮办代办服务", "其他事项"], ["", ""], use_model=True)
    assert got[0][0] == "service"  # rules confident
    assert got[1] == ("capacity", 0.9)  # rules give nothing: the model decides


def test_missing_model_falls_back_to_rules(monkeypatch, tmp_path):
    import pipeline.classify.model as M

    monkeypatch.setattr(M, "model_path", lambda: tmp_path / "absent.joblib")
    warnings: list[str] = []
    got = classify(["推行帮办代办服务"], [""], use_model=True, warnings=warnings)
    assert got[0][0] == "service"
    assert any("model not found" in w for w in warnings)


@pytest.mark.slow
def test_train_classifier_writes_model_and_report(tmp_path):
    from pipeline.classify.train import train_classifier

    report = train_classifier(output_dir=tmp_path, seed=0, corpus_dir=tmp_path / "no_corpus")
    assert (tmp_path / "category_model.joblib").is_file()
    from pipeline.classify.compact import load  # the export extraction loads, of this very model

    assert load(tmp_path / "category_model.npz", tmp_path / "category_model.joblib") is not None
    assert json.loads((tmp_path / "category_model_report.json").read_text("utf-8")) == report
    assert report["training"]["weak_labelled"] == 0
    assert 0 <= report["held_out"]["model_accuracy"] <= 1


@needs_model
def test_exported_model_gives_the_pipelines_probabilities_bit_for_bit():
    import joblib
    import numpy as np

    from pipeline.classify.compact import CompactModel

    bundle = load_model()
    assert isinstance(bundle["pipeline"], CompactModel), "category_model.npz is missing or stale: " \
        "python -m pipeline.classify.compact"
    fitted = joblib.load(model_path())
    assert bundle["rules_threshold"] == fitted["rules_threshold"]
    seed = [(t, b) for t, b, _ in load_seed()]
    pairs = seed + [(t, "") for t, _, _ in RULE_CASES] + [("", ""), ("  A  b\t\t", "\n\n办结率１００％，  ＡＰＰ")]
    pairs += [(b[:20], t + b) for t, b in seed[:100]]
    assert np.array_equal(bundle["pipeline"].predict_proba(pairs), fitted["pipeline"].predict_proba(pairs))
    assert list(bundle["pipeline"].classes_) == list(fitted["pipeline"].classes_)


def test_exported_model_is_ignored_once_the_joblib_changes(tmp_path):
    import shutil

    from pipeline.classify.compact import COMPACT_FILE, load

    if not (DATA / COMPACT_FILE).is_file():
        pytest.skip("no exported model")
    shutil.copy(DATA / COMPACT_FILE, tmp_path / COMPACT_FILE)
    (tmp_path / "m.joblib").write_bytes(model_path().read_bytes())
    assert load(tmp_path / COMPACT_FILE, tmp_path / "m.joblib") is not None
    (tmp_path / "m.joblib").write_bytes(model_path().read_bytes() + b"\0")
    assert load(tmp_path / COMPACT_FILE, tmp_path / "m.joblib") is None
