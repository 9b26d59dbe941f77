"""A question turned into what a reader's sentence says about it: "none says *when the footage
was shot*", "none gives *the name of the worker*".

:func:`indirect` takes a question as people type it (lower case, no question mark, "whats",
"ppl") and returns the verb a note uses and the indirect form:

* a wh-question keeps its wh-phrase and goes into statement order — do-support removed with
  the verb inflected ("when did staff send the letter" → "when staff sent the letter"), the
  auxiliary put back after the subject ("when will the senate return" → "when the senate
  will return", "where is the funeral home" → "where the funeral home is");
* a question whose wh-phrase is its subject is already in statement order ("how many homes
  lost water in june", "who replaced smith");
* "what is the X" asks for the X: ("gives", "the X");
* a yes/no question becomes a "whether" clause ("has anyone been charged" → "whether anyone
  has been charged").

Grammar only: auxiliaries, determiners, prepositions, pronouns and the irregular past tenses
are closed classes.  The verb is found by form (a participle, an auxiliary verb) or by the
tagger's verb tag, and after a modal it is the word before the first preposition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefbot.language.parse import parse

CONTRACTIONS = {
    "whats": "what is", "what's": "what is", "whos": "who is", "who's": "who is", "wheres": "where is",
    "where's": "where is", "hows": "how is", "how's": "how is", "whens": "when is", "when's": "when is",
    "whys": "why is", "why's": "why is", "ppl": "people", "isnt": "is not", "wasnt": "was not",
    "didnt": "did not", "doesnt": "does not", "dont": "do not", "arent": "are not", "werent": "were not",
}
"""Contractions and chat spellings people type in questions (spelled out before the grammar runs)."""
WH = frozenset("what which who whom whose when where why how".split())
DO = frozenset({"do", "does", "did"})
COPULAS = frozenset("is are was were am".split())
BE_HAVE_MODAL = frozenset("is are was were am has have had will would can could should may might must shall".split())
VERBISH = frozenset("be been being have has had get got gotten do done".split())
DETERMINERS = frozenset("the a an this that these those his her its their our my your some any every each no".split())
PRONOUNS = frozenset("i you he she it we they this that anyone anybody someone somebody everyone nobody "
                     "one there".split())
PREPOSITIONS = frozenset("in on at to for from by with about over under after before during into of as "
                         "behind against since until between among near".split())
DEGREE = frozenset("many much old long big large high far often soon late early".split())
"""Words that join "how" into one wh-phrase ("how many", "how old")."""
IRREGULAR_PAST = {
    "be": "was", "have": "had", "do": "did", "go": "went", "say": "said", "make": "made", "know": "knew",
    "take": "took", "see": "saw", "come": "came", "give": "gave", "get": "got", "find": "found",
    "think": "thought", "tell": "told", "become": "became", "leave": "left", "feel": "felt", "bring": "brought",
    "begin": "began", "keep": "kept", "hold": "held", "write": "wrote", "stand": "stood", "hear": "heard",
    "let": "let", "mean": "meant", "set": "set", "meet": "met", "run": "ran", "pay": "paid", "sit": "sat",
    "lay": "laid",
    "speak": "spoke", "lead": "led", "read": "read", "grow": "grew", "lose": "lost", "fall": "fell",
    "send": "sent", "build": "built", "understand": "understood", "draw": "drew", "break": "broke",
    "spend": "spent", "cut": "cut", "rise": "rose", "drive": "drove", "buy": "bought", "wear": "wore",
    "choose": "chose", "seek": "sought", "throw": "threw", "catch": "caught", "deal": "dealt", "win": "won",
    "fight": "fought", "teach": "taught", "shoot": "shot", "hit": "hit", "put": "put", "quit": "quit",
    "sell": "sold", "strike": "struck", "steal": "stole", "hide": "hid", "sleep": "slept", "fly": "flew",
    "forget": "forgot", "sink": "sank", "shut": "shut", "hurt": "hurt", "flee": "fled", "bite": "bit",
    "eat": "ate", "swim": "swam", "sing": "sang", "ride": "rode", "wake": "woke", "freeze": "froze",
}
"""Past tenses English does not form with -ed (grammar: a closed class)."""
PARTICIPLES = frozenset({*IRREGULAR_PAST.values(), "been", "done", "gone", "seen", "taken", "given", "known",
                         "written", "broken", "chosen", "driven", "eaten", "fallen", "forgotten", "hidden",
                         "spoken", "stolen", "thrown", "woken", "frozen", "shown", "grown", "drawn", "worn",
                         "bitten", "begun", "sung", "sunk", "swum", "ridden", "risen", "struck"})
_VOWELS = re.compile(r"[aeiou]+")


@dataclass(frozen=True)
class Indirect:
    """How a note names the asked thing: ``verb`` ("says" / "gives") and the ``clause``."""

    verb: str
    clause: str

    def __str__(self) -> str:
        return f"{self.verb} {self.clause}"


def past(verb: str) -> str:
    """The past tense of a base verb ("send" → "sent", "open" → "opened", "stop" → "stopped")."""
    v = verb.lower()
    if v in IRREGULAR_PAST:
        return IRREGULAR_PAST[v]
    if v.endswith("e"):
        return v + "d"
    if len(v) > 1 and v.endswith("y") and v[-2] not in "aeiou":
        return v[:-1] + "ied"
    if (len(_VOWELS.findall(v)) == 1 and re.search(r"[^aeiou][aeiou][bdgmnpt]$", v)):
        return v + v[-1] + "ed"
    return v + "ed"


def third_person(verb: str) -> str:
    """The third-person singular present ("want" → "wants", "have" → "has", "try" → "tries")."""
    v = verb.lower()
    if v == "have":
        return "has"
    if v == "be":
        return "is"
    if re.search(r"(?:s|sh|ch|x|z|o)$", v):
        return v + "es"
    if len(v) > 1 and v.endswith("y") and v[-2] not in "aeiou":
        return v[:-1] + "ies"
    return v + "s"


_CONTEXT = re.compile(r"\s*\([^()]*\)\s*[?.!]?\s*$")
"""A trailing parenthetical: the context a follow-up's resolution adds for the search ("when did
they start (about the fare change)"), not part of what the user asked, and not of the clause."""


def _words(question: str) -> list[str]:
    text = _CONTEXT.sub("", question.strip()).strip().rstrip("?.! ").replace("’", "'")
    out: list[str] = []
    for w in text.split():
        low = w.lower()
        out += CONTRACTIONS[low].split() if low in CONTRACTIONS else [w]
    return out


def _verbish(word: str, tag: str = "") -> bool:
    low = word.lower()
    return (low in VERBISH or low in PARTICIPLES or tag.startswith("VB")
            or (low.endswith("ed") and len(low) > 3) or (low.endswith("ing") and len(low) > 4))


def _wh_end(words: list[str]) -> int:
    """Where the wh-phrase ends: "how many homes", "what village", "when"."""
    low = [w.lower() for w in words]
    i = 1
    if low[0] == "how" and len(low) > 1 and low[1] in DEGREE:
        i = 2
    if i == 2 and low[1] not in ("many", "much") and i < len(low) and low[i] in ("a", "an"):
        i += 1  # "how big a fine"
    if low[0] in ("what", "which", "whose") or (low[0] == "how" and i >= 2):
        while i < len(low) and low[i] not in DO | BE_HAVE_MODAL and not _verbish(low[i]) \
                and (low[i] not in PREPOSITIONS or (low[i] == "of" and i > 1)) \
                and low[i] not in DETERMINERS and low[i] not in PRONOUNS:
            i += 1  # "what kind of car", "how many of the workers" stops at "the"
    return i


def _verb_at(words: list[str], tags: list[str], start: int, modal: bool) -> int:
    """Index of the clause's verb after a subject that begins at ``start`` (len(words) when none)."""
    low = [w.lower() for w in words]
    first = start + 1  # the subject has at least one word; after a determiner, two
    bound = start + (2 if low[start] in DETERMINERS and low[start] not in PRONOUNS else 1)
    if modal:  # a verb must follow: the first one the tagger or the form shows, after the subject's head
        tagged = next((k for k in range(bound, len(low)) if tags[k] in ("VB", "VBP", "VBD", "VBN")
                       and low[k] not in PREPOSITIONS), None)
        if tagged is not None:
            return tagged
    skip = set()
    for k in range(first, len(low)):
        if low[k] == "of":  # "any of the workers", "the head of the union": still the subject
            skip |= {k, k + 1} if k + 1 < len(low) and low[k + 1] in DETERMINERS else {k}
        if k in skip or k < bound:
            continue
        if _verbish(low[k], tags[k]) or low[k] in DETERMINERS or low[k] in PREPOSITIONS or low[k] == "not" \
                or (not modal and tags[k].startswith("JJ")):  # "is the bridge open"
            if modal and ing_after_verb(low, tags, k, bound):
                return k - 1  # "did ada vole start working": "start" is the verb the -ing form follows
            if modal and (low[k] in PREPOSITIONS or low[k] in DETERMINERS):
                if k - 1 >= bound:
                    return k - 1  # "will the senate return to work": the word before the preposition
                continue  # "did the people from windsor donate": the preposition is inside the subject
            return k
    return len(low) - 1 if modal and len(low) - 1 >= first else len(low)


def ing_after_verb(low: list[str], tags: list[str], k: int, bound: int) -> bool:
    """Is ``low[k]`` (the first verb-like word after the subject's first word) an -ing form right
    after a word of the clause that is not the subject's first ("start working", "keep trying")?
    After "did" the clause's verb is a base form, so that word is the verb and the -ing form its
    complement."""
    return (low[k].endswith("ing") and k - 1 >= bound and low[k - 1] not in PREPOSITIONS
            and low[k - 1] not in DETERMINERS and low[k - 1] not in PRONOUNS)


def indirect(question: str) -> Indirect:
    """The question as an indirect clause and the verb a note uses with it (module docstring)."""
    words = _words(question)
    if not words:
        return Indirect("says", "what was asked")
    if words[0] != "I":
        words[0] = words[0].lower()
    low = [w.lower() for w in words]
    tags = [t.tag for t in parse(" ".join(low)).tokens]
    tags = tags if len(tags) == len(words) else [""] * len(words)
    if low[0] not in WH:
        if low[0] in DO | BE_HAVE_MODAL and len(words) > 1:  # yes/no: "has anyone been charged"
            return Indirect("says", "whether " + _declarative(words, tags, 1, low[0], ""))
        return Indirect("says", "about " + " ".join(words))
    end = _wh_end(words)
    head = " ".join(words[:end])
    if end >= len(words):
        return Indirect("says", head)
    aux = low[end]
    if aux not in DO | BE_HAVE_MODAL:
        return Indirect("gives" if low[0] == "how" and end > 1 else "says", " ".join(words))
    rest = end + 1
    if rest >= len(words):
        return Indirect("says", f"{head} {words[end]}")
    if low[0] in ("what", "which") and end == 1 and aux in ("is", "are", "was", "were") \
            and low[rest] in DETERMINERS and _noun_phrase(low[rest:]):
        return Indirect("gives", " ".join(words[rest:]))  # "what is the name of the worker": the name
    verb = "gives" if low[0] == "how" and end > 1 else "says"  # "none gives how many …"
    if end > 1 and aux in ("has", "have", "had") and low[rest] in POSSESSIVES:
        return Indirect(verb, " ".join(words))  # "how many homes had their water cut off": "had" is the verb
    if (_verbish(low[rest]) and not subject_after_adverb(low, end, rest)) or low[rest] in PREPOSITIONS:
        return Indirect(verb, " ".join(words))  # the wh-phrase is the subject: "who is behind it"
    return Indirect(verb, f"{head} {_declarative(words, tags, rest, aux, head)}")


ADVERB_WH = frozenset("why when where how".split())
"""Wh-words that ask for a circumstance, never for the subject ("why is united changing …")."""


def subject_after_adverb(low: list[str], end: int, rest: int) -> bool:
    """After a lone adverb wh-word and its auxiliary the next word opens the subject, even when it
    looks like a verb ("why is united changing its fares": "united" is the firm), as long as more
    words follow; a wh-phrase like "how many" can itself be the subject ("how many were hurt")."""
    return end == 1 and low[0] in ADVERB_WH and rest + 1 < len(low)


RELATIVES = frozenset("who whom whose that which where when".split())
SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())
POSSESSIVES = frozenset("my your his her its our their".split())


def _noun_phrase(low: list[str]) -> bool:
    """Is ``low`` a noun phrase (with any relative clause), no verb of its own ("the name of the
    worker who was fired" yes, "the union doing" no)?"""
    for i, w in enumerate(low):
        if w in RELATIVES or (w in SUBJECT_PRONOUNS and i > 0):  # "the people she killed": a relative clause
            return True
        if _verbish(w):
            return False
    return True


def _declarative(words: list[str], tags: list[str], start: int, aux: str, head: str) -> str:
    """``words[start:]`` (subject first) in statement order with ``aux`` put back."""
    low = [w.lower() for w in words]
    needs_verb = aux not in COPULAS  # after do, have or a modal a verb follows; after be maybe not
    k = _verb_at(words, tags if needs_verb else [t if t.startswith("JJ") else "" for t in tags], start, needs_verb)
    subject, tail = words[start:k], words[k:]
    if aux in DO:
        if not tail:
            return " ".join(subject)
        verb = tail[0]
        if low[k] in ("not", "n't") and len(tail) > 1:
            return " ".join([*subject, aux, *tail])
        verb = past(verb) if aux == "did" else third_person(verb) if aux == "does" else verb
        return " ".join([*subject, verb, *tail[1:]])
    return " ".join([*subject, aux, *tail])
