"""Routes: candidates (the risk-ranked premises for an operation), under "insatser/"."""

from django.urls import path

from ..views import candidates

urlpatterns = [
    path("<int:pk>/kandidater/", candidates.operation_candidates, name="operation_candidates"),
]
