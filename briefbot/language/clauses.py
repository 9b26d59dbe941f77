"""Clauses of a parsed sentence, and the qualifiers each one carries.

A sentence of reporting often tells two events: "Ada Holm won the final on Saturday, her first
title since 2018" dates the win to Saturday and a past title to 2018.  Which event a year, an
ordinal or a series number belongs to is read from the dependency parse: every token belongs to
the clause of the nearest verb above it (:func:`clause_head`), a "to"-complement ("is scheduled to
take place") sharing its governor's clause, and a clause that describes a noun ("the console
released in 2015", "the player who won in 2018") reaches that noun too (:func:`clause`).

Qualifiers (:func:`qualifier_marks`) are what picks one event of a series: a year ("in 2018"), a
number joined to a noun ("the first season", "season 4", "the 93rd awards", a name with a number:
"Vexa 2") and a quarter written "Q2" (the same as "the second quarter").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefbot.language.parse import Parsed, subtree
from briefbot.language.text import MONTHS, fold, stem
from briefbot.language.values import MARK_DEPS, serial

YEAR = re.compile(r"(?:1[89]|20)\d\d")
QUARTER = re.compile(r"[Qq]([1-4])")
"""A quarter written "Q1" … "Q4" (one token): the same mark as "the first quarter"."""
QUARTER_NOUN = stem("quarter")
CLAUSE_VERB_POS = frozenset({"VERB", "AUX"})
SHARED_DEPS = frozenset({"aux", "auxpass", "xcomp"})
"""A verb under one of these belongs to its governor's clause: an auxiliary, or a "to"-complement
with no subject of its own ("is scheduled to take place on June 21")."""
MONTH_WORDS = frozenset(w.rstrip(".") for w in MONTHS)
"""A day after its month ("October 4") is a date, not a member of a series."""
NOUN_CLAUSE_DEPS = frozenset({"acl", "relcl"})
"""A clause that describes the noun it hangs from ("the console released in 2015")."""


@dataclass(frozen=True)
class Mark:
    """A number picking one of a series: the noun's stem, the number, the token it sits on."""
    noun: str
    number: int
    at: int


def clause_head(p: Parsed, i: int) -> int:
    """The token that heads ``i``'s clause: the nearest verb at or above ``i`` that is not an
    auxiliary or a subjectless complement, or the root."""
    j = i
    for _ in range(len(p.tokens)):
        tok = p.tokens[j]
        if tok.head == j or (tok.pos in CLAUSE_VERB_POS and tok.dep not in SHARED_DEPS):
            return j
        j = tok.head
    return j


def clause(p: Parsed, i: int) -> frozenset[int]:
    """The tokens of ``i``'s clause: those whose clause head is ``i``'s; a clause describing a noun
    reaches that noun's own phrase ("the console released in 2015" for "released"), and a verb
    conjoined without a subject of its own reaches its governor's subject ("Vexa 3 was announced in
    2008 and was released in 2012")."""
    head = clause_head(p, i)
    heads = [clause_head(p, k) for k in range(len(p.tokens))]
    out = {k for k, h in enumerate(heads) if h == head}
    tok = p.tokens[head]
    if tok.dep in NOUN_CLAUSE_DEPS and tok.head != head:
        noun = tok.head
        out |= {k for k in subtree(p, noun) if heads[k] == heads[noun]}
    for j in _to_clauses(p, head):  # "beat Li in the final to win the 2020 title": the doer's own goal
        out |= {k for k, h in enumerate(heads) if h == j}
    if tok.dep == "conj" and tok.head != head and not _has_subject(p, head):
        out |= {k for j, o in enumerate(p.tokens) if o.head == tok.head and j != tok.head
                and o.dep in ("nsubj", "nsubjpass") for k in subtree(p, j)}
    return frozenset(out)


def _to_clauses(p: Parsed, verb: int) -> list[int]:
    """The "to"-clauses of purpose under ``verb`` with no subject of their own: their doer is
    ``verb``'s subject, and what they say is part of its clause ("defeated Li to win the title")."""
    out = []
    for j, t in enumerate(p.tokens):
        if t.head != verb or j == verb or t.dep != "advcl" or t.pos != "VERB":
            continue
        below = [k for k, o in enumerate(p.tokens) if o.head == j and k != j]
        if any(p.tokens[k].dep == "aux" and p.tokens[k].lemma == "to" for k in below) and not _has_subject(p, j):
            out.append(j)
    return out


def _has_subject(p: Parsed, verb: int) -> bool:
    return any(t.head == verb and t.dep in ("nsubj", "nsubjpass") for j, t in enumerate(p.tokens) if j != verb)


def attached_clauses(p: Parsed, i: int) -> frozenset[int]:
    """The tokens of the clauses that describe token ``i`` ("Ada Holm, who won in 2018, …")."""
    out: set[int] = set()
    for j, t in enumerate(p.tokens):
        if t.head == i and j != i and t.dep in NOUN_CLAUSE_DEPS:
            out |= clause(p, j)
    return frozenset(out)


def years_at(p: Parsed, where: frozenset[int] | range) -> frozenset[str]:
    """The years written in the tokens at ``where``."""
    return frozenset(p.tokens[k].text for k in where if YEAR.fullmatch(p.tokens[k].text))


def qualifier_marks(p: Parsed) -> list[Mark]:
    """The numbers that pick one of a series, each with the noun it picks and where it sits: an
    ordinal or a small number joined to a noun ("the first season", "season 4", "Vexa 2") and a
    quarter written "Q2".  A number before its noun counts things ("4 seasons") and picks none."""
    out: list[Mark] = []
    for j, child in enumerate(p.tokens):
        m = QUARTER.fullmatch(child.text)
        if m:
            out.append(Mark(QUARTER_NOUN, int(m.group(1)), j))
            continue
        i = child.head
        if i == j or child.dep not in MARK_DEPS or p.tokens[i].pos not in ("NOUN", "PROPN"):
            continue
        if fold(p.tokens[i].text).rstrip(".") in MONTH_WORDS or (child.dep == "amod" and p.tokens[i].tag == "NNS"):
            continue  # "October 4" is a date; "third countries", "first responders" pick no one of a series
        n = serial(child.text)
        if n is not None and (child.dep == "amod" or child.pos == "NUM" and j > i):
            out.append(Mark(stem(fold(p.tokens[i].text)), n, j))
    return out


def asked_marks(p: Parsed) -> dict[str, frozenset[int]]:
    """Per noun, the numbers a question picks it by (:func:`qualifier_marks`)."""
    out: dict[str, set[int]] = {}
    for m in qualifier_marks(p):
        out.setdefault(m.noun, set()).add(m.number)
    return {k: frozenset(v) for k, v in out.items()}
