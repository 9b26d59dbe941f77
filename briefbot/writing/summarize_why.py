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

The story's event words are read from its articles' leads (:func:`event_words`): the words that
the titles and first sentences of two or more articles share (news puts its main event in the
headline and the lead), all of a lone article's lead words.
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
    """Words (as written, lowercased) that two or more of the article ``leads`` share by stem, or
    every content word of a single lead; stop words and short words left out."""
    per: list[dict[str, str]] = []
    for lead in leads:
        words = {}
        for w in tokens(fold(lead)):
            if len(w) >= MIN_WORD and w not in STOPWORDS and w.isalpha():
                words.setdefault(stem(w), w)
        per.append(words)
    if len(per) == 1:
        return sorted(per[0].values())
    count: dict[str, int] = {}
    for words in per:
        for s in words:
            count[s] = count.get(s, 0) + 1
    first: dict[str, str] = {}
    for words in per:
        for s, w in words.items():
            first.setdefault(s, w)
    return sorted(first[s] for s, n in count.items() if n >= 2)


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
