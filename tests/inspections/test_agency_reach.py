"""The matrix of which agency kinds may act at which type of premises."""

from agencies.models import AgencyKind
from inspections.agency_reach import AGENCY_REACH, agencies_able_to_act
from inspections.models import PremisesType

K = AgencyKind


def test_every_type_of_premises_has_a_row():
    assert set(AGENCY_REACH) == set(PremisesType.values)


def test_a_restaurant_is_reached_by_the_municipality_tax_work_environment_fire_police_and_employment():
    assert agencies_able_to_act(PremisesType.RESTAURANT) == {
        K.MUNICIPALITY,
        K.TAX,
        K.WORK_ENVIRONMENT,
        K.FIRE_RESCUE,
        K.POLICE,
        K.EMPLOYMENT_SERVICE,
    }


def test_a_car_wash_is_not_a_matter_for_the_fire_and_rescue_service():
    assert agencies_able_to_act(PremisesType.CAR_WASH) == {
        K.TAX,
        K.WORK_ENVIRONMENT,
        K.MUNICIPALITY,
        K.POLICE,
        K.EMPLOYMENT_SERVICE,
    }


def test_a_kiosk_is_reached_by_tax_police_and_the_municipality_only():
    assert agencies_able_to_act(PremisesType.KIOSK) == {K.TAX, K.POLICE, K.MUNICIPALITY}


def test_tax_and_police_reach_every_type():
    for premises_type in PremisesType.values:
        assert {K.TAX, K.POLICE} <= agencies_able_to_act(premises_type), premises_type


def test_the_enforcement_authority_and_other_agencies_make_no_type_covered():
    for premises_type in PremisesType.values:
        assert not {K.ENFORCEMENT, K.OTHER} & agencies_able_to_act(premises_type), premises_type


def test_the_matrix_is_a_real_matrix_not_the_same_row_everywhere():
    rows = {frozenset(agencies_able_to_act(t)) for t in PremisesType.values}
    assert len(rows) >= 5


def test_an_unknown_type_falls_back_to_tax_and_police():
    assert agencies_able_to_act("spaceport") == {K.TAX, K.POLICE}


def test_changing_the_answer_does_not_change_the_matrix():
    agencies_able_to_act(PremisesType.KIOSK).add(K.FIRE_RESCUE)
    assert K.FIRE_RESCUE not in agencies_able_to_act(PremisesType.KIOSK)
