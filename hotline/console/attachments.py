"""Files attached to a case: images and PDF only, recognised by their content, 10 MB at most."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from hotline.cases.errors import Invalid
from hotline.cases.models import Attachment, Case

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def sniff(head: bytes) -> str | None:
    """The content type told by the first bytes, or None when it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def check(files, *, images_only: bool = False) -> list[tuple[object, str]]:
    """Validate uploaded files before anything is written; returns (file, content type)."""
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise Invalid(_("Attach at most %(n)d files.") % {"n": MAX_FILES}, field="attachments")
    checked = []
    for upload in files:
        if upload.size > MAX_BYTES:
            raise Invalid(_("%(name)s is larger than 10 MB.") % {"name": upload.name}, field="attachments")
        upload.seek(0)
        kind = sniff(upload.read(16))
        upload.seek(0)
        if kind is None or (images_only and kind not in IMAGE_TYPES):
            message = (_("%(name)s is not a photo (JPEG, PNG, GIF or WebP).") if images_only
                       else _("%(name)s is not an image or a PDF."))
            raise Invalid(message % {"name": upload.name}, field="attachments")
        checked.append((upload, kind))
    return checked


def store(case: Case, checked, *, user=None, event=None) -> list[Attachment]:
    stored = []
    for upload, kind in checked:
        upload.seek(0)
        content = upload.read()
        digest = hashlib.sha256(content).hexdigest()
        name = get_valid_filename(PurePath(upload.name).name)[-100:] or "file"
        attachment = Attachment(
            case=case, event=event, original_name=name, content_type=kind, size=len(content),
            sha256=digest, uploaded_by=user,
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
