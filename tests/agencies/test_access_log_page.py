"""The access log page: the agency admin reads the rows about their agency's records and
people, filtered and fifty to a page; nobody else learns that the page exists."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry, Role
from tests.clients import signed_in_client
from tests.factories import AccessLogEntryFactory, MembershipFactory, UserFactory

URL = reverse("access_log")
EXPORT_URL = reverse("access_log_export")

pytestmark = pytest.mark.usefixtures("no_second_factor")


@pytest.fixture
def rows(anna, erik, farah, skatteverket, raddningstjansten):
    """Rows about both agencies; the marker in each object id says whose it is."""
    return {
        # anna (the municipality) reads a tax finding: about the tax agency's record.
        "tax-object": AccessLogEntryFactory(
            user_id=anna.pk, username="anna", object_id="skv-record-7001", object_agency_id=skatteverket.pk
        ),
        # erik (tax) reads a released fire finding: made by the tax agency's own person.
        "tax-person": AccessLogEntryFactory(
            user_id=erik.pk, username="erik", object_id="rtj-read-by-skv-7002", object_agency_id=raddningstjansten.pk
        ),
        # farah (fire) reads her own agency's finding, and signs in: nothing of the tax agency's.
        "fire-object": AccessLogEntryFactory(
            user_id=farah.pk, username="farah", object_id="rtj-record-8001", object_agency_id=raddningstjansten.pk
        ),
        "fire-login": AccessLogEntryFactory(
            user_id=farah.pk, username="farah", action=AccessAction.LOGIN, object_type="", object_id=""
        ),
    }


def _shown(response):
    return {row.pk for row in response.context["rows"]}


def test_the_admin_sees_the_rows_about_their_agencys_records_and_people(sara_client, rows):
    response = sara_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "skv-record-7001" in body
    assert "rtj-read-by-skv-7002" in body
    assert "rtj-record-8001" not in body
    assert {rows["tax-object"].pk, rows["tax-person"].pk} <= _shown(response)
    assert not {rows["fire-object"].pk, rows["fire-login"].pk} & _shown(response)


def test_the_fire_services_admin_never_sees_the_tax_agencys_own_records(norrkoping, raddningstjansten, rows):
    admin = UserFactory(username="rolf")
    MembershipFactory(user=admin, collaboration=norrkoping, agency=raddningstjansten, role=Role.AGENCY_ADMIN)
    response = signed_in_client(admin).get(URL)
    body = response.content.decode()
    assert "rtj-record-8001" in body
    # erik read a fire finding, so the fire service's admin sees that read too.
    assert "rtj-read-by-skv-7002" in body
    assert "skv-record-7001" not in body
    assert rows["tax-object"].pk not in _shown(response)


def test_it_shows_name_action_object_address_and_swedish_time(sara_client, erik):
    AccessLogEntryFactory(
        user_id=erik.pk,
        username="erik",
        action=AccessAction.RELEASE,
        object_id="7003",
        ip_address="198.51.100.7",
        at=datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC),
    )
    body = sara_client.get(URL).content.decode()
    assert "Erik Johansson" in body
    assert "Released" in body
    assert "findings.finding" in body
    assert "198.51.100.7" in body
    # Stored in UTC, shown in Swedish time (UTC+1 in March).
    assert "2025-03-10 10:00:00" in body


def test_rows_are_newest_first(sara_client, erik):
    older = AccessLogEntryFactory(user_id=erik.pk, at=datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC))
    newer = AccessLogEntryFactory(user_id=erik.pk, at=datetime.datetime(2025, 3, 11, 9, 0, tzinfo=datetime.UTC))
    shown = [row.pk for row in sara_client.get(URL).context["rows"]]
    assert shown.index(newer.pk) < shown.index(older.pk)


def test_reading_the_page_is_not_itself_logged(sara_client, rows):
    before = AccessLogEntry.objects.count()
    sara_client.get(URL)
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize("url", [URL, EXPORT_URL], ids=["page", "export"])
@pytest.mark.parametrize("person", ["anna", "erik", "petra"])
def test_anyone_but_an_agency_admin_gets_not_found(request, rows, person, url):
    response = signed_in_client(request.getfixturevalue(person)).get(url)
    assert response.status_code == 404
    assert "skv-record-7001" not in response.content.decode()


@pytest.mark.parametrize("url", [URL, EXPORT_URL], ids=["page", "export"])
def test_the_superuser_flag_grants_nothing(db, url):
    superuser = get_user_model().objects.create_superuser("support", "support@example.se", None)
    assert signed_in_client(superuser).get(url).status_code == 404


@pytest.mark.parametrize("url", [URL, EXPORT_URL], ids=["page", "export"])
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", [URL, EXPORT_URL], ids=["page", "export"])
def test_no_route_takes_a_post(sara_client, url):
    assert sara_client.post(url).status_code == 405


def test_a_deactivated_admin_gets_not_found(sara_client, sara):
    sara.memberships.update(is_active=False)
    assert sara_client.get(URL).status_code == 404


# --- Filters ------------------------------------------------------------------------------

TO_BEFORE_FROM = "The to date must be the same as or later than the from date."


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "not-a-date"}, "from", "Enter a real date, for example 2025-03-10."),
        ({"to": "2025-02-30"}, "to", "Enter a real date, for example 2025-03-10."),
        ({"from": "0001-01-01"}, "from", "Enter a date between 2000 and 2999."),
        ({"to": "9999-12-31"}, "to", "Enter a date between 2000 and 2999."),
        (
            {"from": "2025-03-11", "to": "2025-03-10"},
            "to",
            "The to date must be the same as or later than the from date.",
        ),
        ({"action": "bogus"}, "action", "Choose an action from the list."),
        ({"user": "x" * 151}, "user", "Ensure this value has at most 150 characters (it has 151)."),
        ({"user": "erik\x00"}, "user", "Null characters are not allowed."),
    ],
)
@pytest.mark.parametrize("url", [URL, EXPORT_URL], ids=["page", "export"])
def test_a_bad_filter_is_answered_with_the_error_at_its_field(sara_client, url, query, field, message):
    before = AccessLogEntry.objects.count()
    response = sara_client.get(url, query)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert f'id="id_{field}_error"' in body
    # A refused export is not an export.
    assert AccessLogEntry.objects.count() == before


def test_it_filters_by_action_and_username(sara_client, erik, rows):
    AccessLogEntryFactory(user_id=erik.pk, username="erik", action=AccessAction.EXPORT, object_id="export-7004")
    response = sara_client.get(URL, {"action": "export", "user": "ERI"})
    assert response.status_code == 200
    assert [row.object_id for row in response.context["rows"]] == ["export-7004"]


def test_the_dates_are_whole_swedish_days(sara_client, erik):
    # 23:30 UTC on 10 March is 00:30 on 11 March in Sweden.
    late = AccessLogEntryFactory(user_id=erik.pk, at=datetime.datetime(2025, 3, 10, 23, 30, tzinfo=datetime.UTC))
    on_the_11th = sara_client.get(URL, {"from": "2025-03-11", "to": "2025-03-11"})
    on_the_10th = sara_client.get(URL, {"from": "2025-03-10", "to": "2025-03-10"})
    assert late.pk in _shown(on_the_11th)
    assert late.pk not in _shown(on_the_10th)


def test_the_filter_form_labels_every_field(sara_client):
    body = sara_client.get(URL).content.decode()
    for field in ("from", "to", "action", "user"):
        assert f'<label for="id_{field}">' in body


# --- Pages and their cost -----------------------------------------------------------------


def test_fifty_rows_to_a_page_with_the_filter_kept_in_the_links(sara_client, erik):
    AccessLogEntryFactory.create_batch(51, user_id=erik.pk, username="erik")
    first = sara_client.get(URL, {"user": "erik"})
    assert len(first.context["rows"]) == 50
    assert "?user=erik&amp;sida=2" in first.content.decode()
    second = sara_client.get(URL, {"user": "erik", "sida": "2"})
    assert len(second.context["rows"]) == 1


def test_a_page_number_that_is_not_a_number_shows_the_first_page(sara_client, erik):
    AccessLogEntryFactory(user_id=erik.pk)
    assert sara_client.get(URL, {"sida": "many"}).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_rows(sara_client, erik, farah):
    sara_client.get(URL)  # the first request of a test warms caches that later ones reuse
    AccessLogEntryFactory(user_id=erik.pk)
    with CaptureQueriesContext(connection) as one_row:
        sara_client.get(URL)
    AccessLogEntryFactory.create_batch(49, user_id=farah.pk, object_agency_id=erik.memberships.get().agency_id)
    with CaptureQueriesContext(connection) as fifty_rows:
        response = sara_client.get(URL)
    assert len(response.context["rows"]) == 50
    assert len(fifty_rows) == len(one_row)
