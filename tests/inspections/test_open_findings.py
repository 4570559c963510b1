from findings.models import OPEN_STATUSES
from inspections.open_findings import OPEN_FINDING_STATUSES


def test_planning_counts_the_same_findings_as_open_as_the_findings_app():
    assert set(OPEN_FINDING_STATUSES) == {str(s) for s in OPEN_STATUSES}
