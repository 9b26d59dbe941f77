"""Story sections of a brief: attribution, forecasts, one citation numbering (pure functions;
``same_question`` embeds with the real MiniLM model)."""

from __future__ import annotations

from briefbot.schema import Citation, Disagreement, DisagreementSide, Event, Story, StoryItem, Timeline
from briefbot.store.embeddings import encode
from briefbot.writing.citation_book import CitationBook
from briefbot.writing.summarize_story import (
    adopt_timeline,
    attributed_to,
    background,
    fewest_names,
    happening_first,
    is_expected,
    kind_of,
    lead_support,
    main_event_key,
    names_no_one,
    raised_by,
    said_once,
    same_question,
)


def _c(cid: int, article: str, start: int, quote: str) -> Citation:
    return Citation(cid, article, "T", article.upper(), None, "2026-03-02", f"{article}::0", quote, start,
                    start + len(quote))


def test_attribution_is_read_from_the_sentence() -> None:
    assert attributed_to("CNN, citing a White House official, reported that the talks were postponed.") == \
        "CNN, citing a White House official"
    assert attributed_to("According to the Foreign Ministry, the call covered trade.") == "the Foreign Ministry"
    assert attributed_to("One of the network's sources said the sides disagreed.") == "One of the network's sources"
    assert attributed_to("The company will cut 300 jobs, a spokeswoman said.") == "a spokeswoman"
    assert attributed_to("The bridge reopened on Monday.") is None
    # a clause opening is not a speaker: "As reports … circulated" credits no one called "As"
    assert attributed_to("As reports of the fire circulated, relatives rushed to the plant.") is None
    assert attributed_to("When Reuters reported the deal, shares rose.") is None
    assert names_no_one("As") and names_no_one("When Reuters") and not names_no_one("The Foreign Ministry")
    # who raises the question is who says it is open, not who reported the event
    assert raised_by("The agency reported that the vote has been delayed; Reuters said it remains unclear why.") \
        == "Reuters"
    assert raised_by("CNN's report said it remains unclear why the meeting was pushed back.") == "CNN's report"


def test_forecasts_are_expected_never_events() -> None:
    assert is_expected("The ministers may speak again later this week.", "2026-03-02")
    assert is_expected("The council will vote on the plan on March 9.", "2026-03-02")
    assert not is_expected("The council voted on the plan on March 1.", "2026-03-02")
    assert not is_expected("The meeting had been scheduled to come before the summit.", "2026-03-02")
    assert kind_of("The ministers may speak again later this week.", "2026-03-02", False) == "next"
    assert kind_of("The talks stalled because of the sides' differing expectations.", "2026-03-02", False) == "why"
    assert kind_of("The talks were postponed.", "2026-03-02", False) == "happened"
    assert kind_of("It remains unclear why the talks were postponed.", "2026-03-02", True) == "question"


def test_the_timeline_cites_from_the_briefs_one_source_list() -> None:
    brief = [_c(1, "a", 0, "The talks were postponed."), _c(2, "b", 10, "The call took place on May 1.")]
    book = CitationBook(brief)
    own = [_c(1, "b", 10, "The call took place on May 1."), _c(2, "c", 5, "A vote followed on May 3.")]
    timeline = Timeline("talks", [Event("2026-05-01", "day", own[0].quote, [own[0]], ["B"]),
                                  Event("2026-05-03", "day", own[1].quote, [own[1]], ["C"])])
    adopted = adopt_timeline(timeline, book)
    ids = [c.id for e in adopted.events for c in e.citations]
    assert ids == [2, 3]  # the same quote keeps the brief's number; a new quote is appended
    by_id = {c.id: c for c in book.items}
    for e in adopted.events:
        for c in e.citations:
            assert (by_id[c.id].article_id, by_id[c.id].start, by_id[c.id].quote) == (c.article_id, c.start, c.quote)
    assert [c.id for c in timeline.events[0].citations] == [1]  # the standalone timeline keeps its own numbering


def test_one_open_question_is_asked_once() -> None:
    a = "Why has a planned meeting between Sergey Lavrov and Secretary of State Marco Rubio been postponed?"
    b = "Why was the meeting pushed back?"
    c = "Why was the vote delayed?"
    va, vb, vc = encode([a, b, c])
    assert same_question(a, b, float(va @ vb))
    assert not same_question(b, c, float(vb @ vc))
    assert not same_question(b, "When will the meeting take place?", 0.9)  # another question word


def test_the_main_event_is_what_the_articles_lead_with() -> None:
    """Real MiniLM vectors: a sentence that says what three articles' leads say has more lead
    support than a detail one article leads with."""
    event = "The city council postponed the vote on the new stadium."
    detail = "The stadium would seat 40,000 people and cost $1.2 billion."
    leads_text = [["Council delays stadium vote", "The council put off its vote on the stadium plan."],
                  ["Stadium vote postponed", "A vote on the stadium was postponed by the council on Monday."],
                  ["Vote on new stadium pushed back", "Councillors pushed back the stadium vote."],
                  ["What the stadium would cost", "The stadium would cost $1.2 billion and seat 40,000."]]
    leads = [encode(t) for t in leads_text]
    ev, de = encode([event, detail])
    assert lead_support(ev, leads) > lead_support(de, leads) + 1
    assert lead_support(ev, []) == 0.0


def test_backstory_and_open_points_are_not_the_main_event() -> None:
    assert background("The meeting had been scheduled to come before the summit.")
    assert not background("Reuters, citing an official who had been briefed, reported that the talks were postponed.")
    assert not background("The council postponed the vote.")
    assert main_event_key(2.0, 2, "The council postponed the vote.") > main_event_key(
        2.0, 2, "The vote had been scheduled for March.")
    assert main_event_key(3.0, 3, "The report did not name the routes.") < 0  # a question, not an event


def test_nothing_is_said_twice_across_sections() -> None:
    """The bottom line is not listed again under what happened, why or what next; a disagreement
    side is not listed again when the disagreement carries all of its markers."""
    top = StoryItem("The talks were postponed.", [1, 2])
    why = StoryItem("The talks stalled because of differing expectations.", [3])
    side = StoryItem("Police arrested eight people.", [4])
    wider = StoryItem("Nine people were arrested.", [5, 6])  # also carried by an outlet outside the dispute
    later = StoryItem("The ministers may speak again next week.", [7])
    story = Story(bottom_line=[top, why], what_happened=[top, side, wider], why=[why], what_next=[later])
    dispute = Disagreement("number", (DisagreementSide("Police arrested eight people.", 4, "A"),
                                      DisagreementSide("Nine people were arrested.", 5, "B")))
    said_once(story, [dispute])
    assert story.what_happened == [wider]
    assert story.why == [] and story.what_next == [later]
    assert story.bottom_line == [top, why]


def test_a_timeline_event_that_is_a_point_gives_it_the_markers_of_its_other_reports() -> None:
    """Real MiniLM: the other report that says the same sentence joins the point's markers; a
    looser report of the event (another sentence) does not, and the event is not listed twice."""
    from briefbot.writing.summarize_story import _timeline_items

    point = StoryItem("One of the sources said Holm and Orsen may speak again later this week.", [2],
                      outlets=["Courier"])
    same = _c(5, "b", 40, "The same source said Holm and Orsen may speak again later this week.")
    loose = _c(6, "c", 0, "Talks between the two sides are expected to resume at some point.")
    mine = _c(2, "a", 10, point.text)
    event = Event("2026-03-05", "approximate", point.text, [mine, same, loose], ["Courier", "B", "C"])
    out = _timeline_items(Timeline("t", [event]), [("a", 10, 10 + len(point.text), point)])
    assert out == []
    assert point.citations == [2, 5] and point.outlets == ["Courier", "B"]


def test_a_speaker_is_named_once_among_who_raised_a_question() -> None:
    assert fewest_names(["CNN", "CNN, citing a White House official", "Reuters", "CNN"]) == [
        "CNN, citing a White House official", "Reuters"]
    assert fewest_names(["CNN's report", "CNN"]) == ["CNN's report", "CNN"]  # another credit, both kept


def test_the_bottom_line_leads_with_what_happened_then_who_says_what() -> None:
    # realnews half 1 (Tyson story): the brief opened with "Compassion Over Killing, a … organization,
    # said the video was taken by an undercover investigator …" before "An animal rights group has
    # released graphic video that appears to show …", the story's event, which came second
    said = StoryItem("Acme Watch, a rights group based in Velmar, said the video was shot by an undercover "
                     "investigator in May at four plants.", [2])
    happened = StoryItem("A rights group has released video that appears to show workers mistreating hens at "
                         "Acme plants.", [1])
    assert happening_first([said, happened]) == [happened, said]
    assert happening_first([happened, said]) == [happened, said]
    other = StoryItem("Velmar police said the depot was closed on Monday after the strike.", [3])
    assert happening_first([said, other]) == [said, other]  # both statements: the order stands
    why = StoryItem("The talks stalled because of differing expectations.", [4])
    assert happening_first([said, why]) == [said, why]  # a reason is never moved before the event
    assert happening_first([said]) == [said]
