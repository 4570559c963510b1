"""The catalogues in the admin: categories of findings, actions per agency kind, trafficking indicators.

Only the catalogues are here. Findings, ledger entries, evidence and releases are case data
under secrecy, and support staff who use the admin must not read them, so they are not registered.

Entries are never deleted: findings point at their category (PROTECT) and a published summary
must still name it. An entry that should no longer be offered is retired by unticking "in use".
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ActionOption, Category, Indicator

RETIRE_HELP = _(
    "Entries are not deleted, since recorded findings and published summaries refer to them. "
    "Untick “in use” to stop offering an entry to the inspectors."
)


class CatalogueAdmin(admin.ModelAdmin):
    """Shared by the three catalogues: no deleting, and the help that says why."""

    actions = None

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": RETIRE_HELP})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, {**(extra_context or {}), "subtitle": RETIRE_HELP})


@admin.register(Category)
class CategoryAdmin(CatalogueAdmin):
    list_display = (
        "code",
        "agency_kind",
        "name",
        "name_en",
        "severity",
        "position",
        "is_active",
        "asks_count",
        "uses_indicators",
    )
    list_display_links = ("code",)
    list_editable = ("name", "name_en", "severity", "position", "is_active", "asks_count", "uses_indicators")
    list_filter = ("agency_kind", "is_active", "asks_count", "uses_indicators")
    search_fields = ("code", "name", "name_en")
    ordering = ("agency_kind", "position", "code")

    def get_readonly_fields(self, request, obj=None):
        # Moving a used category to another agency's catalogue would hand its findings over.
        return ("agency_kind", "code") if obj is not None else ()


@admin.register(ActionOption)
class ActionOptionAdmin(CatalogueAdmin):
    list_display = ("__str__", "agency_kind", "action", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("agency_kind", "action", "is_active")
    ordering = ("agency_kind", "position", "action")

    def get_readonly_fields(self, request, obj=None):
        return ("agency_kind", "action") if obj is not None else ()


@admin.register(Indicator)
class IndicatorAdmin(CatalogueAdmin):
    list_display = ("code", "name", "name_en", "position", "is_active")
    list_display_links = ("code",)
    list_editable = ("name", "name_en", "position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()
