"""The auditor's screen: reveals and exports of personal data, filtered, paged, downloadable."""

from __future__ import annotations

import time

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from hotline import clock
from hotline.audit.context import client_ip
from hotline.console.views.common import roles_required

from . import auditlog
from .exports import record_export
from .models import ExportKind

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@roles_required(*auditlog.AUDITORS)
def log(request):
    selection, form = auditlog.parse(request.GET)
    page = Paginator(auditlog.entries(selection), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/log.html", {
        "form": form, "selection": selection, "page": page, "query": query.urlencode(),
        "reveals": selection.show == auditlog.REVEALS,
    })


@roles_required(*auditlog.AUDITORS)
def download(request, fmt: str):
    """The selected log as a file; the download is itself logged as an export."""
    selection, form = auditlog.parse(request.GET)
    if form.is_bound and not form.is_valid():  # never the whole log instead of the asked-for part
        return HttpResponseBadRequest(_("Correct the filters before downloading."),
                                      content_type="text/plain; charset=utf-8")
    header, rows = auditlog.table(selection)
    record_export(actor=request.user, kind=ExportKind.PRIVACY_LOG, rows=len(rows), filters=request.GET,
                  file_format=fmt, masked=False, source_ip=client_ip(request))
    stamp = time.strftime("%Y%m%d-%H%M", clock.local_now().timetuple())
    if fmt == "csv":
        response = HttpResponse(auditlog.to_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(auditlog.to_xlsx(header, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="personal-data-{selection.show}-{stamp}.{fmt}"'
    return response
