"""Exchange endpoints: the signed inbox for peer platforms and the staff export download."""

from __future__ import annotations

import json
import time

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from hotline import clock
from hotline.audit.context import client_ip
from hotline.cases.errors import CaseError
from hotline.orgs.models import ApiToken
from hotline.privacy.exports import record_export
from hotline.privacy.models import ExportKind

from . import actions, export, signing
from .models import Peer


@csrf_exempt
@require_POST
def inbox(request):
    code = request.headers.get(signing.PEER_HEADER, "")
    peer = Peer.objects.filter(code=code, active=True).first()
    body = request.body
    if peer is None or not signing.verify(
        peer.shared_key, request.headers.get(signing.TIMESTAMP_HEADER, ""),
        request.headers.get(signing.SIGNATURE_HEADER, ""), body, now=clock.now().timestamp(),
    ):
        return JsonResponse({"error": "unknown peer, bad signature or stale timestamp"}, status=401)
    try:
        message = json.loads(body.decode())
        if not isinstance(message, dict):
            raise ValueError("not an object")
    except ValueError:
        return JsonResponse({"error": "the body is not a JSON object"}, status=400)
    try:
        return JsonResponse(actions.receive(peer, message))
    except actions.Rejected as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)


def _staff(request):
    if request.user.is_authenticated:
        return request.user
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return ApiToken.authenticate(auth[7:].strip())
    return None


@require_GET
def export_cases(request, fmt):
    user = _staff(request)
    if user is None:
        if "Authorization" in request.headers:
            return JsonResponse({"error": _("Sign in first.")}, status=401)
        return redirect_to_login(request.get_full_path())
    try:
        qs = export.filter_cases(user, request.GET)
    except CaseError as exc:
        return JsonResponse({"error": str(exc.message), "field": exc.field}, status=400)
    record_export(actor=user, kind=ExportKind.CASES, rows=min(qs.count(), export.MAX_ROWS), filters=request.GET,
                  file_format=fmt, source_ip=client_ip(request))
    stamp = time.strftime("%Y%m%d-%H%M", clock.local_now().timetuple())
    if fmt == "csv":
        response = HttpResponse(export.to_csv(user, qs), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.to_xlsx(user, qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.{fmt}"'
    return response
