"""Status rules on hand-built evidence (no model: scores and vectors are set by hand).

Each named rule of :mod:`briefbot.truth.status` is exercised on its own, then :func:`assess`
as the short list of them.  Sentences are our own, written for these tests.
"""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import Thresholds, assess, rules
from briefbot.truth.status.alone import ALONE
from briefbot.truth.status.gates import answer_kind_absent, missing_anchors, missing_predicate, nothing_relevant
from briefbot.truth.status.kinds import fits

T = Thresholds()


def _ev(text: str, score: float, article: str = "a1", source: str = "Courier", angle: float = 0.0,
        predicate: float | None = None) -> Evidence:
    rad = np.radians(angle)
    ev = Evidence(article_id=article, chunk_id=f"{article}::0", title="Norvale news", source=source, url=None,
                  published="2025-03-06", text=text, start=0, end=len(text))
    ev.score = ev.similarity = score
    ev.predicate = predicate
    ev.hedges = list(ev.features.hedges)
    ev.vector = np.array([np.cos(rad), np.sin(rad)], dtype=np.float32)
    return ev


def _set(question: str, *items: Evidence) -> EvidenceSet:
    """Every article of the set reports one story (one article vector)."""
    es = EvidenceSet(analyse_question(question), list(items), np.array([1.0, 0.0], dtype=np.float32), 3, 3)
    es.article_vectors = {e.article_id: np.array([1.0, 0.0], dtype=np.float32) for e in items}
    return es


def test_nothing_relevant_when_scores_and_meaning_are_low() -> None:
    es = _set("When did the Lakeside footbridge open?", _ev("The council met on Monday about parking.", 0.2))
    assert nothing_relevant(es, T).status == "insufficient_evidence"
    assert nothing_relevant(_set("When did it open?", _ev("The footbridge opened on March 3.", 0.6)), T) is None


def test_missing_name_is_reported() -> None:
    es = _set("When did Mayor Halvorsen open the footbridge?", _ev("The footbridge opened on March 3.", 0.6))
    assert "halvorsen" in missing_anchors(es, T)


def test_lower_case_question_names_need_the_gazetteer_not_capitals() -> None:
    from briefbot.language.gazetteer import Gazetteer

    gaz = Gazetteer()
    gaz.add("a1", "h", "The footbridge in Norvale opened. Mayor Halvorsen cut the ribbon in Norvale.")
    upper = analyse_question("When did Halvorsen open the footbridge in Norvale?", gaz)
    lower = analyse_question("when did halvorsen open the footbridge in norvale", gaz)
    assert upper.names == lower.names == {"halvorsen", "norval"}


def test_predicate_in_other_words_is_not_missing() -> None:
    es = _set("Why was the Norvale parade called off?",
              _ev("Norvale cancelled its spring parade over safety fears.", 0.55, predicate=0.7))
    assert missing_predicate(es, T) == []
    es_far = _set("Why was the Norvale parade called off?",
                  _ev("Norvale cancelled its spring market over costs.", 0.55, predicate=0.3))
    assert missing_predicate(es_far, T) != []


def test_when_question_without_any_date_abstains() -> None:
    es = _set("When did the Lakeside footbridge open?", _ev("The Lakeside footbridge opened to walkers.", 0.6))
    verdict = answer_kind_absent(es, es.items, T, 4)
    assert verdict is not None and verdict.status == "insufficient_evidence"


def test_pending_fact_is_uncertain_not_abstained() -> None:
    es = _set("How much did the Lakeside footbridge repairs cost?",
              _ev("The cost of the Lakeside footbridge repairs is still being assessed.", 0.7))
    verdict = answer_kind_absent(es, es.items, T, 4)
    assert verdict is not None and verdict.status == "uncertain"


def test_fits_asked_kind() -> None:
    when = analyse_question("When did the footbridge open?")
    assert fits(when, "The footbridge opened on March 3.")
    assert not fits(when, "The footbridge opened to walkers.")


def test_hedged_core_and_reasons() -> None:
    frame = analyse_question("Why did the footbridge close?")
    hedged = _ev("It remains unclear when the footbridge will reopen.", 0.7)
    plain = _ev("The footbridge closed for repairs.", 0.4)
    assert rules.hedged_core([hedged, plain], 0.7, frame) == [hedged]
    assert rules.sources_hedge([hedged]).startswith("the sources hedge")
    assert rules.sources_hedge([]) is None


def test_a_hedged_forecast_does_not_qualify_an_answer_about_the_past() -> None:
    frame = analyse_question("When did Okafor and Lund last speak?")
    done = _ev("Okafor and Lund spoke by phone on May 4.", 0.7)
    forecast = _ev("One aide said Okafor and Lund may speak again later this week.", 0.68)
    assert forecast.hedges  # an unnamed source, a possibility
    assert rules.hedged_core([done, forecast], 0.7, frame) == []
    ahead = analyse_question("When will Okafor and Lund speak again?")
    assert rules.hedged_core([done, forecast], 0.7, ahead) == [forecast]  # the forecast is the answer here


def test_other_event_rule() -> None:
    assert rules.other_event([_ev("x y z a b", 0.7, predicate=0.05)], T) is not None
    assert rules.other_event([_ev("x y z a b", 0.7, predicate=0.6)], T) is None


def test_assess_answers_clean_evidence_two_reports_give() -> None:
    es = _set("When did the Lakeside footbridge open?",
              _ev("The Lakeside footbridge opened on March 3.", 0.7),
              _ev("The Lakeside footbridge was built by Norvale council.", 0.5, article="a2", angle=60),
              _ev("Walkers crossed the Lakeside footbridge when it opened on March 3.", 0.6, article="a3", angle=5))
    a = assess(es)
    assert a.status == "answered", a.reasons
    assert a.selected[0].text.endswith("March 3.")


def test_clean_evidence_one_report_alone_gives_is_uncertain() -> None:
    # before the sourcing rule (truth/status/alone.py) this was 'answered' on one report's word
    es = _set("When did the Lakeside footbridge open?",
              _ev("The Lakeside footbridge opened on March 3.", 0.7),
              _ev("The Lakeside footbridge was built by Norvale council.", 0.5, article="a2", angle=60))
    a = assess(es)
    assert a.status == "uncertain"
    assert [r.split(":")[0] for r in a.reasons] == [ALONE]
    assert a.selected[0].text.endswith("March 3.")


def test_assess_conflicting_dates_are_uncertain_with_both_sides() -> None:
    es = _set("When did the Lakeside footbridge in Norvale open?",
              _ev("The Lakeside footbridge in Norvale opened on March 3.", 0.7),
              _ev("The Lakeside footbridge in Norvale opened on March 5.", 0.68, article="a2", source="Post",
                  angle=20))
    a = assess(es)
    assert a.status == "uncertain"
    assert [c.kind for _, _, c in a.conflicts] == ["date"]
    assert {e.source for e in a.selected} == {"Courier", "Post"}


def test_fitting_sentence_about_another_event_is_dropped() -> None:
    from briefbot.truth.status.select import same_event_as_asked

    response = _ev("Aldwick Mills declined to comment on the report.", 0.44, predicate=0.43)
    other = _ev("Aldwick Mills said it was pleased with a new rail contract.", 0.53, predicate=0.30)
    assert same_event_as_asked([other, response]) == [response]
    assert same_event_as_asked([response]) == [response]


def test_fitting_sentence_naming_none_of_the_asked_people_is_dropped() -> None:
    from briefbot.truth.status.select import same_event_as_asked

    names = analyse_question("When did Ilse Varga and Tomas Brandt talk on the phone?").names
    asked = _ev("Ilse Varga and Tomas Brandt spoke by phone on June 3 about fishing quotas.", 0.49, predicate=0.2)
    other = _ev("Karl Odin and Mira Solberg spoke by telephone on June 9.", 0.38, predicate=0.67)
    assert same_event_as_asked([asked, other], names) == [asked]
    unnamed = _ev("The two ministers spoke by telephone on June 9.", 0.38, predicate=0.25)
    unnamed.title = "Varga and Brandt discuss fishing quotas"  # a sentence naming nobody: its title's names
    assert same_event_as_asked([asked, unnamed], names) == [asked, unnamed]
    assert same_event_as_asked([other], names) == [other]  # nobody named: the predicate test alone


def test_which_day_asks_when() -> None:
    assert analyse_question("On which day did the Lakeside footbridge open?").kind == "when"
    assert analyse_question("Which date was the vote moved to?").kind == "when"
    assert analyse_question("Which island does the ferry sail to?").kind == "what"


def test_which_x_is_answered_by_a_name_next_to_x() -> None:
    from briefbot.truth.status.kinds import asked_class

    focus = analyse_question("Which island does the ferry from Aldwick sail to?")
    assert asked_class(focus) == {"island"}
    assert fits(focus, "The first crossing to the island of Morrow left at seven in the morning.")
    assert not fits(focus, "The Aldwick ferry terminal reopened on May 12 after repairs.")  # no island named
    network = analyse_question("Which news network reported that the Varga-Brandt meeting was postponed?")
    assert not fits(network, "One of the network's sources said Varga and Brandt had differing expectations "
                             "of how the war in Ostland could end.")  # names far from "network"
    assert fits(network, "The network, Channel Nine, first reported the delay.")
    assert asked_class(analyse_question("What did the council decide?")) == frozenset()


def test_which_x_fitting_sentence_joins_stronger_ones_about_other_facts() -> None:
    es = _set("Which island does the ferry from Aldwick sail to?",
              _ev("The Aldwick ferry terminal reopened on May 12 after repairs.", 0.59),
              _ev("The Aldwick ferry terminal opened again on May 14.", 0.57, article="a2", angle=10),
              _ev("The first crossing to the island of Morrow left at seven in the morning.", 0.39, angle=40))
    a = assess(es)
    assert a.status == "uncertain" and [r.split(":")[0] for r in a.reasons] == [ALONE]  # one report names it
    assert any(e.text.startswith("The first crossing") for e in a.selected)


def test_a_count_in_other_words_fits_a_how_many_question() -> None:
    from briefbot.truth.status.kinds import counted_figure, counts_in_other_words

    focus = analyse_question("How many staff had to leave the Aldwick depot when it caught fire?")
    said_otherwise = _ev("Some 65 workers were evacuated from the burning Aldwick depot.", 0.58, predicate=0.66)
    assert fits(focus, said_otherwise.text)  # "workers" says "staff" (word meaning, kinds.counts_by_meaning)
    assert counts_in_other_words(focus, said_otherwise, T)
    assert not counts_in_other_words(focus, _ev("Some 65 workers went on strike at the depot.", 0.5, predicate=0.3), T)
    assert not counted_figure(focus, "The depot reopened on May 12 after repairs.")  # a day is no count
    assert not counted_figure(focus, "The Depot Act of 2024 was passed.")
    es = _set(focus.text, said_otherwise,
              _ev("About 40 workers were evacuated from the Aldwick depot.", 0.6, article="a2", source="Post",
                  angle=20, predicate=0.7))
    a = assess(es)
    assert a.status == "uncertain" and [c.kind for _, _, c in a.conflicts] == ["number"]


def test_times_of_day_in_a_question_are_not_anchors() -> None:
    """"published at 13:41:30" says when a report came out; the index keeps days, not times."""
    from briefbot.truth.status.gates import asked_numbers

    q = "Did the Courier's report published at 13:41:30 say the footbridge had 3 lanes?"
    es = _set(q, _ev("The Courier said the footbridge has 3 lanes.", 0.6))
    assert asked_numbers(es.focus) == {"3"}
    assert missing_anchors(es, T) == []
    es = _set(q, _ev("The Courier said the footbridge has two lanes.", 0.6))
    assert missing_anchors(es, T) == ["3"]  # a number asked outside the time still counts


def test_a_multi_part_question_is_relevant_when_each_part_is_covered() -> None:
    """Two sentences, one per part, each close to its part and neither to the whole question."""
    from briefbot.truth.status.gates import parts_covered

    q = "Does the Courier say the footbridge opened, and does the Herald say the ferry stopped?"
    bridge = _ev("The footbridge opened on March 3.", 0.3, angle=0)
    ferry = _ev("The ferry stopped running in May.", 0.3, angle=90)
    parts = [np.array([1.0, 0.0], dtype=np.float32), np.array([0.0, 1.0], dtype=np.float32)]
    assert parts_covered([bridge, ferry], parts, T)
    assert not parts_covered([bridge], parts, T)  # the ferry part has no passage
    assert not parts_covered([bridge, ferry], [], T)  # a one-part question: the whole decides
    es = _set(q, bridge, ferry)
    assert nothing_relevant(es, T).status == "insufficient_evidence"
    assert nothing_relevant(es, T, parts) is None
    assert nothing_relevant(_set(q, bridge), T, parts).status == "insufficient_evidence"


def test_an_answer_other_reports_repeat_is_selected_beside_the_lead() -> None:
    """Answer redundancy: the name three reports give joins the strongest fitting sentence."""
    from briefbot.truth.status.select import select, support

    q = "Who won the Norvale rowing cup in 2024?"
    lead = _ev("The 2024 Norvale rowing cup will be presented by Mayor Halvorsen in June.", 0.8, "a1")
    winner = _ev("Ingrid Dahl wins the 2024 Norvale rowing cup.", 0.62, "a2")
    echo1 = _ev("Ingrid Dahl, the 2024 champion, trains on the lake.", 0.3, "a3")
    echo2 = _ev("Crowds cheered Ingrid Dahl in Norvale in 2024.", 0.3, "a4")
    es = _set(q, lead, winner, echo1, echo2)
    assert support(es.focus, winner, es.items) == 2  # two other reports
    assert support(es.focus, lead, es.items) == 0
    selected, fit = select(es, es.items, T, 4)
    assert selected[0] is lead and winner in selected
    # without the other reports the weaker sentence stays out (relative_keep of the best)
    selected, _ = select(_set(q, lead, winner), [lead, winner], T, 4)
    assert winner not in selected


def test_headings_are_not_selected_as_statements() -> None:
    """A title-case line names the topic and states nothing; it is passed over for the
    sentence that says something (kept only when nothing else is left)."""
    from briefbot.truth.status.select import is_heading, select, statements

    assert is_heading("2025 Norvale Rowing Cup Results & Photos ...")
    assert is_heading("NORVALE ROWING CUP 2025 · NORVALE ROWING CUP 2026")
    assert is_heading("Norvale Rowing Cup: Won by Ingrid Dahl.")  # a credit line, too (the cost)
    assert not is_heading("Ingrid Dahl wins the 2025 Norvale rowing cup.")
    assert not is_heading("Norvale.")  # one word: nothing to judge by
    q = "Who won the Norvale rowing cup in 2025?"
    heading = _ev("2025 Norvale Rowing Cup Results & Photos from Lake Vale.", 0.8, "a1")
    winner = _ev("Ingrid Dahl wins the 2025 Norvale rowing cup.", 0.6, "a2")
    es = _set(q, heading, winner)
    selected, _ = select(es, es.items, T, 4)
    assert selected == [winner]
    assert statements([heading]) == [heading]


def test_hedge_in_the_sentence_that_states_more_of_what_is_asked_counts_whatever_its_score() -> None:
    frame = analyse_question("What did Norvale officials conclude after the inspection on March 3?")
    top = _ev("The inspection of the footbridge took place on March 3.", 0.60)
    answer = _ev("Norvale officials reportedly concluded after the inspection that the deck was sound.", 0.50)
    # 0.50 / 0.60 is far from the score-share cut-off, yet it states the conclusion asked about
    assert rules.hedged_core([top, answer], 0.60, frame) == [answer]
    weaker = _ev("It is unclear how the inspection will affect the reopening.", 0.50)
    assert rules.hedged_core([top, weaker], 0.60, frame) == []  # no more of what is asked than the top one


def test_question_about_who_reported_a_claim_is_not_hedged_by_the_claim() -> None:
    frame = analyse_question("Which newspaper reported that the Norvale footbridge was closed?")
    assert frame.asks_for_source
    reported = _ev("The Courier reported that the Norvale footbridge was closed; it is unclear for how long.", 0.7)
    assert reported.hedges and rules.hedged_core([reported], 0.7, frame) == []
    assert not analyse_question("Was the Norvale footbridge closed?").asks_for_source
    assert not analyse_question("What was reported about the footbridge?").asks_for_source


def test_who_reported_question_fits_a_named_source_not_any_name() -> None:
    frame = analyse_question("Who reported that the Norvale council shelved the footbridge plan?")
    assert fits(frame, "The plan was shelved, the Valley Post reported on Tuesday.")
    assert fits(frame, "According to the Courier, the council shelved the plan.")
    assert not fits(frame, "Reports point to delays for the footbridge plan in Lakeside and Norvale.")


def test_why_question_counts_the_hedge_of_a_selected_reason() -> None:
    frame = analyse_question("Why was the Norvale footbridge closed?")
    top = _ev("The Norvale footbridge was closed on Monday.", 0.7)
    reason = _ev("One council source said the closure was due to cracks, but that has not been confirmed.", 0.4)
    assert rules.hedged_core([top, reason], 0.7, frame) == [reason]
    what = analyse_question("What happened to the Norvale footbridge?")
    assert rules.hedged_core([top, reason], 0.7, what) == []


def test_a_sentence_saying_the_reason_is_unknown_answers_why() -> None:
    from briefbot.truth.evidence import explains

    why = analyse_question("Why was the Norvale footbridge closed?")
    assert fits(why, "According to the council, it remains unclear why.")
    assert explains("The closure was due to cracks in the deck.")
    assert not explains("The footbridge closed on Monday.")


def test_that_the_reason_is_unknown_is_said_once() -> None:
    from briefbot.truth.status.kinds import explanations

    said = _ev("The footbridge was closed; the council said it remains unclear why.", 0.7)
    again = _ev("A second report said it was not clear why the footbridge shut.", 0.6, angle=80)
    reason = _ev("One source said the closure was due to cracks in the deck.", 0.6, angle=85)
    assert explanations([said, again, reason], [said], 0.36) == [reason]


def test_stronger_pending_evidence_outranks_a_date_of_another_event() -> None:
    es = _set("When will Norvale council reopen the Lakeside footbridge?",
              _ev("Norvale council will not reopen the Lakeside footbridge until repairs are finished.", 0.8),
              _ev("The Lakeside footbridge was built in Norvale on March 3, 1990.", 0.45, article="a2", angle=70))
    a = assess(es)
    assert a.status == "uncertain", a.reasons
    assert a.selected[0].text.startswith("Norvale council will not reopen")
    dated_first = _set("When will Norvale council reopen the Lakeside footbridge?",
                       _ev("Norvale council will reopen the Lakeside footbridge on March 3.", 0.8),
                       _ev("Norvale council will not reopen other bridges until repairs are finished.", 0.5,
                           article="a2", angle=70))
    assert rules.pending_over_value(dated_first.focus, dated_first.items, dated_first.items[:1], T) == []


# --- support judged by what the lead sentence covers, not by its similarity alone -----------

def test_thin_score_is_enough_when_the_lead_sentence_covers_the_question() -> None:
    lead = _ev("Mayor Halvorsen opened the Lakeside footbridge on March 3.", 0.45)
    es = _set("On what day did Mayor Halvorsen open the footbridge?", lead)
    assert rules.covers_question(es.focus, lead, T)
    assert rules.thin_support(es, T, [lead]) is None
    assert rules.thin_support(es, T) is not None  # nothing selected: the score decides


def test_thin_score_stays_thin_without_a_name_the_kind_or_under_a_hedge() -> None:
    ask = "On what day did Mayor Halvorsen open the footbridge?"
    for text in ("The Lakeside footbridge opened on March 3.",             # the asked name is absent
                 "Mayor Halvorsen opened the Lakeside footbridge.",          # no date
                 "Mayor Halvorsen reportedly opened the footbridge on March 3."):  # hedged
        lead = _ev(text, 0.45)
        assert rules.thin_support(_set(ask, lead), T, [lead]) is not None, text
    weak = _ev("Mayor Halvorsen opened the Lakeside footbridge on March 3.", 0.3)  # under min_score
    assert rules.thin_support(_set(ask, weak), T, [weak]) is not None


def test_coverage_does_not_apply_to_questions_without_a_checkable_answer_form() -> None:
    lead = _ev("Mayor Halvorsen opened the Lakeside footbridge on March 3.", 0.45)
    es = _set("What is the Lakeside footbridge in Norvale like?", lead)
    assert not rules.covers_question(es.focus, lead, T)


def test_say_question_covered_by_the_speakers_quoted_words() -> None:
    lead = _ev('Speaking to reporters, Halvorsen put it this way: "We are pressing pause on the footbridge."', 0.46)
    es = _set("What did Halvorsen tell reporters about pausing the footbridge work?", lead)
    assert rules.thin_support(es, T, [lead]) is None
    other = _ev('Speaking to reporters, the council put it this way: "We are pressing pause on the footbridge."', 0.46)
    assert rules.thin_support(_set("What did Halvorsen tell reporters about the footbridge?", other),
                              T, [other]) is not None


# --- the asked detail: extents and amounts ---------------------------------------------

def test_pending_hedge_counts_for_an_extent_question() -> None:
    pending = _ev("The damage to the Norvale depot is still being assessed.", 0.7)
    assert pending.hedges == ["pending"]
    extent = analyse_question("How badly was the Norvale depot hit by the storm?")
    manner = analyse_question("What hit the Norvale depot?")
    assert extent.kind == "what" and extent.asks_extent
    assert rules.hedged_core([pending], 0.7, extent) == [pending]
    assert rules.hedged_core([pending], 0.7, manner) == []


def test_amount_question_in_noun_form_finds_the_number_conflict() -> None:
    es = _set("What was the bill for repairing the Norvale depot?",
              _ev("The Norvale depot reopened on May 12 after repairs.", 0.7),
              _ev("Repairs to the Norvale depot cost 4.2 million crowns.", 0.45, article="a2", source="Echo"),
              _ev("The Norvale depot repairs came to 3.8 million crowns.", 0.44, article="a3", source="Ledger"))
    assert es.focus.kind == "how_many" and es.focus.asks_amount
    a = assess(es)
    assert a.status == "uncertain" and a.conflicts, a.reasons
    assert {e.article_id for e in a.selected} >= {"a2", "a3"}


# --- a future "when": periods counted from the report's day -------------------------------

def test_relative_period_dates_a_future_event_only_in_a_sentence_about_the_future() -> None:
    future = analyse_question("When does the Norvale council plan to reopen the footbridge?")
    past = analyse_question("When did the Norvale council close the footbridge?")
    reported = "Reports this week point to delays at the Norvale footbridge."
    assert fits(past, reported)
    assert not fits(future, reported)
    assert fits(future, "The Norvale council will reopen the footbridge next week.")
    assert fits(future, "The footbridge reopened on March 3.")  # a calendar date: judged by the pending rule


def test_future_when_with_only_a_report_period_lets_the_condition_lead() -> None:
    es = _set("When does the Norvale council plan to reopen the footbridge?",
              _ev("Reports this week point to delays at the Norvale footbridge.", 0.63),
              _ev("The Norvale council will not reopen the footbridge until the inspection is done.", 0.6,
                  article="a2", angle=30))
    a = assess(es)
    assert a.status == "uncertain", a.reasons
    assert "until" in a.selected[0].text


def test_question_form_tells_extent_amount_and_future() -> None:
    def frame(q: str):
        return analyse_question(q)
    assert frame("How badly was the depot hit?").asks_extent
    assert frame("Do we know how serious is the damage?").asks_extent
    assert not frame("How did Velmark Steel respond?").asks_extent      # how + auxiliary: a manner
    assert not frame("How exactly did the council decide?").asks_extent
    assert frame("What was the extent of the flood damage in Norvale?").asks_extent
    assert frame("What is the scale of the losses?").asks_extent
    assert not frame("What was the view from the new footbridge?").asks_extent
    assert frame("What was the cost of the repairs?").kind == "how_many"
    assert frame("What was the death toll of the storm?").asks_amount
    assert frame("What is the bill about?").kind == "what"               # legislation, no amount asked
    assert frame("When will the Senate vote?").asks_future
    assert frame("When does the council plan to reopen it?").asks_future
    assert not frame("When did the council reopen it?").asks_future
    assert frame("When is the Norvale board due to publish its report?").asks_future
    assert not frame("When was the parade postponed due to the storm?").asks_future
    assert frame("What is the bill for?").kind == "what"
