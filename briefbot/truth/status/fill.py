"""Slot fillers read from the dependency parse of an evidence sentence (issue 17 item 3).

Each function answers one question about one sentence: does it give *the asked thing* — a
count of the asked noun or of the asked verb's participants, an age, a member of the asked
class, a place of the asked event, or a statement (affirmed or denied) of the asked predicate
— rather than a figure, a name or a place of something else the story also mentions?

The question's asked words come from the :class:`~briefbot.language.question.QuestionFrame`
(its words as typed), never from a parse of the question: spaCy's small model mis-tags lower-case
casual questions ("sack", "shot" as nouns).  Only the evidence sentence is parsed
(:func:`briefbot.language.parse.parse`).  A sentence word matches an asked word by stem, by
lemma, or by meaning (:func:`close`: MiniLM cosine ≥ :data:`WORD_CLOSE`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from briefbot.language.parse import Parsed, Token, children
from briefbot.language.text import STOPWORDS, fold, stem, tokens
from briefbot.language.timespans import duration_units
from briefbot.store.embeddings import encode_word, encode_words

WORD_CLOSE = 0.58
"""MiniLM cosine at which a sentence word says an asked word ("workers" for "staff": 0.61;
"activists" for "protesters" 0.71; "handgun" for "weapon" 0.66).  Measured pairs below it:
"facilities"/"staff" 0.48, "picketed"/"protesters" 0.49, "people"/"staff" 0.41, "percent"/"money"
0.31, "people"/"cops" 0.56 — the figure or the agent of another thing."""
NUMBER_DEPS = frozenset({"nummod", "quantmod", "compound", "appos", "nmod", "amod"})
"""How a figure joins the noun it counts ("ten workers", "$120 million", "workers, ten of them")."""
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd", "pobj", "agent", "dative", "conj"})
NEGATORS = frozenset({"no", "not", "never", "none", "nobody", "neither", "nor", "n't", "without"})
"""Words that deny a predicate ("no charges have been filed", "were never arrested")."""
OPEN_MARKERS = frozenset({"whether", "if"})
"""A predicate under these is asked or supposed, not stated ("declined to say whether … charged")."""
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
STREET = re.compile(r"\b\d{1,6}\s+(?:[A-Z][\w.]*\s+){1,4}(?:Road|Rd|Street|St|Avenue|Ave|Boulevard|Blvd|Drive|Dr|"
                    r"Lane|Ln|Way|Highway|Hwy|Business)\b")
"""An address: a house number and a street ("12 Harbour Road")."""
AGE = re.compile(r"\b(\d{1,3})[-\s]years?[-\s]old\b|\baged?\s+(\d{1,3})\b", re.I)
"""Age forms of English ("an 91-year-old woman", "aged 91"); "Name, 91," is read from the parse."""
PERSON_NOUNS = frozenset(stem(w) for w in "people person persons others individuals men women".split())
"""Counted nouns that stand for whoever the asked verb is about ("arrested eight people")."""
SHARE_WORDS = frozenset(stem(w) for w in "share percent percentage proportion fraction rate portion".split())
"""Question words that ask for a share, the only questions a percentage answers."""


@lru_cache(maxsize=4096)
def _vector(word: str):  # type: ignore[no-untyped-def]
    return encode_word(word)


def _comparable(word: str) -> bool:
    return word.isalpha() and word not in STOPWORDS


def prefetch(p: Parsed, asked: Iterable[str]) -> None:
    """Embed the sentence's words (text and lemma) and the asked words :func:`close` may compare,
    in one model pass: one pass per word costs about what a batch of fifty does."""
    words = [fold(w) for t in p.tokens for w in (t.text, t.lemma)] + [fold(w) for w in asked]
    encode_words([w for w in dict.fromkeys(words) if _comparable(w)])


def close(a: str, b: str) -> bool:
    """Do two words mean the same here: same stem, or MiniLM cosine ≥ :data:`WORD_CLOSE`?"""
    a, b = fold(a), fold(b)
    if stem(a) == stem(b):
        return True
    if not (_comparable(a) and _comparable(b)):
        return False
    return float(_vector(a) @ _vector(b)) >= WORD_CLOSE


def says(tok: Token, asked: Iterable[str]) -> bool:
    """Does the sentence token say one of the asked words (as typed), by its text or its lemma?"""
    return any(close(tok.text, w) or close(tok.lemma, w) for w in asked)


def governing_verb(p: Parsed, i: int) -> int | None:
    """The verb a noun is an argument of, climbing through prepositions and conjunctions."""
    seen = 0
    while seen < 8:
        head = p.tokens[i].head
        if head == i:
            return None
        if p.tokens[head].pos in ("VERB", "AUX"):
            return head
        i, seen = head, seen + 1
    return None


# ---------------------------------------------------------------- how many / how much
SCALE_NOUNS = frozenset({"dozen", "score", "hundred", "thousand", "million", "billion"})
"""Counts written as nouns ("hundreds of employees", "dozens of people")."""
ORDINAL = re.compile(r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))")
"""An ordinal ("the fifth time"), whatever entity type the model gives it."""
TIMES = frozenset({stem("time"), stem("times")})
""""How many times was X interviewed": the count is of the asked verb's events ("33 interviews")."""


def is_figure(tok: Token) -> bool:
    """A count or amount: a number (digits or words, "hundreds", an ordinal: "the fifth time"),
    not a calendar day or year."""
    if tok.ent in ("DATE", "TIME") and tok.pos == "NUM":
        return False
    if tok.pos != "NUM" and not (tok.pos == "NOUN" and tok.lemma in SCALE_NOUNS) and tok.ent != "ORDINAL" \
            and not ORDINAL.fullmatch(tok.lemma):
        return False
    digits = tok.text.replace(",", "")
    return not (digits.isdigit() and len(digits) == 4 and digits[:2] in ("19", "20"))


def counted(p: Parsed, i: int) -> tuple[int | None, int | None]:
    """(the noun figure ``i`` counts, the verb that noun — or the figure itself — is an argument of)."""
    tok = p.tokens[i]
    noun: int | None = None
    if tok.dep in NUMBER_DEPS and tok.head != i and p.tokens[tok.head].pos in ("NOUN", "PROPN", "NUM", "SYM"):
        noun = tok.head
        while p.tokens[noun].pos == "NUM" and p.tokens[noun].head != noun:  # "$120 million": climb to "million"
            up = p.tokens[noun].head
            if p.tokens[up].pos not in ("NOUN", "PROPN", "NUM"):
                break
            noun = up
    else:  # "nine of the activists were arrested": the figure stands for the noun after "of"
        for j in children(p, i):
            if p.tokens[j].lemma == "of":
                noun = next((k for k in children(p, j) if p.tokens[k].dep == "pobj"), None)
        if noun is None:
            return None, (tok.head if p.tokens[tok.head].pos == "VERB" else None)
        return noun, governing_verb(p, i)
    if p.tokens[noun].lemma in ("percent", "%") or p.tokens[noun].text == "%":  # "40 percent of accounts"
        share = next((k for j in children(p, noun) if p.tokens[j].lemma == "of"
                      for k in children(p, j) if p.tokens[k].dep == "pobj"), None)
        return (share if share is not None else noun), governing_verb(p, noun)
    return noun, governing_verb(p, noun)


def acts_otherwise(p: Parsed, noun: int, verb: int | None, verbs: list[str]) -> bool:
    """Is the counted noun the doer of another action — the subject of a verb that says no asked
    word ("the two suspects coated their hands")?  A count of those the asked verb is done to
    ("how many suspects are held") is then a count of something else; a copula or "have" leaves the
    predicate to what follows ("three suspects are in custody")."""
    return (p.tokens[noun].dep == "nsubj" and verb is not None and p.tokens[verb].pos == "VERB"
            and not says(p.tokens[verb], verbs))


def counts_asked(p: Parsed, noun_words: Iterable[str], verb_words: Iterable[str], share: bool = False,
                 patient: bool = False) -> bool:
    """Does the sentence count the asked thing?  A figure joined (nummod, "nine of …", "$ … million")
    to a noun that says the asked noun ("ten workers" for "how many staff"), or to a noun of
    people / no noun as an argument of a verb that says an asked word ("arrested eight people"
    for "how many protesters got arrested").  For "how
    many times", a count of the asked verb's events ("33 interviews").  A percentage only when a
    share is asked.  When the question counts those the asked verb is done to (``patient``: "how many
    suspects are being held", "how many staff did Acme sack"), a counted noun that does something else
    (:func:`acts_otherwise`) does not answer."""
    nouns, verbs = list(noun_words), list(verb_words)
    if any(stem(n) in TIMES for n in nouns):
        nouns = nouns + verbs
    for i, tok in enumerate(p.tokens):
        if not is_figure(tok):
            continue
        if not share and any(p.tokens[j].text in ("%", "percent") or p.tokens[j].lemma == "percent"
                             for j in range(i + 1, min(i + 3, len(p.tokens)))):
            continue
        noun, verb = counted(p, i)
        if noun is not None and nouns and says(p.tokens[noun], nouns):
            if patient and acts_otherwise(p, noun, verb, verbs):
                continue
            return True
        generic = noun is None or stem(p.tokens[noun].lemma) in PERSON_NOUNS or not nouns
        if generic and verb is not None and says(p.tokens[verb], verbs):
            return True
    return False


def has_money(p: Parsed) -> bool:
    """An amount of money: a MONEY entity or a currency sign before a figure."""
    return any(e.label == "MONEY" for e in p.entities) or any(
        t.text in ("$", "€", "£") and i + 1 < len(p.tokens) and p.tokens[i + 1].pos == "NUM"
        for i, t in enumerate(p.tokens))


# ---------------------------------------------------------------- how old
def gives_age(p: Parsed, text: str, person_words: Iterable[str], named: bool = False) -> bool:
    """An age of the asked person: "the 91-year-old woman", "aged 91", "Mara Venn, 91," — joined
    to a person name or to a noun that says the asked person."""
    people = list(person_words)
    for m in AGE.finditer(text):
        at = len(tokens(text[:m.start()]))  # roughly where the age sits; check its noun in the parse
        for i, tok in enumerate(p.tokens):
            if tok.text.startswith(m.group(1) or m.group(2) or "") and abs(i - at) <= 3:
                target = governing_noun(p, i)
                if target is not None and _is_person(p, target, people, named):
                    return True
    for tok in p.tokens:  # "Name, 91,": a bare number apposed to a person; "She was 91"
        if tok.pos != "NUM" or not tok.text.isdigit() or int(tok.text) >= 120:
            continue
        if tok.dep == "appos" and _is_person(p, tok.head, people, named):
            return True
        if tok.dep in ("attr", "acomp") and p.tokens[tok.head].lemma == "be":
            for k in children(p, tok.head):
                subj = p.tokens[k]
                if subj.dep == "nsubj" and (_is_person(p, k, people, named)
                                            or not named and subj.lemma in PERSONAL_PRONOUNS):
                    return True
    return False


PERSONAL_PRONOUNS = frozenset({"he", "she", "i"})


AGE_WORDS = frozenset({"year", "years", "old", "age", "aged"})


def governing_noun(p: Parsed, i: int) -> int | None:
    """The noun an age phrase describes, past the phrase's own words ("91-year-old woman" → woman)."""
    for _ in range(5):
        i = p.tokens[i].head
        if p.tokens[i].pos in ("NOUN", "PROPN") and p.tokens[i].lemma not in AGE_WORDS:
            return i
        if p.tokens[i].head == i:
            return None
    return None


def _is_person(p: Parsed, i: int, people: list[str], named: bool) -> bool:
    """Is the token at ``i`` the asked person: a word that says the asked person (its name when
    the question names one), or — for a question that asks by role ("the farmer") — a person's
    name not apposed to another role?"""
    if says(p.tokens[i], people):
        return True
    return not named and p.tokens[i].ent == "PERSON" and not _names_other(p, i, people)


def _names_other(p: Parsed, i: int, people: list[str]) -> bool:
    """A person name counts for an asked role noun ("the farmer") unless it is apposed to another role."""
    return any(p.tokens[j].dep == "appos" and p.tokens[j].pos == "NOUN" and not says(p.tokens[j], people)
               for j in children(p, i))


# ---------------------------------------------------------------- what / which X
def specific_filler(p: Parsed, i: int, given: frozenset[str]) -> bool:
    """Is the class noun at ``i`` made specific by something the question does not give — a
    proper noun, a number after it or a compound modifier ("a Korda pistol", "the Acme poll",
    "Flight 370"), an apposition ("the weapon, a rifle"), or the subject of "X is the <noun>"?
    A cardinal before it only counts members ("the two DJs"): it says which none of them is."""
    for j in children(p, i):
        tok = p.tokens[j]
        if tok.dep == "nummod" and tok.pos == "NUM" and j < i:
            continue  # a cardinal before the noun counts members ("the two DJs"), it names none
        if tok.dep in ("compound", "appos", "nummod", "amod", "nmod", "poss") and stem(tok.lemma) not in given \
                and (tok.pos in ("PROPN", "NUM") or tok.dep in ("compound", "appos")):
            return True
        if tok.dep == "prep" and tok.lemma in ("for", "of", "on") and any(  # "a certification for data security"
                p.tokens[k].dep == "pobj" and p.tokens[k].pos in ("NOUN", "PROPN")
                and stem(p.tokens[k].lemma) not in given for k in children(p, j)):
            return True
    head = p.tokens[i].head
    if p.tokens[i].dep == "attr" and p.tokens[head].lemma == "be":
        return any(p.tokens[k].dep in ("nsubj", "nsubjpass") and p.tokens[k].pos == "PROPN"
                   and stem(p.tokens[k].lemma) not in given for k in children(p, head))
    return p.tokens[i].pos == "PROPN" and stem(p.tokens[i].lemma) not in given


def names_member(p: Parsed, class_words: Iterable[str], given: frozenset[str]) -> bool:
    """Does the sentence name a member of the asked class: a word that says the class noun,
    with a specific filler (:func:`specific_filler`)?"""
    return bool(members(p, class_words, given))


def members(p: Parsed, class_words: Iterable[str], given: frozenset[str]) -> list[int]:
    """Where the sentence names a member of the asked class (:func:`names_member`)."""
    cls = list(class_words)
    prefetch(p, cls)
    return [i for i, t in enumerate(p.tokens) if says(t, cls) and specific_filler(p, i, given)]


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
"""The doer's place in a sentence: its subject (active or passive), or the object of a passive's "by"."""


def as_subject(p: Parsed, i: int) -> bool:
    """Is the token at ``i`` a subject, or the agent of a passive ("carried out by Acme Guard")?"""
    tok = p.tokens[i]
    return tok.dep in SUBJECT_DEPS or (tok.dep == "pobj" and p.tokens[tok.head].dep == "agent")


def argument_of_asked(p: Parsed, asked_words: Iterable[str], given: frozenset[str], subject: bool = False) -> bool:
    """Is a specific noun an argument of the asked verb (:func:`asked_arguments`)?"""
    return bool(asked_arguments(p, asked_words, given, subject))


def asked_arguments(p: Parsed, asked_words: Iterable[str], given: frozenset[str],
                    subject: bool = False) -> list[int]:
    """A specific noun (:func:`specific_filler`) that is the subject or object of a verb saying an
    asked word, or of a verb whose complement says one ("agent K-7 was used to kill him" for "what
    poison killed him").  With ``subject`` (the question asks for the doer: "what firm carried out
    the rescue") only a subject or a passive's agent: the object of the asked verb ("rescued Osk")
    is the one it was done to.  Their positions in the sentence."""
    asked = list(asked_words)
    out: list[int] = []
    for i, tok in enumerate(p.tokens):
        if tok.pos not in ("NOUN", "PROPN") or tok.dep not in ARGUMENT_DEPS or not specific_filler(p, i, given):
            continue
        if subject and not as_subject(p, i):
            continue
        verb = tok.head
        if p.tokens[verb].dep == "agent":  # "carried out by Acme Guard": the passive's verb
            verb = p.tokens[verb].head
        chain = [verb, *(j for j in children(p, verb) if p.tokens[j].dep in ("xcomp", "ccomp", "advcl"))]
        if any(p.tokens[v].pos == "VERB" and says(p.tokens[v], asked) for v in chain):
            out.append(i)
    return out


# ---------------------------------------------------------------- when
DATE_TYPES = frozenset({"DATE", "TIME"})


def date_of(p: Parsed, asked_words: Iterable[str]) -> bool:
    """A date or time (a DATE/TIME entity) that hangs from a word saying an asked word: on its way
    up to its verb (:func:`place_path`) — "died last week" for "when did he die" — not a date of
    another event the sentence also tells ("allegations he took part in a massacre in 1943"), nor a
    stretch of time after "for" ("a beekeeper for years")."""
    asked = list(asked_words)
    prefetch(p, asked)
    for i, tok in enumerate(p.tokens):
        if tok.ent not in DATE_TYPES or p.tokens[tok.head].lemma.lower() == "for":
            continue  # "a beekeeper for years": a stretch of time, not when anything happened
        if any(says(p.tokens[j], asked) for j in place_path(p, i)):
            return True
    return False


# ---------------------------------------------------------------- where
def place_path(p: Parsed, i: int) -> list[int]:
    """The words a place hangs from: up its prepositions and nouns to its verb, and on through
    "expected to take place in X" (a verb that is the complement of another)."""
    path: list[int] = []
    for _ in range(10):
        head = p.tokens[i].head
        if head == i:
            break
        path.append(head)
        if p.tokens[head].pos in ("VERB", "AUX") and p.tokens[head].dep not in ("xcomp", "acl", "relcl"):
            break
        i = head
    return path


def place_of(p: Parsed, text: str, asked_words: Iterable[str], heads: Iterable[str]) -> bool:
    """A place (GPE/LOC/FAC entity or a street address) that hangs from the asked event
    (:func:`place_path`): a word on its path that is an asked word by stem or lemma ("complaints from
    workers in Carrow"), or says the asked predicate (the slot heads) in other words ("purchased"
    for "buy").  A place of another event of the story ("shot outside a store in Tucson" for "where
    did she buy the gun") does not answer."""
    exact = {stem(fold(w)) for w in asked_words}
    meaning = list(heads)
    spans = [e.start for e in p.entities if e.label in PLACE_TYPES]
    if STREET.search(text):
        spans += [i for i, t in enumerate(p.tokens) if t.pos == "NUM" and t.dep in ("nummod", "compound")]
    for start in spans:
        for j in place_path(p, start):
            tok = p.tokens[j]
            if tok.pos not in ("NOUN", "PROPN", "VERB"):
                continue
            if stem(fold(tok.text)) in exact or stem(tok.lemma) in exact or says(tok, meaning):
                return True
    return False


# ---------------------------------------------------------------- how long
CLAUSE_DEPS = frozenset({"xcomp", "advcl", "pcomp", "ccomp", "acl"})
"""How a duration's verb carries the event it measures ("took months to rebuild", "went 11 days
without cleaning")."""


def duration_event(p: Parsed, i: int) -> set[int]:
    """The words a duration (its unit at ``i``, :func:`~briefbot.language.timespans.duration_units`)
    measures: up its prepositions and nouns to its verb (:func:`place_path`), the noun its "of"
    phrase names ("four days of questioning"), and the clause its verb carries ("took months to
    rebuild the depot"), and the subject of a verb the duration hangs from directly ("the strike
    lasted for hours")."""
    up = place_path(p, i)
    path = set(up)
    direct = [v for v in up[:2] if p.tokens[v].pos in ("VERB", "AUX")]
    if direct and all(p.tokens[k].pos == "ADP" for k in up[:up.index(direct[0])]):  # "the strike lasted for hours"
        path |= {k for k in children(p, direct[0]) if p.tokens[k].dep in ("nsubj", "nsubjpass")}
    for j in children(p, i):
        if p.tokens[j].lemma == "of":
            path |= {k for k in children(p, j) if p.tokens[k].dep == "pobj"}
    for v in [v for v in list(path) if p.tokens[v].pos in ("VERB", "AUX")]:
        for c in children(p, v):
            if p.tokens[c].dep in CLAUSE_DEPS:
                path.add(c)
            if p.tokens[c].dep == "prep":  # "went 11 days without cleaning": the verb under the preposition
                path |= {k for k in children(p, c) if p.tokens[k].pos == "VERB"}
    return path


def duration_of(p: Parsed, asked_words: Iterable[str]) -> bool:
    """Does the sentence give how long the asked event lasted: a duration whose event
    (:func:`duration_event`) says an asked word ("held for four days" for "how long did police
    hold him"), not a duration of another thing the story mentions ("a two-hour meeting" for "how
    long was the road closed")?"""
    asked = list(asked_words)
    for i in duration_units(p):
        for j in duration_event(p, i):
            tok = p.tokens[j]
            if tok.pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN") and says(tok, asked):
                return True
    return False


# ---------------------------------------------------------------- why
CAUSE_MARKS = frozenset({"because", "since", "so", "lest"})
"""Conjunctions that open a clause of cause or purpose ("postponed because the sides disagreed")."""
CAUSE_PREPS = frozenset({"over", "after", "for", "because", "due", "owing", "amid", "following", "from"})
"""Prepositions that give a cause when they hang from the asked event ("sacked over the video",
"arrested for theft", "closed due to the storm", "delayed after a row")."""
REASON_NOUNS = frozenset({"reason", "motive", "cause", "explanation", "purpose", "motivation", "grievance"})
"""Nouns that name a reason ("the motive for the shooting")."""
CAUSE_VERBS = frozenset({"blame", "prompt", "trigger", "spark", "cause", "attribute", "provoke", "motivate",
                         "drive", "fuel"})
"""Verbs whose object is the event they explain ("blamed the strike on low pay", "the leak prompted
the resignation")."""
CAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "pobj"})


def event_says(p: Parsed, i: int, asked: list[str]) -> bool:
    """Is the word at ``i`` the asked event: it says an asked word, or one of its subjects or
    objects does ("the meeting was postponed" for "why was the meeting put off")?"""
    if p.tokens[i].pos in ("NOUN", "VERB", "ADJ", "PROPN") and says(p.tokens[i], asked):
        return True
    return any(p.tokens[j].pos in ("NOUN", "PROPN") and p.tokens[j].dep in CAUSE_DEPS and says(p.tokens[j], asked)
               for j in children(p, i))


SEQUENCE_PREPS = frozenset({"after", "following"})


def purpose_of(p: Parsed, i: int, asked: list[str]) -> bool:
    """Is the verb at ``i``, which a "to"-clause hangs from, the asked event itself — the verb says an
    asked word ("changed its rules to cut delays" for "why did Acme change the rules")?  Its object
    alone is not enough: "calls passengers to board" (a complement of "calls") or "became the latest
    airline to tweak …" say nothing of why the asked thing was done."""
    return p.tokens[i].pos in ("VERB", "AUX") and says(p.tokens[i], asked)


def sequence(p: Parsed, i: int) -> bool:
    """Is the preposition at ``i`` an "after"/"following" with a verb as its object ("after testing
    a variety of ideas")?  The doer did that first: an order of its own acts, not a cause ("after a
    row", "following complaints" give one)."""
    return p.tokens[i].lemma in SEQUENCE_PREPS and any(
        p.tokens[k].dep == "pcomp" and p.tokens[k].pos == "VERB" for k in children(p, i))


def reason_of(p: Parsed, asked_words: Iterable[str]) -> bool:
    """Does the sentence give a cause or purpose *of the asked event* — a clause of cause or
    purpose (:data:`CAUSE_MARKS`, "to" + verb), a preposition of cause (:data:`CAUSE_PREPS`), a
    reason noun (:data:`REASON_NOUNS`: "the motive for the shooting") or a verb of causing
    (:data:`CAUSE_VERBS`: "blamed the strike on low pay") attached to a word that is the asked
    event (:func:`event_says`)?  A cause of another event of the story ("fired ten workers over the
    video" for "why did the depot close") does not answer."""
    asked = list(asked_words)
    for i, tok in enumerate(p.tokens):
        head = tok.head
        if tok.dep == "mark" and tok.lemma in CAUSE_MARKS and p.tokens[head].dep in ("advcl", "ccomp"):
            if event_says(p, p.tokens[head].head, asked):
                return True
        elif tok.dep == "prep" and tok.lemma in CAUSE_PREPS and head != i:
            if sequence(p, i):
                continue  # "implemented it after testing ideas": what the doer did first, no cause
            if not any(p.tokens[k].ent in ("DATE", "TIME") for k in children(p, i)) and event_says(p, head, asked):
                return True
        elif tok.dep == "aux" and tok.lemma == "to" and p.tokens[head].dep in ("advcl", "xcomp", "acl"):
            up = p.tokens[head].head  # "went to the depot to confront her boss": purpose of "went"
            if p.tokens[up].pos == "NOUN":
                if event_says(p, up, asked) or event_says(p, p.tokens[up].head, asked):
                    return True
            elif purpose_of(p, up, asked):
                return True
        elif tok.lemma in REASON_NOUNS and tok.pos == "NOUN":
            near = [k for j in children(p, i) if p.tokens[j].dep == "prep" for k in children(p, j)]
            if any(event_says(p, k, asked) for k in [*near, head]):
                return True
        elif tok.lemma in CAUSE_VERBS and tok.pos == "VERB" and any(
                p.tokens[j].dep in ("dobj", "nsubjpass") and event_says(p, j, asked) for j in children(p, i)):
            return True
    return False


# ---------------------------------------------------------------- what happened to X after Y
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj"})
LIGHT_VERBS = frozenset({"be", "have", "say", "tell", "see", "hear", "watch", "notice", "look", "seem", "become"})
"""Verbs that describe or report rather than tell what happened next."""
DURING_MARKS = frozenset({"before", "while", "as"})
"""A verb with a clause under these happened before or during another event ("got hold of his leg
before he could respond"), not after the asked one."""


def later_event(p: Parsed, participant: Iterable[str], asked_event: Iterable[str]) -> bool:
    """Does the sentence tell an event of the asked participant other than the asked event — the
    participant the subject or object of a stated verb ("the bear escaped", "the bear was caught")
    that is not the asked event itself ("the bear bit him" for "what happened to the bear after it
    bit him"), not a light verb of description or report (:data:`LIGHT_VERBS`), not a scene
    someone saw ("I saw a bear jump out": a witness's account under a perception verb), not
    ordered before or during another event (:data:`DURING_MARKS`), and not an indefinite mention
    ("a bear mauled a man in 2008": what happens *after* the asked event happens to the participant
    already known, which English refers back to)?"""
    who, event = list(participant), list(asked_event)
    for i, tok in enumerate(p.tokens):
        if tok.dep not in PARTICIPANT_DEPS or tok.pos not in ("NOUN", "PROPN") or not says(tok, who):
            continue
        if any(k.head == i and k.dep == "det" and k.lemma in ("a", "an") for k in p.tokens):
            continue  # "in 2008 a bear mauled a man": an indefinite mention brings in another one
        v = tok.head
        verb = p.tokens[v]
        if verb.pos != "VERB" or verb.lemma in LIGHT_VERBS or not stated(p, v) or (event and says(verb, event)):
            continue
        if verb.dep in ("ccomp", "xcomp") and p.tokens[verb.head].lemma in LIGHT_VERBS:
            continue  # "I saw a bear jump out": the scene, as a witness saw it
        if any(p.tokens[m].dep == "mark" and p.tokens[m].lemma in DURING_MARKS
               for c in children(p, v) if p.tokens[c].dep == "advcl" for m in children(p, c)):
            continue
        return True
    return False


# ---------------------------------------------------------------- yes / no
def stated(p: Parsed, i: int) -> bool:
    """Is the word at ``i`` stated rather than asked or supposed: not under "whether"/"if",
    climbing its clause to the root?  (A statement under "may"/"could" is a hedged answer: the
    hedge rules make it ``uncertain`` and say so; it still answers the asked predicate.)"""
    seen = 0
    while seen < 12:
        for j in children(p, i):
            tok = p.tokens[j]
            if tok.dep == "mark" and tok.lemma in OPEN_MARKERS:
                return False
        head = p.tokens[i].head
        if head == i:
            return True
        i, seen = head, seen + 1
    return True


def open_statement(p: Parsed) -> bool:
    """Is the sentence's main content under "whether"/"if" ("declined to say whether …")?"""
    return any(t.dep == "mark" and t.lemma in OPEN_MARKERS for t in p.tokens)


def negated(p: Parsed, i: int) -> bool:
    """Is the word at ``i`` denied: a negator among its dependents, its verb's, or its subject's
    ("no arrests have been made", "officers did not fire", "none were fired")?"""
    near = {i, p.tokens[i].head}
    near |= {j for k in list(near) for j in children(p, k) if p.tokens[j].dep in ("nsubj", "nsubjpass")}
    return any(p.tokens[j].lemma in NEGATORS or p.tokens[j].text.lower() in NEGATORS
               for k in near for j in [k, *children(p, k)] if p.tokens[j].dep in ("neg", "det", "nsubj", "nsubjpass",
                                                                                   "advmod", "preconj"))


def neighbours(p: Parsed, i: int) -> set[int]:
    """The words next to ``i`` in the parse: its dependents (through a preposition to its object:
    "shot by police"), its head and the head's other dependents."""
    head = p.tokens[i].head
    near = set(children(p, i)) | {head} | set(children(p, head))
    near |= {k for j in list(near) if p.tokens[j].pos == "ADP" or p.tokens[j].dep == "agent" for k in children(p, j)}
    of = {k for j in list(near) if p.tokens[j].pos in ("NUM", "PRON", "DET") for k in children(p, j)
          if p.tokens[k].lemma == "of"}  # "two of the workers were charged"
    near |= {k for j in of for k in children(p, j)}
    near.discard(i)
    return near


def states_predicate(p: Parsed, asked_words: Iterable[str], names: frozenset[str]) -> bool:
    """Does the sentence state the asked predicate, affirmed or denied?  A stated (:func:`stated`)
    word that says an asked word and is either denied (:func:`negated`: "no arrests have been
    made", "no officers fired shots") or — a verb — has another asked word or one of the
    question's names among its neighbours (:func:`neighbours`: "the workers were charged" for
    "have the workers been charged").  A noun of the asked predicate that is not denied states
    nothing about who did what ("the theft of the ring")."""
    asked = list(asked_words)
    prefetch(p, asked)
    for i, tok in enumerate(p.tokens):
        if tok.pos not in ("VERB", "NOUN", "ADJ") or not stated(p, i):
            continue
        said = [w for w in asked if close(tok.text, w) or close(tok.lemma, w)]
        if not said:
            continue
        if negated(p, i):
            return True
        if tok.pos != "VERB":
            continue
        others = [w for w in asked if w not in said]
        for j in neighbours(p, i):
            other = p.tokens[j]
            if stem(other.lemma) in names or stem(fold(other.text)) in names:
                return True
            if other.pos in ("NOUN", "PROPN", "VERB") and others and says(other, others):
                return True
    return False
