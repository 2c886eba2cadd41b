"""The agent console reads the place in the text and warns of duplicates; merging from
the registration form and from a case page keeps both timelines."""

import pytest

from hotline.cases.choices import Status
from hotline.cases.models import Case
from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit
from hotline.testing import PASSWORD, new_case

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
LIGHT = {"title": "东风社区3栋门口路灯不亮", "content": "东风社区3栋门口的路灯坏了一个星期，晚上一片漆黑。"}
AGAIN = {"title": "东风社区路灯坏了", "content": "3栋门口路灯坏了好几天了，晚上漆黑一片，请尽快修好。"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def form(city, **extra):
    return {"citizen_phone": "13900002222", "citizen_name": "王五", "case_type": "complaint", "urgency": "normal",
            "cat1": city.cat_build.pk, "cat2": city.cat_municipal.pk, "cat3": city.cat_lights.pk, **AGAIN, **extra}


def test_the_place_panel_shows_what_was_found_and_offers_the_candidates(client, city):
    login(client, city.agent)
    page = client.get("/agent/place/", {"address": "西湖街道办旁边"}, **ENGLISH).content.decode()
    assert "Place found in the address: A1区西湖街道" in page
    assert "If no place is picked" in page and page.count('data-testid="use-place"') == 1
    page = client.get("/agent/place/", {"content": "东风社区和桂花坪社区之间"}, **ENGLISH).content.decode()
    assert "Several places are named" in page and page.count('data-testid="use-place"') == 2
    assert f'"community": "{city.c211.pk}"' in page  # the button fills the pickers with that place
    page = client.get("/agent/place/", {"content": "东风社区", "street": city.s12.pk}, **ENGLISH).content.decode()
    assert "A place is picked above" in page
    assert 'id="place-found"' in client.get("/agent/place/", {"content": "没有地名"}).content.decode()
    picked = client.get("/agent/refresh/", {"district": city.d2.pk, "street": city.s21.pk, "community": city.c211.pk})
    assert f'<option value="{city.c211.pk}" selected>' in picked.content.decode()


def test_the_place_panel_is_for_agents_only(client, city):
    login(client, city.market_handler)
    assert client.get("/agent/place/", {"content": "东风社区"}).status_code == 403


def test_registration_without_a_place_uses_the_one_in_the_text(client, city):
    login(client, city.agent)
    response = client.post("/agent/register/", form(city, title="西湖街道路灯不亮", content="西湖街道办门口路灯坏了",
                                                     action="dispatch"))
    case = Case.objects.get(title="西湖街道路灯不亮")
    assert response.status_code == 302
    assert case.street == city.s12 and case.lead_unit == city.s12 and case.status == Status.DISPATCHED


def test_the_agent_is_warned_while_registering_and_merges_into_the_open_case(client, city):
    first = new_case(city, category=city.cat_lights, street=city.s11, **LIGHT)
    login(client, city.agent)
    # No place picked: the street read in the text narrows the search.
    page = client.get("/agent/refresh/", form(city), **ENGLISH).content.decode()
    assert f'data-duplicate="{first.number}"' in page and "same street" in page and "% alike" in page
    assert f'name="merge_into" value="{first.number}"' in page
    response = client.post("/agent/register/", form(city, merge_into=first.number))
    assert response.status_code == 302 and response.url == f"/cases/{first.number}/"
    new = Case.objects.get(title=AGAIN["title"])
    first.refresh_from_db()
    assert new.status == Status.MERGED and new.merged_into == first and new.lead_unit is None
    assert first.status == Status.DISPATCHED and first.version == 3
    assert list(new.events.values_list("verb", flat=True)) == ["register", "merge"]
    assert first.events.filter(verb="merged_in", data__from=new.number).exists()
    page = client.get(response.url, **ENGLISH).content.decode()
    assert new.number in page  # the surviving case's timeline names the merged one


def test_merging_into_a_case_that_cannot_take_it_registers_nothing(client, city):
    first = new_case(city, category=city.cat_lights, street=city.s11, **LIGHT)
    other = new_case(city, category=city.cat_lights, street=city.s11, title="另一个", content="另一个问题")
    client.force_login(city.agent)
    from hotline.cases import workflow
    from hotline.cases.actors import Actor
    workflow.perform(other, "merge", actor=Actor.staff(city.agent), into=first.number)
    before = Case.objects.count()
    response = client.post("/agent/register/", form(city, merge_into=other.number), **ENGLISH)
    assert response.status_code == 422 and "only be merged into another open case" in response.content.decode()
    response = client.post("/agent/register/", form(city, merge_into="nope"), **ENGLISH)
    assert response.status_code == 422 and "No such case to merge into" in response.content.decode()
    assert Case.objects.count() == before


def test_a_registered_duplicate_is_offered_for_merging_on_its_page(client, city):
    first = new_case(city, category=city.cat_lights, street=city.s11, **LIGHT)
    second = new_case(city, category=city.cat_lights, street=city.s11, dispatch=False, **AGAIN)
    login(client, city.s11_handler)  # a unit may not merge: no offer
    assert 'data-testid="merge-targets"' not in client.get(f"/cases/{first.number}/").content.decode()
    login(client, city.dispatcher)
    page = client.get(f"/cases/{second.number}/", **ENGLISH).content.decode()
    assert 'data-testid="merge-targets"' in page and f'name="into" value="{first.number}"' in page
    response = client.post(f"/cases/{second.number}/act/merge/", {
        "version": second.version, "into": first.number, "note": "重复件"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Status.MERGED and second.merged_into == first
    assert first.events.filter(verb="merged_in").count() == 1
    # A stale form (the version it was rendered with) changes nothing.
    third = new_case(city, category=city.cat_lights, street=city.s11, dispatch=False, **AGAIN)
    client.post(f"/cases/{third.number}/act/merge/", {"version": third.version - 1, "into": first.number})
    third.refresh_from_db()
    assert third.status == Status.REGISTERED


def test_the_same_street_name_in_two_districts_is_not_guessed_at_registration(client, city):
    Unit.objects.create(code="s22", name="西湖街道", kind=UnitKind.STREET, parent=city.d2)
    login(client, city.agent)
    client.post("/agent/register/", form(city, title="西湖街道路灯", content="西湖街道路灯坏了", action="dispatch"))
    case = Case.objects.get(title="西湖街道路灯")
    assert case.street is None and case.status == Status.REGISTERED
