import pytest

from hotline import clock
from hotline.sla import calendar


@pytest.fixture(autouse=True)
def _fresh_clock_and_calendar():
    calendar.invalidate()
    yield
    clock.set_now(None)
    calendar.invalidate()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the platform's language: a request that switched to English
    (Accept-Language, ?lang=en) leaves it active in the thread afterwards."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def city(db):
    from hotline.testing import build_city

    return build_city()
