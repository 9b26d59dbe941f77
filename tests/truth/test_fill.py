"""Slot fillers from the parse of an evidence sentence (issue 17 item 3: answerhood per kind).

Real spaCy parse and the real MiniLM embedder; the sentences are our own, written for these tests.
"""

from __future__ import annotations

from briefbot.language.parse import parse
from briefbot.truth.status import fill


def test_words_match_by_stem_or_meaning_not_by_topic() -> None:
    assert fill.close("workers", "worker")
    assert fill.close("workers", "staff")  # MiniLM 0.61
    assert fill.close("handgun", "weapon")
    assert not fill.close("facilities", "staff")  # 0.48: another thing of the same story
    assert not fill.close("percent", "money")


def test_a_figure_counts_the_asked_noun_not_another_thing() -> None:
    staff = ["staff"]
    assert fill.counts_asked(parse("Acme says it has dismissed twelve workers over the footage."), staff, ["sack"])
    assert not fill.counts_asked(parse("The footage was filmed at four depots where Acme employees pack fish."),
                                 staff, ["sack"])


def test_a_figure_of_people_counts_for_the_asked_verb() -> None:
    words = ["arrested"]
    assert fill.counts_asked(parse("Police in Norvale arrested seven people at the gates."), ["protesters"], words)
    assert fill.counts_asked(parse("At least six of the activists were arrested by city police."),
                             ["protesters"], words)
    assert not fill.counts_asked(parse("Nearly 40 picketed outside the depot gates."), ["protesters"], words)


def test_hundreds_and_ordinals_are_counts() -> None:
    assert fill.counts_asked(parse("The course will reach hundreds of Acme's employees."), ["employees"], ["retrained"])
    assert fill.counts_asked(parse("It was at least the sixth time activists filmed inside a plant."), ["times"],
                             ["filmed"])


def test_a_percentage_answers_only_a_share() -> None:
    p = parse("Nearly 40 percent of accounts are behind on payments.")
    assert not fill.counts_asked(p, ["accounts"], ["behind"])
    assert fill.counts_asked(p, ["accounts"], ["behind"], share=True)


def test_money_is_a_money_entity_or_a_currency_sign() -> None:
    assert fill.has_money(parse("Residents owe $120 million in unpaid bills."))
    assert not fill.has_money(parse("Residents owe 40 percent of the bills."))


def test_an_age_of_the_asked_person() -> None:
    woman = ["woman"]
    assert fill.gives_age(parse("She was 91, her daughter said."), "She was 91, her daughter said.", woman)
    text = "The 91-year-old woman died on Monday."
    assert fill.gives_age(parse(text), text, woman)
    text = "Mara Venn, 91, died on Monday."
    assert fill.gives_age(parse(text), text, woman)
    text = "In 2009 a bear mauled a 30-year-old man at a zoo."  # another person's age
    assert not fill.gives_age(parse(text), text, ["farmer"])
    text = "Tomas Ruud, 64, spoke to reporters."  # the question names someone else
    assert not fill.gives_age(parse(text), text, ["orsen"], named=True)


def test_a_member_of_the_asked_class_needs_a_specific_filler() -> None:
    given: frozenset[str] = frozenset({"weapon", "shooter", "use"})
    assert fill.names_member(parse("The shooter used a 9 mm Korda pistol, police said."), ["weapon"], given)
    assert fill.names_member(parse("The gun, a Korda pistol, was registered to her."), ["weapon"], given)
    assert not fill.names_member(parse("The shooter was named as Ada Holm, 26."), ["weapon"], given)
    assert not fill.names_member(parse("One of the two women was later sickened."), ["women"],
                                 frozenset({"two", "women", "sick"}))


def test_a_count_before_the_class_noun_names_no_member() -> None:
    given: frozenset[str] = frozenset({"host", "prank", "pull"})
    assert not fill.names_member(parse("The two hosts apologised to the family on Monday."), ["hosts"], given)
    assert fill.names_member(parse("The host, Ada Lind, apologised to the family on Monday."), ["hosts"], given)
    assert fill.names_member(parse("Police said Flight 370 vanished over the sea."), ["flight"],
                             frozenset({"flight", "vanish"}))  # a number after the noun names it


def test_only_a_subject_is_the_doer_of_the_asked_verb() -> None:
    text = parse("A firm was found that could go in and rescue Vera Lund and her children.")
    assert fill.argument_of_asked(text, ["rescue"], frozenset({"firm"}))
    assert not fill.argument_of_asked(text, ["rescue"], frozenset({"firm"}), subject=True)
    assert fill.argument_of_asked(parse("The rescue was carried out by Norgard Guard last week."), ["carried"],
                                  frozenset({"firm", "rescu"}), subject=True)


def test_a_date_must_hang_from_the_asked_event() -> None:
    asked = ["retired", "pilot", "die"]
    assert fill.date_of(parse("The pilot died last week in Norvale, his lawyer said."), asked)
    assert not fill.date_of(parse("He was at the centre of claims he sank a ferry in 1987."), asked)
    assert not fill.date_of(parse("He had worked as a pilot for years before the ferry sank in 1987."), asked)


def test_a_place_must_belong_to_the_asked_event() -> None:
    text = "She bought the pistol at a gun shop in Carrow last year."
    assert fill.place_of(parse(text), text, ["buy", "gun"], ["buy"])
    text = "Hale was shot outside a grocery store in Tucson in 2011."
    assert not fill.place_of(parse(text), text, ["buy", "gun"], ["buy"])


def test_a_predicate_under_whether_is_not_stated_one_under_a_modal_is_hedged() -> None:
    p = parse("The spokesman declined to say whether the company wants the workers charged.")
    i = next(i for i, t in enumerate(p.tokens) if t.text == "charged")
    assert not fill.stated(p, i)
    p = parse("The workers may be charged later.")  # a hedged answer: the hedge rules say so
    assert fill.stated(p, next(i for i, t in enumerate(p.tokens) if t.text == "charged"))


def test_yes_no_is_filled_by_the_predicate_affirmed_or_denied() -> None:
    asked = ["workers", "charged"]
    assert fill.states_predicate(parse("No charges have been filed, police said."), asked, frozenset())
    assert fill.states_predicate(parse("Two of the workers were charged with cruelty."), asked, frozenset())
    assert not fill.states_predicate(parse("The spokesman declined to say whether the workers will be charged."),
                                     asked, frozenset())
    assert not fill.states_predicate(parse("Acme workers were filmed kicking birds."), asked, frozenset())
    cops = ["cops", "shoot"]
    assert fill.states_predicate(parse("No police officers fired shots, the sheriff said."), cops, frozenset())
    assert not fill.states_predicate(parse("She shot people outside the building, he said."), cops, frozenset())


def test_a_place_hangs_from_an_asked_noun_or_a_verb_chain() -> None:
    text = "Acme spent 9 million crowns on boots after complaints from its workers in Carrow."
    assert fill.place_of(parse(text), text, ["complaints", "come"], ["come"])
    text = "The summit is expected to take place in Vienna next month."
    assert fill.place_of(parse(text), text, ["summit", "expected", "held"], ["held"])


def test_a_kind_is_made_specific_by_what_it_is_for() -> None:
    p = parse("Norvale Telecom has been granted a certification for data security.")
    assert fill.names_member(p, ["certification"], frozenset({"kind", "certif", "norval", "telecom", "receiv"}))


def test_a_duration_of_the_asked_event_not_of_another() -> None:
    closed = ["road", "closed"]
    assert fill.duration_of(parse("The road was closed for two hours after the crash."), closed)
    assert not fill.duration_of(parse("The mayor left after a two-hour meeting about the road."), ["mayor", "closed"])
    assert fill.duration_of(parse("Police held the councillor for four days before releasing him."), ["police", "hold"])
    assert fill.duration_of(parse("It took several months to rebuild the depot."), ["rebuild"])
    assert fill.duration_of(parse("The strike has lasted for hours."), ["strike"])
    assert not fill.duration_of(parse("The strike has lasted for hours."), ["mayor"])


def test_a_reason_of_the_asked_event_not_of_another() -> None:
    assert fill.reason_of(parse("The meeting was postponed because the two sides disagreed."), ["meeting", "postponed"])
    assert fill.reason_of(parse("The depot closed due to the storm."), ["depot", "close"])
    assert fill.reason_of(parse("Acme fired ten workers over the video."), ["fire", "workers"])
    assert fill.reason_of(parse("The union blamed the strike on low pay."), ["strike"])
    assert fill.reason_of(parse("Police said the motive for the shooting was unclear."), ["shooting"])
    assert fill.reason_of(parse("She went to the depot to confront her boss."), ["go", "depot"])
    assert not fill.reason_of(parse("Acme fired ten workers over the video."), ["depot", "close"])
    assert not fill.reason_of(parse("The meeting was postponed on Friday."), ["meeting", "postponed"])
    assert not fill.reason_of(parse("The council met on Friday after the vote."), ["resign"])


def test_a_denial_with_the_asked_participant_in_other_words_states_the_predicate() -> None:
    asked = ["cops", "shoot"]
    assert fill.states_predicate(parse("No law enforcement officers fired shots during the raid, he said."), asked,
                                 frozenset())
    assert not fill.states_predicate(parse("Officers declined to say whether shots were fired."), asked, frozenset())


def test_what_happened_after_needs_a_later_event_of_the_participant() -> None:
    who, event = ["bear"], ["bit"]
    assert fill.later_event(parse("The bear escaped into the forest."), who, event)
    assert fill.later_event(parse("The bear was later caught by rangers."), who, event)
    assert not fill.later_event(parse("The bear bit him twice on the arm."), who, event)  # the asked event itself
    assert not fill.later_event(parse("Suddenly the bear grabbed his arm before he could run."), who, event)
    assert not fill.later_event(parse("I saw a bear jump out in front of me, he said."), who, event)
    assert not fill.later_event(parse("The bear that attacked the hiker."), who, event)  # no statement
    assert not fill.later_event(parse("In 2008 a bear mauled a man who climbed into its pen."), who, event)


def test_prefetch_embeds_the_sentence_words_close_compares_in_one_pass(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """(speed) One model pass for a sentence's comparable words; close() then needs none."""
    from briefbot.store import embeddings

    p = parse("Police detained three protesters outside the embassy on Tuesday.")
    model = embeddings.get_model()
    real, calls = model.encode, []
    monkeypatch.setattr(model, "encode", lambda texts, *a, **k: (calls.append(list(texts)), real(texts, *a, **k))[1])
    monkeypatch.setattr(embeddings, "_WORDS", embeddings.VectorCache(embeddings._WORDS.size))  # counted, not replaced
    fill.prefetch(p, ["arrested"])
    assert len(calls) == 1 and {"detained", "protesters", "embassy", "arrested"} <= set(calls[0])
    assert not {"the", "on"} & set(calls[0])  # stopwords are never compared, so never embedded
    fill.states_predicate(p, ["arrested"], frozenset())  # compares every stated word with "arrested"
    assert len(calls) == 1


def test_a_count_of_those_done_to_is_not_a_count_of_doers_of_something_else() -> None:
    held = ["held"]
    assert not fill.counts_asked(parse("The two suspects wiped their hands on a towel."), ["suspects"], held,
                                 patient=True)
    assert fill.counts_asked(parse("Three suspects are in custody in Norvale."), ["suspects"], held, patient=True)
    assert fill.counts_asked(parse("Police are holding three suspects in Norvale."), ["suspects"], held, patient=True)
    assert fill.counts_asked(parse("The two suspects wiped their hands on a towel."), ["suspects"], ["wiped"],
                             patient=True)
