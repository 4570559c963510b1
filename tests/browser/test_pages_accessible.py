"""The pages before planning: sign-in, start page and findings pass axe-core and fit a phone."""

import pytest

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_sign_in_page_is_accessible(page, live):
    page.goto(f"{live.url}/konto/logga-in/")
    assert page.locator("html").get_attribute("lang") == "sv"
    check_page(page)


def test_a_wrong_password_is_announced_at_the_form(page, live, anna):
    page.goto(f"{live.url}/konto/logga-in/")
    page.fill("input[name=username]", "anna")
    page.fill("input[name=password]", "not-the-password")
    page.click("main button[type=submit]")
    assert page.locator("[role=alert]").count() == 1
    check_page(page)


@pytest.mark.parametrize("path", ["/", "/iakttagelser/", "/konto/"])
def test_the_coordinators_pages_are_accessible(page, live, anna, path):
    sign_in(page, live, anna)
    page.goto(f"{live.url}{path}")
    check_page(page)
