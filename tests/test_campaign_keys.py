"""Campaign linking across documents: normalisation plus character n-gram TF-IDF similarity, checked on
the written pairs of pipeline/data/campaign_link_pairs.tsv."""
from __future__ import annotations

import pytest

from pipeline import campaign_keys as ck
from pipeline.models import Campaign, Document, Source


def test_written_pairs_precision_and_recall_at_least_0_9():
    scores = ck.pair_scores()
    assert scores["pairs"] >= 50
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.9, scores


def test_pairs_file_has_both_kinds_and_the_issue_examples():
    pairs = ck.load_pairs()
    assert sum(s for *_, s in pairs) >= 20 and sum(not s for *_, s in pairs) >= 15
    assert ("马上办", "马上就办", True) in pairs and ("高效办成一件事", "推进“高效办成一件事”", True) in pairs


def test_the_issue_examples_get_one_key_and_unlike_names_stay_apart():
    keys = ck.link(["高效办成一件事", "“高效办成一件事”改革", "推进“高效办成一件事”", "马上办", "马上就办", "马上办",
                    "一网通办", "一网统管", "千名干部进千企", "千名干部进万家"])
    assert keys["高效办成一件事"] == keys["“高效办成一件事”改革"] == keys["推进“高效办成一件事”"] == "高效办成一件事"
    assert keys["马上办"] == keys["马上就办"] == "马上办"  # the more written form names the group
    assert len({keys["一网通办"], keys["一网统管"], keys["千名干部进千企"], keys["千名干部进万家"], keys["马上办"]}) == 5


def test_assign_sets_the_key_on_every_campaign_across_documents():
    def doc(i, names):
        return Document(doc_id=str(i), source=Source(chars=0), campaigns=[Campaign(name=n) for n in names])

    docs = ck.assign([doc(1, ["“高效办成一件事”改革"]), doc(2, ["推进“高效办成一件事”", "马上就办"]), doc(3, ["马上办"])])
    assert [c.campaign_key for d in docs for c in d.campaigns] == ["高效办成一件事", "高效办成一件事", "马上办", "马上办"]


def test_extraction_writes_the_normalised_name():
    from pipeline import extract

    doc = extract("全市深入开展“作风建设年”活动,推进“高效办成一件事”改革。", doc_id="x")
    assert {c.campaign_key for c in doc.campaigns} >= {"作风建设年"}


@pytest.mark.parametrize("entry, bad", [("threshold", 1.5), ("ngram_range", [3, 1]), ("prefixes", "推进")])
def test_malformed_rules_name_the_entry(tmp_path, entry, bad):
    import yaml

    raw = yaml.safe_load(ck.RULES.read_text(encoding="utf-8"))
    raw[entry] = bad
    path = tmp_path / "links.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ck.LinkRulesError, match=entry):
        ck.rules(path)
