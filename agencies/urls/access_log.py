from django.urls import path

from ..views import access_log

urlpatterns = [
    path("", access_log.access_log, name="access_log"),
    path("export.csv", access_log.access_log_export, name="access_log_export"),
]
