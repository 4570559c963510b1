"""The shape of one row of the role × URL matrix; each area lists its routes in its own module."""

from dataclasses import dataclass, field

ROLES = ["anonymous", "superuser", "coordinator", "inspector", "other_inspector", "press_officer", "agency_admin"]
TARGETS = ["own", "other_agency", "other_collaboration"]


@dataclass
class Route:
    method: str = "get"
    # role → status, or role → {target → status}; roles not named get `default`.
    expect: dict = field(default_factory=dict)
    default: int = 404
    anonymous: int = 302
    kwargs: object = None  # callable(world, target) → kwargs, for routes with parameters
    data: object = None  # callable(world, target) → POST data


def same(status):
    return dict.fromkeys(TARGETS, status)


# Records of the collaboration (premises, imports): the coordinators of Norrköping only.
# World targets: "own" and "other_agency" lie in Norrköping, "other_collaboration" in Linköping.
COORDINATOR_ONLY = {"coordinator": {"own": 200, "other_agency": 200, "other_collaboration": 404}}

# Operations: "own" has the tax agency, fire and rescue and the municipality taking part;
# "other_agency" only the municipality and the police; "other_collaboration" is in Linköping.
OPERATION_READERS = {
    "coordinator": {"own": 200, "other_agency": 200, "other_collaboration": 404},
    "inspector": {"own": 200, "other_agency": 404, "other_collaboration": 404},
    "other_inspector": {"own": 200, "other_agency": 404, "other_collaboration": 404},
    "agency_admin": {"own": 200, "other_agency": 404, "other_collaboration": 404},
}


def planning_only(status):
    """A planning action: coordinators may; agency members who see the operation get 403."""
    return {
        "coordinator": {"own": status, "other_agency": status, "other_collaboration": 404},
        "inspector": {"own": 403, "other_agency": 404, "other_collaboration": 404},
        "other_inspector": {"own": 403, "other_agency": 404, "other_collaboration": 404},
        "agency_admin": {"own": 403, "other_agency": 404, "other_collaboration": 404},
    }


# Findings: "own" is erik's tax finding, "other_agency" farah's fire finding, both in Norrköping;
# "other_collaboration" a tax finding in Linköping.
def finding_changers(status):
    """Changing a finding is for its own agency's inspectors; the others who read it get 403."""
    return {
        "inspector": {"own": status, "other_agency": 403, "other_collaboration": 404},
        "other_inspector": {"own": 403, "other_agency": status, "other_collaboration": 404},
        "agency_admin": {"own": 403, "other_agency": 403, "other_collaboration": 404},
        "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
    }


def finding_pk(w, t):
    return {"pk": w.findings[t].pk}
