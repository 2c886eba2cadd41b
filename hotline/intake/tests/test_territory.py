"""Finding the place named in an address or a text (intake.territory), and routing by it."""

import pytest
from django.utils import translation

from hotline.cases.actors import Actor
from hotline.demo.city import City, build_units
from hotline.intake import territory
from hotline.intake.services import Draft, take_in
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

pytestmark = pytest.mark.django_db


def test_written_forms_of_place_names():
    assert territory.variants("望城区", UnitKind.DISTRICT) == {"望城区", "望城"}
    assert territory.variants("A3区", UnitKind.DISTRICT) == {"A3区"}  # anonymised: never "A3"
    street = territory.variants("马王堆街道", UnitKind.STREET)
    assert {"马王堆街道", "马王堆街道办", "马王堆街道办事处", "马王堆街", "马王堆镇", "马王堆"} <= street
    assert "东风" not in territory.variants("东风街道", UnitKind.STREET)  # two characters: too common
    assert {"西龙村", "西龙村委会", "西龙村村委会"} <= territory.variants("西龙村", UnitKind.COMMUNITY)
    assert {"新安社区", "新安社区居委会", "新安居委会"} <= territory.variants("新安社区", UnitKind.COMMUNITY)


# The test city (hotline.testing): A1区 {东风街道 {东风社区}, 西湖街道}, A2区 {桂花街道 {桂花坪社区}}.
CITY_TABLE = [
    # text, expected (district, street, community) codes or None
    ("A1区东风街道东风社区门口", ("d1", "s11", "c111")),
    ("东风社区居委会旁边的路灯坏了", ("d1", "s11", "c111")),  # a community implies street and district
    ("西湖街道办附近", ("d1", "s12", None)),
    ("ａ１区西湖街", ("d1", "s12", None)),  # full-width letters and digits
    ("A2区桂花坪社区3栋", ("d2", "s21", "c211")),  # the longest name wins over 桂花…
    ("一区某小区", ("d1", None, None)),  # an administrator's alias of the district
    ("A市某路口", None),
    ("东风路12号餐馆", None),  # a road named like the street is not the street
]


@pytest.mark.parametrize(("text", "expected"), CITY_TABLE)
def test_test_city_table(city, text, expected):
    found = territory.locate(text=text)
    if expected is None:
        assert not found.resolved and not found.candidates
        return
    assert found.resolved, found.note()
    got = tuple(u.code if u else None for u in (found.place.district, found.place.street, found.place.community))
    assert got == expected


def test_two_places_named_are_offered_not_guessed(city):
    found = territory.locate(text="东风社区的居民到桂花坪社区上班")
    assert not found.resolved and found.ambiguous
    assert {p.community.code for p in found.candidates} == {"c111", "c211"}


def test_a_street_named_with_a_district_of_another_tree_is_a_conflict(city):
    found = territory.locate(address="A1区桂花街道")
    assert not found.resolved and found.ambiguous
    assert {p.unit.code for p in found.candidates} == {"d1", "s21"}


def test_same_street_name_in_two_districts(city):
    Unit.objects.create(code="s22", name="西湖街道", kind=UnitKind.STREET, parent=city.d2)
    found = territory.locate(text="西湖街道某小区")
    assert found.ambiguous and {p.district.code for p in found.candidates} == {"d1", "d2"}
    named = territory.locate(text="A2区西湖街道某小区")  # the district says which one
    assert named.resolved and named.place.street.code == "s22"


def test_address_first_then_text(city):
    found = territory.locate(address="西湖街道", text="东风社区")
    assert found.source == "address" and found.place.street == city.s12
    found = territory.locate(address="门口", text="东风社区")
    assert found.source == "text" and found.place.community == city.c111


def test_inactive_units_and_alias_changes_are_seen(city):
    assert territory.locate(text="万达广场").place is None
    city.s12.aliases = "万达广场,湘江中路"
    city.s12.save()
    assert territory.locate(text="万达广场门口噪音").place.street == city.s12
    city.s12.is_active = False
    city.s12.save()
    assert territory.locate(text="万达广场门口噪音").place is None


# The demo city's tree (hotline.demo.places) against titles of the shared data.
DEMO_TABLE = [
    ("A2区暮云街道丽发新城社区", ("a2", "muyun", "lifaxincheng")),
    ("A3区天顶街道青山新村社区青青家园违规住改商", ("a3", "tianding", "qingshanxincun")),
    ("A3区洋湖街道白鹭社区便民服务不便民", ("a3", "yanghu", "bailu")),
    ("A6区高塘岭街道楚江村楚江组组民无心过年", ("a6", "gaotangling", "chujiang")),
    ("A3区观沙岭街道岳北社区B16栋4门一楼有赌博机", ("a3", "guanshaling", "yuebei")),
    ("投诉A2区丽发新城附近建搅拌站噪音扰民", ("a2", "muyun", "lifaxincheng")),
    ("A市暮云街道高运村骆家冲组违规填渣土破坏环境", ("a2", "muyun", None)),
    ("A2区暮云镇官桥湖撇洪渠改造工程施工拖欠工程款", ("a2", "muyun", None)),  # the old town name
    ("A5区洞井镇目前仅有一所民办的同升湖高中学校", ("a5", "dongjing", None)),
    ("请解决A市四方坪街道胜利村安置房遗留问题", ("a4", "sifangping", None)),
    ("A5区洞井路施工强挖小区红线内道路", ("a5", None, None)),  # a road, not the street
    ("A6区月亮岛路架设高压电线", ("a6", None, None)),  # a road named after the street: not the street
    ("A4区北湾景园小区几百户居民无水用", ("a4", None, None)),
]


@pytest.fixture
def demo_units():
    city = City()
    build_units(city)
    return city


@pytest.mark.parametrize(("text", "expected"), DEMO_TABLE)
def test_demo_city_table(demo_units, text, expected):
    found = territory.locate(text=text)
    assert found.resolved, found.note()
    got = tuple(u.code if u else None for u in (found.place.district, found.place.street, found.place.community))
    assert got == expected


def test_an_area_outside_the_tree_blocks_the_guess(demo_units):
    found = territory.locate(text="A7县暮云镇南郡雅园开发商乱改乱建")
    assert not found.resolved and found.ambiguous and found.outside == "A7县"
    assert [p.street.code for p in found.candidates] == ["muyun"]
    assert "A7县" in found.note()


def test_the_same_street_name_in_the_demo_city_is_resolved_by_its_district(demo_units):
    assert territory.locate(text="A3区西湖街道茶场村").place.street.code == "xihu"


def _draft(city, **kw):
    base = {"channel": "phone", "case_type": "complaint", "title": "路灯不亮",
            "content": "晚上一片漆黑", "category_id": city.cat_lights.pk}
    return Draft(**{**base, **kw})


def test_a_territorial_matter_goes_to_the_street_found_in_the_text(city):
    with translation.override("en"):
        case, decision = take_in(Actor.staff(city.agent), _draft(city, content="西湖街道办旁边的路灯坏了三天"))
    assert (case.district, case.street, case.community) == (city.d1, city.s12, None)
    assert case.lead_unit == city.s12
    assert decision.reason.startswith("Place found in the text: A1区西湖街道 (from “西湖街道办”).")
    assert "territorial matter" in decision.reason
    assert decision.reason in str(case.events.get(verb="dispatch").data)


def test_the_address_is_read_before_the_text(city):
    case, _ = take_in(Actor.staff(city.agent), _draft(city, address="东风社区5栋", content="西湖街道的人说的"))
    assert case.community == city.c111 and case.lead_unit == city.s11


def test_an_ambiguous_place_is_not_used(city):
    with translation.override("en"):
        case, decision = take_in(Actor.staff(city.agent), _draft(city, content="东风社区和桂花坪社区之间的路灯"))
    assert case.street is None and case.lead_unit is None and case.status == "registered"
    assert decision.reason.startswith("Several places are named (东风社区、桂花坪社区): pick one.")


def test_a_place_given_by_the_agent_wins(city):
    case, _ = take_in(Actor.staff(city.agent), _draft(city, street_id=city.s21.pk, content="东风社区"))
    assert case.street == city.s21


def test_finding_can_be_turned_off(city):
    case, _ = take_in(Actor.staff(city.agent), _draft(city, content="西湖街道", find_place=False))
    assert case.street is None
