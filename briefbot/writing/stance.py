"""Each side's stance in a few words of its own sentence: what a disagreement's lead says.

Issue 18 (reader11): a yes/no or disputed answer opened "No confirmed answer: one report and
Mara Holt disagree [1][2]", which told a reader who disagrees but not about what.  Here each side
gives a short **exact span** of its own sentence (so the verifier's guarantee holds: every kept
span is a substring of its quote), read in two ways:

* a sentence that reports a named speaker's words gives that speaker and their claim
  (:func:`briefbot.writing.summarize_speakers.speaker_claim`: "Mara Holt insisted that the change was
  not a purge" -> ``Mara Holt says`` "the change was not a purge");
* any other sentence gives its first clause that opens plainly and reaches its own verb (a wire
  dateline and a pointing opening cut: :func:`briefbot.writing.writer.compress`'s steps; a clause
  after "after", "but", a comma … when the sentence opens on a pronoun), which the outlet reports.

Either span is cut to :data:`STANCE_WORDS` at a phrase boundary (:func:`short_span`: a comma, a
dash, a semicolon, or before a preposition or conjunction), never inside a quotation and never
ending on a word that needs what follows ("not", "was", "of", "the").  The whole clause reads
"Steppe Wire reports Velmar charged Ado Renk with fraud [1]; Ado Renk's lawyer says no case had
been filed [2]".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefbot.language.parse import parse
from briefbot.writing.attribution import DETERMINERS, agree, plural, reader_name
from briefbot.writing.summarize_speakers import SPEECH_LEMMAS, balanced, speaker_claim, token_offsets
from briefbot.writing.writer import drop_dateline, opens_with_pointer, trim_start

STANCE_WORDS = 11
"""Words one side's span may run to: two sides, their speakers and verbs and the "No confirmed
answer:" opening stay within the lead's ~35 words."""
MIN_STANCE_WORDS = 3
"""A shorter span ("he said so") says no stance a reader can see."""

_CUT_BEFORE = re.compile(
    r"\s+(?=(?:in|on|at|after|before|during|over|for|from|with|without|amid|despite|as|because|since|while|"
    r"when|where|which|who|whose|whether|that|than|about|to|and|but|including|according|following|under|against|"
    r"into|by)\b)|"
    r",\s+|\s+[—–-]{1,2}\s+|;\s+|:\s+")
"""Phrase boundaries a span may end at: before a preposition or conjunction, at a comma, a dash,
a semicolon or a colon."""
_OPEN_END = re.compile(
    r"(?:\b(?:not|no|never|nor|was|were|is|are|be|been|being|has|have|had|will|would|could|should|may|might|"
    r"can|did|do|does|and|or|but|of|the|a|an|to|that|this|his|her|its|their|than|very|more|most)|['’]s)$",
    re.I)
"""A span must not end on a word that needs what follows it: a negation or an auxiliary ("the
change was not" says the opposite of nothing), an article, a preposition, a conjunction."""
_EDGE = "“”\"‘’' ,;:—–-"


@dataclass(frozen=True)
class Stance:
    """One side of a disagreement: who speaks (None: the outlet whose text it is) and a span."""

    who: str | None
    text: str
    """An exact substring of the side's sentence."""


def short_span(text: str, limit: int = STANCE_WORDS, at_least: int = 0) -> str | None:
    """The longest opening of ``text`` (an exact span) that ends at a phrase boundary
    (:data:`_CUT_BEFORE`), keeps at most ``limit`` words, balances its quotation marks and does
    not end on an open word (:data:`_OPEN_END`); ``text`` itself (its closing stop and quotation
    marks trimmed) when short enough; None when no such opening has :data:`MIN_STANCE_WORDS`."""
    whole = _STOP.sub("", text.strip())
    if not balanced(whole):
        whole = whole.strip(_EDGE)
    if len(whole.split()) <= limit and fits(whole, cut=False):
        return whole if len(whole) >= at_least else None
    best = None
    for m in _CUT_BEFORE.finditer(whole):
        span = whole[:m.start()].rstrip(_EDGE)
        if len(span.split()) > limit:
            break
        if fits(span) and len(span) >= at_least and not cut_from_complement(span, whole[m.end():]):
            best = span
    return best


_LAST_PHRASE = re.compile(r"\b(?:in|on|at|for|with|by|under|into)\s+(?:\S+\s+){0,2}\S+$", re.I)
_COMPLEMENT = re.compile(r"^(?:of|with|to)\b", re.I)


def cut_from_complement(span: str, rest: str) -> bool:
    """Does the cut leave a short closing phrase without the complement it needs ("… this month in
    connection" | "with the 1943 killing", "… in an effort" | "to shame Brask")?  A phrase of at
    most three words opened by a preposition, followed by "of", "with" or "to"."""
    return bool(_LAST_PHRASE.search(span) and _COMPLEMENT.match(rest.lstrip()))


_STOP = re.compile(r"[\s.!?,;:]+$")
"""A sentence's closing stop (one inside a closing quotation stays: "… “a purge.”" is the sentence's own)."""


def fits(span: str, cut: bool = True) -> bool:
    """Can ``span`` stand for a stance: :data:`MIN_STANCE_WORDS` words or more, its quotation
    marks balanced, no open last word (:data:`_OPEN_END`), and not ending inside a comma-enclosed
    insertion ("the change was not, in fact": the words after its last comma are too few to be
    a clause of their own; not asked of a whole sentence, ``cut`` False)."""
    if len(span.split()) < MIN_STANCE_WORDS or not balanced(span) or _OPEN_END.search(span):
        return False
    if not cut:
        return True  # the whole sentence: nothing was cut in half
    tail = span.rsplit(", ", 1)
    return len(tail) == 1 or len(tail[1].split()) > INSERTION_WORDS


INSERTION_WORDS = 3
"""Words after a span's last comma that may be an insertion cut in half ("…, in fact")."""


def stance(text: str) -> Stance | None:
    """The stance of one side's sentence (module docstring): a named speaker's claim when the
    sentence reports one, else its opening clause; None when neither gives a short span."""
    claim = speaker_claim(text)
    if claim is not None:
        who = reader_name(claim.who)
        span = short_span(text[claim.start:claim.end])
        if who and span and opens_plainly(span, claim=True):
            return Stance(who, in_line(span))
    opening = trim_start(drop_dateline(text.strip()))
    for start in clause_starts(opening):
        rest = opening[start:]
        verb = main_verb_end(rest)
        span = short_span(rest, at_least=verb) if verb else None  # no verb: no stance ("a few bad apples")
        if span and opens_plainly(span):
            return Stance(None, in_line(span))
    return None


_CLAUSE_START = re.compile(r"(?:[,;]\s+|\s+(?:after|as|but|while|because|since|although|though|whereas)\s+)")
MAX_CLAUSES = 4
"""Clause openings tried per sentence (each is parsed once)."""


def clause_starts(text: str) -> list[int]:
    """Where ``text``'s clauses start: its beginning, then after a comma or semicolon or a
    subordinating or contrasting word ("… came a day after North Korea denied any responsibility"
    -> "North Korea denied …"), the first :data:`MAX_CLAUSES`.  A sentence that opens on a pronoun
    or a pointing phrase may still state a side in a later clause of its own."""
    return [0, *[m.end() for m in _CLAUSE_START.finditer(text)]][:MAX_CLAUSES]


def main_verb_end(text: str) -> int:
    """Where ``text``'s main verb (the parse's root; for a reported clause before "…, X said", that
    clause's verb; its first verb when the root is no verb) ends, in characters; 0 when it has no
    verb.  A span of the sentence must reach it to state anything ("Alleged war criminal Ado Renk, a
    beekeeper" names someone and says nothing of him)."""
    p = parse(text)
    root = next((i for i, t in enumerate(p.tokens) if t.dep == "ROOT"), None)
    if root is None:
        return 0
    if p.tokens[root].pos not in ("VERB", "AUX"):  # a parse that misreads the verb ("favour" as a noun)
        root = next((i for i, t in enumerate(p.tokens) if t.pos in ("VERB", "AUX")), None)
        return 0 if root is None else token_offsets(text, p)[root][1]
    if p.tokens[root].lemma in SPEECH_LEMMAS:  # "Q, his lawyer said": Q's own verb states it
        said = next((i for i, t in enumerate(p.tokens[:root]) if t.head == root and t.dep == "ccomp"), None)
        root = root if said is None else said
    return token_offsets(text, p)[root][1]


PRONOUN_OPENERS = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that", "these", "those"})
"""A sentence opening on a pronoun leans on what the line does not show (whom does "he" mean?);
a claim may (its speaker is named beside it: "Velmar says it was an accident")."""
LINK_OPENERS = frozenset({"who", "which", "as", "if", "when", "while", "although", "though", "because", "since",
                          "after", "before", "but", "and", "so", "yet", "still", "however"})
"""A subordinate or linking opening ("As the timing was his, …") never stands alone."""


AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "should",
                         "may", "might", "can", "did", "does", "do", "been", "being"})
"""A clause opening on its verb ("has died just as …") has its subject elsewhere."""


def opens_plainly(span: str, claim: bool = False) -> bool:
    """Does ``span`` open on words a reader can follow alone: not a linking word
    (:data:`LINK_OPENERS`), not its verb (:data:`AUXILIARIES`), not a pronoun unless it is a named speaker's ``claim``
    (:data:`PRONOUN_OPENERS`), not a pointing opening
    (:func:`briefbot.writing.writer.opens_with_pointer`)?"""
    first = span.split()[0].strip(_EDGE).casefold() if span.split() else ""
    if not first or first in LINK_OPENERS or first in AUXILIARIES or (first in PRONOUN_OPENERS and not claim):
        return False
    return claim or not opens_with_pointer(span)


def in_line(span: str) -> str:
    """``span`` as it reads inside a line: a sentence-opening determiner in lower case ("A number of
    councillors favour …" -> "a number of …", "The council said …" -> "the council …"); every other
    word as written (a capitalised first word may be a name: "Tarn worked his farm").  The span is
    otherwise the sentence's own characters."""
    first = span.split()[0]
    if first.casefold() in DETERMINERS and first[:1].isupper():
        return first[:1].lower() + span[1:]
    return span


def stance_clause(text: str, ids: Sequence[int], outlet: str) -> str | None:
    """"Steppe Wire reports Velmar charged Ado Renk [1]" / "Ado Renk's lawyer says no case was
    filed [2]": the side's speaker (its own, else ``outlet``, who reports it) and its stance,
    with its markers; None when the sentence gives no stance (:func:`stance`)."""
    found = stance(text)
    if found is None:
        return None
    marks = "".join(f"[{i}]" for i in ids)
    who = found.who or outlet
    verb = "says" if found.who or outlet.casefold().startswith(("one ", "two ")) else "reports"
    return f"{who} {agree(verb, plural(who))} {found.text} {marks}"
