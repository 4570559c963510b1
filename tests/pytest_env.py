"""Loaded as a pytest plugin before Django's settings, so the test environment is set first.

Tests run with DEBUG off, as production does. DATABASE_URL and CELERY_BROKER_URL come from
the caller (CI points them at PostgreSQL and Redis); without them SQLite and eager jobs are used.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made beside it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Two-factor sign-in is on in production; the tests of it turn it on themselves.
os.environ.setdefault("LOS_REQUIRE_2FA", "false")
# Uploaded evidence goes to a folder of this run, never into the project's media folder.
if "MEDIA_ROOT" not in os.environ:
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="los-test-media-")
    atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], ignore_errors=True)
