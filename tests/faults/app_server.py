"""The app served by gunicorn in a process of its own, as in production, with DEBUG off."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from .plain_http import PlainHttpBrowser

GUNICORN = Path(sys.executable).parent / "gunicorn"
START_SECONDS = 45


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServer:
    """`gunicorn los.wsgi` on 127.0.0.1 with the given DATABASE_URL, logging to `log`."""

    def __init__(self, *, database_url, log, media_root):
        self.port = free_port()
        self.log = Path(log)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "LOS_REQUIRE_2FA": "false",
            "MEDIA_ROOT": str(media_root),
        }
        # The database is what these tests take away; /healthz then names it alone.
        env.pop("CELERY_BROKER_URL", None)
        command = [str(GUNICORN), "los.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
        command += ["--timeout", "30", "--graceful-timeout", "5", "--error-logfile", "-"]
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 — our own command line
                command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_until_serving(self):
        probe = PlainHttpBrowser(self.port)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped at start:\n{self.log_tail()}")
            try:
                probe.get("/healthz")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start in {START_SECONDS} s:\n{self.log_tail()}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log_tail(self):
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""
