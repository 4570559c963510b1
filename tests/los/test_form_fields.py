"""IdsChoiceField: an id no row can have is the field's error, never a database error."""

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Agency
from los.form_fields import LARGEST_ID, IdsChoiceField
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _field():
    return IdsChoiceField(queryset=Agency.objects.all(), error_messages={"invalid_pk_value": "Choose agencies."})


@pytest.mark.parametrize("huge", [str(LARGEST_ID + 1), str(-LARGEST_ID - 1), "99999999999999999999"])
def test_an_id_beyond_any_row_is_the_fields_error(huge):
    agency = AgencyFactory()
    with pytest.raises(ValidationError) as refused:
        _field().clean([str(agency.pk), huge])
    assert refused.value.messages == ["Choose agencies."]


def test_ids_of_rows_are_chosen_as_before():
    agencies = [AgencyFactory(), AgencyFactory()]
    assert set(_field().clean([str(a.pk) for a in agencies])) == set(agencies)


def test_the_largest_id_is_asked_and_not_found():
    with pytest.raises(ValidationError) as refused:
        _field().clean([str(LARGEST_ID)])
    assert refused.value.code == "invalid_choice"
