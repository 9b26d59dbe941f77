"""Whom each report blames, on invented sentences (real spaCy parse, real MiniLM for the closeness test)."""

from __future__ import annotations

from briefbot.truth.conflicts import Claim
from briefbot.truth.status.blamed import blame_conflict, blame_rivals, blamed


def _c(text: str, art: str) -> Claim:
    return Claim(text, art, f"outlet-{art}", 0, len(text))


def test_the_object_of_blame_is_whom_it_blames() -> None:
    assert blamed("Ivo Hale blamed the media for his drop in the polls.") == {"medium"}


def test_the_fault_of_a_party() -> None:
    assert "dysfunction" in blamed("Aides said the slide was the fault of dysfunction inside the Hale campaign.")


def test_a_passive_subject_is_blamed() -> None:
    assert blamed("The night crew was blamed for the delay.") >= {"crew"}


def test_a_denial_of_blame_blames_no_one() -> None:
    assert blamed("The Velmar company said it was not responsible for the spill.") == frozenset()


def test_a_pronoun_names_no_side() -> None:
    assert blamed("Ivo Hale criticised the press, blaming it for his slide.") == frozenset()


def test_two_reports_blaming_different_parties_are_rivals() -> None:
    a = _c("Ivo Hale blamed the media for his drop in the polls.", "a")
    b = _c("Aides said the slide was the fault of dysfunction inside the Hale campaign.", "b")
    assert blame_conflict(a, b) is not None
    assert [d.kind for d in blame_rivals([a, b])] == ["claim"]


def test_the_same_party_in_other_words_is_no_rival() -> None:
    a = _c("Ivo Hale blamed the media for his drop in the polls.", "a")
    b = _c("His campaign chairman blamed news organizations for the difficult week.", "b")
    assert blame_conflict(a, b) is None


def test_one_article_is_one_side() -> None:
    a = _c("Ivo Hale blamed the media for his drop in the polls.", "a")
    b = _c("Aides said the slide was the fault of dysfunction inside the Hale campaign.", "a")
    assert blame_rivals([a, b]) == []
