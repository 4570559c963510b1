"""The schedule: at 02:00 on 1 July and 1 January each collaboration gets a draft summary of the
half-year that just ended, once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from los.celery import app as celery_app
from reports.models import Summary, SummaryStatus
from reports.tasks import summary_drafts_for_ended_half

SWEDEN = ZoneInfo("Europe/Stockholm")
FIRST_OF_JULY_2026 = datetime.datetime(2026, 7, 1, 2, 0, tzinfo=SWEDEN)


def drafts():
    return sorted(
        (s.collaboration.slug, s.period_start, s.period_end, s.status, s.created_by)
        for s in Summary.objects.select_related("collaboration")
    )


def test_the_beat_runs_the_drafts_task_at_two_on_the_first_of_july_and_of_january():
    entry = settings.CELERY_BEAT_SCHEDULE["summary-drafts-for-ended-half"]
    schedule = entry["schedule"]
    assert (schedule.minute, schedule.hour, schedule.day_of_month, schedule.month_of_year) == ({0}, {2}, {1}, {1, 7})
    assert entry["task"] in celery_app.tasks
    assert settings.CELERY_TIMEZONE == "Europe/Stockholm"


@time_machine.travel(FIRST_OF_JULY_2026, tick=False)
def test_on_the_first_of_july_each_collaboration_gets_a_draft_of_the_spring_once(norrkoping, linkoping):
    assert summary_drafts_for_ended_half.apply().get() == 2
    assert summary_drafts_for_ended_half.apply().get() == 0
    spring = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), SummaryStatus.DRAFT, None)
    assert drafts() == [("linkoping", *spring), ("norrkoping", *spring)]


@time_machine.travel(datetime.datetime(2027, 1, 1, 2, 0, tzinfo=SWEDEN), tick=False)
def test_on_the_first_of_january_the_draft_is_of_the_autumn_before(norrkoping):
    summary_drafts_for_ended_half.apply()
    assert drafts() == [
        ("norrkoping", datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), SummaryStatus.DRAFT, None)
    ]


@pytest.mark.parametrize("status", [SummaryStatus.AWAITING_CONFIRMATION, SummaryStatus.PUBLISHED])
@time_machine.travel(FIRST_OF_JULY_2026, tick=False)
def test_a_half_year_already_summarised_gets_no_new_draft(norrkoping, status):
    Summary.objects.create(
        collaboration=norrkoping,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        status=status,
    )
    assert summary_drafts_for_ended_half.apply().get() == 0
    assert Summary.objects.count() == 1
