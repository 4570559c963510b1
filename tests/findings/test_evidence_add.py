"""Attaching a photo or PDF to a finding: the page, the service, and what is kept."""

import hashlib
import io
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from PIL import ExifTags, Image

from agencies.models import AccessAction, AccessLogEntry
from findings.evidence_files import NOT_ACCEPTED, TOO_LARGE
from findings.models import Evidence
from findings.services_evidence import evidence_add
from tests.clients import signed_in_client
from tests.findings.evidence_factories import *  # noqa: F403
from tests.findings.evidence_factories import jpeg_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

GENERATED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf)$")


def _url(finding):
    return reverse("evidence_add", kwargs={"pk": finding.pk})


def _stored_files(storage):
    root = Path(storage.location)
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_page_offers_camera_and_library_for_photos_and_pdfs(erik, eriks_finding, evidence_storage):
    response = signed_in_client(erik).get(_url(eriks_finding))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="image/jpeg,image/png,image/heic,image/heif,application/pdf"' in html
    assert "capture" not in html
    assert '<label for="id_upload">' in html


def test_erik_attaches_a_photo_stored_under_a_generated_name(erik, eriks_finding, evidence_storage):
    photo = jpeg_bytes()
    response = signed_in_client(erik).post(_url(eriks_finding), {"upload": upload(photo, name="kassan hageby.jpg")})

    assert response.status_code == 302
    assert response["Location"] == reverse("finding_detail", kwargs={"pk": eriks_finding.pk})
    evidence = Evidence.objects.get()
    assert GENERATED_NAME.match(evidence.stored_name)
    assert "kassan" not in evidence.stored_name
    assert _stored_files(evidence_storage) == [evidence.stored_name]
    kept = Path(evidence_storage.path(evidence.stored_name)).read_bytes()
    assert kept != photo  # re-encoded, not the uploaded bytes
    assert (evidence.size, evidence.sha256) == (len(kept), hashlib.sha256(kept).hexdigest())
    assert (evidence.content_type, evidence.original_name) == ("image/jpeg", "kassan hageby.jpg")
    assert evidence.uploaded_by == erik
    log = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    # The row names the new file, under the finding's agency and collaboration.
    assert (log.username, log.object_type, log.object_id) == ("erik", "findings.evidence", str(evidence.pk))
    assert (log.object_agency_id, log.collaboration_id) == (eriks_finding.agency_id, eriks_finding.collaboration_id)


def test_a_pdf_is_attached_as_uploaded(erik, eriks_finding, evidence_storage):
    response = signed_in_client(erik).post(_url(eriks_finding), {"upload": upload(pdf_bytes(), "beslut.pdf", "x/y")})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.stored_name.endswith(".pdf")
    assert Path(evidence_storage.path(evidence.stored_name)).read_bytes() == pdf_bytes()


def test_the_photo_that_is_kept_has_no_gps_position(erik, eriks_finding, evidence_storage):
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (58.0, 35.0, 1.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(buffer, format="JPEG", exif=exif)
    signed_in_client(erik).post(_url(eriks_finding), {"upload": upload(buffer.getvalue())})
    evidence = Evidence.objects.get()
    with Image.open(evidence_storage.path(evidence.stored_name)) as kept:
        assert not kept.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in kept.info


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><body><script>alert(1)</script></body></html>", "bild.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "ritning.png"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "bild.gif"),
        (b"PK\x03\x04" + b"\x00" * 30, "bilder.pdf"),
        (b"", "tom.jpg"),
    ],
    ids=["html-renamed-jpg", "svg", "gif", "zip", "empty"],
)
def test_a_file_that_is_no_photo_or_pdf_is_refused_at_the_field(erik, eriks_finding, evidence_storage, content, name):
    response = signed_in_client(erik).post(_url(eriks_finding), {"upload": upload(content, name, "image/jpeg")})
    assert response.status_code == 400
    assert response.context["form"].errors == {"upload": [str(NOT_ACCEPTED)]}
    assert '<a href="#id_upload">' in response.content.decode()
    assert not Evidence.objects.exists()
    assert _stored_files(evidence_storage) == []


def test_an_empty_form_is_answered_with_the_fields_message(erik, eriks_finding, evidence_storage):
    response = signed_in_client(erik).post(_url(eriks_finding), {})
    assert response.status_code == 400
    assert response.context["form"].errors == {"upload": ["Choose the photo or PDF to attach."]}


def test_a_21_mb_file_is_refused_and_nothing_is_stored(erik, eriks_finding, evidence_storage):
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (21 * 1024 * 1024)
    response = signed_in_client(erik).post(_url(eriks_finding), {"upload": upload(big, "stor.jpg")})
    assert response.status_code == 400
    assert response.context["form"].errors == {"upload": [str(TOO_LARGE)]}
    assert not Evidence.objects.exists()
    assert _stored_files(evidence_storage) == []


def test_a_body_far_above_the_limit_is_refused_unread(erik, eriks_finding, evidence_storage):
    with mock.patch.object(MultiPartParser, "parse", side_effect=AssertionError("the body was read")):
        response = signed_in_client(erik).post(
            _url(eriks_finding), {"upload": upload(jpeg_bytes())}, CONTENT_LENGTH=str(30_000_000)
        )
    assert response.status_code == 413
    assert str(TOO_LARGE) in response.content.decode()
    assert '<a href="#id_upload">' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(erik, eriks_finding, evidence_storage):
    client = Client(enforce_csrf_checks=True)
    client.force_login(erik)
    assert client.post(_url(eriks_finding), {"upload": upload(jpeg_bytes())}).status_code == 403
    token = str(client.get(_url(eriks_finding)).context["csrf_token"])
    response = client.post(_url(eriks_finding), {"upload": upload(jpeg_bytes()), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(("who", "status"), [("farah", 403), ("anna", 403), ("petra", 404)])
def test_only_the_owning_agencys_inspectors_attach(request, eriks_finding, evidence_storage, who, status):
    client = signed_in_client(request.getfixturevalue(who))
    assert client.get(_url(eriks_finding)).status_code == status
    assert client.post(_url(eriks_finding), {"upload": upload(jpeg_bytes())}).status_code == status
    assert not Evidence.objects.exists()


def test_the_agency_admin_reads_but_does_not_attach(eriks_finding, sara, evidence_storage):
    with pytest.raises(PermissionDenied):
        evidence_add(finding=eriks_finding, by=sara, upload=upload(jpeg_bytes()))
    assert _stored_files(evidence_storage) == []


def test_a_failed_row_leaves_no_file(erik, eriks_finding, evidence_storage):
    with (
        mock.patch("findings.services_evidence.audit.record", side_effect=RuntimeError("database gone")),
        pytest.raises(RuntimeError),
    ):
        evidence_add(finding=eriks_finding, by=erik, upload=upload(png_bytes(), "a.png"))
    assert not Evidence.objects.exists()
    assert _stored_files(evidence_storage) == []


def test_a_writer_who_could_no_longer_read_the_finding_keeps_neither_row_nor_file(
    erik, eriks_finding, evidence_storage
):
    # After the write the writer must still read the finding; here the check says no.
    with (
        mock.patch("agencies.permissions.may_read_finding", return_value=False),
        pytest.raises(PermissionDenied),
    ):
        evidence_add(finding=eriks_finding, by=erik, upload=upload(png_bytes(), "a.png"))
    assert not Evidence.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()
    assert _stored_files(evidence_storage) == []


def test_a_failed_file_write_leaves_no_row(erik, eriks_finding, evidence_storage):
    with (
        mock.patch.object(type(evidence_storage), "_save", side_effect=OSError("disk full")),
        pytest.raises(OSError, match="disk full"),
    ):
        evidence_add(finding=eriks_finding, by=erik, upload=upload(png_bytes(), "a.png"))
    assert not Evidence.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.CREATE).exists()


def test_it_will_not_run_inside_a_transaction_that_could_roll_back_after_the_file_is_written(
    erik, eriks_finding, evidence_storage
):
    with pytest.raises(RuntimeError), transaction.atomic():
        evidence_add(finding=eriks_finding, by=erik, upload=upload(png_bytes(), "a.png"))
    assert _stored_files(evidence_storage) == []


def test_heic_from_a_phone_is_stored_as_jpeg(erik, eriks_finding, evidence_storage):
    pytest.importorskip("pillow_heif")
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(buffer, format="HEIF")
    response = signed_in_client(erik).post(
        _url(eriks_finding), {"upload": upload(buffer.getvalue(), "IMG_0001.HEIC", "image/heic")}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/jpeg" and evidence.stored_name.endswith(".jpg")
    assert evidence.original_name == "IMG_0001.HEIC"
    with Image.open(evidence_storage.path(evidence.stored_name)) as kept:
        assert (kept.format, kept.size) == ("JPEG", (32, 24))


def test_the_configured_evidence_folder_is_outside_static_files_and_served_by_no_url():
    evidence = django_settings.STORAGES["evidence"]["OPTIONS"]
    location = Path(evidence["location"]).resolve()
    public = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    for folder in public:
        assert not location.is_relative_to(folder.resolve())
    with pytest.raises(Resolver404):
        resolve(evidence["base_url"] + "0123456789abcdef0123456789abcdef.jpg")
