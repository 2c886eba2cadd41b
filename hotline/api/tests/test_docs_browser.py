"""Swagger UI renders in a real browser under the strict CSP, from local assets only."""

import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
def test_swagger_ui_renders_with_local_assets(live_server):
    from playwright.sync_api import sync_playwright

    requests, problems = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".opblock-summary-path >> nth=0", timeout=15000)
        paths = page.locator(".opblock-summary-path").all_text_contents()
        title = page.text_content(".info .title")
        browser.close()
    assert "Hotline 12345 API" in title
    assert "/api/v1/public/cases" in paths
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests), requests
    assert not [p for p in problems if "Content Security Policy" in p], problems
