"""The access log, for the agency admin: rows about their agency's records and people.

Reading the page is not itself logged (it would bury the log in its own reads); every export
is. Neither route accepts a POST.
"""

import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from los.csv_safe import safe_row

from .. import audit, permissions
from ..forms_access_log import AccessLogFilterForm
from ..models import AccessAction, AccessLogEntry, User

PAGE_SIZE = 50
EXPORT_CHUNK = 2000


def _administered_scopes(user):
    """The admin's {collaboration id: {agency ids}}; 404 for anyone else, so the log's
    address reveals nothing to people who may not read it."""
    scopes = permissions.administered_agency_scopes(user)
    if not scopes:
        raise Http404
    return scopes


def _visible_rows(form, user):
    return permissions.access_log_visible_to(form.filter(AccessLogEntry.objects.all()), user)


def _invalid(request, form):
    return render(request, "agencies/access_log.html", {"form": form}, status=400)


@login_required
@require_GET
@never_cache
def access_log(request):
    _administered_scopes(request.user)
    form = AccessLogFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    page = Paginator(_visible_rows(form, request.user), PAGE_SIZE).get_page(request.GET.get("sida"))
    rows = list(page.object_list)
    # One query for the names on this page, whatever its length.
    user_ids = {row.user_id for row in rows if row.user_id is not None}
    names = {user.pk: user.get_full_name() for user in User.objects.filter(pk__in=sorted(user_ids))}
    for row in rows:
        row.full_name = names.get(row.user_id, "")
    return render(request, "agencies/access_log.html", {"form": form, "page": page, "rows": rows})


class _Echo:
    """A file-like object whose write returns the line, for streaming the CSV writer's output."""

    def write(self, value):
        return value


def _csv_lines(rows):
    """The CSV, line by line. Texts are translated here, in the request's language: the
    lines themselves are written after the view has returned."""
    heading = [
        _("Time (Swedish time)"),
        _("Time (UTC)"),
        _("Username"),
        _("User id"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Owning agency id"),
        _("IP address"),
        _("Answer"),
    ]
    labels = {value: str(label) for value, label in AccessAction.choices}
    return _write_csv(rows, heading, labels)


def _write_csv(rows, heading, labels):
    local = timezone.get_default_timezone()
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # Excel needs the byte order mark to read UTF-8.
    yield writer.writerow(safe_row(heading))
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow(
            safe_row(
                [
                    row.at.astimezone(local).strftime("%Y-%m-%d %H:%M:%S"),
                    row.at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    row.username,
                    row.user_id,
                    labels.get(row.action, row.action),
                    row.object_type,
                    row.object_id,
                    row.object_agency_id,
                    row.ip_address,
                    row.status_code,
                ]
            )
        )


@login_required
@require_GET
@never_cache
def access_log_export(request):
    scopes = _administered_scopes(request.user)
    form = AccessLogFilterForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    rows = _visible_rows(form, request.user)
    agency_ids = set().union(*scopes.values())
    only_agency = next(iter(agency_ids)) if len(agency_ids) == 1 else None
    only_collaboration = next(iter(scopes)) if len(scopes) == 1 else None
    audit.record(
        AccessAction.EXPORT,
        request=request,
        object_type="access_log",
        object_agency_id=only_agency,
        agency_id=only_agency,
        collaboration_id=only_collaboration,
    )
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="atkomstlogg-{stamp}.csv"'
    return response
