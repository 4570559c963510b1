# The named people and places of tests/fixtures.py, for the tests in this folder.
from tests.fixtures import *  # noqa: F403
from tests.summary_fixtures import *  # noqa: F403
