"""Competing claims on the asked predicate: one report affirms it, another negates or rejects it.

"was the campaign change a shake-up?" — one outlet writes that the staff "had undergone a
major shake-up", another that the adviser "insisted it was not, in fact, a shake-up".  Neither
is a number or a date, and the two sentences need not be close paraphrases (the value and
polarity tests of :mod:`briefbot.truth.conflicts` compare near-identical claims).  The test
here starts from the *question*: its predicate words (the heads, chosen by the caller) are
found in each sentence, and each occurrence gets a polarity:

* **negated** — a negator governs it ("was not, in fact, a shake up"; within
  :data:`NEGATOR_SCOPE` words), or it stands in the complement of a denial verb in force
  ("rejected claims that the timing of the arrest was political", "denied that …");
* **open** — asked or wondered, not stated ("asked what it signified if not a shake-up",
  "it is unclear whether …"), or a refusal to comment ("declined to comment" denies nothing);
* **affirmed** — otherwise.

A disagreement needs an affirmed and a negated sentence carrying the same head, about the
asked event (each names one of the question's names, in the sentence or its article's title,
or they share a name), from different articles — or from one article when the negating
sentence *reports* the denial (a denial verb: someone other than the writer rejects it).

Grammar only: negators, denial verbs and the open-question words are closed classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefbot.language.text import fold, names, stem, tokens
from briefbot.truth.conflicts import Claim, Disagreement, non_answer

NEGATOR_SCOPE = 6
"""A negator governs a predicate word at most this many words after it ("was not, in fact, a shake up")."""
NEGATORS = frozenset("not no never cannot neither nor n't".split())
DENIAL_VERBS = frozenset(stem(w) for w in (
    "deny denied denies denying reject rejected rejects rejecting dismiss dismissed dismisses dismissing "
    "refute refuted refutes dispute disputed disputes disputing rebut rebutted").split())
"""Verbs that reject a claim: every predicate word after them in the sentence is rejected."""
DETERMINER_NEGATORS = frozenset("no neither nor".split())
"""Negators that determine a noun phrase ("no date", "no officers"): they negate that phrase,
not a noun after a preposition ("no date for the meeting" says nothing against the meeting)."""
PREPOSITIONS = frozenset(
    "for of to in on at about with from by over after before between during into since until".split())
"""A closed class: a preposition ends the noun phrase a determiner negator governs."""
OPEN_WORDS = frozenset("whether if asked asks asking wondered wonder unclear unknown".split())
"""Words that make what follows a question, not a statement ("asked whether", "unclear if")."""
OPEN_SCOPE = 8


@dataclass(frozen=True)
class Polarity:
    """The polarity of the asked predicate in one sentence: which heads it affirms, which it negates."""

    affirmed: frozenset[str]
    negated: frozenset[str]
    reported_denial: bool
    """The negation is a denial verb (someone rejects the claim), not the writer's own "not"."""


def _forms(toks: list[str]) -> list[set[str]]:
    """Per token, its stem and the stem of it joined to the next one ("shake up" = "shakeup")."""
    return [{stem(t), stem(t + toks[i + 1]) if i + 1 < len(toks) else stem(t)} for i, t in enumerate(toks)]


def _negator(tok: str) -> bool:
    return tok in NEGATORS or tok.endswith("n't")


def governs(before: list[str], k: int) -> bool:
    """Does the negator ``before[k]`` govern the predicate word that follows ``before``?  A
    determiner negator ("no") only within its own noun phrase: no preposition in between."""
    if before[k] not in DETERMINER_NEGATORS:
        return True
    return not any(t in PREPOSITIONS for t in before[k + 1:])


def _denial_in_force(toks: list[str], i: int) -> bool:
    return stem(toks[i]) in DENIAL_VERBS and not any(_negator(t) for t in toks[max(0, i - 3):i])


def polarity(text: str, heads: frozenset[str]) -> Polarity:
    """How ``text`` uses each asked head: affirmed, negated, or neither (asked, open, absent)."""
    toks = tokens(fold(text))
    if non_answer(text):
        return Polarity(frozenset(), frozenset(), False)
    forms = _forms(toks)
    affirmed: set[str] = set()
    negated: set[str] = set()
    reported = False
    for i, found in enumerate(forms):
        hit = found & heads
        if not hit:
            continue
        before = toks[max(0, i - NEGATOR_SCOPE):i]
        denial = next((j for j in range(i) if _denial_in_force(toks, j)), None)
        negator = next((k for k, t in enumerate(before)
                        if _negator(t) and (k == 0 or before[k - 1] != "if") and governs(before, k)), None)
        if any(t in OPEN_WORDS for t in toks[max(0, i - OPEN_SCOPE):i]) and denial is None:
            continue  # asked or wondered about, not stated
        if denial is not None:
            negated |= hit
            reported = True
        elif negator is not None:
            negated |= hit
        else:
            affirmed |= hit
    return Polarity(frozenset(affirmed - negated), frozenset(negated), reported)


def surface(text: str, heads: frozenset[str]) -> list[str]:
    """The words of ``text`` behind the stems ``heads``, as written ("shake-up", "political")."""
    toks = tokens(fold(text))
    out: list[str] = []
    for i, found in enumerate(_forms(toks)):
        for h in sorted(found & heads):
            word = toks[i] if stem(toks[i]) == h else f"{toks[i]}-{toks[i + 1]}"
            if word not in out and not any(stem(w.replace("-", "")) == h or stem(w) == h for w in out):
                out.append(word)
    return out


def _named(c: Claim) -> frozenset[str]:
    return names(c.text) | names(c.context)


def about_asked(a: Claim, b: Claim, asked_names: frozenset[str]) -> bool:
    """Are both claims about the asked event: each names one of the question's names (in the
    sentence or its article's title), or, when the question names no one, they share a name or
    an article?"""
    if asked_names:
        return bool(_named(a) & asked_names) and bool(_named(b) & asked_names)
    return a.article_id == b.article_id or bool(_named(a) & _named(b))


def contested(claims: Sequence[Claim], heads: frozenset[str], asked_names: frozenset[str] = frozenset()
              ) -> list[Disagreement]:
    """Pairs of claims where one affirms an asked head and the other negates or rejects it
    (module docstring), one disagreement per pair, the affirming side first."""
    if not heads:
        return []
    pol = [polarity(c.text, heads) for c in claims]
    out: list[Disagreement] = []
    for i, a in enumerate(claims):
        for j, b in enumerate(claims):
            shared = pol[i].affirmed & pol[j].negated
            if i == j or not shared or not about_asked(a, b, asked_names):
                continue
            if a.article_id == b.article_id and not pol[j].reported_denial:
                continue  # one writer's "it was" and "it was not" are no two sides
            said = " and ".join(f"“{w}”" for w in surface(a.text, shared))
            out.append(Disagreement("claim", (a.side(), b.side()), f"one report says {said}, another denies it"))
    return out
