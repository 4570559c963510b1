"""Matrix rows for the evidence files of a finding: attaching one and downloading one.

Only the owning agency's inspectors attach; whoever may read the finding's details downloads
(its agency's inspectors and admin, and others once it is released). Each world finding gets
one small file, named after the finding's marker, so a page that showed the file name of a
finding the role may not read would fail the marker check.

The files go to the evidence storage of the test settings: tests/pytest_env.py points
MEDIA_ROOT at a temporary folder, and `stored_evidence` refuses to write inside the project.
"""

from tests.findings.evidence_factories import stored_evidence

from .route import Route, finding_changers, finding_pk

DOWNLOAD = {
    "inspector": {"own": 200, "other_agency": 403, "other_collaboration": 404},
    "other_inspector": {"own": 403, "other_agency": 200, "other_collaboration": 404},
    "agency_admin": {"own": 200, "other_agency": 403, "other_collaboration": 404},
    "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
}


def _evidence(w, t):
    return {"pk": w.evidence[t].pk}


def setup(world):
    uploaders = {"own": world.users["inspector"], "other_agency": world.users["other_inspector"]}
    world.evidence = {
        target: stored_evidence(
            finding,
            by=uploaders.get(target),
            original_name=f"{world.markers[target]}.png",
            stored_name=f"matrix-{target}.png",
        )
        for target, finding in world.findings.items()
    }


ROUTES = {
    "evidence_add": (
        Route(expect=finding_changers(200), kwargs=finding_pk),
        # An empty submission: the form's message with 400 where attaching is allowed.
        Route(method="post", expect=finding_changers(400), kwargs=finding_pk),
    ),
    "evidence_download": Route(expect=DOWNLOAD, kwargs=_evidence),
}
