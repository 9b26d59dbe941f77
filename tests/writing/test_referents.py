"""Referents by description: noun phrases of a question (spaCy tags) and whether each names a
person, by the real all-MiniLM-L6-v2 word vectors.  Invented questions."""

from __future__ import annotations

from briefbot.writing.referents import (
    descriptions,
    named_as,
    person_description,
    person_scores,
    relative_event,
    thing_around,
    thing_description,
    topic_thing,
)


def test_phrases_keep_their_participle_and_drop_a_bare_verb() -> None:
    texts = [d.text for d in descriptions("how much compensation did the man bitten by the otter get")]
    assert "the man bitten by the otter" in texts
    assert [d.text for d in descriptions("when did the bear attack the fisherman")] == ["the bear", "the fisherman"]
    asked = descriptions("what kind of boat did the harbour thief sail off in")[0]
    assert asked.text == "the boat" and asked.asked
    assert [d.plural for d in descriptions("why were people marching in velmar")] == [True]


def test_people_and_things_are_told_apart_by_the_embedding() -> None:
    scores = dict(zip(["fisherman", "protesters", "woman", "weapon", "compensation", "necklace"],
                      person_scores(["fisherman", "protesters", "woman", "weapon", "compensation", "necklace"]),
                      strict=True))
    print(scores)
    assert min(scores["fisherman"], scores["protesters"], scores["woman"]) > 0
    assert max(scores["weapon"], scores["compensation"], scores["necklace"]) < 0


def test_person_and_thing_descriptions() -> None:
    q = "what weapon did the depot guard use"
    guard = person_description(q, plural=False)
    assert guard is not None and guard.text == "the depot guard"
    assert thing_description(q) == "the weapon"
    assert person_description("how many protesters got arrested", plural=True).text == "the protesters"  # type: ignore[union-attr]
    assert person_description("why were hales arrested", plural=True, names=frozenset({"hale"})) is None


def test_named_as_reads_apposition_only() -> None:
    farmer = person_description("when did the otter attack the fisherman", plural=False)
    assert farmer is not None
    assert named_as(farmer, ("Ado Renk",), "Ado Renk, a fisherman in Lusa, was hurt.") == "Ado Renk"
    assert named_as(farmer, ("Ado Renk",), "Police told fisherman Ado Renk to wait.") == "Ado Renk"
    assert named_as(farmer, ("Ado Renk",), "Ado Renk said a fisherman was hurt.") is None


def test_a_bare_verb_before_the_question_mark_is_no_noun() -> None:
    """Issue 18 (followups3): "what did the leaked Orlan memo show?" read "show" as the head."""
    assert [d.text for d in descriptions("What did the leaked Orlan memo show?")] == ["the leaked Orlan memo"]


def test_a_wh_word_in_a_relative_clause_asks_for_nothing() -> None:
    found = descriptions("how old was the woman whose ring was stolen in Corvell")
    assert not any(d.asked for d in found)
    assert descriptions("in which city did the ferry sink")[0].asked


def test_topic_thing_is_what_the_verb_acts_on() -> None:
    """What "it" means after a question that names nothing proper (invented questions)."""
    assert topic_thing("what day did the harbour board announce the new ferry timetable") == "the new ferry timetable"
    assert topic_thing("how much damage did the storm surge cause") == "the storm surge"  # the quantity is no thing
    assert topic_thing("what weapon did the depot guard use", asked=True) == "the weapon"
    assert topic_thing("why were the fishermen angry") is None  # people only


def test_thing_around_a_name_that_only_modifies_it() -> None:
    assert thing_around("Orlan", "What did the leaked Orlan memo show?") == "the leaked Orlan memo"
    assert thing_around("Velland", "What is happening to Velland's gas production?") is None  # its owner
    assert thing_around("Corvell", "What car did the Corvell ring thief drive?") is None  # a person
    assert thing_around("Orlan", "What did Orlan say?") is None


def test_relative_event_is_what_happened_in_a_relative_clause() -> None:
    assert relative_event("how old was the man whose boat was sunk off Corvell") == "the boat sunk off Corvell"
    assert relative_event("who was the man who shot the mayor") is None  # the described one acted
    assert relative_event("why was Pell Dunmore arrested") is None
