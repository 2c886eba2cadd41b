"""The citizen portal: submit, number and code, progress in plain words, add, rate; nothing leaks."""

import io

import pytest

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.choices import Status
from hotline.cases.models import Attachment, Case
from hotline.testing import new_case

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def submit(client, city, **extra):
    photo = io.BytesIO(JPEG)
    photo.name = "pothole.jpg"
    data = {
        "case_type": "complaint", "title": "小区门口路灯不亮", "content": "东风社区门口路灯坏了一个月。",
        "citizen_name": "王五", "citizen_phone": "13655556666", "address": "东风路8号",
        "district": city.d1.pk, "street": city.s11.pk, "community": city.c111.pk,
        "cat1": city.cat_build.pk, "cat2": city.cat_municipal.pk, "cat3": city.cat_lights.pk,
        "latitude": "28.123456", "longitude": "112.654321", "photos": photo, **extra,
    }
    return client.post("/portal/submit/", data)


def test_submit_gives_number_and_code_and_routes(client, city, media):
    response = submit(client, city)
    assert response.url == "/portal/submit/done/"
    case = Case.objects.get()
    assert case.channel == "portal" and case.status == Status.DISPATCHED and case.lead_unit == city.s11
    assert str(case.latitude) == "28.123456" and case.community == city.c111
    assert Attachment.objects.get().content_type == "image/jpeg"
    page = client.get("/portal/submit/done/").content.decode()
    assert case.number in page and case.query_code in page
    assert client.get("/portal/submit/done/").url == "/portal/"  # shown once


def test_submit_refuses_a_file_that_is_not_a_photo(client, city, media):
    fake = io.BytesIO(b"%PDF-1.4 not a photo")
    fake.name = "x.jpg"
    response = submit(client, city, photos=fake)
    assert response.status_code == 422
    assert "不是照片" in response.content.decode()
    assert not Case.objects.exists()


def test_pickers_are_public_and_dependent(client, city):
    page = client.get("/portal/submit/pickers/", {"district": city.d2.pk}).content.decode()
    assert city.s21.name in page and city.s11.name not in page


def test_track_needs_number_and_code(client, city):
    case = new_case(city)
    response = client.post("/portal/track/", {"number": case.number, "code": "000000" if case.query_code != "000000" else "111111"})
    assert response.url == "/portal/"
    assert client.get(f"/portal/cases/{case.number}/").url == "/portal/"
    response = client.post("/portal/track/", {"number": case.number, "code": case.query_code})
    assert response.url == f"/portal/cases/{case.number}/"
    assert client.get(f"/portal/cases/{case.number}/").status_code == 200


def test_progress_in_plain_words_without_personal_data_or_notes(client, city):
    case = new_case(city, citizen_name="张三", citizen_phone="13812341234")
    handler = Actor.staff(city.market_handler)
    case = workflow.perform(case, "sign", actor=handler)
    case = workflow.perform(case, "request_extension", actor=handler, days=2, reason="内部原因：人手不足")
    case = workflow.perform(case, "approve_extension", actor=Actor.staff(city.dispatcher), note="内部批示")
    case = workflow.perform(case, "reply", actor=handler, reply="已责令餐馆整改并复查。")
    client.post("/portal/track/", {"number": case.number, "code": case.query_code})
    page = client.get(f"/portal/cases/{case.number}/").content.decode()
    assert "您的诉求已受理。" in page and "已责令餐馆整改并复查。" in page
    assert city.market.name in page
    for secret in ("张三", "13812341234", "138****1234", "人手不足", "内部批示", "market_handler", "市场监管承办人"):
        assert secret not in page
    english = client.get(f"/portal/cases/{case.number}/", **ENGLISH).content.decode()
    assert "We received your request." in english and "Rate the outcome" in english


def test_citizen_adds_information_and_rates(client, city):
    case = new_case(city)
    client.post("/portal/track/", {"number": case.number, "code": case.query_code})
    client.post(f"/portal/cases/{case.number}/supplement/", {"version": case.version, "text": "晚上十点后最严重"})
    event = case.events.get(verb="supplement")
    assert event.actor_role == "citizen" and event.data["text"] == "晚上十点后最严重"
    case.refresh_from_db()
    assert "评价办理结果" not in client.get(f"/portal/cases/{case.number}/").content.decode()
    handler = Actor.staff(city.market_handler)
    case = workflow.perform(case, "sign", actor=handler)
    case = workflow.perform(case, "reply", actor=handler, reply="已处理。")
    response = client.post(f"/portal/cases/{case.number}/rate/", {
        "version": case.version, "satisfaction": "satisfied", "resolved": "yes",
    }, follow=True)
    assert "感谢您的评价" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.satisfaction == "satisfied"
    assert case.events.get(verb="callback").actor_role == "citizen"


def test_rating_cannot_claim_unreachable_or_act_on_a_case_not_opened(client, city):
    case = new_case(city)
    handler = Actor.staff(city.market_handler)
    case = workflow.perform(workflow.perform(case, "sign", actor=handler), "reply", actor=handler, reply="好")
    assert client.post(f"/portal/cases/{case.number}/rate/", {"satisfaction": "satisfied", "resolved": "yes"}).status_code == 404
    client.post("/portal/track/", {"number": case.number, "code": case.query_code})
    client.post(f"/portal/cases/{case.number}/rate/", {"satisfaction": "unreachable"})
    case.refresh_from_db()
    assert case.status == Status.REPLIED
