"""commitments.ics (RFC 5545, via the icalendar package): dated open promises and follow-ups as
all-day events, so a phone calendar can subscribe to them. Deterministic: stable UIDs and a
DTSTAMP taken from the note's date, never from the clock."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

from ..aggregate.customers import CustomerState
from ..aggregate.ledger import Promise

_END = b"END:VCALENDAR\r\n"


def _uid(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20] + "@notes2insight"


@lru_cache(maxsize=1 << 16)
def _event(uid: str, stamp: dt.date, day: dt.date, summary: str, description: str) -> bytes:
    """One VEVENT, serialised by icalendar. A watcher's calendar keeps almost all its events
    from one save to the next, so each is serialised once."""
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.timezone.utc))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    return event.to_ical()


@lru_cache(maxsize=1 << 16)
def _promise_event(path: str, line: int, text: str, made: dt.date, due: dt.date, prefix: str) -> bytes:
    """A promise's VEVENT: remembered with its UID, as a team's calendar holds thousands."""
    return _event(_uid("promise", path, str(line), text), made, due, f"{prefix}: {text}"[:200],
                  f"{path}:{line}")


def render_ics(promises: list[Promise], follow_ups: list[CustomerState], horizon: dt.date,
               language: str) -> str:
    """`promises`: the unkept ones due on `horizon` or later, in the order made; follow-ups
    before `horizon` are left out (long-gone dates only clutter a phone calendar)."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//notes2insight//commitments//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "承诺与跟进" if language == "zh" else "Commitments and follow-ups")
    events = []
    prefix = "承诺" if language == "zh" else "Promise"
    for p in promises:
        c = p.commitment
        events.append(_promise_event(c.source.path, c.source.line, c.text, p.made, p.due, prefix))
    for state in follow_ups:
        if state.follow_up is None or state.follow_up < horizon:
            continue
        events.append(_event(_uid("follow-up", state.name), state.last_contact, state.follow_up,
                             (f"跟进 {state.name}" if language == "zh" else f"Follow up {state.name}")[:200],
                             f"{state.first_source.path}:{state.first_source.line}"))
    head = calendar.to_ical()
    if not head.endswith(_END):
        raise ValueError("icalendar ended a calendar unexpectedly: " + repr(head[-40:]))
    # the calendar as icalendar writes it, its components spliced in before the closing line
    return (head[:-len(_END)] + b"".join(events) + _END).decode("utf-8")
