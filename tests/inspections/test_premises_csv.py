"""Reading a premises file as spreadsheets save it: separators, encodings, headers, row checks."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from inspections.models import PremisesType
from inspections.premises_csv import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    TYPE_ALIASES,
    check_row,
    parse_premises_file,
    premises_type_of,
)

SWEDISH_HEADER = "Namn;Typ;Adress;Postnummer;Ort;Organisationsnummer;Verksamhet;Anteckning"
ROW = "Hageby Bilservice;Bilverkstad;Kvarngatan 4;60221;Norrköping;990101-1115;Hageby Motor AB;Kvällsöppet"


def parse(text, encoding="utf-8"):
    return parse_premises_file(text.encode(encoding))


def refusal(data):
    with pytest.raises(ValidationError) as excinfo:
        parse_premises_file(data)
    return excinfo.value


def a_row(**values):
    base = {
        "name": "Hageby Bilservice",
        "premises_type": "Bilverkstad",
        "address": "Kvarngatan 4",
        "postal_code": "60221",
        "city": "Norrköping",
        "org_number": "",
        "business_name": "",
        "notes": "",
    }
    return {"line": 2, "values": base | values}


# --- Separators and encodings -------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", ","])
def test_it_reads_semicolon_and_comma_separated_files(separator):
    parsed = parse(f"{SWEDISH_HEADER}\n{ROW}\n".replace(";", separator))
    assert parsed.separator == separator
    assert parsed.rows == [
        {
            "line": 2,
            "values": {
                "name": "Hageby Bilservice",
                "premises_type": "Bilverkstad",
                "address": "Kvarngatan 4",
                "postal_code": "60221",
                "city": "Norrköping",
                "org_number": "990101-1115",
                "business_name": "Hageby Motor AB",
                "notes": "Kvällsöppet",
            },
        }
    ]


def test_a_comma_inside_quotes_does_not_split_a_semicolon_file():
    parsed = parse('Namn;Typ;Adress;Postnummer\n"Pizza, kebab & grill";Restaurang;Kvarngatan 4;60221\n')
    assert parsed.separator == ";"
    assert parsed.rows[0]["values"]["name"] == "Pizza, kebab & grill"


@pytest.mark.parametrize(("encoding", "read_as"), [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")])
def test_it_reads_utf8_with_and_without_a_bom(encoding, read_as):
    parsed = parse(f"{SWEDISH_HEADER}\n{ROW}\n", encoding)
    assert parsed.encoding == read_as
    # With a BOM left in, the first column would be "\ufeffNamn" and go missing.
    assert parsed.rows[0]["values"]["name"] == "Hageby Bilservice"
    assert parsed.rows[0]["values"]["city"] == "Norrköping"


def test_it_reads_windows_1252_as_excel_saves_it():
    data = "Namn;Typ;Adress;Postnummer\r\nGästgiveri Ödmjuk;Restaurang;Åsgatan 2;60223\r\n".encode("cp1252")
    assert b"G\xe4stgiveri" in data
    parsed = parse_premises_file(data)
    assert parsed.encoding == "cp1252"
    assert parsed.rows[0]["values"]["name"] == "Gästgiveri Ödmjuk"
    assert parsed.rows[0]["values"]["address"] == "Åsgatan 2"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "Namn;Typ\n".encode("utf-16"),
        b"Namn;Typ;Adress;Postnummer\nA\x81;B;C;60221\n",  # a byte Windows-1252 does not define
        b"Namn;Typ;Adress;Postnummer\nA\x01;B;C;60221\n",
    ],
    ids=["png", "utf-16", "undefined-byte", "control-character"],
)
def test_it_refuses_a_file_that_is_not_text(data):
    assert refusal(data).code == "not_text"


def test_it_refuses_an_empty_file():
    assert refusal(b"").code == "empty"
    assert refusal(b"\n \n").code == "empty"


def test_it_refuses_a_file_with_only_the_header():
    assert refusal(f"{SWEDISH_HEADER}\n\n".encode()).code == "no_rows"


def test_it_refuses_a_file_over_two_megabytes():
    data = f"{SWEDISH_HEADER}\n".encode() + b"x" * MAX_FILE_BYTES
    error = refusal(data)
    assert error.code == "too_large"
    assert error.messages == ["The file is larger than 2 MB. Split it into smaller files."]


def test_it_reads_5000_rows_and_refuses_5001():
    header = "Namn;Typ;Adress;Postnummer\n"
    rows = "".join(f"Kiosk {n};Kiosk;Gatan {n};60221\n" for n in range(MAX_ROWS))
    assert len(parse(header + rows).rows) == 5000
    assert refusal((header + rows + "Kiosk X;Kiosk;Gatan X;60221\n").encode()).code == "too_many_rows"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('Namn;Typ;Adress;Postnummer\nA;Kiosk;Gatan 1;60221\n"Kiosken;Kiosk;Gatan 2;60221\nB;Kiosk;Gatan 3;60221\n', 3),
        ('Namn;Typ;Adress;Postnummer\n\nA;"Kiosk"x;Gatan 1;60221\n', 3),
        ('"Namn;Typ;Adress;Postnummer\nA;Kiosk;Gatan 1;60221\n', 1),
    ],
)
def test_it_refuses_quotes_that_do_not_pair_up_and_says_where(text, line):
    error = refusal(text.encode())
    assert error.code == "quotes"
    assert error.messages == [f"The quotation marks do not pair up in the row that starts on line {line}."]


@pytest.mark.parametrize("line", [1, 2], ids=["header", "row"])
def test_it_refuses_a_line_longer_than_the_csv_reader_takes_and_says_which(line):
    # The csv module refuses a cell over 131072 characters with an error of its own; on the
    # header that error escaped every check and the upload answered 500.
    lines = ["Namn;Typ;Adress;Postnummer", "Kiosken;Kiosk;Gatan 1;60221"]
    lines[line - 1] = lines[line - 1].replace(";", "x" * 140_000 + ";", 1)
    error = refusal("\n".join(lines).encode())
    assert error.code == "line_too_long"
    assert error.messages[0].startswith(f"Line {line} is longer than 131072 characters")


# --- Headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Namn;Typ;Adress;Postnummer;Ort;Organisationsnummer;Verksamhet;Anteckning",
        "name;type;address;postal code;city;org number;business name;notes",
        "NAME;Type;Street address;Postal_code;Town;Organisation number;Business;Note",
        "namn;typ;gatuadress;postnr;postort;org.nr;företag;anteckningar",
        " Namn ; TYP ;Adress;Post-nummer;Ort;Orgnr;Verksamhetsutövare;Kommentar",
    ],
)
def test_it_maps_swedish_and_english_column_names_case_insensitively(header):
    parsed = parse(f"{header}\nKiosken;Kiosk;Gatan 1;60221;Norrköping;990101-1115;Kiosk AB;Hörnet\n")
    assert parsed.rows[0]["values"] == {
        "name": "Kiosken",
        "premises_type": "Kiosk",
        "address": "Gatan 1",
        "postal_code": "60221",
        "city": "Norrköping",
        "org_number": "990101-1115",
        "business_name": "Kiosk AB",
        "notes": "Hörnet",
    }


def test_it_ignores_unknown_columns_and_names_them():
    parsed = parse("Id;Namn;Handläggare;Typ;Adress;Postnummer\n17;Kiosken;Berit;Kiosk;Gatan 1;60221\n")
    assert parsed.ignored_columns == ["Id", "Handläggare"]
    assert parsed.rows[0]["values"]["name"] == "Kiosken"
    assert "Berit" not in str(parsed.rows)


def test_it_reports_the_missing_required_columns():
    error = refusal("Namn;Ort;Anteckning\nKiosken;Norrköping;x\n".encode())
    assert error.code == "missing_columns"
    assert "The file lacks the columns: Type, Address, Postal code." in error.messages[0]


def test_it_refuses_two_columns_that_mean_the_same():
    error = refusal(b"Namn;Typ;Adress;Gatuadress;Postnummer\nA;Kiosk;B;C;60221\n")
    assert error.code == "duplicate_column"
    assert "“Adress” and “Gatuadress”" in error.messages[0]


# --- Rows -------------------------------------------------------------------------------------


def test_it_skips_blank_lines_and_numbers_rows_by_their_line_in_the_file():
    text = (
        "Namn;Typ;Adress;Postnummer;Anteckning\n"
        "\n"
        "A;Kiosk;Gatan 1;60221;\n"
        ";;;;\n"
        'B;Kiosk;Gatan 2;60221;"två\nrader"\n'
        "C;Kiosk;Gatan 3;60221;\n"
    )
    parsed = parse(text)
    assert [(row["line"], row["values"]["name"]) for row in parsed.rows] == [(3, "A"), (5, "B"), (7, "C")]
    assert parsed.rows[1]["values"]["notes"] == "två\nrader"


def test_it_keeps_cells_as_typed_with_runs_of_spaces_made_one():
    parsed = parse("Namn;Typ;Adress;Postnummer\n  Kiosken   vid torget ; kiosk ;Gatan  1;602 21\n")
    assert parsed.rows[0]["values"]["name"] == "Kiosken vid torget"
    assert parsed.rows[0]["values"]["address"] == "Gatan 1"


def test_a_short_row_leaves_the_missing_cells_empty():
    parsed = parse("Namn;Typ;Adress;Postnummer;Ort\nKiosken;Kiosk\n")
    assert parsed.rows[0]["values"]["address"] == ""
    assert check_row(parsed.rows[0]).reasons == ["The address is missing.", "The postal code is missing."]


def test_cells_beyond_the_header_make_the_row_an_error():
    parsed = parse("Namn,Typ,Adress,Postnummer\nKiosken,Kiosk,Storgatan 1, Norrköping,60221\n")
    assert parsed.rows[0]["extra"] == ["60221"]
    assert check_row(parsed.rows[0]).reasons[0].startswith("The line has more cells than there are columns.")


def test_a_valid_row_is_normalised_for_storing():
    check = check_row(a_row(org_number="990101-1115", business_name="Hageby Motor AB", postal_code="60221"))
    assert check.reasons == []
    assert check.clean["premises_type"] == "car_repair"
    assert check.clean["postal_code"] == "602 21"
    assert check.clean["org_number"] == "9901011115"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"name": ""}, "The name is missing."),
        ({"address": ""}, "The address is missing."),
        ({"postal_code": ""}, "The postal code is missing."),
        ({"postal_code": "6022"}, "The postal code “6022” is not five digits, for example 602 21."),
        ({"premises_type": ""}, "The type is missing."),
        ({"org_number": "12345"}, "Bad organisation number “12345”: An organisation number has ten digits"),
        ({"org_number": "990101-1116"}, "Bad organisation number “990101-1116”: The organisation number's check"),
        ({"business_name": "Hageby Motor AB"}, "The business “Hageby Motor AB” has no organisation number."),
        ({"notes": "x" * 301}, "Notes is longer than 300 characters."),
        ({"name": "x" * 201}, "Name is longer than 200 characters."),
    ],
)
def test_it_gives_the_reason_a_row_cannot_be_imported(values, reason):
    check = check_row(a_row(**values))
    assert check.clean is None
    assert len(check.reasons) == 1
    assert check.reasons[0].startswith(reason)


def test_an_unknown_type_lists_the_types_there_are():
    check = check_row(a_row(premises_type="Kasino"))
    assert check.reasons == [
        "Unknown type “Kasino”. Use one of: Car repair shop, Car wash, Tattoo parlour, Restaurant, "
        "Food or meat wholesaler, Kiosk, Hairdresser or barber, Other."
    ]


def test_a_row_with_several_problems_gets_every_reason():
    check = check_row(a_row(name="", address="", premises_type="Kasino", postal_code="abc"))
    assert len(check.reasons) == 4


# --- Types ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Bilverkstad", "car_repair"),
        ("car repair shop", "car_repair"),
        ("car_repair", "car_repair"),
        ("  BILTVÄTT ", "car_wash"),
        ("Tatueringsstudio", "tattoo"),
        ("Livsmedels- eller köttgrossist", "food_wholesale"),
        ("Frisör eller barberare", "barber"),
        ("frisör", "barber"),
        ("Annan", "other"),
        ("Kasino", None),
        ("", None),
    ],
)
def test_it_reads_types_by_code_and_by_swedish_and_english_label(typed, code):
    assert premises_type_of(typed) == code


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_type_label_of_the_register_is_understood(language):
    with translation.override(language):
        labels = {code: str(label).lower() for code, label in PremisesType.choices}
    assert {code: premises_type_of(label) for code, label in labels.items()} == {code: code for code in labels}
    assert set(TYPE_ALIASES) == set(PremisesType.values)
