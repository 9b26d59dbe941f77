"""Who says what: each named speaker with their claim as a short clause of the sentence (spaCy's
real parse of invented sentences; no fakes)."""

from __future__ import annotations

from briefbot.schema import Disagreement, DisagreementSide, StoryItem
from briefbot.writing.summarize_speakers import (
    CLAIM_WORDS,
    compress_claim,
    same_speaker,
    speaker_claim,
)
from briefbot.writing.summarize_story import who_says_what


def _claim(text: str) -> tuple[str, str] | None:
    c = speaker_claim(text)
    return None if c is None else (c.who, text[c.start:c.end])


def test_the_claim_is_the_reported_clause_and_the_speaker_its_subject() -> None:
    assert _claim("Ada Holm, the city's transport chief, said on Monday that the ferry line will close in March.") \
        == ("Ada Holm", "the ferry line will close in March")
    # the title before a name is not the speaker's name; the nearest subject of the verb is
    assert _claim("Port authority chief Bo Lind said Tuesday that the crane had failed twice this year.") \
        == ("Bo Lind", "the crane had failed twice this year")
    assert _claim("“The bridge was never safe for heavy trucks,” said Bo Lind, an engineer at the port.") \
        == ("Bo Lind", "The bridge was never safe for heavy trucks")
    assert _claim("Crews worked through the night to restore power to the valley, the utility said.") \
        == ("the utility", "Crews worked through the night to restore power to the valley")
    assert _claim("According to the port authority, the crane failed twice last year.") \
        == ("the port authority", "the crane failed twice last year")
    # a quotation the claim opens is closed with it, not cut off
    assert _claim('According to the ministry, the call covered "specific steps for the agreed plan."') \
        == ("the ministry", 'the call covered "specific steps for the agreed plan."')


def test_the_claim_runs_to_the_end_of_its_clause() -> None:
    """The parse may hang the last words elsewhere ("…, and the clerk then sold him two"); the claim
    follows the sentence's order, and a second credit after it is left out."""
    text = "Ada Holm said her son told the clerk he was old enough to buy a ticket, and the clerk then sold him two."
    assert _claim(text) == ("Ada Holm", "her son told the clerk he was old enough to buy a ticket, and the clerk "
                                        "then sold him two")
    assert _claim("Bo Lind said he saw the crane sway on the night of the storm, according to a report.") \
        == ("Bo Lind", "he saw the crane sway on the night of the storm")


def test_no_claim_without_a_named_speaker_or_reported_words() -> None:
    assert _claim("“The fire started in the kitchen of the bakery,” she said.") is None  # whose words?
    assert _claim("The bridge reopened on Monday after repairs to its deck.") is None
    assert _claim("“Says who?” said Holm, the city's transport chief.") is None  # too thin to stand for a claim


def test_a_long_claim_is_cut_at_a_clause_boundary_and_stays_exact_text() -> None:
    text = ("Ada Holm said that the ferry line, which has carried commuters across the bay for forty years and "
            "employs more than two hundred crew members in three towns, will close in March, although the "
            "council may still vote to keep a reduced weekend service running until the end of the summer season.")
    c = speaker_claim(text)
    assert c is not None and c.who == "Ada Holm"
    claim = text[c.start:c.end]
    assert claim in text and len(claim.split()) <= CLAIM_WORDS
    assert claim.startswith("the ferry line") and "although" not in claim
    # a quoted title inside a noun phrase is no place to cut: "…conduct on the" would be a fragment
    quoted = ("Bo Lind said he was privy to aspects of Ada Holm’s conduct on the “Harbour Lights” set during the "
              "long and bitterly cold winter shoot in the small northern port town of Carrow last year, where crews "
              "worked through the night.")
    c = speaker_claim(quoted)
    assert c is not None and quoted[c.start:c.end].startswith("he was privy to aspects of Ada Holm’s conduct on the "
                                                              "“Harbour Lights” set during")
    short = "Ada Holm said the line will close."
    assert compress_claim(short, 14, len(short) - 1) == (14, len(short) - 1)  # short enough: unchanged


def test_one_speaker_however_the_reports_name_them() -> None:
    assert same_speaker("Ms. Holm", "Ada Holm") and same_speaker("Holm", "Ada Holm")
    assert same_speaker("Acme", "Acme Foods")
    assert not same_speaker("Ada Holm", "Bo Lind")
    assert not same_speaker("one of the agency's sources", "the utility")


def test_who_says_what_gives_each_speaker_their_words_once() -> None:
    said = StoryItem("Ada Holm said on Monday that the ferry line will close in March.", [1], outlets=["Courier"])
    again = StoryItem("“The crossing loses money every winter,” said Ms. Holm, the transport chief.", [2])
    side = StoryItem("Bo Lind said that the crane failed on May 1.", [3])
    plain = StoryItem("The bridge reopened on Monday after repairs to its deck.", [4])
    dispute = Disagreement("date", (DisagreementSide(side.text, 3, "Ledger"),
                                    DisagreementSide("The crane failed on May 2.", 5, "Post")))
    views, told = who_says_what([said, again, side, plain], [dispute])
    assert [v.who for v in views] == ["Ada Holm"]  # one speaker, named as fully as a report names her
    assert [i.text for i in views[0].says] == ["the ferry line will close in March",
                                               "The crossing loses money every winter"]
    assert [i.citations for i in views[0].says] == [[1], [2]] and views[0].says[0].outlets == ["Courier"]
    assert all(i.text in src.text for i, src in zip(views[0].says, [said, again], strict=True))  # exact spans
    assert told == {id(said), id(again)}  # the disagreement side is shown once, in the disagreement
