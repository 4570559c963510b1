"""Settings of `make bench`: production settings, with the benchmark's two yardsticks mounted.

Nothing here changes how the product's pages work; `bench.urls` only adds pages to compare
them with (a Django admin changelist of findings and a trivial view).
"""

from los.settings import *  # noqa: F403 — the production settings, read from the environment

ROOT_URLCONF = "bench.urls"
