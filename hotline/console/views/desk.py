"""The centre desk (派单/督办): what waits for the centre."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render

from hotline import clock
from hotline.cases.access import visible_cases
from hotline.cases.choices import (
    AssignmentRole,
    AssignmentStatus,
    ReturnReason,
    Satisfaction,
    Status,
)
from hotline.cases.models import Assignment, CaseEvent, Extension, ExtensionStatus
from hotline.orgs.choices import Role
from hotline.privacy.reveal import masked
from hotline.replies.selectors import attach_latest, suspect_replies
from hotline.supervision.selectors import SEE_ALL, supervised_cases

from .. import exportlinks
from .common import roles_required

LIMIT = 50


def _latest_reply(case) -> str:
    for event in case.reply_events:
        if event.data.get("role") in (None, AssignmentRole.LEAD):
            return event.data.get("reply", "")
    return ""


def desk_lists(user) -> dict:
    now = clock.now()
    cases = visible_cases(user).select_related("category", "lead_unit")
    returned = list(
        cases.filter(status=Status.RETURNED).order_by("updated_at").prefetch_related(Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(status=AssignmentStatus.RETURNED, role=AssignmentRole.LEAD)
            .select_related("unit").order_by("-round"),
            to_attr="returned_parts",
        ))[:LIMIT]
    )
    for case in returned:
        case.returned_part = case.returned_parts[0] if case.returned_parts else None
        reason = case.returned_part.return_reason if case.returned_part else ""
        case.return_label = ReturnReason(reason).label if reason in ReturnReason.values else reason
    waiting = list(cases.filter(status=Status.REGISTERED).order_by("registered_at")[:LIMIT])
    extensions = list(
        Extension.objects.filter(status=ExtensionStatus.PENDING, case__in=visible_cases(user))
        .select_related("case", "assignment__unit", "requested_by").order_by("requested_at")[:LIMIT]
    )
    callbacks = list(
        cases.filter(status=Status.REPLIED).order_by("replied_at").prefetch_related(Prefetch(
            "events", queryset=CaseEvent.objects.filter(verb__in=["reply", "answer_on_spot"]).order_by("-seq"),
            to_attr="reply_events",
        ))[:LIMIT]
    )
    for case in callbacks:
        case.reply_text = _latest_reply(case)
        case.citizen = masked(case, user)
    attach_latest(callbacks, user)
    overdue = list(
        cases.filter(status__in=[Status.DISPATCHED, Status.HANDLING], due_at__lt=now).order_by("due_at")[:LIMIT]
    )
    return {
        "returned": returned, "waiting": waiting, "extensions": extensions,
        "callbacks": callbacks, "overdue": overdue, "suspects": suspect_replies(user, limit=LIMIT),
        "supervised": supervised_cases(user, limit=LIMIT) if user.is_superuser or user.role in SEE_ALL else None,
        "satisfactions": Satisfaction.choices,
    }


@roles_required(Role.DISPATCHER, Role.SUPERVISOR, Role.AGENT)
def desk(request):
    return render(request, "console/desk.html", {**desk_lists(request.user), "export": exportlinks.desk()})
