"""Writes a refused access to a guarded object (404 or 403 raised by the permission module)
to the access log, whatever the view."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import audit
from .models import AccessAction


class DeniedAccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404 | PermissionDenied):
            return None
        match = getattr(request, "resolver_match", None)
        # Only routes that name an object: an unknown path is not an attempt on a record.
        if match is None or "pk" not in match.kwargs:
            return None
        audit.record(
            AccessAction.DENIED,
            request=request,
            object_type=match.url_name or "",
            object_id=str(match.kwargs["pk"]),
            status_code=404 if isinstance(exception, Http404) else 403,
        )
        return None
