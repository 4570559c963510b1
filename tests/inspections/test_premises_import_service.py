"""The premises import: upload keeps rows aside, the preview classifies them, confirming writes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.models import Business, ImportStatus, Premises, PremisesImport, PremisesType
from inspections.premises_csv import parse_premises_file
from inspections.services_import import (
    RowStatus,
    premises_import_commit,
    premises_import_create,
    premises_import_error_report,
    premises_import_preview,
)
from tests.factories import BusinessFactory, PremisesFactory, PremisesImportFactory

HEADER = "Namn;Typ;Adress;Postnummer;Ort;Organisationsnummer;Verksamhet;Anteckning"
HAGEBY_MOTOR = "9901011115"


def upload(text, name="lokaler.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def row(line, name, premises_type="Kiosk", address="Gatan 1", postal_code="60221", **more):
    values = {
        "name": name,
        "premises_type": premises_type,
        "address": address,
        "postal_code": postal_code,
        "city": "",
        "org_number": "",
        "business_name": "",
        "notes": "",
    }
    return {"line": line, "values": values | more}


def an_import(collaboration, *rows):
    return PremisesImportFactory(collaboration=collaboration, rows=list(rows))


def register_counts():
    return Premises.objects.count(), Business.objects.count()


def statuses(rows):
    return [(r.line, r.status) for r in rows]


@pytest.fixture
def hageby(norrkoping):
    """Registered: a car repair shop run by Hageby Motor AB."""
    business = BusinessFactory(collaboration=norrkoping, org_number=HAGEBY_MOTOR, name="Hageby Motor AB")
    return PremisesFactory(
        collaboration=norrkoping,
        name="Hageby Bilservice",
        premises_type=PremisesType.CAR_REPAIR,
        address="Kvarngatan 4",
        postal_code="602 21",
        city="Norrköping",
        business=business,
        notes="Kvällsöppet",
    )


# --- Upload --------------------------------------------------------------------------------


def test_an_upload_keeps_the_rows_and_writes_nothing_to_the_register(norrkoping, anna):
    before = register_counts()
    text = f"{HEADER}\nKiosken;Kiosk;Gatan 1;60221;Norrköping;990101-1115;Kiosk AB;\n"
    premises_import = premises_import_create(collaboration=norrkoping, by=anna, uploaded_file=upload(text))
    assert register_counts() == before
    premises_import.refresh_from_db()
    assert premises_import.status == ImportStatus.PREVIEW
    assert premises_import.file_name == "lokaler.csv"
    assert premises_import.created_by == anna
    assert premises_import.rows == [
        row(2, "Kiosken", city="Norrköping", org_number="990101-1115", business_name="Kiosk AB", postal_code="60221")
    ]


def test_an_upload_refuses_a_file_it_cannot_read_and_keeps_nothing(norrkoping, anna):
    with pytest.raises(ValidationError):
        premises_import_create(collaboration=norrkoping, by=anna, uploaded_file=upload("Namn;Ort\nA;B\n"))
    assert not PremisesImport.objects.exists()


def test_only_a_coordinator_of_the_collaboration_may_upload(norrkoping, linkoping, anna, erik):
    text = f"{HEADER}\nKiosken;Kiosk;Gatan 1;60221;;;;\n"
    with pytest.raises(PermissionDenied):
        premises_import_create(collaboration=norrkoping, by=erik, uploaded_file=upload(text))
    with pytest.raises(PermissionDenied):
        premises_import_create(collaboration=linkoping, by=anna, uploaded_file=upload(text))
    assert not PremisesImport.objects.exists()


# --- Preview -------------------------------------------------------------------------------


def test_the_preview_classifies_new_update_duplicate_and_error_rows(norrkoping, hageby):
    premises_import = an_import(
        norrkoping,
        row(2, "Kiosken vid torget"),
        row(3, "Hageby Bilservice", "Biltvätt", "Kvarngatan 4"),
        row(4, "Hageby Bilservice", "Bilverkstad", "Kvarngatan 4", org_number="990101-1115"),
        row(5, "Kiosken vid torget", "Restaurang"),
        row(6, "", "Kasino", ""),
    )
    before = register_counts()
    rows = premises_import_preview(premises_import)
    assert register_counts() == before
    assert statuses(rows) == [(2, "new"), (3, "update"), (4, "duplicate"), (5, "duplicate"), (6, "error")]
    assert rows[1].existing == hageby
    assert rows[1].reasons == ["Type: Car repair shop → Car wash."]
    # The same premises twice in one file: the first line counts, whatever the second says.
    assert rows[2].reasons == ["Repeats line 3 of the file; only that line is imported."]
    assert rows[3].reasons == ["Repeats line 2 of the file; only that line is imported."]
    assert rows[4].reasons[0] == "The name is missing."
    assert rows[4].reasons[1] == "The address is missing."
    assert rows[4].reasons[2].startswith("Unknown type “Kasino”.")


def test_a_row_identical_to_the_registered_premises_is_a_duplicate(norrkoping, hageby):
    same = row(
        2,
        "Hageby Bilservice",
        "car repair shop",
        "Kvarngatan 4",
        postal_code="602 21",
        city="Norrköping",
        org_number="990101-1115",
        business_name="Hageby Motor AB",
        notes="Kvällsöppet",
    )
    # Empty optional cells keep what is registered: they change nothing either.
    bare = row(3, "Hageby Bilservice", "Bilverkstad", "Kvarngatan 4")
    rows = premises_import_preview(an_import(norrkoping, same, bare))
    assert statuses(rows) == [(2, "duplicate"), (3, "duplicate")]
    assert rows[0].reasons == ["Identical to the premises already registered."]
    assert rows[0].existing == hageby


def test_an_update_says_what_it_changes(norrkoping, hageby):
    changed = row(
        2,
        "Hageby Bilservice",
        "Bilverkstad",
        "Kvarngatan 4",
        city="Krokek",
        org_number="990202-2228",
        business_name="Nya Motor AB",
        notes="Stängd måndagar",
    )
    rows = premises_import_preview(an_import(norrkoping, changed))
    assert rows[0].status == "update"
    assert rows[0].reasons == [
        "City: Norrköping → Krokek.",
        "Business: Hageby Motor AB (990101-1115) → Nya Motor AB (990202-2228).",
        "Notes are replaced.",
    ]


def test_premises_of_another_collaboration_do_not_count(norrkoping, linkoping):
    PremisesFactory(collaboration=linkoping, name="Kiosken", address="Gatan 1", postal_code="602 21")
    rows = premises_import_preview(an_import(norrkoping, row(2, "Kiosken")))
    assert statuses(rows) == [(2, "new")]


def test_an_unknown_business_needs_its_name(norrkoping, hageby):
    rows = premises_import_preview(
        an_import(
            norrkoping,
            row(2, "A", org_number="990202-2228"),
            row(3, "B", org_number="990101-1115"),  # Hageby Motor AB is registered
            row(4, "C", org_number="990303-3331", business_name="Tredje AB"),
            row(5, "D", org_number="990303-3331"),  # line 4 brings the name
        )
    )
    assert statuses(rows) == [(2, "error"), (3, "new"), (4, "new"), (5, "new")]
    assert rows[0].reasons == [
        "No business with organisation number 990202-2228 is registered. Give its name in the business column."
    ]


def test_a_business_of_another_collaboration_is_not_known_here(norrkoping, linkoping):
    BusinessFactory(collaboration=linkoping, org_number=HAGEBY_MOTOR)
    rows = premises_import_preview(an_import(norrkoping, row(2, "A", org_number=HAGEBY_MOTOR)))
    assert rows[0].status == "error"


def test_a_row_repeating_an_error_row_is_not_called_a_duplicate(norrkoping):
    rows = premises_import_preview(an_import(norrkoping, row(2, "A", postal_code="1"), row(3, "A")))
    assert statuses(rows) == [(2, "error"), (3, "new")]


@pytest.mark.parametrize("size", [1, 50])
def test_the_preview_takes_two_queries_whatever_the_number_of_rows(norrkoping, django_assert_num_queries, size):
    PremisesFactory(collaboration=norrkoping, name="Kiosk 0", address="Gatan 1", postal_code="602 21")
    BusinessFactory(collaboration=norrkoping, org_number=HAGEBY_MOTOR)
    rows = [row(n + 2, f"Kiosk {n}", org_number=HAGEBY_MOTOR) for n in range(size)]
    premises_import = an_import(norrkoping, *rows)
    with django_assert_num_queries(2):
        classified = premises_import_preview(premises_import)
    assert len(classified) == size


# --- Commit --------------------------------------------------------------------------------


def test_confirming_writes_the_new_and_changed_rows_only(norrkoping, anna, hageby):
    premises_import = an_import(
        norrkoping,
        row(2, "Kiosken vid torget", city="Krokek", org_number="990202-2228", business_name="Torgkiosk AB"),
        row(3, "Hageby Bilservice", "Biltvätt", "Kvarngatan 4"),
        row(4, "Kiosken vid torget"),
        row(5, "Trasig", postal_code="123"),
        row(6, "Utan ort"),
    )
    result = premises_import_commit(premises_import=premises_import, by=anna)
    assert (result.created, result.updated, result.duplicates, result.errors) == (2, 1, 1, 1)
    assert Premises.objects.count() == 3
    assert not Premises.objects.filter(name="Trasig").exists()
    kiosk = Premises.objects.get(name="Kiosken vid torget")
    assert (kiosk.premises_type, kiosk.postal_code, kiosk.city) == ("kiosk", "602 21", "Krokek")
    assert (kiosk.business.name, kiosk.business.org_number) == ("Torgkiosk AB", "9902022228")
    assert kiosk.business.collaboration == norrkoping
    # No city in the file: the premises lie in the collaboration's municipality.
    assert Premises.objects.get(name="Utan ort").city == "Norrköping"
    hageby.refresh_from_db()
    assert (hageby.premises_type, hageby.city, hageby.business.org_number) == ("car_wash", "Norrköping", HAGEBY_MOTOR)
    assert hageby.notes == "Kvällsöppet"
    premises_import.refresh_from_db()
    assert premises_import.status == ImportStatus.COMMITTED
    assert premises_import.committed_at is not None
    assert (premises_import.created_count, premises_import.updated_count) == (2, 1)


def test_a_business_named_on_several_rows_is_registered_once(norrkoping, anna):
    premises_import = an_import(
        norrkoping,
        row(2, "A", org_number="990303-3331", business_name="Tredje AB"),
        row(3, "B", org_number="9903033331"),
    )
    premises_import_commit(premises_import=premises_import, by=anna)
    business = Business.objects.get()
    assert business.name == "Tredje AB"
    assert set(business.premises.values_list("name", flat=True)) == {"A", "B"}


def test_a_second_confirmation_is_refused_and_writes_nothing(norrkoping, anna):
    premises_import = an_import(norrkoping, row(2, "Kiosken"))
    premises_import_commit(premises_import=premises_import, by=anna)
    Premises.objects.all().delete()
    with pytest.raises(ValidationError) as excinfo:
        premises_import_commit(premises_import=premises_import, by=anna)
    assert excinfo.value.messages == ["This file has already been imported."]
    assert register_counts() == (0, 0)
    premises_import.refresh_from_db()
    assert premises_import.created_count == 1


def test_confirming_classifies_again_against_the_register_as_it_is_now(norrkoping, anna):
    premises_import = an_import(norrkoping, row(2, "Kiosken"), row(3, "Grillen", "Restaurang", "Gatan 2"))
    assert statuses(premises_import_preview(premises_import)) == [(2, "new"), (3, "new")]
    # Meanwhile a colleague registers both by hand, one of them as another type.
    PremisesFactory(collaboration=norrkoping, name="Kiosken", premises_type="kiosk", address="Gatan 1")
    grillen = PremisesFactory(collaboration=norrkoping, name="Grillen", premises_type="kiosk", address="Gatan 2")
    result = premises_import_commit(premises_import=premises_import, by=anna)
    assert (result.created, result.updated, result.duplicates) == (0, 1, 1)
    assert Premises.objects.count() == 2
    grillen.refresh_from_db()
    assert grillen.premises_type == "restaurant"


def test_only_a_coordinator_of_the_collaboration_may_confirm(norrkoping, erik):
    premises_import = an_import(norrkoping, row(2, "Kiosken"))
    with pytest.raises(PermissionDenied):
        premises_import_commit(premises_import=premises_import, by=erik)
    assert register_counts() == (0, 0)
    premises_import.refresh_from_db()
    assert premises_import.status == ImportStatus.PREVIEW


def test_a_row_the_model_refuses_stops_the_whole_import(norrkoping, anna, monkeypatch):
    premises_import = an_import(norrkoping, row(2, "Kiosken"), row(3, "Grillen", address="Gatan 2"))
    real_clean = Premises.full_clean

    def refuse_grillen(self, *args, **kwargs):
        if self.name == "Grillen":
            raise ValidationError({"name": "Not today."})
        return real_clean(self, *args, **kwargs)

    monkeypatch.setattr(Premises, "full_clean", refuse_grillen)
    with pytest.raises(ValidationError) as excinfo:
        premises_import_commit(premises_import=premises_import, by=anna)
    assert excinfo.value.messages == ["Line 3: Not today."]
    assert register_counts() == (0, 0)
    premises_import.refresh_from_db()
    assert premises_import.status == ImportStatus.PREVIEW


# --- Error report ------------------------------------------------------------------------


def test_the_error_report_lists_the_error_rows_with_reasons_and_cells_as_read(norrkoping):
    premises_import = an_import(
        norrkoping,
        row(2, "Kiosken"),
        row(3, '=HYPERLINK("http://example.com")', "Kasino", postal_code="6022"),
        row(4, "Grillen", address="", notes="Hörnet"),
    )
    report = premises_import_error_report(premises_import)
    assert report[0] == [
        "Line",
        "Reasons",
        "Name",
        "Type",
        "Address",
        "Postal code",
        "City",
        "Organisation number",
        "Business",
        "Notes",
    ]
    assert report[1][0] == 3
    assert report[1][1].startswith("The postal code “6022” is not five digits, for example 602 21. Unknown type")
    assert report[1][2:6] == ['=HYPERLINK("http://example.com")', "Kasino", "Gatan 1", "6022"]
    assert report[2] == [4, "The address is missing.", "Grillen", "Kiosk", "", "60221", "", "", "", "Hörnet"]
    assert len(report) == 3


def test_a_place_typed_in_capitals_is_the_registered_one_not_a_new_one(anna, norrkoping):
    PremisesFactory(
        collaboration=norrkoping,
        name="Åkes Bilservice",
        address="Kvarngatan 4",
        postal_code="602 21",
        city="Norrköping",
    )
    upload = SimpleUploadedFile(
        "lokaler.csv",
        "Namn;Typ;Adress;Postnummer;Ort\nÅKES BILSERVICE;Bilverkstad;KVARNGATAN 4;60221;Norrköping\n".encode(),
    )
    premises_import = premises_import_create(collaboration=norrkoping, by=anna, uploaded_file=upload)
    (row,) = premises_import_preview(premises_import)
    assert row.status in (RowStatus.UPDATE, RowStatus.DUPLICATE)
    assert row.existing.name == "Åkes Bilservice"


def test_a_corrected_error_report_reads_back_without_the_formula_guard():
    parsed = parse_premises_file(b"Namn;Typ;Adress;Postnummer\n'=Kiosken;Kiosk;'-Gatan 1;602 21\n")
    assert parsed.rows[0]["values"]["name"] == "=Kiosken"
    assert parsed.rows[0]["values"]["address"] == "-Gatan 1"
