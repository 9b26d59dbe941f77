"""Time spans in the words a reader uses: "every 15 minutes", "in 3 minutes", "2 hours ago".

Feed intervals and poll times are stored in seconds and ISO timestamps; wherever a person
reads them (the web UI's feed list, ``briefbot feeds``, the server log) they go through
these functions, never as "900 s" or "2026-12-07T00:41:00+00:00".
"""

from __future__ import annotations

from datetime import UTC, datetime

_UNITS = ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second"))


def duration_words(seconds: float) -> str:
    """``900`` -> "15 minutes", ``5400`` -> "1 hour 30 minutes", ``1`` -> "1 second".

    At most two units, largest first, rounded to the smaller one (a reader does not need
    "1 hour 30 minutes 12 seconds"); a whole unit reads "1 hour", not "1 hours".
    """
    total = max(0, round(seconds))
    if total == 0:
        return "0 seconds"
    parts: list[str] = []
    for size, unit in _UNITS:
        if total >= size:
            n, total = divmod(total, size)
            parts.append(f"{n} {unit}" + ("s" if n != 1 else ""))
            if len(parts) == 2:
                break
        elif parts:  # a zero unit between two others ends the phrase: "1 day", not "1 day 0 hours 5 minutes"
            break
    return " ".join(parts)


def interval_words(seconds: float) -> str:
    """A polling interval: ``900`` -> "every 15 minutes", ``3600`` -> "every hour"."""
    words = duration_words(seconds)
    return "every " + (words[2:] if words.startswith("1 ") and " " not in words[2:] else words)


def _when(value: str | datetime | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def wait_words(when: str | datetime | None, now: datetime | None = None) -> str:
    """How long until ``when``: "in 3 minutes"; "now" when due (or never scheduled)."""
    at = _when(when)
    if at is None:
        return "now"
    left = (at - (now or datetime.now(UTC))).total_seconds()
    return "now" if left < 1 else "in " + duration_words(_coarse(left))


def ago_words(when: str | datetime | None, now: datetime | None = None) -> str:
    """How long since ``when``: "2 minutes ago", "just now"; "never" when it never happened."""
    at = _when(when)
    if at is None:
        return "never"
    past = ((now or datetime.now(UTC)) - at).total_seconds()
    return "just now" if past < 5 else duration_words(_coarse(past)) + " ago"


def _coarse(seconds: float) -> float:
    """Seconds only under a minute; above, whole minutes (a countdown to the second is noise)."""
    return seconds if seconds < 60 else round(seconds / 60) * 60
