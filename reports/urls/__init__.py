"""Routes: briefing sheets."""

from django.urls import path

from ..views import briefing

urlpatterns = [
    path("<int:pk>/genomgang/", briefing.briefing_sheet, name="briefing_sheet"),
    path("<int:pk>/genomgang.pdf", briefing.briefing_pdf, name="briefing_pdf"),
]
