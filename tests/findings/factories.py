"""What the tests of findings share: the seeded catalogue, erik's and farah's kinds of finding in
any lifecycle status, and the later visits at which findings are followed up."""

import datetime
import importlib

from agencies.models import AgencyKind
from findings.models import ActionKind, Category, FindingStatus, Indicator
from tests.factories import CategoryFactory, FindingFactory, OperationFactory, VisitFactory, local_time

# The `visit` fixture is at ten in the morning on the first day of the operation.
VISIT_DAY = datetime.date(2025, 3, 10)

# The catalogue as the migration seeds it: (agency kind, code, name, English name, severity).
SEEDED_CATEGORIES = importlib.import_module("findings.migrations.0002_seed_categories").CATEGORIES
_SEEDED = {(kind, code): (name, name_en, severity) for kind, code, name, name_en, severity in SEEDED_CATEGORIES}

# What a finding in each status already has: an action from the step to "action taken", a date
# from the step to "follow-up due".
_FIELDS_IN = {
    FindingStatus.OPEN: {},
    FindingStatus.ACTION_TAKEN: {"action": ActionKind.INJUNCTION},
    FindingStatus.FOLLOW_UP_DUE: {"action": ActionKind.INJUNCTION, "follow_up_date": datetime.date(2025, 4, 14)},
    FindingStatus.CORRECTED: {"action": ActionKind.INJUNCTION, "follow_up_date": datetime.date(2025, 4, 14)},
    FindingStatus.NOT_CORRECTED: {"action": ActionKind.INJUNCTION, "follow_up_date": datetime.date(2025, 4, 14)},
    FindingStatus.ESCALATED: {"action": ActionKind.CONDITIONAL_FINE, "follow_up_date": datetime.date(2025, 4, 14)},
    FindingStatus.CLOSED: {"action": ActionKind.ADVICE},
}


def category(kind, code):
    """The seeded catalogue's entry.

    A transactional test may find the tables emptied; the entry is then made again under its
    seeded names. A code the seed does not have is an error, never a category of the test's own."""
    try:
        return Category.objects.get(agency_kind=kind, code=code)
    except Category.DoesNotExist:
        name, name_en, severity = _SEEDED[(str(kind), code)]
        return CategoryFactory(agency_kind=kind, code=code, name=name, name_en=name_en, severity=severity)


def staff_ledger():
    return category(AgencyKind.TAX, "staff-ledger")


def cash_register():
    return category(AgencyKind.TAX, "cash-register")


def fire_safety():
    return category(AgencyKind.FIRE_RESCUE, "fire-safety")


def persons_arrested():
    """Asks for a number."""
    return category(AgencyKind.POLICE, "persons-arrested")


def trafficking_indicators():
    """Asks for the indicator checklist."""
    return category(AgencyKind.POLICE, "trafficking-indicators")


def indicator(code):
    return Indicator.objects.get(code=code)


def tax_finding(visit, agency, status=FindingStatus.OPEN, **fields):
    """A staff-ledger finding of the tax agency at `visit` in `status`, with what that status
    implies: erik's kind of finding."""
    return _in_status(visit, agency, staff_ledger(), status, fields)


def fire_finding(visit, agency, status=FindingStatus.OPEN, **fields):
    """A fire-safety finding at `visit` in `status`: farah's kind of finding."""
    return _in_status(visit, agency, fire_safety(), status, fields)


def _in_status(visit, agency, category, status, fields):
    values = {**_FIELDS_IN[status], **fields}
    return FindingFactory(visit=visit, agency=agency, category=category, status=status, **values)


def later_visit(visit, agencies, *, day=datetime.date(2025, 4, 14), premises=None, collaboration=None):
    """A visit on another operation, on `day`, at the same premises unless others are given."""
    operation = OperationFactory(
        collaboration=collaboration or visit.operation.collaboration,
        start_date=day,
        end_date=day,
        agencies=agencies,
    )
    return VisitFactory(operation=operation, premises=premises or visit.premises, scheduled_at=local_time(day, 18))
