"""commitments.ics (RFC 5545, via the icalendar package): dated open promises and follow-ups as
all-day events, so a phone calendar can subscribe to them. Deterministic: stable UIDs and a
DTSTAMP taken from the note's date, never from the clock."""

from __future__ import annotations

import datetime as dt
import hashlib

from ..aggregate.customers import CustomerState
from ..aggregate.ledger import Promise


def _uid(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20] + "@notes2insight"


def render_ics(promises: tuple[Promise, ...], follow_ups: list[CustomerState], today: dt.date,
               language: str) -> str:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//notes2insight//commitments//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "承诺与跟进" if language == "zh" else "Commitments and follow-ups")
    horizon = today - dt.timedelta(days=30)  # long-gone dates only clutter a phone calendar
    for p in promises:
        if p.due is None or p.due < horizon or p.status(today) == "kept":
            continue
        c = p.commitment
        event = Event()
        event.add("uid", _uid("promise", c.source.path, str(c.source.line), c.text))
        event.add("dtstamp", dt.datetime.combine(p.made, dt.time(0, 0), tzinfo=dt.timezone.utc))
        event.add("dtstart", p.due)
        event.add("dtend", p.due + dt.timedelta(days=1))
        prefix = "承诺" if language == "zh" else "Promise"
        event.add("summary", f"{prefix}: {c.text}"[:200])
        event.add("description", f"{c.source.path}:{c.source.line}")
        calendar.add_component(event)
    for state in follow_ups:
        if state.follow_up is None or state.follow_up < horizon:
            continue
        event = Event()
        event.add("uid", _uid("follow-up", state.name))
        event.add("dtstamp", dt.datetime.combine(state.last_contact, dt.time(0, 0), tzinfo=dt.timezone.utc))
        event.add("dtstart", state.follow_up)
        event.add("dtend", state.follow_up + dt.timedelta(days=1))
        event.add("summary", (f"跟进 {state.name}" if language == "zh" else f"Follow up {state.name}")[:200])
        event.add("description", f"{state.first_source.path}:{state.first_source.line}")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
