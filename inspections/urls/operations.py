"""Routes: operations and their visits (included at "insatser/")."""

from django.urls import path

from ..views import operations, visits

urlpatterns = [
    path("", operations.operation_list, name="operation_list"),
    path("ny/", operations.operation_create, name="operation_create"),
    path("<int:pk>/", operations.operation_detail, name="operation_detail"),
    path("<int:pk>/andra/", operations.operation_edit, name="operation_edit"),
    path("<int:pk>/status/", operations.operation_status, name="operation_status"),
    path("<int:pk>/sok-lokal/", operations.operation_premises_search, name="operation_premises_search"),
    path("<int:pk>/besok/ny/", visits.visit_add, name="visit_add"),
    path("besok/<int:pk>/flytta/", visits.visit_move, name="visit_move"),
    path("besok/<int:pk>/ta-bort/", visits.visit_remove, name="visit_remove"),
    path("besok/<int:pk>/utfall/", visits.visit_outcome, name="visit_outcome"),
]
