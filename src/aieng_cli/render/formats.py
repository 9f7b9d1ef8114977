"""How times and intervals are written: `10m`, `4d`, `in 3d (2026-01-31 09:00)`."""

from datetime import datetime, timedelta, tzinfo


def format_interval(interval: timedelta) -> str:
    """Anki-style short interval: 10m, 5h, 4d, 2.5mo, 1.2y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def format_when(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """When `moment` is, from `now`: "now", or "in 3d (2026-01-31 09:00)" in local time."""
    local = moment.astimezone(zone)
    return f"in {format_interval(moment - now)} ({local:%Y-%m-%d %H:%M})" if moment > now else "now"
