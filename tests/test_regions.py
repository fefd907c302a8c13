"""Region of a document (table-driven: tests/cases/regions_written.yaml) and the unit table itself."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.context import Context
from pipeline.extract import metadata
from pipeline.normalize.regions import RULES, RulesError, _load_rules, _load_table, gazetteer, lookup

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "regions_written.yaml").read_text(encoding="utf-8"))


def test_enough_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_region_written(case):
    ctx = Context(text=case["text"])
    region = metadata.run(ctx).region
    if case["expect"] is None:
        assert region is None
        return
    assert region is not None
    for key, want in case["expect"].items():
        assert getattr(region, key) == want, f"{key}: {getattr(region, key)!r} != {want!r}"
    assert region.span.text == case["text"][region.span.start:region.span.end]
    assert region.name == region.span.text
    region_warnings = [w for w in ctx.warnings if w.startswith("region:")]
    assert bool(region_warnings) == bool(case.get("warn")), ctx.warnings


def test_table_has_history_and_current_units():
    names = {(u.name, u.adcode) for u in _load_table()}
    assert ("富阳市", "330183") in names and ("富阳区", "330111") in names  # 2014 change
    assert ("襄樊市", "420600") in names and ("襄阳市", "420600") in names  # 2010 rename
    assert ("白杨市", "659012") in names  # 2023, only in the current snapshot


def test_lookup_orders_by_place_then_time():
    assert lookup("朝阳区", within="北京市")[0].adcode == "110105"
    assert lookup("巢湖市", when="2005-06")[0].level == "city"
    assert lookup("巢湖市", when="2020-06")[0].city == "合肥市"
    assert lookup("没有这个地方") == []


def test_malformed_table_names_file_and_line(tmp_path):
    bad = tmp_path / "regions.tsv"
    bad.write_text("adcode\tname\tlevel\tprovince\tcity\tvalid_from\tvalid_to\tsource\n"
                   "33018\t富阳市\tcounty\t浙江省\t杭州市\t1995-12\t\tx\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"regions.tsv:2"):
        _load_table(bad)


def test_malformed_rules_name_file_key_and_line(tmp_path):
    good = RULES.read_text(encoding="utf-8")
    bad = tmp_path / "region_rules.yaml"
    old = "'我代表(?P<place>"
    line = good[:good.index(old)].count("\n") + 1
    bad.write_text(good.replace(old, "'我代表(?P<where>", 1), encoding="utf-8")
    with pytest.raises(RulesError, match=rf"region_rules.yaml:{line}: body_vote.self_naming.patterns\[0\]: needs a \(\?P<place>"):
        _load_rules(bad)
    line = good[:good.index("min_free_name_length:")].count("\n") + 1
    bad.write_text(good.replace("min_free_name_length: 3", "min_free_name_length: three", 1), encoding="utf-8")
    with pytest.raises(RulesError, match=rf"region_rules.yaml:{line}: min_free_name_length: Input should be a valid integer"):
        _load_rules(bad)


def test_weak_names_need_context():
    gz = gazetteer()
    assert gz.is_weak("和县") and gz.is_weak("城区") and not gz.is_weak("富阳市")


def test_the_other_party_of_an_agreement_is_no_mention_of_a_place():
    gz = gazetteer()

    def forms(text):
        return [m.form for m in gz.raw_mentions(text)]

    assert "上海" not in forms("商业航天产业园开工建设，与上海航天技术研究院签订战略合作协议。")
    assert "苏州市" not in forms("同苏州市签署合作框架协议。")
    assert "上海" in forms("上海航天技术研究院落户本市。")  # no agreement: the institute is named by its place
    assert "上海" in forms("参与上海航天技术研究院项目建设，签订协议。")  # 参与 is no 与
    # the other places of a list of partners in cooperation; a county partner is kept (often the city's own)
    assert "内江" not in forms("强化与自贡、遂宁、内江等成渝中部地区协同发展。")
    assert "武鸣区" in forms("推动经开区与武鸣区及教育园区协同发展。")
    # a region named after its core city is no mention of that city
    assert "武汉" not in forms("积极融入武汉都市圈创新链、产业链。")
    # nor an organisation named after the city it was founded in
    assert "上海" not in forms("办好上海合作组织经贸论坛。")
    # a place the text turns to (对接/融入/承接) is another place
    assert "武汉" not in forms("全面对接武汉“965”产业集群。") and "上海" not in forms("主动承接上海产业转移。")
    # 老城区 and 古城区 name a city's old town as often as a district: weak, as 城区 is
    assert gz.is_weak("老城区") and gz.is_weak("古城区")


def test_an_unresolved_county_name_gives_no_city_of_its_own():
    """城区 names a district in fifteen cities: read in passing and unresolved, it must not lend the text the city of
    whichever district ranked first; the city the body names most does."""
    from pipeline.normalize import jurisdiction

    gz = gazetteer()
    district = next(u for u in gz.full["城区"] if u.city)
    unresolved = jurisdiction.Choice(district, (None, None, None), "county", None, 0, 2, ["not resolved"])
    norm = "城区学校新增学位。黄山旅游持续升温，黄山国际会展中心投入使用，黄山招商推介会签约项目36个，黄山一中办学水平提升。"
    chosen = jurisdiction._city_of_county_in_passing(gz, norm, unresolved, None)
    assert chosen.unit is not None and chosen.unit.name == "黄山市"
    assert jurisdiction._city_of_county_in_passing(gz, "城区学校新增学位。", unresolved, None) is unresolved
