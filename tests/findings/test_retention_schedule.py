"""The schedule: the retention purge (gallring) runs every night at 03:15 Swedish time."""

from django.conf import settings

from los.celery import app as celery_app


def test_the_beat_runs_the_retention_purge_every_night_at_a_quarter_past_three():
    entry = settings.CELERY_BEAT_SCHEDULE["retention-purge"]
    schedule = entry["schedule"]
    assert (schedule.minute, schedule.hour) == ({15}, {3})
    assert schedule.day_of_month == set(range(1, 32)) and schedule.month_of_year == set(range(1, 13))
    # What a worker and beat do when they start: import every app's tasks module.
    celery_app.loader.import_default_modules()
    assert entry["task"] in celery_app.tasks
    assert settings.CELERY_TIMEZONE == "Europe/Stockholm"
