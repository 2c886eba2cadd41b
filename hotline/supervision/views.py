"""Staff screens for supervision orders: the list, one item with its history, the
answer / accept / reject forms, and issuing on one case or on a group of cases.
Thin: resolve through `selectors` or `cases.access`, call one action."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.cases.access import case_for
from hotline.cases.actors import Actor
from hotline.cases.errors import CaseError, NotFound

from . import actions, selectors
from .actions import ANSWERERS, ISSUERS, REVIEWERS
from .choices import ItemStatus
from .forms import OrderForm, SelectionForm

VIEWERS = selectors.SEE_ALL | ANSWERERS
PAGE = 200
PREVIEW = 100


def staff_only(view):
    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.role in VIEWERS):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def issuers_only(view):
    """Only the roles that may issue orders; anyone else finds nothing here."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.role not in ISSUERS:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def item_list(request):
    order = request.GET.get("order", "")
    show = "all" if request.GET.get("show") == "all" or order.isdigit() else "open"
    items = selectors.worklist(request.user, show=show)
    if order.isdigit():
        items = items.filter(order_id=int(order))
    return render(request, "supervision/list.html", {
        "items": list(items[:PAGE]), "show": show, "page_size": PAGE, "may_issue": request.user.role in ISSUERS,
    })


def _item(request, pk):
    try:
        return selectors.item_for(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc


@staff_only
def item_detail(request, pk: int):
    item = _item(request, pk)
    user = request.user
    return render(request, "supervision/item.html", {
        "item": item,
        "events": item.events.select_related("actor").order_by("at", "pk"),
        "can_answer": item.status == ItemStatus.PENDING and user.role in ANSWERERS and user.unit_id == item.unit_id,
        "can_review": item.status == ItemStatus.ANSWERED and user.role in REVIEWERS,
    })


def _run(request, pk, action, **data):
    item = _item(request, pk)
    try:
        action(item, actor=Actor.staff(request.user), **data)
    except CaseError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("supervision:item", pk=item.pk)


@require_POST
@staff_only
def answer(request, pk: int):
    return _run(request, pk, actions.answer, text=request.POST.get("text", ""))


@require_POST
@staff_only
def accept(request, pk: int):
    return _run(request, pk, actions.accept, note=request.POST.get("note", ""))


@require_POST
@staff_only
def reject(request, pk: int):
    return _run(request, pk, actions.reject, reason=request.POST.get("reason", ""))


# --------------------------------------------------------------------------- issue


def _form_error(form, exc: CaseError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def _posted(request):
    return request.POST if request.method == "POST" else None


@issuers_only
def issue_case(request, number: str):
    try:
        case = case_for(request.user, number)
    except NotFound as exc:
        raise Http404 from exc
    form = OrderForm(_posted(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            order = actions.issue(case, actor=Actor.staff(request.user), level=data["level"], reason=data["reason"],
                                  subject=data["subject"], days=data["days"], token=data["token"])
        except CaseError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Supervision order %(number)s issued.") % {"number": order.number})
            return redirect("supervision:item", pk=order.items.get(case=case).pk)
    return render(request, "supervision/issue_case.html", {
        "case": case, "form": form,
        "open_items": case.supervision_items.filter(status__in=ItemStatus.open()).select_related("order", "unit"),
    })


@issuers_only
def issue_group(request):
    picked = SelectionForm(_posted(request) or request.GET or None)
    form, matched, count = None, [], None
    if picked.is_valid():
        selection = picked.selection()
        try:
            targets = selection.targets()
            count = targets.count()
        except CaseError as exc:
            _form_error(picked, exc)
    if count is not None:
        matched = list(targets.select_related("lead_unit", "street", "district", "category")[:PREVIEW])
        form = OrderForm(_posted(request), subject_required=True, initial={"expected": count})
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = actions.issue_group(
                    selection, actor=Actor.staff(request.user), level=data["level"], reason=data["reason"],
                    subject=data["subject"], days=data["days"], token=data["token"], expected=data["expected"],
                )
            except CaseError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Supervision order %(number)s issued on %(count)s cases.") % {
                    "number": order.number, "count": order.items.count(),
                })
                return redirect(f"{reverse('supervision:list')}?order={order.pk}")
    return render(request, "supervision/issue_group.html", {
        "picked": picked, "form": form, "matched": matched, "count": count,
        "too_many": count is not None and count > actions.MAX_GROUP, "max_group": actions.MAX_GROUP,
    })
