"""Files for the evidence tests, made by Pillow in the test, and a storage of the test's own.

Test modules import this with `import *`, as the conftests do with tests/fixtures.py.
"""

import hashlib
import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from findings.models import Evidence, EvidenceKind
from tests.findings.factories import tax_finding

__all__ = [
    "eriks_finding",
    "evidence_storage",
    "jpeg_bytes",
    "png_bytes",
    "pdf_bytes",
    "stored_evidence",
    "upload",
]

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def evidence_storage(settings, tmp_path):
    """The evidence storage, in a folder of this test."""
    evidence = django_settings.STORAGES["evidence"]
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**evidence, "OPTIONS": {**evidence["OPTIONS"], "location": str(tmp_path / "evidence")}},
    }
    return storages["evidence"]


@pytest.fixture
def eriks_finding(visit, skatteverket, erik):
    """erik's tax finding at the Hageby visit, the one the files are attached to."""
    return tax_finding(visit, skatteverket, created_by=erik)


def jpeg_bytes(size=(40, 30), color=(200, 30, 30), **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG", **save)
    return buffer.getvalue()


def png_bytes(size=(40, 30), color=(30, 30, 200), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format="PNG", **save)
    return buffer.getvalue()


def pdf_bytes():
    return PDF_BYTES


def upload(content, name="bild.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_evidence(finding, *, by=None, original_name="bild.png", content=None, stored_name=None):
    """A row and its file in the evidence storage, without the service (no permission asked).

    A `stored_name` already written with the same bytes is used again: the rows go with each
    test's transaction, the files stay, and a test run should not leave thousands of them.
    Refuses to write inside the project: tests must keep their files in a temporary folder."""
    storage = storages["evidence"]
    location = Path(storage.location).resolve()
    if location.is_relative_to(Path(django_settings.BASE_DIR).resolve()):
        raise RuntimeError(f"The evidence storage of the tests is inside the project: {location}")
    content = png_bytes() if content is None else content
    name = stored_name or f"{uuid.uuid4().hex}.png"
    if not (storage.exists(name) and Path(storage.path(name)).read_bytes() == content):
        name = storage.save(name, ContentFile(content))
    return Evidence.objects.create(
        finding=finding,
        stored_name=name,
        content_type=EvidenceKind.PNG,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=original_name,
        uploaded_by=by,
    )
