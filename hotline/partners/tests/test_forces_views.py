"""Volunteer hours and mediation sessions and outcomes over HTTP, scoped to the centre and to
the team or organisation itself; bad input and double submits change nothing."""

from decimal import Decimal

import pytest

from hotline import clock
from hotline.cases.actors import Actor
from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User
from hotline.partners import mediation, volunteers
from hotline.partners.models import Mediation, MediationStatus, Volunteer
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def staff(username, unit):
    return User.objects.create_user(username=username, password="x-pass-123", role=Role.HANDLER, unit=unit)


@pytest.fixture
def tasks(city, team):
    team_unit, people = team
    other_team = Unit.objects.create(code="red-cross", name="红十字志愿队", kind=UnitKind.VOLUNTEER_TEAM,
                                     parent=city.city)
    nurse = Volunteer.objects.create(team=other_team, name="周护士", skills="医疗急救")
    dispatcher = Actor.staff(city.dispatcher)
    mine = volunteers.dispatch(new_case(city, dispatch=False, street=city.s11), [people["wang"]], actor=dispatcher)[0]
    theirs = volunteers.dispatch(new_case(city, dispatch=False), [nurse], actor=dispatcher)[0]
    return mine, theirs


def test_hours_recorded_once_and_totalled_per_team(client, city, team, tasks):
    mine, theirs = tasks
    client.force_login(city.dispatcher)
    page = text(client.get("/partners/volunteers/"))
    assert f'id="task-{mine.pk}"' in page and f'id="task-{theirs.pk}"' in page
    url = f"/partners/tasks/{mine.pk}/hours"
    for bad in ("两小时", "0", "30"):
        assert "请填写服务时长" in text(client.post(url, {"hours": bad}, follow=True))
        mine.refresh_from_db()
        assert mine.completed_at is None and mine.hours is None
    page = text(client.post(url, {"hours": "2.5"}, follow=True))
    assert "服务时长已登记" in page
    again = text(client.post(url, {"hours": "3"}, follow=True))
    mine.refresh_from_db()
    assert "已记录服务时长" in again
    assert mine.hours == Decimal("2.5")
    team_card = again[again.index(f'data-team="{team[0].pk}"'):]
    assert team_card.startswith(f'data-team="{team[0].pk}"><b>2.5</b>')


def test_team_staff_see_their_own_tasks_only(client, city, team, tasks):
    mine, theirs = tasks
    member = staff("team_desk", team[0])
    client.force_login(member)
    page = text(client.get("/partners/volunteers/"))
    assert f'id="task-{mine.pk}"' in page and f'id="task-{theirs.pk}"' not in page
    assert client.post(f"/partners/tasks/{theirs.pk}/hours", {"hours": "1"}).status_code == 404
    client.post(f"/partners/tasks/{mine.pk}/hours", {"hours": "1.5"})
    mine.refresh_from_db()
    assert mine.hours == Decimal("1.5")
    client.force_login(city.urban_handler)  # an unrelated unit
    assert client.get("/partners/volunteers/").status_code == 403
    assert client.post(f"/partners/tasks/{theirs.pk}/hours", {"hours": "1"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.completed_at is None


@pytest.fixture
def dispute(city, mediators):
    case = new_case(city, dispatch=False, street=city.s11, title="楼上漏水邻里纠纷")
    return mediation.open_mediation(case, kind="neighbour", actor=Actor.staff(city.dispatcher), parties="张某、李某")


def test_sessions_and_outcome_flow_back_to_the_case(client, city, dispute):
    clock.set_now(clock.local(2025, 5, 6, 15))
    client.force_login(city.dispatcher)
    assert "楼上漏水邻里纠纷" in text(client.get("/partners/mediations/"))
    url = f"/partners/mediations/{dispute.pk}/sessions"
    assert "请填写调解会谈的日期和时间" in text(client.post(url, {"at": "昨天"}, follow=True))
    assert "调解会谈举行后再登记" in text(client.post(url, {"at": "2025-06-30T10:00"}, follow=True))
    assert dispute.sessions.count() == 0
    form = {"at": "2025-05-06T14:00", "place": "社区调解室", "notes": "双方陈述"}
    assert "调解会谈已登记" in text(client.post(url, form, follow=True))
    assert "该时间的调解会谈已登记" in text(client.post(url, form, follow=True))
    assert dispute.sessions.count() == 1
    dispute.refresh_from_db()
    assert dispute.status == MediationStatus.IN_PROGRESS

    outcome = f"/partners/mediations/{dispute.pk}/outcome"
    assert "请填写协议金额" in text(client.post(outcome, {"status": "settled", "outcome": "赔偿", "amount": "-5"},
                                           follow=True))
    assert "请选择调解结果" in text(client.post(outcome, {"status": "in_progress", "outcome": "赔偿"}, follow=True))
    dispute.refresh_from_db()
    assert dispute.status == MediationStatus.IN_PROGRESS and dispute.case.events.filter(
        verb="mediation_outcome").count() == 0
    done = {"status": "settled", "outcome": "楼上住户承担维修费用", "amount": "1500"}
    assert "调解结果已登记" in text(client.post(outcome, done, follow=True))
    assert "该调解已结束" in text(client.post(outcome, done, follow=True))
    assert dispute.case.events.filter(verb="mediation_outcome").count() == 1
    case_page = text(client.get(f"/cases/{dispute.case.number}/"))
    line = case_page[case_page.index('data-verb="mediation_outcome"'):]
    assert "邻里纠纷 · 东风街道人民调解委员会 · 调解成功 · 楼上住户承担维修费用 · 协议金额 1500 元" in line


def test_mediation_scoped_to_the_centre_and_its_organisation(client, city, mediators, dispute):
    general, local, _labour = mediators
    client.force_login(staff("med_local", local))
    assert client.get(f"/partners/mediations/{dispute.pk}/").status_code == 200
    client.force_login(staff("med_general", general))  # another organisation: as if it did not exist
    assert f'data-mediation="{dispute.pk}"' not in text(client.get("/partners/mediations/"))
    assert client.get(f"/partners/mediations/{dispute.pk}/").status_code == 404
    assert client.post(f"/partners/mediations/{dispute.pk}/outcome",
                       {"status": "failed", "outcome": "x"}).status_code == 404
    client.force_login(city.market_handler)
    assert client.get("/partners/mediations/").status_code == 403
    assert client.post(f"/partners/mediations/{dispute.pk}/sessions", {"at": "2025-05-06T14:00"}).status_code == 403
    dispute.refresh_from_db()
    assert dispute.status == MediationStatus.OPEN and Mediation.objects.count() == 1
