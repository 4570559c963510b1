"""The main menu: only links the signed-in user may follow."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies import permissions
from agencies.models import Role

# (url name, label, roles that see the link)
MENU = [
    ("home", _("Start"), None),
    ("premises_list", pgettext_lazy("main menu", "Premises"), permissions.PLANNING_ROLES),
    ("operation_list", _("Operations"), permissions.CASE_ROLES),
    ("calendar", _("Calendar"), permissions.CASE_ROLES),
    ("my_visits", _("My visits"), permissions.FINDING_WRITER_ROLES),
    ("finding_list", _("Findings"), permissions.CASE_ROLES),
    ("follow_ups", _("Follow-ups"), permissions.FINDING_OWNER_ROLES),
    ("referral_list", _("Referrals"), permissions.FINDING_OWNER_ROLES),
    ("dashboard", _("Figures"), permissions.AGGREGATE_ROLES),
    ("summary_list", _("Summaries"), permissions.AGGREGATE_ROLES | {Role.AGENCY_ADMIN}),
    ("own_records", _("Export records"), {Role.AGENCY_ADMIN}),
    ("people", _("People"), {Role.AGENCY_ADMIN}),
    ("legal_ground_list", _("Legal grounds"), {Role.AGENCY_ADMIN}),
    ("access_log", _("Access log"), {Role.AGENCY_ADMIN}),
    ("retention", _("Retention"), permissions.PLANNING_ROLES),
    ("account", _("My account"), None),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    roles = permissions.roles_of(user)
    path = request.path
    items = []
    for name, label, allowed in MENU:
        if allowed is not None and not roles & set(allowed):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": False})
    # The page belongs to the longest menu address it starts with: /iakttagelser/uppfoljningar/
    # is Follow-ups, not Findings.
    matching = [item for item in items if item["url"] == path or (item["url"] != "/" and path.startswith(item["url"]))]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["current"] = True
    return {"menu": items}
