"""Routes: imports (included at "lokaler/")."""

from django.urls import path

from ..views import imports

urlpatterns = [
    path("import/", imports.premises_import_upload, name="premises_import_upload"),
    path("import/<int:pk>/", imports.premises_import_preview, name="premises_import_preview"),
    path("import/<int:pk>/bekrafta/", imports.premises_import_commit, name="premises_import_commit"),
    path("import/<int:pk>/fel.csv", imports.premises_import_errors, name="premises_import_errors"),
]
