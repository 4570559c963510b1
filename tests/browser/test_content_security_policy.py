"""The pages work in Chromium under their own Content-Security-Policy, with nothing refused.

The other browser tests let axe-core in past the policy (bypass_csp); this one keeps it, listens
for every violation the browser reports, and uses htmx (the recording form's category switch),
which would stop working if its script or its requests were refused.
"""

import pytest
from django.utils import timezone

from agencies.models import AgencyKind, Role
from tests.factories import CategoryFactory, MembershipFactory, OperationFactory, UserFactory, VisitFactory, local_time

from .conftest import DESKTOP, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Set up before any script of the page runs: every refusal lands in window.cspViolations.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def strict_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    yield page, messages
    context.close()


def refusals(page, messages):
    console = [text for text in messages if "Content Security Policy" in text]
    return page.evaluate("window.cspViolations") + console


def test_the_recording_form_works_with_nothing_refused(strict_page, live, norrkoping, polisen):
    page, messages = strict_page
    arrested = CategoryFactory(agency_kind=AgencyKind.POLICE, code="persons-arrested", name="Person gripen")
    trafficking = CategoryFactory(
        agency_kind=AgencyKind.POLICE, code="trafficking-indicators", name="Indikatorer på människohandel"
    )
    type(arrested).objects.filter(pk=arrested.pk).update(asks_count=True, uses_indicators=False)
    type(trafficking).objects.filter(pk=trafficking.pk).update(asks_count=False, uses_indicators=True)
    today = timezone.localdate()
    operation = OperationFactory(collaboration=norrkoping, start_date=today, agencies=[polisen])
    visit = VisitFactory(operation=operation, scheduled_at=local_time(today, 0, 5))
    omar = UserFactory(username="omar", first_name="Omar", last_name="Ali")
    MembershipFactory(user=omar, collaboration=norrkoping, agency=polisen, role=Role.INSPECTOR)

    sign_in(page, live, omar)
    for path in ("/", "/besok/", "/iakttagelser/"):
        page.goto(f"{live.url}{path}")
        assert refusals(page, messages) == [], path
    page.goto(f"{live.url}/besok/{visit.pk}/ny-iakttagelse/")
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load under the policy"
    page.check(f"input[name=category][value='{arrested.pk}']")
    # htmx swaps the fields: the trafficking checklist leaves the form.
    page.locator("input[name=indicators]").first.wait_for(state="detached")
    assert page.locator("input[name=quantity]").count() == 1
    assert refusals(page, messages) == []
