"""Which agencies have a mandate to act at which kind of premises: the one matrix.

Planning warns when no participating agency can act at a premises on the list, so an
evening is not spent visiting a place where nobody present may inspect anything. Agencies
are named by their kind (AgencyKind), because an operation's agencies differ per LOS while
the law they act under does not.

Two kinds never count for a type of premises: the enforcement authority (Kronofogden) acts
on a debtor, wherever the debtor is, not on a kind of place; and "other" agencies
(Migrationsverket, Försäkringskassan ...) have mandates too varied to list here. They may
still take part; they simply do not make a premises "covered".
"""

from agencies.models import AgencyKind
from inspections.models import PremisesType

TAX = AgencyKind.TAX
POLICE = AgencyKind.POLICE
MUNICIPALITY = AgencyKind.MUNICIPALITY
WORK_ENVIRONMENT = AgencyKind.WORK_ENVIRONMENT
FIRE_RESCUE = AgencyKind.FIRE_RESCUE
EMPLOYMENT_SERVICE = AgencyKind.EMPLOYMENT_SERVICE

# Skatteverket audits any business's books, cash register and taxes; the police may act on
# suspicion of crime anywhere. Both reach every kind of premises.
EVERYWHERE = frozenset({TAX, POLICE})

AGENCY_REACH = {
    PremisesType.CAR_REPAIR: EVERYWHERE
    | {
        MUNICIPALITY,  # environmental supervision: waste oil, solvents, spill to drains
        WORK_ENVIRONMENT,  # lifts, welding, chemicals; the trade is on the staff-ledger list too
        FIRE_RESCUE,  # flammable liquids and gas bottles under the Act on protection against accidents
        EMPLOYMENT_SERVICE,  # wage subsidies are common among small workshops
    },
    PremisesType.CAR_WASH: EVERYWHERE
    | {
        MUNICIPALITY,  # environmental supervision: wastewater and washing chemicals
        WORK_ENVIRONMENT,  # wet work, chemicals, working hours
        EMPLOYMENT_SERVICE,  # subsidised employment
    },
    PremisesType.TATTOO: EVERYWHERE
    | {
        MUNICIPALITY,  # health protection: skin-piercing treatment must be notified to the municipality
        WORK_ENVIRONMENT,  # blood-borne infection risks for the staff
    },
    PremisesType.RESTAURANT: EVERYWHERE
    | {
        MUNICIPALITY,  # alcohol licence and food control
        WORK_ENVIRONMENT,  # kitchens: hours, heat, undeclared staff
        FIRE_RESCUE,  # a place where the public gathers: exits, fire load, number of guests
        EMPLOYMENT_SERVICE,  # subsidised employment, a frequent source of wrongful payments
    },
    PremisesType.FOOD_WHOLESALE: EVERYWHERE
    | {
        MUNICIPALITY,  # food control: cold chain, traceability, slaughter without approval
        WORK_ENVIRONMENT,  # cold stores, forklifts, heavy lifting
        FIRE_RESCUE,  # large storage buildings
        EMPLOYMENT_SERVICE,  # subsidised employment
    },
    PremisesType.KIOSK: EVERYWHERE
    | {
        MUNICIPALITY,  # tobacco sales permit and food control
        # No work environment or employment service: kiosks are mostly run by the owner alone,
        # and both mandates concern employees.
    },
    PremisesType.BARBER: EVERYWHERE
    | {
        MUNICIPALITY,  # health protection: hygiene of hairdressing premises
        WORK_ENVIRONMENT,  # chemicals, working hours; the trade is on the staff-ledger list
        EMPLOYMENT_SERVICE,  # subsidised employment
    },
    # Nothing more is known of an "other" place than that it is a business.
    PremisesType.OTHER: EVERYWHERE,
}


def agencies_able_to_act(premises_type):
    """The agency kinds with a mandate at this type of premises (tax and police for an unknown type)."""
    return set(AGENCY_REACH.get(premises_type, EVERYWHERE))
