from django.urls import path

from findings.views import evidence as views

urlpatterns = [
    path("<int:pk>/filer/ny/", views.evidence_add, name="evidence_add"),
    path("filer/<int:pk>/", views.evidence_download, name="evidence_download"),
]
