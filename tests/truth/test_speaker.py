"""The asked actor as the doer of a sentence's verb, read from the real spaCy parse.

Sentences are our own, written for these tests (invented names).
"""

from __future__ import annotations

from briefbot.language.parse import parse
from briefbot.truth.status.speaker import governs, speaks

HALE = frozenset({"hale"})


def test_the_actor_speaks_as_the_subject_of_a_verb_of_speech() -> None:
    assert speaks(parse("Hale denied the report on Monday."), HALE)
    assert speaks(parse("\"It is a smear,\" Hale said."), HALE)
    assert speaks(parse("A Hale spokesman said the report was false."), HALE)  # the phrase speaks for Hale
    assert speaks(parse("The report was false, according to Hale's lawyer."), HALE)
    assert speaks(parse("He called the report a smear."), HALE)  # a pronoun with no other name before it
    assert speaks(parse("Hale responded by calling the report a smear."), HALE, ["respond"])


def test_a_name_inside_someone_elses_clause_or_a_passive_does_not_speak() -> None:
    assert not speaks(parse("Orsen, who was fired after clashing with Hale over strategy, tweeted a link to the "
                            "article."), HALE)
    assert not speaks(parse("Hale was fired on Friday."), HALE)  # what was done to Hale, not Hale's word
    assert not speaks(parse("Hale's role in the deal has come under scrutiny."), HALE)  # no verb of speech
    assert not speaks(parse("Orsen said he was angry about the report."), HALE)  # "he" follows another name
    assert not speaks(parse("The paper said its report shows how Hale mixed politics and business."), HALE)


def test_a_word_is_governed_by_the_actor_only_inside_the_actors_clause() -> None:
    p = parse("Hale pointed to a Carrow University poll.")
    assert governs(p, HALE, [t.text for t in p.tokens].index("poll"))
    p = parse("Hale said the Carrow University poll shows him ahead.")
    assert governs(p, HALE, [t.text for t in p.tokens].index("poll"))
    p = parse("A Carrow University poll found Orsen ahead of Hale.")
    assert not governs(p, HALE, [t.text for t in p.tokens].index("poll"))
