"""The browser checks themselves find what they are meant to find."""

import pytest

from .conftest import PHONE, axe_violations, horizontal_overflow

pytestmark = pytest.mark.browser


def test_axe_reports_an_input_without_a_label(page):
    page.set_content(
        '<!DOCTYPE html><html lang="sv"><head><title>t</title></head><body><main><input></main></body></html>'
    )
    assert any(problem.startswith("label") for problem in axe_violations(page))


def test_a_page_wider_than_a_phone_is_noticed(page):
    page.set_viewport_size(PHONE)
    page.set_content('<!DOCTYPE html><html lang="sv"><body><div style="width: 900px">bred</div></body></html>')
    assert horizontal_overflow(page) > 0
