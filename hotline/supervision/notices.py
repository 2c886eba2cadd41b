"""Tell the unit that must answer a supervision order: when it is issued and each time it
escalates. Messages go through the notifications outbox in the caller's transaction, so
they exist exactly when the order (or the escalation) does; the dedupe key names the
item, its escalation count, the person and the channel, so a retried or concurrent
action never notifies twice.

Recipients: the target unit's active handlers and unit leaders for a general order; only
its unit leaders (falling back to every handler when it has none) from the key level up.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hotline import clock
from hotline.notifications import outbox
from hotline.orgs.choices import Role
from hotline.orgs.models import User

from .choices import Level
from .models import SupervisionItem


def recipients(item: SupervisionItem) -> list[User]:
    staff = list(User.objects.filter(unit_id=item.unit_id, is_active=True,
                                     role__in=[Role.HANDLER, Role.UNIT_LEADER]).order_by("pk"))
    if item.level == Level.GENERAL:
        return staff
    return [u for u in staff if u.role == Role.UNIT_LEADER] or staff


def _link(item: SupervisionItem) -> str:
    try:
        return reverse("supervision:item", args=[item.pk])
    except NoReverseMatch:
        return ""


def _texts(item: SupervisionItem, escalated: bool) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "order": item.order.number, "case": item.case.number, "level": item.get_level_display(),
            "due": date_format(item.due_at.astimezone(clock.LOCAL_TZ), "Y-m-d H:i"),
        }
        if escalated:
            subject = _("Supervision order %(order)s escalated to %(level)s: answer by %(due)s") % values
        else:
            subject = _("Supervision order %(order)s (%(level)s) on case %(case)s: answer by %(due)s") % values
        body = _("Subject: %(subject)s\nReason: %(reason)s") % {"subject": item.order.subject,
                                                                 "reason": item.order.reason}
    return subject, body


def notify(item: SupervisionItem, *, escalated: bool = False) -> int:
    """Queue the notices for `item` in its current state; returns how many were offered."""
    subject, body = _texts(item, escalated)
    link = _link(item)
    messages = [
        outbox.Message(
            channel=channel, recipient=user, subject=subject, body=body, link=link,
            dedupe_key=f"supv:{item.pk}:{item.escalations}:{user.pk}:{channel}",
            data={"case": item.case.number, "order": item.order.number, "item": item.pk, "level": item.level},
        )
        for user in recipients(item)
        for channel in settings.HOTLINE_NOTIFY_ROUTES.get("supervision", ["inbox"])
    ]
    return outbox.enqueue_many(messages)
