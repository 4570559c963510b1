from django.urls import path

from findings.views import ledger as views

urlpatterns = [
    path("<int:pk>/belopp/ny/", views.ledger_entry_add, name="ledger_entry_add"),
    path("<int:pk>/belopp/<int:entry_pk>/ratta/", views.ledger_entry_correct, name="ledger_entry_correct"),
]
