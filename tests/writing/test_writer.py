"""The writer's steps: fusion, the lead, compression, the word budget and the note.

Evidence sentences are built by hand with real MiniLM vectors (no corpus index needed).
"""

from __future__ import annotations

import re

import pytest

from briefbot.language.question import analyse_question
from briefbot.schema import Citation
from briefbot.store.embeddings import encode
from briefbot.truth.conflicts import Disagreement
from briefbot.truth.evidence import Evidence
from briefbot.truth.status import Assessment
from briefbot.writing.writer import (
    VALUE_SPANS,
    blame_lead,
    compress,
    cover_clause,
    drop_appositives,
    drop_dateline,
    drop_relative,
    drop_trailing,
    dropped_clause,
    figures,
    fuse,
    lead_first,
    no_pointer_lead,
    opens_with_pointer,
    plainest,
    same_fact,
    same_value,
    shape,
    to_front,
    trim_start,
    uncertainty_note,
    unquote_covered,
    value_first,
    value_spans,
    within_budget,
    write,
)

_N = iter(range(10_000))


def ev(text: str, source: str = "Outlet", article: str | None = None, start: int = 0) -> Evidence:
    e = Evidence(article or f"a{next(_N)}", "c", "title", source, None, None, text, start, start + len(text))
    e.vector = encode([text])[0]
    e.hedges = list(e.features.hedges)
    return e


def cite(e: Evidence, cid: int) -> Citation:
    return Citation(cid, e.article_id, e.title, e.source, None, None, e.chunk_id, e.text, e.start, e.end)


def test_the_same_fact_from_two_outlets_is_one_sentence_with_both_markers() -> None:
    a = ev("One of CNN's sources said Lavrov and Rubio may speak again later this week.", "Caspian Ledger")
    b = ev("The same CNN source said Lavrov and Rubio may speak again later this week.", "Danube Dispatch")
    c = ev("Lavrov and Rubio spoke by phone on October 20.", "Steppe Wire")
    assert same_fact(a, b) and not same_fact(a, c)
    assert fuse([a, b, c]) == [[0, 1], [2]]
    text = "".join(write([a, b, c], "uncertain"))
    assert text.count("may speak again") == 1 and "[1][2]" in text and "[3]" in text


def test_different_dates_or_numbers_are_never_merged() -> None:
    a = ev("Lavrov and Rubio spoke by phone on October 20.", "Steppe Wire")
    b = ev("Lavrov and Rubio spoke by phone on October 19.", "Baltic Relay")
    c = ev("KTZ spent 79 million tenge on new workwear.", "A")
    d = ev("KTZ spent 97 million tenge on new workwear.", "B")
    assert float(a.vector @ b.vector) > 0.9 and not same_fact(a, b)
    assert not same_fact(c, d)
    assert figures("one of its sources said 85 senators, 1,200 people") == {"85", "1,200"}


def test_one_outlet_never_fuses_with_itself_nor_a_hedge_with_a_bare_claim() -> None:
    a = ev("The meeting was postponed.", "A", article="x")
    b = ev("The meeting was postponed.", "A", article="x", start=100)
    c = ev("The meeting was reportedly postponed.", "B")
    assert not same_fact(a, b) and not same_fact(a, c)


def test_the_sentence_giving_the_asked_kind_leads() -> None:
    frame = analyse_question("When did Lavrov and Rubio speak by phone?")
    other = ev("Lavrov and Rubio discussed the summit at length, officials said.")
    dated = ev("Lavrov and Rubio spoke by phone on October 20.")
    assert lead_first([[0], [1]], [other, dated], frame, "answered") == [[1], [0]]
    why = analyse_question("Why was the Lavrov–Rubio meeting postponed?")
    event = ev("The Lavrov–Rubio meeting was postponed, a White House official said.")
    unclear = ev("CNN said it remains unclear why the meeting was postponed.")
    assert lead_first([[0], [1]], [event, unclear], why, "uncertain") == [[1], [0]]


def test_a_yes_no_question_keeps_the_truth_layer_order_and_length() -> None:
    frame = analyse_question("Was the arrest timed to suit the government?")
    items = [ev("As the timing was his, I find it hard to justify an arrest now."),
             ev("Due to the absence of the third person, the court has delayed the trial " + "again " * 40 + "."),
             ev("Other political parties have rejected claims that the timing of the arrest was political.")]
    groups = [[0], [1], [2]]
    assert lead_first(groups, items, frame, "answered") == groups
    assert within_budget(groups, items, frame, "answered") == groups


def test_the_budget_keeps_the_sentences_saying_most_of_the_question() -> None:
    frame = analyse_question("Why was the arrest timed for political reasons?")
    items = [ev("Due to the absence of the witness, the court has delayed the trial " + "again " * 50 + "."),
             ev("Lawmakers across the region spent " + "many " * 12 + "days debating the budget."),
             ev("Other political parties have rejected claims that the timing of the arrest was political.")]
    assert within_budget([[0], [1], [2]], items, frame, "answered") == [[0], [2]]


def test_compression_keeps_exact_spans_and_what_was_asked() -> None:
    frame = analyse_question("Why was the Lavrov–Rubio meeting postponed?")
    text = ("CNN, citing a White House official, reported that a planned meeting between Sergey Lavrov, "
            "Russia's foreign minister, and Secretary of State Marco Rubio, meant to come before the "
            "Trump–Putin summit, has been postponed; CNN said it remains unclear why.")
    short = compress(text, frame)
    assert short == ("CNN, citing a White House official, reported that a planned meeting between Sergey Lavrov "
                     "and Secretary of State Marco Rubio has been postponed; CNN said it remains unclear why.")
    # every kept piece is an exact span of the quote, in order
    pos = 0
    for piece in re.split(r"(?<=Lavrov)|(?<=Rubio)", short):
        found = text.find(piece.strip(), pos)
        assert found >= pos
        pos = found + len(piece.strip())


def test_compression_never_drops_a_hedge_an_attribution_or_an_asked_clause() -> None:
    frame = analyse_question("Why was the meeting postponed?")
    assert drop_appositives("Rubio, according to a source, said no.", frame) == "Rubio, according to a source, said no."
    assert drop_relative("The pause, which is expected to last, was unclear.", frame) == \
        "The pause was unclear."
    kept = "The talks were postponed, but it remains unclear why."
    assert drop_trailing(kept, frame) == kept
    assert drop_trailing("The meeting was postponed; the weather in Budapest was mild.", frame) == \
        "The meeting was postponed."
    assert drop_appositives("Leaders met in Astana, Almaty, Bishkek, and Tashkent.", frame) == \
        "Leaders met in Astana, Almaty, Bishkek, and Tashkent."
    assert compress("Short sentence, which stays whole.", frame) == "Short sentence, which stays whole."


def test_word_budget_leaves_out_extras_but_never_the_lead_or_a_disagreement() -> None:
    frame = analyse_question("When did Lavrov and Rubio speak by phone?")
    items = [ev("Lavrov and Rubio spoke by phone on October 20."),
             ev("The two ministers " + "discussed many matters of state at great length " * 3 + "officials said."),
             ev("Lavrov and Rubio spoke by phone on October 19, a diplomatic source told the Baltic Relay.")]
    groups = [[0], [1], [2]]
    assert within_budget(groups, items, frame, "uncertain") == [[0], [2]]  # the asked kind goes first
    # a protected sentence (a side of a disagreement) always stays; for a one-value question a
    # further dated sentence is only a candidate for what budget is left (issue 18: real reports
    # date most sentences, and keeping them all made such answers 90-140 words)
    assert within_budget(groups, items, frame, "answered", frozenset({1})) == [[0], [1]]
    assert within_budget(groups, items, frame, "answered", frozenset({1, 2})) == groups
    # an uncertain answer keeps every sentence of the asked kind: each competing value stays
    assert within_budget(groups, items, frame, "uncertain", frozenset({1})) == groups


@pytest.mark.parametrize("kind_question, asked", [("Why was the meeting postponed?", "the reason"),
                                                  ("How much damage did the attack cause?", "the figure")])
def test_the_note_names_what_is_open_without_re_quoting(kind_question: str, asked: str) -> None:
    frame = analyse_question(kind_question)
    hedged = ev("CNN said it remains unclear why the meeting was postponed, and the damage is still being "
                "assessed, according to one of its sources.", "Capitol Desk")
    note = uncertainty_note(Assessment("uncertain", [hedged], 0.5, ["the sources hedge"], [], [hedged], []),
                            "uncertain", 0, [cite(hedged, 1)], frame)
    assert note is not None and note.startswith(f"Not settled: {asked} — ") and "[1]" in note
    assert "remains unclear why" not in note and "still being assessed" not in note  # no re-quote
    assert uncertainty_note(Assessment("answered", [], 0.9), "answered", 0, [], frame) is None


def test_dropped_model_sentences_are_counted_in_plain_words() -> None:
    assert dropped_clause(1) == "One sentence the model wrote had no support in the reports and was left out"
    assert dropped_clause(2) == "2 sentences the model wrote had no support in the reports and were left out"
    thin = Assessment("uncertain", [], 0.3, ["thin support"], [], [], [])
    note = uncertainty_note(thin, "uncertain", 1, [], analyse_question("Who won the Orvel Cup?")) or ""
    assert note.endswith("One sentence the model wrote had no support in the reports and was left out.")
    assert "(s)" not in note and "model's answer" not in note


def test_the_note_names_both_sides_of_a_disagreement() -> None:
    a = ev("Lavrov and Rubio spoke by phone on October 20.", "Steppe Wire")
    b = ev("Lavrov and Rubio spoke by phone on October 19.", "Baltic Relay")
    conflict = Disagreement("date", (), "oct 20 vs oct 19")
    note = uncertainty_note(Assessment("uncertain", [a, b], 0.5, ["the sources disagree"], [], [], [(a, b, conflict)]),
                            "uncertain", 0, [cite(a, 1), cite(b, 2)], analyse_question("When did they speak?"))
    assert note == "Sources disagree on the date (oct 20 vs oct 19): Steppe Wire [1] against Baltic Relay [2]."


# ---------------------------------------------------------------------- issue 18, round 2
@pytest.mark.parametrize("text, points_back", [
    ("The same CNN source said Lavrov and Rubio may speak again later this week.", True),
    ("He added that the talks would go on.", True),
    ("It has been stalled since June.", True),
    ("It remains unclear why the meeting was postponed.", False),
    ("However, Rubio said the talks would resume in May.", False),  # the connective is cut
    ("One of CNN's sources said Lavrov and Rubio may speak again later this week.", False),
])
def test_an_opening_that_points_back_is_found_after_what_can_be_cut(text: str, points_back: bool) -> None:
    assert opens_with_pointer(text) is points_back
    assert text.endswith(trim_start(text))  # what is kept is an exact span


def test_a_fused_fact_speaks_in_the_words_that_do_not_point_back() -> None:
    same = ev("The same CNN source said Lavrov and Rubio may speak again later this week.", "Danube Dispatch")
    one = ev("One of CNN's sources said Lavrov and Rubio may speak again later this week.", "Caspian Ledger")
    assert plainest([0, 1], [same, one]) == 1
    text = "".join(write([same, one], "uncertain"))
    assert text.startswith("One of CNN's sources said") and "[1][2]" in text


def test_an_answer_never_opens_by_pointing_back_when_another_sentence_can_lead() -> None:
    frame = analyse_question("When did Lavrov and Rubio speak by phone?")
    he = ev("He said Lavrov and Rubio spoke by phone on October 20.")
    plain = ev("Lavrov and Rubio spoke by phone on October 20, the ministry said.")
    other = ev("Lavrov and Rubio discussed the summit.")
    assert lead_first([[0], [1], [2]], [he, plain, other], frame, "answered") == [[1], [0], [2]]
    # a pointer leads only when every sentence points back
    also = ev("It has been discussed at length.")
    assert no_pointer_lead([[0], [1]], [he, also], frame, "answered") == [[0], [1]]
    assert not opens_with_pointer("".join(write([he, other], "answered", frame)))


def test_a_hedge_alone_no_longer_leads_an_uncertain_answer_over_the_asked_value() -> None:
    frame = analyse_question("When did Lavrov and Rubio speak by phone?")
    hedge = ev("It remains unclear whether Lavrov and Rubio will meet.")
    dated = ev("Lavrov and Rubio spoke by phone on October 20.")
    assert lead_first([[0], [1]], [hedge, dated], frame, "uncertain") == [[1], [0]]
    # but a lead the truth layer pins (the value is pending) stays first
    assert lead_first([[0], [1]], [hedge, dated], frame, "uncertain", frozenset({0})) == [[0], [1]]


def test_values_are_literal_spans_of_the_asked_kind() -> None:
    many = analyse_question("How many staff did the company fire?")
    assert value_spans("The company said it fired 10 staff and retrained hundreds of others.", many) \
        == ["10 staff", "hundreds"]
    when = analyse_question("When was the footage shot?")
    assert value_spans("The footage was shot in May and June at four facilities.", when) == ["May and June"]
    assert value_spans("The footage was shot on Feb. 13, 2017 and aired on Tuesday.", when) == ["Feb. 13, 2017",
                                                                                                "Tuesday"]
    assert value_spans("They may speak again.", when) == []  # "may" is no month


def test_the_note_points_at_a_cited_quote_instead_of_re_quoting_it_as_a_title() -> None:
    e = ev("DETROIT, MI -- Detroit police on Thursday arrested eight people at a protest.", "A")
    reason = "The reports cover “DETROIT, MI -- Detroit police on Thursday arrested eight” but none says who it was"
    assert unquote_covered(reason, [cite(e, 2)]) == "The reports cover the story in [2] but none says who it was"
    kept = "The reports cover “A bill on hold” but none says when"
    assert unquote_covered(kept, [cite(e, 2)]) == kept
    a = Assessment("uncertain", [e], 0.5, [reason[:1].lower() + reason[1:]], [], [], [])
    note = uncertainty_note(a, "uncertain", 0, [cite(e, 2)], analyse_question("Who arrested them?"))
    assert note is not None and "Detroit police" not in note


# ---------------------------------------------------------------------- issue 18, the lead by the slot test
ARRESTED = "how many protesters got arrested in Carrow over the water shutoffs"
CROWD = ("Some 50 demonstrators on Thursday held a protest outside the offices of Acme, a company contracted "
         "by the Carrow Water Department to stop the flow to residences at least two months past due.")
EIGHT = ("Carrow police on Thursday arrested eight people, including religious leaders, who were protesting "
         "controversial water shutoffs for overdue bills in Carrow, an officer confirms.")
NINE = ("At least nine of the activists were arrested by Carrow police and charged with disorderly conduct "
        "when they temporarily blocked trucks from leaving the company's parking lot.")


def test_the_sentence_that_fills_the_asked_slot_leads() -> None:
    # "eight people, including religious leaders," puts no asked word right after the figure, so
    # the shape test alone found no count there and the crowd's size led; the truth layer's slot
    # test reads the parse: eight people are what "arrested" counts, and that sentence says most
    # of the question
    frame = analyse_question(ARRESTED)
    items = [ev(CROWD), ev(EIGHT), ev(NINE)]
    assert lead_first([[0], [1], [2]], items, frame, "uncertain") == [[1], [0], [2]]


def test_a_first_sentence_that_fills_the_slot_is_not_displaced_by_a_looser_form() -> None:
    # "let go ten workers" counts the asked staff in other words (the slot test reads the parse
    # and word meaning); "four plants where Acme staff work" only has a figure near a question
    # word — it fits the literal form, fills nothing, and must not move in front
    frame = analyse_question("how many staff did acme sack over the mill fire")
    items = [ev("Acme says it has let go ten workers who were on shift at the mill."),
             ev("The mill fire spread to four plants where Acme staff work.")]
    assert lead_first([[0], [1]], items, frame, "answered") == [[0], [1]]


def test_an_uncertain_count_keeps_the_competing_values_not_every_figure() -> None:
    frame = analyse_question(ARRESTED)
    items = [ev(EIGHT), ev(CROWD), ev(NINE)]
    # the two counts of arrests disagree (protected); the crowd's size is no competing value and
    # does not fit the budget of a how-many answer
    assert within_budget([[0], [1], [2]], items, frame, "uncertain", frozenset({0, 2})) == [[0], [2]]


@pytest.mark.parametrize("text, kept", [
    ("CARROW, ME -- Carrow police on Thursday arrested eight people.",
     "Carrow police on Thursday arrested eight people."),
    ("PORT VELMAR, Acmeland (AP) — The nerve agent was used to kill him, police said.",
     "The nerve agent was used to kill him, police said."),
    ("VELMAR (Steppe Wire) — Talks resumed on Monday after a pause.", "Talks resumed on Monday after a pause."),
    ("NATO said on Monday that the alliance would meet.", "NATO said on Monday that the alliance would meet."),
    ("FILE - In this May 4, 2001, file photo, a man exits a van.",
     "FILE - In this May 4, 2001, file photo, a man exits a van."),
    ("CARROW -- Too short.", "CARROW -- Too short."),
    ("(Acme Wire) A woman injured three people at a depot on Thursday, officials said.",
     "A woman injured three people at a depot on Thursday, officials said."),
    ("(Acme Wire) Too short here.", "(Acme Wire) Too short here."),
    ("(Updated) no capital follows, so it stays whole.", "(Updated) no capital follows, so it stays whole."),
])
def test_a_wire_dateline_is_cut_as_an_exact_span(text: str, kept: str) -> None:
    assert drop_dateline(text) == kept and kept in text
    assert compress(text, analyse_question("Who was arrested?")) == kept


def test_a_side_of_a_disagreement_without_an_outlet_is_its_marker_not_its_file_id() -> None:
    a = ev("Carrow police arrested eight people.", "", article="mn-2c62c95b-4")
    b = ev("At least nine of the activists were arrested.", "", article="mn-2c62c95b-1")
    note = uncertainty_note(Assessment("uncertain", [a, b], 0.5, ["the sources disagree"], [], [],
                                       [(a, b, Disagreement("number", (), "eight vs nine"))]),
                            "uncertain", 0, [cite(a, 1), cite(b, 2)], analyse_question(ARRESTED))
    assert note == "Sources disagree on the number (eight vs nine): one report [1] against one report [2]."
    assert "mn-" not in (note or "")


def test_a_sentence_said_twice_word_for_word_is_written_once() -> None:
    # an article that repeats a paragraph gives the same sentence at two offsets: before, two
    # groups (same_fact never joins one article's sentences) and the answer said it twice
    text = "Investigators believe the shooting began outside the Acme depot, then moved inside, Hale said."
    first, again = ev(text, "Steppe Wire", article="acme-1", start=0), ev(text, "Steppe Wire", article="acme-1",
                                                                         start=400)
    lead = ev("Police identified the shooter as Ada Holm, 26.", "Steppe Wire", article="acme-1", start=900)
    assert fuse([lead, first, again]) == [[0], [1]]
    written = "".join(write([lead, first, again], "answered"))
    assert written.count("Investigators believe") == 1 and "[3]" not in written
    copy = ev(text, "Baltic Relay", article="acme-2")  # another outlet's word-for-word copy: one fact, both markers
    assert fuse([first, copy]) == [[0, 1]]


@pytest.mark.parametrize("question, form", [
    ("What weapon did the Acme depot shooter use?", "class"),
    ("What was the name of the officer who arrested the protesters?", "who"),
    ("How old was the woman whose ring was stolen?", None),  # its slot test misses "She was 88"
    ("When did Hale and Orsen speak by phone?", "when"),
    ("What happened at the Acme depot?", None),
    ("Was the arrest timed to suit the government?", None),
])
def test_a_what_question_asking_for_one_value_has_the_shape_of_its_slot(question: str, form: str | None) -> None:
    assert shape(analyse_question(question)) == form


def test_a_what_question_for_one_value_is_held_to_the_one_value_budget() -> None:
    # "what weapon" answers ran to 100-120 words of every sentence about the story (realnews half 1)
    frame = analyse_question("What weapon did the Acme depot shooter use?")
    items = [ev("The gun used in the shooting, a 9 mm Korda handgun, was registered to the shooter, police said."),
             ev("Investigators believe the shooting began outside the Acme depot in the business park at "
                "1501 Harbour Road, then moved inside, the sheriff said."),
             ev("The depot, which employs about 1,000 people, was closed on Friday while investigators "
                "searched the building and the grounds around it.")]
    kept = within_budget([[0], [1], [2]], items, frame, "answered")
    assert kept[0] == [0] and len(kept) < 3


def test_a_later_sentence_with_only_the_lead_s_value_seconds_it_instead_of_saying_it_again() -> None:
    frame = analyse_question("How many senators back the Acme Rail Act?")
    lead = ev("The Acme Rail Act was introduced on April 1 and has long been stalled, even though at least "
              "85 senators back it.", "Steppe Wire")
    again = ev("It has been stalled for a long time despite having the backing of at least 85 senators.",
               "Baltic Relay")
    doubt = ev("Some 85 senators reportedly back the Acme Rail Act, one aide said.", "Harbour Post")
    other = ev("Only 60 senators back the Acme Rail Act, its sponsor said.", "Harbour Post")
    text = "".join(write([lead, again], "answered", frame))
    assert text.count("85 senators") == 1 and text.endswith("[1][2]")
    groups, seconds = same_value([[0], [1], [2], [3]], [lead, again, doubt, other], frame)
    assert groups == [[0], [2], [3]] and seconds == [1]  # a hedged or different value stands alone
    assert same_value([[0], [1]], [lead, again], frame, frozenset({1})) == ([[0], [1]], [])


# ---------------------------------------------------------------------- issue 18, round 3: said once
def test_an_unfilled_slot_is_said_once_in_the_lead_not_again_in_the_note() -> None:
    # before: the lead said "No confirmed figure: none of the reports says it outright." and the note
    # said the same again in the truth layer's words ("The reports cover … but none gives …"): 35 of
    # 70 spoken answers on realnews half 1 said what is missing twice
    frame = analyse_question("How many staff did Acme fire over the footage?")
    video = ev("The video was taken by an undercover investigator in May at four Acme plants.", "Harbour Post")
    reason = "the reports cover Acme and the video but none gives how many staff Acme fired over the footage"
    a = Assessment("uncertain", [video], 0.5, [reason], [], [], [])
    note = uncertainty_note(a, "uncertain", 0, [cite(video, 1)], frame, led=True)
    assert note is None  # the lead said what is missing; "No report confirms the figure" says it again
    also = Assessment("uncertain", [video], 0.5, [reason, "no selected passage gives the figure asked for"], [], [], [])
    assert uncertainty_note(also, "uncertain", 0, [cite(video, 1)], frame, led=True) is None
    # what the lead did not say still gets a note: a disagreement
    other = ev("The video was taken by an undercover investigator in June at four Acme plants.", "Baltic Relay")
    split = Assessment("uncertain", [video, other], 0.5, [reason], [], [],
                       [(video, other, Disagreement("date", (), ""))])
    note = uncertainty_note(split, "uncertain", 0, [cite(video, 1), cite(other, 2)], frame, led=True)
    assert (note or "").startswith("Sources disagree on the date")
    # without a written lead the note still says it
    assert "reports cover Acme" in (uncertainty_note(a, "uncertain", 0, [cite(video, 1)], frame) or "")


def test_the_sides_of_a_disagreement_lead_when_no_sentence_fills_the_asked_slot() -> None:
    # realnews half 1: "who is behind the killing" led with "X has yet to confirm that the deceased
    # was …" (it names someone, so it "fits" a who question) and the disputed sides — one report
    # names the culprits, the named party denies it — came fifth and sixth of six sentences
    frame = analyse_question("Who is behind the poisoning of Ada Holm?")
    items = [ev("Velmar has yet to confirm that the dead man was Ada Holm, officials in Port Arlo said."),
             ev("Ada Holm: Velmar's critic in exile."),
             ev("Acmeland police say it was clearly an attack by Velmar agents."),
             ev("A day earlier Velmar denied any responsibility for the death of Ada Holm, accusing Acmeland "
                "of lying.")]
    groups, sides = [[0], [1], [2], [3]], frozenset({2, 3})
    assert lead_first(groups, items, frame, "uncertain", sides=sides) == [[2], [3], [0], [1]]
    # the sides are the competing values; the other sentences naming someone are only candidates
    kept = within_budget([[2], [3], [0], [1]], items, frame, "uncertain", sides, sides)
    assert kept[:2] == [[2], [3]] and len(kept) < 4
    text = "".join(write(items, "uncertain", frame, sides, sides=sides))
    assert text.startswith("Acmeland police say it was clearly an attack by Velmar agents. [3]")
    # without a disagreement the order stands, and so does an order a side already leads
    assert lead_first(groups, items, frame, "uncertain") == groups
    assert lead_first([[3], [0], [1], [2]], items, frame, "uncertain", sides=sides) == [[3], [0], [1], [2]]


def test_a_filling_lead_is_not_displaced_by_the_sides_of_a_disagreement() -> None:
    # the truth layer may pair the lead's count with another count of the story (a classmate's
    # age in an earlier shooting): the sentence that fills the asked slot still leads
    frame = analyse_question("How many people did the Acme depot gunman kill?")
    items = [ev("A gunman killed three people at the Acme depot in Carrow on Thursday, officials said."),
             ev("In March, a student in Velmar shot a 16-year-old classmate at a school."),
             ev("Police closed the roads around the depot for most of the day.")]
    groups = [[0], [1], [2]]
    assert lead_first(groups, items, frame, "uncertain", sides=frozenset({0, 1})) == groups
    assert lead_first([[1], [2], [0]], items, frame, "uncertain", sides=frozenset({0, 1}))[0] == [0]


def test_an_answer_whose_slot_no_report_fills_only_shows_what_the_reports_cover() -> None:
    # realnews half 1: "when is Carrow going to stop the shutoffs" quoted four dated sentences
    # (155 words) after a lead saying none of the reports says when; they are not the answer
    frame = analyse_question("When is Carrow going to stop shutting off water?")
    items = [ev("Carrow police on Thursday arrested eight people who were protesting water shutoffs for overdue "
                "bills in Carrow, an officer confirms."),
             ev("The Carrow water department on Wednesday announced plans to use $1 million from its assistance "
                "program to help low-income customers avoid shutoffs."),
             ev("Congressman Hale sent letters on Friday to the president and the health secretary requesting "
                "immediate federal action in the form of funding for the problem."),
             ev("The water department announced on Wednesday that it is intensifying efforts to collect unpaid "
                "debts from its commercial customers in Carrow.")]
    groups = [[0], [1], [2], [3]]
    assert len(within_budget(groups, items, frame, "uncertain")) >= 3  # every dated sentence "of the asked kind"
    kept = within_budget(groups, items, frame, "uncertain", unfilled=True)
    assert kept[0] == [0] and sum(len(items[g[0]].text.split()) for g in kept) <= 45 < sum(
        len(e.text.split()) for e in items)
    assert within_budget(groups, items, frame, "uncertain", frozenset({3}), unfilled=True)[-1] == [3]


def test_a_close_paraphrase_of_the_lead_with_only_its_figures_seconds_it() -> None:
    # realnews half 1: "A woman shot and killed three people, and wounded three others …" followed a
    # lead saying the same with the same figures; the kind test read no count in it, so it was said twice
    frame = analyse_question("how many ppl were killed in the carrow shooting")
    lead = ev("A woman killed three people and wounded three others before fatally shooting herself at a "
              "depot on Thursday in Carrow County, officials said.", "Steppe Wire")
    again = ev("A woman shot and killed three people, and wounded three others before taking her own life at an "
               "Acme warehouse in Carrow on Thursday.", "Baltic Relay")
    other = ev("In March, a student at a Velmar school shot a 16-year-old classmate.", "Harbour Post")
    groups, seconds = same_value([[0], [1], [2]], [lead, again, other], frame)
    assert groups == [[0], [2]] and seconds == [1]
    text = "".join(write([lead, again], "answered", frame))
    assert text.count("three people") == 1 and text.endswith("[1][2]")


def test_a_yes_no_answer_whose_slot_no_report_fills_keeps_its_sentences() -> None:
    frame = analyse_question("Did the two women know they were using poison?")
    items = [ev("The case has perplexed toxicologists, who question how the two women could have walked away "
                "unscathed after handling a powerful poison at the Velmar airport on that morning."),
             ev("Relatives of the two women insisted they must have been duped into doing so, though the "
                "Acmeland authorities say otherwise.")]
    assert within_budget([[0], [1]], items, frame, "uncertain", unfilled=True) == [[0], [1]]


# ---------------------------------------------------------------------- issue 18, round 4: the note after a lead
def test_a_note_after_a_written_lead_adds_only_what_the_lead_did_not_say() -> None:
    # before: "No confirmed reason: called unclear [1] …" was followed by the note "No report confirms
    # the reason." (the lead's head again), and a lead giving both disputed dates by "Sources disagree
    # on the date (oct 20 vs oct 19): Steppe Wire [1] against Baltic Relay [2]." (its values again)
    when = analyse_question("When did Lavrov and Rubio speak by phone?")
    a20 = ev("Lavrov and Rubio spoke by phone on October 20.", "Steppe Wire")
    a19 = ev("Lavrov and Rubio spoke by phone on October 19.", "Baltic Relay")
    a = Assessment("uncertain", [a20, a19], 0.5, ["the sources disagree"], [], [],
                   [(a20, a19, Disagreement("date", (), "oct 20 vs oct 19"))])
    cites = [cite(a20, 1), cite(a19, 2)]
    both = "No confirmed date: October 20 according to Steppe Wire [1], October 19 according to Baltic Relay [2]."
    assert uncertainty_note(a, "uncertain", 0, cites, when, led=True, lead=both) is None
    one = "No confirmed date: October 20 according to Steppe Wire [1]."  # one side only: both named
    assert (uncertainty_note(a, "uncertain", 0, cites, when, led=True, lead=one) or "").startswith(
        "Sources disagree on the date")
    # a dispute the lead names by its sides but not by what it is about: the note says only that
    where = analyse_question("Which village did the panda attack happen in?")
    li = ev("Tarn worked his farm in Olm Vale village when a panda ran onto his land.", "Harbour Post")
    lz = ev("The panda wandered into Brantwick village, the Velmar Evening News reported.", "AFP")
    village = Assessment("uncertain", [li, lz], 0.5, ["the sources disagree"], [], [],
                         [(li, lz, Disagreement("claim", (), "Olm Vale vs Brantwick"))])
    note = uncertainty_note(village, "uncertain", 0, [cite(li, 1), cite(lz, 2)], where, led=True,
                            lead="No confirmed answer: Harbour Post and the Velmar Evening News disagree [1][2].")
    assert note == "One report gives Olm Vale, another Brantwick."  # before: "At issue: Olm Vale vs Brantwick."
    # a dispute named by its kind, not by values: nothing a reader can use, so no note (before:
    # "At issue: one report says so, another says it is not so.")
    kind = Assessment("uncertain", [li, lz], 0.5, ["the sources disagree"], [], [],
                      [(li, lz, Disagreement("claim", (), "one report says so, another says it is not so"))])
    assert uncertainty_note(kind, "uncertain", 0, [cite(li, 1), cite(lz, 2)], where, led=True,
                            lead="No confirmed answer: Harbour Post says Tarn worked his farm [1]; "
                                 "AFP says the panda wandered into Brantwick village [2].") is None
    both_values = "No confirmed answer: Olm Vale according to Harbour Post [1], Brantwick according to AFP [2]."
    assert uncertainty_note(village, "uncertain", 0, [cite(li, 1), cite(lz, 2)], where, led=True,
                            lead=both_values) is None  # the lead gave the disputed values: nothing to add
    # a hedge the lead already named: no note at all
    why = analyse_question("Why was the meeting postponed?")
    hedged = ev("CNN said it remains unclear why the meeting was postponed.", "CNN")
    only = Assessment("uncertain", [hedged], 0.5, ["the sources hedge"], [], [hedged], [])
    assert uncertainty_note(only, "uncertain", 0, [cite(hedged, 1)], why, led=True,
                            lead="No confirmed reason: CNN says it is unclear why [1].") is None
    # thin support is news the lead did not give
    thin = Assessment("uncertain", [hedged], 0.3, ["thin support"], [], [hedged], [])
    assert "weakly related" in (uncertainty_note(thin, "uncertain", 0, [cite(hedged, 1)], why, led=True,
                                                 lead="No confirmed reason: CNN says it is unclear why [1].") or "")


def test_a_concessive_clause_that_holds_nothing_asked_is_cut_one_with_the_other_side_stays() -> None:
    frame = analyse_question("When was the ferry act introduced?")
    padded = ("The ferry act was introduced on April 1 in the harbour council after a long debate between the two "
              "parties, even though at least 85 mayors back it.")
    assert compress(padded, frame) == ("The ferry act was introduced on April 1 in the harbour council after a long "
                                       "debate between the two parties.")  # before: the concessive stayed
    other_side = ("Relatives of the two ferry pilots accused of ramming the pier insisted they must have been "
                  "misled into doing so, though the harbour authorities say otherwise.")
    asked = analyse_question("did the ferry pilots know about the pier")
    assert compress(other_side, asked) == other_side  # the other side's claim is never cut away


def test_a_blame_questions_lead_is_the_sentence_that_puts_blame() -> None:
    """Issue 18 (reader11): for "who is to blame …" a sentence naming someone (the slot's filler)
    used to lead, and the word budget could drop the blaming sentence; now it leads."""
    frame = analyse_question("Who is to blame for the ferry fire?")
    named = ev("Harbour chief Ada Holm said the ferry fire started near the engine room on Tuesday night.", "Acme Wire")
    blamed = ev("The union blamed the ferry company for the fire, saying it had cut maintenance crews.", "Brask Post")
    other = ev("Ferry services resumed on Friday after inspectors checked every boat in the Velmar fleet.", "Acme Wire")
    evidence = [named, blamed, other]
    assert blame_lead(evidence, frame) == frozenset({1})
    assert blame_lead(evidence, analyse_question("When did the ferry fire start?")) == frozenset()
    text = "".join(write(evidence, "uncertain", frame))
    assert text.startswith("The union blamed the ferry company")
    assert to_front([[0], [1], [2]], frozenset({2})) == [[2], [0], [1]]
    assert to_front([[0], [1]], frozenset()) == [[0], [1]]


def test_thin_support_beside_a_none_says_lead_is_one_hedge_not_two() -> None:
    """Issue 18: "The reports cover Olm Vale but none says when the ferry sails." then the note "Only
    weakly related passages were found; treat this as unconfirmed." said the hedge twice."""
    when = analyse_question("When does the Olm Vale ferry sail?")
    near = ev("The Olm Vale ferry was repainted by harbour staff last spring.", "Harbour Post")
    reason = "the reports cover Olm Vale but none says when the Olm Vale ferry sails"
    thin = Assessment("uncertain", [near], 0.3, ["thin support", reason], [], [], [])
    lead = "The reports cover Olm Vale but none says when the Olm Vale ferry sails."
    assert uncertainty_note(thin, "uncertain", 0, [cite(near, 1)], when, led=True, lead=lead) is None
    # without the written lead the note still says how thin the support is
    assert "weakly related" in (uncertainty_note(Assessment("uncertain", [near], 0.3, ["thin support"], [], [], []),
                                                 "uncertain", 0, [cite(near, 1)], when, led=True, lead="x") or "")


def test_an_answered_count_stops_after_the_sentence_that_gives_it() -> None:
    """Issue 18: an answered one-value answer went on to a second counted sentence that added no
    asked fact (realnews half 3: two sentences where the first already held the figure)."""
    frame = analyse_question("How many protesters did Carrow police arrest?")
    items = [ev("Carrow police arrested eight protesters on Thursday, an officer confirmed.", "Steppe Wire"),
             ev("Some 50 demonstrators had gathered outside the depot gates by noon.", "Baltic Relay")]
    assert within_budget([[0], [1]], items, frame, "answered") == [[0]]  # before: [[0], [1]]
    text = "".join(write(items, "answered", frame))
    assert "eight protesters" in text and "50" not in text
    # a side of a disagreement is never left out
    assert within_budget([[0], [1]], items, frame, "answered", frozenset({1})) == [[0], [1]]


def test_a_second_sentence_that_gives_another_asked_thing_stays() -> None:
    frame = analyse_question("Who was Tarn's lawyer?")
    lead = ev("After talks, officials agreed to pay compensation, his lawyer Brant Hale told the Velmar Post.")
    whose = ev("Tarn's son Orsen sued the forestry officials over the attack.")
    assert within_budget([[0], [1]], [lead, whose], frame, "answered") == [[0], [1]]
    count = analyse_question("How many men of Tarn's company are still alive?")
    cut = ev("Tarn's company, which had started with about 200 men, was cut to eight by the end of the war.")
    alive = ev("Of the eight members of Tarn's company who survived the war, only five are still around.")
    assert within_budget([[0], [1]], [cut, alive], count, "answered") == [[0], [1]]


def test_after_a_none_says_lead_at_most_two_short_excerpts_follow() -> None:
    """Issue 18: after "The reports cover … but none says …", two full excerpts of 20-30 words that
    did not hold the asked value followed (realnews half 3); now the closest, and a second only if short."""
    frame = analyse_question("Who paid for the Olm Vale diet study?")
    items = [ev("The Olm Vale diet study followed 900 adults with heart disease for five years."),
             ev("The researchers noted that earlier studies had tied repeated weight swings to poor heart "
                "health in adults."),
             ev("The Olm Vale study was published in May."),
             ev("Diet studies often run for years."),
             ev("The Olm Vale team met in June.")]
    kept = within_budget([[0], [1]], items, frame, "uncertain", unfilled=True)
    assert kept == [[0]]  # before: [[0], [1]] (34 words fit the 45-word budget)
    short = within_budget([[0], [2], [3], [4]], items, frame, "uncertain", unfilled=True)
    assert short[0] == [0] and len(short) == 2  # before: all four (each short)
    # a side of a disagreement stays, whatever the count
    assert [4] in within_budget([[0], [2], [3], [4]], items, frame, "uncertain", frozenset({4}), unfilled=True)


def test_a_dateline_glued_to_its_dash_is_dropped_too() -> None:
    """Issue 18: excerpts opened with "VELMAR—" (a dateline printed with no space around the dash)."""
    text = "VELMAR—The Carrow council voted on Tuesday to close the depot for good."
    # before: unchanged
    assert drop_dateline(text) == "The Carrow council voted on Tuesday to close the depot for good."
    assert drop_dateline("CARROW, Acmeland—Talks resumed on Monday after a long pause.").startswith("Talks")
    compound = "NASA—led teams said nothing new today at all."
    assert drop_dateline(compound) == compound


def test_an_excerpt_after_a_none_says_lead_is_cut_to_the_clause_about_the_asked_thing() -> None:
    """Issue 18: after "The reports cover … but none says …", excerpts ran on with clauses that held
    nothing asked (", lifted by the wind"); each kept span is still an exact span of the quote."""
    frame = analyse_question("Who is putting out the Tarn book?")
    text = ("Tarn ends the book with a story of a time she felt Orsen said goodbye to her, when she and her "
            "husband were on a golf course, lifted by the wind.")
    short = cover_clause(text, frame)
    assert short == "Tarn ends the book with a story of a time she felt Orsen said goodbye to her."
    assert short[:-1] in text
    hedged = "The Tarn book is out soon, its agent said, according to a friend."
    assert cover_clause(hedged, frame) == hedged  # an attribution is never cut from its claim
    near = analyse_question("When does the Olm Vale ferry sail?")
    items = [ev("The Olm Vale ferry was repainted last spring, when the harbour was closed for the winter "
                "storms that hit the coast, damaging several boats.")]
    text = "".join(write(items, "uncertain", near, unfilled=True))
    assert "damaging" not in text and text.startswith("The Olm Vale ferry was repainted")  # before: whole


def test_a_cut_after_a_none_says_lead_leaves_a_sentence_and_keeps_every_date() -> None:
    """realnews half 1: "Former campaign manager Paul Manafort, who was only appointed in April, will
    remain chairman." was cut to a name with no verb, and lost the date the question asked."""
    frame = analyse_question("When was Hale brought on?")
    text = "Former campaign manager Orsen Tarn, who was only appointed in April, will remain chairman."
    assert cover_clause(text, frame) == text
    verbless = analyse_question("Who runs the Olm Vale depot?")
    assert cover_clause("The Olm Vale depot manager, a quiet man, retired.", verbless) == \
        "The Olm Vale depot manager, a quiet man, retired."


def test_after_a_none_says_lead_an_excerpt_holding_an_asked_value_keeps_the_longer_budget() -> None:
    """RGB noise: "the reigning champion remains Tarn Hale" was left out at 25 words, and the right
    answer with it; an excerpt of the asked kind that says an asked word keeps the 45-word budget."""
    frame = analyse_question("Who won the Olm Vale Open in 2020?")
    items = [ev("Click here to view the 2020 Olm Vale Open leaderboard."),
             ev("The 2020 Olm Vale Open was cancelled due to the storms, so the reigning champion remains "
                "Tarn Hale of Carrow.")]
    assert within_budget([[0], [1]], items, frame, "uncertain", unfilled=True) == [[0], [1]]
    dated = analyse_question("When was the Olm Vale Act first put forward in the Assembly?")
    lead = ev("The Assembly has set aside work on the Olm Vale Act and will not take it up again before the two "
              "governors hold their anticipated meeting, the Carrow Post reported.")
    path = ev("On its path through the Assembly, the bill was introduced on April 1.")
    # the one holding a date leads (reader12: value_first); the 26-word excerpt that only shows what
    # the reports cover no longer fits beside it (UNFILLED_BUDGET)
    assert within_budget([[0], [1]], [lead, path], dated, "uncertain", unfilled=True) == [[1]]


def test_when_no_report_fills_the_slot_a_sentence_with_a_value_of_the_asked_kind_leads() -> None:
    """reader12: with no report filling the asked slot, the excerpt that gives a date of the asked kind
    (and says an asked word) leads, before one that only shows what the reports cover."""
    q = analyse_question("what day did the Tarnwick ferry switch to the new timetable")
    items = [ev("The Tarnwick ferry company has tested timetables at two of its piers."),
             ev("The new timetable reaches every Tarnwick pier on Tuesday, the ferry company says.")]
    assert value_first([[0], [1]], items, q) == [[1], [0]]
    assert value_first([[0], [1]], items, q, protected=frozenset({0})) == [[0], [1]]  # a side stays first
    assert value_first([[1], [0]], items, q) == [[1], [0]]
    text = "".join(write(items, "uncertain", q, unfilled=True))
    assert text.startswith("The new timetable reaches every Tarnwick pier on Tuesday"), text


def test_a_date_said_relative_to_the_report_is_a_value_of_the_asked_kind() -> None:
    """sel13: the truth layer led with "… died last week …" for "when did he die", and the writer put
    a sentence of the story without a date first: "last week" was no date to it."""
    q = analyse_question("when did the Tarnwick ferry captain die")
    items = [ev("The Tarnwick ferry captain was honoured by the harbour board for forty years of service."),
             ev("The Tarnwick ferry captain died last week at his home, his family said.")]
    assert value_first([[0], [1]], items, q) == [[1], [0]]
    for said in ("two years ago", "earlier this month", "yesterday", "a few days ago"):
        assert VALUE_SPANS["when"].search(f"The captain retired {said}."), said
    assert not VALUE_SPANS["when"].search("The weekly ferry report was late.")


def test_a_duration_is_a_figure_only_of_a_question_that_asks_for_time() -> None:
    """reader12: "how many people were in the study" got "4.7 years" and "five years" in its lead,
    which then had no room for "9,509 men and women"."""
    people = analyse_question("how many people with heart disease were in the Tarnwick diet study")
    text = "Scientists followed 9,509 men and women with heart disease in the Tarnwick study over five years."
    assert value_spans(text, people, filled=True) == ["9,509 men"]
    years = analyse_question("how many years did the Tarnwick diet study run")
    assert "five years" in value_spans(text, years, filled=True)
    assert "five years" in value_spans(text, analyse_question("how long did the Tarnwick study run"), filled=True)
