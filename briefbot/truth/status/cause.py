"""The cause slot: "what killed X", "what caused the fire" ask for a cause *of X* (issue 17 item 3).

A story about a person accused of killings is full of sentences with "killing", "deaths" and the
person's name; none of them says what killed the person.  The question names the one the asked
event happened to (X: the one who died, the thing that burned) and asks for what brought it
about.  A sentence fills the slot when, in its parse:

* a word of the asked event — the question's own word for it, and for a killing the words English
  uses for a death (:data:`DEATH_WORDS`) — carries a cause (:func:`cause_attached`): "died of / from /
  after a stroke", "death due to cancer", "a stroke killed him" (a subject that is no person),
  "the fire was caused by a heater" (a passive's agent), "the cause of the crash was ice";
* the one it happened to is X or is left unsaid (:func:`someone_else`): "the 1943 killing of
  civilians" (others died) or "Hale killed three people" (Hale is the killer) is another event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefbot.language.parse import AGENT_TYPES, Parsed
from briefbot.language.text import STOPWORDS, fold, stem, tokens
from briefbot.truth.status import fill

CAUSE_QUESTION = re.compile(
    r"^\s*what\s+(killed|caused|triggered|sparked|started|prompted|led\s+to|set\s+off|brought\s+down)\s+(.+)$"
    r"|^\s*what\s+(?:was|is|were)\s+(?:the\s+)?cause\s+of\s+(.+)$"
    r"|^\s*how\s+did\s+(.+?)\s+die\b")
""""What killed X", "what caused X", "what was the cause of X", "how did X die": the causing verbs
English asks a cause with (a closed class), and X (group 2, 3 or 4)."""
DEATH_WORDS = ("die", "death", "dead")
"""How English says the event of a killing from the side of the one who died."""
KILLING = frozenset({"kill", "die", "death"})
DEATH_PREPS = frozenset({"of", "from"})
"""Prepositions that give a cause of dying ("died of a stroke", "death from cancer"); after any
other word they name a part or the one it happened to ("the killing of civilians")."""
CAUSE_PREPS = frozenset({"after", "following", "amid", "due", "because", "owing"})
"""Prepositions that give a cause of any asked event ("died after a long illness", "closed due to
the storm") when their object is a thing, not a date and not a verb of the same doer ("after
testing …" is a sequence of acts)."""
PATIENT_DEPS = frozenset({"dobj", "obj", "nsubjpass"})
VICTIM_PREPS = frozenset({"of"})


def cause_question(frame_form: str) -> tuple[str, str] | None:
    """(the asked verb, X as typed) of a cause question, or None ("what killed katriuk" →
    ("killed", "katriuk"); "how did hale die" → ("die", "hale"))."""
    m = CAUSE_QUESTION.search(frame_form)
    if m is None:
        return None
    if m.group(1):
        return m.group(1), m.group(2)
    if m.group(3):
        return "cause", m.group(3)
    return "die", m.group(4)


def event_words(verb: str, target: str) -> list[str]:
    """The words that name the asked event in a report: the question's verb and, for a killing,
    the words of dying (:data:`DEATH_WORDS`); for "what caused X", X's own words (the fire)."""
    words = [verb.split()[0]]
    if stem(verb.split()[0]) in {stem(w) for w in KILLING}:
        words += list(DEATH_WORDS)
    else:
        words += [w for w in tokens(target) if w not in STOPWORDS]
    return words


def cause_attached(p: Parsed, i: int, causing: bool = False, target: frozenset[str] = frozenset()) -> bool:
    """Does the event word at ``i`` carry a cause: a preposition of cause (:data:`CAUSE_PREPS`,
    and "of"/"from" after a word of dying) with a thing as its object; when it is the asked causing
    verb (``causing``: "killed", "caused"), a subject that is neither a person nor the asked thing
    (``target``), or a passive's agent; "because" + clause; or "the cause of" it?"""
    tok = p.tokens[i]
    dying = tok.lemma in ("die", "dead", "death")
    for j in fill.children(p, i):
        c = p.tokens[j]
        if c.dep == "prep" and (c.lemma in CAUSE_PREPS or (dying and c.lemma in DEATH_PREPS)):
            objects = [k for k in fill.children(p, j) if p.tokens[k].dep in ("pobj", "pcomp", "prep")]
            if any(p.tokens[k].pos == "NOUN" and p.tokens[k].ent not in ("DATE", "TIME") for k in objects):
                return True
            if c.lemma in ("due", "because") and objects:  # "due to the storm", "because of the leak"
                return True
        if c.dep == "agent" and tok.pos == "VERB" and causing:
            return True
        if c.dep == "advcl" and any(p.tokens[m].dep == "mark" and p.tokens[m].lemma == "because"
                                    for m in fill.children(p, j)):
            return True
        if causing and c.dep == "nsubj" and tok.pos == "VERB" and c.pos == "NOUN" and not person_word(p, j) \
                and stem(c.lemma) not in target:
            return True
    head = p.tokens[tok.head]
    return tok.dep == "pobj" and head.lemma == "of" and p.tokens[head.head].lemma in ("cause", "reason")


PERSON_PRONOUNS = frozenset({"he", "she", "they", "who", "i", "we"})


def person_word(p: Parsed, i: int) -> bool:
    """A person or organisation: a name of one, or a personal pronoun."""
    tok = p.tokens[i]
    return tok.ent in AGENT_TYPES or tok.lemma in PERSON_PRONOUNS or tok.pos == "PROPN"


def undergoers(p: Parsed, i: int) -> list[int]:
    """Who the event at ``i`` happened to: the subject of "died"/"dead", the object of "killed" (or
    the subject of "was killed"), the owner or "of"-object of "death"/"killing"."""
    tok = p.tokens[i]
    out: list[int] = []
    for j in fill.children(p, i):
        c = p.tokens[j]
        if tok.lemma in ("die", "dead") and c.dep in ("nsubj", "nsubjpass"):
            out.append(j)
        elif tok.pos == "VERB" and c.dep in PATIENT_DEPS:
            out.append(j)
        elif tok.pos == "NOUN" and (c.dep == "poss" or c.dep == "prep" and c.lemma in VICTIM_PREPS):
            out += [j] if c.dep == "poss" else [k for k in fill.children(p, j) if p.tokens[k].dep == "pobj"]
    if tok.lemma == "dead" and tok.dep == "acomp":
        out += [k for k in fill.children(p, tok.head) if p.tokens[k].dep == "nsubj"]
    return out


def someone_else(p: Parsed, i: int, target: frozenset[str], named: bool) -> bool:
    """Did the event at ``i`` happen to another than the asked X: a name that is not X's, or — when
    X is one named person — many ("civilians", "thousands")?"""
    for j in undergoers(p, i):
        tok = p.tokens[j]
        own = stem(fold(tok.text)) in target or stem(tok.lemma) in target
        if own or tok.lemma in PERSON_PRONOUNS:
            continue
        if tok.pos == "PROPN" or tok.ent in AGENT_TYPES:
            return True
        if named and (tok.tag in ("NNS", "NNPS") or tok.pos == "NUM"):
            return True
    return False


def gives_cause(p: Parsed, asked_event: Iterable[str], target: Iterable[str], named: bool) -> bool:
    """Does the sentence give a cause of the asked event (:func:`cause_attached`) that happened to
    the asked X, not to someone else (:func:`someone_else`)?  ``asked_event``: the words that name
    the event (:func:`event_words`, the question's verb first); ``target``: the stems of X's words;
    ``named``: X is a name."""
    words = list(asked_event)
    aim = frozenset(target)
    verb = words[:1]
    fill.prefetch(p, words)
    for i, tok in enumerate(p.tokens):
        if tok.pos not in ("VERB", "NOUN", "ADJ") or not fill.says(tok, words):
            continue
        if someone_else(p, i, aim, named):
            continue
        if cause_attached(p, i, tok.pos == "VERB" and fill.says(tok, verb), aim):
            return True
        head = p.tokens[tok.head]  # "the fire started after a short circuit": the asked thing's verb
        if tok.pos == "NOUN" and tok.dep in ("nsubj", "nsubjpass") and head.pos == "VERB" \
                and cause_attached(p, tok.head):
            return True
    return False
