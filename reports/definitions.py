"""What every figure of a summary means and what it is called, written once.

The PDF's method note and the dashboard print the definitions; `reports.aggregation` counts exactly
what they say and names them in its comments. Change a definition here and in the code together.
Every page, the PDF, the CSV and the published changes label the key figures and the follow-ups
from `KEY_FIGURE_LABELS` and `FOLLOW_UP_LABELS`, so a label is changed in one place.
"""

import dataclasses

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The key figures (the names of figures.KeyFigures) in the order every table prints them.
KEY_FIGURE_LABELS = {
    "operations": _("Operations"),
    "empact_operations": _("Of which EMPACT action days"),
    "visits": _("Visits carried out"),
    "premises": _("Premises visited"),
    "findings": _("Findings"),
    "persons_checked": _("Persons checked"),
    "wrongly_paid": _("Wrongfully paid out"),
    "stopped": _("Stopped before payout"),
    "potential_victims": _("Potential victims of human trafficking"),
}

# The follow-ups (the names of figures.FollowUps) in the order printed.
FOLLOW_UP_LABELS = {
    "corrected": _("Corrected"),
    "not_corrected": _("Not corrected"),
    "due": _("Follow-up due"),
}


@dataclasses.dataclass(frozen=True)
class Definition:
    """One figure: a stable name, its label and the sentence that defines it (both translatable)."""

    name: str
    label: str | Promise
    text: str | Promise


DEFINITIONS = (
    Definition(
        "period",
        _("Period"),
        _(
            "A visit belongs to the period by the date it took place in Swedish time, the first and the "
            "last day of the period included: a visit at 23:30 on the last day counts, one at 00:30 the "
            "next morning does not."
        ),
    ),
    Definition(
        "visits",
        KEY_FIGURE_LABELS["visits"],
        _(
            "Visits of the period recorded as carried out, in operations that were not cancelled. Planned "
            "and cancelled visits, and visits where the premises were found closed, are not counted."
        ),
    ),
    Definition(
        "operations",
        KEY_FIGURE_LABELS["operations"],
        _(
            "Operations of the collaboration with at least one visit carried out in the period, counted by "
            "kind. An EMPACT action day is a kind of its own. Operations are listed by their first day, "
            "with the visits carried out in the period and the number of participating agencies."
        ),
    ),
    Definition(
        "premises",
        KEY_FIGURE_LABELS["premises"],
        _(
            "Distinct premises with at least one visit carried out in the period: premises visited twice "
            "count once. By type, each premises counts under the type it is registered with."
        ),
    ),
    Definition(
        "agencies",
        _("Participating agencies"),
        _(
            "Every agency that took part in at least one of the operations counted, with the number of "
            "those operations, the visits carried out in the period in them, and the findings it recorded "
            "at those visits."
        ),
    ),
    Definition(
        "findings",
        KEY_FIGURE_LABELS["findings"],
        _(
            "What an agency recorded at a visit carried out in the period, by agency and by category of "
            "the agency's catalogue. A finding counts once, whatever happened to it afterwards."
        ),
    ),
    Definition(
        "actions",
        _("Actions taken"),
        _(
            "The findings of the period by the action in force today: the latest action the agency "
            "recorded (advice, injunction, prohibition, sanction fee, police report ...), or no action."
        ),
    ),
    Definition(
        "follow_ups",
        _("Follow-ups"),
        _(
            "Among the findings of the period: corrected are those whose history reached “corrected” at a "
            "follow-up; not corrected are those that reached “not corrected” and never “corrected”; due are "
            "those whose follow-up is still due today."
        ),
    ),
    Definition(
        "money",
        _("Money"),
        _(
            "Amounts in the agencies' ledgers tied to findings of the period, by kind (wrongfully paid "
            "out, stopped before payout, recovery claimed, recovered, sanction fees, tax reassessed, "
            "distraint) and agency. An amount corrected by a later entry is replaced by it, never added "
            "to it. Estimated and decided amounts both count. Each sum is shown with the number of "
            "premises it comes from."
        ),
    ),
    Definition(
        "persons_checked",
        KEY_FIGURE_LABELS["persons_checked"],
        _("The sum of the persons checked recorded at the visits carried out in the period."),
    ),
    Definition(
        "potential_victims",
        KEY_FIGURE_LABELS["potential_victims"],
        _(
            "The sum of the numbers the police recorded in the category “potential victim referred to "
            "support” at visits of the period."
        ),
    ),
    Definition(
        "trafficking_indicators",
        _("Trafficking indicators"),
        _(
            "For each indicator of the human-trafficking checklist in use, the number of findings of the "
            "period in which it was observed. One finding can show several indicators."
        ),
    ),
    Definition(
        "change",
        _("Change from a year before"),
        _(
            "The same figures for the same dates one year earlier (29 February becomes 28 February), "
            "counted by the same rules today. Not shown when no visit was carried out then."
        ),
    ),
    Definition(
        "small_counts",
        _("Small counts"),
        _(
            "Counts below the threshold are shown as “fewer than N”, where N is the collaboration's "
            "threshold (3 unless it chose otherwise); a sum of money counts as the number of premises it "
            "comes from. Other values are hidden where a reader could work a hidden value out, or narrow a "
            "value shown as “fewer than N” down to a single number, from the values shown: the check covers "
            "each total and the linear relations between the totals. Operations and visits describe the "
            "authorities' own work and are always shown; counts of premises, findings, persons, victims and "
            "indicators and sums of money are protected. Names of premises, businesses and people and "
            "free-text notes are never published."
        ),
    ),
)

_BY_NAME = {entry.name: entry for entry in DEFINITIONS}


def definition(name):
    """The definition called `name`; KeyError for an unknown name."""
    return _BY_NAME[name]
