"""Sentence-aware chunking: exact offsets, sentence boundaries, word budget, ids."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from briefbot.sources.articles import Article, load_sources
from briefbot.sources.chunking import (
    chunk_article,
    chunk_spans,
    date_number,
    split_sentences,
    word_count,
)


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def check_article(art: Article, chunk_words: int = 150, overlap: int = 1) -> int:
    """Assert every invariant for one article; return the number of chunks."""
    text = art.text
    sents = split_sentences(text)
    for prev, cur in zip(sents, sents[1:], strict=False):
        assert prev.end <= cur.start
    for s in sents:
        piece = text[s.start : s.end]
        assert piece == piece.strip() and piece
    docs = chunk_article(art, chunk_words, overlap)
    if any(ch.isalnum() for ch in text):
        assert docs, art.id
    starts = {s.start for s in sents}
    ends = {s.end for s in sents}
    covered = set()
    for index, doc in enumerate(docs):
        meta = doc.metadata
        start, end = meta["start"], meta["end"]
        assert doc.page_content == text[start:end], (art.id, index)
        assert start in starts and end in ends  # chunks are runs of whole sentences
        assert meta["chunk_index"] == index
        assert meta["article_id"] == art.id
        assert meta["content_hash"] == art.content_hash
        assert doc.id == f"{art.id}::{art.content_hash[:12]}::{index}"
        inside = [s for s in sents if s.start >= start and s.end <= end]
        if len(inside) > 1:
            words = sum(word_count(text[s.start : s.end]) for s in inside)
            assert words <= chunk_words, (art.id, index)
        covered.update(inside)
    assert covered == set(sents), art.id  # no sentence is lost
    assert len({d.id for d in docs}) == len(docs)
    for a, b in zip(docs, docs[1:], strict=False):
        assert b.metadata["start"] > a.metadata["start"]
        a_sents = [s for s in sents if a.metadata["start"] <= s.start < a.metadata["end"]]
        shared = [s for s in a_sents if s.start >= b.metadata["start"]]
        # neighbours share ``overlap`` sentences, never a whole chunk
        assert len(shared) == min(overlap, len(a_sents) - 1), (art.id, a.id)
    return len(docs)


# ---------------------------------------------------------------------- sentences
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Senate paused the bill. Lawmakers gave no date.",
            ["The U.S. Senate paused the bill.", "Lawmakers gave no date."],
        ),
        (
            "Officials in the U.K. and the U.N. agreed. Talks resume Monday.",
            ["Officials in the U.K. and the U.N. agreed.", "Talks resume Monday."],
        ),
        ("Mr. Smith met Dr. Jones in Washington, D.C. on Friday.", None),
        (
            "Prices rose, e.g. for fuel. Wages did not.",
            ["Prices rose, e.g. for fuel.", "Wages did not."],
        ),
        (
            "The vote is at 3 p.m. on Monday. It may slip.",
            ["The vote is at 3 p.m. on Monday.", "It may slip."],
        ),
        (
            "J. R. R. Tolkien wrote it. Nobody disputes that.",
            ["J. R. R. Tolkien wrote it.", "Nobody disputes that."],
        ),
        (
            "Was it cancelled? No! It was postponed.",
            ["Was it cancelled?", "No!", "It was postponed."],
        ),
        (
            'He said "the talks are over." Then he left.',
            ['He said "the talks are over."', "Then he left."],
        ),
        ("Growth was 2.5 percent in Q3. Inflation was 3.1 percent.", None),
        ("Headline without a full stop\nBody sentence one. Body two.", None),
        ("First paragraph ends here.\n\n\nSecond paragraph.", None),
        (
            "Ellipsis trails off… Then a new sentence.",
            ["Ellipsis trails off…", "Then a new sentence."],
        ),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str] | None) -> None:
    got = sentences(text)
    if expected is None:
        expected = {
            "Mr. Smith met Dr. Jones in Washington, D.C. on Friday.": [text],
            "Growth was 2.5 percent in Q3. Inflation was 3.1 percent.": [
                "Growth was 2.5 percent in Q3.",
                "Inflation was 3.1 percent.",
            ],
            "Headline without a full stop\nBody sentence one. Body two.": [
                "Headline without a full stop",
                "Body sentence one.",
                "Body two.",
            ],
            "First paragraph ends here.\n\n\nSecond paragraph.": [
                "First paragraph ends here.",
                "Second paragraph.",
            ],
        }[text]
    assert got == expected


def test_us_never_splits_inside_corpus(corpus_dir: Path) -> None:
    arts = [a for a in load_sources([corpus_dir]) if isinstance(a, Article)]
    hits = 0
    for art in arts:
        for sent in sentences(art.text):
            assert sent not in ("U.S.", "the U.S.") and not sent.startswith("S. ")
            hits += sent.count("U.S.")
            assert not sent.endswith(("U.S", "Mr", "Dr"))
    assert hits > 5  # the corpus really exercises the abbreviation


def test_no_text_no_chunks() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []
    assert chunk_spans("--- *** ---") == []
    art = Article(id="x", title="x", text="— …")
    assert chunk_article(art) == []


# ---------------------------------------------------------------------- chunks
def test_word_budget_and_overlap() -> None:
    sents = [f"Sentence number {i} has exactly seven words." for i in range(60)]
    text = " ".join(sents)
    spans = chunk_spans(text, chunk_words=50, overlap=1)
    # 7 words per sentence, 50-word budget: 7 sentences per chunk, 1 repeated
    pieces = [text[s.start : s.end] for s in spans]
    assert all(word_count(p) == 49 for p in pieces[:-1])
    assert pieces[0].startswith("Sentence number 0 ") and pieces[1].startswith("Sentence number 6 ")
    assert pieces[-1].endswith("Sentence number 59 has exactly seven words.")
    no_overlap = chunk_spans(text, chunk_words=50, overlap=0)
    assert len(no_overlap) < len(spans)
    assert all(a.end < b.start for a, b in zip(no_overlap, no_overlap[1:], strict=False))


def test_long_sentence_is_its_own_chunk() -> None:
    long = "Word " + " ".join(["word"] * 400) + "."
    text = f"Short one. {long} Short two."
    spans = chunk_spans(text, chunk_words=150, overlap=1)
    pieces = [text[s.start : s.end] for s in spans]
    assert long in pieces


def test_chunk_ids_and_metadata() -> None:
    art = Article(
        id="a-1",
        title="Title",
        text="One sentence here. Another sentence there.",
        source="Wire",
        published="2024-03-05",
        url="https://example.org/a",
        author="Kim",
    )
    docs = chunk_article(art)
    assert len(docs) == 1
    meta = docs[0].metadata
    assert meta["published_ts"] == 20240305
    assert (meta["title"], meta["source"], meta["url"], meta["author"]) == (
        "Title",
        "Wire",
        "https://example.org/a",
        "Kim",
    )
    assert all(v is not None for v in meta.values())  # Chroma cannot store None
    bare = chunk_article(Article(id="b", title="B", text="Text."))[0].metadata
    assert (bare["published"], bare["published_ts"], bare["url"], bare["author"]) == ("", 0, "", "")
    # deterministic ids; any content change gives new ids
    assert [d.id for d in chunk_article(art)] == [d.id for d in docs]
    changed = Article(**{**art.to_dict(), "title": "Other"})
    assert chunk_article(changed)[0].id != docs[0].id
    assert date_number(None) == 0 and date_number("2023-12-18") == 20231218


# ---------------------------------------------------------------------- real articles
def test_offsets_on_corpus(corpus_dir: Path) -> None:
    arts = [a for a in load_sources([corpus_dir]) if isinstance(a, Article)]
    assert len(arts) == 19
    total = sum(check_article(a) for a in arts)
    assert total >= len(arts)
    assert sum(check_article(a, chunk_words=40, overlap=2) for a in arts) > total


def test_offsets_on_multihop_articles(multihop_articles: Path) -> None:
    arts = [a for a in load_sources([multihop_articles]) if isinstance(a, Article)]
    assert len(arts) == 307
    for art in arts:
        check_article(art)
        check_article(art, chunk_words=30, overlap=0)


def test_offsets_on_long_news_articles(shared_dir: Path) -> None:
    path = shared_dir / "evaldata" / "sum_dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    n_chunks = 0
    for rec in records:
        art = Article(id=rec["id"], title=rec["title"] or rec["id"], text=rec["text"].strip())
        n_chunks += check_article(art)
    assert n_chunks > len(records)  # long articles really are split


def test_offsets_on_generated_texts() -> None:
    rng = random.Random(7)
    pieces = [
        "The U.S. envoy arrived.",
        "Mr. Lee said no.",
        "Talks resumed at 9 a.m. on Monday.",
        "Why?",
        "It is unclear!",
        '"We will see," she said.',
        "Prices rose 2.5%.",
        "(A source said so.)",
        "e.g. oil",
        "A very long clause without any ending",
        "Dr. Ode, Jr. replied.",
        "Ukraine…",
        "   ",
        "\n",
        "\n\n",
        "\t",
        "\u00a0",
        "—",
    ]
    for n in range(300):
        text = "".join(rng.choice(pieces) + rng.choice([" ", "", "\n", "  "]) for _ in range(60))
        art = Article(id=f"g{n}", title="g", text=text)
        check_article(art, chunk_words=rng.choice([5, 20, 150]), overlap=rng.choice([0, 1, 2]))


# ---------------------------------------------------------------------- hostile text (issue 21)
def test_a_run_of_dots_is_one_boundary_and_capped_pieces() -> None:
    """N1: 60,000 dots after a sentence.  The sentence before it stays whole; the run is cut
    into pieces of at most MAX_SENTENCE_CHARS, and pieces without a letter or digit are
    dropped.  (Speed: tests/test_complexity.py.)"""
    from briefbot.sources.chunking import MAX_SENTENCE_CHARS

    text = "The talks collapsed. " + "." * 60_000 + "x"
    spans = split_sentences(text)
    assert text[spans[0].start:spans[0].end] == "The talks collapsed."
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert text[spans[-1].start:spans[-1].end].endswith("x") and len(spans) == 2


def test_an_overlong_sentence_is_cut_at_whitespace() -> None:
    from briefbot.sources.chunking import MAX_SENTENCE_CHARS

    words = " ".join(f"Word{i}" for i in range(1500))  # ~12,000 characters, no terminator
    text = "Start here. " + words + ". End."
    spans = split_sentences(text)
    pieces = [text[s.start:s.end] for s in spans]
    assert pieces[0] == "Start here." and pieces[-1] == "End."
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in pieces)
    assert " ".join(pieces[1:-1]) == words + "."  # cut only at spaces: every word kept whole


def test_terminator_runs_still_end_sentences() -> None:
    text = "Wait... What?! He left.\u201d Then she spoke."
    assert [text[s.start:s.end] for s in split_sentences(text)] == ["Wait...", "What?!", "He left.\u201d",
                                                                     "Then she spoke."]


def test_a_terminator_glued_to_the_next_sentence_still_ends_its_sentence() -> None:
    text = "The mill closed in 2009.Officials say it may reopen. It made the evening news.A fire followed."
    got = [text[s.start:s.end] for s in split_sentences(text)]
    assert got == ["The mill closed in 2009.", "Officials say it may reopen.", "It made the evening news.",
                   "A fire followed."]


def test_glued_abbreviations_names_and_addresses_stay_whole() -> None:
    for text in ("She moved to St.Louis last year.", "The U.S.Navy said nothing.", "Mrs.Okafor spoke first.",
                 "See example.com for the list.", "Version 2.0 ships today."):
        assert [text[s.start:s.end] for s in split_sentences(text)] == [text]
