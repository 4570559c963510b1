"""Attaching evidence files to a finding."""

import hashlib
import os
import unicodedata
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from agencies import audit, permissions
from agencies.models import AccessAction

from . import evidence_files
from .models import MAX_EVIDENCE_BYTES, Evidence

ORIGINAL_NAME_LENGTH = Evidence._meta.get_field("original_name").max_length


def evidence_add(*, finding, by, upload, request=None):
    """Attach an uploaded photo or PDF to the finding: its kind read from its content, a picture
    stored re-encoded without metadata, under a generated name."""
    if not permissions.may_change_finding(by, finding):
        raise PermissionDenied
    stored = _prepare(upload)
    storage = storages["evidence"]
    stored_name = storage.save(f"{uuid.uuid4().hex}{stored.extension}", ContentFile(stored.content))
    # A file write cannot be rolled back, so the row gets a transaction of its own (durable: no
    # caller's transaction may enclose it and roll back later) and the file goes if it fails.
    try:
        with transaction.atomic(durable=True):
            evidence = Evidence.objects.create(
                finding=finding,
                stored_name=stored_name,
                content_type=stored.content_type,
                size=len(stored.content),
                sha256=hashlib.sha256(stored.content).hexdigest(),
                original_name=clean_original_name(getattr(upload, "name", "")),
                uploaded_by=by,
            )
            audit.record(
                AccessAction.CREATE,
                request=request,
                user=by,
                obj=evidence,
                object_agency_id=finding.agency_id,
                collaboration_id=finding.collaboration_id,
            )
            # Checked before the file is kept: a refusal rolls the row back and removes the file.
            permissions.ensure_still_readable(by, finding)
    except BaseException:
        storage.delete(stored_name)
        raise
    return evidence


def _prepare(upload):
    # The declared size is checked before the file is read, so a huge upload is not read at all.
    if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"upload": evidence_files.TOO_LARGE})
    upload.seek(0)
    data = upload.read(MAX_EVIDENCE_BYTES + 1)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"upload": evidence_files.TOO_LARGE})
    try:
        stored = evidence_files.prepare(data)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.error_list}) from None
    # A re-encoded picture can come out larger than the upload was.
    if len(stored.content) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"upload": evidence_files.TOO_LARGE})
    return stored


def clean_original_name(name):
    """The uploader's file name, fit to show: no folders, no control or direction-changing
    characters, at most the column's length with the extension kept."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/")
    name = os.path.basename(name)
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) <= ORIGINAL_NAME_LENGTH:
        return name
    stem, extension = os.path.splitext(name)
    if len(extension) > 10:
        extension = ""
    return stem[: ORIGINAL_NAME_LENGTH - len(extension)] + extension
