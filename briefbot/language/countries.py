"""Countries as entities: a nationality adjective and its country are one name.

A question asks about "American officials" or "the Russian side"; the articles write
"U.S. officials", "the United States", "Russia's foreign ministry".  Every form of a
country — its English names, its demonyms and its ISO codes ("U.S.", "USA") — names the
same entity, so a passage that mentions any one form vouches for all the others
(:func:`country_stems`, used by :func:`briefbot.truth.evidence.names_in`).

This is general world vocabulary like the calendar's, not story words: the table
(:mod:`briefbot.language.country_table`) covers every ISO 3166 country and territory and is
generated from the ``countryinfo`` package's data by ``scripts/make_country_table.py``.

Codes are matched only in capitals ("US", "U.S.", "RUS") and only in text that is not
written all in capitals (a shouted headline's "US" may be the pronoun).  A two-letter code
is sometimes an acronym too ("AI" is Anguilla's); that can only vouch for the country's
own names, never make another name present.
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefbot.language.country_table import COUNTRIES
from briefbot.language.text import STOPWORDS, stem, tokens

CODE = re.compile(r"(?<![\w.])(?:[A-Z]\.?){2,3}(?![\w])")
"""A capitalised code, dotted or not ("US", "U.S.", "USA", "U.K.")."""


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[tuple[tuple[str, ...], int]]], dict[str, int]]:
    """({first word: [(form's words, entry)], longest first}, {code: entry})."""
    forms: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    codes: dict[str, int] = {}
    for i, (names, isos) in enumerate(COUNTRIES):
        for form in names:
            words = tuple(tokens(form))
            if words:
                forms.setdefault(words[0], []).append((words, i))
        for code in isos:
            codes.setdefault(code, i)
    for alternatives in forms.values():
        alternatives.sort(key=lambda a: len(a[0]), reverse=True)  # "United States of America" first
    return forms, codes


def countries_in(text: str) -> frozenset[int]:
    """Indices (into :data:`COUNTRIES`) of the countries ``text`` names in any form."""
    forms, codes = _tables()
    found = set()
    words = tokens(text)
    covered = 0  # words inside a longer name found before ("Samoa" in "American Samoa")
    for k, word in enumerate(words):
        for form, entry in forms.get(word, ()) if k >= covered else ():
            if tuple(words[k:k + len(form)]) == form:
                found.add(entry)
                covered = k + len(form)
                break
    if any(ch.islower() for ch in text):  # codes only where capitals mean something
        for m in CODE.finditer(text):
            entry = codes.get(m.group(0).replace(".", ""))
            if entry is not None:
                found.add(entry)
    return frozenset(found)


@lru_cache(maxsize=1)
def _entry_stems() -> tuple[frozenset[str], ...]:
    """Per entry, the stems of its forms' words — without a word that is on its own another
    country's name ("American" in "American Samoa", "Guinea" in "Papua New Guinea")."""
    single = {}
    for i, (names, _) in enumerate(COUNTRIES):
        for form in names:
            words = tokens(form)
            if len(words) == 1:
                single.setdefault(words[0], i)
    out = []
    for i, (names, isos) in enumerate(COUNTRIES):
        words = {w for form in names for w in tokens(form) if w not in STOPWORDS and single.get(w, i) == i}
        out.append(frozenset(stem(w) for w in words | {c.lower() for c in isos}))
    return tuple(out)


@lru_cache(maxsize=8192)
def country_stems(text: str) -> frozenset[str]:
    """Stems of every form of every country ``text`` names: "U.S. officials" vouches for
    "american", "unit", "state", "us", "usa"; "Russia's" for "russian"."""
    stems = _entry_stems()
    return frozenset().union(*(stems[i] for i in countries_in(text)))
