"""The process environment and the machine's time zone: read here and nowhere else."""

import os
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo


def variable(name: str) -> str | None:
    """An environment variable's value; None when unset or empty."""
    return os.environ.get(name) or None


def variables() -> Mapping[str, str]:
    return os.environ


def local_zone() -> tzinfo:
    """The machine's local time zone (local days decide the daily limits and streaks)."""
    return datetime.now(UTC).astimezone().tzinfo or UTC
