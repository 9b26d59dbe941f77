"""Referents by description: noun phrases of a question (spaCy tags) and whether each names a
person, by the real all-MiniLM-L6-v2 word vectors.  Invented questions."""

from __future__ import annotations

from briefbot.writing.referents import descriptions, named_as, person_description, person_scores, thing_description


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
