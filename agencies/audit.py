"""Writes the access log. Every read of a finding's details, every change, release, export,
refused access and sign-in goes through `record`, and nothing else writes the table."""

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
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


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
        username=(user.get_username() if user else username)[:150],
        agency_id=agency_id,
        collaboration_id=collaboration_id,
        object_type=object_type,
        object_id=str(object_id)[:40],
        object_agency_id=object_agency_id,
        ip_address=client_ip(request),
        status_code=status_code,
    )
