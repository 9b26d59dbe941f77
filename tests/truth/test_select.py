"""Evidence selection (:mod:`briefbot.truth.status.select`) on hand-built evidence (no model:
scores and vectors are set by hand).  Sentences are invented for these tests."""

from __future__ import annotations

import numpy as np

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import Thresholds
from briefbot.truth.status.kinds import fits
from briefbot.truth.status.select import fitting, same_event_as_asked, slot_vouched

T = Thresholds()


def _ev(text: str, score: float, article: str = "a1", slot_found: bool = False) -> Evidence:
    ev = Evidence(article_id=article, chunk_id=f"{article}::0", title="Carrow news", source="Courier", url=None,
                  published="2025-03-06", text=text, start=0, end=len(text), slot_found=slot_found)
    ev.score = ev.similarity = score
    ev.vector = np.array([1.0, 0.0], dtype=np.float32)
    return ev


def _set(question: str, *items: Evidence) -> EvidenceSet:
    return EvidenceSet(analyse_question(question), list(items), np.array([1.0, 0.0], dtype=np.float32), 3, 3)


def test_a_sentence_the_slot_search_found_fits_though_it_counts_in_other_words() -> None:
    """"ten of those on shift" for "how many staff did Acme sack": no word next to the figure says
    the asked thing, by stem or meaning, so the form test misses it; the story's slot search read
    it for its form and its relation to the asked words, so it is judged as a fitting sentence."""
    question = "how many staff did acme sack over the mill fire"
    found = _ev("Acme says it has let go ten of those on shift at the mill.", 0.3, slot_found=True)
    topical = _ev("Acme said the mill fire started in a boiler room late on Sunday.", 0.6)
    assert not fits(analyse_question(question), found.text)
    assert fitting(_set(question, topical, found), T) == [found]
    same_text_retrieved = _ev(found.text, 0.3)  # not vouched for by the slot search: the form test decides
    assert fitting(_set(question, topical, same_text_retrieved), T) == []


def test_a_slot_found_sentence_is_not_set_aside_for_its_sentence_similarity() -> None:
    """The masked-predicate margin sets aside fitting sentences about another event; a synonym
    ("let go" for "sack") lowers a whole sentence's similarity as much.  A sentence the slot search
    found said the asked words by stem or meaning, so the margin does not set it aside."""
    topical = _ev("Acme said four plants were shut after the mill fire.", 0.6)
    topical.predicate = 0.65
    found = _ev("Acme says it has let go ten workers who were on shift at the mill.", 0.4, slot_found=True)
    found.predicate = 0.39
    retrieved = _ev("Acme has run ten mills in the valley since the war.", 0.4)
    retrieved.predicate = 0.39
    assert same_event_as_asked([topical, found, retrieved], vouched=frozenset({id(found)})) == [topical, found]
    assert same_event_as_asked([topical, found, retrieved]) == [topical]  # not vouched for: the margin decides


def test_a_who_sentence_the_slot_search_found_is_judged_by_the_form_test() -> None:
    """The who search takes any new name: it vouches for nothing the literal form test does not."""
    question = "who is leading the council's pause on the harbour bill"
    found = _ev("The Carrow Post reported that the council put the harbour bill on hold.", 0.3, slot_found=True)
    assert not slot_vouched(analyse_question(question), found)
    assert slot_vouched(analyse_question("how many staff did acme sack"), found)


def test_a_compound_sentence_is_judged_by_the_clause_that_says_the_asked_thing() -> None:
    """Real MiniLM.  "Some 2,000 runners will take part …, and 50,000 visitors are expected …":
    whole, its masked-predicate similarity trails a one-clause report of the same count by more
    than the other-event margin, and the second report's figure (a competing value) was set
    aside as another event; its first clause says the asked thing and holds the figure."""
    focus = analyse_question("how many runners are taking part in the Carrow marathon")
    lead = _ev("At least 2,500 runners are taking part in the Carrow marathon.", 0.57, article="a1")
    lead.predicate = 0.63
    compound = _ev("Some 2,000 runners will take part in the Carrow marathon, and about 50,000 visitors "
                   "are expected to come to the town, which lies on the coast.", 0.54, article="a2")
    compound.predicate = 0.50
    assert same_event_as_asked([lead, compound]) == [lead]  # the whole-sentence test alone
    assert same_event_as_asked([lead, compound], focus=focus) == [lead, compound]
    other = _ev("The Carrow marathon drew 300 complaints from residents, and the council will meet on "
                "Friday to discuss parking.", 0.5, article="a3")
    other.predicate = 0.45
    assert same_event_as_asked([lead, other], focus=focus) == [lead]  # no clause counts the runners
