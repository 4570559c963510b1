"""The main menu marks the page the reader is on, by the longest menu address it starts with."""

import pytest
from django.test import RequestFactory

from los.navigation import navigation
from tests.fixtures import *  # noqa: F403


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/iakttagelser/uppfoljningar/", "/iakttagelser/uppfoljningar/"),
        ("/iakttagelser/hanvisningar/", "/iakttagelser/hanvisningar/"),
        ("/iakttagelser/12/", "/iakttagelser/"),
        ("/besok/3/", "/besok/"),
        ("/", "/"),
    ],
)
def test_one_menu_item_is_current(erik, path, current):
    request = RequestFactory().get(path)
    request.user = erik
    items = navigation(request)["menu"]
    assert [item["url"] for item in items if item["current"]] == [current]
