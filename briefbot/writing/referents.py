"""Referents by description: the noun phrases of an earlier question that a pronoun can stand for.

A follow-up's "him" may mean someone no turn names ("how much did the man bitten by the
panda get" -> "when did it attack him"), its "them" a group ("why were people protesting"
-> "how many of them were arrested"), its "it" a thing the question asked for ("what
weapon did the shooter use" -> "where did she buy it").  :func:`descriptions` finds the
noun phrases of a question from spaCy's part-of-speech tags (``briefbot.language.parse``):

* a phrase is an optional determiner, its modifiers and a noun head, with a participle
  and its prepositional phrases after it ("the man bitten by the panda", "people
  protesting in Velmar over the fare rise");
* after a do-auxiliary a question's verb is bare, so the last noun of a run that follows
  "did/does/do" is its verb when another word, the question mark or nothing follows ("did
  the depot guard use" -> "the depot guard"; the tagger reads lower-case verbs as nouns);
* a wh-determiner is the thing asked for only where it opens the question ("what weapon",
  "in which city"), never in a relative clause ("the woman whose ring was stolen");
* a wh-phrase ("what weapon", "which poll") is the thing asked for, said as "the weapon";
* the number is the head's tag (NNS plural).

Whether a head names a person (a "he", "she" or "they") or a thing ("it") is read from the
embedding model (all-MiniLM-L6-v2, :func:`person_scores`): its similarity to the words
for people minus its similarity to the words for things, no list of nouns.  Names are not
descriptions: capitalised runs are resolved by :mod:`.conversation` first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from briefbot.language.parse import SUBJECT_DEPS, Token, parse
from briefbot.language.text import stem
from briefbot.store.embeddings import encode_words

PERSON_WORDS = ("person", "people", "someone", "he", "she")
THING_WORDS = ("thing", "something", "object", "event", "it")
"""The two poles a head noun is compared with (:func:`person_scores`): the words English uses
for "a person" and "a thing" in general, not nouns of any story."""
DETERMINER_TAGS = frozenset({"DT", "PRP$", "WDT", "CD"})
MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "VBN", "POS"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
DO_AUXILIARIES = frozenset({"did", "does", "do"})
WH_DETERMINERS = frozenset({"what", "which", "whose"})
QUANTIFIERS = frozenset({"many", "much"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "dative"})
"""Dependency labels of a head that a verb or preposition acts on (the object, the subject of
a passive, a preposition's object): the thing a question is about rather than the actor."""


@dataclass(frozen=True)
class Description:
    """A noun phrase of a question that a pronoun can stand for."""

    text: str
    """As a referent is said ("the man bitten by the panda"; a wh-phrase as "the weapon")."""
    head: str
    plural: bool
    asked: bool = False
    """The wh-phrase: what the question asked for ("what weapon")."""
    subject: bool = False
    """Its head is the subject of a verb ("police said")."""
    object: bool = False
    """Its head is what a verb or preposition acts on (:data:`OBJECT_DEPS`: "announce the help fund")."""


def descriptions(question: str) -> tuple[Description, ...]:
    """The noun phrases of ``question``, in order (module docstring)."""
    toks = parse(question).tokens
    out: list[Description] = []
    i = 0
    while i < len(toks):
        start = i
        asked = (toks[i].text.casefold() in WH_DETERMINERS and i + 1 < len(toks) and toks[i + 1].tag in NOUN_TAGS
                 and all(t.tag in ("IN", "CC") for t in toks[:i]))  # it opens the question: not "whose ring was"
        if toks[i].tag in DETERMINER_TAGS or asked:
            i += 1
        j = i
        while j < len(toks) and toks[j].tag in MODIFIER_TAGS:
            j += 1
        while j > i and toks[j - 1].tag not in NOUN_TAGS:
            j -= 1  # a phrase ends on its noun
        if j == i:
            i = max(i, start + 1)
            continue
        after_do = start > 0 and toks[start - 1].text.casefold() in DO_AUXILIARIES
        verb = after_do and j - i >= 2 and (j == len(toks) or toks[j].tag in DETERMINER_TAGS | {"IN", "RP", "PRP", "."})
        if verb:
            j -= 1  # "did the depot guard use (it)": the last word is the bare verb
        end = j + 1 if verb else _postmodifier(toks, j)
        if asked and end + 1 < len(toks) and toks[end].text.casefold() == "of" and toks[end + 1].tag in NOUN_TAGS:
            i, j = end + 1, end + 2  # "what kind of car": the car
            while j < len(toks) and toks[j].tag in NOUN_TAGS:
                j += 1
            end = j
        head = toks[j - 1]
        if start > 0 and toks[start].text.casefold() in QUANTIFIERS and toks[start - 1].text.casefold() == "how":
            start = i = start + 1  # "how many protesters": the protesters
            asked = True
        words = [t.text for t in toks[i:j if verb else end]]
        bare = start == i and head.tag in ("NNS", "NNPS") and not asked  # "people protesting": the people
        text = " ".join(["the", *words]) if asked or bare else " ".join(t.text for t in toks[start:j if verb else end])
        named = all(t.tag in ("NNP", "NNPS") for t in toks[i:j])
        if head.pos != "PRON" and not (named and j - i == 1):
            out.append(Description(text.replace(" 's", "'s"), head.text, head.tag in ("NNS", "NNPS"), asked,
                                   head.dep in SUBJECT_DEPS, head.dep in OBJECT_DEPS))
        i = end
    return tuple(out)


def _postmodifier(toks: tuple[Token, ...], j: int) -> int:
    """The end of a participle and its prepositional phrases after a noun ("bitten by the
    panda", "protesting in Velmar over the fare rise"), else ``j``."""
    if j >= len(toks) or toks[j].tag not in ("VBN", "VBG"):
        return j
    k = j + 1
    while k < len(toks) and toks[k].tag == "IN":
        m = k + 1
        if m < len(toks) and toks[m].tag in DETERMINER_TAGS:
            m += 1
        n = m
        while n < len(toks) and toks[n].tag in MODIFIER_TAGS - {"VBN", "POS"}:
            n += 1
        if n == m:
            break
        k = n
    return k if k > j + 1 else j


def person_scores(heads: list[str]) -> list[float]:
    """For each head noun: its highest similarity to :data:`PERSON_WORDS` minus its highest
    to :data:`THING_WORDS` (all-MiniLM-L6-v2 word vectors).  Above 0 a person or group of
    people ("farmer", "protesters", "authorities"), below 0 a thing ("weapon", "payout")."""
    if not heads:
        return []
    vectors = [_unit(v) for v in encode_words([h.casefold() for h in heads] + list(PERSON_WORDS + THING_WORDS))]
    people = np.array(vectors[len(heads):len(heads) + len(PERSON_WORDS)])
    things = np.array(vectors[len(heads) + len(PERSON_WORDS):])
    return [float((people @ v).max() - (things @ v).max()) for v in vectors[:len(heads)]]


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def person_description(question: str, plural: bool, names: frozenset[str] = frozenset()) -> Description | None:
    """The first phrase of ``question`` that names a person (``plural``: a group of people),
    as written ("how many protesters" as "the protesters"), whose head is none of the stems
    ``names`` (a name typed in lower case, "hales", is tagged as a plural noun); None when it
    names none."""
    found = [d for d in descriptions(question) if d.plural == plural and stem(d.head) not in names]
    scores = person_scores([d.head for d in found])
    return next((d for d, s in zip(found, scores, strict=True) if s > 0), None)


def acting_group(answer: str) -> str | None:
    """The group of people an answer has acting or speaking ("police said", "the authorities
    closed ..."): its first plural phrase that is a verb's subject and names people; what a
    "they" means when no question named or described a group."""
    found = [d for d in descriptions(answer) if d.plural and d.subject]
    scores = person_scores([d.head for d in found])
    return next((d.text for d, s in zip(found, scores, strict=True) if s > 0), None)


def named_as(description: Description, people: tuple[str, ...], answer: str) -> str | None:
    """The person of ``people`` whom ``answer`` names as the described one, in apposition
    ("Ada Vole, a farmer in Velmar" or "farmer Ada Vole" for "the farmer"); None when it
    names none so ("Ada Vole said a farmer ..." is no apposition)."""
    head = re.escape(description.head)
    for person in people:
        name = re.escape(person)
        if re.search(rf"{name},\s+(?:[^\s,]+\s+){{0,4}}?{head}\b|\b{head}\s+{name}", answer, re.I):
            return person
    return None


def thing_description(question: str, asked: bool = True) -> str | None:
    """What "it" can mean in a question: the thing it asked for ("what weapon" -> "the
    weapon"; not when ``asked`` is False: "what day" asks for a time, no thing), else its first
    singular phrase that names no person; None when it has none."""
    found = [d for d in descriptions(question) if not d.plural and (asked or not d.asked)]
    scores = person_scores([d.head for d in found])
    things = [d for d, s in zip(found, scores, strict=True) if s <= 0]
    asked = [d for d in things if d.asked]
    return (asked + things)[0].text if things else None


def _things(question: str, asked: bool) -> list[Description]:
    """The singular phrases of ``question`` that name no person (``asked``: the wh-phrase too)."""
    found = [d for d in descriptions(question) if not d.plural and (asked or not d.asked)]
    scores = person_scores([d.head for d in found])
    return [d for d, s in zip(found, scores, strict=True) if s <= 0]


def topic_thing(question: str, asked: bool = False) -> str | None:
    """What "it" means after ``question`` when it names nothing proper to stand for it: the
    thing it asked for (``asked``: "what weapon" -> "the weapon"), else the thing its verb acts
    on (the object: "what day did the water dept announce the help fund" -> "the help fund"),
    else its first thing ("how much damage did the drone attack cause" -> "the drone attack";
    the asked "how much damage" is a quantity, no thing).  Read from the parse, never from
    the previous frame's slot word; None when it has no thing phrase."""
    things = _things(question, asked)
    ranked = [d for d in things if d.asked] + [d for d in things if d.object and not d.asked] + things
    return ranked[0].text if ranked else None


def subject_thing(question: str) -> str | None:
    """The thing ``question`` says its verb of, when that is a phrase with a determiner ("what
    does the memo show about the FBI" -> "the memo"): what "it" means after it rather than a
    name after a preposition, which the question only asks about in passing.  Not the subject
    of "be" ("what is the status of the Act": the Act is asked about), the asked wh-phrase, a
    plural, or a phrase naming a person (:func:`person_scores`); None otherwise."""
    toks = parse(question).tokens
    doers = {t.text for t in toks if t.dep in SUBJECT_DEPS and toks[t.head].lemma != "be"}  # not "what is the X of"
    found = [d for d in descriptions(question) if d.subject and d.head in doers and not d.plural and not d.asked
             and d.text.split()[0].casefold() in ("the", "this", "that")]
    scores = person_scores([d.head for d in found])
    return next((d.text for d, s in zip(found, scores, strict=True) if s <= 0), None)


def thing_around(name: str, question: str) -> str | None:
    """The thing phrase of ``question`` that ``name`` only modifies ("the secret Carrow footage"
    for "Carrow", "the Norvale ring theft" for "Norvale"): what "it" means there, not the name.
    Not a phrase the name owns ("Uzbekistan's gas production" is about Uzbekistan), one that
    ends on the name, or one naming a person ("the Norvale ring thief"); None when there is none."""
    said = name.casefold().split()
    for d in _things(question, asked=False):
        words = d.text.casefold().split()
        for i in range(len(words) - len(said)):  # the name, then at least the head after it
            if words[i:i + len(said)] == said:
                return d.text
    return None


_ASKED_ROLE = re.compile(r"^\W*(?:and\s+)?who(?:\s+(?:is|was)|['’]s)\s+((?:the|a|an)\s+[^?!.(]*[^\s?!.(])", re.I)


def asked_role(question: str) -> str | None:
    """The role a "who is/was …" question asks to fill, as written ("who was the shooter at the
    depot" -> "the shooter at the depot"): the person its answer names is the one described so,
    and a later "she" means them, said as the role (:meth:`.conversation.Conversation.person`).  Only a
    phrase with a determiner (not "who is Ada Vole"), and only the singular copula ("who were
    the victims" asks for several people, no "she"); None otherwise."""
    m = _ASKED_ROLE.match(question)
    return m.group(1) if m else None


RELATIVE_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
OPENERS = frozenset({"poss", "det", "amod", "compound", "nummod"})


def relative_event(question: str) -> str | None:
    """What happened in a relative clause of ``question``, as a phrase ("how old was the woman
    whose ring was stolen in Corvell" -> "the ring stolen in Corvell"): its own subject (a
    "whose" said as "the"), its verb without the auxiliary, and what follows the verb in the
    clause.  What "it happened" means after a question about a person described so; None when
    no relative clause has a subject of its own ("the man who shot ...")."""
    toks = parse(question).tokens
    for k, tok in enumerate(toks):
        if tok.dep != "relcl":
            continue
        subject = next((i for i in range(k) if toks[i].head == k and toks[i].dep in RELATIVE_SUBJECTS), None)
        if subject is None or toks[subject].tag in ("WP", "WDT"):
            continue  # "the man who shot ...": the clause's subject is the described one
        start = subject
        while start > 0 and toks[start - 1].head == subject and toks[start - 1].dep in OPENERS:
            start -= 1
        end = max(i for i in range(len(toks)) if under(toks, i, k)) + 1
        words = ["the" if t.tag == "WP$" else t.text for t in toks[start:end]
                 if t.dep not in ("auxpass", "aux", "punct")]
        return " ".join(words)
    return None


def under(toks: tuple[Token, ...], i: int, k: int) -> bool:
    """Is token ``i`` token ``k`` or one of its descendants (heads followed up to the root)?"""
    seen = 0
    while i != k and toks[i].head != i and seen < len(toks):
        i, seen = toks[i].head, seen + 1
    return i == k
