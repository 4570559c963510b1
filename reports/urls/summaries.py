"""Routes: half-year summaries, their lifecycle, their job's progress and their files."""

from django.urls import path

from ..views import summaries, summary_confirm, summary_steps

urlpatterns = [
    path("", summaries.summary_list, name="summary_list"),
    path("<int:pk>/", summaries.summary_detail, name="summary_detail"),
    path("<int:pk>/forlopp/", summaries.summary_progress, name="summary_progress"),
    path("<int:pk>/sammanstallning.pdf", summaries.summary_pdf, name="summary_pdf"),
    path("<int:pk>/pressmeddelande.txt", summaries.summary_press_release, name="summary_press_release"),
    path("<int:pk>/text/", summary_steps.summary_texts, name="summary_texts"),
    path("<int:pk>/skicka/", summary_steps.summary_send, name="summary_send"),
    path("<int:pk>/utkast/", summary_steps.summary_back_to_draft, name="summary_back_to_draft"),
    path("<int:pk>/godkann/", summary_steps.summary_approve, name="summary_approve"),
    path("<int:pk>/publicera/", summary_steps.summary_publish, name="summary_publish"),
    path("<int:pk>/forsok-igen/", summary_steps.summary_retry, name="summary_retry"),
    path("<int:pk>/bekrafta/", summary_confirm.summary_confirm, name="summary_confirm"),
]
