from django.urls import path

from findings.views import lifecycle as views

urlpatterns = [
    path("uppfoljningar/", views.follow_ups, name="follow_ups"),
    path("<int:pk>/status/", views.finding_transition, name="finding_transition"),
]
