"""Who says it, read from the sentence itself: the speaker a reader is told about.

An ``uncertain`` answer opens with one line of what is and is not known (issue 18: "No confirmed
reason: CNN says it is unclear why; one of its sources points to a possible reason [2][3]").  A
reader must learn from it *who* says *what*, and the who must never be invented, so it is read from
the sentence's own attribution, by form:

* the subject of a reporting verb at the start of a clause ("Kazakhstan says …", "CNN, citing a
  White House official, reported …" -> "CNN, citing a White House official");
* "according to X" anywhere in it;
* a trailing credit (", officials said.", ", a diplomatic source told the Baltic Relay.", ", said
  Vallie");
* an unnamed source the sentence itself names ("One of the network's sources did point to …").

A pronoun or a phrase that points back ("he said", "according to that source") names no one a
reader can see: it is no speaker, and the caller falls back to the outlet whose text is quoted
(the outlet does say it: the sentence is its own).

The readings (:func:`hedge_reading`) turn a hedge the sentence carries into what its speaker does
("says it is unclear why", "calls it unlikely", "says it is still being assessed"), with the
sentence's own words where they read naturally (the wh-word after "unclear", the modal of a
possibility, the "still being …" of a pending value); they never quote the claim itself, which the
answer says right after, once.

Pure functions over text: no word list fitted to a story, only English's reporting verbs,
determiners and pronouns.
"""

from __future__ import annotations

import re

from briefbot.language.cues import hedges

SPEECH_VERBS = (r"(?:said|says|say|told|tells|reported|reports|announced|announces|confirmed|confirms|noted|notes"
                r"|added|adds|insisted|insists|claimed|claims|stated|states|wrote|writes|argued|argues|warned"
                r"|warns|denied|denies|believes?|believed)")
"""Verbs whose subject is the one who says the sentence's claim (English reporting verbs)."""
MAX_SPEAKER_WORDS = 8
"""A longer phrase before a reporting verb is a clause, not a speaker ("The meeting that was
planned for Velmar next week has been, officials said" is no speaker of eight words)."""
_WHO = r"[^,;:()\"“”]{2,80}?"
_CITING = r",\s+citing\s+(?P<via>[^,;]{2,60}),"
_SUBJECT = re.compile(rf"^(?:[A-Z][\w'’-]*,\s+)?(?P<who>{_WHO})(?:{_CITING})?\s+(?:(?:has|have|had)\s+)?"
                      rf"(?:also\s+)?{SPEECH_VERBS}\b")
"""A clause that opens with its speaker: "Kazakhstan says …", "CNN, citing a White House
official, reported …" (an opening connective such as "However, " is skipped)."""
_ACCORDING = re.compile(rf"\baccording\s+to\s+(?P<who>{_WHO})(?=\s*(?:[,;:.]|$))", re.I)
_NAME_RUN = r"[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)"
_TRAILING = re.compile(rf",\s+(?P<who>{_WHO})\s+{SPEECH_VERBS}(?P<to>\s+(?:the\s+)?{_NAME_RUN}*)?"
                       r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?"
                       r"\s*[.!?\"”’]*\s*$")
_INVERTED = re.compile(rf"[,”\"]{{1,2}}\s+{SPEECH_VERBS}\s+(?P<who>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,3}})"
                       r"\s*(?:[,.]|$)")
_UNNAMED = re.compile(r"\b(?:one|a|an|two|three|several|some|multiple)\s+(?:of\s+(?:the\s+)?[\w'’.-]+\s+)?"
                      r"(?:(?:[a-z]+\s+){0,2})sources?\b", re.I)
"""A source the sentence leaves unnamed but names as such ("One of CNN's sources", "a diplomatic
source", "multiple sources")."""
_NAMED = re.compile(rf"(?:^|[,;]\s+(?:and\s+|but\s+)?|\b(?:and|but)\s+)(?P<who>(?:the\s+)?{_NAME_RUN}{{0,3}})"
                    rf"\s+(?:(?:has|have|had)\s+)?(?:also\s+)?{SPEECH_VERBS}\b")
"""A name right before a reporting verb inside a sentence ("…, and CNN has said it is unclear how …")."""
_CLAUSE_BREAK = re.compile(r";\s+|:\s+")

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "which", "this", "that", "these",
                      "those", "there"})
"""A speaker that is only a pronoun names no one a reader can see."""
POINTERS = frozenset({"that", "this", "these", "those", "the same", "such", "its", "his", "her", "their"})
"""Openings that point back to someone named in another sentence ("that source", "the same
official"): no speaker on their own."""
AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "have", "has", "had", "will", "would", "can",
                         "could", "should", "may", "might", "must", "do", "does", "did", "not"})
"""A "speaker" holding one of these is a clause ("Other parties have rejected" before "claims"
read as a verb), not a name."""
SHORT_SPEAKER_WORDS = 4
"""A named speaker longer than this loses its " of …" tail (the office a person speaks for)."""
_WHEN_SAID = re.compile(r"\s+(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday"
                        r"|Saturday|Sunday|today|yesterday|tonight)\b.*$")
"""When the speaker spoke, glued to the subject ("The department on Wednesday announced"): not
part of who it is."""
DETERMINERS = frozenset({"a", "an", "one", "two", "three", "four", "several", "some", "multiple", "many", "the",
                         "other", "another", "both", "most"})
"""A speaker phrase opening with one of these is written in lower case inside the lead ("one of
CNN's sources", "the water department")."""


def clauses(text: str) -> list[str]:
    """The clauses of ``text`` split at a semicolon or a colon (each may have its own speaker:
    "…has been postponed; CNN said it remains unclear why")."""
    return [c for c in _CLAUSE_BREAK.split(text) if c.strip()]


def reader_name(who: str) -> str | None:
    """``who`` as a reader can see it inside a line: None for a pronoun, a phrase that points
    back or one too long to be a name; a phrase opening with a determiner in lower case."""
    who = _WHEN_SAID.sub("", " ".join(who.strip(" ,.").split()))
    words = who.split()
    if not words or len(words) > MAX_SPEAKER_WORDS or any(w.casefold() in AUXILIARIES for w in words):
        return None
    if len(words) > SHORT_SPEAKER_WORDS and " of " in who and len(who.split(" of ")[0].split()) >= 2 \
            and who[:1].isupper():  # "Officer Ann Lee of the Public Information Office" -> "Officer Ann Lee"
        who = who.split(" of ")[0]
        words = who.split()
    low = who.casefold()
    if low in PRONOUNS or any(low == p or low.startswith(p + " ") for p in POINTERS):
        return None
    if words[0].casefold() in DETERMINERS:
        who = words[0].casefold() + who[len(words[0]):]
    return who


def speaker(text: str) -> str | None:
    """Who ``text`` (one clause or sentence) says is speaking, in its own words (module
    docstring), or None when it names no one a reader can see."""
    text = " ".join(text.split())
    m = _SUBJECT.match(text)
    if m:
        who = reader_name(m.group("who"))
        if who and m.group("via"):
            via = reader_name(m.group("via"))
            who = f"{who}, citing {via}," if via else who
        if who:
            return who
    for m in _ACCORDING.finditer(text):
        who = reader_name(m.group("who"))
        if who:
            return who
    for m in (_TRAILING.search(text), _INVERTED.search(text), _NAMED.search(text)):
        who = reader_name(m.group("who")) if m else None
        if who:
            return who
    m = _UNNAMED.search(text)
    return reader_name(m.group(0)) if m else None


def speaker_of(text: str, cue: re.Pattern[str] | None = None) -> str | None:
    """The speaker of the clause of ``text`` that holds ``cue`` (a hedge or a value), else of the
    sentence's other clauses, in their order; None when none is named."""
    parts = clauses(text)
    first = [c for c in parts if cue is not None and cue.search(c)]
    for part in [*first, *[c for c in parts if c not in first]]:
        who = speaker(part)
        if who:
            return who
    return None


def plural(who: str) -> bool:
    """Does ``who`` take a plural verb ("officials say", "CNN and AP say"; "one of CNN's sources
    says", "Reuters says")?"""
    words = who.replace(",", " ").split()
    if not words:
        return False
    if " and " in f" {who} " and not who.casefold().startswith("one "):
        return True
    if words[0].casefold() in ("one", "a", "an") or "citing" in words:
        return False
    if words[0].casefold() in MANY:
        return True  # "two people familiar with the meeting": the count, not the last noun, says so
    head = words[-1]
    return head[:1].islower() and head.endswith("s") and not head.endswith(("ss", "'s", "’s", "us"))


MANY = frozenset({"two", "three", "four", "five", "several", "multiple", "many", "both", "some"})
"""Counts opening a speaker phrase that make it plural whatever noun ends it."""


def agree(phrase: str, many: bool) -> str:
    """``phrase`` (a reading opening with a verb in the singular: "says …", "calls …", "points …")
    with its first verb in the plural when ``many``."""
    if not many:
        return phrase
    verb, _, rest = phrase.partition(" ")
    plain = {"says": "say", "has": "have", "is": "are", "does": "do"}.get(verb)
    if plain is None:
        plain = verb[:-1] if verb.endswith("s") else verb
    return f"{plain} {rest}".strip()


_UNCLEAR = re.compile(r"\b(?:unclear|not\s+clear|uncertain|unknown|not\s+(?:yet\s+)?known)\b"
                      r"(?:\s+(?P<wh>why|how|when|whether|who|what|where|if))?", re.I)
_PENDING = re.compile(r"\b(?:still\s+being\s+\w+|not\s+yet\s+(?:been\s+)?\w+|yet\s+to\s+be\s+\w+)", re.I)
_MODAL = re.compile(r"\b(?P<unlikely>unlikely)\b|\b(?:may|might|could|possibl[ey])\b", re.I)
HEDGE_ORDER = ("unclear", "unknown", "pending", "not stated", "unconfirmed", "possibility", "allegedly",
               "apparently", "reportedly", "anonymous source", "unnamed officials")
"""Which hedge a sentence's reading names when it carries several: what is not known first (the
reader's question stays open), then how weak a claim is."""


def hedge_reading(text: str) -> str | None:
    """What the speaker of ``text`` does, read from its strongest hedge (:data:`HEDGE_ORDER`), as a
    verb phrase in the singular: "says it is unclear why", "says it is not yet known", "says it is
    still being assessed", "gives none", "says it is unconfirmed", "calls it unlikely", "calls it
    possible", "reports it as an allegation" (not the category word "calls it alleged"),
    "gives it without naming a source", "says so" (an unnamed
    source or official is the speaker itself); None without a hedge."""
    found = set(hedges(text))
    label = next((h for h in HEDGE_ORDER if h in found), None)
    if label in ("unclear", "unknown"):
        m = _UNCLEAR.search(text)
        wh = f" {m.group('wh').casefold()}" if m and m.group("wh") else ""
        return ("says it is unclear" if label == "unclear" else "says it is not yet known") + wh
    if label == "pending":
        m = _PENDING.search(text)
        return f"says it is {' '.join(m.group(0).split()).casefold()}" if m else "says it is still pending"
    if label == "not stated":
        return "gives none"
    if label == "unconfirmed":
        return "says it is unconfirmed"
    if label == "possibility":
        m = _MODAL.search(text)
        return "calls it unlikely" if m and m.group("unlikely") else "calls it possible"
    if label == "allegedly":
        return "reports it as an allegation"
    if label == "apparently":
        return "says it only appears so"
    if label == "reportedly":
        return "gives it without naming a source"
    if label in ("anonymous source", "unnamed officials"):
        return "says so"
    return None


def hedge_cue(text: str) -> re.Pattern[str] | None:
    """A pattern finding the clause of ``text`` that holds its strongest hedge (for
    :func:`speaker_of`)."""
    found = set(hedges(text))
    label = next((h for h in HEDGE_ORDER if h in found), None)
    if label in ("unclear", "unknown"):
        return _UNCLEAR
    if label == "pending":
        return _PENDING
    if label == "possibility":
        return _MODAL
    if label in ("anonymous source", "unnamed officials"):
        return _UNNAMED
    return _SOFT_CUE if label else None


_SOFT_CUE = re.compile(r"\b(?:reportedly|allegedly|alleged|apparently|purportedly|supposedly|seemingly|unconfirmed"
                       r"|not\s+(?:yet\s+)?confirmed|no\s+\w+|did\s+not)\b", re.I)
