"""Twenty users on the findings list: each asks for the page, reads it for 0.5–1.5 s, asks again.

Written out rather than done with wrk's `delay`, because wrk opens its next connection before
the pause and holds it idle: a gunicorn sync worker accepts it and then waits, idle, for the
request (in production a buffering proxy in front spares the workers that). A user here opens
the connection when they click, as a browser does.
"""

import http.client
import random
import statistics
import threading
import time


def _percentile(ordered, share):
    return ordered[max(0, round(share * len(ordered)) - 1)]


def paced_users(port, path, cookie, *, users=20, seconds=15, pause=(0.5, 1.5)):
    """Requests/s, errors and latency percentiles (ms) of `users` users for `seconds` seconds."""
    latencies, errors, lock = [], [], threading.Lock()
    headers = {"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"}
    deadline = time.monotonic() + seconds

    def user(number):
        chance = random.Random(number)  # noqa: S311 — pauses of a simulated user, not a secret
        time.sleep(chance.uniform(0, pause[1]))  # the users do not all start at once
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                connection.close()
            with lock:
                (latencies if ok else errors).append(time.perf_counter() - started)
            time.sleep(chance.uniform(*pause))

    threads = [threading.Thread(target=user, args=(number,)) for number in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies) or [0.0]
    return {
        "rps": round(len(latencies) / seconds, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(_percentile(ordered, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(ordered, 0.99) * 1000, 1),
    }
