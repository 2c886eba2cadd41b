"""Thin views over `dashboard`, `report`/`excel` and `problems`."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.audit.context import client_ip
from hotline.cases.errors import Invalid
from hotline.console.views.common import roles_required
from hotline.privacy.exports import record_export
from hotline.privacy.models import ExportKind

from . import dashboard, excel, extras, periods, problems, report
from .access import READERS, may_edit_problems
from .forms import ActionForm, ProblemForm
from .models import MonthlyProblem, ProblemAction

PRINT_LEDGER_ROWS = 2000


@roles_required(*READERS)
def home(request):
    filters = periods.parse(request.GET)
    board = dashboard.build(request.user, filters)
    return render(request, "analytics/dashboard.html", {
        "board": board,
        "filters": filters,
        "chart_data": board.chart_data(),
        "districts": dashboard.district_choices(),
        "presets": periods.presets(),
    })


@roles_required(*READERS)
def rankings_panel(request):
    """The rankings panel, fetched by the dashboard after it has drawn (HTMX)."""
    filters = periods.parse(request.GET)
    return render(request, "analytics/_rankings.html", {"rankings": extras.rankings(request.user, filters)})


@roles_required(*READERS)
def report_page(request):
    filters = periods.parse(request.GET, default="last_month")
    data = report.build(request.user, filters)
    rows = None
    if request.GET.get("ledger"):
        rows = list(itertools.islice(report.ledger_rows(request.user, filters), PRINT_LEDGER_ROWS + 1))
        record_export(actor=request.user, kind=ExportKind.LEDGER_PRINT, rows=min(len(rows), PRINT_LEDGER_ROWS),
                      filters=request.GET, file_format="html", source_ip=client_ip(request))
    return render(request, "analytics/report.html", {
        "report": data, "filters": filters, "districts": dashboard.district_choices(), "presets": periods.presets(),
        "ledger": rows[:PRINT_LEDGER_ROWS] if rows else rows,
        "ledger_cut": bool(rows) and len(rows) > PRINT_LEDGER_ROWS, "ledger_limit": PRINT_LEDGER_ROWS,
    })


@roles_required(*READERS)
def report_xlsx(request):
    filters = periods.parse(request.GET, default="last_month")
    data = report.build(request.user, filters)
    body, rows = excel.workbook(data, request.user)
    record_export(actor=request.user, kind=ExportKind.REPORT, rows=rows, filters=request.GET,
                  file_format="xlsx", source_ip=client_ip(request))
    name = f"hotline-report-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.xlsx"
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@roles_required(*READERS)
def problem_list(request):
    return render(request, "analytics/problems.html", {
        "problems": MonthlyProblem.objects.select_related("lead_unit", "category").all()[:100],
        "may_edit": may_edit_problems(request.user),
    })


def _form_error(form, exc: Invalid) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


@roles_required(*READERS)
def problem_new(request):
    if not may_edit_problems(request.user):
        raise PermissionDenied
    form = ProblemForm(request.POST or None, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            problem = problems.create(actor=request.user, **form.cleaned_data)
        except Invalid as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Problem of the month recorded."))
            return redirect("analytics:problem", pk=problem.pk)
    return render(request, "analytics/problem_form.html", {
        "form": form,
        "suggestions": problems.suggestions(request.user),
        "hotspots": extras.problem_hotspots(),
    })


@roles_required(*READERS)
def problem_detail(request, pk: int):
    problem = get_object_or_404(MonthlyProblem.objects.select_related("lead_unit", "category", "district", "street"),
                                pk=pk)
    figures = problems.trend(problem, request.user)
    form = ActionForm()
    return render(request, "analytics/problem.html", {
        "problem": problem, "figures": figures, "chart": problems.chart_data(figures),
        "actions": problem.actions.select_related("owner"), "form": form,
        "may_edit": may_edit_problems(request.user),
    })


@require_POST
@roles_required(*READERS)
def problem_action(request, pk: int):
    if not may_edit_problems(request.user):
        raise PermissionDenied
    problem = get_object_or_404(MonthlyProblem, pk=pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            problems.add_action(problem, **form.cleaned_data)
        except Invalid as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Action added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("analytics:problem", pk=problem.pk)


@require_POST
@roles_required(*READERS)
def problem_action_done(request, pk: int, action: int):
    if not may_edit_problems(request.user):
        raise PermissionDenied
    item = ProblemAction.objects.filter(pk=action, problem_id=pk).first()
    if item is None:
        raise Http404
    problems.mark_done(item)
    return redirect("analytics:problem", pk=pk)
