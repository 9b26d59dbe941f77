"""The "why" of a brief: sentences that give a cause or purpose of the story's event.

A cue word anywhere ("dispute", "conclusion", "concerns") let non-reasons into the why section:
"… are at the center of a much bigger dispute between the two countries" places the story, "she
was mystified by that conclusion" reacts to it.  A sentence explains the story only when its parse
attaches a reason to the story's event, by one of two forms:

* a **cause or purpose** hanging from a word that is the story's event — a clause of cause or
  purpose ("because …", "so that …", "to" + verb), a preposition of cause ("over", "due to"), a
  reason noun ("the motive for …") or a verb of causing ("blamed … on") — the truth wing's test
  for an answer to "why" (:func:`briefbot.truth.status.fill.reason_of`), with the story's event
  words in place of a question's;
* a **reason noun as a participant** of a clause about the story ("the two men had differing
  expectations", "concerns prompted …"): the noun is a subject, object or predicate of its verb,
  not buried in a phrase of place or manner ("at the center of a dispute", "mystified by that
  conclusion").

The story's event words are read from its articles' tops (:func:`event_words`): the content words
of their titles and first sentences (news puts its main event in the headline and the lead).  Words
that only two or more articles share were too few on real clusters: an article that alone led with
"the court has delayed the trial" lost the cluster's one real reason, and the why section was empty
on all 30 Multi-News dev clusters; the parse form above is what keeps non-reasons out.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.parse import parse
from briefbot.language.text import STOPWORDS, fold, stem, tokens
from briefbot.truth.status.fill import reason_of, says

REASON_NOUNS = frozenset({
    "reason", "motive", "cause", "explanation", "purpose", "motivation", "expectation", "demand", "objection",
    "concern", "disagreement", "dispute", "friction", "grievance", "fear", "worry"})
"""Nouns that name a reason when they are a participant of a clause ("had differing
expectations", "concerns about the cost delayed the vote")."""
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "conj"})
MIN_WORD = 3
"""Shorter words ("us", "a") are not event words."""


def event_words(leads: Sequence[str]) -> list[str]:
    """The content words (as first written, lowercased; one per stem) of the article ``leads``;
    stop words, numbers and short words left out."""
    first: dict[str, str] = {}
    for lead in leads:
        for w in tokens(fold(lead)):
            if len(w) >= MIN_WORD and w not in STOPWORDS and w.isalpha():
                first.setdefault(stem(w), w)
    return sorted(first.values())


def reason_participant(text: str, event: Sequence[str]) -> bool:
    """A reason noun (:data:`REASON_NOUNS`) that is a participant of its clause, in a sentence that
    says one of the story's ``event`` words (any word when ``event`` is empty)."""
    p = parse(text)
    if event and not any(t.pos in ("NOUN", "PROPN", "VERB") and says(t, event) for t in p.tokens):
        return False
    return any(t.pos == "NOUN" and t.lemma in REASON_NOUNS and t.dep in PARTICIPANT_DEPS for t in p.tokens)


def gives_reason(text: str, event: Sequence[str] = ()) -> bool:
    """Does the sentence give a cause or purpose of the story's event (``event``: its words, see
    :func:`event_words`; empty: of any event the sentence tells)?"""
    p = parse(text)
    asked = list(event) or [t.text for t in p.tokens if t.pos in ("NOUN", "VERB", "PROPN", "ADJ")]
    return reason_of(p, asked) or reason_participant(text, event)
