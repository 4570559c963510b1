"""An inspector's evening at a LOS visit, on a 390 px phone, in Swedish.

erik of the tax agency opens today's visit from "My visits", records undeclared work with an
injunction and a follow-up date (the empty form is refused first), adds the wage subsidy
paid without right to the money ledger, and attaches a photo taken with GPS on: the HTML
file renamed .jpg is refused, the photo is stored without its location. axe-core finds
nothing on any of these pages.
"""

import datetime
import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.utils import timezone
from PIL import Image

from agencies.models import AgencyKind
from findings.models import ActionKind, Evidence, Finding, FindingStatus, PaymentEntry, PaymentKind
from tests.factories import (
    ActionOptionFactory,
    CategoryFactory,
    OperationFactory,
    PremisesFactory,
    VisitFactory,
    local_time,
)

from .conftest import PHONE, check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOT = "recording-a-finding.png"
DOCS = Path(__file__).resolve().parents[2] / "docs"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
GPS_IFD = 0x8825


def _photo_with_location():
    """A JPEG as a phone takes it: with the place it was taken in its EXIF."""
    image = Image.new("RGB", (640, 480), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"  # camera make
    exif[GPS_IFD] = {1: "N", 2: (58.0, 35.0, 12.0), 3: "E", 4: (16.0, 11.0, 3.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def tonight(norrkoping, skatteverket, erik):
    """Today's LOS evening with the tax agency, one visit at a car wash at 18:00."""
    # The catalogues come from migrations; a test that empties the tables may have removed them.
    category = CategoryFactory(agency_kind=AgencyKind.TAX, code="undeclared-work", name="Svartarbete")
    for action in (ActionKind.ADVICE, ActionKind.INJUNCTION):
        ActionOptionFactory(agency_kind=AgencyKind.TAX, action=action)
    today = timezone.localdate()
    operation = OperationFactory(collaboration=norrkoping, name="LOS-kväll", start_date=today, agencies=[skatteverket])
    premises = PremisesFactory(collaboration=norrkoping, name="Tvätthallen Norr", address="Norra Promenaden 40")
    visit = VisitFactory(operation=operation, premises=premises, scheduled_at=local_time(today, 18))
    visit.inspectors.add(erik)
    return visit, category


def test_an_inspector_records_a_finding_with_money_and_a_photo_on_a_phone(page, live, erik, tonight):
    visit, category = tonight
    page.set_viewport_size(PHONE)
    sign_in(page, live, erik)

    page.goto(f"{live.url}/besok/")
    check_page(page)
    page.click(f"a[href='/besok/{visit.pk}/']")
    check_page(page)
    page.click(f"a[href='/besok/{visit.pk}/ny-iakttagelse/']")
    check_page(page)

    # The empty form: refused, with the reason at the category.
    page.click("main button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#id_category_error, .field--error").first.is_visible()
    check_page(page)
    assert not Finding.objects.exists()

    follow_up = timezone.localdate() + datetime.timedelta(days=30)
    page.check(f"input[name=category][value='{category.pk}']")
    page.select_option("select[name=action]", ActionKind.INJUNCTION)
    page.fill("input[name=follow_up_date]", follow_up.isoformat())
    page.fill("textarea[name=note]", "Två personer i arbetskläder saknades i personalliggaren.")
    page.click("main button[type=submit]")
    finding = Finding.objects.get()
    page.wait_for_url(f"{live.url}/iakttagelser/{finding.pk}/")
    assert (finding.status, finding.action, finding.follow_up_date) == (
        FindingStatus.FOLLOW_UP_DUE,
        ActionKind.INJUNCTION,
        follow_up,
    )
    check_page(page)

    page.click(f"a[href='/iakttagelser/{finding.pk}/belopp/ny/']")
    check_page(page)
    page.select_option("select[name=kind]", PaymentKind.WRONGLY_PAID)
    page.select_option("select[name=support_kind]", "wage_subsidy")
    page.fill("input[name=amount]", "150 000")
    page.check("input[name=status][value=decided]")
    page.fill("input[name=decision_date]", timezone.localdate().isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live.url}/iakttagelser/{finding.pk}/")
    entry = PaymentEntry.objects.get(finding=finding)
    assert entry.amount == 150000
    assert "150\xa0000\xa0kr" in page.inner_text("main") or "150 000 kr" in page.inner_text("main")

    page.click(f"a[href='/iakttagelser/{finding.pk}/filer/ny/']")
    check_page(page)
    page.set_input_files(
        "input[name=upload]",
        {"name": "bild.jpg", "mimeType": "image/jpeg", "buffer": b"<html><script>alert(1)</script></html>"},
    )
    page.click("main button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    check_page(page)
    assert not Evidence.objects.exists()

    page.set_input_files(
        "input[name=upload]", {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": _photo_with_location()}
    )
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live.url}/iakttagelser/{finding.pk}/")
    evidence = Evidence.objects.get(finding=finding)
    assert "IMG_2041.jpg" in page.inner_text("main")
    with storages["evidence"].open(evidence.stored_name) as stored:
        kept = Image.open(stored)
        kept.load()
    assert not kept.getexif(), "the stored photo still carries EXIF (GPS)"
    check_page(page)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / SCREENSHOT), full_page=True)
    if os.environ.get("LOS_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(ARTIFACTS / SCREENSHOT, DOCS / SCREENSHOT)
