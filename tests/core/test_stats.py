"""The figures behind `aieng progress`, computed from columns, agree with the obvious slow way."""

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aieng_cli.core.records import Review, ReviewLog
from aieng_cli.core.stats import local_day_counts, streaks

ZONES = [
    UTC,
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-3, minutes=-30)),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/St_Johns"),
    ZoneInfo("Australia/Lord_Howe"),
]
moments = st.integers(0, 3 * 365 * 24 * 3600).map(lambda s: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=s))


@settings(max_examples=200, deadline=None)
@given(st.lists(moments, max_size=60), st.sampled_from(ZONES))
def test_local_day_counts_match_converting_every_review(times, zone):
    log = ReviewLog(Review("c", moment, 3) for moment in times)
    assert local_day_counts(log, zone) == Counter(moment.astimezone(zone).date() for moment in times)


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], 10, (0, 0)),
        ([10], 10, (1, 1)),
        ([9], 10, (1, 1)),
        ([8], 10, (0, 1)),
        ([1, 2, 3, 7, 8], 9, (2, 3)),
        ([1, 2, 3, 7, 8, 9], 9, (3, 3)),
    ],
)
def test_streaks(days, today, expected):
    start = datetime(2026, 1, 1).date()
    assert streaks([start + timedelta(days=d) for d in days], start + timedelta(days=today)) == expected
