"""finding_update: the owning agency's inspector changes what was recorded; a save carrying an
older version than the saved one is refused and writes nothing (no lost update)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import AccessAction, AccessLogEntry
from findings.models import ActionKind, FindingStatus
from findings.services_record import finding_update
from findings.versioning import STALE_MESSAGE, StaleFinding

from .factories import cash_register, fire_safety, indicator, persons_arrested, staff_ledger, trafficking_indicators
from .record_factories import *  # noqa: F403
from .record_factories import record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evening_of_the_visit")]


@pytest.fixture
def finding(erik, skatteverket, visit):
    return record(
        visit=visit,
        agency=skatteverket,
        by=erik,
        category=staff_ledger(),
        note="Personalliggaren saknades.",
        action=ActionKind.ADVICE,
        follow_up_date=datetime.date(2025, 4, 1),
    )


def update(finding, by, **overrides):
    values = {
        "expected_version": finding.version,
        "category": finding.category,
        "note": finding.note,
        "quantity": finding.quantity,
        "indicators": list(finding.indicators.all()),
    }
    values.update(overrides)
    return finding_update(finding=finding, by=by, **values)


def test_the_owner_changes_category_and_note_and_the_version_goes_up(erik, finding):
    update(finding, erik, category=cash_register(), note="Kassaregistret saknades.")
    finding.refresh_from_db()
    assert (finding.category, finding.note, finding.version) == (cash_register(), "Kassaregistret saknades.", 2)
    # The lifecycle is not changed here.
    assert (finding.status, finding.action) == (FindingStatus.FOLLOW_UP_DUE, ActionKind.ADVICE)
    assert finding.follow_up_date == datetime.date(2025, 4, 1)


def test_a_change_is_written_to_the_access_log(erik, finding):
    update(finding, erik, note="ny")
    row = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (row.username, row.object_id) == ("erik", str(finding.pk))


def test_a_save_from_an_older_version_is_refused_and_writes_nothing(erik, olle, finding):
    opened_by_olle = type(finding).objects.get(pk=finding.pk)
    update(finding, erik, note="Eriks version")
    with pytest.raises(StaleFinding) as caught:
        update(opened_by_olle, olle, note="Olles version", expected_version=1, category=cash_register())
    assert caught.value.messages == [str(STALE_MESSAGE)]
    finding.refresh_from_db()
    assert (finding.note, finding.category, finding.version) == ("Eriks version", staff_ledger(), 2)
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE).count() == 1


def test_a_stale_save_does_not_change_the_indicators_either(omar, polisen, visit):
    ticked = [indicator("lives-at-workplace")]
    finding = record(visit=visit, agency=polisen, by=omar, category=trafficking_indicators(), indicators=ticked)
    update(finding, omar, note="först")
    with pytest.raises(StaleFinding):
        update(finding, omar, expected_version=1, indicators=[indicator("debt-bondage")])
    assert list(finding.indicators.values_list("code", flat=True)) == ["lives-at-workplace"]


def test_a_category_of_another_agency_is_refused(erik, finding):
    with pytest.raises(ValidationError) as caught:
        update(finding, erik, category=fire_safety())
    assert caught.value.message_dict["category"] == ["This category belongs to another agency's catalogue."]
    finding.refresh_from_db()
    assert (finding.category, finding.version) == (staff_ledger(), 1)


def test_the_number_follows_the_new_category(omar, polisen, visit):
    finding = record(visit=visit, agency=polisen, by=omar, category=persons_arrested(), quantity=2)
    with pytest.raises(ValidationError) as caught:
        update(finding, omar, quantity=None)
    assert caught.value.message_dict["quantity"] == ["Enter the number for this category."]
    update(finding, omar, category=trafficking_indicators(), indicators=[indicator("no-id-documents")])
    finding.refresh_from_db()
    assert finding.quantity is None
    assert finding.category == trafficking_indicators()


def test_a_category_retired_since_may_stay_but_not_be_chosen_anew(erik, finding):
    retired = cash_register()
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError):
        update(finding, erik, category=retired)
    staff = staff_ledger()
    staff.is_active = False
    staff.save()
    update(finding, erik, note="Samma kategori, ny anteckning")
    finding.refresh_from_db()
    assert finding.note == "Samma kategori, ny anteckning"


@pytest.mark.parametrize("who", ["farah", "sara", "anna"])
def test_only_the_owning_agencys_inspectors_change_a_finding(request, finding, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        update(finding, user, note="intrång")
    finding.refresh_from_db()
    assert (finding.note, finding.version) == ("Personalliggaren saknades.", 1)
