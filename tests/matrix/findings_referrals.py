"""Matrix rows for referrals: the list, referring a finding, marking a referral handled.

The referrals of the world: "own" is farah's fire finding referred to the tax agency (erik's
and sara's to handle; farah sent it), "other_agency" is erik's tax finding referred to the
municipality (erik and sara sent it; farah neither sent nor received it), "other_collaboration"
a Linköping tax finding referred to the police there. Only inspectors and agency admins have
referrals; the agency that sent one sees it but may not handle it (403).
"""

from agencies.models import AgencyKind
from findings.models import Referral

from .route import Route, finding_changers, finding_pk

OWNER_ROLES = {"inspector": 200, "other_inspector": 200, "agency_admin": 200}


def setup(world):
    linkoping = world.collaborations["linkoping"]
    police = linkoping.agencies.filter(kind=AgencyKind.POLICE).first()
    world.referrals = {
        "own": _referral(world.findings["other_agency"], world.agencies["tax"], world.users["other_inspector"]),
        "other_agency": _referral(world.findings["own"], world.agencies["municipality"], world.users["inspector"]),
        "other_collaboration": _referral(world.findings["other_collaboration"], police, None),
    }


def _referral(finding, to_agency, by):
    return Referral.objects.create(
        collaboration_id=finding.collaboration_id, finding=finding, to_agency=to_agency, created_by=by
    )


def _referral_pk(w, t):
    return {"pk": w.referrals[t].pk}


def _police_of_norrkoping(w, t):
    """An agency of Norrköping that neither finding belongs to nor was referred to yet."""
    return {"to_agency": w.collaborations["norrkoping"].agencies.get(kind=AgencyKind.POLICE).pk}


ROUTES = {
    "referral_list": Route(expect=OWNER_ROLES),
    "referral_handle": Route(
        method="post",
        expect={
            "inspector": {"own": 302, "other_agency": 403, "other_collaboration": 404},
            "agency_admin": {"own": 302, "other_agency": 403, "other_collaboration": 404},
            "other_inspector": {"own": 403, "other_agency": 404, "other_collaboration": 404},
        },
        kwargs=_referral_pk,
    ),
    "referral_create": (
        Route(method="post", expect=finding_changers(302), kwargs=finding_pk, data=_police_of_norrkoping),
        # An empty submission: the owner is told to choose an agency.
        Route(method="post", expect=finding_changers(400), kwargs=finding_pk),
    ),
}
