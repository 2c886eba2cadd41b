"""The admin shows orders, volunteer tasks and mediations but never creates or edits them
(only the actions do, with their checks and the case timeline); reference data stays editable."""

import pytest

from hotline.cases.actors import Actor
from hotline.orgs.models import User
from hotline.partners import providers
from hotline.partners.models import ProviderOrder, ProviderStatus
from hotline.testing import new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, city):
    root = User.objects.create_superuser(username="root", password="x-pass-123", email="")
    client.force_login(root)
    return client


@pytest.mark.parametrize("model", ["providerorder", "volunteertask", "mediation"])
def test_action_rows_cannot_be_added(admin_client, model):
    assert admin_client.get(f"/admin/partners/{model}/add/").status_code == 403
    listing = admin_client.get(f"/admin/partners/{model}/")
    assert listing.status_code == 200 and f"/admin/partners/{model}/add/" not in listing.content.decode()


def test_an_order_is_shown_read_only(admin_client, city, provider):
    order = providers.dispatch_order(new_case(city, dispatch=False), provider, actor=Actor.staff(city.dispatcher),
                                     offer=provider.offer)
    url = f"/admin/partners/providerorder/{order.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="price"' not in page.content.decode()
    assert admin_client.post(url, {"price": "1"}).status_code == 403
    assert admin_client.post(f"/admin/partners/providerorder/{order.pk}/delete/", {"post": "yes"}).status_code == 403
    order.refresh_from_db()
    assert order.price == provider.offer.price and ProviderOrder.objects.count() == 1


@pytest.mark.parametrize("model", ["provider", "volunteer", "mediationscope"])
def test_reference_data_stays_editable(admin_client, model):
    page = admin_client.get(f"/admin/partners/{model}/add/")
    assert page.status_code == 200
    if model == "provider":  # service offers are edited inline on their provider
        assert 'name="offers-TOTAL_FORMS"' in page.content.decode()


def test_provider_status_is_not_edited_in_the_admin(admin_client, provider):
    page = admin_client.get(f"/admin/partners/provider/{provider.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="contract_number"' in page
    provider.status = ProviderStatus.SUSPENDED
    provider.save()
    assert 'name="status"' not in admin_client.get(f"/admin/partners/provider/{provider.pk}/change/").content.decode()
