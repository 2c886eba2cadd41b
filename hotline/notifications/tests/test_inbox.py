"""The inbox screen: one's own messages only, unread badge, mark read, follow the link."""

import pytest
from django.urls import reverse

from hotline import clock
from hotline.notifications import outbox
from hotline.notifications.models import InboxMessage
from hotline.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _send(user, n=1, link="/supervision/", prefix="督办提醒"):
    outbox.enqueue_many(
        outbox.Message(channel="inbox", recipient=user, subject=f"{prefix} {i}", body="请及时处理",
                       link=link, dedupe_key=f"t:{user.pk}:{prefix}:{i}")
        for i in range(n)
    )
    outbox.drain()


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_person_sees_only_their_own_messages_and_the_unread_count(client, city):
    _send(city.market_handler, 2)
    _send(city.urban_handler, 1, prefix="别人的消息")
    _login(client, city.market_handler)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "督办提醒 0" in page and "督办提醒 1" in page
    assert "别人的消息" not in page
    assert "2 条未读" in page
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert ">2<" in badge


def test_mark_one_then_all_read(client, city):
    _send(city.market_handler, 3)
    _login(client, city.market_handler)
    first = InboxMessage.objects.filter(user=city.market_handler).order_by("pk").first()
    other = InboxMessage.objects.create(notification=_foreign(city), user=city.urban_handler, subject="x")
    # Someone else's id is ignored, one's own is marked.
    client.post(reverse("notifications:read"), {"message": [first.pk, other.pk]})
    assert InboxMessage.objects.filter(user=city.market_handler, read_at__isnull=True).count() == 2
    assert InboxMessage.objects.get(pk=other.pk).read_at is None
    unread_only = client.get(reverse("notifications:inbox") + "?show=unread").content.decode()
    assert "督办提醒 0" not in unread_only and "督办提醒 2" in unread_only
    client.post(reverse("notifications:read"), {"all": "1"})
    assert not InboxMessage.objects.filter(user=city.market_handler, read_at__isnull=True).exists()
    assert client.get(reverse("notifications:badge")).content.decode().strip() == ""


def _foreign(city):
    from hotline.notifications.models import Notification
    return Notification.objects.create(dedupe_key="foreign", channel="inbox", recipient=city.urban_handler,
                                       subject="x")


def test_opening_a_message_marks_it_read_and_follows_only_local_links(client, city):
    clock.set_now(clock.local(2026, 11, 23, 10))
    _send(city.market_handler, 1, link="/supervision/items/7/")
    _send(city.market_handler, 1, link="https://evil.example/phish", prefix="外链")
    _login(client, city.market_handler)
    local = InboxMessage.objects.get(user=city.market_handler, subject="督办提醒 0")
    response = client.get(reverse("notifications:open", args=[local.pk]))
    assert response.status_code == 302 and response["Location"] == "/supervision/items/7/"
    local.refresh_from_db()
    assert local.read_at == clock.now()
    foreign = InboxMessage.objects.get(user=city.market_handler, subject="外链 0")
    response = client.get(reverse("notifications:open", args=[foreign.pk]))
    assert response["Location"] == reverse("notifications:inbox")
    # Another person's message cannot be opened (nor marked read) by id.
    _send(city.urban_handler, 1, prefix="别人的")
    theirs = InboxMessage.objects.get(user=city.urban_handler)
    client.get(reverse("notifications:open", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_needs_a_sign_in_and_speaks_english_too(client, city):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    _send(city.market_handler, 1)
    _login(client, city.market_handler)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notifications:inbox"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mark all as read" in page and "1 unread" in page


def test_menu_links_supervision_and_inbox_for_a_handler(client, city):
    _login(client, city.market_handler)
    page = client.get(reverse("console:workbench")).content.decode()
    assert reverse("supervision:list") in page and reverse("notifications:inbox") in page
