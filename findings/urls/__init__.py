"""The findings routes under /iakttagelser/, one module per area."""

from django.urls import include, path

urlpatterns = [
    path("", include("findings.urls.record")),
    path("", include("findings.urls.lifecycle")),
    path("", include("findings.urls.ledger")),
    path("", include("findings.urls.evidence")),
    path("", include("findings.urls.referrals")),
    path("", include("findings.urls.retention")),
    path("", include("findings.urls.core")),
]
