"""Routes: the running figures of the half-year, and the CSV exports."""

from django.urls import path

from ..views import dashboard, exports

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sammanstallning-<int:pk>.csv", exports.summary_figures_csv, name="summary_figures_csv"),
    path("egna-uppgifter/", exports.own_records, name="own_records"),
    path("egna-uppgifter.csv", exports.own_records_csv, name="own_records_csv"),
]
