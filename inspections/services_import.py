"""Importing premises from a spreadsheet: upload, preview against the register, confirm.

Nothing reaches the register before the coordinator confirms. The rows wait on a
PremisesImport; the preview classifies them against the register as it is at that moment, and
confirming classifies them again inside the transaction, because the register may have changed
in between.
"""

import os
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from agencies import permissions

from . import premises_csv
from .models import Business, ImportStatus, Premises, PremisesImport, PremisesType
from .orgnr import format_org_number


class RowStatus:
    NEW = "new"
    UPDATE = "update"
    DUPLICATE = "duplicate"
    ERROR = "error"

    ALL = [NEW, UPDATE, DUPLICATE, ERROR]
    LABELS = {
        NEW: pgettext_lazy("import row", "New"),
        UPDATE: pgettext_lazy("import row", "Update"),
        DUPLICATE: pgettext_lazy("import row", "Duplicate"),
        ERROR: pgettext_lazy("import row", "Error"),
    }


@dataclass
class ClassifiedRow:
    line: int
    values: dict  # as read from the file
    status: str
    reasons: list = field(default_factory=list)  # why an error or duplicate; what an update changes
    existing: Premises | None = None
    clean: dict | None = None  # normalised values, for new and update rows

    @property
    def status_label(self):
        return RowStatus.LABELS[self.status]

    @property
    def type_label(self):
        code = premises_csv.premises_type_of(self.values.get("premises_type"))
        return PremisesType(code).label if code else self.values.get("premises_type", "")


@dataclass
class ImportResult:
    created: int
    updated: int
    duplicates: int
    errors: int


def status_counts(rows):
    counts = dict.fromkeys(RowStatus.ALL, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def premises_import_create(*, collaboration, by, uploaded_file):
    """Read an uploaded file and keep its rows for the preview; writes nothing to the register."""
    if not permissions.may_plan(by, collaboration.pk):
        raise PermissionDenied
    premises_csv.check_size(uploaded_file.size or 0)
    parsed = premises_csv.parse_premises_file(uploaded_file.read(premises_csv.MAX_FILE_BYTES + 1))
    file_name = os.path.basename(uploaded_file.name or "") or "lokaler.csv"
    with transaction.atomic():
        return PremisesImport.objects.create(
            collaboration=collaboration, file_name=file_name[-200:], rows=parsed.rows, created_by=by
        )


def premises_import_preview(premises_import):
    """Every row of the import with its status against the register, in file order.

    Two queries whatever the number of rows: the premises the rows name, and the businesses.
    """
    return _classify(premises_import.collaboration_id, premises_import.rows)


def _classify(collaboration_id, rows):
    checks = [(row, premises_csv.check_row(row)) for row in rows]
    valid = [check.clean for _row, check in checks if check.clean]
    existing = _existing_premises(collaboration_id, valid)
    businesses = _known_businesses(collaboration_id, valid)
    seen = {}  # (name, address, postal code) -> line of its first valid row
    planned_businesses = set()  # org numbers of businesses earlier rows will create
    result = []
    for row, check in checks:
        line, values = row.get("line"), row.get("values", {})
        if check.clean is None:
            result.append(ClassifiedRow(line=line, values=values, status=RowStatus.ERROR, reasons=check.reasons))
            continue
        clean = check.clean
        org = clean["org_number"]
        if org and org not in businesses and org not in planned_businesses and not clean["business_name"]:
            reason = _(
                "No business with organisation number %(org)s is registered. Give its name in the business column."
            ) % {"org": format_org_number(org)}
            result.append(ClassifiedRow(line=line, values=values, status=RowStatus.ERROR, reasons=[reason]))
            continue
        key = _place_key(clean["name"], clean["address"], clean["postal_code"])
        if key in seen:
            reason = _("Repeats line %(line)s of the file; only that line is imported.") % {"line": seen[key]}
            result.append(ClassifiedRow(line=line, values=values, status=RowStatus.DUPLICATE, reasons=[reason]))
            continue
        seen[key] = line
        if org and org not in businesses:
            planned_businesses.add(org)
        result.append(_against_register(line, values, clean, existing.get(key), businesses))
    return result


def _place_key(name, address, postal_code):
    # A spreadsheet typed in capitals names the same place: "HAGEBY BILSERVICE" is not new.
    return (name.casefold(), address.casefold(), postal_code)


def _existing_premises(collaboration_id, valid):
    # By postal code, which is stored normalised, and matched by _place_key in Python: the
    # databases disagree on lower-casing Å, Ä and Ö.
    postal_codes = sorted({clean["postal_code"] for clean in valid})
    if not postal_codes:
        return {}
    found = Premises.objects.filter(collaboration_id=collaboration_id, postal_code__in=postal_codes).select_related(
        "business"
    )
    return {_place_key(p.name, p.address, p.postal_code): p for p in found}


def _known_businesses(collaboration_id, valid):
    orgs = sorted({clean["org_number"] for clean in valid if clean["org_number"]})
    if not orgs:
        return {}
    return {b.org_number: b for b in Business.objects.filter(collaboration_id=collaboration_id, org_number__in=orgs)}


def _against_register(line, values, clean, existing, businesses):
    if existing is None:
        return ClassifiedRow(line=line, values=values, status=RowStatus.NEW, clean=clean)
    changes = _changes(existing, clean, businesses)
    if not changes:
        reason = _("Identical to the premises already registered.")
        return ClassifiedRow(line=line, values=values, status=RowStatus.DUPLICATE, reasons=[reason], existing=existing)
    return ClassifiedRow(
        line=line, values=values, status=RowStatus.UPDATE, reasons=changes, existing=existing, clean=clean
    )


def _changes(existing, clean, businesses):
    """What the row would change, in words. An empty optional cell keeps what is registered."""
    changes = []
    if clean["premises_type"] != existing.premises_type:
        changes.append(
            _("Type: %(old)s → %(new)s.")
            % {"old": existing.get_premises_type_display(), "new": PremisesType(clean["premises_type"]).label}
        )
    if clean["city"] and clean["city"] != existing.city:
        changes.append(_("City: %(old)s → %(new)s.") % {"old": existing.city, "new": clean["city"]})
    org = clean["org_number"]
    if org and (existing.business is None or existing.business.org_number != org):
        business = businesses.get(org)
        new = str(business) if business else f"{clean['business_name']} ({format_org_number(org)})"
        old = str(existing.business) if existing.business else _("none")
        changes.append(_("Business: %(old)s → %(new)s.") % {"old": old, "new": new})
    if clean["notes"] and clean["notes"] != existing.notes:
        changes.append(_("Notes are replaced."))
    return changes


def premises_import_commit(*, premises_import, by):
    """Write the new and changed premises of a previewed import, in one transaction.

    Rows are classified again under a lock on the import: what changed in the register since
    the preview counts, and a second confirmation (another tab, a double click) writes nothing.
    """
    try:
        with transaction.atomic():
            # Lock the import only, not the collaboration joined in.
            imports = PremisesImport.objects.select_for_update(of=("self",)).select_related("collaboration")
            locked = imports.get(pk=premises_import.pk)
            if not permissions.may_plan(by, locked.collaboration_id):
                raise PermissionDenied
            if locked.status == ImportStatus.COMMITTED:
                raise ValidationError(_("This file has already been imported."), code="committed")
            rows = _classify(locked.collaboration_id, locked.rows)
            created, updated = _write(locked.collaboration, rows)
            locked.status = ImportStatus.COMMITTED
            locked.committed_at = timezone.now()
            locked.created_count, locked.updated_count = created, updated
            locked.save(update_fields=["status", "committed_at", "created_count", "updated_count"])
    except IntegrityError as exc:
        # Someone registered the same premises or business a moment ago, after our check.
        raise ValidationError(
            _("The register changed while the file was being imported. Look at the preview again."), code="race"
        ) from exc
    premises_import.refresh_from_db()
    counts = status_counts(rows)
    return ImportResult(
        created=created, updated=updated, duplicates=counts[RowStatus.DUPLICATE], errors=counts[RowStatus.ERROR]
    )


def _write(collaboration, rows):
    businesses = {}
    created = updated = 0
    for row in rows:
        if row.status not in (RowStatus.NEW, RowStatus.UPDATE):
            continue
        clean = row.clean
        try:
            business = _business(collaboration, clean, businesses)
            if row.status == RowStatus.NEW:
                premises = Premises(
                    collaboration=collaboration,
                    name=clean["name"],
                    address=clean["address"],
                    postal_code=clean["postal_code"],
                    # A municipality's list often has no city column: its premises are in the municipality.
                    city=clean["city"] or collaboration.municipality,
                    premises_type=clean["premises_type"],
                    business=business,
                    notes=clean["notes"],
                )
                created += 1
            else:
                premises = row.existing
                premises.premises_type = clean["premises_type"]
                premises.city = clean["city"] or premises.city
                premises.business = business or premises.business
                premises.notes = clean["notes"] or premises.notes
                updated += 1
            premises.full_clean()
            premises.save()
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(line)s: %(problem)s") % {"line": row.line, "problem": " ".join(exc.messages)}
            ) from exc
    return created, updated


def _business(collaboration, clean, cache):
    """The row's business, registered on first mention; None when the row names none."""
    org = clean["org_number"]
    if not org:
        return None
    if org not in cache:
        business = Business.objects.filter(collaboration=collaboration, org_number=org).first()
        if business is None:
            business = Business(collaboration=collaboration, org_number=org, name=clean["business_name"])
            business.full_clean()
            business.save()
        cache[org] = business
    return cache[org]


def premises_import_error_report(premises_import):
    """The header and one row per error row (line, reasons, cells as read), for a CSV download.

    The column names are ones the import reads, so the report can be corrected and uploaded again.
    """
    header = [_("Line"), _("Reasons")] + [str(premises_csv.FIELD_LABELS[name]) for name in premises_csv.FIELDS]
    body = [
        [row.line, " ".join(row.reasons)] + [row.values.get(name, "") for name in premises_csv.FIELDS]
        for row in premises_import_preview(premises_import)
        if row.status == RowStatus.ERROR
    ]
    return [header, *body]
