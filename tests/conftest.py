import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses the manifest storage, which needs collectstatic first; tests don't.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
