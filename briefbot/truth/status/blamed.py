"""Whom each report blames: two reports putting the fault on different parties are two sides.

"Hale blamed the media for his slide" and "aides pointed to turmoil inside the campaign" are the
two accounts of one fall; "whose fault is the slide" answered from the first alone is answered
from one side.  :func:`blamed` reads what a blame word puts the fault on, by grammar: the object of
*blame*/*accuse* ("blamed the media"), the subject of a passive ("the crew was blamed"), the owner
of a *fault* ("the operator's fault", "the fault of the operator"), the subject of
*responsible*/*to blame*/*at fault* ("the contractor is responsible"); a pronoun blamed is no side.  Two claims of
different articles whose blamed phrases share no content word and are not close in meaning (MiniLM
cosine below :data:`BLAME_APART`) are rivals (:func:`blame_rivals`); when both blame the same party
("the media" / "the press and the media", "the media" / "news organizations") they agree.

Grammar only: the blame words are the closed class of :data:`briefbot.truth.status.blame.BLAME_LEMMAS`.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.parse import CONTENT_POS, Parsed, Token, children, parse, subtree
from briefbot.store.embeddings import encode_word
from briefbot.truth.conflicts import Claim, Disagreement
from briefbot.truth.status.blame import BLAME_LEMMAS

OBJECT_DEPS = frozenset({"dobj", "obj"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PRONOUN_TARGETS = frozenset({"it", "this", "that", "they", "them", "he", "she", "him", "her"})
"""A pronoun blamed says nothing of whom (its antecedent is in another sentence): no side."""
BLAME_APART = 0.42
"""MiniLM cosine of the two blamed phrases below which they are different parties.  Measured on
invented pairs: media/news organizations 0.44, crew/night crew members 0.74 (one party); rogue
workers/systemic problem 0.23, tweet/dysfunction office 0.16, station/management 0.31 (two).  Not
a clean cut: media/press is 0.35 (one party, but sharing no word it would pass) and workers/company
0.53 (two, missed), so the shared-word test comes first."""


def _phrase(p: Parsed, i: int) -> frozenset[str]:
    """Content lemmas of the phrase under token ``i`` (its "for ..." reason left out)."""
    return frozenset(t.lemma.lower() for t in _phrase_tokens(p, i))


def _phrase_tokens(p: Parsed, i: int) -> list[Token]:
    out: list[Token] = []
    skip: set[int] = set()
    for j in subtree(p, i):
        t = p.tokens[j]
        if t.dep == "prep" and (t.text.lower() == "for" or any(p.tokens[k].dep == "pcomp" for k in children(p, j))):
            skip |= set(subtree(p, j))  # the reason: "for his slide", "of airing the call"
        if j not in skip and t.pos in CONTENT_POS and t.pos != "VERB":
            out.append(t)
    return out


def _target(p: Parsed, i: int) -> frozenset[str]:
    tok = p.tokens[i]
    kids = children(p, i)
    if tok.pos == "VERB":
        deps = SUBJECT_DEPS - {"nsubj"} if tok.lemma in ("blame", "accuse") else SUBJECT_DEPS
        objects = [k for k in kids if p.tokens[k].dep in OBJECT_DEPS]
        if tok.lemma in ("blame", "accuse") and objects:
            return _phrase(p, objects[0])
        subjects = [k for k in kids if p.tokens[k].dep in deps]
        return _phrase(p, subjects[0]) if subjects else frozenset()
    if tok.lemma == "fault":
        owners = [k for k in kids if p.tokens[k].dep == "poss"]
        owners += [g for k in kids if p.tokens[k].dep == "prep" and p.tokens[k].text.lower() == "of"
                   for g in children(p, k) if p.tokens[g].dep == "pobj"]
        if owners:
            return _phrase(p, owners[0])
    head = tok.head  # "the contractor is responsible", "the crew was at fault"
    while p.tokens[head].dep in ("prep", "pobj", "acomp", "attr") and p.tokens[head].head != head:
        head = p.tokens[head].head
    subjects = [k for k in children(p, head) if p.tokens[k].dep in SUBJECT_DEPS]
    return _phrase(p, subjects[0]) if subjects else frozenset()


def blamed(text: str) -> frozenset[str]:
    """The content lemmas of what ``text`` puts the fault on (module docstring); empty when it blames
    no one it names (no blame word, a denial of blame, or a pronoun)."""
    p = parse(text)
    for i, tok in enumerate(p.tokens):
        if tok.lemma.lower() not in BLAME_LEMMAS:
            continue
        if any(p.tokens[k].dep == "neg" for k in children(p, i)) or any(
                p.tokens[k].dep == "neg" for k in children(p, tok.head)):
            continue
        found = _target(p, i) - PRONOUN_TARGETS
        if found:
            return found
    return frozenset()


def blamed_words(text: str) -> str:
    """The blamed phrase's content words as written ("news organizations"), for the closeness test:
    the lemma of "media" is "medium", which MiniLM reads as another word."""
    lemmas = blamed(text)
    return " ".join(t.text.lower() for t in parse(text).tokens if t.lemma.lower() in lemmas)


def blame_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """The two claims blame different parties: each blames someone, and the blamed phrases share
    no content word."""
    ta, tb = blamed(a.text), blamed(b.text)
    if not ta or not tb or ta & tb:
        return None
    if float(encode_word(blamed_words(a.text)) @ encode_word(blamed_words(b.text))) >= BLAME_APART:
        return None
    return "claim", "the reports put the fault on different parties"


def blame_rivals(claims: Sequence[Claim], limit: int = 1) -> list[Disagreement]:
    """Pairs of claims from different articles that blame different parties (:func:`blame_conflict`)."""
    out: list[Disagreement] = []
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if a.article_id == b.article_id:
                continue
            found = blame_conflict(a, b)
            if found is not None:
                out.append(Disagreement(found[0], (a.side(), b.side()), found[1]))
                if len(out) >= limit:
                    return out
    return out
