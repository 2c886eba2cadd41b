"""Score every lead reply as it is written (see `actions`).

The same hook the assessment facts use: a `post_save` on `CaseEvent`. `cases.workflow`
writes the `reply` event inside the transaction that holds the case's row lock, so the
score is computed there and commits or rolls back with the reply — whichever door the
reply came through (unit screens, the API, imports, the demo). The only side effect, the
timeline note of a flagged reply, goes after commit; `actions.note_pending` (job
`replies`) writes any note a crash left out.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from hotline.cases.actors import Actor
from hotline.cases.models import CaseEvent

from . import actions


@receiver(post_save, sender=CaseEvent, dispatch_uid="replies.score_reply")
def score_reply(sender, instance: CaseEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not actions.is_scored_reply(instance):
        return
    row = actions.score_reply(instance, actor=Actor.system())
    if row.flagged:
        transaction.on_commit(lambda: actions.note_flagged(row.pk, actor=Actor.system()))
