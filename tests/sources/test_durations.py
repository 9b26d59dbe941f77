"""Intervals and poll times in a reader's units (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from briefbot.sources.durations import ago_words, duration_words, interval_words, wait_words

NOW = datetime(2026, 12, 7, 12, 0, 0, tzinfo=UTC)


def test_duration_words() -> None:
    assert duration_words(900) == "15 minutes"
    assert duration_words(1) == "1 second"
    assert duration_words(45) == "45 seconds"
    assert duration_words(3600) == "1 hour"
    assert duration_words(5400) == "1 hour 30 minutes"
    assert duration_words(90061) == "1 day 1 hour"
    assert duration_words(86700) == "1 day"  # the zero hour ends the phrase
    assert duration_words(0) == "0 seconds"


def test_interval_words() -> None:
    assert interval_words(900) == "every 15 minutes"
    assert interval_words(3600) == "every hour"
    assert interval_words(60) == "every minute"
    assert interval_words(21600) == "every 6 hours"
    assert interval_words(5400) == "every 1 hour 30 minutes"


def test_wait_and_ago_words() -> None:
    assert wait_words((NOW + timedelta(minutes=3)).isoformat(), NOW) == "in 3 minutes"
    assert wait_words((NOW + timedelta(seconds=20)).isoformat(), NOW) == "in 20 seconds"
    assert wait_words((NOW - timedelta(minutes=1)).isoformat(), NOW) == "now"
    assert wait_words(None, NOW) == "now"
    assert ago_words((NOW - timedelta(minutes=2, seconds=10)).isoformat(), NOW) == "2 minutes ago"
    assert ago_words(NOW, NOW) == "just now"
    assert ago_words(None, NOW) == "never"
    assert ago_words("not a time", NOW) == "never"
