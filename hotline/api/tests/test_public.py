"""Citizens submit without login and follow their case; nothing personal or internal leaks."""

import json

import pytest

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.models import Case
from hotline.testing import new_case

pytestmark = pytest.mark.django_db

SUBMISSION = {
    "case_type": "complaint", "title": "楼下烧烤店油烟扰民", "content": "每晚十点后油烟和噪音很大。",
    "address": "东风路8号", "citizen": {"name": "王小明", "phone": "13700007777", "id_number": "430102198808081234"},
}


def test_submit_returns_number_and_code_and_waits_for_the_centre(api, city):
    response = api.post("/public/cases", {**SUBMISSION, "category": city.cat_noise.pk, "street": city.s11.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"number", "query_code", "status", "status_label", "registered_at", "message"}
    case = Case.objects.get(number=body["number"])
    assert (case.channel, case.status, case.urgency) == ("portal", "registered", "normal")
    assert case.query_code == body["query_code"]
    assert case.citizen_phone == "13700007777"  # stored (encrypted), never echoed
    assert "13700007777" not in response.content.decode()
    assert case.events.get().actor_role == "citizen"


@pytest.mark.parametrize("field", ["dispatch", "urgency", "channel", "lead_unit", "status", "confidential_note"])
def test_citizens_cannot_set_dispatch_fields(api, city, field):
    response = api.post("/public/cases", {**SUBMISSION, field: "emergency"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == [{"field": field, "message": "未知字段。"}]
    assert not Case.objects.exists()


def test_wrong_code_is_the_same_404_as_a_missing_case(api, city):
    case = new_case(city)
    right = api.get(f"/public/cases/{case.number}", {"code": case.query_code})
    assert right.status_code == 200
    wrong_code = str((int(case.query_code) + 1) % 1_000_000).zfill(6)
    answers = [
        api.get(f"/public/cases/{case.number}", {"code": wrong_code}),
        api.get(f"/public/cases/{case.number}"),
        api.get(f"/public/cases/{case.number}", {"code": "我不知道"}),
        api.get("/public/cases/2099010100001", {"code": case.query_code}),
        api.get("/public/cases/%00", {"code": case.query_code}),
    ]
    assert {r.status_code for r in answers} == {404}
    assert len({r.content for r in answers}) == 1


def test_public_timeline_tells_progress_without_personal_data_or_internal_notes(api, city):
    case = new_case(city, citizen_name="欧阳小明", citizen_phone="13912345678", citizen_id_number="43010219900101123X")
    staff = Actor.staff
    workflow.perform(case, "supplement", actor=staff(city.agent), text="市民补充：联系人欧阳先生13912345678")
    workflow.perform(case, "return", actor=staff(city.market_handler), reason="other", note="内部：不归我们管")
    workflow.perform(case, "arbitrate", actor=staff(city.dispatcher), ruling="unjustified", note="内部裁定意见")
    workflow.perform(case, "sign", actor=staff(city.market_handler))
    workflow.perform(case, "request_extension", actor=staff(city.market_handler), days=3, reason="内部：等化验")
    workflow.perform(case, "approve_extension", actor=staff(city.dispatcher), note="内部：同意延期")
    workflow.perform(case, "reply", actor=staff(city.market_handler), reply="已查处该餐馆并责令停业整顿。")
    workflow.perform(case, "callback", actor=staff(city.agent), satisfaction="satisfied", resolved=True,
                     note="内部回访备注：市民态度好")
    case.refresh_from_db()
    other = new_case(city, citizen_name="赵六", citizen_phone="13600006666")

    response = api.get(f"/public/cases/{case.number}", {"code": case.query_code})
    assert response.status_code == 200
    body = response.json()
    text = json.dumps(body, ensure_ascii=False)
    assert body["status"] == "closed" and body["progress"]
    for secret in ["欧阳", "13912345678", "5678", "43010219900101123X", "内部", "不归我们管",
                   case.query_code, other.number, "赵六", "13600006666"]:
        assert secret not in text, secret
    verbs = [step["verb"] for step in body["timeline"]]
    assert verbs == ["register", "dispatch", "supplement", "arbitrate", "sign", "approve_extension", "reply", "callback"]
    reply = next(step for step in body["timeline"] if step["verb"] == "reply")
    assert reply["text"] == "已查处该餐馆并责令停业整顿。" and reply["unit"] == city.market.name
    assert "actor" not in text and "note" not in text


def test_merged_case_does_not_reveal_the_other_case(api, city):
    first, second = new_case(city), new_case(city, title="同一餐馆")
    workflow.perform(second, "merge", actor=Actor.staff(city.agent), into=first.number, note="重复")
    for case, other in [(second, first), (first, second)]:
        case.refresh_from_db()
        body = api.get(f"/public/cases/{case.number}", {"code": case.query_code}).content.decode()
        assert other.number not in body and "重复" not in body


def test_progress_in_plain_words(api, city):
    case = new_case(city)
    body = api.get(f"/public/cases/{case.number}", {"code": case.query_code}).json()
    assert body["progress"] == "您的诉求已转交A市市场监督管理局，等待签收办理。"
    english = api.get(f"/public/cases/{case.number}", {"code": case.query_code, "lang": "en"}).json()
    assert english["progress"] == "Your request has been sent to A市市场监督管理局 and is waiting to be taken up."
