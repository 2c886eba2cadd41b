"""The agent types a call and sees the suggested category (confidence, words, lead unit),
applies it with one click, and registering keeps the choice as classifier feedback."""

import pytest
from playwright.sync_api import expect

from hotline.catalog.models import ResponsibilityRule
from hotline.intake.classifier import serving, training
from hotline.intake.models import CategoryFeedback
from hotline.testing import build_city

from .pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_applies_the_suggested_category(new_page, shot, settings, tmp_path):
    training.train(limit=400, include_platform=False, evaluate=False, base=tmp_path, log=lambda *_: None)
    settings.HOTLINE_CLASSIFIER_DIR = str(tmp_path)
    settings.HOTLINE_CLASSIFIER_MIN_CONFIDENCE = 0.0
    serving.forget()
    city = build_city()
    ResponsibilityRule.objects.create(category=city.cat_env, lead_unit=city.urban)

    page = new_page()
    sign_in(page, city.agent.username)
    page.goto("/agent/")
    page.fill("#id_title", "化工厂排污污染河流")
    page.fill("#id_content", "化工厂偷排污水污染河流，环境污染严重，鱼虾大量死亡，请环保局查处排污企业。")
    panel = page.get_by_test_id("category-suggestion")
    expect(panel.get_by_test_id("suggested-category")).to_have_text("环境保护")
    expect(panel.get_by_test_id("suggestion-confidence")).to_contain_text("%")
    expect(panel.get_by_test_id("suggestion-words")).not_to_be_empty()
    expect(panel.get_by_test_id("suggested-lead-unit")).to_have_text(city.urban.name)
    shot(page, "agent-category-suggestion", at="#category-suggestion")

    page.locator("#id_content").blur()  # the agent leaves the text: the panels refresh once
    page.wait_for_load_state("networkidle")
    panel.get_by_test_id("apply-suggestion").click()
    expect(page.locator("#id_cat1")).to_have_value(str(city.cat_env.pk), timeout=15_000)
    expect(panel.get_by_test_id("apply-suggestion")).to_have_count(0)  # applied: the agent's choice now
    page.wait_for_load_state("networkidle")  # no panel request cut off by the navigation
    page.click("button[name=action][value=save]")
    page.wait_for_url("**/cases/**")
    fb = CategoryFeedback.objects.get()
    assert fb.chosen == city.cat_env and not fb.is_correction and fb.actor == city.agent
    assert not new_page.problems
    serving.forget()
