"""Real browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test visits can be checked with axe-core (from the npm package, see package.json)
and for horizontal scrolling at phone and tablet widths.
"""

import json
import os
from pathlib import Path

import pytest
from django.utils import translation

from tests.fixtures import *  # noqa: F403

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("LOS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The rules of WCAG 2.1 A and AA, which is what public-sector sites in Sweden must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "browser-test-password-2026"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium').")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live(live_server, settings):
    """The live server, reachable over plain HTTP as the tests' browser sees it."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    # The server thread renders in its own language; the browser's cookie picks English where asked.
    translation.deactivate_all()
    return live_server


@pytest.fixture
def page(browser):
    # bypass_csp: axe-core is injected as a script the page's own policy would (rightly) refuse.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True, locale="sv-SE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live, user, *, language="sv"):
    """Set the password and sign in through the login form, as a person would."""
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    if language != "sv":
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live.url}])
    page.goto(f"{live.url}/konto/logga-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the current page, as readable strings."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` in the project folder (package.json).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + json.dumps([n["target"] for n in v["nodes"]][:5])
        for v in result["violations"]
    ]


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def check_page(page, *, widths=(PHONE, TABLET)):
    """axe-core finds nothing and the page fits a phone and a tablet without sideways scrolling."""
    # A template comment or tag that spans lines is printed as text instead of being run.
    text = page.inner_text("body")
    assert "{#" not in text and "{%" not in text, f"{page.url}: template syntax shown as text"
    problems = axe_violations(page)
    assert problems == [], f"{page.url}: " + "; ".join(problems)
    original = page.viewport_size
    for size in widths:
        page.set_viewport_size(size)
        overflow = horizontal_overflow(page)
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {size['width']}px"
    page.set_viewport_size(original)
