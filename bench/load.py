"""P6 and peak memory: gunicorn on loopback under wrk, and a Celery worker compiling summaries.

Throughput is measured at saturation (wrk, 20 connections, no pause): requests per second of
the findings list ÷ those of a view that does nothing, same server, same middleware, same
signed-in session. Latency is measured as 20 users would cause it (bench/users.py): each waits
0.5 to 1.5 s between pages, and the 95th percentile of all their answers is reported.
"""

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.users import paced_users

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = 3  # as the production image (Dockerfile) runs gunicorn
CONNECTIONS = 20
SECONDS = 10
ROUNDS = 3
LUA = Path(__file__).resolve().parent / "wrk_report.lua"


def _environment():
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BEHIND_TLS_PROXY": "true"}


def start_gunicorn():
    process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "los.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_environment(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)  # noqa: S310 — loopback
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def children(pid):
    """The process and all its descendants (gunicorn's workers, Celery's pool)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        path = task / "children"
        if path.exists():
            for child in path.read_text().split():
                found.extend(children(int(child)))
    return found


def peak_memory_mb(pid):
    """The largest peak resident set (VmHWM) among the process and its descendants."""
    peaks = []
    for each in children(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)))
    return round(max(peaks) / 1024, 1)


def wrk(path, cookie):
    """Run wrk against `path`; the Lua script prints requests/s, errors and latency percentiles."""
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--timeout",
        "10s",
        "-H",
        f"Cookie: sessionid={cookie}",
        "-H",
        "X-Forwarded-Proto: https",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{PORT}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    values = dict(item.split("=") for item in line.split()[1:])
    return {key: float(value) for key, value in values.items()}


def check_signed_in(path, cookie):
    """wrk counts a redirect to the sign-in page as a success: make sure the page answers 200."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"})
    status = connection.getresponse().status
    connection.close()
    if status != 200:
        raise RuntimeError(f"{path} answered {status} to the benchmark's session")


def _median_of(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def throughput_and_latency(list_path, cookie):
    """ROUNDS rounds of: the trivial view and the list at saturation, then 20 users on the list;
    each figure is the median of the rounds, and the rounds are kept."""
    check_signed_in(list_path, cookie)
    check_signed_in("/bench/ok/", cookie)
    rounds = [
        {
            "trivial_view": wrk("/bench/ok/", cookie),
            "findings_list_saturated": wrk(list_path, cookie),
            "findings_list_20_users": paced_users(PORT, list_path, cookie, users=CONNECTIONS, seconds=SECONDS),
        }
        for _ in range(ROUNDS)
    ]
    medians = {name: _median_of([each[name] for each in rounds]) for name in rounds[0]}
    return {
        "ratio": round(medians["findings_list_saturated"]["rps"] / medians["trivial_view"]["rps"], 3),
        **medians,
        "rounds": rounds,
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "pause_s": [0.5, 1.5],
        "gunicorn_workers": WORKERS,
    }


def start_celery_worker():
    """A real worker on the broker in CELERY_BROKER_URL, as docker-compose runs it."""
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "los", "worker", "-l", "warning", "--concurrency", "2"],
        cwd=ROOT,
        env=_environment(),
        start_new_session=True,
    )
