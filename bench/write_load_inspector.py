"""One inspector of the write load: signs in, then opens the recording form and sends it, again
and again, until the deadline. Every answer is kept, so that the run can be held against the
database afterwards.

Plain HTTP to gunicorn on loopback, as if behind the TLS proxy of production (X-Forwarded-Proto:
https, secure cookies, CSRF's origin check). The cookies are kept here by hand: a cookie jar
sends no secure cookie over plain HTTP.
"""

import http.client
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

LOGIN_PATH = "/konto/logga-in/"
FINDING_PATH = re.compile(r"^/iakttagelser/(\d+)/$")
# One form in five is sent twice: each person's 1st, 11th, 21st ... twice at the same moment (a
# resend racing the first on a poor connection), their 2nd, 12th, 22nd ... again right after its
# answer (a second tap). First in each series, so that even a slow run tries both.
RESENT_TOGETHER, RESENT_AFTER, RESEND_CYCLE = 1, 2, 10
# A bound beside the deadline, so that the loop ends by itself whatever the server does.
MAX_ATTEMPTS = 5000


class SignInFailed(Exception):
    pass


def hidden_value(page, name):
    """The value of the form field `name` as Django renders it, or None."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    body: str


@dataclass
class Submission:
    username: str
    token: str
    key: str
    # The finding the first send was redirected to; None when it was not.
    finding_id: int | None
    # "", "after" or "together": how the same form was sent a second time
    resent: str = ""
    resent_finding_ids: list = field(default_factory=list)


class Browser:
    """One person's cookies, and every request's time."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.latencies = []  # (method, seconds)
        self._lock = threading.Lock()

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, form):
        return self._send("POST", path, urlencode(form))

    def _send(self, method, path, body=None):
        headers = {"X-Forwarded-Proto": "https"}
        with self._lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # What a browser sends with a form; Django checks it on a secure request.
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        with self._lock:
            self.latencies.append((method, time.perf_counter() - started))
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        return Answer(response.status, response.headers.get("Location", ""), text)


class Inspector:
    def __init__(self, *, port, username, password, visit_id, category_id, action, deadline):
        self.username, self.password = username, password
        self.form_path = f"/besok/{visit_id}/ny-iakttagelse/"
        self.category_id, self.action = category_id, action
        self.deadline = deadline
        self.browser = Browser(port)
        self.submissions = []
        self.errors = []

    def run(self):
        try:
            self.sign_in()
            for _attempt in range(MAX_ATTEMPTS):
                if time.monotonic() >= self.deadline:
                    break
                self.record_one()
        except Exception as exc:  # noqa: BLE001 — whatever stops a simulated person is a finding of the run
            self.errors.append(f"{self.username} stopped: {exc!r}")

    def sign_in(self):
        page = self.browser.get(LOGIN_PATH)
        csrf = hidden_value(page.body, "csrfmiddlewaretoken")
        if page.status != 200 or csrf is None:
            raise SignInFailed(f"the sign-in page answered {page.status}")
        credentials = {"username": self.username, "password": self.password, "csrfmiddlewaretoken": csrf}
        answer = self.browser.post(LOGIN_PATH, credentials)
        if answer.status != 302 or answer.location.startswith(LOGIN_PATH):
            raise SignInFailed(f"signing in answered {answer.status} to {answer.location or 'nowhere'}")

    def record_one(self):
        try:
            page = self.browser.get(self.form_path)
        except OSError as exc:
            self.errors.append(f"{self.username}: GET {self.form_path} failed: {exc!r}")
            return
        csrf, key = hidden_value(page.body, "csrfmiddlewaretoken"), hidden_value(page.body, "submission_key")
        if page.status != 200 or not csrf or not key:
            self.errors.append(f"{self.username}: GET {self.form_path} answered {page.status} without a usable form")
            return
        number = len(self.submissions) + 1
        token = f"{self.username}-{number}-{uuid.uuid4().hex}"
        form = {
            "csrfmiddlewaretoken": csrf,
            "category": self.category_id,
            "action": self.action,
            "note": token,
            "follow_up_date": "",
            "submission_key": key,
        }
        resent = {RESENT_AFTER: "after", RESENT_TOGETHER: "together"}.get(number % RESEND_CYCLE, "")
        answers = self._twice_at_once(form) if resent == "together" else self._send_form(form, twice=bool(resent))
        ids = [self._finding_id(answer) for answer in answers]
        self.submissions.append(Submission(self.username, token, key, ids[0], resent, ids[1:]))

    def _send_form(self, form, *, twice):
        answers = []
        for _ in range(2 if twice else 1):
            try:
                answers.append(self.browser.post(self.form_path, form))
            except OSError as exc:
                answers.append(exc)
        return answers

    def _twice_at_once(self, form):
        answers = [None, None]
        both_ready = threading.Barrier(2)

        def send(slot):
            both_ready.wait()
            try:
                answers[slot] = self.browser.post(self.form_path, form)
            except OSError as exc:
                answers[slot] = exc

        threads = [threading.Thread(target=send, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers

    def _finding_id(self, answer):
        """The finding a sent form was redirected to; anything else is an error of the run."""
        if isinstance(answer, Answer) and answer.status == 302:
            match = FINDING_PATH.match(answer.location)
            if match:
                return int(match.group(1))
        described = f"{answer.status} {answer.location}".strip() if isinstance(answer, Answer) else repr(answer)
        self.errors.append(f"{self.username}: POST {self.form_path} answered {described}")
        return None


def run_inspectors(*, port, inspectors, visit_id, category_id, action, seconds):
    """Start one thread per (username, password), all until the same deadline; the finished Inspectors."""
    deadline = time.monotonic() + seconds
    people = [
        Inspector(
            port=port,
            username=username,
            password=password,
            visit_id=visit_id,
            category_id=category_id,
            action=action,
            deadline=deadline,
        )
        for username, password in inspectors
    ]
    threads = [threading.Thread(target=person.run, name=person.username) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return people
