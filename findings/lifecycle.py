"""The lifecycle of a finding, in one table: which status may follow which, and what a step needs.

open → action taken → follow-up due (a date) → corrected / not corrected / escalated → closed.
Advice counts as an action and "corrected" as a result: helping the business do right is the
first step, and the summary counts it.
"""

from django.db.models import Q

from .models import FindingStatus as S

TRANSITIONS = {
    S.OPEN: (S.ACTION_TAKEN, S.FOLLOW_UP_DUE, S.CLOSED),
    S.ACTION_TAKEN: (S.FOLLOW_UP_DUE, S.ESCALATED, S.CLOSED),
    S.FOLLOW_UP_DUE: (S.CORRECTED, S.NOT_CORRECTED, S.ESCALATED, S.CLOSED),
    S.NOT_CORRECTED: (S.FOLLOW_UP_DUE, S.ESCALATED, S.CLOSED),
    S.ESCALATED: (S.FOLLOW_UP_DUE, S.CLOSED),
    S.CORRECTED: (S.CLOSED,),
    S.CLOSED: (),
}

# A step to these needs: an action taken (other than "none"), a follow-up date.
NEEDS_ACTION = frozenset({S.ACTION_TAKEN})
NEEDS_FOLLOW_UP_DATE = frozenset({S.FOLLOW_UP_DUE})
# The outcomes of a follow-up: these may name the later visit at which it was made.
FOLLOW_UP_OUTCOMES = frozenset({S.CORRECTED, S.NOT_CORRECTED, S.ESCALATED})


def next_statuses(status):
    return TRANSITIONS.get(status, ())


def may_follow(current, new):
    return new in next_statuses(current)


def status_after_recording(*, action, follow_up_date):
    """The status a new finding starts in: the steps the recording form already covers."""
    if follow_up_date is not None:
        return S.FOLLOW_UP_DUE
    if action and action != "none":
        return S.ACTION_TAKEN
    return S.OPEN


def steps_when_recorded(*, action, follow_up_date):
    """The (from, to) steps from open that a new finding's first status stands for, for its history."""
    steps = []
    if action and action != "none":
        steps.append((S.OPEN, S.ACTION_TAKEN))
    if follow_up_date is not None:
        steps.append((steps[-1][1] if steps else S.OPEN, S.FOLLOW_UP_DUE))
    return steps


# How far ahead the follow-up list counts a date as "due soon".
DUE_SOON_DAYS = 30


def days_overdue(follow_up_date, today):
    """Whole days a follow-up date lies behind `today`; 0 when it is today or later (or unset)."""
    if follow_up_date is None or follow_up_date >= today:
        return 0
    return (today - follow_up_date).days


def is_overdue(finding, today):
    """A follow-up is overdue when it is still due and its date lies behind `today`."""
    return finding.status == S.FOLLOW_UP_DUE and days_overdue(finding.follow_up_date, today) > 0


def overdue_condition(today):
    """`is_overdue` for the database, to count overdue follow-ups without fetching them."""
    return Q(status=S.FOLLOW_UP_DUE, follow_up_date__lt=today)


def due_group(follow_up_date, today):
    """Where a due follow-up belongs on the list: "overdue", "soon" (within 30 days) or "later"."""
    if follow_up_date is None:
        return "later"
    if follow_up_date < today:
        return "overdue"
    if (follow_up_date - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "later"
