"""Timelines: date resolution (unit, no model) and topic timelines over corpus/ (real index)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefbot.language.eventdates import resolve_date
from briefbot.schema import Citation
from briefbot.sources.articles import Article
from briefbot.store.embeddings import encode
from briefbot.writing.timeline import clauses, events_in, merge_events, standalone_text


@pytest.mark.parametrize(
    ("sentence", "published", "expected", "precision"),
    [
        ("Lavrov and Rubio held a telephone conversation on October 20.", "2025-10-21", "2025-10-20", "day"),
        ("Crews walked off the job on Monday.", "2025-11-13", "2025-11-10", "day"),
        ("Crossings are expected to resume on Saturday.", "2025-11-13", "2025-11-15", "day"),
        ("The minister said on Tuesday that talks would go on.", "2025-10-21", "2025-10-21", "day"),
        ("The union said yesterday that talks had failed.", "2025-11-13", "2025-11-12", "day"),
        ("A preview took place last week.", "2025-06-02", "2025-05-26", "approximate"),
        ("A mediator is due to meet both sides next week.", "2025-11-13", "2025-11-20", "approximate"),
        ("The operator proposed a new rota last month.", "2025-11-13", "2025-10-01", "month"),
        ("Evening opening hours will start in January.", "2025-06-02", "2026-01-01", "month"),
        ("The strike in March 2023 lasted eleven days.", "2025-11-13", "2023-03-01", "month"),
        ("He is prepared to seek another term in 2026.", "2025-10-23", "2026-01-01", "year"),
        ("The bill was signed on 12 November 2024.", None, "2024-11-12", "day"),
    ],
)
def test_resolve_date(sentence: str, published: str | None, expected: str, precision: str) -> None:
    when = resolve_date(sentence, published)
    assert when is not None
    assert (when.date, when.precision) == (expected, precision)


def test_relative_dates_need_a_publication_date() -> None:
    assert resolve_date("They met on Monday.", None) is None
    assert resolve_date("The Sanctioning Russia Act of 2025 is stalled.", "2025-10-22") is None  # a name, not a date


def test_clauses_split_two_dated_statements() -> None:
    s = "The council approved the budget on Friday, and a preview took place last week."
    parts = [s[a:b] for a, b in clauses(s)]
    assert parts == ["The council approved the budget on Friday", "a preview took place last week."]
    assert clauses("They met on October 20, and talked.") == [(0, len("They met on October 20, and talked."))]


def _article(aid: str, source: str, published: str, text: str) -> Article:
    return Article(id=aid, title=aid, text=text, source=source, published=published)


def test_same_event_different_dates_are_both_shown_each_with_its_citation() -> None:
    a = _article("a", "Outlet A", "2025-10-21", "Lavrov and Rubio spoke by phone on October 20.")
    b = _article("b", "Outlet B", "2025-10-21", "Lavrov and Rubio spoke by phone on October 19.")
    c = _article("c", "Outlet C", "2025-10-22", "Lavrov and Rubio spoke by phone on October 20.")
    raw = [e for art in (a, b, c) for e in events_in(art)]
    vectors = encode([e.text for e in raw])  # real MiniLM: "same event" is a similarity judgement

    def cite(e):
        return Citation(0, e.article.id, e.article.title, e.article.source, None, e.article.published, "",
                        e.text, e.start, e.end)

    events = merge_events(raw, vectors, cite)
    assert [(e.date, e.outlets) for e in events] == [("2025-10-19", ["Outlet B"]),
                                                     ("2025-10-20", ["Outlet A", "Outlet C"])]
    assert events[0].other_dates == ["2025-10-20"] and events[1].other_dates == ["2025-10-19"]
    for e in raw:
        assert e.article.text[e.start:e.end] == e.text


def test_forecasts_in_the_timeline_are_marked_expected() -> None:
    """A dated plan or forecast stays in the timeline (the reader sees when it is due) but is
    marked expected, never a happening: dated after its report, or a future main clause."""
    a = _article("a", "Outlet A", "2025-10-21", "Holm and Orsen spoke by phone on October 20. "
                 "The two may speak again later this week, an aide said.")
    b = _article("b", "Outlet B", "2025-10-21", "Holm will be sentenced in March, the court said.")
    raw = [e for art in (a, b) for e in events_in(art)]

    def cite(e):
        return Citation(0, e.article.id, e.article.title, e.article.source, None, e.article.published, "",
                        e.text, e.start, e.end)

    events = merge_events(raw, encode([e.text for e in raw]), cite)
    flags = {e.text.split(" ", 3)[2]: e.expected for e in events}
    assert flags == {"Orsen": False, "may": True, "be": True}, flags
    assert [e.to_dict().get("expected") for e in events if not e.expected] == [None]  # additive: only when true


# ---------------------------------------------------------------------- real index
@pytest.fixture(scope="module")
def bot(corpus_index: Path):
    from briefbot.config import Settings
    from briefbot.core import BriefBot

    return BriefBot(Settings(index_dir=corpus_index))


def test_lavrov_rubio_timeline_dates_the_call(bot) -> None:
    timeline = bot.timeline("Lavrov Rubio")
    data = timeline.to_dict()
    call = [e for e in data["events"] if e["date"] == "2025-10-20"]
    assert call and call[0]["date_precision"] == "day"
    assert "October 20" in call[0]["text"]
    assert len(call[0]["outlets"]) >= 2
    assert [e["date"] for e in data["events"]] == sorted(e["date"] for e in data["events"])
    for e in timeline.events:
        for c in e.citations:
            assert c.quote == bot.article(c.article_id).text[c.start:c.end]
    assert not any("Sanctioning Russia Act of 2025" in e["text"] and e["date_precision"] == "year"
                   for e in data["events"])


def test_brief_json_carries_the_timeline(bot) -> None:
    brief = bot.brief("Lavrov Rubio call").to_dict()
    assert "2025-10-20" in [e["date"] for e in brief["timeline"]["events"]]


def test_cli_timeline_json(corpus_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from briefbot.app.cli import main

    assert main(["timeline", "Lavrov Rubio", "--json", "--index", str(corpus_index)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topic"] == "Lavrov Rubio"
    assert any(e["date"] == "2025-10-20" and e["date_precision"] == "day" for e in data["events"])


def test_api_timeline(bot) -> None:
    from fastapi.testclient import TestClient

    from briefbot.app.api import create_api

    client = TestClient(create_api(bot, api_token=None), base_url="http://127.0.0.1")  # Host guard: not "testserver"
    r = client.post("/api/timeline", json={"topic": "Lavrov Rubio"})
    assert r.status_code == 200
    assert any(e["date"] == "2025-10-20" for e in r.json()["events"])
    bad = client.post("/api/timeline", json={"topic": "   "})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"
    assert "topic" in bad.json()["error"]["message"]


def test_clause_events_reach_topic_timelines_with_exact_quotes(bot) -> None:
    timeline = bot.timeline("Sanctioning Russia Act")
    april = [e for e in timeline.events if e.date == "2025-04-01"]
    assert april and april[0].date_precision == "day"
    for c in april[0].citations:
        assert c.quote == bot.article(c.article_id).text[c.start:c.end]
        assert "April 1" in c.quote


def test_an_event_speaks_in_a_report_that_does_not_point_back() -> None:
    """reader12: a brief's timeline showed "The same source said Holm and Orsen may speak again …"
    when another outlet's report of the same event names who says it."""
    assert standalone_text(["The same aide said Holm and Orsen may speak again on Friday.",
                            "An aide to Holm said Holm and Orsen may speak again on Friday."]).startswith("An aide")
    assert standalone_text(["However, Holm and Orsen spoke by phone on October 20."]) == \
        "Holm and Orsen spoke by phone on October 20."
    only = "The same aide said they may speak again on Friday."
    assert standalone_text([only]) == only  # nothing better: the report as it is
