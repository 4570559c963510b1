"""Findings, referrals and the people of the referral tests: pelle inspects for the police, which
receives erik's referrals here."""

import pytest

from agencies.models import Role
from tests.factories import FindingFactory, MembershipFactory, ReferralFactory, UserFactory
from tests.findings.factories import category

# The fixtures, for `import *` in the test modules; the helpers are imported by name.
__all__ = ["pelle", "referral", "undeclared_work"]

NOTE_MARKER = "NOTE-MARKER-REFERRAL"


def finding_of(agency, code, visit, note=NOTE_MARKER):
    """A finding of `agency` at `visit`, in the seeded category `code`, with a note to look for."""
    return FindingFactory(visit=visit, agency=agency, category=category(agency.kind, code), note=note)


@pytest.fixture
def pelle(norrkoping, polisen):
    """Inspects for the police in Norrköping: the agency that receives the referrals here."""
    user = UserFactory(username="pelle", first_name="Pelle", last_name="Berg")
    MembershipFactory(user=user, collaboration=norrkoping, agency=polisen, role=Role.INSPECTOR)
    return user


@pytest.fixture
def undeclared_work(skatteverket, visit):
    """erik's agency found undeclared work at Hageby Bilservice; the note is the marker."""
    return finding_of(skatteverket, "undeclared-work", visit)


@pytest.fixture
def referral(erik, polisen, undeclared_work):
    """erik referred his finding of undeclared work to the police."""
    return ReferralFactory(finding=undeclared_work, to_agency=polisen, created_by=erik)
