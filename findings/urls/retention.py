from django.urls import path

from findings.views import retention as views

urlpatterns = [
    path("gallring/", views.retention_periods, name="retention"),
]
