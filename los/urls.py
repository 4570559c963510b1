from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("agencies.urls")),
    path("iakttagelser/", include("findings.urls")),
    path("besok/", include("findings.urls.visits")),
    path("lokaler/", include("inspections.urls.imports")),
    path("lokaler/", include("inspections.urls.premises")),
    path("insatser/", include("inspections.urls.operations")),
    path("insatser/", include("inspections.urls.candidates")),
    path("insatser/", include("reports.urls")),
    path("sammanstallningar/", include("reports.urls.summaries")),
    path("siffror/", include("reports.urls.dashboard")),
    path("kalender/", include("inspections.urls.calendar")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# A database that cannot be reached answers 503 with a page that needs no database.
handler500 = "los.errors.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
