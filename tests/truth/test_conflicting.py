"""Which disagreements bear on the question (:mod:`briefbot.truth.status.conflicting`), invented sentences."""

from __future__ import annotations

from briefbot.language.question import analyse_question
from briefbot.truth.conflicts import Disagreement, Side
from briefbot.truth.status.conflicting import asked_things, counts_asked, gives_asked_value

NINE = "At least nine of the activists were arrested by Norvale police."
EIGHT = "Norvale police arrested eight people at the water office."


def _d(a: str, b: str) -> Disagreement:
    return Disagreement("number", (Side(a, "art-a", "Courier", 0, len(a)), Side(b, "art-b", "Post", 0, len(b))))


def test_a_count_disagreement_bears_only_on_the_counted_thing() -> None:
    assert counts_asked(analyse_question("how many protesters got arrested in norvale"), _d(NINE, EIGHT))
    assert not counts_asked(analyse_question("how much was bail for the arrested activists"), _d(NINE, EIGHT))
    assert "bail" in asked_things(analyse_question("how much was bail for the arrested activists"))


def test_a_count_of_the_asked_verb_gives_the_asked_value() -> None:
    frame = analyse_question("how many protesters got arrested in norvale")
    assert gives_asked_value(frame, EIGHT)
    assert not gives_asked_value(frame, "Norvale police spoke to the protesters at the water office.")


def test_a_count_in_a_unit_the_question_does_not_name_still_bears() -> None:
    d = _d("The Norvale bridge cost 12 million crowns.", "The Norvale bridge cost 15 million crowns.")
    assert counts_asked(analyse_question("how much did the norvale bridge cost"), d)
