"""Who says it, read from the sentence itself (invented sentences; pure functions, no model)."""

from __future__ import annotations

import pytest

from briefbot.writing.attribution import (
    agree,
    clauses,
    hedge_cue,
    hedge_reading,
    plural,
    reader_name,
    speaker,
    speaker_of,
)


@pytest.mark.parametrize("text, who", [
    ("Acme Wire said the depot will close in May.", "Acme Wire"),
    ("Velmar says the damage to the depot is still being assessed.", "Velmar"),
    ("Harbour Post, citing a port official, reported that the ferry was held.",
     "Harbour Post, citing a port official,"),
    ("However, the ministry said the talks would resume.", "the ministry"),
    ("The ferry was held for two days, according to the port authority.", "the port authority"),
    ("The ferry sailed on March 3, a harbour source told the Lakeside Courier.", "a harbour source"),
    ("Nobody was hurt, officials said Friday.", "officials"),
    ("“It was the first time,” said Olsen, who runs the pier.", "Olsen"),
    ("The pier is closed, and Acme Wire has said it is unclear when it will reopen.", "Acme Wire"),
    ("One of the wire's sources did point to a rift over money.", "one of the wire's sources"),
    ("The ferry was held over a dispute about fees.", None),  # no one named: the caller uses the outlet
    ("The ferry was held, he said.", None),  # a pronoun names no one a reader can see
    ("The ferry was held, according to that source.", None),  # points back to another sentence
    ("Other parties have rejected claims that the vote was rigged.", None),  # "claims" is a noun here
])
def test_the_speaker_is_read_from_the_sentence_s_own_attribution(text: str, who: str | None) -> None:
    assert speaker(text) == who
    if who is not None:
        assert who.strip(" ,").casefold() in text.casefold()  # never invented: the sentence's own words


def test_a_long_speaker_loses_its_office_and_when_it_spoke() -> None:
    assert reader_name("Officer Ann Lee of the Public Information Office") == "Officer Ann Lee"
    assert reader_name("one of the wire's sources") == "one of the wire's sources"  # "one" is no name
    assert reader_name("The Acme Water Department on Wednesday") == "the Acme Water Department"
    assert reader_name("he") is None and reader_name("the same official") is None


def test_the_speaker_of_the_clause_that_holds_the_hedge() -> None:
    text = "Acme Wire, citing a port official, reported that the ferry was held; Harbour Post said it is unclear why."
    assert clauses(text)[1].startswith("Harbour Post said")
    assert speaker_of(text, hedge_cue(text)) == "Harbour Post"
    assert speaker_of(text) == "Acme Wire, citing a port official,"


@pytest.mark.parametrize("text, reading", [
    ("Harbour Post said it remains unclear why the ferry was held.", "says it is unclear why"),
    ("It is not yet known how many passengers were aboard.", "says it is not yet known how"),
    ("Velmar says the damage is still being assessed.", "says it is still being assessed"),
    ("The mayor is unlikely to approve the fee, one of the wire's sources said.", "calls it unlikely"),
    ("Velmar may end up building the pier on its own.", "calls it possible"),
    ("The driver allegedly took the ring.", "reports it as an allegation"),
    ("Officials reportedly concluded that the fee was unfair.", "gives it without naming a source"),
    ("Multiple sources say the ferry was held.", "says so"),
    ("The ferry was held over a dispute about fees.", None),
])
def test_a_hedge_reads_as_what_its_speaker_does(text: str, reading: str | None) -> None:
    assert hedge_reading(text) == reading


def test_the_verb_agrees_with_the_speaker() -> None:
    assert plural("officials") and plural("Acme Wire and Harbour Post") and plural("multiple sources")
    assert not plural("Reuters") and not plural("one of the wire's sources") and not plural("the port authority")
    assert plural("two people familiar with the meeting")  # before: "two people … cites an unnamed source"
    assert agree("says it is unclear why", True) == "say it is unclear why"
    assert agree("calls it unlikely", True) == "call it unlikely"
    assert agree("gives none", False) == "gives none"


def test_an_apparent_or_alleged_claim_is_read_as_such() -> None:
    from briefbot.writing.attribution import hedge_reading
    assert hedge_reading("The nurse apparently took her own life, police said.") == "says it only appears so"
    assert hedge_reading("A study alleged that the unit took part in the raid.") == "reports it as an allegation"
