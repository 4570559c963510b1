"""Forms of the operation and visit screens. They parse input and show the rules' messages at
the right field; the rules themselves live in inspections.services_operations."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies import permissions
from agencies.models import Agency, Collaboration, Membership, Role, User
from los.form_fields import IdsChoiceField

from . import services_operations as rules
from .forms_collaboration import CollaborationChoice
from .models import MAX_PERSONS_CHECKED, OperationKind, OperationStatus, Premises, VisitOutcome


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id points at the first box, so the error summary can link to it."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class RadioList(forms.RadioSelect):
    """Radio buttons whose field id points at the first button, for the error summary."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class InspectorChoiceField(IdsChoiceField):
    """Booked inspectors, shown as "Name (Agency)" so the coordinator books the right person."""

    def __init__(self, *args, **kwargs):
        self.agency_names = {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        agencies = self.agency_names.get(obj.pk)
        return f"{obj} ({agencies})" if agencies else str(obj)


class OperationForm(CollaborationChoice, forms.Form):
    """Plan or change an operation. The collaboration is chosen only by a coordinator of several."""

    collaboration = forms.ModelChoiceField(
        label=_("Collaboration"),
        queryset=Collaboration.objects.none(),
        error_messages={
            "required": _("Choose the collaboration the operation belongs to."),
            "invalid_choice": _("Choose one of the collaborations you plan for."),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example: Spring operation Hageby."),
        error_messages={"required": _("Enter a name for the operation.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=OperationKind.choices,
        initial=OperationKind.LOS,
        error_messages={
            "required": _("Choose the kind of operation."),
            "invalid_choice": _("Choose one of the kinds."),
        },
    )
    start_date = forms.DateField(
        label=_("First day"),
        widget=DateInput(),
        error_messages={"required": _("Enter the first day."), "invalid": _("Enter a date, for example 2025-03-10.")},
    )
    end_date = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        help_text=_("The same as the first day for an operation of one day."),
        error_messages={"required": _("Enter the last day."), "invalid": _("Enter a date, for example 2025-03-11.")},
    )
    agencies = IdsChoiceField(
        label=_("Participating agencies"),
        queryset=Agency.objects.none(),
        widget=CheckboxList,
        error_messages={
            "required": _("Choose at least one participating agency."),
            "invalid_choice": _("Choose agencies of the collaboration."),
            "invalid_pk_value": _("Choose agencies of the collaboration."),
        },
    )
    inspectors = InspectorChoiceField(
        label=_("Booked inspectors"),
        queryset=User.objects.none(),
        widget=CheckboxList,
        required=False,
        help_text=_("Inspectors of the participating agencies who are booked for the operation."),
        error_messages={
            "invalid_choice": _("Choose inspectors of the collaboration."),
            "invalid_pk_value": _("Choose inspectors of the collaboration."),
        },
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Meeting point, contact persons. No personal identity numbers."),
    )

    def __init__(self, *args, user, operation=None, **kwargs):
        self.operation = operation
        # What the operation has now stays a choice, though an agency may have left the
        # collaboration or an inspector's membership ended since: the rules then check only
        # what is added (services_operations.operation_rule_errors).
        self.current_agencies, self.current_inspectors = [], []
        if operation is not None:
            self.current_agencies = list(operation.agencies.values_list("pk", flat=True))
            self.current_inspectors = list(operation.inspectors.values_list("pk", flat=True))
            kwargs.setdefault("initial", self._initial(operation))
        super().__init__(*args, **kwargs)
        ids = {operation.collaboration_id} if operation is not None else permissions.planning_collaboration_ids(user)
        self.offer_collaborations(ids)
        self.fields["agencies"].queryset = (
            Agency.objects.filter(Q(collaborations__in=sorted(ids)) | Q(pk__in=self.current_agencies))
            .distinct()
            .order_by("name")
        )
        self._set_inspector_choices(ids)

    def _initial(self, operation):
        return {
            "name": operation.name,
            "kind": operation.kind,
            "start_date": operation.start_date,
            "end_date": operation.end_date,
            "agencies": self.current_agencies,
            "inspectors": self.current_inspectors,
            "notes": operation.notes,
        }

    def _set_inspector_choices(self, collaboration_ids):
        field = self.fields["inspectors"]
        booked = Q(user__in=self.current_inspectors)
        memberships = (
            Membership.objects.filter(collaboration__in=sorted(collaboration_ids), role=Role.INSPECTOR)
            .filter(Q(is_active=True) | booked)
            .select_related("agency", "collaboration")
            .order_by("agency__name", "collaboration__name")
        )
        names = {}
        for membership in memberships:
            label = membership.agency.name
            if "collaboration" in self.fields:  # planning for several: say which one
                label = f"{label}, {membership.collaboration}"
            if label not in names.setdefault(membership.user_id, []):
                names[membership.user_id].append(label)
        field.agency_names = {pk: ", ".join(labels) for pk, labels in names.items()}
        choices = sorted(set(names) | set(self.current_inspectors))
        field.queryset = User.objects.filter(pk__in=choices).order_by("first_name", "last_name", "username")

    def clean(self):
        cleaned = super().clean()
        collaboration = self.chosen_collaboration()
        if collaboration is None:
            return cleaned
        errors = rules.operation_rule_errors(
            collaboration=collaboration,
            start_date=cleaned.get("start_date"),
            end_date=cleaned.get("end_date"),
            agencies=list(cleaned.get("agencies") or []),
            inspectors=list(cleaned.get("inspectors") or []),
            operation=self.operation,
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned

    def service_arguments(self):
        data = self.cleaned_data
        keys = ("name", "kind", "start_date", "end_date", "agencies", "inspectors", "notes")
        return {key: data[key] for key in keys}


class OperationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("operation status filter", "All"))] + OperationStatus.choices,
        error_messages={"invalid_choice": _("Choose one of the statuses.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=OperationStatus.choices,
        error_messages={"required": _("Choose a status."), "invalid_choice": _("Choose one of the statuses.")},
    )


class PremisesSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find premises to add"),
        required=False,
        max_length=100,
        strip=True,
        help_text=_("Name, address, city, business or organisation number."),
        error_messages={"max_length": _("Enter at most %(limit_value)d characters.")},
    )


class VisitAddForm(forms.Form):
    premises = forms.ModelChoiceField(
        label=_("Premises"),
        queryset=Premises.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose the premises to add."),
            "invalid_choice": _("Choose premises of this operation's collaboration."),
        },
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["premises"].queryset = Premises.objects.filter(collaboration_id=operation.collaboration_id)


class VisitMoveForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[(rules.UP, _("Up")), (rules.DOWN, _("Down"))],
        error_messages={"required": _("Move a visit up or down."), "invalid_choice": _("Move a visit up or down.")},
    )


class VisitOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=VisitOutcome.choices,
        widget=RadioList,
        error_messages={"required": _("Choose the outcome."), "invalid_choice": _("Choose one of the outcomes.")},
    )
    scheduled_at = forms.DateTimeField(
        label=_("Time"),
        widget=DateTimeInput(),
        error_messages={"required": _("Enter the time of the visit."), "invalid": _("Enter a date and time.")},
    )
    persons_checked = forms.IntegerField(
        label=_("Persons checked"),
        min_value=0,
        max_value=MAX_PERSONS_CHECKED,
        initial=0,
        error_messages={"required": _("Enter the number of persons checked, 0 if none.")},
    )
    minutes_spent = forms.IntegerField(
        label=_("Time spent (minutes)"),
        required=False,
        min_value=0,
        max_value=rules.MAX_MINUTES_SPENT,
    )
    inspectors = IdsChoiceField(
        label=_("Inspectors present"),
        queryset=User.objects.none(),
        widget=CheckboxList,
        required=False,
        help_text=_("Only inspectors booked on the operation can be chosen."),
        error_messages={
            "invalid_choice": _("Choose inspectors booked on the operation."),
            "invalid_pk_value": _("Choose inspectors booked on the operation."),
        },
    )

    def __init__(self, *args, visit, **kwargs):
        self.visit = visit
        kwargs.setdefault(
            "initial",
            {
                "outcome": visit.outcome,
                "scheduled_at": timezone.localtime(visit.scheduled_at),
                "persons_checked": visit.persons_checked,
                "minutes_spent": visit.minutes_spent,
                "inspectors": list(visit.inspectors.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = visit.operation.inspectors.order_by("first_name", "last_name")

    def clean(self):
        cleaned = super().clean()
        if "outcome" not in cleaned:
            return cleaned
        # The rules are checked with whatever else parsed, so every problem shows at once.
        errors = rules.outcome_rule_errors(
            operation=self.visit.operation,
            outcome=cleaned["outcome"],
            persons_checked=cleaned.get("persons_checked"),
            minutes_spent=cleaned.get("minutes_spent"),
            inspectors=list(cleaned.get("inspectors") or []),
            scheduled_at=cleaned.get("scheduled_at"),
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned
