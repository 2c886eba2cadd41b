import pytest
from django.contrib.auth import get_user_model

from hotline import clock
from hotline.testing import PASSWORD

from .helpers import case_at

pytestmark = pytest.mark.django_db


def test_admin_lists_problems_and_the_read_only_rollup(city, client):
    case_at(city, clock.local(2026, 11, 2, 9))
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.login(username="root", password=PASSWORD)
    assert client.get("/admin/analytics/monthlyproblem/").status_code == 200
    assert client.get("/admin/analytics/dailyvolume/").status_code == 200
    assert client.get("/admin/analytics/dailyvolume/add/").status_code == 403
