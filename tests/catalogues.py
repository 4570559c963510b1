"""The catalogues (categories, actions, trafficking indicators) as the migrations load them.

A test that commits (django_db(transaction=True)) ends by emptying every table, catalogues
included, so a later such test that needs them, e.g. to load the demo, loads them again here.
Both data migrations are idempotent (update_or_create).
"""

from importlib import import_module

from django.apps import apps

CATALOGUE_MIGRATIONS = [
    "findings.migrations.0002_seed_categories",
    "findings.migrations.0005_seed_actions_and_indicators",
]


def load_catalogues():
    for name in CATALOGUE_MIGRATIONS:
        import_module(name).seed(apps, None)
