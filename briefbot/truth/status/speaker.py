"""Who is the actor of a sentence: the asked person as the subject of its verb, read from the parse.

"How did Hale respond to the report" and "what did Hale say about the vote" ask for Hale's own
words or deeds; "which poll did Hale point to" asks for a poll Hale is the one pointing to.  A
sentence that names Hale only inside a clause about someone else ("Orsen, who was fired after
clashing with Hale, tweeted a link") or a poll nobody attributes to Hale does not answer.  The
test is the parse of the evidence sentence (never of the question, which spaCy's small model
mis-tags in lower case):

* :func:`actor_tokens` — the words where the asked actor stands as the doer: the subject of a
  verb (active or passive), the agent of a passive ("was denied by Hale"), the object of
  "according to"; reached through the words of its noun phrase ("a Hale spokesman", "Hale's
  lawyer", "Hale and Orsen"), never through a relative clause or a preposition;
* :func:`speaks` — the actor is the one speaking or reacting: the active doer (not a passive
  subject: "Hale was fired" is not Hale's word) of a verb of speech
  (:data:`~briefbot.truth.evidence.SPEECH_LEMMAS`: said, denied, called, declined …) or of the
  asked verb ("reacted" for "how did Hale react"), by name or by a personal pronoun with no other
  name before it (the caller checks that the article names the actor:
  :func:`briefbot.truth.status.slot.mentions`);
* :func:`governs` — a word of the sentence sits in the clause of a verb whose doer is the actor
  ("Hale pointed to the Acme poll", "Hale said the Acme poll shows him ahead"), not in the doer's
  own phrase.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefbot.language.parse import AGENT_TYPES, Parsed, subtree
from briefbot.language.text import fold, stem
from briefbot.truth.evidence import SPEECH_LEMMAS
from briefbot.truth.status import fill

DOER_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
"""A verb's subject, active or passive ("Hale said", "Hale was asked")."""
PHRASE_DEPS = frozenset({"compound", "poss", "flat", "appos", "conj", "amod", "nmod"})
"""How a name sits inside the noun phrase of a doer ("a Hale spokesman", "Hale's lawyer", "the
minister, Hale", "Orsen and Hale"): the phrase speaks for the name.  A relative clause, a
preposition or a verb in between makes it someone else's phrase."""
PHRASE_REACH = 4
"""At most this many phrase links are climbed from a name to the head of its phrase."""
PERSONAL = frozenset({"he", "she", "they", "i", "we"})
ACCORDING = "accord"
"""The lemma of "according" ("according to Hale"), a verb of speech of its own."""


def phrase_head(p: Parsed, i: int) -> int:
    """The head of the noun phrase the word at ``i`` belongs to (climbing :data:`PHRASE_DEPS`)."""
    for _ in range(PHRASE_REACH):
        tok = p.tokens[i]
        if tok.dep not in PHRASE_DEPS or tok.head == i:
            break
        if tok.dep == "conj" and p.tokens[tok.head].pos not in ("PROPN", "NOUN"):
            break  # a conjoined clause, not a conjoined name
        i = tok.head
    return i


def doer_of(p: Parsed, i: int, passive: bool = True) -> int | None:
    """The verb whose doer the phrase headed at ``i`` is: its subject (a passive one only with
    ``passive``), a passive's "by"-agent, the object of "according to" (whose verb is the
    sentence's main one); None when it is not a doer."""
    tok = p.tokens[i]
    if tok.dep in DOER_DEPS and tok.head != i and (passive or tok.dep != "nsubjpass"):
        return tok.head
    if tok.dep == "pobj":
        prep = p.tokens[tok.head]
        if prep.dep == "agent":
            return prep.head
        if prep.lemma == "to" and p.tokens[prep.head].lemma == ACCORDING:
            return prep.head  # "according to Hale": the attribution itself
    return None


def actor_tokens(p: Parsed, actor: Iterable[str], passive: bool = True) -> list[int]:
    """The verbs the asked actor (the stems of its name's words) is the doer of (:func:`doer_of`)."""
    words = frozenset(actor)
    out: list[int] = []
    for i, tok in enumerate(p.tokens):
        if tok.pos not in ("PROPN", "NOUN") or not (stem(fold(tok.text)) in words or stem(tok.lemma) in words):
            continue
        verb = doer_of(p, phrase_head(p, i), passive)
        if verb is not None and verb not in out:
            out.append(verb)
    return out


def pronoun_doers(p: Parsed, passive: bool = True) -> list[int]:
    """The verbs whose subject is a personal pronoun that no name of a person, organisation, group
    or country comes before ("He said the report was false"): the pronoun can only point back to
    whom the article is about."""
    first_name = min((e.start for e in p.entities if e.label in AGENT_TYPES), default=len(p.tokens))
    return [tok.head for i, tok in enumerate(p.tokens)
            if i < first_name and tok.pos == "PRON" and tok.text.lower() in PERSONAL and tok.dep in DOER_DEPS
            and (passive or tok.dep != "nsubjpass")]


def speaks(p: Parsed, actor: Iterable[str], asked: Iterable[str] = ()) -> bool:
    """Is the asked actor (stems) the one speaking or reacting: the active doer, by name
    (:func:`actor_tokens`) or by a pronoun no other name comes before (:func:`pronoun_doers`), of a
    verb of speech or of one that says an asked word (``asked``, as typed: "reacted" for "react")?"""
    words = list(asked)
    verbs = [*actor_tokens(p, actor, passive=False), *pronoun_doers(p, passive=False)]
    return any(p.tokens[v].lemma == ACCORDING or stem(p.tokens[v].lemma) in SPEECH_LEMMAS
               or stem(fold(p.tokens[v].text)) in SPEECH_LEMMAS
               or (words and fill.says(p.tokens[v], words)) for v in verbs)


def governs(p: Parsed, actor: Iterable[str], at: int) -> bool:
    """Does the word at ``at`` sit in the clause of a verb the asked actor is the doer of — by name
    or by a pronoun no other name comes before — and outside the doer's own phrase ("Hale cited
    the Acme poll": the poll is under "cited", whose subject is Hale)?"""
    for verb in [*actor_tokens(p, actor), *pronoun_doers(p)]:
        subjects = set().union(*(subtree(p, j) for j in fill.children(p, verb) if p.tokens[j].dep in DOER_DEPS))
        if at in set(subtree(p, verb)) - subjects:
            return True
    return False
