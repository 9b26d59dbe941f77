"""A statement several articles carry is shown in a copy that stands alone (writing/voice.py).

Invented sentences; plain Evidence records (no index, no model needed)."""

from __future__ import annotations

from briefbot.truth.evidence import Evidence
from briefbot.writing.voice import standalone_voice, standalone_voices
from briefbot.writing.writer import opens_with_pointer


def ev(text: str, article: str, source: str = "Outlet", score: float = 0.0) -> Evidence:
    return Evidence(article, f"{article}:0", "title", source, None, None, text, 10, 10 + len(text), score=score)


def test_a_pointing_item_speaks_in_a_copy_that_stands_alone_and_still_cites_every_copy() -> None:
    dangling = ev("It has been stalled for months despite the backing of at least 60 council members.", "a1",
                  "Harbor Ledger", score=0.9)
    plain = ev("The Tarnwick zoning plan has long been stalled, even though at least 60 council members back it.",
               "a2", "Valley Post")
    other = ev("It was stalled again last week.", "a3", "Ridge Daily")
    dangling.duplicates = [other, plain]
    got = standalone_voice(dangling)
    assert got.text == plain.text and got.article_id == "a2" and got.source == "Valley Post"
    assert got.score == 0.9  # the item keeps its place and scores
    assert [d.article_id for d in got.duplicates] == ["a1", "a3"]  # every copy still cited
    assert not opens_with_pointer(got.text)
    assert got.outlets == ["Valley Post", "Harbor Ledger", "Ridge Daily"]


def test_an_item_that_stands_alone_or_has_no_better_copy_is_unchanged() -> None:
    plain = ev("The Tarnwick zoning plan was approved on Monday.", "b1")
    plain.duplicates = [ev("It was approved on Monday.", "b2")]
    assert standalone_voice(plain) is plain
    lone = ev("It was approved on Monday after a long debate.", "b3")
    assert standalone_voice(lone) is lone
    both = ev("It was approved on Monday after a long debate.", "b4")
    both.duplicates = [ev("He said it was approved on Monday.", "b5")]
    assert standalone_voice(both) is both


def test_the_order_of_the_evidence_is_kept() -> None:
    items = [ev("The ferry service resumed on Friday.", "c1"), ev("It had stopped for two weeks.", "c2")]
    items[1].duplicates = [ev("The ferry service had stopped for two weeks.", "c3")]
    got = standalone_voices(items)
    assert got[0] is items[0] and got[1].article_id == "c3"
