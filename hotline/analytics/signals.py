"""Keep the rollup in step with registrations (see `rollup`)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from hotline.cases.models import Case

from . import rollup


@receiver(post_save, sender=Case, dispatch_uid="analytics.count_registration")
def count_registration(sender, instance: Case, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        rollup.record_registration(instance)
