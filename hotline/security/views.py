from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import twofactor
from .models import TOTPDevice


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    device = TOTPDevice.objects.filter(user=request.user).first()
    if device is not None and device.confirmed:
        return render(request, "security/2fa_enabled.html", {"device": device})
    if request.method == "POST" and device is not None:
        if twofactor.verify(device, request.POST.get("code", "")):
            request.session[twofactor.SESSION_KEY] = True
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("/")
        messages.error(request, _("That code is not valid. Check the time on your phone and try again."))
    else:
        device = twofactor.start_enrolment(request.user)
    uri = twofactor.provisioning_uri(device)
    return render(request, "security/2fa_setup.html", {
        "secret": device.secret, "uri": uri, "qr_svg": twofactor.qr_svg(uri),
    })


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed_at__isnull=False).first()
    if device is None:
        return redirect(_next(request))
    if request.method == "POST":
        if twofactor.verify(device, request.POST.get("code", "")):
            request.session[twofactor.SESSION_KEY] = True
            request.session.cycle_key()
            return redirect(_next(request))
        messages.error(request, _("That code is not valid. Check the time on your phone and try again."))
    return render(request, "security/2fa_verify.html", {"next": _next(request)})
