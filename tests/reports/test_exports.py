"""The CSV exports: a published summary's suppressed figures, and an agency's own records of a half-year."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from agencies.models import AccessAction, AccessLogEntry, Role
from inspections.models import Premises, VisitOutcome
from los.formatting import format_sek
from reports.aggregation import summary_figures
from reports.exports import own_records, own_records_rows, published_figures_rows
from reports.figures import checksum, figures_from_json, figures_to_json
from reports.models import PublishedSnapshot, Summary, SummaryStatus
from reports.publication import hidden_map, publish_figures
from tests.clients import signed_in_client
from tests.factories import (
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PaymentEntryFactory,
    PremisesFactory,
    VisitFactory,
    local_time,
)
from tests.reports.figures_factory import demo_figures
from tests.reports.summary_data import SPRING, build_spring

# In the second half of 2026: the spring is the last completed half-year.
AUTUMN_DAY = datetime.datetime(2026, 9, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture
def spring(norrkoping, linkoping):
    return build_spring(norrkoping, linkoping)


@pytest.fixture
def autumn():
    with time_machine.travel(AUTUMN_DAY, tick=False):
        yield


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def published_summary(collaboration, period=SPRING, status=SummaryStatus.PUBLISHED):
    """A summary of `period` with its figures counted now and, when published, frozen."""
    with translation.override("sv"):
        data = figures_to_json(summary_figures(collaboration, *period))
    summary = Summary.objects.create(
        collaboration=collaboration, period_start=period[0], period_end=period[1], status=status, figures=data
    )
    if status == SummaryStatus.PUBLISHED:
        # As publication stores it: the values hidden at the threshold, frozen with the figures.
        hidden = hidden_map(figures_from_json(data), 3)
        PublishedSnapshot.objects.create(
            summary=summary, figures=data, threshold=3, hidden=hidden, checksum=checksum(data)
        )
    return summary


# --- The published figures ---------------------------------------------------------------


def test_a_hidden_value_is_written_as_its_text_with_an_empty_number():
    rows = published_figures_rows(publish_figures(demo_figures(), 3))
    assert rows[0] == ["Table", "Key", "Label", "Value", "Number"]
    (kiosks,) = [row for row in rows if row[:2] == ["premises_by_type", "kiosk"]]
    assert kiosks[3:] == ["fewer than 3", ""]
    (wholesalers,) = [row for row in rows if row[:2] == ["premises_by_type", "food_wholesale"]]
    assert wholesalers[3:] == ["hidden", ""]


def test_a_shown_value_is_written_as_printed_and_as_a_number():
    rows = published_figures_rows(publish_figures(demo_figures(), 3))
    (visits,) = [row for row in rows if row[:2] == ["key_figures", "visits"]]
    assert visits[2:] == ["Visits carried out", "40", "40"]
    (wrongly_paid,) = [row for row in rows if row[:2] == ["key_figures", "wrongly_paid"]]
    assert wrongly_paid[3] == format_sek(Decimal("1500000"))
    assert wrongly_paid[4] == "1500000,00"


def test_the_year_before_is_labelled_like_the_key_figures():
    rows = published_figures_rows(publish_figures(demo_figures(), 3))
    labels = {row[1]: row[2] for row in rows if row[0] == "key_figures"}
    previous = {row[1]: row[2] for row in rows if row[0] == "previous_year"}
    assert labels["empact_operations"] == "Of which EMPACT action days"
    assert previous == {name: label for name, label in labels.items() if name != "empact_operations"}
    (persons,) = [row for row in rows if row[:2] == ["previous_year", "persons_checked"]]
    assert persons[3:] == ["fewer than 3", ""]


def test_every_row_has_the_five_columns():
    rows = published_figures_rows(publish_figures(demo_figures(), 3))
    assert {len(row) for row in rows} == {5}
    tables = {row[0] for row in rows[1:]}
    assert {"key_figures", "premises_by_type", "findings_by_agency", "findings_by_category", "money_by_kind"} <= tables


def test_the_press_officer_downloads_the_published_figures_and_the_export_is_logged(petra, spring):
    summary = published_summary(spring.collaboration)
    response = signed_in_client(petra).get(reverse("summary_figures_csv", kwargs={"pk": summary.pk}))
    assert response.status_code == 200
    rows = read_csv(response)
    assert ["key_figures", "visits", "Visits carried out", "5", "5"] in rows
    # Two potential victims are fewer than three.
    assert ["key_figures", "potential_victims", "Potential victims of human trafficking", "fewer than 3", ""] in rows
    assert "attachment" in response["Content-Disposition"]
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.user_id, entry.object_type, entry.object_id) == (petra.pk, "reports.summary", str(summary.pk))
    assert entry.collaboration_id == spring.collaboration.pk


def test_the_published_csv_names_no_premises(petra, spring):
    summary = published_summary(spring.collaboration)
    text = signed_in_client(petra).get(reverse("summary_figures_csv", kwargs={"pk": summary.pk})).content.decode()
    cells = {cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row}
    assert not cells & {"verkstad", "tvatt", "krog", "kiosk_sen"}


def test_a_summary_not_yet_published_has_no_csv(petra, spring):
    summary = published_summary(spring.collaboration, status=SummaryStatus.APPROVED)
    response = signed_in_client(petra).get(reverse("summary_figures_csv", kwargs={"pk": summary.pk}))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_another_collaborations_summary_is_not_found(petra, spring, linkoping):
    summary = published_summary(linkoping)
    assert signed_in_client(petra).get(reverse("summary_figures_csv", kwargs={"pk": summary.pk})).status_code == 404


# --- An agency's own records --------------------------------------------------------------


def test_own_records_are_the_agencys_findings_of_the_period_with_current_money(spring):
    tax = spring.agencies["skatteverket"]
    records = list(
        own_records(collaboration=spring.collaboration, agency_id=tax.pk, period_start=SPRING[0], period_end=SPRING[1])
    )
    assert [r.pk for r in records] == [
        spring.findings[name].pk for name in ("personalliggare", "kassaregister", "svartarbete", "fskatt")
    ]
    undeclared_work = records[2]
    # The 100 000 estimate is superseded by the 90 000 decision: only the current entry counts.
    assert undeclared_work.money_wrongly_paid == 90000
    assert undeclared_work.money_stopped == 50000
    assert records[1].money_wrongly_paid is None


def test_own_records_rows_carry_no_note(spring):
    tax = spring.agencies["skatteverket"]
    for finding in spring.findings.values():
        finding.note = "SECRET-NOTE"
        finding.save(update_fields=["note"])
    records = own_records(
        collaboration=spring.collaboration, agency_id=tax.pk, period_start=SPRING[0], period_end=SPRING[1]
    )
    rows = own_records_rows(records)
    assert rows[0][:8] == [
        "Visit date",
        "Premises",
        "Address",
        "Premises type",
        "Category",
        "Action",
        "Status",
        "Number",
    ]
    assert rows[1][:2] == ["2026-02-10", "verkstad"]
    assert "SECRET-NOTE" not in repr(rows)


def tax_findings_in_spring(norrkoping, skatteverket, count):
    """`count` tax findings at visits carried out in March 2026, each with money."""
    operation = OperationFactory(
        collaboration=norrkoping, start_date=datetime.date(2026, 3, 3), agencies=[skatteverket]
    )
    for index in range(count):
        visit = VisitFactory(
            operation=operation,
            premises=PremisesFactory(collaboration=norrkoping),
            scheduled_at=local_time(operation.start_date, 10, index),
            outcome=VisitOutcome.CARRIED_OUT,
        )
        PaymentEntryFactory(finding=FindingFactory(visit=visit, agency=skatteverket))


@pytest.mark.parametrize("count", [1, 30])
def test_own_records_take_one_query_however_many(norrkoping, skatteverket, count, django_assert_num_queries):
    tax_findings_in_spring(norrkoping, skatteverket, count)
    records = own_records(
        collaboration=norrkoping, agency_id=skatteverket.pk, period_start=SPRING[0], period_end=SPRING[1]
    )
    with django_assert_num_queries(1):
        rows = own_records_rows(records)
    assert len(rows) == count + 1
    assert rows[1][-7:][0] == "150000,00"


def test_the_agency_admin_downloads_the_last_half_year_by_default(sara, spring, autumn):
    response = signed_in_client(sara).get(reverse("own_records_csv"))
    assert response.status_code == 200
    rows = read_csv(response)
    assert [row[1] for row in rows[1:]] == ["verkstad", "tvatt", "verkstad", "krog"]
    assert 'filename="egna-uppgifter-' in response["Content-Disposition"]


def test_the_own_records_export_is_logged_once_and_as_a_read_of_each_finding(sara, spring, autumn):
    signed_in_client(sara).get(reverse("own_records_csv"), {"halvar": "2026-1"})
    tax = spring.agencies["skatteverket"]
    entries = AccessLogEntry.objects.filter(action=AccessAction.EXPORT)
    (export,) = entries.exclude(object_type="findings.finding", object_id__regex=r"^[0-9]+$")
    assert (export.user_id, export.agency_id, export.object_agency_id) == (sara.pk, tax.pk, tax.pk)
    assert export.collaboration_id == spring.collaboration.pk
    reads = entries.filter(object_type="findings.finding", object_id__regex=r"^[0-9]+$")
    expected = {spring.findings[name].pk for name in ("personalliggare", "kassaregister", "svartarbete", "fskatt")}
    assert {int(entry.object_id) for entry in reads} == expected
    assert {entry.object_agency_id for entry in reads} == {tax.pk}


def test_a_half_year_outside_the_list_is_refused_at_the_field(sara, spring, autumn):
    response = signed_in_client(sara).get(reverse("own_records_csv"), {"halvar": "2019-3"})
    assert response.status_code == 400
    assert "Choose one of the half-years in the list." in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_an_agency_the_user_does_not_administer_is_not_taken_from_the_query(sara, spring, autumn):
    fire = spring.agencies["raddningstjansten"]
    response = signed_in_client(sara).get(reverse("own_records_csv"), {"myndighet": fire.pk})
    assert response.status_code == 200
    assert [row[1] for row in read_csv(response)[1:]] == ["verkstad", "tvatt", "verkstad", "krog"]
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT, object_agency_id=fire.pk).count() == 0


def test_a_cell_that_looks_like_a_formula_is_guarded(sara, norrkoping, skatteverket, autumn):
    tax_findings_in_spring(norrkoping, skatteverket, 1)
    Premises.objects.filter(collaboration=norrkoping).update(name='=HYPERLINK("http://example.com")')
    rows = read_csv(signed_in_client(sara).get(reverse("own_records_csv")))
    assert rows[1][1] == '\'=HYPERLINK("http://example.com")'


@pytest.mark.parametrize("person", ["erik", "petra", "anna"])
def test_only_agency_admins_export_their_own_records(request, person, autumn):
    client = signed_in_client(request.getfixturevalue(person))
    assert client.get(reverse("own_records_csv")).status_code == 404
    assert client.get(reverse("own_records")).status_code == 404


def test_the_own_records_page_offers_the_half_years_with_the_last_completed_chosen(sara, autumn):
    response = signed_in_client(sara).get(reverse("own_records"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="2026-1" selected>' in html
    assert 'value="2024-1"' in html
    assert 'value="2023-2"' not in html
    # One agency in one collaboration: nothing else to choose.
    assert 'name="myndighet"' not in html


def test_an_admin_of_two_agencies_chooses_which(sara, spring, autumn):
    fire = spring.agencies["raddningstjansten"]
    MembershipFactory(user=sara, collaboration=spring.collaboration, agency=fire, role=Role.AGENCY_ADMIN)
    client = signed_in_client(sara)
    html = client.get(reverse("own_records")).content.decode()
    assert 'name="myndighet"' in html
    assert 'name="samverkan"' not in html
    rows = read_csv(client.get(reverse("own_records_csv"), {"myndighet": fire.pk}))
    assert [row[1] for row in rows[1:]] == ["kiosk_sen"]
    export = AccessLogEntry.objects.get(action=AccessAction.EXPORT, object_id="egna-uppgifter-2026-1")
    assert export.agency_id == fire.pk


def test_an_agency_the_admin_does_not_administer_is_refused_at_the_field(sara, spring, autumn):
    fire = spring.agencies["raddningstjansten"]
    MembershipFactory(user=sara, collaboration=spring.collaboration, agency=fire, role=Role.AGENCY_ADMIN)
    police = spring.agencies["polisen"]
    response = signed_in_client(sara).get(reverse("own_records_csv"), {"myndighet": police.pk})
    assert response.status_code == 400
    assert "Choose one of the agencies you administer." in response.content.decode()


def test_an_admin_in_two_collaborations_chooses_which(sara, spring, linkoping, skatteverket, autumn):
    MembershipFactory(user=sara, collaboration=linkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
    client = signed_in_client(sara)
    html = client.get(reverse("own_records")).content.decode()
    assert 'name="samverkan"' in html
    assert 'name="myndighet"' not in html
    rows = read_csv(client.get(reverse("own_records_csv"), {"samverkan": linkoping.pk}))
    assert [row[1] for row in rows[1:]] == ["Linköpings verkstad"]
    assert rows[1][-7:][0] == "777777,00"
