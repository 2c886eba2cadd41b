"""TOTP two-factor sign-in for staff.

After the password, a user with a confirmed authenticator must give a current code
before any staff page opens (the session remembers it); roles listed in
HOTLINE_REQUIRE_2FA_ROLES must enrol first. API tokens are not affected.
"""

from __future__ import annotations

import io

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect

from hotline import clock

from .models import TOTPDevice

SESSION_KEY = "hotline_2fa_ok"
ISSUER = "12345 Hotline"
EXEMPT_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/", "/portal/", "/api/",
                   "/open311/", "/exchange/inbox", "/assessment/public")


def start_enrolment(user) -> TOTPDevice:
    device, created = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    if not created and not device.confirmed:
        device.secret = pyotp.random_base32()
        device.save(update_fields=["secret"])
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def verify(device: TOTPDevice, code: str) -> bool:
    """Check a code (±1 step of 30 s); a step once used is refused afterwards."""
    code = "".join(ch for ch in str(code or "") if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(device.secret)
    now = clock.now()
    current_step = int(now.timestamp()) // totp.interval
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        for step in (current_step, current_step - 1, current_step + 1):
            if step <= locked.last_step:
                continue
            if totp.verify(code, for_time=step * totp.interval):
                locked.last_step = step
                if locked.confirmed_at is None:
                    locked.confirmed_at = now
                locked.save(update_fields=["last_step", "confirmed_at"])
                device.last_step, device.confirmed_at = locked.last_step, locked.confirmed_at
                return True
    return False


def required_for(user) -> bool:
    return user.role in set(getattr(settings, "HOTLINE_REQUIRE_2FA_ROLES", []))


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and not request.session.get(SESSION_KEY)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            device = TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
            if device is not None:
                return redirect(f"/accounts/2fa/verify/?next={request.get_full_path()}")
            if required_for(user):
                return redirect("/accounts/2fa/setup/")
        return self.get_response(request)
