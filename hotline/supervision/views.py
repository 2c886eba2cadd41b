"""Staff screens for supervision orders: the list, one item with its history, and the
answer / accept / reject forms. Thin: resolve through `selectors`, call one action."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hotline.cases.actors import Actor
from hotline.cases.errors import CaseError, NotFound

from . import actions, selectors
from .actions import ANSWERERS, REVIEWERS
from .choices import ItemStatus

VIEWERS = selectors.SEE_ALL | ANSWERERS
PAGE = 200


def staff_only(view):
    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.role in VIEWERS):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def item_list(request):
    show = "all" if request.GET.get("show") == "all" else "open"
    items = list(selectors.worklist(request.user, show=show)[:PAGE])
    return render(request, "supervision/list.html", {"items": items, "show": show, "page_size": PAGE})


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
