"""The reason a sentence gives, as a short exact span of it, for an ``uncertain`` answer's lead.

Issue 18 item 1: "No confirmed reason: CNN says it is unclear why [1]; one of its sources points to
differing expectations on ending the war [2]".  The lead used to say only that a source "points to
a possible reason", so a reader was not told the reason.  :func:`reason_span` reads the reason from
the sentence by form, never inventing a word (the span is always ``text[i:j]``):

* what follows a **colon** elaborates what precedes it ("did point to a possible rift: according to
  that source, the two ministers were in a dispute over fees") and is read first, its opening
  attribution ("according to that source, ") skipped;
* a **cause marker** ("because of", "due to", "owing to", "amid", "blamed … on", "points to") opens
  a noun phrase that is the reason ("due to heavy rain" -> "heavy rain");
* "because" with a clause ("because the hall was flooded") gives the clause (:data:`CLAUSE`);
* a **reason noun** ("expectations", "concerns", "dispute", "demands" …: English's nouns of cause
  and position, the ones :data:`briefbot.truth.evidence.EXPLANATION` reads as an explanation) with up
  to two words before it and its complement after it ("differing expectations of how the war could
  end", "a dispute over fees").

A reason is taken only from a clause about the asked event (``asked``: the question's asked words,
one of which the clause holding the reason must say): in "his plan was to bring his family back,
but when he arrived, most borders were closed because of a mass exodus" the exodus explains the
closed borders, not why he went back, and the lead must not give it as the answer's reason.

A span runs to its clause's end (a comma, semicolon, colon, dash or the sentence's end) and holds
at most :data:`MAX_REASON_WORDS` words; a longer one, or a generic one that names no reason ("a
possible reason", "another factor"), is no span (None): the caller then says only that the speaker
points to a reason.  General English form, no word list fitted to a story.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Literal

from briefbot.language.text import content_words

MAX_REASON_WORDS = 14
"""Words a reason span may hold: a longer one would make the lead a second answer."""
Form = Literal["phrase", "clause"]

_END = re.compile(r"\s*(?:[,;:]\s|\s[–—-]\s|[.!?][\"”’]?\s*$|[\"”]\s*$)")
"""Where a reason span ends: a clause break or the sentence's end."""
_CAUSE = re.compile(
    r"\b(?:because\s+of|due\s+to(?!\s+(?:meet|be|take|hold|start|begin|open|visit|arrive|return)\b)|owing\s+to"
    r"|amid|blam\w*\s+(?:[\w'’-]+\s+){0,3}?on|point(?:s|ed|ing)?\s+to|attribut\w*\s+(?:[\w'’-]+\s+){0,3}?to)\s+",
    re.I)
"""Markers whose object is the reason, a noun phrase."""
_CITED_AS = re.compile(r"\bcit(?:ed|es|ing)\s+(?P<span>[^,;:]{2,80}?)\s+as\s+(?:the|a|one)\s+(?:\w+\s+)?reasons?\b",
                       re.I)
""""cited X as the reason": X is the reason."""
_BECAUSE = re.compile(r"\bbecause\s+(?!of\b)", re.I)
CLAUSE = _BECAUSE
""""because" before a clause: the clause is the reason."""
REASON_NOUNS = (r"expectations?|concerns?|objections?|demands?|disputes?|disagreements?|differences?|friction"
                r"|tensions?|fears?|worries|opposition|protests?|pressure|shortages?|delays?|failures?")
_NOUN = re.compile(rf"\b(?:{REASON_NOUNS})\b", re.I)
_BEFORE = re.compile(r"((?:[A-Za-z][\w'’-]*\s+){0,2})$")
STOP_BEFORE = frozenset({
    "had", "has", "have", "was", "were", "is", "are", "be", "been", "to", "of", "that", "which", "who", "and",
    "but", "or", "its", "their", "his", "her", "our", "over", "about", "with", "by", "on", "in", "at", "from",
    "for", "said", "says", "cited", "citing", "amid", "because", "due", "after", "before", "still", "did", "do",
    "does", "not", "no", "holding", "hold", "held",
})
"""Words that do not open a reason's noun phrase (auxiliaries, prepositions, pointers back): the
phrase starts after them."""
GENERIC = re.compile(r"^(?:an?\s+|the\s+|one\s+|another\s+)?(?:possible\s+|likely\s+|main\s+|key\s+|other\s+)?"
                     r"(?:reasons?|factors?|causes?|explanations?|points?\s+of\s+friction|issues?|problems?"
                     r"|another|one)$", re.I)
"""A span naming no reason ("a possible reason", "another factor", "a point of friction")."""
_OPENING_CREDIT = re.compile(r"^\s*according\s+to\s+[^,;:]{2,60},\s+", re.I)


def _words(span: str) -> int:
    return len(span.split())


def _to_end(text: str, start: int) -> str:
    """``text`` from ``start`` to its clause's end (:data:`_END`), trimmed."""
    m = _END.search(text, start)
    return text[start:m.start() if m else len(text)].strip().rstrip(".!?\"”’").strip()


def _fits(span: str) -> bool:
    return 0 < _words(span) <= MAX_REASON_WORDS and not GENERIC.match(span)


_BREAK = re.compile(r"[,;:]\s|\s[–—-]\s")


def about_asked(text: str, start: int, span: str, asked: Collection[str] | None) -> bool:
    """Is the clause holding the reason that starts at ``start`` (from the clause break before it
    to the span's end) about the asked event: does it say one of the ``asked`` words (stems)?
    Always, without ``asked``."""
    if asked is None:
        return True
    before = [m.end() for m in _BREAK.finditer(text, 0, start)]
    host = text[before[-1] if before else 0:start + len(span)]
    return bool(content_words(host) & set(asked))


def _noun_span(text: str, asked: Collection[str] | None = None) -> str | None:
    """The first reason noun's phrase: up to two words before it that may open a noun phrase, the
    noun, and its complement to the clause's end."""
    for m in _NOUN.finditer(text):
        before = _BEFORE.search(text[:m.start()])
        words = before.group(1).split() if before else []
        while words and words[0].casefold().strip(".,") in STOP_BEFORE:
            words = words[1:]
        if any(w.casefold() in STOP_BEFORE for w in words):
            words = words[[w.casefold() in STOP_BEFORE for w in words].index(True) + 1:]
        start = m.start() - len(" ".join(words)) - (1 if words else 0)
        span = _to_end(text, start)
        if _fits(span) and about_asked(text, start, span, asked):
            return span
        short = text[start:m.end()]  # the complement is too long: the noun phrase alone
        if _fits(short) and words and about_asked(text, start, short, asked):
            return short
    return None


def _in(text: str, asked: Collection[str] | None) -> tuple[str, Form] | None:
    """The reason in ``text`` (one clause or sentence) and its form, or None."""
    for m in _CITED_AS.finditer(text):
        if _fits(m.group("span")) and about_asked(text, m.start(), text[m.start():m.end()], asked):
            return m.group("span"), "phrase"
    for m in _CAUSE.finditer(text):
        span = _to_end(text, m.end())
        if _fits(span) and about_asked(text, m.start(), text[m.start():m.end()] + span, asked):
            return span, "phrase"
    for m in _BECAUSE.finditer(text):
        span = _to_end(text, m.end())
        if _fits(span) and about_asked(text, m.start(), text[m.start():m.end()] + span, asked):
            return span, "clause"
    span = _noun_span(text, asked)
    return (span, "phrase") if span else None


def reason_span(text: str, asked: Collection[str] | None = None) -> tuple[str, Form] | None:
    """The reason ``text`` gives, as an exact substring of it, and whether it is a noun phrase
    ("heavy rain") or a clause ("the hall was flooded"); None when it gives none that reads on
    its own, or (with ``asked``, the question's asked words) none in a clause about the asked
    event (module docstring)."""
    text = " ".join(text.split())
    head, colon, tail = text.partition(": ")
    if colon:
        found = _in(_OPENING_CREDIT.sub("", tail), None if announces_reason(head) else asked)
        if found:
            return found
    return _in(text, asked)


def announces_reason(head: str) -> bool:
    """Does the clause before a colon point to a reason it does not name ("a source pointed to a
    possible point of friction: …")?  Then what follows the colon is that reason, whatever words
    it uses: the announcement ties it to the asked event, as a clause of its own never does."""
    return any(GENERIC.match(_to_end(head, m.end())) for m in _CAUSE.finditer(head))


def reason_reading(text: str, asked: Collection[str] | None = None) -> str | None:
    """What a speaker does in the lead when ``text`` gives a reason: "points to heavy rain",
    "gives as the reason that the hall was flooded"; None without a reason span (about the
    ``asked`` words, when given)."""
    found = reason_span(text, asked)
    if found is None:
        return None
    span, form = found
    return f"points to {span}" if form == "phrase" else f"gives as the reason that {span}"
