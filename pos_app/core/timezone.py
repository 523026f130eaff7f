"""Legal time: what a receipt, a Z report's day and the SAF-T file show is Norwegian time
(Europe/Oslo), whatever time zone the machine runs in. Instants are stored in UTC."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def oslo(moment: datetime) -> datetime:
    """The instant in Oslo time (a naive value is taken as UTC, as the database stores it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(OSLO)


def oslo_day(moment: datetime) -> date:
    return oslo(moment).date()


def oslo_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The Oslo day as UTC instants [start, end); 23 or 25 hours long on the days clocks change."""
    start = datetime.combine(day, time.min, tzinfo=OSLO)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=OSLO)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)
