"""The retention page: a coordinator sees and sets the four periods of their collaboration and the
latest purge runs; bad input is answered at its field with 400 and nothing saved; everyone
else finds no such page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import AccessAction, AccessLogEntry, Collaboration, Role
from findings.models import RetentionRun
from findings.retention import retention_periods_save
from tests.clients import signed_in_client
from tests.factories import MembershipFactory, UserFactory

URL = reverse("retention")
PERIODS = (
    "findings_retention_months",
    "notes_retention_months",
    "evidence_retention_months",
    "access_log_retention_months",
)
DEFAULTS = (36, 12, 12, 24)
MONTHS_MESSAGE = "Enter a whole number of months, from 1 to 120."
LONGER_MESSAGE = "Cannot be kept longer than the findings."


def posted(**changes):
    data = {"findings_retention_months": "60", "notes_retention_months": "6", "evidence_retention_months": "18"}
    data["access_log_retention_months"] = "30"
    data.update(changes)
    return data


def periods_of(collaboration):
    return tuple(Collaboration.objects.values_list(*PERIODS).get(pk=collaboration.pk))


@pytest.fixture
def olle(norrkoping, linkoping, kommunen):
    """Coordinates both Norrköping and Linköping."""
    user = UserFactory(username="olle", first_name="Olle", last_name="Ek")
    MembershipFactory(user=user, collaboration=norrkoping, agency=kommunen, role=Role.COORDINATOR)
    MembershipFactory(user=user, collaboration=linkoping, agency=kommunen, role=Role.COORDINATOR)
    return user


def test_the_coordinator_sees_the_four_periods_and_the_latest_runs(anna, norrkoping, linkoping):
    RetentionRun.objects.create(collaboration=norrkoping, notes_blanked=417, findings_anonymised=4231)
    RetentionRun.objects.create(collaboration=linkoping, notes_blanked=9191)
    RetentionRun.objects.create(access_log_deleted=8282)
    response = signed_in_client(anna).get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert tuple(form[name].value() for name in PERIODS) == DEFAULTS
    text = response.content.decode()
    assert "417" in text
    assert "4231" in text
    assert "9191" not in text  # another collaboration's run
    assert "8282" not in text  # the run of no collaboration


def test_the_coordinator_saves_the_periods_and_the_change_is_logged(anna, norrkoping):
    response = signed_in_client(anna).post(URL, posted())
    assert response.status_code == 302
    assert response.url == URL
    assert periods_of(norrkoping) == (60, 6, 18, 30)
    logged = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (logged.user_id, logged.object_type, logged.object_id) == (
        anna.pk,
        "agencies.collaboration",
        str(norrkoping.pk),
    )
    assert logged.collaboration_id == norrkoping.pk


@pytest.mark.parametrize("value", ["0", "121", "tolv", "", "-3", "2.5"])
@pytest.mark.parametrize("field", PERIODS)
def test_a_period_that_is_not_1_to_120_months_is_refused_at_its_field(anna, norrkoping, field, value):
    response = signed_in_client(anna).post(URL, posted(**{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [MONTHS_MESSAGE]}
    assert periods_of(norrkoping) == DEFAULTS
    assert not AccessLogEntry.objects.filter(action=AccessAction.CHANGE).exists()


@pytest.mark.parametrize("field", ["notes_retention_months", "evidence_retention_months"])
def test_notes_and_evidence_cannot_be_kept_longer_than_the_findings(anna, norrkoping, field):
    response = signed_in_client(anna).post(URL, posted(findings_retention_months="24", **{field: "25"}))
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [LONGER_MESSAGE]}
    assert LONGER_MESSAGE in response.content.decode()
    assert periods_of(norrkoping) == DEFAULTS


def test_as_long_as_the_findings_is_allowed(anna, norrkoping):
    data = posted(findings_retention_months="24", notes_retention_months="24", evidence_retention_months="24")
    assert signed_in_client(anna).post(URL, data).status_code == 302
    assert periods_of(norrkoping) == (24, 24, 24, 30)


@pytest.mark.parametrize("role", ["erik", "sara", "petra"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anyone_but_a_coordinator_finds_no_such_page(request, norrkoping, role, method):
    client = signed_in_client(request.getfixturevalue(role))
    assert getattr(client, method)(URL, posted()).status_code == 404
    assert periods_of(norrkoping) == DEFAULTS


def test_a_superuser_finds_no_such_page_either(norrkoping):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert signed_in_client(root).post(URL, posted()).status_code == 404
    assert periods_of(norrkoping) == DEFAULTS


def test_a_coordinator_of_two_collaborations_chooses_which_one(olle, norrkoping, linkoping):
    client = signed_in_client(olle)
    first = client.get(URL)
    assert first.context["collaboration"] == linkoping  # the first by name
    assert f"?samverkan={norrkoping.pk}" in first.content.decode()

    url = f"{URL}?samverkan={norrkoping.pk}"
    assert client.get(url).context["collaboration"] == norrkoping
    response = client.post(url, posted())
    assert (response.status_code, response.url) == (302, url)
    assert periods_of(norrkoping) == (60, 6, 18, 30)
    assert periods_of(linkoping) == DEFAULTS


@pytest.mark.parametrize("choice", ["other", "x", "", "1e3"])
def test_a_collaboration_the_coordinator_does_not_coordinate_is_not_found(anna, norrkoping, linkoping, choice):
    value = str(linkoping.pk) if choice == "other" else choice
    client = signed_in_client(anna)
    assert client.get(URL, {"samverkan": value}).status_code == 404
    assert client.post(f"{URL}?samverkan={value}", posted()).status_code == 404
    assert periods_of(linkoping) == DEFAULTS
    assert periods_of(norrkoping) == DEFAULTS


@pytest.mark.parametrize(
    "periods",
    [(0, 12, 12, 24), (121, 12, 12, 24), (36, 12, 12, 0), (12, 13, 12, 24), (12, 12, 13, 24)],
    ids=["findings-0", "findings-121", "access-log-0", "notes-longer", "evidence-longer"],
)
def test_the_database_refuses_periods_out_of_bounds_or_longer_than_the_findings(norrkoping, periods):
    with pytest.raises(IntegrityError), transaction.atomic():
        Collaboration.objects.filter(pk=norrkoping.pk).update(**dict(zip(PERIODS, periods, strict=True)))
    assert periods_of(norrkoping) == DEFAULTS


def test_every_mistake_is_shown_at_once(anna, norrkoping):
    data = posted(findings_retention_months="10", notes_retention_months="11", access_log_retention_months="x")
    response = signed_in_client(anna).post(URL, data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "notes_retention_months": [LONGER_MESSAGE],
        "evidence_retention_months": [LONGER_MESSAGE],
        "access_log_retention_months": [MONTHS_MESSAGE],
    }
    assert periods_of(norrkoping) == DEFAULTS


def test_the_service_refuses_notes_longer_than_the_findings_without_the_form(anna, norrkoping):
    periods = dict(zip(PERIODS, (12, 13, 12, 24), strict=True))
    with pytest.raises(ValidationError) as refused:
        retention_periods_save(collaboration=norrkoping, by=anna, **periods)
    assert refused.value.message_dict == {"notes_retention_months": [LONGER_MESSAGE]}
    assert periods_of(norrkoping) == DEFAULTS


def test_a_collaboration_written_in_plain_sql_gets_the_default_periods(db):
    table = connection.ops.quote_name(Collaboration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, slug, municipality, suppression_threshold, created_at) "  # noqa: S608
            "VALUES ('LOS Bulk', 'bulk', 'Bulk', 3, %s)",
            [timezone.now()],
        )
    assert periods_of(Collaboration.objects.get(slug="bulk")) == DEFAULTS
