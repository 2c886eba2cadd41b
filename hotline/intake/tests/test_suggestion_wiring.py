"""The suggestion reaches the agent (HTMX partial), the API, and routing; low confidence
falls back to the responsibility rules and says so; registration keeps the agent's choice."""

import pytest
from django.utils import translation

from hotline.cases.models import Case
from hotline.catalog.models import ResponsibilityRule
from hotline.intake.models import CategoryFeedback
from hotline.orgs.models import ApiToken
from hotline.testing import PASSWORD

POLLUTION_TITLE = "化工厂排污污染河流"
POLLUTION = "A3区化工厂偷排污水污染河流，环境污染严重，鱼虾大量死亡，请环保局查处排污企业。"


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def env_rule(city):
    return ResponsibilityRule.objects.create(category=city.cat_env, lead_unit=city.urban)


def test_agent_sees_category_confidence_words_and_lead_unit(client, city, served, env_rule, settings):
    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 0.0
    _login(client, city.agent)
    page = client.get("/intake/suggestion/", {"title": POLLUTION_TITLE, "content": POLLUTION}).content.decode()
    assert 'data-testid="suggested-category">环境保护<' in page
    assert 'data-testid="suggestion-confidence"' in page and "%" in page
    assert 'data-testid="suggestion-words"' in page and "<mark>" in page
    assert city.urban.name in page  # the rule for the suggested category names the lead unit
    assert f'"cat1": "{city.cat_env.pk}"' in page.replace("&quot;", '"')  # "use this category"


def test_low_confidence_falls_back_to_the_rules_and_says_so(client, city, served, env_rule, settings):
    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 1.0
    _login(client, city.agent)
    with translation.override("en"):
        page = client.get("/intake/suggestion/", {"title": POLLUTION_TITLE, "content": POLLUTION},
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "环境保护" in page  # still shown to the agent
    assert 'data-testid="suggested-lead-unit"' not in page and city.urban.name not in page
    assert "Low confidence" in page and "the responsibility rules decide" in page


def test_a_chosen_category_wins_and_a_different_one_is_flagged(client, city, served, settings):
    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 0.0
    _login(client, city.agent)
    page = client.get("/intake/suggestion/", {
        "title": POLLUTION_TITLE, "content": POLLUTION,
        "cat1": city.cat_build.pk, "cat2": city.cat_municipal.pk, "cat3": city.cat_water.pk,
    }).content.decode()
    assert 'data-testid="suggestion-correction"' in page
    assert 'data-testid="apply-suggestion"' not in page


def test_the_partial_is_for_agents_only(client, city, served):
    _login(client, city.market_handler)
    assert client.get("/intake/suggestion/", {"title": "x"}).status_code == 403


def test_agent_console_loads_the_partial(client, city):
    _login(client, city.agent)
    page = client.get("/agent/").content.decode()
    assert "/intake/suggestion/" in page and 'id="category-suggestion"' in page


def test_registration_keeps_the_agents_choice_as_feedback(client, city, served):
    _login(client, city.agent)
    response = client.post("/agent/register/", {
        "citizen_phone": "13812345678", "citizen_name": "张三", "case_type": "complaint", "urgency": "normal",
        "title": POLLUTION_TITLE, "content": POLLUTION,
        "cat1": city.cat_build.pk, "cat2": city.cat_municipal.pk, "cat3": city.cat_water.pk,
        "district": city.d1.pk, "street": city.s11.pk, "action": "save",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(title=POLLUTION_TITLE)
    fb = CategoryFeedback.objects.get(case=case)
    assert fb.chosen == city.cat_water and fb.actor == city.agent
    assert fb.suggested_label == "环境保护" and fb.is_correction and fb.model_version


def test_registration_without_a_model_records_nothing(client, city, settings, tmp_path):
    settings.HOTLINE_CLASSIFIER_DIR = str(tmp_path / "none")
    _login(client, city.agent)
    client.post("/agent/register/", {
        "citizen_phone": "13812345678", "case_type": "complaint", "urgency": "normal",
        "title": POLLUTION_TITLE, "content": POLLUTION, "cat1": city.cat_env.pk, "action": "save",
    })
    assert Case.objects.filter(title=POLLUTION_TITLE).exists()
    assert not CategoryFeedback.objects.exists()


def _api(client, user, body):
    token = ApiToken.issue(user)
    return client.post("/api/v1/intake/suggestion", body, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})


def test_api_suggestion_with_lead_unit_and_fallback(client, city, served, env_rule, settings):
    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 0.0
    r = _api(client, city.agent, {"title": POLLUTION_TITLE, "content": POLLUTION})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["suggestion"]["label"] == "环境保护" and body["suggestion"]["category"]["id"] == city.cat_env.pk
    assert 0 < body["suggestion"]["confidence"] <= 1 and body["suggestion"]["words"]
    assert body["from_suggestion"] and body["lead_unit"]["id"] == city.urban.pk

    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 1.0
    body = _api(client, city.agent, {"title": POLLUTION_TITLE, "content": POLLUTION}).json()
    assert not body["from_suggestion"] and body["lead_unit"] is None
    assert "Low confidence" in body["reason"]

    body = _api(client, city.agent, {"title": POLLUTION_TITLE, "content": POLLUTION,
                                     "category": city.cat_water.pk}).json()
    assert body["category"]["id"] == city.cat_water.pk and body["lead_unit"]["id"] == city.water.pk


def test_api_suggestion_refuses_bad_input_and_other_roles(client, city, served):
    assert _api(client, city.agent, {"title": "", "content": POLLUTION}).status_code == 422
    assert _api(client, city.agent, {"title": "x", "content": "y", "category": 999999}).status_code == 422
    assert _api(client, city.market_handler, {"title": "x", "content": "y"}).status_code == 403
    assert CategoryFeedback.objects.count() == 0
