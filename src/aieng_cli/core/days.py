"""Study days: like Anki, a study day starts at a set local hour (4 a.m. by default), not at midnight.

`StudyZone` is the learner's time zone moved back by that hour, so the date of a moment in it is
the study day the moment belongs to, and midnight in it is the local start of a study day. Code
that buckets by day (daily limits, "today", streaks, due-today) takes a `StudyZone` where it would
take a time zone and needs no other change; times shown to the learner keep the real zone.
"""

from datetime import date, datetime, time, timedelta, timezone, tzinfo

DEFAULT_DAY_START = 4


class StudyZone(tzinfo):
    """`zone` shifted back by `hour` hours: 03:59 local on the 2nd is still study day the 1st."""

    def __init__(self, zone: tzinfo, hour: int = DEFAULT_DAY_START) -> None:
        if not 0 <= hour <= 23:
            raise ValueError(f"the study day starts at an hour 0-23, not {hour}")
        self.zone = zone
        self.hour = hour
        self.shift = timedelta(hours=hour)

    def _local(self, moment: datetime) -> datetime:
        """The wall time in the real zone of `moment`, a wall time in this one."""
        return (moment.replace(tzinfo=None) + self.shift).replace(tzinfo=self.zone, fold=moment.fold)

    def utcoffset(self, moment: datetime | None) -> timedelta:
        if moment is None:
            return -self.shift
        offset = self._local(moment).utcoffset()
        return (offset if offset is not None else timedelta(0)) - self.shift

    def dst(self, moment: datetime | None) -> timedelta | None:
        return None if moment is None else self._local(moment).dst()

    def tzname(self, moment: datetime | None) -> str:
        return f"study day from {self.hour:02d}:00"

    def fromutc(self, moment: datetime) -> datetime:
        local = moment.replace(tzinfo=None).replace(tzinfo=self.zone)
        local = self.zone.fromutc(local)
        return (local.replace(tzinfo=None) - self.shift).replace(tzinfo=self, fold=local.fold)

    def __repr__(self) -> str:
        return f"StudyZone({self.zone!r}, {self.hour})"


def study_zone(zone: tzinfo, hour: int = DEFAULT_DAY_START) -> tzinfo:
    """The zone of study days starting at `hour` in `zone`: for a fixed offset, simply the offset
    moved back (a C-implemented `timezone`, quick to convert to when counting days over a long
    history); for a zone with rules (daylight saving time), a `StudyZone`."""
    if isinstance(zone, timezone):
        offset = zone.utcoffset(None)
        if -timedelta(hours=24) < offset - timedelta(hours=hour) < timedelta(hours=24):
            return timezone(offset - timedelta(hours=hour))
    return StudyZone(zone, hour)


def study_day(moment: datetime, zone: tzinfo) -> date:
    """The study day `moment` belongs to (`zone` a StudyZone, or a plain zone for midnight days)."""
    return moment.astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """The moment study day `day` begins."""
    return datetime.combine(day, time.min, zone)


def next_day_start(moment: datetime, zone: tzinfo) -> datetime:
    """When the study day after the one holding `moment` begins (when a buried card returns)."""
    return day_start(study_day(moment, zone) + timedelta(days=1), zone)
