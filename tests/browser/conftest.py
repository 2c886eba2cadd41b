"""Playwright driving Debian's Chromium (/usr/bin/chromium); no browser is downloaded."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HOTLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


# htmx logs a request that hx-sync="this:replace" cancels (a newer keystroke superseded it)
# as an error; that is by design. Failures still show: htmx:responseError, htmx:sendError, JS errors.
SUPERSEDED = {"htmx:sendAbort", "htmx:afterRequest"}


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh context (its own cookies): desktop by default, or a phone."""
    contexts = []
    problems: list[str] = []

    def open_page(*, phone: bool = False, language: str = "zh-CN"):
        size = {"width": 375, "height": 740} if phone else {"width": 1280, "height": 800}
        context = browser.new_context(viewport=size, locale=language, base_url=live_server.url,
                                      is_mobile=phone, has_touch=phone)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" and m.text not in SUPERSEDED else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        return page

    open_page.problems = problems
    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, at=None) -> None:
        """A viewport-sized PNG, scrolled to the top or to the element `at`."""
        page.evaluate("window.scrollTo(0, 0)")
        if at is not None:
            # HTMX may be swapping the element just now: let the page settle, then retry once.
            page.wait_for_load_state("networkidle")
            try:
                page.locator(at).first.scroll_into_view_if_needed()
            except PlaywrightError:
                page.wait_for_load_state("networkidle")
                page.locator(at).first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    return take
