"""Which other agencies could act on a finding: the one matrix of referral suggestions.

At a joint visit each authority acts under its own law, but what one finds is often a lead for
another: undeclared work is a matter for the tax agency, and also for the employment service
(subsidies paid for the same people), the police and the work environment authority. Recording
a finding of a category below suggests the agency kinds listed for it, each with the reason an
inspector reads next to the button. The matrix suggests; the inspector decides, and may refer
to any other agency of the collaboration.

Keys are category codes of the seeded catalogue (findings/migrations/0002_seed_categories.py).
docs/referrals.md explains the rule to the users, with this matrix as a table; a test keeps
the two equal.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyKind

MUNICIPALITY = AgencyKind.MUNICIPALITY
POLICE = AgencyKind.POLICE
TAX = AgencyKind.TAX
WORK_ENVIRONMENT = AgencyKind.WORK_ENVIRONMENT
FIRE_RESCUE = AgencyKind.FIRE_RESCUE
EMPLOYMENT_SERVICE = AgencyKind.EMPLOYMENT_SERVICE
ENFORCEMENT = AgencyKind.ENFORCEMENT

# {category code: ((agency kind, reason), ...)}, in the order the suggestions are shown.
SUGGESTIONS = {
    # Tax agency
    "staff-ledger": (
        (WORK_ENVIRONMENT, _("People missing from the ledger may work without safety training or insurance.")),
        (EMPLOYMENT_SERVICE, _("Staff off the ledger may be paid with wage subsidies granted on other terms.")),
    ),
    "cash-register": ((ENFORCEMENT, _("Turnover kept off the register may be income hidden from distraint.")),),
    "undeclared-work": (
        (EMPLOYMENT_SERVICE, _("People working undeclared may receive subsidies or benefits at the same time.")),
        (POLICE, _("Undeclared work on a large scale may be tax fraud or labour exploitation.")),
        (WORK_ENVIRONMENT, _("Undeclared workers rarely have the protection the work environment law requires.")),
    ),
    # Work environment authority
    "safety-deficiency": ((FIRE_RESCUE, _("Deficiencies in the workplace often come with deficient fire safety.")),),
    "serious-risk": (
        (POLICE, _("A serious risk to life or health may be a work environment crime.")),
        (FIRE_RESCUE, _("The risk may concern fire, explosion or blocked ways out.")),
    ),
    "no-permit-staff": (
        (POLICE, _("Employing people without a work permit is a crime.")),
        (TAX, _("Workers without a permit are rarely declared for tax.")),
        (EMPLOYMENT_SERVICE, _("The employer may receive subsidies for the same employment.")),
    ),
    # Fire and rescue service
    "fire-safety": (
        (MUNICIPALITY, _("Deficient fire safety may follow from a changed use that needs a building permit.")),
    ),
    "escape-routes": (
        (WORK_ENVIRONMENT, _("The employer must keep the ways out of the workplace free.")),
        (MUNICIPALITY, _("Blocked ways out may follow from a rebuilding without a permit.")),
    ),
    "flammable-goods": (
        (MUNICIPALITY, _("Storing flammable goods may be a changed use of the building.")),
        (POLICE, _("Handling flammable goods without a permit is a crime and may be a sign of other crime.")),
    ),
    # Public employment service
    "wage-subsidy-without-right": (
        (TAX, _("The wages the subsidy paid for may not have been declared.")),
        (POLICE, _("Subsidies obtained with false information may be benefit fraud.")),
    ),
    "new-start-without-right": (
        (TAX, _("The wages the subsidy paid for may not have been declared.")),
        (POLICE, _("Subsidies obtained with false information may be benefit fraud.")),
    ),
    "unclear-employment": (
        (TAX, _("An unclear employment may hide undeclared wages.")),
        (WORK_ENVIRONMENT, _("An unclear employment may leave the worker without protection.")),
    ),
    # Municipality
    "alcohol-without-licence": (
        (POLICE, _("Serving alcohol without a licence is a crime.")),
        (TAX, _("Sales outside the licence are seldom declared.")),
    ),
    "registration-missing": (
        (TAX, _("A business unknown to the municipality may be unknown to the tax agency as well.")),
    ),
    "building-without-permit": ((FIRE_RESCUE, _("A changed use changes what the fire safety must be.")),),
    "tobacco-without-permit": (
        (POLICE, _("Selling tobacco without a permit may involve smuggled goods.")),
        (TAX, _("Sales outside the permit are seldom declared.")),
    ),
    # Police
    "no-right-to-work": (
        (WORK_ENVIRONMENT, _("The employer has broken the rules on who may be employed.")),
        (TAX, _("The work is rarely declared for tax.")),
        (EMPLOYMENT_SERVICE, _("The employer may receive subsidies for the same people.")),
    ),
    "trafficking-indicators": (
        (WORK_ENVIRONMENT, _("Signs of labour exploitation are a matter for the work environment authority.")),
        (TAX, _("Exploited labour is rarely declared for tax.")),
        (MUNICIPALITY, _("The social services offer support and protection to possible victims.")),
    ),
    "trafficking-referral": (
        (MUNICIPALITY, _("The social services offer support and protection to possible victims.")),
    ),
}


def _check(matrix):
    # A typo in a kind would silently suggest nobody; fail when the module loads instead.
    for code, rows in matrix.items():
        kinds = [kind for kind, _reason in rows]
        unknown = set(kinds) - set(AgencyKind.values)
        if unknown or len(set(kinds)) != len(kinds):
            raise ValueError(f"Referral suggestions for {code!r}: unknown or repeated agency kinds {kinds}")


_check(SUGGESTIONS)


@dataclass(frozen=True)
class Suggestion:
    agency: Agency
    reason: str


def referable_agencies(finding):
    """Agencies the finding may still be referred to: the other agencies of its collaboration
    that have not been referred to yet."""
    return (
        Agency.objects.filter(collaborations=finding.collaboration_id)
        .exclude(pk=finding.agency_id)
        .exclude(referrals_received__finding=finding)
        .order_by("name")
    )


def suggestions_among(finding, agencies):
    """The agencies of `agencies` the matrix suggests for the finding's category, with the
    reason, in the matrix's order."""
    reasons = dict(SUGGESTIONS.get(finding.category.code, ()))
    order = {kind: position for position, kind in enumerate(reasons)}
    chosen = [agency for agency in agencies if agency.kind in reasons and agency.pk != finding.agency_id]
    chosen.sort(key=lambda agency: (order[agency.kind], agency.name))
    return [Suggestion(agency=agency, reason=reasons[agency.kind]) for agency in chosen]
