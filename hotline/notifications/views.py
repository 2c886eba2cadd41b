"""The in-app inbox: a person's reminders, escalations and orders, newest first.

Thin: reads are always `request.user`'s own messages; the only write is marking read
(`actions.mark_read`). The unread badge in the menu is fetched by HTMX after the page
loads, so no staff page pays for it in its own queries.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import actions
from .models import InboxMessage

PAGE_SIZE = 50


@login_required
def inbox(request):
    show = "unread" if request.GET.get("show") == "unread" else "all"
    qs = InboxMessage.objects.filter(user=request.user).order_by("-created_at", "-pk")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "show": show, "unread": actions.unread_count(request.user),
    })


@login_required
def badge(request):
    return render(request, "notifications/_badge.html", {"unread": actions.unread_count(request.user)})


@login_required
@require_POST
def mark_read(request):
    ids = [int(v) for v in request.POST.getlist("message") if v.isdigit()]
    actions.mark_read(actor=request.user, message_ids=ids if request.POST.get("all") != "1" else None)
    return HttpResponseRedirect(reverse("notifications:inbox"))


@login_required
def open_message(request, pk: int):
    """Mark one message read and follow its link (only links inside this site)."""
    message = InboxMessage.objects.filter(user=request.user, pk=pk).first()
    if message is None:
        return HttpResponseRedirect(reverse("notifications:inbox"))
    actions.mark_read(actor=request.user, message_ids=[message.pk])
    target = message.link
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                         require_https=request.is_secure()):
        target = reverse("notifications:inbox")
    return HttpResponseRedirect(target)
