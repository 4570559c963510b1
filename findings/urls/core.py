from django.urls import path

from findings.views import findings as views

urlpatterns = [
    path("", views.finding_list, name="finding_list"),
    path("export.csv", views.finding_export, name="finding_export"),
    path("<int:pk>/", views.finding_detail, name="finding_detail"),
    path("<int:pk>/frislapp/", views.finding_release, name="finding_release"),
    path("<int:pk>/aterkalla/", views.finding_withdraw, name="finding_withdraw"),
]
