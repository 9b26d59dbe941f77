"""The why of a brief: a reason attached to the story's event (spaCy's real parse and the real
MiniLM word vectors on invented sentences)."""

from __future__ import annotations

from briefbot.writing.summarize_story import kind_of
from briefbot.writing.summarize_why import event_words, gives_reason


def test_the_story_event_words_are_the_words_its_articles_lead_with() -> None:
    words = event_words(["Ferry strike halts crossings", "A ferry strike halted all crossings on Monday.",
                         "The court has delayed the hearing of the ferry crews."])
    assert {"ferry", "strike", "crossings", "court", "delayed", "hearing"} <= set(words)
    assert "the" not in words and "on" not in words and "has" not in words  # stop and short words
    assert len([w for w in words if w.startswith("halt")]) == 1  # one word per stem


def test_a_reason_one_article_leads_with_explains_the_story() -> None:
    tops = ["Ferry strike halts crossings across the bay",
            "Due to the absence of a witness, the court has delayed the hearing of the ferry crews."]
    assert kind_of(tops[1], None, False, event_words(tops)) == "why"


def test_a_cause_or_purpose_of_the_story_event_is_a_reason() -> None:
    event = ["council", "vote", "budget"]
    assert gives_reason("The council delayed the vote because the budget figures were incomplete.", event)
    assert gives_reason("The council postponed the vote due to objections from two districts.", event)
    # a reason noun that is a participant of its clause: what the sides want or fear
    assert gives_reason("One of the agency's sources said the council members had differing expectations.",
                        event)


def test_a_cue_word_in_a_phrase_of_place_or_reaction_is_no_reason() -> None:
    event = ["mayors", "provinces", "treaty"]
    assert not gives_reason("The two mayors are at the center of a much bigger dispute between the provinces.",
                            event)
    assert not gives_reason("Ada Holm said that she was puzzled by that conclusion about the treaty.", event)
    assert kind_of("The two mayors are at the center of a much bigger dispute between the provinces.",
                   None, False, event) == "happened"
    assert kind_of("The council delayed the vote because of differing expectations.", None, False,
                   ["council", "vote"]) == "why"


def test_a_reason_of_another_event_does_not_explain_the_story() -> None:
    sentence = "The museum closed its east wing because a pipe burst above the gallery."
    assert gives_reason(sentence, ["museum", "wing"])
    assert not gives_reason(sentence, ["ferry", "strike"])
