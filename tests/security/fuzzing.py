"""Sending a generated submission the way a browser would, and judging the answer.

Bodies and query strings are encoded here rather than by the test client, because the client
refuses what a hostile browser can still send: lone surrogates (invalid UTF-8) and raw bytes.
Each example runs in a savepoint that is rolled back, so every example starts from the same world
and one example's save cannot hide a page from the next.
"""

import os
import traceback
from urllib.parse import quote_from_bytes, urlsplit

from django.db import transaction
from hypothesis import HealthCheck, Phase, example, given, settings

from .crawl import body_text, is_csv, is_html
from .payloads import formula_cells, unescaped_payloads
from .strategies import Upload

# Few examples per form, over many forms: CI runs each form a handful of times, reproducibly.
EXAMPLES = int(os.environ.get("LOS_FUZZ_EXAMPLES", "3"))
FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    max_examples=EXAMPLES,
    print_blob=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
BOUNDARY = "LosFuzzBoundary7MA4YWxkTrZu0gW"
TRACEBACK_SIGNS = ("Traceback (most recent call last)", 'id="traceback"', "Exception Value:")


def _as_bytes(value):
    if isinstance(value, Upload):
        return value.name.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


def urlencoded(pairs):
    """`name=value&...`, percent-encoded byte for byte, as a browser sends a form or a query."""
    return "&".join(f"{quote_from_bytes(_as_bytes(k))}={quote_from_bytes(_as_bytes(v))}" for k, v in pairs)


def _header_quoted(value):
    # Browsers escape these three in a multipart header's quoted name (HTML's form encoding).
    return _as_bytes(value).replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")


def multipart(pairs):
    """A multipart/form-data body of `pairs`; an Upload is a file part."""
    parts = []
    for name, value in pairs:
        disposition = b'Content-Disposition: form-data; name="' + _header_quoted(name) + b'"'
        if isinstance(value, Upload):
            disposition += b'; filename="' + _header_quoted(value.name) + b'"'
            head = disposition + b"\r\nContent-Type: " + value.content_type.encode() + b"\r\n\r\n"
            parts.append(head + value.content)
        else:
            parts.append(disposition + b"\r\n\r\n" + _as_bytes(value))
    separator = b"--" + BOUNDARY.encode()
    return b"".join(separator + b"\r\n" + part + b"\r\n" for part in parts) + separator + b"--\r\n"


def send(client, form, pairs):
    """Submit `pairs` to `form` as its page would: GET replaces the action's query, POST keeps it."""
    headers = {"HX-Request": "true"} if form.htmx else {}
    if form.method == "get":
        return client.get(urlsplit(form.action).path, headers=headers, QUERY_STRING=urlencoded(pairs))
    if form.enctype == "multipart/form-data":
        content_type = f"multipart/form-data; boundary={BOUNDARY}"
        return client.post(form.action, data=multipart(pairs), content_type=content_type, headers=headers)
    body = urlencoded(pairs).encode("ascii")
    return client.post(form.action, data=body, content_type="application/x-www-form-urlencoded", headers=headers)


def assert_safe_answer(response, request_text):
    """No server error, no traceback, nothing of a payload as markup, no formula in a CSV."""
    assert response.status_code < 500, f"{request_text} answered {response.status_code}"
    if is_html(response):
        html = body_text(response)
        assert not any(sign in html for sign in TRACEBACK_SIGNS), f"{request_text} showed a traceback"
        problems = unescaped_payloads(html)
        assert not problems, f"{request_text} showed payloads unescaped: {problems}"
    elif is_csv(response):
        cells = formula_cells(body_text(response))
        assert not cells, f"{request_text} wrote formula cells: {cells}"


def foreign_ids(world):
    """Ids of rows of the other collaboration (and other agencies'): a form must refuse them."""
    ids = set()
    for value in vars(world).values():
        if isinstance(value, dict):
            for target in ("other_collaboration", "other_agency"):
                if hasattr(value.get(target), "pk"):
                    ids.add(str(value[target].pk))
    ids.add(str(world.collaborations["linkoping"].pk))
    return sorted(ids, key=int)


def fuzz(new_client, target, strategy, *, explicit=(), only_explicit=False, who=""):
    """Send `target` (a Form) the `explicit` submissions, then (unless `only_explicit`) examples
    drawn from `strategy`, each from a fresh signed-in client, in a savepoint that is rolled back."""
    phases = (Phase.explicit,) if only_explicit else FUZZ_SETTINGS.phases

    @settings(FUZZ_SETTINGS, phases=phases)
    @given(pairs=strategy)
    def run(pairs):
        with transaction.atomic():
            response = send(new_client(), target, pairs)
            assert_safe_answer(response, f"{target.method.upper()} {target.action} {who}")
            transaction.set_rollback(True)

    for pairs in explicit:
        run = example(pairs=pairs)(run)
    run()


def _shortened(text, limit):
    return text if len(text) <= limit else text[: limit // 2] + "\n[...]\n" + text[-limit // 2 :]


def failure_text(title, exc):
    """One failure for the summary of a crawl: where it broke, then what was sent (Hypothesis's note)."""
    trace = "".join(traceback.format_tb(exc.__traceback__)[-4:]) + f"{type(exc).__name__}: {exc}"
    notes = "\n".join(getattr(exc, "__notes__", []))
    return f"{title}\n{_shortened(trace, 3000)}\n{_shortened(notes, 1500)}"
