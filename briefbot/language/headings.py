"""Headings: a page's heading, menu or credit line names a topic but states nothing about it."""

from __future__ import annotations

from briefbot.language.text import STOPWORDS, raw_tokens


def is_heading(text: str) -> bool:
    """A line whose every word but the function words is capitalised ("2018 FIFA World Cup
    Russia", "Men's Tennis ATP Rankings 2019; 1."): a heading, menu or credit line of a
    page, which names the topic but states nothing about it."""
    words = [w for w, _ in raw_tokens(text) if len(w) > 1 and w[0].isalpha() and w.casefold() not in STOPWORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)
