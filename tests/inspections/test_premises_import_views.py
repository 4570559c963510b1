"""The import screens: upload, preview, confirm and the error report, for coordinators only."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Role
from inspections.models import Business, ImportStatus, Premises, PremisesImport
from tests.factories import MembershipFactory, PremisesFactory, PremisesImportFactory, UserFactory

HEADER = "Namn;Typ;Adress;Postnummer;Ort;Organisationsnummer;Verksamhet;Anteckning"
FILE = (
    f"{HEADER}\n"
    "Kiosken vid torget;Kiosk;Torget 1;60221;Norrköping;990202-2228;Torgkiosk AB;\n"
    "Hageby Bilservice;Biltvätt;Kvarngatan 4;602 21;;;;\n"
    "Hageby Bilservice;Bilverkstad;Kvarngatan 4;602 21;;;;\n"
    "Grillen;Restaurang;;60221;;;;\n"
)
UPLOAD = reverse("premises_import_upload")


def csv_file(text, name="lokaler.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def preview_url(premises_import):
    return reverse("premises_import_preview", kwargs={"pk": premises_import.pk})


def commit_url(premises_import):
    return reverse("premises_import_commit", kwargs={"pk": premises_import.pk})


def errors_url(premises_import):
    return reverse("premises_import_errors", kwargs={"pk": premises_import.pk})


def row(line, name, premises_type="Kiosk", address="Gatan 1", **more):
    values = dict.fromkeys(["city", "org_number", "business_name", "notes"], "")
    values |= {"name": name, "premises_type": premises_type, "address": address, "postal_code": "60221"}
    return {"line": line, "values": values | more}


@pytest.fixture
def as_anna(client, anna):
    client.force_login(anna)
    client.cookies["django_language"] = "en"  # messages are asserted in English
    return client


@pytest.fixture
def hageby(norrkoping):
    return PremisesFactory(
        collaboration=norrkoping, name="Hageby Bilservice", premises_type="car_repair", address="Kvarngatan 4"
    )


@pytest.fixture
def uploaded(norrkoping, anna, hageby):
    """FILE, uploaded: one new, one update, one duplicate of line 3, one error (no address)."""
    rows = [
        row(2, "Kiosken vid torget", address="Torget 1", org_number="990202-2228", business_name="Torgkiosk AB"),
        row(3, "Hageby Bilservice", "Biltvätt", "Kvarngatan 4"),
        row(4, "Hageby Bilservice", "Bilverkstad", "Kvarngatan 4"),
        row(5, "Grillen", "Restaurang", ""),
    ]
    return PremisesImportFactory(collaboration=norrkoping, created_by=anna, rows=rows)


@pytest.fixture
def lars(linkoping, polisen):
    """Coordinates LOS Linköping."""
    user = UserFactory(username="lars")
    MembershipFactory(user=user, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    return user


# --- Upload --------------------------------------------------------------------------------


def test_the_upload_page_explains_the_columns_and_encodings(as_anna):
    response = as_anna.get(UPLOAD)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert '<label for="id_file">File with premises</label>' in body
    assert "name, type, address and postal code are needed" in body
    assert "UTF-8 or Windows-1252" in body
    assert "/static/examples/lokaler-exempel.csv" in body
    # Anna coordinates one collaboration: nothing to choose.
    assert 'name="collaboration"' not in body


def test_an_upload_leads_to_the_preview_and_saves_nothing_in_the_register(as_anna, norrkoping, hageby):
    before = (Premises.objects.count(), Business.objects.count())
    response = as_anna.post(UPLOAD, {"file": csv_file(FILE, "våren.csv")})
    premises_import = PremisesImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(premises_import)
    assert (premises_import.collaboration, premises_import.file_name) == (norrkoping, "våren.csv")
    assert len(premises_import.rows) == 4
    as_anna.get(preview_url(premises_import))
    assert (Premises.objects.count(), Business.objects.count()) == before


def test_a_comma_separated_windows_1252_file_with_english_headers_is_read(as_anna):
    text = "Name,Type,Street address,Postal code,City\r\nGästgiveri Åsen,restaurant,Åsgatan 2,602 23,Norrköping\r\n"
    response = as_anna.post(UPLOAD, {"file": csv_file(text, encoding="cp1252")})
    assert response.status_code == 302
    body = as_anna.get(response["Location"]).content.decode()
    assert "Gästgiveri Åsen" in body
    assert "Import 1 valid row<" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Namn;Typ;Adress;Postnummer\n" + b"x" * (3 * 1024 * 1024), "The file is larger than 2 MB."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file cannot be read as text."),
        ("Namn;Ort\nKiosken;Norrköping\n".encode(), "The file lacks the columns: Type, Address, Postal code."),
        (b"Namn" + b"x" * 140_000 + b";Typ;Adress;Postnummer\nKiosken;Kiosk;Gatan 1;60221\n", "Line 1 is longer than"),
    ],
    ids=["three-megabytes", "binary", "missing-columns", "header-longer-than-a-csv-cell"],
)
def test_a_file_that_cannot_be_used_is_refused_at_the_file_field(as_anna, data, message):
    response = as_anna.post(UPLOAD, {"file": SimpleUploadedFile("lokaler.csv", data)})
    assert response.status_code == 400
    assert message in response.context["form"].errors["file"][0]
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert '<span class="field-error" id="id_file_error">' in body
    assert not PremisesImport.objects.exists()


def test_an_upload_without_a_file_is_refused(as_anna):
    response = as_anna.post(UPLOAD, {})
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["Choose the file to import."]


def test_a_coordinator_of_two_collaborations_chooses_one_and_cannot_pick_another(
    client, anna, norrkoping, linkoping, kommunen
):
    third = MembershipFactory(role=Role.COORDINATOR, agency=kommunen).collaboration
    MembershipFactory(user=anna, collaboration=third, agency=kommunen, role=Role.COORDINATOR)
    client.force_login(anna)
    client.cookies["django_language"] = "en"
    body = client.get(UPLOAD).content.decode()
    assert 'name="collaboration"' in body
    assert "LOS Linköping" not in body
    response = client.post(UPLOAD, {"collaboration": linkoping.pk, "file": csv_file(FILE)})
    assert response.status_code == 400
    assert response.context["form"].errors["collaboration"] == ["Choose one of the collaborations you coordinate."]
    response = client.post(UPLOAD, {"collaboration": "x" * 30, "file": csv_file(FILE)})
    assert response.status_code == 400
    response = client.post(UPLOAD, {"collaboration": third.pk, "file": csv_file(FILE)})
    assert response.status_code == 302
    assert PremisesImport.objects.get().collaboration == third


# --- Preview -------------------------------------------------------------------------------


def test_the_preview_shows_counts_rows_reasons_and_the_confirm_button(as_anna, uploaded):
    response = as_anna.get(preview_url(uploaded))
    assert response.status_code == 200
    body = response.content.decode()
    assert [(status, count) for status, _label, count in response.context["counts"]] == [
        ("new", 1),
        ("update", 1),
        ("duplicate", 1),
        ("error", 1),
    ]
    assert body.count('<span class="status status--new">New</span>') == 2  # the count and the row
    assert '<span class="status status--error">Error</span>' in body
    assert "Type: Car repair shop → Car wash." in body
    assert "Repeats line 3 of the file; only that line is imported." in body
    assert "The address is missing." in body
    assert "Import 2 valid rows" in body
    assert "1 row with errors will be left out." in body
    assert f'action="{commit_url(uploaded)}"' in body
    assert f'href="{errors_url(uploaded)}"' in body
    assert f'href="{UPLOAD}"' in body


def test_the_preview_can_show_the_rows_of_one_status(as_anna, uploaded):
    response = as_anna.get(preview_url(uploaded), {"visa": "error"})
    assert [r.line for r in response.context["page"].object_list] == [5]
    response = as_anna.get(preview_url(uploaded), {"visa": "nonsense", "sida": "99999999999"})
    assert response.status_code == 200
    assert [r.line for r in response.context["page"].object_list] == [2, 3, 4, 5]


def _preview_queries(client, premises_import):
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        assert client.get(preview_url(premises_import)).status_code == 200
    return len(queries)


def test_the_preview_takes_as_many_queries_for_50_rows_as_for_1(as_anna, norrkoping, anna):
    PremisesFactory(collaboration=norrkoping, name="Kiosk 0", address="Gatan 1")
    one = PremisesImportFactory(collaboration=norrkoping, rows=[row(2, "Kiosk 0", org_number="990202-2228")])
    many = PremisesImportFactory(
        collaboration=norrkoping, rows=[row(n + 2, f"Kiosk {n}", org_number="990202-2228") for n in range(50)]
    )
    assert _preview_queries(as_anna, one) == _preview_queries(as_anna, many)


# --- Commit --------------------------------------------------------------------------------


def test_confirming_writes_the_valid_rows_and_says_what_was_done(as_anna, uploaded, hageby):
    response = as_anna.post(commit_url(uploaded), follow=True)
    assert response.redirect_chain == [(reverse("premises_list"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "1 premises created, 1 updated; 1 row with errors was left out."
    ]
    assert set(Premises.objects.values_list("name", flat=True)) == {"Kiosken vid torget", "Hageby Bilservice"}
    hageby.refresh_from_db()
    assert hageby.premises_type == "car_wash"
    uploaded.refresh_from_db()
    assert uploaded.status == ImportStatus.COMMITTED


def test_a_second_confirmation_is_refused_with_409_and_writes_nothing(as_anna, uploaded):
    as_anna.post(commit_url(uploaded))
    Premises.objects.filter(name="Kiosken vid torget").delete()
    response = as_anna.post(commit_url(uploaded))
    assert response.status_code == 409
    assert "This file has already been imported." in response.content.decode()
    assert not Premises.objects.filter(name="Kiosken vid torget").exists()


def test_a_committed_import_shows_its_result_instead_of_the_button(as_anna, uploaded):
    as_anna.post(commit_url(uploaded))
    body = as_anna.get(preview_url(uploaded)).content.decode()
    assert "Premises created</dt><dd>1</dd>" in body
    assert "Premises updated</dt><dd>1</dd>" in body
    assert f'action="{commit_url(uploaded)}"' not in body


# --- Error report --------------------------------------------------------------------------


def test_the_error_report_is_a_semicolon_csv_with_a_bom_and_no_formulas(as_anna, norrkoping):
    premises_import = PremisesImportFactory(
        collaboration=norrkoping,
        rows=[row(2, "Kiosken"), row(3, '=HYPERLINK("http://example.com","Klicka")', "Kasino", notes="@SUM(1)")],
    )
    response = as_anna.get(errors_url(premises_import))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="importfel-{premises_import.pk}.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "no-store" in response["Cache-Control"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Line", "Reasons", "Name"]
    assert len(lines) == 2
    assert lines[1][0] == "3"
    assert lines[1][1].startswith("Unknown type “Kasino”.")
    assert lines[1][2] == '\'=HYPERLINK("http://example.com","Klicka")'
    assert lines[1][9] == "'@SUM(1)"


# --- Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["erik", "petra", "lars"])
def test_only_the_collaborations_coordinators_find_the_import(client, request, uploaded, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(preview_url(uploaded)).status_code == 404
    assert client.get(errors_url(uploaded)).status_code == 404
    assert client.post(commit_url(uploaded)).status_code == 404
    assert Premises.objects.count() == 1  # hageby, nothing imported
    if person != "lars":
        assert client.get(UPLOAD).status_code == 404
        assert client.post(UPLOAD, {"file": csv_file(FILE)}).status_code == 404
    assert PremisesImport.objects.count() == 1
