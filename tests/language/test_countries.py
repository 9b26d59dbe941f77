"""A nationality adjective and its country are one entity (no model; sentences our own)."""

from __future__ import annotations

import numpy as np
import pytest

from briefbot.language.countries import countries_in, country_stems
from briefbot.language.country_table import COUNTRIES
from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, EvidenceSet, names_in
from briefbot.truth.status import Thresholds
from briefbot.truth.status.gates import missing_anchors


def _ev(text: str) -> Evidence:
    ev = Evidence(article_id="a1", chunk_id="a1::0", title="Talks", source="Courier", url=None,
                  published="2025-10-21", text=text, start=0, end=len(text))
    ev.score = ev.similarity = 0.6
    ev.vector = np.array([1.0, 0.0], dtype=np.float32)
    return ev


def _set(question: str, text: str) -> EvidenceSet:
    return EvidenceSet(analyse_question(question), [_ev(text)], np.array([1.0, 0.0], dtype=np.float32), 1, 1)


def test_the_table_covers_every_country_not_a_few() -> None:
    assert len(COUNTRIES) > 240
    assert all(forms for forms, _ in COUNTRIES)


@pytest.mark.parametrize(("text", "stem_"), [
    ("U.S. officials said on Monday.", "american"),
    ("US officials said on Monday.", "american"),
    ("The top diplomats of the United States met.", "american"),
    ("Russia's foreign ministry said.", "russian"),
    ("The Russian side said.", "russia"),
    ("Chinese exports fell.", "china"),
    ("The Dutch government resigned.", "netherland"),
    ("Ministers from the Netherlands met.", "dutch"),
])
def test_any_form_of_a_country_vouches_for_the_others(text: str, stem_: str) -> None:
    assert stem_ in country_stems(text)


def test_text_naming_no_country_vouches_for_none() -> None:
    assert country_stems("Velmark declined to comment on the report.") == frozenset()
    assert countries_in("THE US AND US") == frozenset()  # all capitals: "US" may be the pronoun


def test_a_demonym_shared_by_territories_names_the_most_populous() -> None:
    (us,) = countries_in("the United States")
    assert countries_in("American officials") == {us}


def test_a_demonym_in_the_question_is_vouched_by_the_country_in_the_evidence() -> None:
    text = "U.S. officials reportedly concluded after the call that Moscow had not shifted."
    assert "american" in names_in(_ev(text))
    assert missing_anchors(_set("What did American officials take away from the call?", text), Thresholds()) == []


def test_a_lower_case_demonym_the_corpus_never_writes_is_a_name_the_country_vouches_for() -> None:
    from briefbot.language.gazetteer import Gazetteer

    text = "U.S. officials reportedly concluded after the call that Moscow had not shifted."
    gaz = Gazetteer()
    gaz.add("a1", "h", text)
    focus = analyse_question("what did american officials take away from the call", gaz)
    assert "american" in focus.names
    es = EvidenceSet(focus, [_ev(text)], np.array([1.0, 0.0], dtype=np.float32), 1, 1)
    assert missing_anchors(es, Thresholds()) == []
    absent = analyse_question("what did brazilian officials take away from the call", gaz)
    es = EvidenceSet(absent, [_ev(text)], np.array([1.0, 0.0], dtype=np.float32), 1, 1)
    assert missing_anchors(es, Thresholds()) == ["brazilian"]


def test_a_country_absent_from_the_evidence_is_still_missing() -> None:
    text = "U.S. officials reportedly concluded after the call that Moscow had not shifted."
    es = _set("What did Brazilian officials conclude after the call?", text)
    assert "brazilian" in missing_anchors(es, Thresholds())


def test_a_longer_name_is_one_country_not_its_parts() -> None:
    assert len(countries_in("a flight to American Samoa")) == 1
    assert "american" not in country_stems("a flight to American Samoa")
