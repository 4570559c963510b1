"""Forms of the summary pages: request a half-year, edit the texts, answer for an agency's
figures, approve. They parse input; which step may follow which is decided by reports.services."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Collaboration
from findings.forms_common import VersionField
from inspections.forms_collaboration import CollaborationChoice
from inspections.forms_operations import RadioList

from .models import MAX_COMMENT_LENGTH, MAX_TEXT_LENGTH
from .periods import FIRST_HALF, SECOND_HALF, last_completed_half

# The first year the system can hold a summary of; earlier input is a typing error.
FIRST_YEAR = 2000

VERSION_MISSING = _("The form does not say which version of the texts you opened. Open the page again.")


class SummaryRequestForm(CollaborationChoice, forms.Form):
    """A half-year to summarise; the collaboration only for a press officer of several."""

    collaboration = forms.ModelChoiceField(
        label=_("Collaboration"),
        queryset=Collaboration.objects.none(),
        error_messages={
            "required": _("Choose the collaboration to summarise."),
            "invalid_choice": _("Choose one of the collaborations you publish for."),
        },
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        error_messages={
            "required": _("Enter the year, for example 2025."),
            "invalid": _("Enter the year as four digits, for example 2025."),
            "min_value": _("Enter a year from %(limit_value)s on."),
            "max_value": _("Enter a year that has begun, up to %(limit_value)s."),
        },
    )
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        coerce=int,
        choices=[(FIRST_HALF, _("First half (January – June)")), (SECOND_HALF, _("Second half (July – December)"))],
        widget=RadioList,
        error_messages={
            "required": _("Choose the first or the second half-year."),
            "invalid_choice": _("Choose the first or the second half-year."),
        },
    )

    field_order = ["collaboration", "year", "half"]

    def __init__(self, *args, collaboration_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_collaborations(collaboration_ids)
        today = timezone.localdate()
        # The upper bound moves with the calendar, so it is set here rather than on the class.
        self.fields["year"].validators.append(MaxValueValidator(today.year))
        self.fields["year"].widget.attrs.update({"max": today.year, "inputmode": "numeric"})
        year, half = last_completed_half(today)
        self.initial.setdefault("year", year)
        self.initial.setdefault("half", half)


class SummaryTextsForm(forms.Form):
    """The narrative (editable while a draft) and the press release, at the version opened."""

    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("What the collaboration did in the period, in plain words. Printed in the summary."),
        error_messages={"max_length": _("Keep the narrative to %(limit_value)d characters (it has %(show_value)d).")},
    )
    press_release = forms.CharField(
        label=_("Press release"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("The draft for the press, exported as text."),
        error_messages={
            "max_length": _("Keep the press release to %(limit_value)d characters (it has %(show_value)d).")
        },
    )
    version = VersionField()

    def __init__(self, *args, summary, narrative_editable, **kwargs):
        super().__init__(*args, **kwargs)
        if not narrative_editable:
            # A disabled field ignores what is posted and keeps the summary's own text.
            self.fields["narrative"].disabled = True
            self.fields["narrative"].help_text = _("The narrative can be changed only while the summary is a draft.")
        if not self.is_bound:
            self.initial.update(
                {"narrative": summary.narrative, "press_release": summary.press_release, "version": summary.version}
            )
        else:
            self.initial.setdefault("narrative", summary.narrative)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") is None:
            self.add_error(None, VERSION_MISSING)
        return cleaned


CONFIRM = "confirm"
COMMENT = "comment"


class SummaryAnswerForm(forms.Form):
    """An agency admin's answer on the agency's own figures: confirm them, or comment."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(CONFIRM, _("Confirm: the figures are right")), (COMMENT, _("Comment: something needs a look"))],
        widget=RadioList,
        error_messages={
            "required": _("Choose whether you confirm the figures or comment on them."),
            "invalid_choice": _("Choose whether you confirm the figures or comment on them."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed when you comment: what is wrong or missing. Do not name businesses or people."),
        error_messages={"max_length": _("Keep the comment to %(limit_value)d characters (it has %(show_value)d).")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == COMMENT and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Write the comment: what is wrong or missing."))
        return cleaned

    @property
    def confirmed(self):
        return self.cleaned_data["answer"] == CONFIRM


class SummaryApproveForm(forms.Form):
    """Approve; when agencies have not answered, only with the explicit choice to go on without them."""

    without_answers = forms.BooleanField(label=_("Approve without their answer"), required=False)

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = list(pending)

    def clean(self):
        cleaned = super().clean()
        if self.pending and not cleaned.get("without_answers"):
            self.add_error(
                "without_answers",
                _("Some agencies have not answered. Tick “Approve without their answer” to approve anyway."),
            )
        return cleaned
