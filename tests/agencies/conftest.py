import pytest
from django.utils import translation

from tests.clients import signed_in_client

# The named people and places of tests/fixtures.py, for the tests in this folder.
from tests.fixtures import *  # noqa: F403


@pytest.fixture(autouse=True)
def _english_messages():
    # Messages are asserted in the source language, so a new Swedish translation cannot break them.
    with translation.override("en"):
        yield


@pytest.fixture
def no_second_factor(settings):
    # Two-step verification has tests of its own; the screens behind it are tested without it.
    settings.LOS_REQUIRE_2FA = False


@pytest.fixture
def sara_client(sara):
    return signed_in_client(sara)
