"""Conversations: a follow-up question becomes a typed :class:`FollowUp` and then a question frame.

"and what did they say?" after "Why was the Hale–Moreno meeting postponed?" keeps its
own words as the question and borrows the earlier question's words as context and its
names (for the evidence); "he"/"she" is replaced by the person the last answer or
question named.  The parts stay typed: :func:`follow_up_focus` makes the turn's question
frame from them, and the chain searches with that frame's text and its one vector.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from briefbot.language.gazetteer import DETERMINERS, Gazetteer
from briefbot.language.question import SAY_QUESTION, Focus, analyse_question
from briefbot.language.text import tokens
from briefbot.truth.verify import content_words, names, stem

Message = dict[str, str]

_FOLLOW_UP = re.compile(
    r"^\s*(?:and|but|so|also|then|what about|how about|and what|what else)\b"
    r"|\b(?:he|she|they|them|his|her|their|it|its|that|this|those|these|there)\b",
    re.I,
)

_PERSON_PRONOUN = re.compile(r"\b(?:he|she|him|his|her)\b", re.I)
_PERSON = re.compile(r"\b[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+)+")

def normalize_history(history: Sequence[Any] | None) -> list[Message]:
    """Accept ``[{"role", "content"}]`` (Gradio messages) or ``[(user, assistant)]`` pairs."""
    out: list[Message] = []
    for item in history or []:
        if isinstance(item, dict):
            role, content = item.get("role"), item.get("content")
            if role in ("user", "assistant") and isinstance(content, str):
                out.append({"role": role, "content": content})
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            if item[0]:
                out.append({"role": "user", "content": str(item[0])})
            if item[1]:
                out.append({"role": "assistant", "content": str(item[1])})
    return out


@dataclass(frozen=True)
class FollowUp:
    """A question with the terms it borrows from the conversation, kept apart (typed),
    so nothing downstream parses a rewritten string back into its parts."""

    question: str
    """What is asked now (leading "and"/"but" removed)."""
    context: tuple[str, ...] = ()
    """Words of the earlier question that the question does not repeat."""
    person: str | None = None
    """The person a "he"/"she" in the question means (:func:`referent`), put in its place
    by :attr:`resolved`."""

    @property
    def resolved(self) -> str:
        """The question with the person put in for the pronoun ("What did he tell
        reporters?" -> "What did Jo Carter tell reporters?")."""
        if not self.person:
            return self.question
        person = self.person

        def put(m: re.Match[str]) -> str:
            return f"{person}'s" if m.group(0).lower() == "his" else person

        return _PERSON_PRONOUN.sub(put, self.question, count=1)

    @property
    def borrowed(self) -> tuple[str, ...]:
        """The context terms the resolved question does not already say."""
        own = content_words(self.resolved)
        return tuple(t for t in self.context if not content_words(t) <= own)

    @property
    def query(self) -> str:
        """The standalone question that is searched, embedded once and judged against:
        the resolved question followed by the borrowed terms."""
        return " ".join((self.resolved, *self.borrowed))

    @property
    def text(self) -> str:
        """The standalone form shown to users: ``"Q? (context: terms)"`` (display only)."""
        return f"{self.resolved} (context: {' '.join(self.borrowed)})" if self.borrowed else self.resolved


def rewrite_follow_up(question: str, history: list[Message], gazetteer: Gazetteer | None = None) -> FollowUp:
    """Make a follow-up question standalone using the previous user question.

    "and what did the Senate do?" after "Why was the Hale–Moreno meeting postponed?"
    becomes ``FollowUp("What did the Senate do?", ("Hale–Moreno", "meeting", "postponed"))``:
    the new question leads, the earlier topic narrows the search.
    """
    previous = [m["content"] for m in history if m["role"] == "user"]
    if not previous:
        return FollowUp(question)
    # A follow-up either refers back ("they", "and what…") or names nothing itself.
    if not _FOLLOW_UP.search(question) and analyse_question(question, gazetteer).names:
        return FollowUp(question)
    stripped = re.sub(r"^\s*(?:and|but|so|also|then)\s+", "", question, flags=re.I).strip()
    if stripped:
        stripped = stripped[0].upper() + stripped[1:]
    # "what did he tell reporters?" asks about the person meant
    person = referent(history, gazetteer) if _PERSON_PRONOUN.search(stripped) else None
    own = content_words(stripped) | (content_words(person) if person else frozenset())
    terms: list[str] = []
    for word in re.findall(r"[\w'’–-]+", previous[-1]):
        if content_words(word) and not content_words(word) <= own and word not in terms:
            terms.append(word)
    budget = 6 - (len(person.split()) if person else 0)  # six borrowed words in all, the person's first
    return FollowUp(stripped, tuple(terms[:budget]), person)


PERSON_ALONE = 0.2
"""A full name is a person's when the corpus writes its last word (the surname) standing
alone at least this share of its capitalised uses (:meth:`Gazetteer.alone_share`: "Carter
said", "told Moreno").  On corpus/ surnames score 0.35-0.5 and the heads of institutions'
and laws' names 0.0 ("the Senate", "White House", "the Act", "Foreign Ministry"), so the
cut sits in the wide gap between."""


def person_name(words: list[str], before: str, gazetteer: Gazetteer | None = None) -> str | None:
    """The person's full name in a run of capitalised ``words`` (``before``: the word in front
    of the run), or None when the run names an institution, a law or a place.

    Told apart by how the text and the corpus use the words, not by a list: a run after a
    determiner is a thing ("the Fishing Quotas Act", "a White House official"); titles
    are the words of the run the corpus mostly writes in lower case ("leader", "president",
    "secretary of state"), so the name is what follows the last of them; and the surname
    must stand alone elsewhere in the corpus (:data:`PERSON_ALONE`)."""
    if before.casefold() in DETERMINERS:
        return None
    if gazetteer is not None:
        titles = [i for i, w in enumerate(words) if stem(w) in gazetteer.vocabulary and stem(w) not in gazetteer.names]
        words = words[titles[-1] + 1:] if titles else words
        share = gazetteer.alone_share(words[-1]) if words else None
        if share is not None and share < PERSON_ALONE:
            return None
    return " ".join(words) if len(words) >= 2 else None


def _word_before(text: str, pos: int) -> str:
    """The whitespace-separated word ending before ``pos`` ("" at the start).  Reads back only
    over that word and the gap before ``pos`` (not ``text[:pos]`` per name: that was quadratic
    in a long answer of names, issue 21 N2)."""
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def referent(history: list[Message], gazetteer: Gazetteer | None = None) -> str | None:
    """The person a "he"/"she" most likely means: the first full name in the last answer
    ("Republican leader Jo Carter spoke…" -> "Jo Carter"; :func:`person_name`), else the
    speaker of the last question ("what did Hale say?")."""
    answers = [m["content"] for m in history if m["role"] == "assistant"]
    for text in answers[-1:]:
        for m in _PERSON.finditer(text):
            person = person_name(m.group(0).split(), _word_before(text, m.start()), gazetteer)
            if person:
                return person
    questions = [m["content"] for m in history if m["role"] == "user"]
    said = SAY_QUESTION.search(questions[-1]) if questions else None
    if said and said.group(1).lower() not in ("he", "she", "they"):
        return said.group(1)
    return None


def follow_up_focus(follow: FollowUp, history: list[Message], gazetteer: Gazetteer | None = None) -> Focus:
    """The frame of a follow-up: what it asks, judged on its own (resolved) words plus the
    names it refers back to; its text is :attr:`FollowUp.query`, which is also what is
    searched (with the one vector the chain computes for it).

    "When did they last speak by phone?" with context "Hale Moreno talk" asks a "when"
    question about Hale and Moreno: the earlier question's names join the focus so
    evidence about them ranks first and is required, but its other words do not.
    """
    own_text, context, query = follow.resolved, " ".join(follow.borrowed), follow.query
    own = analyse_question(own_text, gazetteer)
    extra = names(context) | (gazetteer.resolve(context) if gazetteer else frozenset())
    speaker = own.speaker
    if own.kind == "say" and speaker is None:  # "what did they say?": the person last named
        person = follow.person or referent(history, gazetteer)
        if person:
            speaker = tokens(person)[-1]
    if not extra:
        if own.names or len(own.words) >= 2:
            return replace(own, text=query, speaker=speaker)
        whole = analyse_question(query, gazetteer)
        return replace(whole, names=own.names, numbers=own.numbers, kind=own.kind, speaker=speaker)
    if own.names and not _FOLLOW_UP.search(follow.question):
        return replace(own, text=query, speaker=speaker)
    return replace(own, text=query, names=own.names | extra, words=own.words | extra, speaker=speaker)
