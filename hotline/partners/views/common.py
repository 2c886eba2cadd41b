"""Helpers shared by the partners screens: role gates and running one action with its message."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hotline.cases.access import case_for
from hotline.cases.errors import CaseError, NotFound

from ..selectors import is_centre


def centre_only(view):
    """Centre staff (agent, dispatcher, supervisor) and superusers; others are refused (403)."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_centre(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def gate(allowed):
    """Signed-in users for whom `allowed(user)` holds; others are refused (403)."""

    def decorate(view):
        @login_required
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def case_or_404(user, number: str):
    try:
        return case_for(user, number)
    except NotFound:
        raise Http404 from None


def found_or_404(lookup, *args):
    try:
        return lookup(*args)
    except NotFound:
        raise Http404 from None


def run(request, action, success: str, **kwargs) -> bool:
    """Call one action; its refusal becomes an error message (nothing changed), success a message."""
    try:
        action(**kwargs)
    except CaseError as exc:
        messages.error(request, str(exc.message))
        return False
    messages.success(request, success)
    return True
