"""An elliptical follow-up ("and why?", "where?") completed from the previous question, grammatically.

Swapping only the question word works when an auxiliary follows it ("When was X introduced?"
+ "why?" -> "Why was X introduced?"), but not when the old question word opened a phrase or
was the subject: "How many people died in Velmar?" + "where?" gave "Where people died in
Velmar?", "What weapon did the guard use?" + "when?" gave "When weapon did the guard use?".
Those read as no question a person types, and the search and the rules then read a broken
frame.  :func:`complete_ellipsis` rebuilds the question from the parse (``language.parse``:
tags and lemmas, no word list of verbs):

* the **asked phrase** is what stands between the question word and the first verb ("how many
  *people*", "what *weapon*", "how much *of a payout*"); "kind/type/sort of" before its noun
  and a leading "of" are dropped, and a what/which phrase gets "the" ("the weapon");
* the phrase was the **subject** when a form of *be* or *have*, a modal, or a full verb follows
  it: with *be/have*/modal it goes after that auxiliary ("Why were people arrested in
  Velmar?"); with a full verb *do* takes the verb's tense and the verb its lemma ("Where did
  people die in Velmar?");
* the phrase was the **object** when *do* follows it: it goes back after the main verb and its
  particle ("When did the guard use the weapon?"), or at the end when the question ends on a
  stranded preposition ("When did the thief drive off in the car?");
* a bare question word before an auxiliary is swapped as before ("Why did Hale resign?").

Nothing is completed (None) when the old question's word was the subject on its own ("Who
shot the guard?" + "why?": the subject is the answer, not a phrase of the question).
"""

from __future__ import annotations

import re

from briefbot.language.parse import Token, parse

_WH = re.compile(r"^\s*(why|when|where|who|whom|whose|what|which|how(?:\s+(?:many|much|long|often|far|old))?)\b",
                 re.I)
_ABOUT = re.compile(r"\s*\(about [^()]*\)\s*$")
"""The earlier subject a subjectless follow-up was searched about (:mod:`.conversation`)."""
AUXILIARY_LEMMAS = frozenset({"be", "have", "do"})
"""Lemmas of the verbs English puts before the subject in a question (with the modals, tag MD)."""
PARTITIVE_HEADS = frozenset({"kind", "type", "sort"})
"""Nouns of "what kind of car": the asked thing is the noun after "of"."""
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
DO_FORMS = {"VBD": "did", "VBZ": "does", "VBP": "do"}


def complete_ellipsis(previous: str, ellipsis: str) -> str | None:
    """``previous`` asked with ``ellipsis``'s question word, as a person would type it (module
    docstring); None when either has no question word or the old one was a bare subject."""
    about = _ABOUT.search(previous)
    if about:  # "... (about Corvell)": completed without it, then said again
        done = complete_ellipsis(previous[:about.start()], ellipsis)
        return f"{done}{previous[about.start():]}" if done else None
    old, new = _WH.match(previous), _WH.match(ellipsis)
    if not old or not new:
        return None
    word = new.group(1)
    word = word[0].upper() + word[1:].lower()
    toks, starts = _tokens(previous)
    first = next((i for i, s in enumerate(starts) if s >= old.end()), len(toks))
    verb = next((i for i in range(first, len(toks)) if _is_verb(toks[i])), None)
    if verb is None:
        return None
    phrase = asked_phrase(toks[first:verb], old.group(1).split()[0].casefold())
    aux = _is_auxiliary(toks[verb])
    rest_at = starts[verb]
    if not phrase:
        return f"{word} {previous[rest_at:].strip()}" if aux else None
    verb_end = starts[verb] + len(toks[verb].text)
    after = previous[verb_end:]
    if aux and _subject_before(toks, verb):  # "How many people were arrested": the subject, after its auxiliary
        return f"{word} {toks[verb].text} {phrase}{after}"
    if not aux:  # "How many people died in Velmar": do takes the tense, the verb its lemma
        do = DO_FORMS.get(toks[verb].tag, "did")
        return f"{word} {do} {phrase} {toks[verb].lemma}{after}"
    return f"{word} {_object_back(previous, toks, starts, verb, phrase)}"


def asked_phrase(toks: tuple[Token, ...] | list[Token], wh: str) -> str:
    """The words between a question word and its first verb, said as a phrase of the question
    ("weapon" -> "the weapon" after what/which, "people" after how many; "kind of car" -> "the
    car"; "of a payout" -> "a payout")."""
    words = [t.text for t in toks if t.tag not in ("POS",) and t.text not in "?!.,"]
    if wh == "how" and toks and toks[0].tag in ("JJ", "RB"):
        words = words[1:]  # "how big a fine": a fine
    while words and words[0].casefold() == "of":
        words = words[1:]
    if len(words) >= 3 and words[0].casefold() in PARTITIVE_HEADS and words[1].casefold() == "of":
        words = words[2:]
    if not words:
        return ""
    if wh in ("what", "which") and words[0].casefold() not in DETERMINERS:
        words = ["the", *words]
    return " ".join(words)


def _object_back(previous: str, toks: tuple[Token, ...], starts: list[int], aux: int, phrase: str) -> str:
    """The question from its auxiliary on, with the asked ``phrase`` put back as the object:
    after the main verb and its particle, or at the end after a stranded preposition."""
    body_end = len(previous.rstrip().rstrip("?!."))
    mark = previous.rstrip()[body_end:] or ""
    words = [i for i in range(aux + 1, len(toks)) if toks[i].pos != "PUNCT"]
    if words and toks[words[-1]].tag in ("IN", "RP") and toks[words[-1]].dep == "prep":
        return f"{previous[starts[aux]:body_end].rstrip()} {phrase}{mark}"  # "drive off in" + "the car"
    main = main_verb(toks, words)
    if main is None:
        return f"{previous[starts[aux]:body_end].rstrip()} {phrase}{mark}"
    end = main
    while end + 1 < len(toks) and toks[end + 1].tag == "RP":
        end += 1  # "give up" + the phrase
    cut = starts[end] + len(toks[end].text)
    return f"{previous[starts[aux]:cut]} {phrase}{previous[cut:].rstrip()}"


def _subject_before(toks: tuple[Token, ...], aux: int) -> bool:
    """Was the asked phrase before auxiliary ``aux`` its subject?  Before a form of *be* always
    ("how many people were arrested / were in the crowd"); before *do* never (do-support puts
    the subject after it); before *have* or a modal when a verb follows it directly ("how many
    have died", "how many will attend"; not "how many staff will Varga retrain")."""
    lemma = toks[aux].lemma.casefold()
    if lemma == "be":
        return True
    if lemma == "do":
        return False
    return aux + 1 < len(toks) and _is_verb(toks[aux + 1])


def main_verb(toks: tuple[Token, ...], words: list[int]) -> int | None:
    """The main verb among ``words`` (the token indexes after a do-auxiliary): the first in its
    bare form (do-support leaves it so, tag VB; not "bitten" in "did the man bitten by the panda
    get"), else the last noun of the noun run after the auxiliary (the tagger reads a bare
    verb typed in lower case as a noun: "did police arrest in Velmar"); None when neither."""
    bare = next((i for i in words if toks[i].tag == "VB"), None)
    if bare is not None:
        return bare
    run = [i for i in words[:next((n for n, i in enumerate(words) if toks[i].tag not in _RUN_TAGS), len(words))]]
    nouns = [i for i in run if toks[i].tag.startswith("NN")]
    return nouns[-1] if len(nouns) >= 2 else None


_RUN_TAGS = frozenset({"DT", "JJ", "NN", "NNS", "NNP", "NNPS", "PRP$", "POS", "CD"})


def _is_verb(tok: Token) -> bool:
    return tok.tag.startswith("VB") or tok.tag == "MD"


def _is_auxiliary(tok: Token) -> bool:
    """A modal, *be* or *do*, or *have* as an auxiliary (not "had" in "how many homes had their
    water cut off": the main verb there, by the parse)."""
    lemma = tok.lemma.casefold()
    if lemma == "have":
        return tok.dep in ("aux", "auxpass")
    return tok.tag == "MD" or lemma in AUXILIARY_LEMMAS


def _tokens(text: str) -> tuple[tuple[Token, ...], list[int]]:
    """The parse's tokens of ``text`` and each one's start offset in it (found left to right)."""
    toks = parse(text).tokens
    starts: list[int] = []
    pos = 0
    for tok in toks:
        at = text.find(tok.text, pos)
        at = pos if at < 0 else at
        starts.append(at)
        pos = at + len(tok.text)
    return toks, starts
