"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# The largest value of a bigint primary key, and so of any id a form may be sent.
LARGEST_ID = 2**63 - 1


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses an id no row can have before asking the database.

    Django asks `pk IN (…)` with whatever integer it was sent; SQLite (the demo's database) cannot
    even bind one beyond 64 bits and raises, which was a 500. Such an id gets the field's own
    "invalid_pk_value" message instead, as a word would.
    """

    def _check_values(self, value):
        for each in value if isinstance(value, list | tuple) else [value]:
            try:
                number = int(str(each))
            except ValueError:
                continue  # not a number at all: Django's own check says so
            if not -LARGEST_ID <= number <= LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": each}
                )
        return super()._check_values(value)
