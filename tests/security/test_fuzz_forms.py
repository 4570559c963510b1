"""Bad input to every form of every page, as every role: never a server error, never a payload
shown as markup.

The forms are read from the pages each role gets (the role × URL matrix), so a new form is fuzzed
the day it is added. Each distinct form (method, route, field names) is sent fixed sweeps (one kind
of bad value in every field it fits: markup, NUL and invalid UTF-8, 20 000 characters, 10**30,
year 1 and year 9999, other collaborations' ids, a CSV line longer than the csv module reads,
nothing at all), then a few generated submissions mixing them (strings up to 100 000 characters):
fields fuzzed, left out or repeated, wrong files. LOS_FUZZ_EXAMPLES sets how many
generated ones (CI keeps it small); the sweeps always run.
"""

import pytest

from tests.fixtures import *  # noqa: F403
from tests.matrix.world import world_fixture  # noqa: F401 — provides the `world` fixture

from .crawl import client_maker, discover, fuzzed_as_another_role, pages_of, roles_with_pages, route_name
from .fuzzing import failure_text, foreign_ids, fuzz
from .strategies import submission, sweeps


@pytest.mark.parametrize("role", roles_with_pages())
def test_no_form_answers_bad_input_with_a_server_error(world, role):
    pages = pages_of(world, role)
    found = discover(world, role, pages)
    assert found.forms, f"{role} was offered no form at all: the crawl is broken"
    ids = foreign_ids(world)
    new_client = client_maker(world, role)
    own_pages = {page.name for page in pages}
    failures, fuzzed = [], 0
    for page, form in found.forms.values():
        target = route_name(form.path)
        if form.method == "get" and target in own_pages:
            continue  # a search of a page of this role: test_fuzz_query sends its fields
        if fuzzed_as_another_role(role, page.name, target):
            continue
        fuzzed += 1
        try:
            fuzz(new_client, form, submission(form, ids), explicit=sweeps(form, ids), who=f"as {role}")
        except Exception as exc:  # noqa: BLE001 — every form's failure is collected, then reported at once
            failures.append(failure_text(f"{form.method.upper()} {form.action} (a form of {page.name})", exc))
    assert not failures, f"{len(failures)} of {fuzzed} forms failed as {role}:\n\n" + "\n\n".join(failures)
