"""follow_ups_due_at: at a later visit, the agency's earlier findings at the premises whose
follow-up is due, each with the way to record the follow-up made at this visit."""

import datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from findings.models import FindingStatus
from findings.selectors_lifecycle import follow_ups_due_at
from inspections.models import OperationStatus, VisitOutcome
from tests.clients import signed_in_client
from tests.factories import PremisesFactory, local_time

from .factories import fire_finding, later_visit, tax_finding

pytestmark = pytest.mark.django_db

S = FindingStatus


@pytest.fixture
def follow_up_visit(visit, skatteverket, raddningstjansten):
    return later_visit(visit, [skatteverket, raddningstjansten], day=datetime.date(2025, 4, 14))


def test_it_lists_the_agencys_earlier_findings_due_at_the_premises(
    skatteverket, raddningstjansten, norrkoping, visit, follow_up_visit
):
    due = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    tax_finding(visit, skatteverket, S.CORRECTED)  # settled
    tax_finding(visit, skatteverket, S.ACTION_TAKEN)  # no follow-up planned
    fire_finding(visit, raddningstjansten, S.FOLLOW_UP_DUE)  # another agency's
    tax_finding(follow_up_visit, skatteverket, S.FOLLOW_UP_DUE)  # made at this very visit
    elsewhere = later_visit(
        visit, [skatteverket], day=datetime.date(2025, 3, 20), premises=PremisesFactory(collaboration=norrkoping)
    )
    tax_finding(elsewhere, skatteverket, S.FOLLOW_UP_DUE)  # other premises
    later = later_visit(visit, [skatteverket], day=datetime.date(2025, 5, 5))
    tax_finding(later, skatteverket, S.FOLLOW_UP_DUE)  # made after this visit
    assert list(follow_ups_due_at(follow_up_visit, skatteverket)) == [due]


def test_the_fire_service_sees_its_own_at_the_same_visit(skatteverket, raddningstjansten, visit, follow_up_visit):
    tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    fire = fire_finding(visit, raddningstjansten, S.FOLLOW_UP_DUE)
    assert list(follow_ups_due_at(follow_up_visit, raddningstjansten)) == [fire]


def test_the_rows_come_with_what_the_page_shows_in_one_query(
    skatteverket, visit, follow_up_visit, django_assert_num_queries
):
    for _ in range(3):
        tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    with django_assert_num_queries(1):
        rows = [
            (f.category.label, f.visit.premises.name, f.visit.operation.name, f.is_overdue)
            for f in follow_ups_due_at(follow_up_visit, skatteverket)
        ]
    assert len(rows) == 3


def test_the_list_links_to_the_status_form_with_this_visit(skatteverket, visit, follow_up_visit):
    due = tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE, follow_up_date=datetime.date(2025, 4, 1))
    with time_machine.travel(local_time(datetime.date(2025, 4, 14), 18), tick=False):
        html = render_to_string(
            "findings/_follow_ups_at_visit.html",
            {"follow_ups_here": follow_ups_due_at(follow_up_visit, skatteverket), "visit": follow_up_visit},
        )
    link = reverse("finding_transition", kwargs={"pk": due.pk}) + f"?besok={follow_up_visit.pk}"
    assert f'href="{link}"' in html
    assert "Record the follow-up made at this visit" in html
    assert "Overdue" in html


def test_nothing_due_shows_nothing(skatteverket, follow_up_visit):
    html = render_to_string(
        "findings/_follow_ups_at_visit.html",
        {"follow_ups_here": follow_ups_due_at(follow_up_visit, skatteverket), "visit": follow_up_visit},
    )
    assert html.strip() == ""


def test_a_visit_still_to_come_offers_no_follow_up(erik, skatteverket, visit, follow_up_visit):
    # The follow-up visit is at 18:00 on 14 April; at noon it has not been made.
    tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    with time_machine.travel(local_time(datetime.date(2025, 4, 14), 12), tick=False):
        assert follow_ups_due_at(follow_up_visit, skatteverket) == []
        page = signed_in_client(erik).get(reverse("visit_work", args=[follow_up_visit.pk])).content.decode()
    assert "Record the follow-up made at this visit" not in page
    with time_machine.travel(local_time(datetime.date(2025, 4, 14), 18), tick=False):
        assert len(follow_ups_due_at(follow_up_visit, skatteverket)) == 1


@pytest.mark.parametrize("cancelled", ["visit", "operation"])
def test_a_cancelled_visit_offers_no_follow_up(skatteverket, visit, follow_up_visit, cancelled):
    tax_finding(visit, skatteverket, S.FOLLOW_UP_DUE)
    if cancelled == "visit":
        follow_up_visit.outcome = VisitOutcome.CANCELLED
        follow_up_visit.save()
    else:
        follow_up_visit.operation.status = OperationStatus.CANCELLED
        follow_up_visit.operation.save()
    assert follow_ups_due_at(follow_up_visit, skatteverket) == []
