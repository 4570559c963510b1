"""The form that moves a finding along its lifecycle. It parses the input; which step may
follow which, and what a step needs, is decided by findings.services_lifecycle."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspections.forms_operations import RadioList

from . import lifecycle, rules
from .forms_common import VersionedForm, day_field
from .models import FindingStatus
from .selectors_lifecycle import follow_up_visits_for


class FollowUpVisitField(forms.ModelChoiceField):
    """A later visit, named by its day and operation so the inspector picks the right one."""

    def label_from_instance(self, obj):
        return f"{timezone.localtime(obj.scheduled_at):%Y-%m-%d} – {obj.operation.name}"


class TransitionForm(VersionedForm):
    to_status = forms.ChoiceField(
        label=_("New status"),
        # Every status parses; the service answers a step the lifecycle does not allow.
        choices=FindingStatus.choices,
        widget=RadioList,
        error_messages={
            "required": _("Choose the finding's new status."),
            "invalid_choice": _("Choose one of the statuses shown."),
        },
    )
    action = forms.ChoiceField(
        label=_("Action taken"),
        required=False,
        help_text=_("Needed for “Action taken”. Leave it empty to keep the action already recorded."),
        error_messages={"invalid_choice": rules.ACTION_NOT_OFFERED},
    )
    follow_up_date = day_field(
        _("Follow-up date"),
        help_text=_("Needed for “Follow-up due”: the day the finding is to be followed up."),
    )
    follow_up_visit = FollowUpVisitField(
        label=_("Follow-up visit"),
        queryset=None,
        required=False,
        empty_label=_("No visit (followed up another way)"),
        help_text=_("For corrected, not corrected or escalated: the later visit at which it was followed up."),
        error_messages={"invalid_choice": _("Choose one of the later visits to the premises.")},
    )

    field_order = ["to_status", "action", "follow_up_date", "follow_up_visit", "version"]

    def __init__(self, *args, finding, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.finding = finding
        self.fields["to_status"].widget.choices = [
            (status, FindingStatus(status).label) for status in lifecycle.next_statuses(finding.status)
        ]
        offered = rules.actions_offered(finding.agency.kind)
        self.fields["action"].choices = [("", _("Keep the current action")), *offered]
        self.fields["follow_up_visit"].queryset = follow_up_visits_for(finding, user)
        if not self.is_bound:
            self.initial.setdefault("version", finding.version)

    @property
    def next_statuses(self):
        return lifecycle.next_statuses(self.finding.status)
