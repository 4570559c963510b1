"""The settings of the app server that the outage tests start: production's (los.settings, from
the environment), except that static files are named as in the other tests. The production
storage needs collectstatic first, which takes longer than the whole test."""

from los.settings import *  # noqa: F403
from los.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
