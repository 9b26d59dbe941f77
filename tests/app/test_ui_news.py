"""Web UI additions for news (timeline, disagreements, followed feeds): rendering, escaping,
and the Corpus tab's follow/unfollow endpoints through gradio_client against a real app."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from briefbot.app.service import ServedBot
from briefbot.app.ui.brief_html import disagreements_html, summary_html, timeline_html
from briefbot.app.ui.html import (
    answer_message,
    citation_from_link,
    feeds_html,
)
from briefbot.config import Settings
from briefbot.schema import Answer, Citation, Disagreement, DisagreementSide, Summary, SummaryPoint
from briefbot.sources.feeds import Feed
from briefbot.writing.timeline import Event, Timeline

EVIL = '<script>window.__pwned=1</script>'


def _cite(i: int, quote: str) -> Citation:
    return Citation(i, "a", "T", f"Outlet {EVIL}", None, "2025-10-21", "a::0", quote, 0, len(quote))


def test_timeline_html_lists_events_in_order_with_a_per_day_chart() -> None:
    tl = Timeline("t", [
        Event("2025-10-19", "day", f"Call on October 19 {EVIL}", [_cite(1, "q1")], ["B"], ["2025-10-20"]),
        Event("2025-10-20", "day", "Call on October 20", [_cite(2, "q2"), _cite(3, "q3")], ["A", "C"], ["2025-10-19"]),
        Event("2025-10-20", "approximate", "Talks later this week", [_cite(4, "q4")], ["A"]),
    ])
    html = timeline_html(tl)
    assert html.index('data-date="2025-10-19"') < html.index('data-date="2025-10-20"')
    assert html.count('class="bb-day"') == 2 and ">2 events: Call on October 20</span>" in html  # labelled
    assert "other sources date it 2025-10-20" in html and "(approximate)" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_summary_markers_link_to_their_quote_with_a_hover_preview() -> None:
    from briefbot.app.ui.html import linked_markers

    s = Summary("t", "answered", "", [SummaryPoint("Point one.", [1])], [_cite(1, "q1")], [], "extractive")
    html = summary_html(s)
    assert 'class="bb-cite"' in html and "#bbcite/1/0/2/a" in html  # a brief point's marker is a link
    linked = linked_markers("x [1]", [_cite(1, "the exact quote")])
    assert ('data-preview="Outlet &lt;script&gt;window.&#95;&#95;pwned=1&lt;/script&gt;, '
            '2025-10-21&#58; “the exact quote”"') in linked
    assert 'aria-label="Source 1: Outlet' in linked and "<script>" not in linked


def test_disagreements_html_shows_both_quotes() -> None:
    d = Disagreement("date", (DisagreementSide("opened on March 3", 1, "Courier"),
                              DisagreementSide(f"opened on March 5 {EVIL}", 2, "Post")))
    html = disagreements_html([d])
    assert "Courier: “opened on March 3” [1]" in html and "Post:" in html and "[2]" in html
    assert "<script>" not in html
    assert disagreements_html([]) == ""


def test_summary_html_includes_timeline_and_disagreements() -> None:
    s = Summary("topic", "uncertain", "x [1]", [SummaryPoint("x", [1])], [_cite(1, "x")], [], "extractive")
    s.timeline = Timeline("topic", [Event("2025-10-20", "day", "Call", [_cite(1, "x")], ["A"])])
    s.disagreements = [Disagreement("date", (DisagreementSide("a", 1, "A"), DisagreementSide("b", None, "B")))]
    html = summary_html(s)
    assert "bb-timeline" in html and "bb-disagreements" in html


def test_chat_markers_link_while_article_markdown_stays_inert() -> None:
    """A [n] of a real citation becomes a self-contained link; article Markdown never goes live."""
    cite = Citation(1, "art/1 x", "T", "Outlet", None, None, "c", "the quote", 10, 19)
    text = "Said ![x](https://evil.example/beacon.png) and [link](https://evil.example) here [1] [7]."
    html = answer_message(Answer("q", "answered", text, None, 0.9, [cite], "extractive"))
    assert html.count('class="bb-cite"') == 1 and "[7]" in html  # [7] names no citation: plain text
    assert "![" not in html and "](" not in html and "https://evil" not in html
    href = html.split('href="', 1)[1].split('"', 1)[0]
    assert citation_from_link(href) == {"id": 1, "start": 10, "end": 19, "article_id": "art/1 x"}
    assert citation_from_link("#bbcite/1/x/3/a") is None and citation_from_link(None) is None


def test_feeds_html() -> None:
    html = feeds_html([Feed(url=f"https://example.org/{EVIL}", last_status="http_error", error="HTTP 500",
                            new_entries=0, failures=1)])
    assert "failed (http error)" in html and "HTTP 500" in html and "<script>" not in html
    assert "next fetch" in html and ">now<" in html  # never polled: due now, said in words
    assert "No followed feeds" in feeds_html([])


@pytest.fixture(scope="module")
def server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from helpers.servers import BackgroundServer

    from briefbot.app.server import create_app
    from briefbot.core import BriefBot

    index_dir = tmp_path_factory.mktemp("ui-news") / "idx"
    shutil.copytree(corpus_index, index_dir)
    sbot = ServedBot(BriefBot(Settings(index_dir=index_dir)))
    with BackgroundServer(create_app(sbot)) as srv:
        yield srv


def test_corpus_tab_follows_and_unfollows_feeds(server: Any) -> None:
    from gradio_client import Client

    client = Client(server.url + "/", verbose=False)
    listing, cleared = client.predict("https://example.org/feed.xml", api_name="/follow_feed")
    assert "https://example.org/feed.xml" in listing and cleared == ""
    listing, _ = client.predict("https://example.org/feed.xml", api_name="/unfollow_feed")
    assert "No followed feeds" in listing
    with pytest.raises(Exception, match="http"):
        client.predict("ftp://example.org/feed", api_name="/follow_feed")


def test_a_story_brief_renders_its_sections_with_linked_markers() -> None:
    from briefbot.schema import OpenQuestion, OutletView, Story, StoryItem

    story = Story(bottom_line=[StoryItem("The bridge opened.", [1])],
                  what_happened=[StoryItem("It opened.", [1], date="2025-03-05")],
                  who_says_what=[OutletView("Courier", [StoryItem("It cost 12 million.", [1])])],
                  questions=[OpenQuestion("Why was it late?", ["Courier"], [1])])
    s = Summary("t", "answered", "", [SummaryPoint("flat point", [1])], [_cite(1, "q1")], [], "extractive")
    s.story = story
    html = summary_html(s)
    assert [h for h in ("Bottom line", "What happened", "Who says what", "Open questions") if h in html] == [
        "Bottom line", "What happened", "Who says what", "Open questions"]
    assert "flat point" not in html and "<b>2025-03-05</b>" in html
    story_part, sources = html.split('class="bb-sources"')
    assert story_part.count('class="bb-cite"') == 4  # every item's marker is a link
    assert sources.count('class="bb-cite"') == 1  # and so is the source list's, one line per article


def test_an_uncertain_chat_answer_shows_its_summary_line_before_the_quotes() -> None:
    """Issue 18: the written summary of what is and is not known leads; its markers are links too."""
    from briefbot.schema import Answer as _Answer
    from briefbot.schema import Citation as _Citation

    cite = _Citation(1, "a", "Title", "Outlet", None, None, "c", "It remains unclear why.", 0, 23)
    a = _Answer("why?", "uncertain", "It remains unclear why. [1]", "No report confirms the reason.", 0.4, [cite],
                "extractive", summary="No confirmed reason: called unclear [1].")
    html = answer_message(a)
    assert html.index("No confirmed reason") < html.index("It remains unclear why")


def test_a_story_brief_quotes_each_claim_once_and_credits_each_reason() -> None:
    """Who says what names each speaker once with their claims in their own words, each cited; a
    reason the sentence does not attribute names the outlets that give it."""
    from briefbot.schema import OutletView, Story, StoryItem

    top = StoryItem("The line closed on Monday.", [2], outlets=["Courier"])
    claim = StoryItem("The fare will rise", [1], attribution="the Courier", outlets=["Courier"])
    also = StoryItem("the ferry will run at weekends", [3], attribution="the Courier", outlets=["Courier"])
    reason = StoryItem("The line closed because of a signal fault.", [2], outlets=["Courier", "Ledger"])
    story = Story(bottom_line=[top], why=[reason], who_says_what=[OutletView("the Courier", [claim, also])])
    s = Summary("t", "answered", "", [], [_cite(1, "q1"), _cite(2, "q2"), _cite(3, "q3")], [], "extractive")
    s.story = story
    html = summary_html(s)
    assert html.count("The fare will rise") == 1
    who = html.split('data-section="who_says_what"')[1].split("</section>")[0]
    assert who.count("<b>the Courier</b>") == 1 and who.count('class="bb-cite"') == 2
    assert who.index("The fare will rise") < who.index("the ferry will run at weekends")
    assert "— per Courier, Ledger" in html


def test_a_disagreement_side_is_quoted_once_with_the_markers_of_the_point_it_repeats() -> None:
    """A point that is one side of a disagreement is not listed again in its section; the side
    carries the point's markers.  With a story, the timeline list folds away and forecasts are
    marked expected."""
    from briefbot.schema import Story, StoryItem

    point = StoryItem("The bridge opened on March 5.", [1, 2], date="2025-03-05")
    other = StoryItem("Tolls start in May.", [3])
    s = Summary("t", "uncertain", "", [], [_cite(1, "q1"), _cite(2, "q2"), _cite(3, "q3"), _cite(4, "q4")], [],
                "extractive")
    s.story = Story(bottom_line=[other], what_happened=[point])
    s.disagreements = [Disagreement("date", (DisagreementSide("The bridge opened on March 5.", 1, "Courier"),
                                             DisagreementSide("The bridge opened on March 3.", 4, "Ledger")))]
    s.timeline = Timeline("t", [Event("2025-03-05", "day", "The bridge opened on March 5.", [_cite(1, "q1")],
                                      ["Courier"]),
                                Event("2025-05-01", "month", "Tolls start in May.", [_cite(3, "q3")], ["Courier"],
                                      expected=True)])
    html = summary_html(s)
    story_part = html.split('class="bb-disagreements"')[0]
    assert "The bridge opened on March 5." not in story_part
    dispute = html.split('class="bb-disagreements"')[1].split("</div>")[0]
    assert dispute.count("The bridge opened on March 5.") == 1
    assert ">[1]</a>" in dispute and ">[2]</a>" in dispute and ">[4]</a>" in dispute
    timeline = html.split('class="bb-timeline"')[1]
    assert "<details><summary>" in timeline and "<em>expected</em>" in timeline
    assert "expected: Tolls start in May." in timeline  # the chart says it too
    assert "<details>" not in timeline_html(s.timeline)  # the timeline tab lists its events openly
