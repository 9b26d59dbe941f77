"""Who says what in a brief: each speaker with their claim in a short clause of the sentence itself.

A brief's "who says what" used to name a speaker and cite the sentence; a reader then had to open
the quote to learn what was said.  Here a sentence that reports speech gives two exact spans of
its own text, read from spaCy's dependency parse (:func:`briefbot.language.parse.parse`):

* the **speaker** — the subject of the reporting verb ("said", "told", "announced"…), cut down to
  the name when the subject's head word is one ("European Union foreign policy chief Catherine
  Ashton" → "Catherine Ashton"); a pronoun ("she said") names no one a reader can see, so such a
  sentence gives no speaker;
* the **claim** — the reported clause: from the start of the verb's clausal complement to the end
  of the sentence ("that the plant will close in May"), or, when the complement comes first, up to
  the speaker and the verb (the quotation before "…,” said Ada Holm"; a parse's subtree can stop
  short of the clause's last words, the sentence's own order does not), without its "that", its
  quotation marks or a trailing comma, and compressed (:func:`compress_claim`) to at most :data:`CLAIM_WORDS` words by
  cutting at a clause boundary, never inside or before a quotation.

Every claim is an exact substring of the sentence (and so of its citation's quote): the verifier's
guarantee holds.  "According to X, Q" is read by its form.  Speakers are grouped by their name's
last word when the speaker is a name ("Ms. Holm", "Ada Holm" and "Holm" are one speaker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefbot.language.parse import Parsed, parse, subtree

SPEECH_LEMMAS = frozenset({
    "say", "tell", "report", "announce", "add", "state", "claim", "confirm", "deny", "write", "note", "insist",
    "argue", "warn", "explain", "acknowledge", "allege", "testify", "declare", "assert", "contend", "maintain",
    "admit", "tweet", "respond", "reply"})
"""Verbs that report what someone said; their subject is the speaker and their clausal
complement the claim."""
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that", "who", "which"})
"""A speaker given only as a pronoun is not named in the sentence: no "who says what" line."""
CLAIM_WORDS = 30
"""A claim longer than this is cut at its last clause boundary within the limit (a reader scans
"who says what"; the full sentence is one click away in its citation)."""
MIN_CLAIM_WORDS = 4
"""A shorter claim ("Says who?") is too thin to stand for what the speaker said."""
_BOUNDARY = re.compile(r"\s+[—–-]{1,2}\s+|;\s+|,\s+(?=(?:which|who|whose|where|while|as|after|before|but|and|"
                       r"although|though|including|according|saying|adding|even)\b)")
"""Where a claim may be cut: a dash, a semicolon, a comma before a relative or adverbial clause.
Never before a quotation: a quoted title or phrase sits inside a noun phrase ("aspects of Holm's
conduct on the “Harbour Lights” set"), and a cut there leaves "…conduct on the"."""
_OPEN_END = re.compile(r"(?:\b(?:and|or|but|nor|of|the|a|an|to|in|on|at|by|for|with|from|that|his|her|its|their)"
                       r"|['’]s)$", re.I)
"""A cut claim must not end on a word that opens what was cut off."""
_SECOND_CREDIT = re.compile(r",\s+according\s+to\s+[^,;]{2,80}$")
_ACCORDING = re.compile(r"^according\s+to\s+(?P<who>[^,]{2,80}),\s+", re.I)
_QUOTES = "“”\"‘’'"


@dataclass(frozen=True)
class Claim:
    """A speaker and what they say, as exact spans of one sentence."""

    who: str
    start: int
    end: int
    """``text[start:end]`` is the claim."""


def token_offsets(text: str, p: Parsed) -> list[tuple[int, int]]:
    """Character span of each parsed token in ``text`` (tokens are substrings, in order)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for tok in p.tokens:
        at = text.find(tok.text, pos)
        if at < 0:
            at = pos
        out.append((at, at + len(tok.text)))
        pos = at + len(tok.text)
    return out


def speaker_name(p: Parsed, head: int, phrase: str) -> str | None:
    """The speaker as the sentence names it: the name its head word belongs to, else the whole
    subject ``phrase`` (None for a pronoun or a phrase too long to be a name)."""
    if p.tokens[head].lemma in PRONOUNS or p.tokens[head].tag in ("PRP", "WP", "WDT"):
        return None
    for e in p.entities:
        if e.start <= head < e.end and e.label in ("PERSON", "ORG", "NORP", "GPE"):
            return e.text
    return phrase if len(phrase.split()) <= 8 else None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces, quotation marks, a leading "that" and trailing commas."""
    while start < end and (text[start].isspace() or text[start] in _QUOTES):
        start += 1
    if text[start:end].lower().startswith("that "):
        start += 5
    stop = end
    while end > start and (text[end - 1].isspace() or text[end - 1] in _QUOTES + ",:;."):
        end -= 1
    for opening, closing in (("“", "”"), ('"', '"')):  # a quotation the claim opened closes with it
        inside = text[start:end]
        unclosed = inside.count(opening) > inside.count(closing) if opening != closing else inside.count('"') % 2
        at = text.find(closing, end, stop)
        if unclosed and at >= 0:
            end = at + 1
    return start, end


def compress_claim(text: str, start: int, end: int, limit: int = CLAIM_WORDS) -> tuple[int, int]:
    """``(start, end)`` without a trailing second credit (", according to a report": the speaker is
    named already), cut at the last clause boundary that keeps at most ``limit`` words (the span
    unchanged when it is short enough or no boundary fits)."""
    credit = _SECOND_CREDIT.search(text, start, end)
    if credit and len(text[start:credit.start()].split()) >= MIN_CLAIM_WORDS:
        start, end = trim(text, start, credit.start())
    if len(text[start:end].split()) <= limit:
        return start, end
    best = None
    for m in _BOUNDARY.finditer(text, start, end):
        words = len(text[start:m.start()].split())
        if MIN_CLAIM_WORDS <= words <= limit and balanced(text[start:m.start()]) \
                and not _OPEN_END.search(text[start:m.start()]):
            best = m.start()
    return trim(text, start, best) if best is not None else (start, end)


def balanced(claim: str) -> bool:
    """No quotation opened or closed inside the claim without its other mark."""
    return claim.count("“") == claim.count("”") and claim.count('"') % 2 == 0


def speaker_claim(text: str) -> Claim | None:
    """Who the sentence says is speaking and their claim (exact spans), or None when the sentence
    reports no named speaker's words."""
    m = _ACCORDING.match(text)
    if m:
        who = m.group("who").strip()
        start, end = compress_claim(text, *trim(text, m.end(), len(text)))
        return _checked(who, text, start, end)
    p = parse(text)
    offsets = token_offsets(text, p)
    for i, tok in enumerate(p.tokens):
        if tok.pos != "VERB" or tok.lemma not in SPEECH_LEMMAS or tok.dep not in ("ROOT", "parataxis"):
            continue
        kids = [j for j, t in enumerate(p.tokens) if t.head == i and j != i]
        subjects = [j for j in kids if p.tokens[j].dep in ("nsubj", "nsubjpass")]
        subj = max(subjects, key=lambda j: (j < i, j if j < i else -j)) if subjects else None  # nearest
        comp = next((j for j in kids if p.tokens[j].dep in ("ccomp", "xcomp")), None)
        if subj is None or comp is None:
            continue
        subject = subtree(p, subj)
        who = speaker_name(p, subj, text[offsets[subject[0]][0]:offsets[subject[-1]][1]])
        claim = subtree(p, comp)
        if who is None or set(claim) & set(subject):
            continue
        if claim[0] > i:  # "X said that Q …": the claim runs to the end of the sentence
            span = (offsets[claim[0]][0], len(text))
        else:  # "Q, X said": the claim runs up to the speaker and the verb
            span = (offsets[claim[0]][0], min(offsets[subject[0]][0], offsets[i][0]))
        start, end = compress_claim(text, *trim(text, *span))
        return _checked(who, text, start, end)
    return None


def _checked(who: str, text: str, start: int, end: int) -> Claim | None:
    claim = text[start:end]
    if len(claim.split()) < MIN_CLAIM_WORDS or not balanced(claim):
        return None
    return Claim(who.strip(" ,"), start, end)


TITLES = frozenset({"mr", "ms", "mrs", "dr", "gov", "sen", "rep", "gen", "prof", "president", "minister",
                    "officer", "judge", "the"})
"""Words before a name that do not tell two people apart ("Ms. Holm" is "Ada Holm")."""


def name_words(who: str) -> frozenset[str]:
    """The capitalised words of a speaker's name, titles left out (empty for a phrase such as
    "one of the network's sources", which is matched whole)."""
    words = [re.sub(r"(?:'s|’s)$", "", w.strip(".,")) for w in who.split()]
    if not words or not all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return frozenset()
    return frozenset(w.casefold() for w in words if w and w.casefold() not in TITLES)


def same_speaker(a: str, b: str) -> bool:
    """Are two speakers one: the same phrase, or one name's words inside the other's ("Holm",
    "Ms. Holm", "Ada Holm"; "Acme" and "Acme Foods")?"""
    if a.casefold() == b.casefold():
        return True
    x, y = name_words(a), name_words(b)
    return bool(x and y) and (x <= y or y <= x)
