"""What the inspections views do alike with forms and refusals: read a submission, show a
service's refusal at the form's fields, and list messages for the summary above a page."""


def posted(request):
    """The submitted data, or None for a GET. An empty POST is still a submission: it must be
    answered with 400 and the form's messages, not with a blank form."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form, exc):
    """Show a service's ValidationError at the form's fields; errors about anything the form
    does not have go to the summary."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def messages_of(form_errors):
    """Every message of a form's errors, in order, for a summary on a page or in a partial that
    does not show the form's fields."""
    return [message for field_errors in form_errors.values() for message in field_errors]
