"""Conversations: a follow-up question becomes a typed :class:`FollowUp` and then a question frame.

"and what did they say?" after "Why was the Lavrov–Rubio meeting postponed?" keeps its
own words as the question and borrows the earlier question's words as context (for the
search) and its names (for the evidence); "he"/"she" resolves to the person the last
answer or question named.  The parts stay typed from here on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from briefbot.gazetteer import Gazetteer
from briefbot.question import SAY_QUESTION, Focus, analyse_question
from briefbot.text import tokens
from briefbot.verify import content_words, names, stem

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
    """Words of the earlier question (and the person a "he"/"she" means)."""

    @property
    def text(self) -> str:
        """The standalone form shown to users and searched: ``"Q? (context: terms)"``."""
        return f"{self.question} (context: {' '.join(self.context)})" if self.context else self.question


def rewrite_follow_up(question: str, history: list[Message], gazetteer: Gazetteer | None = None) -> FollowUp:
    """Make a follow-up question standalone using the previous user question.

    "and what did the Senate do?" after "Why was the Lavrov–Rubio meeting postponed?"
    becomes ``FollowUp("What did the Senate do?", ("Lavrov–Rubio", "meeting", "postponed"))``:
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
    own = content_words(stripped)
    terms: list[str] = []
    person = referent(history) if _PERSON_PRONOUN.search(stripped) else None
    if person:  # "what did he tell reporters?" searches for the person meant
        terms += person.split()
    for word in re.findall(r"[\w'’–-]+", previous[-1]):
        if content_words(word) and not content_words(word) <= own and word not in terms:
            terms.append(word)
    return FollowUp(stripped, tuple(terms[:6]))


_NOT_PEOPLE = frozenset(stem(w) for w in (
    "The A An In On At Senate House Act Bill Law White Ministry Party Company Republican Democrat "
    "Democratic Leader Senator President Minister Secretary State").split())


def referent(history: list[Message]) -> str | None:
    """The person a "he"/"she" most likely means: the first full name in the last answer
    ("Republican leader John Thune spoke…" -> "John Thune"), else the speaker of the last
    question ("what did Lavrov say?")."""
    answers = [m["content"] for m in history if m["role"] == "assistant"]
    for text in answers[-1:]:
        for m in _PERSON.finditer(text):
            if any(stem(w) in _NOT_PEOPLE for w in m.group(0).split()[1:]):
                continue  # "Sanctioning Russia Act", "White House": not a person
            words = [w for w in m.group(0).split() if stem(w) not in _NOT_PEOPLE]
            if len(words) >= 2:
                return " ".join(words)
    questions = [m["content"] for m in history if m["role"] == "user"]
    said = SAY_QUESTION.search(questions[-1]) if questions else None
    if said and said.group(1).lower() not in ("he", "she", "they"):
        return said.group(1)
    return None


def follow_up_focus(follow: FollowUp, history: list[Message], gazetteer: Gazetteer | None = None) -> Focus:
    """What a rewritten follow-up asks, judged on its own words plus the names it refers back to.

    "When did they last speak by phone?" with context "Lavrov Rubio talk" asks a "when"
    question about Lavrov and Rubio: the earlier question's names join the focus so
    evidence about them ranks first and is required, but its other words do not.
    """
    own_text, context, standalone = follow.question, " ".join(follow.context), follow.text
    own = analyse_question(own_text, gazetteer)
    extra = names(context) | (gazetteer.resolve(context) if gazetteer else frozenset())
    speaker = own.speaker
    if own.kind == "say" and speaker is None:
        person = referent(history)
        if person:
            speaker = tokens(person)[-1]
    if not extra:
        if own.names or len(own.words) >= 2:
            return replace(own, speaker=speaker)
        whole = analyse_question(f"{own_text} {context}".strip(), gazetteer)
        return replace(whole, text=standalone, names=own.names, numbers=own.numbers, kind=own.kind,
                       speaker=speaker)
    if own.names and not _FOLLOW_UP.search(own_text):
        return replace(own, speaker=speaker)
    return replace(own, text=f"{own_text} {context}", names=own.names | extra, words=own.words | extra,
                   speaker=speaker)


