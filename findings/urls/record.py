from django.urls import path

from findings.views import record

urlpatterns = [
    path("<int:pk>/andra/", record.finding_edit, name="finding_edit"),
    path("<int:pk>/andra/falt/", record.finding_edit_fields, name="finding_edit_fields"),
]
