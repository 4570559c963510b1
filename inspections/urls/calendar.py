"""Routes: calendar."""

from django.urls import path

from ..views import calendar

urlpatterns = [
    path("", calendar.calendar, name="calendar"),
]
