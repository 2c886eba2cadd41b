"""Keep assessment facts in step with case timelines (see `facts`).

The hook is a `post_save` on `CaseEvent`: every event is written by
`cases.workflow` (`perform`, `register`, `annotate`) inside the transaction that holds
the case's row lock, so refreshing the case's facts right there makes them commit or
roll back with the event, and two writers on one case can never interleave refreshes.
Only events that change a fact trigger a refresh (`facts.RELEVANT_VERBS`); reminders
and other notes cost nothing. A closing callback also draws the case for the
independent second callback (`callbacks.sample_case`, once per case).
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from hotline.cases.models import CaseEvent

from . import callbacks, facts


@receiver(post_save, sender=CaseEvent, dispatch_uid="assessment.refresh_facts")
def refresh_facts(sender, instance: CaseEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.verb not in facts.RELEVANT_VERBS:
        return
    facts.refresh_case(instance.case_id)
    if instance.verb == "callback" and instance.to_status == "closed":
        callbacks.sample_case(instance)
