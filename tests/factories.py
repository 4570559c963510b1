"""One factory per model. Defaults make a valid, saved object; tests override what they are about."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group, Permission
from factory.django import DjangoModelFactory

from agencies.models import (
    AccessAction,
    AccessLogEntry,
    Agency,
    AgencyKind,
    Collaboration,
    LegalGround,
    Membership,
    Role,
    User,
)
from findings.models import (
    ActionKind,
    ActionOption,
    Category,
    EntryStatus,
    Evidence,
    EvidenceKind,
    Finding,
    FindingGroupObjectPermission,
    FindingRelease,
    FindingStatus,
    Indicator,
    PaymentEntry,
    PaymentKind,
    Referral,
    RetentionRun,
    StatusChange,
    SupportKind,
)
from inspections.models import (
    Business,
    Operation,
    Premises,
    PremisesImport,
    PremisesType,
    Signal,
    SignalKind,
    Visit,
)
from inspections.orgnr import with_check_digit
from reports.models import PublishedSnapshot, Summary, SummaryConfirmation

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_time(day, hour=10, minute=0):
    """An aware datetime at a wall-clock time in Sweden, where the operations happen."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.se")
    # No usable password: hashing with Argon2 would only slow the tests down.
    password = factory.django.Password(None)


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Myndighet {n}")
    kind = AgencyKind.TAX


class CollaborationFactory(DjangoModelFactory):
    class Meta:
        model = Collaboration
        skip_postgeneration_save = True
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"LOS Kommun {n}")
    slug = factory.Sequence(lambda n: f"los-{n}")
    municipality = "Norrköping"

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.agencies.add(*extracted)


class MembershipFactory(DjangoModelFactory):
    """By default the agency is made part of the collaboration, as a membership requires."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    collaboration = factory.SubFactory(CollaborationFactory)
    role = Role.INSPECTOR

    @factory.post_generation
    def agency_joins_collaboration(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.collaboration.agencies.add(obj.agency)


class BusinessFactory(DjangoModelFactory):
    class Meta:
        model = Business

    collaboration = factory.SubFactory(CollaborationFactory)
    # Synthetic numbers in a series of our own, with a correct Luhn check digit.
    org_number = factory.Sequence(lambda n: with_check_digit(f"55990{n % 10000:04d}"))
    name = factory.Faker("company", locale="sv_SE")


class PremisesFactory(DjangoModelFactory):
    class Meta:
        model = Premises

    collaboration = factory.SubFactory(CollaborationFactory)
    name = factory.Sequence(lambda n: f"Verkstad {n}")
    premises_type = PremisesType.CAR_REPAIR
    address = factory.Sequence(lambda n: f"Industrigatan {n}")
    postal_code = "602 21"
    city = "Norrköping"
    business = None

    class Params:
        with_business = factory.Trait(
            business=factory.SubFactory(BusinessFactory, collaboration=factory.SelfAttribute("..collaboration"))
        )


class OperationFactory(DjangoModelFactory):
    """A two-day operation; `agencies=[...]` lists the participating agencies."""

    class Meta:
        model = Operation
        skip_postgeneration_save = True

    collaboration = factory.SubFactory(CollaborationFactory)
    name = factory.Sequence(lambda n: f"Insats {n}")
    start_date = datetime.date(2025, 3, 10)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.agencies.add(*extracted)


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit

    operation = factory.SubFactory(OperationFactory)
    premises = factory.SubFactory(PremisesFactory, collaboration=factory.SelfAttribute("..operation.collaboration"))
    scheduled_at = factory.LazyAttribute(lambda o: local_time(o.operation.start_date, 10))
    persons_checked = 0


class SignalFactory(DjangoModelFactory):
    """A tip about the premises, from an agency of its collaboration."""

    class Meta:
        model = Signal

    premises = factory.SubFactory(PremisesFactory)
    kind = SignalKind.TIP
    received_on = datetime.date(2025, 2, 1)
    source_agency = factory.LazyAttribute(lambda o: o.premises.collaboration.agencies.first() or AgencyFactory())


class PremisesImportFactory(DjangoModelFactory):
    """An uploaded file awaiting confirmation, with one row."""

    class Meta:
        model = PremisesImport

    collaboration = factory.SubFactory(CollaborationFactory)
    file_name = "lokaler.csv"
    rows = factory.LazyFunction(
        lambda: [{"line": 2, "values": {"name": "Kiosken", "premises_type": "kiosk", "address": "Gatan 1"}}]
    )


class CategoryFactory(DjangoModelFactory):
    """The seeded catalogue is in the test database too; this adds entries of our own."""

    class Meta:
        model = Category
        django_get_or_create = ("agency_kind", "code")

    agency_kind = AgencyKind.TAX
    code = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"Testkategori {n}")
    name_en = factory.Sequence(lambda n: f"Test category {n}")
    severity = 2


class FindingFactory(DjangoModelFactory):
    """By default the agency takes part in the visit's operation, as a finding requires."""

    class Meta:
        model = Finding
        skip_postgeneration_save = True

    visit = factory.SubFactory(VisitFactory)
    collaboration = factory.SelfAttribute("visit.operation.collaboration")
    agency = factory.SubFactory(AgencyFactory)
    category = factory.SubFactory(CategoryFactory, agency_kind=factory.SelfAttribute("..agency.kind"))

    @factory.post_generation
    def agency_takes_part(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.visit.operation.agencies.add(obj.agency)


class PaymentEntryFactory(DjangoModelFactory):
    class Meta:
        model = PaymentEntry

    finding = factory.SubFactory(FindingFactory)
    kind = PaymentKind.WRONGLY_PAID
    support_kind = SupportKind.WAGE_SUBSIDY
    amount = Decimal("150000.00")
    status = EntryStatus.ESTIMATED


class LegalGroundFactory(DjangoModelFactory):
    class Meta:
        model = LegalGround
        django_get_or_create = ("agency", "name")

    agency = factory.SubFactory(AgencyFactory)
    name = "10 kap. 2 § OSL (nödvändigt utlämnande)"


class AccessLogEntryFactory(DjangoModelFactory):
    class Meta:
        model = AccessLogEntry

    username = "erik"
    action = AccessAction.VIEW
    object_type = "findings.finding"
    object_id = "1"


class FindingReleaseFactory(DjangoModelFactory):
    class Meta:
        model = FindingRelease

    finding = factory.SubFactory(FindingFactory)
    legal_ground = factory.SubFactory(LegalGroundFactory, agency=factory.SelfAttribute("..finding.agency"))
    released_by = factory.SubFactory(UserFactory)


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"agency-{n}")


class FindingGroupObjectPermissionFactory(DjangoModelFactory):
    """A guardian grant on one finding to an agency's group (view by default)."""

    class Meta:
        model = FindingGroupObjectPermission

    content_object = factory.SubFactory(FindingFactory)
    collaboration = factory.SelfAttribute("content_object.collaboration")
    group = factory.SubFactory(GroupFactory)
    permission = factory.LazyFunction(
        lambda: Permission.objects.get(content_type__app_label="findings", codename="view_finding")
    )


class ActionOptionFactory(DjangoModelFactory):
    class Meta:
        model = ActionOption
        django_get_or_create = ("agency_kind", "action")

    agency_kind = AgencyKind.TAX
    action = ActionKind.ADVICE


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    name = factory.Sequence(lambda n: f"Testindikator {n}")
    name_en = factory.Sequence(lambda n: f"Test indicator {n}")


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange

    finding = factory.SubFactory(FindingFactory)
    from_status = FindingStatus.OPEN
    to_status = FindingStatus.ACTION_TAKEN


class EvidenceFactory(DjangoModelFactory):
    """A row only: tests that need the file write it through the evidence service."""

    class Meta:
        model = Evidence

    finding = factory.SubFactory(FindingFactory)
    stored_name = factory.Sequence(lambda n: f"{n:032x}.jpg")
    content_type = EvidenceKind.JPEG
    size = 2048
    sha256 = "0" * 64
    original_name = "bild.jpg"


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    finding = factory.SubFactory(FindingFactory)
    collaboration = factory.SelfAttribute("finding.collaboration")
    to_agency = factory.SubFactory(AgencyFactory)


class SummaryFactory(DjangoModelFactory):
    """A summary of the spring of 2026 with no figures counted yet (no job run)."""

    class Meta:
        model = Summary

    collaboration = factory.SubFactory(CollaborationFactory)
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 6, 30)


class PublishedSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = PublishedSnapshot

    summary = factory.SubFactory(SummaryFactory, status="published")
    figures = factory.LazyFunction(dict)
    threshold = 3
    checksum = "0" * 64


class SummaryConfirmationFactory(DjangoModelFactory):
    class Meta:
        model = SummaryConfirmation

    summary = factory.SubFactory(SummaryFactory, status="awaiting_confirmation")
    agency = factory.SubFactory(AgencyFactory)


class RetentionRunFactory(DjangoModelFactory):
    class Meta:
        model = RetentionRun

    collaboration = factory.SubFactory(CollaborationFactory)


# Every model of the project's apps and the factory that makes it (tests check none is missing).
FACTORIES = {
    User: UserFactory,
    Agency: AgencyFactory,
    Collaboration: CollaborationFactory,
    Membership: MembershipFactory,
    Business: BusinessFactory,
    Premises: PremisesFactory,
    Operation: OperationFactory,
    Visit: VisitFactory,
    Signal: SignalFactory,
    PremisesImport: PremisesImportFactory,
    Category: CategoryFactory,
    Finding: FindingFactory,
    PaymentEntry: PaymentEntryFactory,
    LegalGround: LegalGroundFactory,
    AccessLogEntry: AccessLogEntryFactory,
    FindingRelease: FindingReleaseFactory,
    FindingGroupObjectPermission: FindingGroupObjectPermissionFactory,
    ActionOption: ActionOptionFactory,
    Indicator: IndicatorFactory,
    StatusChange: StatusChangeFactory,
    Evidence: EvidenceFactory,
    Referral: ReferralFactory,
    Summary: SummaryFactory,
    PublishedSnapshot: PublishedSnapshotFactory,
    SummaryConfirmation: SummaryConfirmationFactory,
    RetentionRun: RetentionRunFactory,
}
