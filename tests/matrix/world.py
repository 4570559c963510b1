"""The objects the role × URL matrix and the crawls over every route act on."""

import datetime

import pytest

from agencies.models import LegalGround, Role
from findings.models import Category
from inspections.models import PremisesImport, Signal, SignalKind
from tests.factories import (
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    UserFactory,
    VisitFactory,
)
from tests.matrix.table import AREAS


class World:
    """LOS Norrköping (tax, fire, municipality, police) and LOS Linköping (tax, police)."""

    def __init__(self, *, norrkoping, linkoping, skatteverket, raddningstjansten, kommunen, anna, erik, farah, petra):
        self.sara = UserFactory(username="sara", first_name="Sara", last_name="Nyberg")
        MembershipFactory(user=self.sara, collaboration=norrkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
        self.root = UserFactory(username="root", is_superuser=True, is_staff=True)
        self.users = {
            "superuser": self.root,
            "coordinator": anna,
            "inspector": erik,
            "other_inspector": farah,
            "press_officer": petra,
            "agency_admin": self.sara,
        }
        self.markers = {
            "own": "MARKER-TAX-NORRKOPING",
            "other_agency": "MARKER-FIRE-NORRKOPING",
            "other_collaboration": "MARKER-TAX-LINKOPING",
        }
        operation = OperationFactory(collaboration=norrkoping, agencies=[skatteverket, raddningstjansten, kommunen])
        visit = VisitFactory(operation=operation, premises=PremisesFactory(collaboration=norrkoping))
        visit.inspectors.add(erik, farah)
        elsewhere = VisitFactory(
            operation=OperationFactory(collaboration=linkoping, agencies=[skatteverket]),
            premises=PremisesFactory(collaboration=linkoping, name="PREMISES-LINKOPING"),
        )
        self.findings = {
            "own": self._finding(visit, skatteverket, "staff-ledger", self.markers["own"]),
            "other_agency": self._finding(visit, raddningstjansten, "fire-safety", self.markers["other_agency"]),
            "other_collaboration": self._finding(
                elsewhere, skatteverket, "cash-register", self.markers["other_collaboration"]
            ),
        }
        lena = UserFactory(username="lena-linkoping")
        self.memberships = {
            "own": erik.memberships.get(),
            "other_agency": farah.memberships.get(),
            "other_collaboration": MembershipFactory(
                user=lena, collaboration=linkoping, agency=skatteverket, role=Role.INSPECTOR
            ),
        }
        self._planning(norrkoping, linkoping, operation, visit, elsewhere, kommunen, anna)
        self.legal_grounds = {
            "own": LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL"),
            "other_agency": LegalGround.objects.create(agency=raddningstjansten, name="10 kap. 27 § OSL"),
            "other_collaboration": LegalGround.objects.create(agency=raddningstjansten, name="10 kap. 28 § OSL"),
        }
        self.agencies = {"tax": skatteverket, "fire": raddningstjansten, "municipality": kommunen}
        self.collaborations = {"norrkoping": norrkoping, "linkoping": linkoping}
        for area in AREAS:
            if hasattr(area, "setup"):
                area.setup(self)

    def _planning(self, norrkoping, linkoping, operation, visit, elsewhere, kommunen, anna):
        """Premises, operations, visits, signals and imports for the planning routes."""
        police_only = OperationFactory(collaboration=norrkoping, agencies=[kommunen], name="Insats utan skatt")
        self.operations = {"own": operation, "other_agency": police_only, "other_collaboration": elsewhere.operation}
        self.visits = {
            "own": visit,
            "other_agency": VisitFactory(operation=police_only, premises=PremisesFactory(collaboration=norrkoping)),
            "other_collaboration": elsewhere,
        }
        self.premises = {target: v.premises for target, v in self.visits.items()}
        self.signals = {
            target: Signal.objects.create(
                premises=p, kind=SignalKind.TIP, received_on=datetime.date(2025, 1, 5), source_agency=kommunen
            )
            for target, p in self.premises.items()
        }
        self.imports = {
            "own": PremisesImport.objects.create(collaboration=norrkoping, file_name="lokaler.csv", created_by=anna),
            "other_agency": PremisesImport.objects.create(collaboration=norrkoping, file_name="fler.csv"),
            "other_collaboration": PremisesImport.objects.create(collaboration=linkoping, file_name="lkpg.csv"),
        }

    @staticmethod
    def _finding(visit, agency, code, marker):
        category = Category.objects.get(agency_kind=agency.kind, code=code)
        return FindingFactory(visit=visit, agency=agency, category=category, note=marker)


@pytest.fixture(name="world")
def world_fixture(norrkoping, linkoping, skatteverket, raddningstjansten, kommunen, anna, erik, farah, petra):
    return World(
        norrkoping=norrkoping,
        linkoping=linkoping,
        skatteverket=skatteverket,
        raddningstjansten=raddningstjansten,
        kommunen=kommunen,
        anna=anna,
        erik=erik,
        farah=farah,
        petra=petra,
    )
