"""Encryption of personal data at rest.

Keys come from HOTLINE_DATA_KEYS (comma-separated Fernet keys, newest first). Rotation:
prepend a new key, re-save the rows (`hotline rotate_pii_key`), then drop the old key.
Lookups use a keyed digest (HMAC) of the normalised value, never the plaintext.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

log = logging.getLogger("hotline.privacy")
PREFIX = "enc1:"


@functools.cache
def _keys() -> tuple[bytes, ...]:
    keys = [k.encode() for k in settings.HOTLINE_DATA_KEYS]
    if not keys:
        # Development and tests only: derived from SECRET_KEY (settings refuse the
        # default SECRET_KEY outside development).
        derived = hashlib.sha256(("pii:" + settings.SECRET_KEY).encode()).digest()
        keys = [base64.urlsafe_b64encode(derived)]
    return tuple(keys)


@functools.cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


def reset_keys() -> None:
    _keys.cache_clear()
    _fernet.cache_clear()
    _lookup_key.cache_clear()


def encrypt(plain: str) -> str:
    if not plain:
        return ""
    return PREFIX + _fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str | None) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return stored  # legacy plaintext row, re-encrypted on next save
    try:
        return _fernet().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken:
        log.error("personal data could not be decrypted with the configured keys")
        return ""


def rotate(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return encrypt(stored) if stored else ""
    return PREFIX + _fernet().rotate(stored[len(PREFIX):].encode()).decode()


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


@functools.cache
def _lookup_key() -> bytes:
    # Separate from the encryption keys so that rotating those never breaks lookups.
    configured = getattr(settings, "HOTLINE_LOOKUP_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(("lookup:" + settings.SECRET_KEY).encode()).digest()


def phone_digest(phone: str) -> str:
    digits = normalise_phone(phone)
    if not digits:
        return ""
    return hmac.new(_lookup_key(), b"phone:" + digits.encode(), hashlib.sha256).hexdigest()
