"""Reading a premises file exported from a spreadsheet. Pure: no database.

Municipalities keep their premises in Excel. A "CSV" from Excel is `;`-separated in a Swedish
locale and `,`-separated in an English one, and is UTF-8 (with a BOM) or Windows-1252 depending
on which "CSV" the user picked. All of those are accepted; what cannot be read is refused as a
whole with a message that says how to save the file instead.

The parsed rows keep the cells as typed: they are stored on the import and checked again
(`check_row`) each time they are shown, so a message is always in the reader's language.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from los.csv_safe import unguarded_cell

from .models import Business, Premises, PremisesType, normalise_postal_code
from .orgnr import normalise_org_number

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL_CHARS = 300

# The columns a row is read into, in the order of the error report.
FIELDS = ["name", "premises_type", "address", "postal_code", "city", "org_number", "business_name", "notes"]
REQUIRED_FIELDS = ["name", "premises_type", "address", "postal_code"]

FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "premises_type": gettext_lazy("Type"),
    "address": gettext_lazy("Address"),
    "postal_code": gettext_lazy("Postal code"),
    "city": gettext_lazy("City"),
    "org_number": gettext_lazy("Organisation number"),
    "business_name": gettext_lazy("Business"),
    "notes": gettext_lazy("Notes"),
}

# Column names as people write them, in Swedish and English; compared without case, spaces or
# punctuation, so "Org.nr", "org-nr" and "ORGNR" are one name.
HEADER_ALIASES = {
    "name": ["namn", "name", "lokal", "lokalnamn", "premises", "premises name"],
    "premises_type": ["typ", "type", "lokaltyp", "premises type", "typ av lokal"],
    "address": ["adress", "gatuadress", "besöksadress", "address", "street address", "street"],
    "postal_code": ["postnummer", "postnr", "postal code", "postcode", "zip", "zip code"],
    "city": ["ort", "postort", "stad", "city", "town", "postal town"],
    "org_number": [
        "organisationsnummer",
        "orgnr",
        "orgnummer",
        "org number",
        "organisation number",
        "organization number",
        "org no",
    ],
    "business_name": [
        "verksamhet",
        "företag",
        "företagsnamn",
        "verksamhetsutövare",
        "business",
        "business name",
        "company",
        "company name",
        "operator",
    ],
    "notes": ["anteckning", "anteckningar", "kommentar", "notering", "notes", "note", "comment"],
}


def _header_key(text):
    return re.sub(r"[\s_\-.:]", "", text.lower())


_FIELD_OF_HEADER = {_header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}

# Type values as people write them: the codes, the English and Swedish labels of PremisesType
# (locale/sv/LC_MESSAGES/django.po) and the short forms a spreadsheet is likely to hold.
TYPE_ALIASES = {
    PremisesType.CAR_REPAIR: ["car_repair", "car repair shop", "car repair", "bilverkstad", "verkstad"],
    PremisesType.CAR_WASH: ["car_wash", "car wash", "biltvätt", "tvätthall"],
    PremisesType.TATTOO: ["tattoo", "tattoo parlour", "tattoo parlor", "tatueringsstudio", "tatuering"],
    PremisesType.RESTAURANT: ["restaurant", "restaurang", "café", "cafe", "pizzeria"],
    PremisesType.FOOD_WHOLESALE: [
        "food_wholesale",
        "food or meat wholesaler",
        "food wholesaler",
        "meat wholesaler",
        "wholesaler",
        "livsmedels- eller köttgrossist",
        "livsmedelsgrossist",
        "köttgrossist",
        "grossist",
    ],
    PremisesType.KIOSK: ["kiosk", "gatukök", "tobak", "tobaksaffär"],
    PremisesType.BARBER: [
        "barber",
        "hairdresser or barber",
        "hairdresser",
        "barber shop",
        "frisör eller barberare",
        "frisör",
        "frisörsalong",
        "barberare",
        "barberarsalong",
    ],
    PremisesType.OTHER: ["other", "annan", "annat", "övrigt", "övrig"],
}
_TYPE_OF_VALUE = {alias: code for code, aliases in TYPE_ALIASES.items() for alias in aliases}

_BOM = b"\xef\xbb\xbf"
# Control characters that no spreadsheet writes into a CSV: a sign of a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


@dataclass
class ParsedFile:
    rows: list  # [{"line": 2, "values": {...}, "extra": [...]}], ready for PremisesImport.rows
    separator: str
    encoding: str
    ignored_columns: list = field(default_factory=list)


@dataclass
class RowCheck:
    clean: dict | None  # normalised values ready to store, None when the row has errors
    reasons: list


def _type_key(text):
    return _SPACES.sub(" ", text.strip().lower())


def premises_type_of(text):
    """The PremisesType code for a type as written in a file, or None."""
    return _TYPE_OF_VALUE.get(_type_key(text or ""))


def decode(data):
    """The file's text and the encoding it was read with; ValidationError if it is no text file."""
    unreadable = ValidationError(
        _(
            "The file cannot be read as text. Save it from the spreadsheet as “CSV UTF-8” "
            "or “CSV (semicolon separated)” and try again."
        ),
        code="not_text",
    )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if b"\x00" in data:
        raise unreadable
    # Windows-1252 (Excel's "CSV (semicolon separated)") last: nearly any bytes decode as it.
    candidates = ["utf-8-sig"] if data.startswith(_BOM) else ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            raise unreadable
        return text, encoding
    raise unreadable


def _split(line, separator):
    return next(csv.reader([line], delimiter=separator), [])


def _detect_separator(header_line):
    """`;` or `,`: whichever splits the header into more known column names (then more columns)."""

    def score(separator):
        cells = _split(header_line, separator)
        known = sum(1 for cell in cells if _header_key(cell) in _FIELD_OF_HEADER)
        return known, len(cells), separator == ";"

    return max([";", ","], key=score)


def _map_header(cells):
    """{field: column index} and the names of ignored columns; ValidationError for a header
    that names a field twice or lacks a required one."""
    columns, ignored = {}, []
    for index, cell in enumerate(cells):
        name = _FIELD_OF_HEADER.get(_header_key(cell))
        if name is None:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        if name in columns:
            raise ValidationError(
                _("Two columns mean the same thing: “%(first)s” and “%(second)s”. Remove one of them.")
                % {"first": cells[columns[name]].strip(), "second": cell.strip()},
                code="duplicate_column",
            )
        columns[name] = index
    missing = [str(FIELD_LABELS[name]) for name in REQUIRED_FIELDS if name not in columns]
    if missing:
        raise ValidationError(
            _(
                "The file lacks the columns: %(columns)s. The first line must name the columns, "
                "for example Namn;Typ;Adress;Postnummer;Ort."
            )
            % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    return columns, ignored


def _clean_cell(name, cell):
    # Spreadsheets pad cells and wrap long ones: inside a one-line value, any run of spaces is one
    # space, so "Kvarngatan  4" finds "Kvarngatan 4". Notes keep their line breaks. A corrected
    # error report comes back with our formula guard in front of some cells; it is not data.
    text = cell.strip() if name == "notes" else _SPACES.sub(" ", cell).strip()
    return unguarded_cell(text)


def check_size(size):
    """ValidationError for a file over the limit, before any of it is read."""
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": MAX_FILE_BYTES // 2**20},
            code="too_large",
        )


def parse_premises_file(data):
    """Parse the bytes of an uploaded file into rows; ValidationError for a file that cannot be used."""
    check_size(len(data))
    text, encoding = decode(data)
    lines = io.StringIO(text, newline="").readlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise ValidationError(_("The file is empty."), code="empty")
    _check_line_lengths(lines)
    separator = _detect_separator(lines[header_index])
    # Strict: a stray quote fails loudly here instead of swallowing the rest of the file into one cell.
    reader = csv.reader(io.StringIO("".join(lines[header_index:]), newline=""), delimiter=separator, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise _bad_quotes(header_index + 1) from exc
    columns, ignored = _map_header(header)
    rows = _read_rows(reader, columns, header_width=len(header), offset=header_index)
    if not rows:
        raise ValidationError(_("The file has no rows below the column names."), code="no_rows")
    return ParsedFile(rows=rows, separator=separator, encoding=encoding, ignored_columns=ignored)


def _check_line_lengths(lines):
    """ValidationError for a line longer than the csv module reads as one cell: it would fail with
    an error of its own (on the header, before any check), and no row of premises is that long."""
    limit = csv.field_size_limit()
    for number, line in enumerate(lines, start=1):
        if len(line) > limit:
            raise ValidationError(
                _(
                    "Line %(line)s is longer than %(limit)s characters, far longer than a row of premises. "
                    "Check the separators and the quotation marks."
                )
                % {"line": number, "limit": limit},
                code="line_too_long",
            )


def _bad_quotes(line):
    return ValidationError(
        _("The quotation marks do not pair up in the row that starts on line %(line)s.") % {"line": line},
        code="quotes",
    )


def _read_rows(reader, columns, *, header_width, offset):
    """The non-blank records after the header, each with the file line it starts on."""
    rows = []
    previous_end = reader.line_num
    while True:
        # A quoted cell may span lines: the record starts on the line after the previous one.
        line = offset + previous_end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _bad_quotes(line) from exc
        previous_end = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS},
                code="too_many_rows",
            )
        values = dict.fromkeys(FIELDS, "")
        for name, index in columns.items():
            if index < len(cells):
                values[name] = _clean_cell(name, cells[index])
        row = {"line": line, "values": values}
        # Cells beyond the header mean the separator or the quotes went wrong on this line.
        extra = [cell.strip() for cell in cells[header_width:] if cell.strip()]
        if extra:
            row["extra"] = extra
        rows.append(row)
    return rows


# Longest value per field: the model's own limit, and never more than a spreadsheet cell we accept.
_MAX_CHARS = {
    "name": Premises._meta.get_field("name").max_length,
    "address": Premises._meta.get_field("address").max_length,
    "city": Premises._meta.get_field("city").max_length,
    "business_name": Business._meta.get_field("name").max_length,
}


def check_row(row):
    """The row's values normalised for storing, or the reasons it cannot be imported.

    Checks what the row says on its own; what depends on the register (an unknown business
    without a name) is the classifier's part.
    """
    values = {name: str(row.get("values", {}).get(name) or "") for name in FIELDS}
    reasons = []
    if row.get("extra"):
        reasons.append(
            _("The line has more cells than there are columns. Check the separator and the quotation marks.")
        )
    too_long = [
        name for name in FIELDS if len(values[name]) > min(MAX_CELL_CHARS, _MAX_CHARS.get(name, MAX_CELL_CHARS))
    ]
    for name in too_long:
        reasons.append(
            _("%(column)s is longer than %(max)s characters.")
            % {"column": FIELD_LABELS[name], "max": min(MAX_CELL_CHARS, _MAX_CHARS.get(name, MAX_CELL_CHARS))}
        )
    clean = dict(values)
    if not values["name"]:
        reasons.append(_("The name is missing."))
    if not values["address"]:
        reasons.append(_("The address is missing."))
    _check_postal_code(values, clean, reasons)
    _check_type(values, clean, reasons)
    _check_business(values, clean, reasons)
    return RowCheck(clean=None if reasons else clean, reasons=reasons)


def _check_postal_code(values, clean, reasons):
    if not values["postal_code"]:
        reasons.append(_("The postal code is missing."))
        return
    try:
        clean["postal_code"] = normalise_postal_code(values["postal_code"])
    except ValidationError:
        reasons.append(
            _("The postal code “%(value)s” is not five digits, for example 602 21.") % {"value": values["postal_code"]}
        )


def _check_type(values, clean, reasons):
    if not values["premises_type"]:
        reasons.append(_("The type is missing."))
        return
    code = premises_type_of(values["premises_type"])
    if code is None:
        reasons.append(
            _("Unknown type “%(value)s”. Use one of: %(types)s.")
            % {"value": values["premises_type"], "types": ", ".join(str(label) for label in PremisesType.labels)}
        )
    else:
        clean["premises_type"] = str(code)


def _check_business(values, clean, reasons):
    if values["org_number"]:
        try:
            clean["org_number"] = normalise_org_number(values["org_number"])
        except ValidationError as exc:
            reasons.append(
                _("Bad organisation number “%(value)s”: %(problem)s")
                % {"value": values["org_number"], "problem": " ".join(exc.messages)}
            )
    elif values["business_name"]:
        reasons.append(
            _("The business “%(name)s” has no organisation number. Add it, or leave the business column empty.")
            % {"name": values["business_name"]}
        )
