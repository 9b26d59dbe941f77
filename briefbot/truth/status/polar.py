"""Yes/no questions: do the reports agree on *whether* the asked proposition holds?

A yes/no question ("was the reshuffle a purge or not", "does Hale want the report published")
is answered by a statement of its predicate, affirmed or denied.  It is not settled when one
report states it and another denies it or says it is undecided: the answer is then ``uncertain``
with both sentences cited.  :mod:`briefbot.truth.contested` compares the asked words by stem, in
different articles; here the test reads the parse of each sentence, so that:

* the asked predicate is matched by meaning, not only by stem (a sentence word *says* an asked
  word: :func:`~briefbot.truth.status.fill.says`, MiniLM word cosine);
* a sentence's **stance** on it (:func:`stance`) is one of
  - *denied* — a negator governs the word (:func:`~briefbot.truth.status.fill.negated`):
    "the reshuffle was not, in fact, a purge";
  - *hedged* — stated only as apparent or alleged (:func:`hedged`): "the apparent suicide",
    "is accused of killing";
  - *undecided* — the word sits in a whether/if clause governed by a negated or refused verb of
    deciding, knowing or saying, or by "unclear"/"unknown" (:func:`undecided`): "Hale has not
    decided whether he would release the report", "officials declined to say whether …";
    a mere "asked whether" is a question, not a stance;
  - *affirmed* — stated, not under whether/if, not denied;
* a word under a verb of asking, or in one branch of an "either … or" choice, is no stance
  ("asked what it meant if not a purge"), and one under a verb of rejecting in force is denied
  by that party ("balked at the idea that …");
* one article may hold both sides when the non-affirming one is *reported* — the word stands
  under a verb of saying with a subject ("Orm insisted the reshuffle was not a purge",
  :func:`reported`): the writer's "it was a purge" and a party's "it was not" are two sides.

The pair must be about the asked event (each names one of the question's names in the sentence
or its article's title, :func:`~briefbot.truth.contested.about_asked`).  Grammar only: the
verbs of saying, deciding and refusing are closed classes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefbot.language.parse import Parsed, children, parse, subtree
from briefbot.language.question import GENERIC_WORDS, QuestionFrame
from briefbot.language.text import STOPWORDS, fold, stem
from briefbot.truth.conflicts import Claim, Disagreement
from briefbot.truth.contested import about_asked
from briefbot.truth.status.fill import OPEN_MARKERS, negated, prefetch, says, stated

SPEECH_VERBS = frozenset(
    "say tell insist claim maintain argue contend assert stress write add note state announce report "
    "acknowledge suggest explain repeat reiterate".split())
"""Verbs that report someone's claim: a word under one of them (with a subject) is that party's claim."""
DECIDING_VERBS = frozenset("decide say know confirm determine disclose reveal indicate specify comment".split())
"""Verbs that, negated or refused, leave their whether-clause open ("has not decided whether")."""
REFUSAL_VERBS = frozenset("decline refuse".split())
DENIAL_VERBS = frozenset("deny reject dismiss dispute refute rebut balk".split())
"""Verbs that reject what stands under them ("balked at the idea that the hires were a purge"):
a party's denial of it."""
ATTEMPT_VERBS = frozenset("attempt try seek prepare plan intend consider weigh threaten aim".split())
"""Verbs that say an act was tried or is being readied, not done ("attempted to contact the
clinic", "was preparing a case against him")."""
SEQUENCE_PREPOSITIONS = frozenset("before after until since during following".split())
"""Prepositions that place the asked act in time ("before putting it on air"): their objects are
not its participants."""
PERSONAL_OBJECTS = frozenset("him her them".split())
HEDGE_MODIFIERS = frozenset(
    "apparent apparently alleged allegedly suspected possible possibly presumed presumably probable probably "
    "reported reportedly likely seemingly purported purportedly".split())
"""Modifiers that state the asked act only as apparent or alleged ("the apparent suicide", "allegedly
killed"): a lesser degree than another report's plain statement."""
HEDGE_VERBS = frozenset("accuse suspect allege believe think".split())
"""Verbs that hold the asked act as a suspicion ("is accused of killing", "is believed to have …")."""
ASKING_VERBS = frozenset("ask wonder question".split())
"""A word under these is asked about, not stated ("asked what it meant if not a purge")."""
UNSETTLED_WORDS = frozenset("unclear unknown undecided uncertain".split())
PREDICATE_POS = frozenset({"VERB", "NOUN", "ADJ"})
QUESTION_PREDICATE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "acl", "conj", "attr", "acomp", "oprd"})
"""Where the asked predicate stands in the question's parse (the main verb, its complement, a
predicate noun or adjective) — not in a clause that only places it in time ("before he died")."""
COPULA_QUESTION = re.compile(r"^\s*(?:is|are|was|were)\b", re.I)
"""A question opening with a form of *be* asks about a predicate noun ("was the change a purge"),
which the small model often parses as an object: there the object is asked too."""
LIGHT = frozenset({"be", "have", "do", "get", "make"})
MAX_CLIMB = 12


@dataclass(frozen=True)
class Stance:
    """How one sentence takes the asked predicate."""

    kind: str
    """"affirmed", "denied", "hedged", "undecided" or "attempted"."""
    reported: bool
    """The word stands under a verb of saying with a subject: a party's claim, not the writer's."""


def asked_predicate(frame: QuestionFrame) -> list[str]:
    """The question's predicate words as typed: its main verb and the verbs, predicate nouns and
    adjectives that complement it, read from the question's parse — not names, light or
    frame verbs, nor the words of a clause that only dates it ("before he died")."""
    p = parse(frame.text)
    deps = QUESTION_PREDICATE_DEPS | ({"dobj"} if COPULA_QUESTION.match(frame.text) else set())
    out: list[str] = []
    for i, tok in enumerate(p.tokens):
        if tok.pos not in PREDICATE_POS or tok.dep not in deps:
            continue
        word = fold(tok.text)
        if (tok.lemma in LIGHT or word in STOPWORDS or stem(word) in GENERIC_WORDS
                or stem(word) in frame.names or not word.isalpha() or _subordinate(p, i)):
            continue
        out.append(word)
    return list(dict.fromkeys(out))


def _subordinate(p: Parsed, i: int) -> bool:
    """Is the word inside an adverbial clause or a prepositional phrase of the question?"""
    for _ in range(MAX_CLIMB):
        tok = p.tokens[i]
        if tok.dep in ("advcl", "pcomp", "pobj", "prep"):
            return True
        if tok.head == i:
            return False
        i = tok.head
    return False


def _ancestors(p: Parsed, i: int) -> list[int]:
    out: list[int] = []
    for _ in range(MAX_CLIMB):
        head = p.tokens[i].head
        if head == i:
            break
        out.append(head)
        i = head
    return out


def asked_participants(frame: QuestionFrame) -> tuple[list[str], list[str]]:
    """(subject words, object words) of the question as typed: the nouns and names that are the
    subject of its verbs, and the objects of its predicate verbs (direct, or after a preposition
    that does not place the act in time)."""
    p = parse(frame.text)
    predicate = set(asked_predicate(frame))
    subjects: list[str] = []
    objects: list[str] = []
    for tok in p.tokens:
        if tok.pos not in ("NOUN", "PROPN") or not tok.text.isalpha():
            continue
        if tok.dep in ("nsubj", "nsubjpass"):
            subjects.append(fold(tok.text))
            continue
        head = p.tokens[tok.head]
        if tok.dep == "dobj" and fold(head.text) in predicate:
            objects.append(fold(tok.text))
        elif (tok.dep == "pobj" and head.lemma not in SEQUENCE_PREPOSITIONS
              and fold(p.tokens[head.head].text) in predicate):
            objects.append(fold(tok.text))
    return subjects, objects


def _subject(p: Parsed, i: int) -> int | None:
    """The subject of the verb at ``i``, or of the verb it complements or is joined to."""
    for j in [i, *_ancestors(p, i)][:4]:
        found = [k for k in children(p, j) if p.tokens[k].dep in ("nsubj", "nsubjpass")]
        if found:
            return found[0]
        if p.tokens[j].dep not in ("xcomp", "conj", "ccomp"):
            return None
    return None


def attempted(text: str, subjects: Sequence[str], objects: Sequence[str], named: frozenset[str]) -> bool:
    """Does the sentence say the asked subject only tried or was readying an act on the asked object
    ("the station attempted to contact the clinic", "Orm was preparing a case against him")?  A verb
    of attempt in force whose subject says an asked subject word, with an asked object — or, for an
    object the question names, a personal pronoun — in what it governs."""
    if not subjects or not objects:
        return False
    p = parse(text)
    prefetch(p, [*subjects, *objects])
    for i, tok in enumerate(p.tokens):
        if tok.lemma not in ATTEMPT_VERBS or tok.pos != "VERB" or not stated(p, i) or negated(p, i):
            continue
        subj = _subject(p, i)
        if subj is None or not says(p.tokens[subj], subjects):
            continue
        inside = set(subtree(p, i)) - set(subtree(p, subj)) - {i}
        if any(p.tokens[k].pos in ("NOUN", "PROPN") and says(p.tokens[k], objects) for k in inside):
            return True
        if any(stem(o) in named for o in objects) and any(
                p.tokens[k].lemma in PERSONAL_OBJECTS or fold(p.tokens[k].text) in PERSONAL_OBJECTS for k in inside):
            return True
    return False


def hedged(p: Parsed, i: int, asked: frozenset[str] = frozenset()) -> bool:
    """Is the word at ``i`` stated only as apparent or alleged: a hedging modifier on the word itself
    ("the apparent suicide", "allegedly killed"), or — for a verb — a verb of suspicion it
    complements ("is accused of killing")?  A suspicion about something else in the clause ("police
    believe the shooting began outside") does not hedge the shooting, nor does a modifier the
    question itself uses (``asked``, stems: "is he a probable starter" asks about the probable)."""
    if any((p.tokens[k].lemma in HEDGE_MODIFIERS or fold(p.tokens[k].text) in HEDGE_MODIFIERS)
           and stem(fold(p.tokens[k].text)) not in asked
           for k in children(p, i) if p.tokens[k].dep in ("amod", "advmod")):
        return True
    if p.tokens[i].pos != "VERB":
        return False
    j = i
    for _ in range(3):
        if p.tokens[j].dep not in ("xcomp", "ccomp", "pcomp", "prep") or p.tokens[j].head == j:
            return False
        j = p.tokens[j].head
        if p.tokens[j].lemma in HEDGE_VERBS:
            return True
    return False


def reported(p: Parsed, i: int) -> bool:
    """Does the word at ``i`` stand under a verb of saying that has a subject ("Orm insisted that
    …", "…, the minister said")?"""
    for j in _ancestors(p, i):
        if p.tokens[j].lemma in SPEECH_VERBS and any(
                p.tokens[k].dep in ("nsubj", "nsubjpass") for k in children(p, j)):
            return True
    return False


def offered_choice(p: Parsed, i: int) -> bool:
    """Is the word in an "either … or" choice ("has five days to either object or clear the way for
    the report's release")?  A choice still open states neither branch.  Read from the word order:
    the small model often hangs "either" on the wrong branch."""
    words = [t.text.lower() for t in p.tokens]
    first = words.index("either") if "either" in words else None
    return first is not None and first < i and "or" in words[first + 1:]


def undecided(p: Parsed, i: int) -> bool:
    """Is the word at ``i`` in a whether/if clause left open by its governor: a verb of deciding,
    knowing or saying that is negated or refused ("has not decided whether", "declined to say
    whether"), or "unclear"/"unknown" ("it is unclear whether")?"""
    for j in [i, *_ancestors(p, i)]:
        if not any(p.tokens[k].dep == "mark" and p.tokens[k].lemma in OPEN_MARKERS for k in children(p, j)):
            continue
        g = p.tokens[j].head
        gov = p.tokens[g]
        if gov.lemma in UNSETTLED_WORDS or any(p.tokens[k].lemma in UNSETTLED_WORDS for k in children(p, g)):
            return True
        if gov.lemma in DECIDING_VERBS:
            return negated(p, g) or p.tokens[gov.head].lemma in REFUSAL_VERBS
        return False
    return False


def stance(text: str, asked: Sequence[str], question_words: frozenset[str] = frozenset()) -> Stance | None:
    """The sentence's stance on the asked predicate (module docstring), None when it does not
    carry it.  A denial or an open verdict outweighs a mention affirmed elsewhere in the sentence."""
    if not asked:
        return None
    p = parse(text)
    prefetch(p, asked)
    found: Stance | None = None
    for i, tok in enumerate(p.tokens):
        if tok.pos not in PREDICATE_POS or not says(tok, asked):
            continue
        governors = [p.tokens[j] for j in _ancestors(p, i)]
        if any(g.lemma in ASKING_VERBS for g in governors) or offered_choice(p, i):
            continue
        if not stated(p, i):
            if undecided(p, i):
                return Stance("undecided", reported(p, i))
            continue
        if negated(p, i):
            return Stance("denied", reported(p, i))
        if hedged(p, i, question_words):
            return Stance("hedged", reported(p, i))
        if any(g.lemma in DENIAL_VERBS for j, g in zip(_ancestors(p, i), governors, strict=True) if not negated(p, j)):
            return Stance("denied", True)
        found = found or Stance("affirmed", reported(p, i))
    return found


WORDING = {"denied": "another says it is not so", "undecided": "another says it is not decided or not known",
           "attempted": "another that it was only attempted or being prepared",
           "hedged": "another only that it is apparent or alleged"}


def polar_rivals(frame: QuestionFrame, claims: Sequence[Claim], limit: int = 1) -> list[Disagreement]:
    """For a yes/no question: pairs of claims about the asked event where one affirms the asked
    predicate and the other denies it, says it is undecided or that the asked subject only tried or
    readied it (:func:`attempted`) — from different articles, or from one article when the second is
    a party's reported claim — the affirming side first."""
    asked = asked_predicate(frame)
    if not asked:
        return []
    subjects, objects = asked_participants(frame)
    stances = [Stance("attempted", True) if attempted(c.text, subjects, objects, frame.names)
               else stance(c.text, asked, frame.words) for c in claims]
    out: list[Disagreement] = []
    for i, a in enumerate(claims):
        if stances[i] is None or stances[i].kind != "affirmed":  # type: ignore[union-attr]
            continue
        for j, b in enumerate(claims):
            other = stances[j]
            if i == j or other is None or other.kind == "affirmed" or not about_asked(a, b, frame.names):
                continue
            if a.article_id == b.article_id and not other.reported:
                continue  # one writer's "it was" and "it was not" are no two sides
            out.append(Disagreement("claim", (a.side(), b.side()), f"one report says so, {WORDING[other.kind]}"))
            if len(out) >= limit:
                return out
    return out
