"""A model answer keeps the evidence's values (writing/coverage.py)."""

from __future__ import annotations

from briefbot.language.question import analyse_question
from briefbot.writing.coverage import complete, lead_dropped, missing_values, numbers, quoted_spans
from briefbot.writing.model_prompt import shown_view


def test_values_are_numbers_and_quoted_runs() -> None:
    assert numbers("It cost 1,500 crowns on March 3, up 2.5%") == {"1500", "3", "2.5"}
    assert quoted_spans('He said: "At the moment, we are pressing the pause button."') == [
        "at the moment we are pressing the pause button"]
    assert quoted_spans('the "Acme" plan') == []  # a one-word quote is a name, not speech


def test_a_dropped_side_of_a_disagreement_is_added_back() -> None:
    kept = [("The footbridge opened on March 3, according to the council.", [1])]
    extractive = [("The footbridge opened to the public on March 5, the transport office said.", [1]),
                  ("The footbridge opened to the public on March 3, the council said.", [2])]
    assert complete(kept, extractive) == [extractive[0]]


def test_reworded_values_add_nothing() -> None:
    kept = [("Hale said the bill was paused, calling it “pressing the pause button”.", [2])]
    extractive = [('Hale told reporters: "At the moment, pressing the pause button."', [2])]
    assert missing_values(extractive[0][0], kept[0][0])  # the quote's other words are missing
    kept2 = [('Hale said: "At the moment, pressing the pause button."', [2])]
    assert complete(kept2, extractive) == []
    assert complete([("The bill was introduced on April 1.", [1])],
                    [("It was introduced on April 1.", [1])]) == []
    assert complete([("It was stalled.", [1])], [("It was stalled for a long time.", [1])]) == []


def test_an_added_sentence_counts_as_said() -> None:
    extractive = [("It opened on March 5.", [1]), ("The office said it opened on March 5.", [2])]
    assert complete([("It opened.", [1])], extractive) == [extractive[0]]


def test_a_model_answer_that_drops_the_lead_gets_it_back() -> None:
    # asked why: the model restates the event; the extractive lead gives the (hedged) reason
    lead = ("It remains unclear why the hearing was put off; one official said the two sides had "
            "differing expectations.")
    kept = [("The Carrow Gazette reported that the planned hearing has been put off, citing an official.", [1])]
    question = "why was the hearing put off"
    assert lead_dropped(lead, kept[0][0], question)
    assert complete(kept, [(lead, [2]), ("The hearing was set for May.", [1])], question) == [(lead, [2])]
    # a reworded lead that keeps its substance adds nothing; only the lead is held to this
    reworded = [("An official said the sides had differing expectations, and it is unclear why the hearing "
                 "was put off.", [2])]
    assert not lead_dropped(lead, reworded[0][0], question)
    assert complete(reworded, [(lead, [2]), ("Officials met at the court house.", [1])], question) == []


def test_a_model_answer_that_drops_the_leads_hedge_gets_the_lead_back() -> None:
    lead = "The Carrow Gazette reported that the hearing has been put off; it remains unclear why."
    kept = [("The Carrow Gazette reported that the hearing has been put off, citing an official.", [1])]
    assert lead_dropped(lead, kept[0][0], "why was the hearing put off")
    assert not lead_dropped(lead, "The hearing was put off and it is unclear why, the Gazette said.",
                            "why was the hearing put off")


def test_an_uncertain_answer_keeps_every_side_the_extractive_answer_gives() -> None:
    """Each sentence of an uncertain extractive answer is a side or a hedge: a model that keeps
    the first and drops the second has settled what the reports leave open."""
    question = "why was the harbour vote delayed"
    extractive = [("The harbour vote was delayed, and it remains unclear why.", [1]),
                  ("One source said the two councils had different plans for the quay.", [2])]
    kept = [("The harbour vote was delayed; it remains unclear why.", [1])]
    assert complete(kept, extractive, question) == []  # answered-style: only the lead is checked
    assert complete(kept, extractive, question, every=True) == [extractive[1]]
    both = kept + [("A source pointed to different plans of the two councils for the quay.", [2])]
    assert complete(both, extractive, question, every=True) == []


def test_a_model_sentence_that_repeats_another_is_found() -> None:
    from briefbot.writing.coverage import repeats
    first = "The agency reported that the harbour vote was delayed, citing an official."
    fuller = "The agency, citing an official, reported that the harbour vote was delayed; it is unclear why."
    assert repeats([first, fuller]) == [0]  # the shorter says nothing the fuller does not
    assert repeats([fuller, first]) == [1]
    assert repeats([first, first]) == [1]  # of two equal ones, the later goes
    assert repeats([first, "Two councils had different plans for the quay."]) == []
    # the question's own words do not make two different answers repeats
    assert repeats(["The vote was delayed over cost.", "The vote was delayed by the council."],
                   "when was the vote delayed") == []


def test_a_model_sentence_an_added_extractive_sentence_already_says_is_found() -> None:
    from briefbot.writing.coverage import subsumed
    model = ["The harbour vote was delayed, and it is unclear why.", "Two councils disagree about the quay."]
    added = ["The agency, citing an official, reported that the harbour vote was delayed; it is unclear why."]
    assert subsumed(model, added) == [0]
    assert subsumed(model, []) == []


def test_the_model_is_held_to_the_quote_as_it_was_shown() -> None:
    # "when was it introduced?": the prompt showed the quote without its concessive clause, so the
    # figure there is not demanded of the model; the whole sentence is still what would be added
    question = "When was the ferry act introduced?"
    lead = "The act was introduced on April 1 and has long been stalled, even though at least 85 mayors back it."
    kept = [("The ferry act was introduced on April 1 and has long been stalled.", [1])]
    view = shown_view(analyse_question(question))
    assert view is not None and "85" not in view(lead)
    # a "when" question: only the asked date is demanded, even of the whole sentence (not the count)
    assert complete(kept, [(lead, [1])], question) == []
    assert complete(kept, [(lead, [1])], question, view=view) == []
    # a value in the clause the question asks about is still demanded
    assert complete([("The ferry act has long been stalled.", [1])], [(lead, [1])], question, view=view) == \
        [(lead, [1])]


def test_a_count_or_date_question_demands_the_asked_value_not_the_sentences_other_figures() -> None:
    from briefbot.writing.coverage import asked_numbers

    lead = "The act was introduced on April 1 and has long been stalled, even though at least 85 mayors back it."
    question = "How many mayors back the ferry act?"
    assert asked_numbers(lead, analyse_question(question)) == {"85"}
    assert asked_numbers(lead, analyse_question("When was the ferry act introduced?")) == {"1"}
    assert asked_numbers(lead, analyse_question("Who backs the ferry act?")) is None  # every number counts
    assert complete([("85 mayors back the ferry act.", [1])], [(lead, [1])], question) == []
    assert complete([("Many mayors back the ferry act.", [1])], [(lead, [1])], question) == [(lead, [1])]
    # an uncertain answer's sentences are sides: every value is still demanded
    assert complete([("85 mayors back the ferry act.", [1])], [(lead, [1])], question, every=True) == [(lead, [1])]


def test_a_lead_that_reports_who_says_it_needs_a_report_verb_kept() -> None:
    lead = "Velmar aims to halt the decline in its catch by 2030 by opening new grounds, a regional paper said."
    question = "By what year does Velmar aim to halt the decline in its catch?"
    assert complete([("By 2030, Velmar aims to halt the decline in its catch.", [1])], [(lead, [1])], question) \
        == [(lead, [1])]
    assert complete([("Velmar aims to halt the decline by 2030, a regional paper said.", [1])], [(lead, [1])],
                    question) == []


def test_one_unnamed_source_is_not_made_several() -> None:
    from briefbot.writing.coverage import hedge_dropped

    lead = "Osk is unlikely to back the plan next week, according to one of Courier's sources."
    assert not hedge_dropped(lead, "One of Courier's sources said Osk is unlikely to back the plan next week.")
    assert hedge_dropped(lead, "According to Courier's sources, Osk is unlikely to back the plan next week.")
    assert hedge_dropped(lead, "The Courier said Osk is unlikely to back the plan next week.")
    assert hedge_dropped(lead, "According to sources, Osk will back the plan next week.")  # "unlikely" dropped


def test_an_uncertain_answer_keeps_who_says_each_side() -> None:
    # one report alone gives it: the answer is uncertain, and the model may not say it bare
    lead = "Tarrow Rail won a safety award, according to a regional news report."
    bare = [("Tarrow Rail won a safety award.", [1])]
    assert complete(bare, [(lead, [1])], "What award did Tarrow Rail win?", every=True) == [(lead, [1])]
    told = [("A regional news report said Tarrow Rail won a safety award.", [1])]
    assert complete(told, [(lead, [1])], "What award did Tarrow Rail win?", every=True) == []
