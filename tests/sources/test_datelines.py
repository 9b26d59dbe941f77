"""Datelines (:mod:`briefbot.sources.datelines`): outlet and date from the top of plain text (pure)."""

from __future__ import annotations

import pytest

from briefbot.sources.datelines import credit_line, find_dateline, iso_date, strip_line


@pytest.mark.parametrize(("text", "iso"), [
    ("24 October 2025", "2025-10-24"),
    ("Oct. 24, 2025", "2025-10-24"),
    ("October 24 2025", "2025-10-24"),
    ("Friday, 24 Oct 2025", "2025-10-24"),
    ("Sept 3, 2024", "2024-09-03"),
    ("2025-10-24", "2025-10-24"),
    ("31 February 2025", None),
    ("last Tuesday", None),
])
def test_iso_date(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_credit_lines_need_a_name_and_a_date_alone_on_their_line() -> None:
    assert credit_line("Lakeside Courier, 24 October 2025") == ("Lakeside Courier", "2025-10-24")
    assert credit_line("Lakeside Courier — Oct 24, 2025") == ("Lakeside Courier", "2025-10-24")
    assert credit_line("The Valley Post | 2025-10-24") == ("The Valley Post", "2025-10-24")
    assert credit_line("Published: 24 October 2025") == (None, "2025-10-24")
    assert credit_line("24 October 2025") == (None, "2025-10-24")
    # a sentence that contains a date is not a credit line
    assert credit_line("The council said the bridge opened on 24 October 2025.") is None
    assert credit_line("Officials met on 24 October 2025 to discuss the repairs at length") is None


def test_find_dateline_forms() -> None:
    txt = "Footbridge opens\nLakeside Courier, 24 October 2025\nThe footbridge opened on Friday."
    d = find_dateline(txt)
    assert (d.source, d.published, d.line) == ("Lakeside Courier", "2025-10-24", 1)
    assert strip_line(txt, d.line) == "Footbridge opens\nThe footbridge opened on Friday."
    wire = find_dateline("Talks resume\n\nLONDON (Reuters) — Negotiators met again on Monday.")
    assert (wire.source, wire.published, wire.line) == ("Reuters", None, None)
    first = find_dateline("24 October 2025\nThe footbridge opened on Friday, the council said.")
    assert (first.source, first.published, first.line) == (None, "2025-10-24", 0)
    none = find_dateline("A headline\nThe council said on 24 October 2025 that the bridge opened.")
    assert (none.source, none.published, none.line) == (None, None, None)


def test_a_txt_article_keeps_its_outlet_and_date() -> None:
    from briefbot.sources.articles import parse_text

    art = parse_text("Footbridge opens to walkers\nLakeside Courier, 24 October 2025\n\nThe Lakeside footbridge "
                     "opened on Friday, the council said.\n", "x.txt", "x")
    assert (art.title, art.source, art.published) == ("Footbridge opens to walkers", "Lakeside Courier", "2025-10-24")
    assert "Lakeside Courier, 24 October" not in art.text and art.text.startswith("The Lakeside footbridge")
    wire = parse_text("Talks resume\nLONDON (Reuters) — Negotiators met again on Monday.\n", "y.txt", "y")
    assert wire.source == "Reuters" and wire.text.startswith("LONDON (Reuters)")
