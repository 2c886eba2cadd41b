"""Early warnings: tell the centre once per growing issue, however many scans see it.

A warning hotspot inherits the alert key of a warning hotspot of an earlier scan (same
source, last `CARRY_DAYS`) whose messages it mostly shares (overlap coefficient at least
`CARRY_OVERLAP`); otherwise it gets a new key. Notices go through the outbox, deduplicated
on key, person and channel, in the scan's transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hotline.notifications import outbox
from hotline.orgs.choices import Role
from hotline.orgs.models import User

from .models import Hotspot, Member, Scan, Source

CARRY_DAYS = 14
CARRY_OVERLAP = 0.5
RECIPIENT_ROLES = (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER)


def _refs(hotspot_ids) -> dict[int, set[str]]:
    refs: dict[int, set[str]] = {}
    for hotspot_id, ref in Member.objects.filter(hotspot_id__in=hotspot_ids).values_list("hotspot_id", "ref"):
        refs.setdefault(hotspot_id, set()).add(ref)
    return refs


def carry_keys(scan: Scan) -> list[Hotspot]:
    """Give every warning hotspot of `scan` its alert key; returns the ones that are new."""
    warned = list(scan.hotspots.filter(warning=True))
    if not warned:
        return []
    earlier = list(
        Hotspot.objects.filter(scan__source=scan.source, warning=True,
                               scan__ran_at__gte=scan.ran_at - dt.timedelta(days=CARRY_DAYS))
        .exclude(scan=scan).exclude(alert_key="").only("pk", "alert_key")
    )
    refs = _refs([h.pk for h in warned] + [h.pk for h in earlier])
    new = []
    for hotspot in warned:
        mine = refs.get(hotspot.pk, set())
        best, best_overlap = "", 0.0
        for old in earlier:
            theirs = refs.get(old.pk, set())
            if mine and theirs:
                overlap = len(mine & theirs) / min(len(mine), len(theirs))
                if overlap > best_overlap:
                    best, best_overlap = old.alert_key, overlap
        if best and best_overlap >= CARRY_OVERLAP:
            hotspot.alert_key = best
        else:
            hotspot.alert_key = f"{scan.pk}.{hotspot.rank}"
            new.append(hotspot)
        hotspot.save(update_fields=["alert_key"])
    return new


def recipients() -> list[User]:
    return list(User.objects.filter(is_active=True, role__in=RECIPIENT_ROLES).order_by("pk"))


def notify(scan: Scan) -> int:
    """Queue the early warnings of a scan of the platform's cases (after `carry_keys`);
    returns how many were offered."""
    if scan.source != Source.CASES:
        return 0  # the shared message board is history: shown, never sent
    hotspots = list(scan.hotspots.filter(warning=True))
    if not hotspots:
        return 0
    people = recipients()
    channels = settings.HOTLINE_NOTIFY_ROUTES.get("hotspot", ["inbox"])
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for h in hotspots:
            subject = _("Early warning: %(issue)s — %(recent)d messages in %(days)d days (×%(growth)s)") % {
                "issue": h.label, "recent": h.recent, "days": scan.params.get("window_days", 7),
                "growth": h.growth,
            }
            body = _("Typical message: %(example)s") % {"example": h.example}
            link = reverse("hotspots:detail", args=[h.pk])
            messages += [
                outbox.Message(channel=channel, recipient=user, subject=subject[:200], body=body, link=link,
                               dedupe_key=f"hotspot:{h.alert_key}:{user.pk}:{channel}",
                               data={"hotspot": h.pk, "scan": scan.pk})
                for user in people for channel in channels
            ]
    return outbox.enqueue_many(messages)
