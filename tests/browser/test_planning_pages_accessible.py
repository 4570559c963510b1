"""Every page of the planning screens passes axe-core (WCAG 2.1 A/AA) and fits a phone and a
tablet, in Swedish and in English, as the coordinator who plans and as an inspector who reads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspections.services_import import premises_import_create
from tests.factories import (
    CategoryFactory,
    FindingFactory,
    OperationFactory,
    PremisesFactory,
    SignalFactory,
    VisitFactory,
    local_time,
)

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IMPORT_FILE = (
    "Namn;Typ;Adress;Postnummer;Ort;Organisationsnummer;Verksamhet\n"
    "Ny kiosk;Kiosk;Gatan 1;602 21;Norrköping;;\n"
    "Fel typ;Rymdstation;Gatan 2;602 21;Norrköping;;\n"
    "Utan adress;Kiosk;;602 21;Norrköping;;\n"
)


@pytest.fixture
def planned(norrkoping, anna, erik, farah, kommunen, skatteverket, raddningstjansten, polisen):
    """Last spring's operation with a finding, next month's with three visits, and an import."""
    today = timezone.localdate()
    spring = OperationFactory(
        collaboration=norrkoping,
        name="LOS-kväll i våras",
        start_date=today - datetime.timedelta(days=200),
        end_date=today - datetime.timedelta(days=200),
        agencies=[skatteverket, raddningstjansten, kommunen],
    )
    premises = [PremisesFactory(collaboration=norrkoping, name=f"Lokal {n}") for n in range(1, 5)]
    earlier = VisitFactory(operation=spring, premises=premises[0], outcome="carried_out", persons_checked=3)
    # get-or-create: a live-server test empties the tables after itself, the seeded catalogue too.
    staff_ledger = CategoryFactory(agency_kind="tax", code="staff-ledger")
    FindingFactory(visit=earlier, agency=skatteverket, category=staff_ledger)
    SignalFactory(premises=premises[1], source_agency=polisen, received_on=today - datetime.timedelta(days=20))
    coming = today + datetime.timedelta(days=20)
    operation = OperationFactory(
        collaboration=norrkoping,
        name="LOS-kväll nästa månad",
        start_date=coming,
        end_date=coming,
        agencies=[skatteverket, raddningstjansten, kommunen],
    )
    operation.inspectors.add(erik, farah)
    visits = [
        VisitFactory(operation=operation, premises=p, position=n, scheduled_at=local_time(coming, 18 + n))
        for n, p in enumerate(premises[:3], start=1)
    ]
    upload = SimpleUploadedFile("lokaler.csv", IMPORT_FILE.encode())
    premises_import = premises_import_create(collaboration=norrkoping, by=anna, uploaded_file=upload)
    return {
        "premises": premises[0],
        "operation": operation,
        "visit": visits[0],
        "import": premises_import,
        "month": coming.strftime("%Y-%m"),
    }


def _coordinator_pages(p):
    operation = p["operation"].pk
    return [
        "/lokaler/",
        "/lokaler/?area=60&months=abc",  # with errors at the fields
        f"/lokaler/{p['premises'].pk}/",
        "/lokaler/ny/",
        f"/lokaler/{p['premises'].pk}/andra/",
        f"/lokaler/{p['premises'].pk}/handelser/ny/",
        "/lokaler/import/",
        f"/lokaler/import/{p['import'].pk}/",
        "/insatser/",
        "/insatser/ny/",
        f"/insatser/{operation}/",
        f"/insatser/{operation}/andra/",
        f"/insatser/{operation}/kandidater/",
        f"/insatser/{operation}/sok-lokal/?q=Lokal",
        f"/insatser/besok/{p['visit'].pk}/utfall/",
        f"/kalender/?manad={p['month']}",
        f"/insatser/{operation}/genomgang/",
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_planning_page_is_accessible_to_the_coordinator(page, live, anna, planned, language):
    sign_in(page, live, anna, language=language)
    for path in _coordinator_pages(planned):
        response = page.goto(f"{live.url}{path}")
        assert response.status in (200, 400), f"{path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language
        check_page(page)


def test_the_inspectors_read_only_pages_are_accessible(page, live, erik, planned):
    sign_in(page, live, erik)
    operation = planned["operation"].pk
    for path in ["/insatser/", f"/insatser/{operation}/", f"/kalender/?manad={planned['month']}"]:
        assert page.goto(f"{live.url}{path}").status == 200
        check_page(page)


def test_form_errors_are_announced_and_tied_to_their_fields(page, live, anna, planned):
    sign_in(page, live, anna)
    page.goto(f"{live.url}/insatser/ny/")
    page.fill("input[name=name]", "Insats utan datum")
    page.click("main form button[type=submit]")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    # The summary takes focus, so a screen reader reads it out at once.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    start = page.locator("input[name=start_date]")
    assert start.get_attribute("aria-invalid") == "true"
    described_by = start.get_attribute("aria-describedby") or ""
    error_id = next(part for part in described_by.split() if part.endswith("_error"))
    assert page.locator(f"#{error_id}").inner_text().strip()
    # The summary's link leads to the field.
    summary.locator("a[href='#id_start_date']").click()
    assert page.evaluate("document.activeElement.name") == "start_date"
    check_page(page)


def test_a_wrong_organisation_number_is_explained_as_the_coordinator_leaves_the_field(page, live, anna):
    sign_in(page, live, anna, language="en")
    page.goto(f"{live.url}/lokaler/ny/")
    page.fill("input[name=org_number]", "556677-8890")
    page.keyboard.press("Tab")
    error = page.locator("#id_org_number_error")
    error.wait_for()
    assert "check digit does not match" in error.inner_text()
    assert page.locator("input[name=org_number]").get_attribute("aria-invalid") == "true"
    # Focus stays where the coordinator went next.
    assert page.evaluate("document.activeElement.name") == "business_name"
    page.fill("input[name=org_number]", "556677-8899")
    page.keyboard.press("Tab")
    error.wait_for(state="detached")
    check_page(page)
