#!/usr/bin/env python3
"""The busy intervals of one iCalendar file as an independent expander sees them.

Used by test/ics-peer.ics-peer-spec.ts to compare busyFromIcs (src/external-calendars/ics/) with
Debian's python3-recurring-ical-events (on top of python3-icalendar and python-dateutil).

    expand-ics.py FILE FROM TO ZONE

FROM and TO are ISO 8601 instants (the horizon [FROM, TO)); ZONE is the caseworker's IANA zone,
which floating times (in a calendar without X-WR-TIMEZONE: the library applies that header itself)
and all-day (DATE) events are read in, as busyFromIcs does. Prints JSON:
{"intervals": [[start, end], ...]} (UTC, ISO 8601, clipped to the horizon, sorted, without
duplicates), or {"error": "..."} when the library cannot read the file.

Only what busyFromIcs counts as busy is kept (the same rules as ics-busy-status.ts): not
cancelled, not transparent, not Outlook's FREE or WORKINGELSEWHERE busy status, not declined by
the calendar's owner (X-WR-CALNAME holding an address, as Google's feeds do).
"""
import datetime
import json
import re
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

UTC = datetime.timezone.utc
# The library's span test is inclusive and compares mixed date/time kinds loosely: ask it for a
# wider span and clip exactly here.
MARGIN = datetime.timedelta(days=2)


def text(component, name):
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    return str(value).strip()


def upper(value):
    return None if value is None else value.upper()


def owner_of(calendar):
    name = text(calendar, "X-WR-CALNAME")
    if name and re.fullmatch(r"[^@\s]+@[^@\s]+", name):
        return name.lower()
    return None


def is_busy(event, owner):
    """ics-busy-status.ts isBusy, on an icalendar component."""
    if upper(text(event, "STATUS")) == "CANCELLED":
        return False
    if upper(text(event, "TRANSP")) == "TRANSPARENT":
        return False
    status = (
        text(event, "X-MICROSOFT-CDO-BUSYSTATUS")
        or text(event, "X-MICROSOFT-MSNCALENDAR-BUSYSTATUS")
        or text(event, "X-MICROSOFT-CDO-INTENDEDSTATUS")
    )
    if upper(status) in ("FREE", "WORKINGELSEWHERE"):
        return False
    if owner is not None:
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        for attendee in attendees:
            address = re.sub(r"^mailto:", "", str(attendee), flags=re.I).strip().lower()
            partstat = str(attendee.params.get("PARTSTAT", "")).upper()
            if address == owner and partstat == "DECLINED":
                return False
    return True


def instant(value, zone):
    """A DTSTART/DTEND value as an aware UTC datetime: dates at local midnight in the zone."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def iso(value):
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)


def expand(path, start, stop, zone):
    with open(path, "rb") as file:
        calendar = icalendar.Calendar.from_ical(file.read())
    owner = owner_of(calendar)
    span_start = (start - MARGIN).replace(tzinfo=None)
    span_stop = (stop + MARGIN).replace(tzinfo=None)
    intervals = set()
    for event in recurring_ical_events.of(calendar).between(span_start, span_stop):
        if not is_busy(event, owner):
            continue
        begin = instant(event["DTSTART"].dt, zone)
        end = instant(event["DTEND"].dt, zone) if "DTEND" in event else begin
        begin, end = max(begin, start), min(end, stop)
        if begin < end:
            intervals.add((iso(begin), iso(end)))
    return sorted(intervals)


def main():
    path, start, stop, zone = sys.argv[1:5]
    parse = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(UTC)
    try:
        result = {"intervals": expand(path, parse(start), parse(stop), ZoneInfo(zone))}
    except Exception as error:  # the library refusing a file is a result to compare, not a crash
        result = {"error": "%s: %s" % (type(error).__name__, error)}
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
