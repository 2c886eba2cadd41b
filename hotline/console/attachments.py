"""Files attached to a case: images and PDF only, recognised by their content, 10 MB at most."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.errors import Forbidden, Invalid
from hotline.cases.models import Attachment, Case
from hotline.orgs.choices import Role

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
# Who may add files to a case they can see outside a reply (readers and auditors may not).
ADD_ROLES = {Role.AGENT, Role.DISPATCHER, Role.HANDLER, Role.UNIT_LEADER, Role.INSPECTOR}


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


def stored_name(upload) -> str:
    return get_valid_filename(PurePath(upload.name or "").name)[-100:] or "file"


def store(case: Case, checked, *, user=None, event=None) -> list[Attachment]:
    stored = []
    for upload, kind in checked:
        upload.seek(0)
        content = upload.read()
        digest = hashlib.sha256(content).hexdigest()
        name = stored_name(upload)
        attachment = Attachment(
            case=case, event=event, original_name=name, content_type=kind, size=len(content),
            sha256=digest, uploaded_by=user,
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def add(case: Case, files, *, actor: Actor) -> list[Attachment]:
    """Staff add files to a case they may see (outside a reply): checked before anything is
    written, stored with a timeline note (`attachments_added`) that the files point to."""
    if actor.role not in ADD_ROLES:
        raise Forbidden(_("Your role may not add files to a case."))
    checked = check(files)
    if not checked:
        raise Invalid(_("Choose a file."), field="file")
    with transaction.atomic():
        event = workflow.annotate(case, "attachments_added", actor=actor, data={"files": [
            {"name": stored_name(upload), "size": upload.size, "content_type": kind} for upload, kind in checked]})
        return store(case, checked, user=actor.user, event=event)
