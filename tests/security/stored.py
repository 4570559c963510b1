"""Saving payloads through every form that saves, as the roles allowed to, for the crawl to find.

Every free-text field gets a payload with a marker of its own, so a leak names the field it came
from. A refused submission is repaired the way a person would: the fields the page marks
aria-invalid get the next value a person would try and the form is sent again, so a form whose
one field refuses the payload still stores it in the others. A redirect after a save is followed, and the
forms of the page it leads to (an import's preview with its confirm button) are filled in too.
"""

import io
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from PIL import Image

from .crawl import body_text, client_as, discover, fuzzed_as_another_role, is_html, route_name
from .fuzzing import send
from .htmlforms import forms_of
from .strategies import CHOICE_KINDS, PLAUSIBLE, TEXT_KINDS, UNTOUCHED, Upload, plausible_pairs

# Forms that would take the pages away that the crawl reads afterwards (signing out, deactivating
# a person, removing a visit). Their bad input is fuzzed in test_fuzz_forms all the same.
TAKES_PAGES_AWAY = {"logout", "people_deactivate", "visit_remove"}
REPAIR_ROUNDS = 7
MAX_FOLLOWED_PAGES = 10


def payload(n, maxlength=None):
    """A value that is a formula in a CSV and markup in HTML, numbered `n`; shorter where a field
    allows fewer characters."""
    variants = [
        f'=xss_{n}+1"><img src=x onerror=xss_{n}><script>xss_{n}</script>',
        f"=xss_{n}<script>xss_{n}</script>",
        f"<script>xss_{n}</script>",
        f"=xss_{n}",
    ]
    return next((v for v in variants if maxlength is None or len(v) <= maxlength), variants[-1])


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


def payload_file(field, n):
    """A file whose name (and for a CSV, its rows) carry the payload, of a type the field accepts."""
    name = f"=xss_{n}<script>xss_{n}</script>"
    if "image" in field.accept:
        return Upload(f"{name}.png", _png(), "image/png")
    rows = [
        "namn;typ;adress;postnummer;organisationsnummer",
        f"{payload(n)};kiosk;{payload(n)};602 21;",
        f"{payload(n)};kiosk;Gatan 2;{payload(n)};{payload(n)}",
    ]
    return Upload(f"{name}.csv", "\n".join(rows).encode(), "text/csv")


@dataclass
class Stored:
    """Markers placed by one role: marker number → "route.field" and the value sent, and what
    each form answered."""

    placed: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    answers: list = field(default_factory=list)  # (route, status) of each final submission
    landed: list = field(default_factory=list)  # the pages saves redirected to


class _Numbers:
    def __init__(self, start):
        self.next = start

    def take(self):
        self.next += 1
        return self.next


# What a refused free-text field gets next, in turn: a word, nothing, then shapes the checks of
# this app ask for (a postal code, an organisation number with its check digit, a number, a date).
TEXT_RETRIES = [PLAUSIBLE["text"], "", "602 21", "559900-1236", "1", "2025-03-10"]


def _retry_pairs(f, attempt):
    """The pairs for field `f` on its `attempt`-th refusal: the next value a person would try."""
    if f.kind in TEXT_KINDS:
        values = [value for value in (f.default, PLAUSIBLE[f.kind]) if value] + TEXT_RETRIES
        return [(f.name, values[min(attempt - 1, len(values) - 1)])]
    if f.kind in CHOICE_KINDS:
        # The page's choice was refused: try each other option alone, then none.
        choices = [*(option for option in f.options if option and option not in f.selected), None]
        chosen = choices[min(attempt - 1, len(choices) - 1)]
        return [] if chosen is None else [(f.name, chosen)]
    return [] if attempt > 1 else plausible_pairs(f)


def _filled(form, numbers, stored, attempts):
    """Pairs for `form`: payloads in free text and files, plausible values elsewhere; a field the
    page refused `attempts[name]` times gets the next value a person would try."""
    pairs, route = [], route_name(form.path)
    for f in form.fields:
        attempt = attempts.get(f.name, 0)
        if attempt:
            pairs.extend(_retry_pairs(f, attempt))
        elif f.name in UNTOUCHED or f.kind not in TEXT_KINDS | {"file"}:
            pairs.extend(plausible_pairs(f))
        else:
            n = numbers.take()
            value = payload_file(f, n) if f.kind == "file" else payload(n, f.maxlength)
            stored.placed[n] = f"{route}.{f.name}"
            stored.values[n] = value.name if isinstance(value, Upload) else value
            pairs.append((f.name, value))
    return pairs


def _refused_fields(response, form):
    """The fields the answer's re-rendered form marks aria-invalid."""
    if not is_html(response):
        return set()
    for shown in forms_of(body_text(response), form.action):
        if shown.path == form.path:
            return {f.name for f in shown.fields if f.invalid}
    return set()


def _submit_until_accepted(client, form, numbers, stored):
    attempts = {}
    for _round in range(REPAIR_ROUNDS):
        response = send(client, form, _filled(form, numbers, stored, attempts))
        assert response.status_code < 500, f"POST {form.action} answered {response.status_code}"
        refused = _refused_fields(response, form) if response.status_code >= 400 else set()
        if not refused:
            return response
        for name in refused:
            attempts[name] = attempts.get(name, 0) + 1
    return response


def store_payloads(world, role, numbers):
    """Fill every saving form `role` is offered with payloads; follow where a save leads."""
    client = client_as(world, role)
    queue = [
        form
        for page, form in discover(world, role, strict=False).forms.values()
        if form.method == "post" and not fuzzed_as_another_role(role, page.name, route_name(form.path))
    ]
    seen = {form.key(route_name) for form in queue}
    stored = Stored()
    followed = 0
    while queue:
        form = queue.pop(0)
        if route_name(form.path) in TAKES_PAGES_AWAY:
            continue
        response = _submit_until_accepted(client, form, numbers, stored)
        stored.answers.append((route_name(form.path), response.status_code))
        location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
        if location.startswith("/") and location not in stored.landed:
            stored.landed.append(location)
        if location.startswith("/") and followed < MAX_FOLLOWED_PAGES:
            followed += 1
            page = client.get(location)
            if is_html(page):
                for new in forms_of(body_text(page), urlsplit(location).path):
                    if new.method == "post" and new.key(route_name) not in seen:
                        seen.add(new.key(route_name))
                        queue.append(new)
    return stored


def new_numbers(start=0):
    return _Numbers(start)
