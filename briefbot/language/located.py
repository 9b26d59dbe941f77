"""Where a sentence puts the asked act: the place names a verb of the question governs.

"He lived with his wife in Ardmoor" puts *living* in Ardmoor; "a Velland resident who moved to
Carrow" does not put living anywhere (no form of the asked verb governs a place).  Only the places
the parse attaches to the asked verb by a preposition ("lived in X", "tested at X and Y") count, so a
place a sentence names for another act ("talks in Velland", "born in Carrow") is no answer to
"where did she live".  Place names are spaCy's GPE, LOC and FAC entities, and a proper noun
under the place preposition that spaCy leaves untyped or takes for a person (:data:`LOOSE_TYPES`).
"""

from __future__ import annotations

from briefbot.language.parse import Parsed, parse, subtree
from briefbot.language.text import fold, stem

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset("in at near outside inside from to into across throughout".split())
"""Prepositions that put an act in a place ("lived in", "trialled at", "moved to")."""


LOOSE_TYPES = frozenset({"", "PERSON"})
"""A proper noun under a place preposition is a place when spaCy types it so, gives it no type, or
takes it for a person (an unfamiliar town name: "lived in Brennick" is read as a PERSON)."""


def _entity_of(p: Parsed, i: int) -> str | None:
    for e in p.entities:
        if e.start <= i < e.end:
            if e.label in PLACE_TYPES or (e.label in LOOSE_TYPES and p.tokens[i].pos == "PROPN"):
                return e.text
            return None
    return p.tokens[i].text if p.tokens[i].pos == "PROPN" else None


def _places_under(p: Parsed, prep: int) -> set[str]:
    """Place entities in a preposition's object phrase (coordinated ones too: "at X and Y")."""
    out: set[str] = set()
    for j in subtree(p, prep):
        name = _entity_of(p, j)
        if name is not None:
            out.add(fold(name).lower().removeprefix("the "))
    return out


def located(text: str, asked: frozenset[str]) -> frozenset[str]:
    """The place names ``text`` attaches, by a place preposition, to a word whose stem is in ``asked``
    (the question's predicate stems), folded and lower-cased; empty when it puts no asked act anywhere."""
    p = parse(text)
    out: set[str] = set()
    for i, tok in enumerate(p.tokens):
        if tok.pos not in ("VERB", "NOUN", "AUX") or stem(tok.text.lower()) not in asked:
            continue
        for j in _own_phrase(p, i):
            if p.tokens[j].dep == "prep" and p.tokens[j].text.lower() in PLACE_PREPS:
                out |= _places_under(p, j)
    return frozenset(out)


def _own_phrase(p: Parsed, i: int) -> list[int]:
    """Tokens under ``i`` not inside another verb's clause ("lived with his wife in X": in;
    "lived there before moving to Y": not to)."""
    out: list[int] = []
    todo = [j for j, t in enumerate(p.tokens) if t.head == i and j != i]
    while todo:
        k = todo.pop()
        if p.tokens[k].pos in ("VERB", "AUX"):
            continue
        out.append(k)
        todo += [j for j, t in enumerate(p.tokens) if t.head == k and j != k]
    return out
