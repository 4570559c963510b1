"""Just enough of a browser to use the app over plain HTTP from a test: it keeps its cookies and
reads the CSRF token of a form.

With DEBUG off the app marks its cookies Secure; a real browser would keep them for HTTPS only,
and so would http.cookiejar. The app server of the tests speaks plain HTTP on 127.0.0.1, so the
cookies are kept and sent back by hand.
"""

import http.client
import json
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict
    text: str

    def json(self):
        return json.loads(self.text)


class PlainHttpBrowser:
    def __init__(self, port, *, language="en"):
        self.port = port
        # Messages are asserted in the source language, as in the other tests.
        self.cookies = {"django_language": language}

    def get(self, path):
        return self._request("GET", path)

    def post(self, path, form):
        return self._request("POST", path, form)

    def csrf_token(self, path):
        """The token of the form on the page at `path` (which must answer 200)."""
        page = self.get(path)
        assert page.status == 200, page
        return CSRF_FIELD.search(page.text).group(1)

    def sign_in(self, login_path, username, password):
        token = self.csrf_token(login_path)
        return self.post(login_path, {"username": username, "password": password, "csrfmiddlewaretoken": token})

    def _request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            return Answer(response.status, dict(response.headers.items()), text)
        finally:
            connection.close()

    def _keep_cookies(self, set_cookie_headers):
        for header in set_cookie_headers:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
