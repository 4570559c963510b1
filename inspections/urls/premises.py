"""Routes: premises register and signals (included at "lokaler/")."""

from django.urls import path

from ..views import premises, signals

urlpatterns = [
    path("", premises.premises_list, name="premises_list"),
    path("ny/", premises.premises_create, name="premises_create"),
    path("kontrollera-falt/", premises.premises_check_field, name="premises_check_field"),
    path("<int:pk>/", premises.premises_detail, name="premises_detail"),
    path("<int:pk>/andra/", premises.premises_edit, name="premises_edit"),
    path("<int:pk>/handelser/ny/", signals.signal_create, name="signal_create"),
]
