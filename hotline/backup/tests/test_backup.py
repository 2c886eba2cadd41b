"""`hotline backup` / `hotline restore` round-trip the database and the attachments."""

import io
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from hotline.cases import workflow
from hotline.cases.actors import Actor
from hotline.cases.models import Attachment, Case, CaseEvent
from hotline.privacy.models import ExportLog
from hotline.testing import new_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_round_trip_with_attachments(city, media, tmp_path):
    case = new_case(city)
    attachment = Attachment(case=case, original_name="photo.png", content_type="image/png", size=len(PNG),
                            sha256="ab" * 32)
    attachment.file.save("photo.png", ContentFile(PNG), save=True)
    archive = tmp_path / "b.tar.gz"
    out = io.StringIO()
    call_command("backup", out=str(archive), stdout=out)
    assert "1 cases" in out.getvalue()
    log = ExportLog.objects.get()  # an unmasked copy of everything left the platform: on the auditor's list
    assert (log.kind, log.masked, log.rows, log.actor, log.filters) == ("backup", False, 1, None, {"path": str(archive)})

    # Life goes on after the backup: a new case and a signature.
    workflow.perform(case, "sign", actor=Actor.staff(city.market_handler))
    new_case(city, title="备份之后的新工单")
    (media / attachment.file.name).unlink()
    assert Case.objects.count() == 2

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert Case.objects.count() == 1
    restored = Case.objects.get()
    assert restored.status == "dispatched" and restored.citizen_phone == "13812341234"
    assert list(CaseEvent.objects.values_list("verb", flat=True)) == ["register", "dispatch"]
    assert (media / Attachment.objects.get().file.name).read_bytes() == PNG
    assert ExportLog.objects.filter(kind="backup").count() == 1  # the restored database remembers it


@pytest.mark.django_db(transaction=True)
def test_damaged_archive_is_refused_and_changes_nothing(city, media, tmp_path):
    new_case(city)
    archive = tmp_path / "b.tar.gz"
    call_command("backup", out=str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("database"):
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    new_case(city, title="second")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), yes=True, stdout=io.StringIO())
    assert Case.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_fails_is_not_logged_as_an_export(city, media, tmp_path):
    new_case(city)
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(CommandError):
        call_command("backup", out=str(tmp_path / "file" / "b.tar.gz"), stdout=io.StringIO())
    assert not ExportLog.objects.exists()
