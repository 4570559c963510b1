"""A coordinator's evening of planning, in a real browser, in Swedish.

anna imports the municipality's premises list (one row is bad), plans yesterday evening's
LOS operation from the ranked candidates with three visits, is warned that erik is also
booked on the tax agency's national control, and records what came of each visit.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from inspections.models import Operation, Premises, PremisesType, SignalKind, Visit, VisitOutcome
from inspections.orgnr import format_org_number, with_check_digit
from tests.factories import OperationFactory, PremisesFactory, SignalFactory

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOT = "planning-operation.png"
DOCS = Path(__file__).resolve().parents[2] / "docs"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _premises_file():
    good_one = format_org_number(with_check_digit("998877665"))
    good_two = format_org_number(with_check_digit("998877112"))
    bad = "556677-8890"  # wrong check digit
    rows = [
        "Namn;Typ;Adress;Postnummer;Ort;Organisationsnummer;Verksamhet",
        f"Hamnens Däckservice;Bilverkstad;Kajvägen 2;602 39;Norrköping;{good_one};Hamnens Däck HB",
        f"Tvätthallen Norr;Biltvätt;Norra Promenaden 40;602 18;Norrköping;{good_two};Tvätthallen HB",
        f"Kiosk Felnumret;Kiosk;Trädgårdsgatan 3;602 25;Norrköping;{bad};Felnumrets Kiosk HB",
    ]
    # Saved by Excel on Windows: Windows-1252, semicolons.
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


@pytest.fixture
def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def register(norrkoping, kommunen, polisen, yesterday):
    """Premises with a summer behind them: three with police events rank first."""
    hot = [
        PremisesFactory(collaboration=norrkoping, name=name, premises_type=kind)
        for name, kind in [
            ("Verkstaden vid Ån", PremisesType.CAR_REPAIR),
            ("Biltvätten Syd", PremisesType.CAR_WASH),
            ("Grillen på Torget", PremisesType.RESTAURANT),
        ]
    ]
    for premises in hot:
        for weeks in (2, 5):
            SignalFactory(
                premises=premises,
                kind=SignalKind.POLICE_EVENT,
                received_on=yesterday - datetime.timedelta(weeks=weeks),
                source_agency=polisen,
            )
    PremisesFactory(collaboration=norrkoping, name="Lugna Frisören", premises_type=PremisesType.BARBER)
    return hot


@pytest.fixture
def national_control(norrkoping, skatteverket, erik, yesterday):
    """The tax agency's own control the same evening, with erik booked on it."""
    operation = OperationFactory(
        collaboration=norrkoping,
        name="Nationell kontroll av biltvättar",
        kind="national",
        start_date=yesterday,
        end_date=yesterday,
        agencies=[skatteverket],
    )
    operation.inspectors.add(erik)
    return operation


def test_a_coordinator_imports_plans_from_the_candidates_and_records_the_outcomes(
    page, live, anna, erik, farah, kommunen, skatteverket, raddningstjansten, register, national_control, yesterday
):
    sign_in(page, live, anna)

    # 1. Import the premises list; the bad row is shown with its reason and left out.
    page.goto(f"{live.url}/lokaler/")
    page.click("a[href='/lokaler/import/']")
    page.set_input_files(
        "input[name=file]", files=[{"name": "lokaler.csv", "mimeType": "text/csv", "buffer": _premises_file()}]
    )
    page.click("main form button[type=submit]")
    assert "/lokaler/import/" in page.url
    assert page.locator("tbody tr").count() == 3
    assert page.locator("tbody .status--new").count() == 2
    error_row = page.locator("tbody tr", has=page.locator(".status--error"))
    assert error_row.count() == 1
    assert "Kiosk Felnumret" in error_row.inner_text()
    check_page(page)
    page.click("form[action$='/bekrafta/'] button[type=submit]")
    assert page.url.endswith("/lokaler/")
    assert page.locator(".messages").is_visible()
    assert Premises.objects.filter(name__in=["Hamnens Däckservice", "Tvätthallen Norr"]).count() == 2
    assert not Premises.objects.filter(name="Kiosk Felnumret").exists()

    # 2. Plan yesterday evening's operation with erik and farah booked.
    page.goto(f"{live.url}/insatser/")
    page.click("a[href='/insatser/ny/']")
    page.fill("input[name=name]", "LOS-kväll i hamnen")
    page.select_option("select[name=kind]", "los")
    page.fill("input[name=start_date]", yesterday.isoformat())
    page.fill("input[name=end_date]", yesterday.isoformat())
    for agency in (kommunen, skatteverket, raddningstjansten):
        page.check(f"input[name=agencies][value='{agency.pk}']")
    for inspector in (erik, farah):
        page.check(f"input[name=inspectors][value='{inspector.pk}']")
    page.click("main form button[type=submit]")
    operation = Operation.objects.get(name="LOS-kväll i hamnen")
    assert page.url.endswith(f"/insatser/{operation.pk}/")

    # 3. The double booking is a warning, not a block.
    warning = page.locator(".warning")
    assert erik.get_full_name() in warning.inner_text()
    assert national_control.name in warning.inner_text()
    assert farah.get_full_name() not in warning.inner_text()

    # 4. Add the three highest-ranked candidates.
    page.click(f"a[href='/insatser/{operation.pk}/kandidater/']")
    check_page(page)
    candidate_rows = page.locator("tbody tr:has(form[action$='/besok/ny/'])")
    ranked = candidate_rows.all_inner_texts()
    for name in ("Verkstaden vid Ån", "Biltvätten Syd", "Grillen på Torget"):
        assert name in " ".join(ranked[:3])
    for _ in range(3):
        candidate_rows.first.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.url.endswith("/kandidater/")
    chosen = set(operation.visits.values_list("premises__name", flat=True))
    assert chosen == {"Verkstaden vid Ån", "Biltvätten Syd", "Grillen på Torget"}
    page.goto(f"{live.url}/insatser/{operation.pk}/")
    assert page.locator("#visit-list tbody tr").count() == 3

    # 5. Move the last visit up with the keyboard alone.
    last = operation.visits.order_by("position").last()
    up = page.locator(f"#visit-{last.pk} form:has(input[value=up]) button")
    up.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#visit-list tbody tr')[1].id === 'visit-{last.pk}'", timeout=10_000
    )
    order = list(operation.visits.order_by("position").values_list("pk", flat=True))
    assert order[1] == last.pk
    # The focus comes back to the moved visit's button, so the keyboard user can press again.
    page.wait_for_function(
        f"document.activeElement && document.activeElement.getAttribute('data-focus-group') === 'visit-{last.pk}'",
        timeout=10_000,
    )

    # 6. Record what came of each visit: two carried out, one found closed.
    outcomes = {}
    for number, visit in enumerate(operation.visits.order_by("position")):
        page.goto(f"{live.url}/insatser/{operation.pk}/")
        page.click(f"a[href='/insatser/besok/{visit.pk}/utfall/']")
        if number == 0:
            check_page(page)
        outcome = VisitOutcome.CLOSED if number == 2 else VisitOutcome.CARRIED_OUT
        page.check(f"input[name=outcome][value={outcome}]")
        page.fill("input[name=persons_checked]", "0" if outcome == VisitOutcome.CLOSED else str(3 + number))
        page.fill("input[name=minutes_spent]", "45")
        page.click("main form button[type=submit]")
        assert page.url.endswith(f"/insatser/{operation.pk}/"), page.url
        outcomes[visit.pk] = outcome
    recorded = {
        v.pk: (v.outcome, v.persons_checked, v.minutes_spent) for v in Visit.objects.filter(operation=operation)
    }
    first, second, third = operation.visits.order_by("position")
    assert recorded == {
        first.pk: (VisitOutcome.CARRIED_OUT, 3, 45),
        second.pk: (VisitOutcome.CARRIED_OUT, 4, 45),
        third.pk: (VisitOutcome.CLOSED, 0, 45),
    }
    check_page(page)
    _keep_screenshot(page)


def _keep_screenshot(page):
    """The README's picture of a planned operation; refreshed with LOS_UPDATE_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    shot = ARTIFACTS / SCREENSHOT
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("LOS_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, DOCS / SCREENSHOT)
