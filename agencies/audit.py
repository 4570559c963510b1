"""Writes the access log. Every read of a finding's details, every change, release, export,
refused access and sign-in goes through `record`, and nothing else writes the table."""

import ipaddress

from .models import AccessLogEntry


def client_ip(request):
    """The address the request came from. Behind the TLS proxy REMOTE_ADDR is the proxy's;
    the proxy is trusted for X-Forwarded-For only when BEHIND_TLS_PROXY is on."""
    if request is None:
        return None
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return _valid_ip(forwarded.split(",")[-1])
    return _valid_ip(request.META.get("REMOTE_ADDR"))


def _valid_ip(value):
    # The column takes addresses only; anything else (a socket path, a port suffix, a
    # forged header) must not make the write, and so the request, fail.
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def _printable(text, length):
    # NUL and other control characters are refused by PostgreSQL or garble a CSV export.
    text = "" if text is None else str(text)
    return "".join(ch for ch in text if ch.isprintable())[:length]


def record(
    action,
    *,
    request=None,
    user=None,
    obj=None,
    object_type="",
    object_id="",
    object_agency_id=None,
    agency_id=None,
    collaboration_id=None,
    username="",
    status_code=None,
):
    """Appends one row. `obj` fills the object fields: its model label, pk, owning agency and
    collaboration (when it has `agency_id` / `collaboration_id`). Never pass free text."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_agency_id = object_agency_id or getattr(obj, "agency_id", None)
        collaboration_id = collaboration_id or getattr(obj, "collaboration_id", None)
    return AccessLogEntry.objects.create(
        action=action,
        user_id=user.pk if user else None,
        username=_printable(user.get_username() if user else username, 150),
        agency_id=agency_id,
        collaboration_id=collaboration_id,
        object_type=_printable(object_type, 60),
        object_id=_printable(object_id, 40),
        object_agency_id=object_agency_id,
        ip_address=client_ip(request),
        status_code=status_code,
    )


def record_finding_reads(action, *, request, findings):
    """One row per finding whose details a page or file showed, in one insert.

    `findings` carry finding_id, agency_id and collaboration_id, so the owning agency's admin
    sees in the log that its findings were read, and by whom."""
    user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    ip_address = client_ip(request)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            action=action,
            user_id=user.pk if user else None,
            username=_printable(user.get_username() if user else "", 150),
            collaboration_id=finding.collaboration_id,
            object_type="findings.finding",
            object_id=str(finding.finding_id),
            object_agency_id=finding.agency_id,
            ip_address=ip_address,
        )
        for finding in findings
    )
