"""Competing claims on the asked predicate (invented sentences; no model: claims carry no vectors)."""

from __future__ import annotations

from briefbot.language.text import stem
from briefbot.truth.conflicts import Claim
from briefbot.truth.contested import contested, polarity

HEADS = frozenset({"shakeup"})


def _claim(text: str, article: str, title: str = "") -> Claim:
    return Claim(text, article, f"outlet-{article}", 0, len(text), None, title)


def test_a_negator_negates_the_asked_predicate_even_split_or_hyphenated() -> None:
    assert polarity("Orsen insisted the change was not, in fact, a shake up.", HEADS).negated == HEADS
    assert polarity("The Hale campaign had undergone a major shake-up.", HEADS).affirmed == HEADS
    assert polarity("The Hale campaign staff saw a shakeup this week.", HEADS).affirmed == HEADS


def test_a_denial_verb_rejects_its_complement() -> None:
    heads = frozenset({"polit"})
    p = polarity("Rival parties rejected claims that the timing of the arrest was political.", heads)
    assert p.negated == heads and p.reported_denial
    assert polarity("Rival parties did not reject claims that the arrest was political.", heads).negated == frozenset()


def test_asked_or_open_uses_are_neither_side() -> None:
    p = polarity("The host asked what the hires meant if not a campaign shakeup.", HEADS)
    assert not p.affirmed and not p.negated
    p = polarity("It is unclear whether the change was a shakeup.", HEADS)
    assert not p.affirmed and not p.negated
    p = polarity("The Hale campaign declined to comment on whether there was a shakeup.", HEADS)
    assert not p.affirmed and not p.negated


def test_affirmed_and_negated_from_two_reports_are_a_disagreement() -> None:
    a = _claim("The Hale campaign staff had undergone a major shake-up.", "art-a")
    b = _claim("Orsen, a Hale adviser, insisted it was not, in fact, a shake up.", "art-b")
    found = contested([a, b], HEADS, frozenset({"hale"}))
    assert [d.kind for d in found] == ["claim"]
    assert [s.text for s in found[0].sides] == [a.text, b.text]


def test_one_writer_saying_it_and_not_it_is_no_dispute_but_a_reported_denial_is() -> None:
    a = _claim("The Hale campaign had a shakeup in June.", "art-a")
    b = _claim("It was not a shakeup of the Hale campaign's staff, only of its advisers.", "art-a")
    assert contested([a, b], HEADS, frozenset({"hale"})) == []
    heads = frozenset({"polit"})
    a = _claim("Orsen said the timing of his arrest was political.", "art-a")
    b = _claim("Other parties rejected claims that the arrest of Orsen was political.", "art-a")
    assert len(contested([a, b], heads)) == 1


def test_claims_about_other_people_are_not_compared() -> None:
    a = _claim("The Hale campaign had undergone a major shake-up.", "art-a")
    b = _claim("Orsen insisted the Varga team saw no shakeup.", "art-b")
    assert contested([a, b], HEADS, frozenset({"hale"})) == []


def test_declining_to_comment_is_not_the_negating_side() -> None:
    a = _claim("The Hale campaign had undergone a major shake-up.", "art-a")
    b = _claim("A Hale spokesman declined to comment and would not say whether it was a shakeup.", "art-b")
    assert contested([a, b], HEADS, frozenset({"hale"})) == []


def test_the_detail_quotes_the_words_as_written() -> None:
    a = _claim("The Hale campaign staff had undergone a major shake-up.", "art-a")
    b = _claim("Orsen, a Hale adviser, insisted it was not, in fact, a shake up.", "art-b")
    assert contested([a, b], HEADS, frozenset({"hale"}))[0].detail == "one report says “shake-up”, another denies it"


def test_no_negates_its_own_noun_phrase_not_a_noun_after_a_preposition() -> None:
    heads = frozenset({stem("meeting")})
    assert polarity("No date for that meeting was given in the reporting.", heads).negated == frozenset()
    assert polarity("No meeting was held, the ministry said.", heads).negated == heads
    fired = frozenset({stem("fired")})
    assert polarity("No police officers fired shots during the standoff.", fired).negated == fired
