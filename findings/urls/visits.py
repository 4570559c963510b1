from django.urls import path

from findings.views import record, visits

urlpatterns = [
    path("", visits.my_visits, name="my_visits"),
    path("<int:pk>/", visits.visit_work, name="visit_work"),
    path("<int:pk>/ny-iakttagelse/", record.finding_record, name="finding_record"),
    path("<int:pk>/ny-iakttagelse/falt/", record.finding_record_fields, name="finding_record_fields"),
]
