"""Matrix rows for the imports routes: the coordinators of the import's collaboration only."""

from django.core.files.uploadedfile import SimpleUploadedFile

from .route import COORDINATOR_ONLY, Route


def _import(w, t):
    return {"pk": w.imports[t].pk}


def _one_row_file():
    return SimpleUploadedFile("lokaler.csv", b"namn;typ;adress;postnummer\nKiosken;kiosk;Gatan 1;602 21\n")


ROUTES = {
    "premises_import_upload": (
        Route(expect={"coordinator": 200}),
        Route(method="post", expect={"coordinator": 302}, data=lambda w, t: {"file": _one_row_file()}),
    ),
    "premises_import_preview": Route(expect=COORDINATOR_ONLY, kwargs=_import),
    # The World's imports have no rows: confirming one writes nothing and goes to the register.
    "premises_import_commit": Route(
        method="post",
        expect={"coordinator": {"own": 302, "other_agency": 302, "other_collaboration": 404}},
        kwargs=_import,
    ),
    "premises_import_errors": Route(expect=COORDINATOR_ONLY, kwargs=_import),
}
