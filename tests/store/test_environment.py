"""The machine's time zone: named with its rules, so past days keep their own UTC offsets."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from aieng_cli.core.days import study_day
from aieng_cli.store import environment


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Europe/Berlin", ZoneInfo("Europe/Berlin")),
        (":America/New_York", ZoneInfo("America/New_York")),
        ("UTC", UTC),
        ("Etc/UTC", UTC),
    ],
)
def test_tz_names_the_zone(monkeypatch, tz, expected):
    monkeypatch.setenv("TZ", tz)
    assert environment.local_zone() == expected


@pytest.mark.parametrize("tz", ["Nowhere/Land", "../../etc/passwd", ":"])
def test_a_zone_that_cannot_be_named_falls_back_to_the_current_offset(monkeypatch, tz):
    monkeypatch.setenv("TZ", tz)
    zone = environment.local_zone()
    assert zone.utcoffset(datetime.now(UTC)) is not None


def test_without_tz_the_zone_is_the_one_etc_localtime_links_to(monkeypatch, tmp_path):
    monkeypatch.delenv("TZ", raising=False)
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Berlin")
    monkeypatch.setattr(environment, "LOCALTIME", str(link))
    assert environment.local_zone() == ZoneInfo("Europe/Berlin")


def test_a_summer_review_keeps_its_summer_date_in_winter(monkeypatch):
    """00:30 in Berlin on 2 July is 22:30 UTC on 1 July: the winter offset (+1) alone would put
    it on 1 July."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    answered = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
    assert study_day(answered, environment.local_zone()).isoformat() == "2026-07-02"
