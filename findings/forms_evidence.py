"""The upload form for evidence. It checks what is cheap to check; the service reads the file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .evidence_files import NOT_ACCEPTED, TOO_LARGE
from .models import MAX_EVIDENCE_BYTES

# No `capture` attribute: a phone then offers the camera and the photo library alike.
ACCEPT = "image/jpeg,image/png,image/heic,image/heif,application/pdf"


class EvidenceForm(forms.Form):
    upload = forms.FileField(
        label=_("Photo or PDF"),
        help_text=_(
            "A photo (JPEG, PNG or HEIC) or a PDF document, at most 20 MB. Position, camera and other "
            "details stored inside a photo are removed; a PDF is kept as it is."
        ),
        error_messages={
            "required": _("Choose the photo or PDF to attach."),
            "invalid": _("Choose the photo or PDF to attach."),
            "missing": _("Choose the photo or PDF to attach."),
            "empty": NOT_ACCEPTED,
        },
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(TOO_LARGE, code="too_large")
        return upload

    @classmethod
    def refused(cls, message):
        """A form that shows `message` at the file field, for a request whose body is not read."""
        form = cls(data={}, files={})
        form.is_valid()
        form.errors.clear()
        form.add_error("upload", message)
        return form
