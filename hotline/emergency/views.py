"""Emergency screens: the incident list, the live board, the close form and report, the
110 transfer form and the endpoint 110 posts handovers to. Thin: one action per view."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hotline.cases.access import case_for
from hotline.cases.actors import Actor
from hotline.cases.errors import CaseError, NotFound
from hotline.orgs.choices import CENTRE_ROLES, Role, UnitKind
from hotline.orgs.models import ApiToken

from . import actions, linkage
from .models import Incident, IncidentStatus, IncidentUnit, Matter, Plan

CENTRE = {*CENTRE_ROLES}
POLL_SECONDS = 3


def _incident(request, pk: int) -> Incident:
    incident = actions.visible_incidents(request.user).select_related("plan", "case").filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


def _is_centre(user) -> bool:
    return user.is_superuser or user.role in CENTRE


@login_required
def index(request):
    user = request.user
    incidents = actions.visible_incidents(user).select_related("plan", "case")
    context = {
        "active": incidents.filter(status=IncidentStatus.ACTIVE)[:100],
        "closed": incidents.filter(status=IncidentStatus.CLOSED)[:20],
        "is_centre": _is_centre(user),
    }
    if context["is_centre"]:
        pending = list(actions.emergencies_without_incident()[:50])
        context["pending"] = [(case, actions.suggest_plan(case)) for case in pending]
        context["plans"] = Plan.objects.filter(is_active=True)
    return render(request, "emergency/index.html", context)


@require_POST
@login_required
def start(request):
    if not _is_centre(request.user):
        raise PermissionDenied
    plan = Plan.objects.filter(pk=request.POST.get("plan") if str(request.POST.get("plan", "")).isdigit() else None,
                               is_active=True).first()
    if plan is None:
        messages.error(request, _("Choose a plan."))
        return redirect("emergency:index")
    case = None
    if request.POST.get("case"):
        try:
            case = case_for(request.user, request.POST["case"])
        except NotFound as exc:
            raise Http404 from exc
    try:
        incident = actions.start_incident(plan, actor=Actor.staff(request.user), case=case,
                                          title=request.POST.get("title", ""), address=request.POST.get("address", ""))
    except CaseError as exc:
        messages.error(request, str(exc.message))
        return redirect("emergency:index")
    return redirect("emergency:board", pk=incident.pk)


def _rows(incident: Incident):
    return list(incident.units.select_related("unit", "acknowledged_by", "arrived_by").order_by("order", "id"))


def _board_context(request, incident: Incident) -> dict:
    rows = _rows(incident)
    now = actions.clock.now()
    for row in rows:
        row.can_act = incident.status == IncidentStatus.ACTIVE and actions.can_act_for(request.user, row)
        row.ack_overdue = row.acknowledged_at is None and now > row.ack_due_at
        row.arrive_overdue = row.arrived_at is None and now > row.arrive_due_at
    counts = {state: sum(1 for r in rows if r.state == state) for state in ("dispatched", "acknowledged", "arrived")}
    return {"incident": incident, "rows": rows, "counts": counts, "poll": POLL_SECONDS, "now": now,
            "is_centre": _is_centre(request.user)}


@login_required
def board(request, pk: int):
    incident = _incident(request, pk)
    context = _board_context(request, incident)
    context["events"] = incident.events.select_related("unit", "actor").order_by("-at", "-id")[:50]
    return render(request, "emergency/board.html", context)


@require_GET
@login_required
def board_units(request, pk: int):
    """The polled fragment: every unit's state, refreshed every few seconds by HTMX."""
    incident = _incident(request, pk)
    return render(request, "emergency/_units.html", _board_context(request, incident))


def _unit_action(request, row_id: int, action):
    row = IncidentUnit.objects.filter(pk=row_id).select_related("incident").first()
    if row is None or not actions.visible_incidents(request.user).filter(pk=row.incident_id).exists():
        raise Http404
    try:
        action(row.pk, user=request.user, note=request.POST.get("note", ""))
    except CaseError as exc:
        if not request.headers.get("HX-Request"):
            messages.error(request, str(exc.message))
        else:
            response = render(request, "emergency/_units.html", _board_context(request, row.incident))
            response["HX-Trigger"] = json.dumps({"emergency-error": str(exc.message)})
            return response
    if request.headers.get("HX-Request"):
        return render(request, "emergency/_units.html", _board_context(request, row.incident))
    return redirect("emergency:board", pk=row.incident_id)


@require_POST
@login_required
def acknowledge(request, row_id: int):
    return _unit_action(request, row_id, actions.acknowledge)


@require_POST
@login_required
def arrive(request, row_id: int):
    return _unit_action(request, row_id, actions.arrive)


@require_POST
@login_required
def close(request, pk: int):
    incident = _incident(request, pk)
    if not _is_centre(request.user):
        raise PermissionDenied
    try:
        actions.close_incident(incident, actor=Actor.staff(request.user), summary=request.POST.get("summary", ""))
    except CaseError as exc:
        messages.error(request, str(exc.message))
        return redirect("emergency:board", pk=incident.pk)
    return redirect("emergency:report", pk=incident.pk)


@login_required
def report(request, pk: int):
    incident = _incident(request, pk)
    if incident.status != IncidentStatus.CLOSED:
        return redirect("emergency:board", pk=incident.pk)
    return render(request, "emergency/report.html", {"incident": incident, "report": incident.report})


# --------------------------------------------------------------------------- 110 linkage


@login_required
def transfer(request, number: str):
    """One action: hand the case to 110/119/120/122, or keep it when responsibility is unclear."""
    if request.user.role not in {Role.AGENT, Role.DISPATCHER} and not request.user.is_superuser:
        raise PermissionDenied
    try:
        case = case_for(request.user, number)
    except NotFound as exc:
        raise Http404 from exc
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            done = linkage.transfer_to_external(
                case, actor=Actor.staff(request.user), matter=request.POST.get("matter", ""),
                reason=request.POST.get("reason", ""), version=int(version) if version.isdigit() else None)
        except linkage.Kept:
            messages.warning(request, _("Responsibility is unclear: the case stays here (first platform keeps it)."))
            return redirect("console:case", number=case.number)
        except CaseError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Transferred to %(platform)s.") % {"platform": done.platform})
            return redirect("console:case", number=case.number)
    return render(request, "emergency/transfer.html", {"case": case, "matters": Matter.choices})


def _api_user(request):
    auth = request.headers.get("Authorization", "")
    if not auth.startswith("Bearer "):
        return None
    return ApiToken.authenticate(auth[7:].strip())


@csrf_exempt
@require_POST
def receive(request, platform: str = "110"):
    """POST /emergency/external/110/cases — 110 hands over a non-police matter (JSON, bearer token).

    The token's user must belong to an external unit (the 110 platform's account) or be
    centre staff. 201 with the case number; 200 for a reference already received;
    409 when refused under the first-receiver rule.
    """
    user = _api_user(request)
    if user is None:
        return JsonResponse({"error": _("Authentication required.")}, status=401)
    if not (user.role in {Role.AGENT, Role.DISPATCHER} or (user.unit_id and user.unit.kind == UnitKind.EXTERNAL)):
        return JsonResponse({"error": _("Not allowed.")}, status=403)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": _("The body must be JSON.")}, status=400)
    if not isinstance(body, dict):
        return JsonResponse({"error": _("The body must be JSON.")}, status=400)
    allowed = {"external_ref", "title", "content", "address", "caller_name", "caller_phone", "latitude", "longitude",
               "urgency", "case_type", "category_id", "district_id", "street_id", "community_id", "responsibility",
               "reason"}
    unknown = sorted(set(body) - allowed)
    if unknown:
        return JsonResponse({"error": _("Unknown fields."), "fields": unknown}, status=400)
    for key, value in body.items():
        if key.endswith("_id"):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**62):
                return JsonResponse({"error": _("Give a number."), "field": key}, status=400)
        elif key not in {"latitude", "longitude"} and not isinstance(value, str):
            return JsonResponse({"error": _("Must be text."), "field": key}, status=400)
        elif isinstance(value, str) and (len(value) > 5000 or "\x00" in value):
            return JsonResponse({"error": _("Too long."), "field": key}, status=400)
    try:
        transfer, created = linkage.receive_from_110(actor=Actor.staff(user), platform=platform, **body)
    except linkage.Refused as exc:
        return JsonResponse({"outcome": exc.transfer.outcome, "reason": exc.transfer.reason}, status=409)
    except CaseError as exc:
        return JsonResponse({"error": str(exc.message), "field": exc.field}, status=400)
    if transfer.case_id is None:
        return JsonResponse({"outcome": transfer.outcome, "reason": transfer.reason}, status=409)
    return JsonResponse({"outcome": transfer.outcome, "case": transfer.case.number, "created": created},
                        status=201 if created else 200)
