from django.urls import path

from ..views import legal_grounds

urlpatterns = [
    path("", legal_grounds.legal_ground_list, name="legal_ground_list"),
    path("<int:pk>/vaxla/", legal_grounds.legal_ground_toggle, name="legal_ground_toggle"),
]
