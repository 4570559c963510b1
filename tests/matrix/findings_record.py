"""Matrix rows for recording findings: "My visits", the visit workspace, recording and changing.

The "own" visit's operation has the tax agency, fire and rescue and the municipality taking
part; the "other_agency" visit's operation only the municipality, so neither erik (tax) nor
farah (fire) can see it. Recording and changing are for inspectors: the agency admin and the
coordinator see the visit or the finding but may not write (403).
"""

from findings.models import Category

from .route import Route, finding_changers, finding_pk

INSPECTORS = {"inspector": 200, "other_inspector": 200}


def _visit(w, t):
    return {"pk": w.visits[t].pk}


def at_visit(inspectors):
    """Both inspectors' agencies took part in the "own" operation only."""
    return {
        "inspector": {"own": inspectors["inspector"], "other_agency": 404, "other_collaboration": 404},
        "other_inspector": {"own": inspectors["other_inspector"], "other_agency": 404, "other_collaboration": 404},
        "agency_admin": {"own": 403, "other_agency": 404, "other_collaboration": 404},
        "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
    }


def _tax_finding_data(w, t):
    """A valid finding of the tax agency: erik records it; farah (fire) is refused its category."""
    category = Category.objects.get(agency_kind="tax", code="cash-register")
    return {"category": category.pk, "action": "advice", "note": "Kassaregister saknas."}


def _edit_data(w, t):
    finding = w.findings[t]
    return {"category": finding.category_id, "note": "Ändrad anteckning.", "version": finding.version}


ROUTES = {
    "my_visits": Route(expect=INSPECTORS),
    "visit_work": Route(expect=at_visit(INSPECTORS), kwargs=_visit),
    "finding_record": (
        Route(expect=at_visit(INSPECTORS), kwargs=_visit),
        Route(method="post", expect=at_visit({"inspector": 400, "other_inspector": 400}), kwargs=_visit),
        Route(
            method="post",
            expect=at_visit({"inspector": 302, "other_inspector": 400}),
            kwargs=_visit,
            data=_tax_finding_data,
        ),
    ),
    # The fields a picked category needs: the same check as the form they belong to.
    "finding_record_fields": Route(expect=at_visit(INSPECTORS), kwargs=_visit),
    "finding_edit_fields": Route(expect=finding_changers(200), kwargs=finding_pk),
    "finding_edit": (
        Route(expect=finding_changers(200), kwargs=finding_pk),
        Route(method="post", expect=finding_changers(400), kwargs=finding_pk),
        Route(method="post", expect=finding_changers(302), kwargs=finding_pk, data=_edit_data),
    ),
}
