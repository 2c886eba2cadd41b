import pytest

from hotline import clock
from hotline.sla import calendar


@pytest.fixture(autouse=True)
def _fresh_clock_and_calendar():
    calendar.invalidate()
    yield
    clock.set_now(None)
    calendar.invalidate()


@pytest.fixture
def city(db):
    from hotline.testing import build_city

    return build_city()
