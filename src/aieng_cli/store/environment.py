"""The process environment and the machine's time zone: read here and nowhere else."""

import os
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo


def variable(name: str) -> str | None:
    """An environment variable's value; None when unset or empty."""
    return os.environ.get(name) or None


def variables() -> Mapping[str, str]:
    return os.environ


UTC_NAMES = frozenset({"UTC", "UCT", "GMT", "Zulu", "Universal", "Greenwich"})
LOCALTIME = "/etc/localtime"


def local_zone() -> tzinfo:
    """The machine's local time zone with its rules (local days decide the daily limits, the
    heat-map and streaks): `TZ`, else the zone `/etc/localtime` links to. A review made in summer
    is counted on its summer date in winter too, which the current UTC offset alone would get
    wrong near midnight. UTC is the C-implemented `timezone.utc` (quick over a long history);
    a zone that cannot be named falls back to the current offset."""
    key = _zone_key()
    if key is not None:
        if key.removeprefix("Etc/") in UTC_NAMES:
            return UTC
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return datetime.now(UTC).astimezone().tzinfo or UTC


def _zone_key() -> str | None:
    """The IANA name of the machine's zone, when it can be found."""
    named = variable("TZ")
    if named is not None:
        return named.removeprefix(":") or None
    target = os.path.realpath(LOCALTIME)
    _before, found, key = target.partition("/zoneinfo/")
    return key if found and key else None
