"""Answerhood (issue 17 item 3): a sentence fills the asked slot, or it is merely on topic.

Hand-built evidence with the real spaCy parse (no model scores: they are set by hand).
Sentences are our own, written for these tests.
"""

from __future__ import annotations

import numpy as np

from briefbot.language.parse import parse
from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import Thresholds, assess
from briefbot.truth.status.select import statements
from briefbot.truth.status.slot import (
    asked_class as asks_class_of,
)
from briefbot.truth.status.slot import (
    asked_participants,
    asks_doer,
    asks_name,
    counts_patients,
    covered_topic,
    credited,
    fillers,
    fills_slot,
    in_role,
    lead_with_filler,
    outlet_names,
    question_heads,
    says_not_given,
    slot_heads,
    slot_kind,
    slot_unfilled,
    story_words,
)

T = Thresholds()


def _ev(text: str, score: float = 0.6, article: str = "a1", title: str = "Norvale council news",
        predicate: float | None = None, similarity: float = 0.45) -> Evidence:
    ev = Evidence(article_id=article, chunk_id=f"{article}::0", title=title, source="Courier", url=None,
                  published="2025-03-06", text=text, start=0, end=len(text))
    ev.score = score
    ev.similarity = similarity
    ev.predicate = predicate
    ev.hedges = list(ev.features.hedges)
    ev.vector = np.array([1.0, 0.0], dtype=np.float32)
    return ev


def _set(question: str, *items: Evidence) -> EvidenceSet:
    return EvidenceSet(analyse_question(question), list(items), np.array([1.0, 0.0], dtype=np.float32), 3, 3)


def test_story_words_are_those_most_articles_share() -> None:
    items = [_ev("The council staff wrote about the budget.", article="a1"),
             _ev("Council staff walked out over the budget on Friday.", article="a2"),
             _ev("The budget vote was delayed.", article="a3")]
    assert {"budget", "council", "staff"} <= story_words(items)
    assert "walk" not in story_words(items)


def test_slot_heads_are_the_asked_words_the_story_does_not_share() -> None:
    items = [_ev("Council staff sent nothing.", article="a1"), _ev("The council staff met on Friday.", article="a2"),
             _ev("Council staff were angry.", article="a3")]
    heads = slot_heads(analyse_question("when did council staff send the letter"), items)
    assert heads == {"letter"}  # of the asked words the story does not share, the rarest in the passages


def test_a_date_of_another_event_does_not_fill_a_when_slot() -> None:
    q = "when did council staff send the letter"
    items = [_ev("Council staff met the mayor on Saturday and marched on Sunday.", article="a1"),
             _ev("The council staff were angry about pay.", article="a2"),
             _ev("Council staff staged a walkout.", article="a3")]
    es = _set(q, *items)
    heads = slot_heads(es.focus, items)
    assert not fills_slot(es.focus, items[0], heads, T)
    dated = _ev("The letter was sent to the mayor on Friday, staff said.", article="a4")
    assert fills_slot(es.focus, dated, heads, T)
    close = _ev("Council staff met the mayor on Saturday.", similarity=0.7)  # says it all in other words
    assert fills_slot(es.focus, close, heads, T)


def test_a_question_sentence_never_answers() -> None:
    q = analyse_question("who replaced Dana Pike as interim head of the agency")
    headline = _ev("Who is Lee Grant, the interim head replacing Dana Pike?")
    assert not fills_slot(q, headline, frozenset({"replac"}), T)
    assert statements([headline, _ev("Lee Grant replaced Dana Pike as interim head on Monday.")])[0] is not headline


def test_who_needs_a_new_name_in_the_asked_role() -> None:
    q = analyse_question("who was the mayor's lawyer")
    assert in_role(q, "The mayor's lawyer, Robert Hughes, said the case was weak.")
    assert not in_role(q, "The mayor's lawyer said the case was weak, and Robert Hughes, a council member, agreed.")


def test_name_questions_are_who_questions() -> None:
    q = analyse_question("what are the names of the workers who were fired")
    assert asks_name(q)
    assert not in_role(q, "Acme fired ten workers, and a senior executive, Mary Jones, called their acts disgusting.")


def test_on_topic_passages_that_fill_no_slot_make_the_answer_uncertain_and_say_so() -> None:
    q = "when did council staff send the letter"
    items = [_ev("Council staff met the mayor on Saturday.", 0.7, article="a1", title="Council staff revolt"),
             _ev("The council staff marched on Sunday.", 0.66, article="a2"),
             _ev("Council staff staged a walkout on Monday.", 0.64, article="a3")]
    es = _set(q, *items)
    reason = slot_unfilled(es, items[:2], T)
    assert reason is not None and reason.endswith("but none says when council staff sent the letter")
    assert "revolt" not in reason  # what the passages cover, in their words: never an article title
    result = assess(es)
    assert result.status == "uncertain"
    assert any(r.startswith("the reports cover") for r in result.reasons)


def test_a_sentence_that_fills_the_slot_keeps_it_answered() -> None:
    items = [_ev("The council staff sent the letter to the mayor on Friday.", 0.7, article="a1"),
             _ev("Council staff met the mayor on Saturday.", 0.6, article="a2")]
    es = _set("when did council staff send the letter", *items)
    assert slot_unfilled(es, items[:1], T) is None


def test_the_note_names_the_story_in_plain_words_and_asks_in_an_indirect_clause() -> None:
    items = [_ev("Acme Rail fired ten workers after the Hale video came out.", 0.7, article="a1",
                 title="CLOSE Acme Rail under fire as animal group rele"),
             _ev("Acme Rail said the workers in the video broke its rules.", 0.66, article="a2"),
             _ev("The video was filmed by an animal group working with Hale.", 0.64, article="a3")]
    es = _set("whats the name of the acme rail workers who got fired", *items)
    reason = slot_unfilled(es, items, T)
    assert reason is not None and says_not_given(reason)
    assert "CLOSE" not in reason and "rele" not in reason
    assert reason.startswith("the reports cover Acme Rail")
    assert "the video" not in reason  # a noun the question never says is no topic (before: a third item)
    assert reason.endswith("but none gives the name of the Acme Rail workers who got fired")


def test_a_figure_of_another_thing_does_not_fill_how_many() -> None:
    q = analyse_question("how many staff did Acme sack over the footage")
    other = _ev("The footage was filmed at four depots where Acme employees pack fish.")
    assert not fills_slot(q, other, frozenset({"sack", "staff"}), T)
    counted = _ev("Acme says it has dismissed twelve workers over the footage.")
    assert fills_slot(q, counted, frozenset({"sack", "staff"}), T)


def test_how_much_needs_money_and_a_percentage_answers_only_a_share() -> None:
    q = analyse_question("how much money do Norvale residents owe on water bills in total")
    heads = frozenset({"owe"})
    assert not fills_slot(q, _ev("Nearly 40 percent of Norvale accounts owe money on water bills."), heads, T)
    assert fills_slot(q, _ev("Norvale residents owe $120 million on water bills in total."), heads, T)


def test_how_old_needs_an_age_of_the_asked_person() -> None:
    q = analyse_question("how old was the woman whose ring was stolen")
    assert slot_kind(q) == "age"
    assert not fills_slot(q, _ev("A woman walked in and stole the ring from the casket."), frozenset(), T)
    assert fills_slot(q, _ev("She was 91, her daughter said."), frozenset(), T)


def test_which_x_needs_a_named_member_and_the_asked_participant() -> None:
    q = analyse_question("which poll did Hale point to showing Orsen ahead")
    assert slot_kind(q) == "class" and asks_class_of(q) == "poll"
    assert asked_participants(q) == {"hale"}
    items = [_ev("A Carrow University poll found Orsen ahead by 11 points.", article="a1"),
             _ev("Hale pointed to the Carrow University poll, which found Orsen ahead.", article="a2")]
    es = _set(q.text, *items)
    assert fillers(es, items, T) == [items[1]]
    weapon = analyse_question("what weapon did the shooter use")
    assert not fills_slot(weapon, _ev("The shooter was named as Ada Holm, 26."), frozenset(), T)
    assert fills_slot(weapon, _ev("The shooter used a 9 mm Korda pistol, police said."), frozenset(), T)


def test_where_needs_a_place_of_the_asked_event() -> None:
    q = analyse_question("where did she buy the gun")
    heads = frozenset({"buy"})
    assert not fills_slot(q, _ev("Hale was shot outside a grocery store in Tucson in 2011."), heads, T)
    assert fills_slot(q, _ev("She bought the pistol at a gun shop in Carrow last year."), heads, T)


def test_yes_no_needs_the_predicate_stated_or_denied() -> None:
    q = analyse_question("have any of the Acme workers been charged")
    assert slot_kind(q) == "yes_no"
    topical_only = _ev("A spokesman declined to say whether the company wants to see the workers charged.")
    assert not fills_slot(q, topical_only, frozenset(), T)
    assert fills_slot(q, _ev("No charges have been filed, police said."), frozenset(), T)
    items = [topical_only, _ev("Acme workers were filmed kicking birds.", 0.58, article="a2"),
             _ev("No charges have been filed, police said.", 0.4, article="a3")]
    result = assess(_set(q.text, *items))
    assert result.selected[0].text.startswith("No charges")  # the denial leads


def test_yes_no_in_other_words_but_not_for_an_alternative_question() -> None:
    said_otherwise = _ev("Hale has said he is prepared to seek a further term as mayor in 2027.", predicate=0.7)
    q = analyse_question("Does Hale intend to stand for re-election in 2027?")
    assert fills_slot(q, said_otherwise, frozenset({"intend"}), T)
    alternative = analyse_question("is Hale running again in 2027 or retiring")
    assert not fills_slot(alternative, _ev("This is too common a problem to push aside as a few bad apples.",
                                           predicate=0.7), frozenset({"retir"}), T)


def test_how_long_needs_a_duration_of_the_asked_event() -> None:
    q = analyse_question("how long was the Carrow road closed")
    assert slot_kind(q) == "duration"
    heads = frozenset({"clos"})
    assert not fills_slot(q, _ev("The mayor of Carrow left after a two-hour meeting."), heads, T)
    assert not fills_slot(q, _ev("Four people were hurt when the Carrow road was closed."), heads, T)
    assert fills_slot(q, _ev("The Carrow road was closed for two days after the crash."), heads, T)
    assert fills_slot(q, _ev("Traffic was stopped for 11 days, officials said.", similarity=0.65), heads, T)


def test_a_name_question_needs_the_name_of_the_asked_noun_itself() -> None:
    q = analyse_question("whats the name of the embassy official police want to question")
    assert not in_role(q, "Ada Holm is the name on the passport, but a Carrowan official said he is someone else.")
    assert not in_role(q, "Police are seeking the second secretary of Norvale's embassy and an airline employee.")
    assert in_role(q, "Police want to question the embassy official, Ivo Brand, about the attack.")
    assert in_role(q, "The embassy official police want to question is Ivo Brand.")


def test_who_did_x_remove_as_role_is_the_object_not_the_new_holder() -> None:
    q = analyse_question("who did Hale get rid of as campaign manager")
    assert not in_role(q, "Hale has added Ada Holm, now campaign manager, to his team.")
    assert not in_role(q, "Former campaign manager Ivo Brand will remain chairman.")
    assert in_role(q, "Hale got rid of Lee Grant in June.")
    assert in_role(analyse_question("who replaced Dana Pike as interim head"),
                   "Lee Grant, the new interim head, replaced Dana Pike on Monday.")
    assert in_role(analyse_question("who was the shooter at the depot"),
                   "Police identified the depot shooter as Ada Holm, 26, of Carrow.")


def test_why_needs_a_reason_of_the_asked_event() -> None:
    q = analyse_question("why was the Carrow depot closed")
    assert slot_kind(q) == "why"
    heads = frozenset({"clos"})
    assert not fills_slot(q, _ev("The Carrow depot was closed on Friday, officials said."), heads, T)
    assert not fills_slot(q, _ev("Acme fired ten Carrow workers over the video."), heads, T)
    assert fills_slot(q, _ev("The Carrow depot was closed because of a gas leak."), heads, T)
    assert fills_slot(q, _ev("It is unclear why the Carrow depot was shut."), heads, T)
    items = [_ev("The Carrow depot was closed on Friday.", 0.7, article="a1"),
             _ev("Acme opened the Carrow depot in 2009.", 0.66, article="a2")]
    result = assess(_set(q.text, *items))
    assert result.status == "uncertain" and any(r.startswith("the reports cover") for r in result.reasons)


def test_what_happened_after_is_a_slot_of_its_own() -> None:
    q = analyse_question("what happened to the bear after it bit him")
    assert slot_kind(q) == "happened"
    assert not fills_slot(q, _ev("The hiker shows his leg after being attacked by a bear."), frozenset(), T)
    assert fills_slot(q, _ev("The bear escaped into the forest."), frozenset(), T)
    assert slot_kind(analyse_question("What happened to the Carrow bill in the Senate?")) is None


def test_a_name_after_a_preposition_of_another_participant_is_not_in_the_role() -> None:
    q = analyse_question("who won the Carrow Cup final in 2031")
    assert not in_role(q, "Norvale were crowned champions after a 2-0 win over Estmark on Sunday.")
    assert not in_role(q, "Norvale celebrated the win with Estmark fans in the square.")
    assert in_role(q, "The Carrow Cup final was won by Estmark on Sunday.")
    assert in_role(analyse_question("who was the trophy awarded to"), "The trophy was awarded to Ada Holm.")


def test_the_question_own_name_with_an_article_is_not_a_new_name() -> None:
    q = analyse_question("who won the 2031 Carrow Rally")
    assert not in_role(q, "Ada Holm made history when she became the youngest winner of the Carrow Rally.")


def test_the_subject_of_a_verb_is_the_subject_of_its_to_clause() -> None:
    q = analyse_question("who won the Carrow Cup final in 2031")
    assert in_role(q, "Ada Holm beat Lee Grant in three sets to win the Carrow Cup final in 2031.")
    assert not in_role(q, "Ada Holm asked Lee Grant to win the Carrow Cup final in 2031.")


def test_a_sentence_about_another_year_fills_no_slot_of_a_question_that_names_one() -> None:
    q = analyse_question("who won the Carrow Cup in 2031")
    heads = frozenset({"win"})
    assert not fills_slot(q, _ev("Ada Holm won the Carrow Cup in 2029, beating Lee Grant."), heads, T)
    assert not fills_slot(q, _ev("Headlining the field is 2030 Carrow Cup winner Ada Holm."), heads, T)
    assert fills_slot(q, _ev("Ada Holm won the Carrow Cup in 2031, a year after losing the 2030 final."), heads, T)
    # no year of its own: its report's date decides ("on Sunday" of a report published in 2025 is a 2025 win)
    assert not fills_slot(q, _ev("Ada Holm won the Carrow Cup on Sunday."), heads, T)


def test_a_name_that_did_the_asked_thing_to_a_part_of_the_named_thing_is_not_in_the_role() -> None:
    q = analyse_question("who won the 2031 Carrow Rally")
    assert not in_role(q, "Ada Holm sprinted clear to win the final stage of the 2031 Carrow Rally.")
    assert not in_role(q, "Ada Holm won the final stage of the Carrow Rally.")
    assert in_role(q, "Ada Holm won the Carrow Rally for the second year running.")


def test_a_sentence_about_another_one_of_a_numbered_series_fills_no_slot() -> None:
    q = analyse_question("when did the first season of Harbour Lights premiere")
    heads = frozenset({"premier"})
    assert not fills_slot(q, _ev("The tenth and final season of Harbour Lights premiered on March 4."), heads, T)
    assert fills_slot(q, _ev("The first season of Harbour Lights premiered on March 4."), heads, T)
    q = analyse_question("when does season 4 of harbour lights premiere")
    assert fills_slot(q, _ev("The fourth season of Harbour Lights premieres on March 4."), heads, T)
    assert not fills_slot(q, _ev("Season 3 of Harbour Lights premiered on March 4."), heads, T)


def test_how_many_counts_those_done_to_when_the_question_is_passive_or_asks_an_object() -> None:
    assert counts_patients(analyse_question("how many suspects are being held over the attack"))
    assert counts_patients(analyse_question("how many staff did acme sack"))
    assert not counts_patients(analyse_question("how many workers went on strike"))
    q = analyse_question("how many suspects are being held over the attack")
    heads = frozenset({"held"})
    assert not fills_slot(q, _ev("The two suspects wiped their hands on a towel after the attack."), heads, T)
    assert fills_slot(q, _ev("Police have three suspects in custody over the attack."), heads, T)


def test_a_class_with_modifiers_is_asked_by_its_head_noun() -> None:
    q = analyse_question("what security firm carried out the rescue")
    assert asks_class_of(q) == "firm" and slot_kind(q) == "class"
    assert asks_class_of(analyse_question("what the police found at the depot")) is None  # no class asked
    heads = frozenset({"carri"})
    unnamed = _ev("Days later the university hired a security firm, which arranged the rescue.")
    assert not fills_slot(q, unnamed, heads, T)  # the class is used but no member of it is named
    named = _ev("Norgard Guard, a private security firm, carried out the rescue in two days.")
    assert fills_slot(q, named, heads, T)


def test_the_doer_asked_by_a_class_question_is_not_the_one_it_was_done_to() -> None:
    q = analyse_question("what security firm carried out the rescue")
    assert asks_doer(q)
    assert not asks_doer(analyse_question("what security firm did the university hire"))
    done_to = _ev("The dean found a firm that could go in with armed guards and rescue Vera Lund and her children.")
    assert not fills_slot(q, done_to, frozenset({"carri"}), T)


def test_a_role_narrowed_by_a_relative_clause_needs_the_clause() -> None:
    q = analyse_question("what was the name of the guard who opened the gate")
    assert slot_kind(q) == "who"
    heads = slot_heads(q, [_ev("The guard was found asleep.")])
    other_guard = _ev("The guard on the night shift, Ada Holm, was found asleep at the depot.")
    assert not fills_slot(q, other_guard, heads, T)  # a guard, but not the one who opened the gate
    asked_guard = _ev("The guard who opened the gate, Ada Holm, was suspended on Monday.")
    assert fills_slot(q, asked_guard, heads, T)


def test_a_name_asked_last_is_a_name_question() -> None:
    q = analyse_question("whats the farmers wifes name")
    assert asks_name(q) and slot_kind(q) == "who"
    heads = slot_heads(q, [_ev("The farmer and his wife sold the land.")])
    assert not fills_slot(q, _ev("The farmer lived with his Norvale-born wife near the border."), heads, T)
    assert fills_slot(q, _ev("The farmer's wife, Mara Venn, said the land was sold."), heads, T)


def test_a_when_sentence_close_only_by_its_masked_predicate_must_date_the_asked_event() -> None:
    q = analyse_question("when did the retired harbour pilot die")
    heads = frozenset({"retir", "harbour", "pilot", "die"})
    other_event = _ev("Ostberg, a retired harbour pilot for decades, was at the centre of claims he sank a ferry "
                      "in 1987.", predicate=0.68, similarity=0.46)
    assert not fills_slot(q, other_event, heads, T)  # close in its masked predicate, dated for another event
    dated = _ev("Ostberg, a retired harbour pilot, died last week in Norvale, his lawyer said.",
                predicate=0.68, similarity=0.46)
    assert fills_slot(q, dated, heads, T)


def test_a_figure_question_needs_a_figure_not_a_sentence_about_the_vote() -> None:
    q = analyse_question("what was the final tally in the council vote")
    assert slot_kind(q) == "figure"
    assert slot_kind(analyse_question("what is the number of times he was arrested")) == "how_many"
    heads = frozenset({"council", "vote"})
    assert not fills_slot(q, _ev("The council voted along party lines on Monday to close the depot."), heads, T)
    assert not fills_slot(q, _ev("In this Jan. 23, 2018, file photo, the council votes on the depot."), heads, T)
    assert fills_slot(q, _ev("The council voted 7-4 on Monday to close the depot."), heads, T)
    plate = analyse_question("what was the license plate number of the car")
    assert slot_kind(plate) == "figure"
    assert not fills_slot(plate, _ev("Shots of the car's license plate can be enhanced, the family said."),
                          frozenset({"licens", "plate"}), T)


def test_a_what_day_question_is_not_filled_by_a_month_or_a_since() -> None:
    q = analyse_question("what day did the ferry line switch to the new timetable")
    heads = frozenset({"ferri", "line", "switch", "timet"})
    month = _ev("In June, the ferry line started testing the new timetable in two ports.", similarity=0.7)
    since = _ev("The ferry line has switched timetables twice since early 2017.", similarity=0.7)
    day = _ev("The ferry line switches to the new timetable on Tuesday, the company said.", similarity=0.7)
    assert not fills_slot(q, month, heads, T) and not fills_slot(q, since, heads, T)
    assert fills_slot(q, day, heads, T)
    assert fills_slot(analyse_question("when did the ferry line test the new timetable"), month, heads, T)


def test_what_did_x_say_needs_x_as_the_speaker() -> None:
    q = analyse_question("How did Hale respond to the audit report")
    assert slot_kind(q) == "say"
    heads = slot_heads(q, [])
    assert not fills_slot(q, _ev("It caused a stir when Orsen, who was fired after clashing with Hale over "
                                 "strategy, tweeted a link to the audit report."), heads, T)
    assert not fills_slot(q, _ev("Hale's role in the audit has come under scrutiny."), heads, T)
    assert fills_slot(q, _ev("Hale dismissed the audit report as a smear."), heads, T)
    assert fills_slot(q, _ev("\"The audit is wrong,\" a Hale spokesman said."), heads, T)
    items = [_ev("Orsen, who clashed with Hale over strategy, tweeted a link to the audit report.", 0.7),
             _ev("The audit report lists payments to Hale.", 0.66, article="a2")]
    result = assess(_set(q.text, *items))
    assert result.status == "uncertain" and any(r.startswith("the reports cover") for r in result.reasons)


def test_which_x_did_a_participant_pick_needs_the_participant_as_its_doer() -> None:
    q = analyse_question("Which poll did Hale point to")
    assert slot_kind(q) == "class"
    heads = slot_heads(q, [])
    assert fills_slot(q, _ev("Hale pointed to a Carrow University poll."), heads, T)
    assert not fills_slot(q, _ev("Hale is trailing badly, a Carrow University poll found."), heads, T)
    assert not fills_slot(q, _ev("Hale questioned polls that show Orsen leading the Carrow University race."),
                          heads, T)


def test_which_x_with_a_verb_that_shows_no_ending() -> None:
    assert asks_class_of(analyse_question("which journal ran the weight study")) == "journal"
    assert asks_class_of(analyse_question("which team won the cup")) == "team"
    assert asks_doer(analyse_question("which journal ran the weight study"))
    q = analyse_question("which journal ran the weight study")
    heads = slot_heads(q, [])
    assert fills_slot(q, _ev("The study, paid for by Acme, is in the Carrow Journal of Medicine."), heads, T)
    assert not fills_slot(q, _ev("The weight study followed 900 patients for five years."), heads, T)


def test_what_killed_x_needs_a_cause_of_xs_death() -> None:
    q = analyse_question("What killed Hale")
    assert slot_kind(q) == "cause"
    heads = slot_heads(q, [])
    assert fills_slot(q, _ev("Hale died at 90 after a long illness, his lawyer said."), heads, T)
    assert not fills_slot(q, _ev("Prosecutors charged Hale over the 1950 killing of villagers in Carrow."), heads, T)
    assert not fills_slot(q, _ev("Hale died last week, his lawyer said."), heads, T)


def test_why_needs_a_reason_of_the_asked_change_not_a_complement_or_a_sequence() -> None:
    q = analyse_question("why is Acme changing its boarding rules")
    heads = frozenset({"chang"})
    assert not fills_slot(q, _ev("Acme has become the latest airline to tweak the way it calls passengers to board "
                                 "its planes."), heads, T)
    assert not fills_slot(q, _ev("Acme says it is making the change after testing several boarding ideas."), heads, T)
    assert fills_slot(q, _ev("Acme is changing its boarding rules to cut crowding at the gates."), heads, T)
    assert fills_slot(q, _ev("Acme changed the rules after complaints about crowding at the gates."), heads, T)


def test_a_speaker_of_several_words_speaks_by_any_of_them() -> None:
    q = "What did Acme Steel say about the strike"
    assert slot_kind(analyse_question(q)) == "say"
    said = _ev("Acme declined to comment on the strike.", 0.7)
    other = _ev("Workers at Acme Steel walked out on Monday.", 0.68, article="a2")
    assert fillers(_set(q, said, other), [said, other], T) == [said]


def test_a_filler_past_the_first_dozen_leads_only_when_it_scores_as_a_weaker_answer_may() -> None:
    q = "why was the Carrow depot closed"
    filler_text = "The Carrow depot was closed because of a gas leak."
    others = [_ev(f"The Carrow depot opened in {1990 + n} with {n + 20} staff.", 0.6, article=f"a{n}")
              for n in range(13)]
    weak = _ev(filler_text, 0.2, article="z1")
    assert lead_with_filler(_set(q, *others, weak), others[:2], [], T, 4) == others[:2]
    strong = _ev(filler_text, 0.33, article="z2")  # above 0.8 x min_score
    assert lead_with_filler(_set(q, *others, strong), others[:2], [], T, 4)[0] is strong


def test_the_topic_list_names_at_most_two_topics_and_no_bare_noun_the_question_does_not_ask() -> None:
    """Issue 18: "The reports cover Olm Vale, Carrow and the security but none says …" named three
    topics, one a bare common noun the question used only as a modifier ("security staff")."""
    items = [_ev("Olm Vale police said Carrow guards checked the security of the arena.", 0.7, article="a1"),
             _ev("Carrow officials in Olm Vale said security would be tight at the arena.", 0.66, article="a2"),
             _ev("The Olm Vale arena security plan was praised by Carrow.", 0.64, article="a3")]
    es = _set("how many security staff is Brantwick sending to the arena", *items)
    topic = covered_topic(es, items)
    assert "security" not in topic  # said by the question only as a modifier ("security staff")
    assert topic.count(",") == 0 and topic.count(" and ") <= 1  # two topics at most
    asked = _set("how many seats does the arena have", *items)
    assert "the arena" in covered_topic(asked, items)  # the question's own noun phrase may be named


def test_question_heads_are_nouns_heading_a_phrase_not_modifiers() -> None:
    assert question_heads("how many security people is Brantwick sending") >= {"people"}
    assert "security" not in question_heads("how many security people is Brantwick sending")
    assert "memo" in question_heads("how many pages long is the memo")


def _filed(text: str, source: str, article: str, score: float = 0.7) -> Evidence:
    ev = _ev(text, score, article=article)
    ev.source = source
    return ev


def test_the_topic_list_never_names_an_outlet_or_a_dateline() -> None:
    """reader12: "The reports cover Harbor Wire and Norvale but none says …" named the outlet that
    filed the report (the article records know it) and "VELMAR" its dateline: who wrote and where,
    not what about.  An organisation the sentence credits ("according to the Gazette Group") is a
    source, not a topic, unless the question names it."""
    items = [_filed("(Harbor Wire) Police arrested eight protesters at the Norvale water plant on Monday.",
                    "Harbor Wire", "h1"),
             _filed("Harbor Wire reported that police held the protesters overnight.", "Harbor Wire", "h2", 0.68),
             _filed("VELMAR, Acmeland — Police said the protesters were released on Tuesday.", "Ridge Daily", "h3",
                    0.66),
             _filed("According to the Gazette Group, police questioned the protesters.", "Ridge Daily", "h4", 0.64)]
    es = _set("how much bail was paid", *items)
    topic = covered_topic(es, items)
    assert "Norvale" in topic, topic
    assert "Harbor Wire" not in topic and "VELMAR" not in topic and "Gazette Group" not in topic, topic
    assert outlet_names(items) == {"harbor wire", "ridge daily"}
    named = _set("what did the Gazette Group say about bail", *items)
    assert credited(parse(items[3].text), next(e for e in parse(items[3].text).entities if "Gazette" in e.text))
    assert "Gazette Group" in covered_topic(named, items)
