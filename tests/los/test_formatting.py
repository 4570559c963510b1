"""format_sek: kronor grouped the way the reader's language groups them, öre only when there are any."""

from decimal import Decimal

import pytest
from django.utils import translation

from los.formatting import format_sek

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1500000"), f"1{NBSP}500{NBSP}000{NBSP}kr"),
        (Decimal("1500000.00"), f"1{NBSP}500{NBSP}000{NBSP}kr"),
        (1500000, f"1{NBSP}500{NBSP}000{NBSP}kr"),
        (Decimal("1234.50"), f"1{NBSP}234,50{NBSP}kr"),
        (Decimal("1234.5"), f"1{NBSP}234,50{NBSP}kr"),
        (Decimal("0.01"), f"0,01{NBSP}kr"),
        (Decimal("999"), f"999{NBSP}kr"),
        (Decimal("100000000.00"), f"100{NBSP}000{NBSP}000{NBSP}kr"),
    ],
)
def test_it_writes_kronor_the_swedish_way(amount, expected):
    with translation.override("sv"):
        assert format_sek(amount) == expected


def test_it_groups_thousands_with_non_breaking_spaces_so_a_number_never_wraps():
    with translation.override("sv"):
        text = format_sek(Decimal("1500000"))
    number = text.removesuffix(f"{NBSP}kr")
    assert " " not in number
    assert number.count(NBSP) == 2


def test_it_rounds_to_whole_ore():
    with translation.override("sv"):
        assert format_sek(Decimal("10.005")) == f"10,01{NBSP}kr"
        assert format_sek(Decimal("10.004")) == f"10{NBSP}kr"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1500000"), f"1,500,000{NBSP}kr"),
        (Decimal("1234.50"), f"1,234.50{NBSP}kr"),
    ],
)
def test_it_groups_the_english_way_in_english(amount, expected):
    with translation.override("en"):
        assert format_sek(amount) == expected


def test_it_writes_nothing_for_no_amount():
    assert format_sek(None) == ""


def test_a_page_link_keeps_the_filters_and_replaces_the_page(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = rf.get("/lokaler/", {"q": "kiosk & bar", "typ": "kiosk", "sida": "2"})
    page = Paginator(range(200), 50).get_page(2)
    html = render_to_string("partials/pagination.html", {"page": page}, request=request)
    assert 'href="?q=kiosk+%26+bar&amp;typ=kiosk&amp;sida=3"' in html
    assert 'href="?q=kiosk+%26+bar&amp;typ=kiosk&amp;sida=1"' in html
