"""``brief --since``: new points and answered open questions; brief disagreements (real index + model).

The articles are fictional, written for this test; the Norvale pair is the conflict
fixture of evals/fixtures.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

DAY1 = """---
id: velmar-bridge-closed
title: "Velmar river bridge closed for repairs"
source: "Upstream Post"
published: 2025-05-01
---
The Velmar river bridge was closed to traffic for repairs on Tuesday after inspectors found cracks in two supports.

It remains unclear when the Velmar river bridge will reopen to traffic.

Drivers are using the ferry crossing and the northern ring road instead.
"""

DAY3 = """---
id: velmar-bridge-reopening-date
title: "Velmar river bridge to reopen on May 20"
source: "Valley Ledger"
published: 2025-05-03
---
The Velmar river bridge will reopen to traffic on May 20, the regional council said on Saturday.

Repairs to the two cracked supports will cost 2 million euros, the council said.

The bridge was closed to traffic for repairs on Tuesday after inspectors found cracks in two supports.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, repo_root: Path):
    from briefbot.config import Settings
    from briefbot.core import BriefBot

    folder = tmp_path_factory.mktemp("whatsnew")
    src = folder / "articles"
    src.mkdir()
    (src / "day1.md").write_text(DAY1, encoding="utf-8")
    (src / "day3.md").write_text(DAY3, encoding="utf-8")
    for name in ("norvale-footbridge-opening-lakeshore-courier.md", "norvale-footbridge-opening-valley-post.md"):
        shutil.copy(repo_root / "evals" / "fixtures" / name, src / name)
    bot = BriefBot(Settings(index_dir=folder / "index"))
    assert not bot.ingest([src]).failed
    return bot


def test_since_lists_new_points_and_answered_questions(bot) -> None:
    brief = bot.brief("Velmar river bridge repairs", since="2025-05-02").to_dict()
    assert brief["since"] == "2025-05-02"
    new = " ".join(p["text"] for p in brief["new_points"])
    assert "May 20" in new or "2 million euros" in new
    assert "ferry crossing" not in new  # reported on May 1: not new
    assert not any(p["text"].startswith("The bridge was closed") for p in brief["new_points"])  # repeated, not new
    (answered,) = brief["answered_open_questions"]
    assert "unclear when" in answered["question"] and "May 20" in answered["answer"]
    assert (answered["asked_by"], answered["answered_by"]) == ("Upstream Post", "Valley Ledger")
    by_id = {c["id"]: c for c in brief["citations"]}
    for cid in answered["citations"] + [i for p in brief["new_points"] for i in p["citations"]]:
        c = by_id[cid]
        assert c["quote"] == bot.article(c["article_id"]).text[c["start"]:c["end"]]


def test_without_since_there_are_no_whats_new_sections(bot) -> None:
    brief = bot.brief("Velmar river bridge repairs").to_dict()
    assert "new_points" not in brief and "answered_open_questions" not in brief
    assert "timeline" in brief and "disagreements" in brief


def test_brief_disagreements_show_both_sides(bot) -> None:
    brief = bot.brief("Norvale Lakeside footbridge opening").to_dict()
    assert brief["disagreements"], brief["open_questions"]
    d = brief["disagreements"][0]
    outlets = {s["outlet"] for s in d["sides"]}
    assert outlets == {"Lakeshore Courier (fictional fixture)", "Valley Post (fictional fixture)"}
    by_id = {c["id"]: c for c in brief["citations"]}
    for side in d["sides"]:
        assert by_id[side["citation"]]["quote"] == side["text"]


def test_since_must_be_a_date(bot, capsys: pytest.CaptureFixture[str]) -> None:
    from briefbot.app.cli import main

    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        bot.brief("Velmar river bridge repairs", since="last week")
    index = str(bot.settings.index_dir)
    assert main(["brief", "Velmar river bridge repairs", "--since", "2025-05-02", "--json", "--index", index]) == 0
    assert json.loads(capsys.readouterr().out)["answered_open_questions"]


def test_api_brief_since(bot) -> None:
    from fastapi.testclient import TestClient

    from briefbot.app.api import create_api

    client = TestClient(create_api(bot, api_token=None), base_url="http://127.0.0.1")  # Host guard: not "testserver"
    r = client.post("/api/brief", json={"topic": "Velmar river bridge repairs", "since": "2025-05-02"})
    assert r.status_code == 200 and r.json()["answered_open_questions"]
    bad = client.post("/api/brief", json={"topic": "Velmar bridge", "since": "May"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    assert "since" in bad.json()["error"]["message"]


# ---------------------------------------------------------------------- what's new per story, until, dates
def test_parse_day() -> None:
    from briefbot.writing.whatsnew import parse_day

    assert parse_day("2025-05-02") == "2025-05-02" and parse_day(" 2025-05-02 ") == "2025-05-02"
    assert parse_day("") is None and parse_day(None) is None
    for bad in ("May", "2025-5-2", "2025-02-30", "2025-13-01", "2025-05-02T10:00", "<script>"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_day(bad)


def test_stories_since_lists_new_articles_and_only_new_facts(bot) -> None:
    news = bot.stories_since("2025-05-02")
    assert len(news) == len(bot.stories())
    first = news[0]  # stories with news come first
    assert [a.id for a in first.new_articles] == ["velmar-bridge-reopening-date"]
    facts = [f.text for f in first.new_facts]
    assert facts and any("May 20" in t or "2 million euros" in t for t in facts)
    assert not any(t.startswith("The bridge was closed") for t in facts)  # an older article carries it: not new
    for f in first.new_facts:  # exact quotes of the new article
        assert bot.article(f.article_id).text[f.start:f.end] == f.text and f.published == "2025-05-03"
    quiet = [n for n in news if "Norvale" in n.story.headline or "footbridge" in n.story.headline.lower()]
    assert quiet and all(not n.has_news and n.new_facts == [] for n in quiet)  # March: nothing after May 2
    d = first.to_dict()
    assert d["new"]["since"] == "2025-05-02" and d["new"]["articles"][0]["id"] == "velmar-bridge-reopening-date"
    assert d["headline"] == first.story.headline  # the story's own fields are all still there
    assert all(not n.has_news for n in bot.stories_since("2025-05-03"))  # nothing after the last day
    assert bot.stories_since("2025-05-02") == news  # computed once per index write and day (cached)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        bot.stories_since("yesterday")


def test_brief_until_leaves_out_later_articles(bot) -> None:
    brief = bot.brief("Velmar river bridge repairs", until="2025-05-02").to_dict()
    assert {c["article_id"] for c in brief["citations"]} == {"velmar-bridge-closed"}
    ranged = bot.brief("Velmar river bridge repairs", since="2025-05-01", until="2025-05-03").to_dict()
    assert any(c["article_id"] == "velmar-bridge-reopening-date" for c in ranged["citations"])
    with pytest.raises(ValueError, match="before since"):
        bot.brief("Velmar river bridge repairs", since="2025-05-03", until="2025-05-01")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        bot.brief("Velmar river bridge repairs", until="2025-02-30")


def test_cli_stories_since(bot, capsys: pytest.CaptureFixture[str]) -> None:
    from briefbot.app.cli import main

    index = str(bot.settings.index_dir)
    assert main(["stories", "--since", "2025-05-02", "--index", index]) == 0
    out = capsys.readouterr().out
    assert "1 new article since 2025-05-02: Velmar river bridge to reopen on May 20 (Valley Ledger, 2025-05-03)" in out
    assert "+ " in out and "nothing new since 2025-05-02" in out
    assert main(["stories", "--since", "2025-05-02", "--json", "--index", index]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stories"][0]["new"]["facts"]
    assert main(["stories", "--since", "05/02/2025", "--index", index]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["brief", "Velmar river bridge repairs", "--until", "2025-05-02", "--json", "--index", index]) == 0
    assert {c["source"] for c in json.loads(capsys.readouterr().out)["citations"]} == {"Upstream Post"}


def test_api_stories_since_and_bad_dates(bot) -> None:
    from fastapi.testclient import TestClient

    from briefbot.app.api import create_api

    client = TestClient(create_api(bot, api_token=None), base_url="http://127.0.0.1")
    r = client.get("/api/stories", params={"since": "2025-05-02"})
    assert r.status_code == 200 and r.json()["since"] == "2025-05-02"
    assert r.json()["stories"][0]["new"]["articles"][0]["id"] == "velmar-bridge-reopening-date"
    assert "new" not in client.get("/api/stories").json()["stories"][0]
    for bad in ("2025-02-30", "yesterday", "2025-05-02'; DROP", "%00"):
        r = client.get("/api/stories", params={"since": bad})
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request", r.text
        assert "YYYY-MM-DD" in r.json()["error"]["message"]
    assert client.get("/api/stories", params={"since": "x" * 41}).status_code == 422
    r = client.post("/api/brief", json={"topic": "Velmar river bridge repairs", "until": "2025-05-02"})
    assert r.status_code == 200 and {c["source"] for c in r.json()["citations"]} == {"Upstream Post"}
    r = client.post("/api/brief", json={"topic": "Velmar river bridge repairs", "until": "2025-02-30"})
    assert r.status_code == 400 and "calendar" in r.json()["error"]["message"]


def test_states_a_fact() -> None:
    from briefbot.language.cues import hedges
    from briefbot.truth.evidence import Evidence
    from briefbot.writing.summarize_compose import OPEN_HEDGES
    from briefbot.writing.summarize_sentences import Sentence
    from briefbot.writing.whatsnew import states_a_fact

    def sentence(text: str) -> Sentence:
        ev = Evidence(article_id="a", chunk_id="a:0", title="t", source="s", url=None, published="2025-05-03",
                      text=text, start=0, end=len(text), hedges=hedges(text))
        return Sentence(ev, 0)

    assert states_a_fact(sentence("The Velmar river bridge will reopen to traffic on May 20."), OPEN_HEDGES)
    assert states_a_fact(sentence("Repairs will cost 2 million euros, the council said."), OPEN_HEDGES)
    assert not states_a_fact(sentence("Further details were not given in the report."), OPEN_HEDGES)
    assert not states_a_fact(sentence("It remains unclear when the Velmar bridge will reopen."), OPEN_HEDGES)
