"""Findings: the agency's own catalogue, an agency of the operation, a follow-up after the visit."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agencies.models import AgencyKind
from findings.models import Finding

from .factories import VISIT_DAY, category, staff_ledger


def a_finding(visit, agency, category, **fields):
    return Finding(collaboration=visit.operation.collaboration, visit=visit, agency=agency, category=category, **fields)


def test_erik_records_a_tax_finding_at_the_visit(visit, erik, skatteverket):
    finding = a_finding(visit, skatteverket, staff_ledger(), created_by=erik, follow_up_date=datetime.date(2025, 4, 10))
    finding.full_clean()
    finding.save()
    assert finding.version == 1


def test_it_refuses_a_category_from_another_agencys_catalogue(visit, skatteverket):
    with pytest.raises(ValidationError) as excinfo:
        a_finding(visit, skatteverket, category(AgencyKind.FIRE_RESCUE, "escape-routes")).full_clean()
    assert excinfo.value.message_dict == {"category": ["This category belongs to another agency's catalogue."]}


def test_it_refuses_an_agency_that_did_not_take_part_in_the_operation(visit, polisen):
    # The police are part of LOS Norrköping but not of this operation.
    crime_reported = category(AgencyKind.POLICE, "crime-reported")
    with pytest.raises(ValidationError) as excinfo:
        a_finding(visit, polisen, crime_reported).full_clean()
    assert excinfo.value.message_dict == {"agency": ["This agency did not take part in the operation."]}


def test_it_refuses_a_follow_up_before_the_visit(visit, skatteverket):
    day_before = VISIT_DAY - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        a_finding(visit, skatteverket, staff_ledger(), follow_up_date=day_before).full_clean()
    assert excinfo.value.message_dict == {"follow_up_date": ["The follow-up cannot be before the visit."]}


def test_it_accepts_a_follow_up_on_the_day_of_the_visit(visit, skatteverket):
    a_finding(visit, skatteverket, staff_ledger(), follow_up_date=VISIT_DAY).full_clean()


def test_it_compares_the_follow_up_with_the_day_of_the_visit_in_sweden(visit, skatteverket):
    # Half past midnight on 11 March in Sweden is still 10 March in UTC.
    visit.scheduled_at = datetime.datetime(2025, 3, 10, 23, 30, tzinfo=datetime.UTC)
    visit.save()
    with pytest.raises(ValidationError) as excinfo:
        a_finding(visit, skatteverket, staff_ledger(), follow_up_date=datetime.date(2025, 3, 10)).full_clean()
    assert "follow_up_date" in excinfo.value.message_dict


def test_it_refuses_a_finding_filed_under_another_collaboration(visit, linkoping, skatteverket):
    finding = a_finding(visit, skatteverket, staff_ledger())
    finding.collaboration = linkoping
    with pytest.raises(ValidationError) as excinfo:
        finding.full_clean()
    assert excinfo.value.message_dict == {"visit": ["The visit belongs to another collaboration."]}
