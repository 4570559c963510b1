"""The product's routes plus the benchmark's yardsticks, under /bench/ (never in the product).

- /bench/admin/findings/finding/: the Django admin changelist of findings, showing the same
  rows as the findings list (scoped by the same permission module) with the same columns and
  page size, so P2 compares our page with what the admin would do with the same query.
- /bench/ok/: a view that does nothing, through the same middleware (P6's yardstick).
"""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path

from findings.models import Finding
from findings.selectors import findings_readable
from los.urls import urlpatterns as product_urlpatterns

bench_admin = admin.AdminSite(name="bench_admin")


@admin.register(Finding, site=bench_admin)
class FindingChangelist(admin.ModelAdmin):
    list_display = ("created_at", "agency", "category", "premises", "status")
    list_select_related = ("agency", "category", "visit__premises")
    list_per_page = 50

    def get_queryset(self, request):
        return findings_readable(request.user)

    @admin.display(description="premises")
    def premises(self, finding):
        return finding.visit.premises.name

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/admin/", bench_admin.urls),
    path("bench/ok/", ok),
    *product_urlpatterns,
]
