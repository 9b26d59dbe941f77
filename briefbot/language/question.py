"""The question frame: what a question asks, analysed once into one typed record.

:class:`QuestionFrame` holds the kind of answer wanted (:class:`Kind`), the entities
(names — capitalised in the question *or* known to the corpus gazetteer, so case does
not matter; in a question with no capitals, also words the corpus never uses that English
does not write in lower case, :meth:`Gazetteer.unseen_names`), the predicate (the
question's other content words: what is asked about the entities), time anchors (years
and calendar days) and, for "how many/much", the asked quantity; from the question's form
also whether it asks an amount ("what was the bill for …"), an extent ("how badly …") or
about something still to happen ("when will …").  Every later step reads
these fields; the question vector is attached once (:meth:`QuestionFrame.with_vector`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property

import numpy as np

from briefbot.language.gazetteer import Gazetteer
from briefbot.language.parse import parse
from briefbot.language.text import QUESTION_FRAMING, YEAR, content_words, day_dates, fold, names, numbers, stem, tokens


class Kind(StrEnum):
    """The kind of answer a question wants (compares equal to its string value)."""

    WHY = "why"
    WHEN = "when"
    WHO = "who"
    WHERE = "where"
    HOW_MANY = "how_many"
    SAY = "say"
    YES_NO = "yes_no"
    WHAT = "what"


SAY_QUESTION = re.compile(
    r"\b(?i:what|how)\s+(?:did|does|do|has|have|will|would)\s+(?:the\s+)?"
    r"([A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*|(?i:he|she|they))\s+"
    r"(?:say|tell|state|claim|announce|declare|write|reply|respond|react|comment|think)\b"
)
"""'What did X say?': group 1 is X (a name, or a pronoun left to the conversation)."""
SAY_NOUN = re.compile(
    r"\b(?i:what)\s+(?i:was|is|were|has\s+been)\s+(?:the\s+)?"
    r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)['’]s?\s+"
    r"(?i:reaction|response|reply|answer|comment|remark|statement|view|position|stance)s?\b"
)
"""The same question with a noun: "What was X's reaction to …?", "What is X's view of …?"
(group 1 is X).  The nouns are the closed class English uses for what someone said or holds
(reaction, comment, statement, view, position, stance …), not words of any one story."""
_SAY_ANY_CASE = re.compile(SAY_QUESTION.pattern.replace("[A-Z]", "[^\\W\\d_]"), re.I)
_SAY_NOUN_ANY_CASE = re.compile(SAY_NOUN.pattern.replace("[A-Z]", "[^\\W\\d_]"), re.I)
PRONOUNS = frozenset({"he", "she", "they"})

GENERIC_WORDS = frozenset(
    stem(w) for w in (
        "happen happened happens take took know known new latest thing things way ways much many "
        "long use used make made get got give gave go went come came mean means status situation "
        "state current currently update updates progress"
    ).split()
)
"""Question-frame words: "what is the status of X" asks about X, not about the word "status"."""

_KIND_RULES: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"^\s*why\b|^(?!\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b)"
                r".*\b(?:reasons?|motives?)\b|^\s*(?:is|was|are|were)\s+there\s+(?:a|an|any)\s+(?:[^\W\d_]+\s+)?"
                r"(?:reasons?|motives?)\b"), Kind.WHY),
    (re.compile(r"^\s*when\b|\b(?:what|which) (?:date|day|year|month|time)\b"
                r"|^\s*(?:what|which)\s+(?:is|was|were|are|will\s+be)\s+the\s+(?:[^\W\d_]+\s+)?(?:date|day)s?\s+"
                r"(?:of|for|when)\b"), Kind.WHEN),
    (re.compile(r"^\s*(?:who|whom|whose)\b"), Kind.WHO),
    (re.compile(r"^\s*where\b"), Kind.WHERE),
    (re.compile(r"^\s*how\s+(?:many|much|long|big|large|high|far)\b"), Kind.HOW_MANY),
    (re.compile(r"^\s*(?:what|which)\s+(?:is|was|were|are|will\s+be)\s+the\s+(?:[^\W\d_]+\s+)?"
                r"(?:cost|price|bill|fee|toll|amount|sum|figure|number|total)s?\s+(?:of|for)\s+\w"), Kind.HOW_MANY),
    (re.compile(r"^\s*(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b"), Kind.YES_NO),
)
"""First match wins; "what did X say" is found by :data:`SAY_QUESTION` before these.

A question asks *why* when it opens with "why" or names a reason or motive ("what was the
reason for …"), but not when it opens with an auxiliary: "was the arrest timed for political
reasons" asks yes or no, and is answered by a statement of that predicate, affirmed or denied
("is there a known motive …" still asks for the reason).

"What was the cost/bill/toll … of/for X" asks for an amount as "how much" does: the
measure nouns are a small closed class of English words that name an amount (like the
calendar words name a date), not words of any one story."""
AMOUNT_QUESTION = re.compile(
    r"^\s*how\s+much\b|^\s*(?:what|which)\s+(?:is|was|were|are|will\s+be)\s+the\s+(?:[^\W\d_]+\s+)?"
    r"(?:cost|price|bill|fee|toll|amount|sum|total)s?\s+(?:of|for)\s+\w"
)
"""A question asking for an amount (of money or of harm): "how much …", "what was the bill for …"."""
AUXILIARY = r"(?:is|are|was|were|be|been|did|does|do|has|have|had|will|would|can|could|should|might|may)"
EXTENT_QUESTION = re.compile(
    rf"^\s*how\s+(?!{AUXILIARY}\b|exactly\b|precisely\b|else\b|come\b|the\b|a\b|an\b)[^\W\d_]+\s+{AUXILIARY}\b"
    rf"|^\s*(?:what|which)\s+{AUXILIARY}\s+the\s+(?:extent|scale|severity|size|magnitude)\s+of\b"
)
""""How badly was X hit?", "how serious is …": *how* + a word of degree + an auxiliary asks for
an extent — a quantity, possibly in words.  Its answer is open while the quantity is "still
being assessed", as a number's is; so does "what was the extent/scale/severity of …" (the
closed class of nouns English uses for a degree).  ("How did X respond": *how* + auxiliary
asks a manner; "how exactly did …" too.)"""
DURATION_QUESTION = re.compile(r"^\s*how\s+long\b")
""""How long did police hold him", "how long had they been away": a stretch of time, not a count."""
FUTURE_QUESTION = re.compile(
    r"\b(?:will|shall|going\s+to|plan(?:s|ned)?\s+to|intends?\s+to|expected\s+to|scheduled\s+to|set\s+to|next)\b"
    r"|^\s*when\s+(?:is|are)\b.*\bdue\s+to\b"
)
"""A question about what is still to happen ("when will …", "when does X plan to …", "when is
X due to …" — but not "when was it postponed due to the storm")."""
_FRAMING = QUESTION_FRAMING
SOURCE_QUESTION = re.compile(
    r"^\s*(?:who\s+|(?:which|what)\s+(?:[^\W\d_]+\s+){1,3}?)(?:first\s+)?"
    r"(?:reported|said|announced|revealed|disclosed|broke the news)\s+(?:that\b|the\b|\w+\s+(?:was|were|had|has)\b)"
)
"""A question about the source of a claim: "which outlet reported that …", "who said the …".
Its answer is the attribution, which a hedge on the reported claim does not qualify."""


@dataclass(frozen=True)
class QuestionFrame:
    """What a question asks about (built once by :func:`analyse_question`)."""

    text: str
    kind: Kind
    words: frozenset[str]
    """Content-word stems of the whole question."""
    names: frozenset[str]
    """Entities: stems of names (capitalised, or corpus names in any case)."""
    numbers: frozenset[str]
    speaker: str | None = None
    """For "what did X say" questions: X's words, folded ("acme steel"); any of them may
    name the speaker in a sentence ("Acme declined to comment")."""
    context_names: frozenset[str] = frozenset()
    """Names carried over from earlier turns of a conversation."""
    vector: np.ndarray | None = None
    guessed: frozenset[str] = frozenset()
    """The names (stems) only guessed from a question typed without capitals: words the corpus
    never uses and the word list lacks (:meth:`Gazetteer.unseen_names`), not names the corpus
    writes.  A guess may be a plain word in a reader's spelling ("ppl", "bankrolled"): the anchor
    gate tells (:func:`briefbot.truth.status.gates.plain_word_typed`).  They stay names here, masked
    from the predicate as names are: read as predicate words ("ppl"), the question's meaning drifts
    to another story (realnews half 1: one right hedged answer turned confident wrong)."""

    @property
    def entities(self) -> frozenset[str]:
        return self.names

    @property
    def predicate(self) -> frozenset[str]:
        """What is asked about the entities: content words that are not names, numbers or frame words."""
        return self.words - self.names - self.numbers - GENERIC_WORDS

    @property
    def years(self) -> frozenset[str]:
        return frozenset(n for n in self.numbers if re.fullmatch(YEAR, n))

    @property
    def days(self) -> frozenset[str]:
        return day_dates(self.text)

    @cached_property
    def form(self) -> str:
        """The question folded, without a "Do we know …" frame: what the question-form
        patterns (:data:`SOURCE_QUESTION`, :data:`AMOUNT_QUESTION`, ...) read, made once."""
        return _FRAMING.sub("", fold(self.text).strip())

    @cached_property
    def asks_for_source(self) -> bool:
        """Does it ask *who reported* a claim ("Which network reported that …?")?"""
        return bool(SOURCE_QUESTION.search(self.form))

    @cached_property
    def asks_amount(self) -> bool:
        """Does it ask for an amount ("how much …", "what was the cost of …")?"""
        return bool(AMOUNT_QUESTION.search(self.form))

    @cached_property
    def asks_extent(self) -> bool:
        """Does it ask how far or how badly something went (:data:`EXTENT_QUESTION`), or for an amount?"""
        return self.kind == Kind.HOW_MANY or bool(EXTENT_QUESTION.search(self.form))

    @cached_property
    def asks_duration(self) -> bool:
        """Does it ask how long something lasted (:data:`DURATION_QUESTION`)?"""
        return bool(DURATION_QUESTION.search(self.form))

    @cached_property
    def asks_future(self) -> bool:
        """Does it ask about something still to happen (:data:`FUTURE_QUESTION`)?"""
        return bool(FUTURE_QUESTION.search(self.form))

    @property
    def quantity(self) -> str | None:
        """The counted thing of "how many X" ("senators"), else None."""
        m = re.search(r"\bhow\s+many\s+([^\W\d_]+)", fold(self.text))
        return stem(m.group(1)) if m else None

    def with_vector(self, vector: np.ndarray) -> QuestionFrame:
        return replace(self, vector=vector)


Focus = QuestionFrame
"""The earlier name of :class:`QuestionFrame`."""


def question_kind(question: str) -> Kind:
    low = _FRAMING.sub("", fold(question).strip())
    for regex, kind in _KIND_RULES:
        if regex.search(low):
            return kind
    return Kind.WHAT


def speaker_of(question: str, gazetteer: Gazetteer | None = None,
               known: frozenset[str] = frozenset()) -> tuple[bool, str | None]:
    """(is it a "what did X say" question, X's words folded or None for a pronoun).

    X is found by capitals, or — typed in lower case — when every word of X is a name
    (``known``: the question's names, from capitals, the gazetteer or unseen rare words),
    as capitals would show: "what did armenia's defence minister say" is no more a named
    speaker than "What did Armenia's defence minister say"."""
    say = SAY_QUESTION.search(question) or SAY_NOUN.search(question)
    if say is None and gazetteer is not None:
        say = _SAY_ANY_CASE.search(question) or _SAY_NOUN_ANY_CASE.search(question)
        words = tokens(say.group(1)) if say else []
        if say and not (words and (words[-1] in PRONOUNS or all(stem(w) in known for w in words))):
            say = None  # "how did the market respond": not a named speaker
    if say is None:
        return False, None
    words = tokens(say.group(1))
    return True, None if words[-1] in PRONOUNS else " ".join(words)


def analyse_question(question: str, gazetteer: Gazetteer | None = None) -> QuestionFrame:
    """Classify ``question`` and pull out the words, names and numbers it hinges on."""
    q = question.strip()
    core = _FRAMING.sub("", q) or q  # "Do we know why …": the words of the real question
    found = names(_drop_first_word(q))
    guessed: frozenset[str] = frozenset()
    if gazetteer is not None:
        found = found | gazetteer.resolve(q)
        if not cased(q):  # no capitals to tell a name the corpus never mentions
            guessed = gazetteer.unseen_names(q) - found
            found = found | guessed
    is_say, speaker = speaker_of(q, gazetteer, frozenset(found))
    kind = Kind.SAY if is_say else question_kind(q)
    return QuestionFrame(
        text=q, kind=kind, words=content_words(core), names=frozenset(found), numbers=numbers(q), speaker=speaker,
        guessed=guessed,
    )


PART_MIN_WORDS = 3
"""A clause with fewer content words than this is not a part of its own ("readers",
"2024", "Which company"): it joins its neighbour."""
MULTI_PART_MIN_WORDS = 12
"""Questions with fewer content words are asked whole: a short question is one request."""
_CLAUSE_BREAK = re.compile(
    r"\s*[,;]\s*(?:(?:and|but|while|whereas)\s+)?"
    r"|\s+(?:while|whereas)\s+|\s+(?:before|after)\s+(?=[A-Z])"
    r"|\s+and\s+(?=(?:does|did|do|is|was|are|were|has|have|had|then)\b)",
    re.I,
)
"""Where a multi-part question's clauses meet: a comma or semicolon, "while"/"whereas",
"before"/"after" a name (two reports in order: "… before The Verge reported …"), or
"and" opening a new question ("…, and does the Sporting News article confirm …")."""


def question_parts(question: str) -> tuple[str, ...]:
    """The clauses of a multi-part question, each a request of its own, or () for one request.

    "Does the TechCrunch article report layoffs at Starz, while the Engadget article
    discusses …" asks two things that two different passages answer; searching with the
    whole question ranks passages for its longest part.  Clauses too short to stand alone
    (:data:`PART_MIN_WORDS`) join their neighbour; questions under
    :data:`MULTI_PART_MIN_WORDS` content words are never split.
    """
    if len(content_words(question)) < MULTI_PART_MIN_WORDS:
        return ()
    parts: list[str] = []
    carry = ""
    for piece in _CLAUSE_BREAK.split(question.strip().rstrip("?.! ")):
        piece = f"{carry}, {piece}" if carry else piece
        carry = ""
        if len(content_words(piece)) >= PART_MIN_WORDS:
            parts.append(piece.strip(" ,"))
        elif parts:
            parts[-1] = f"{parts[-1]}, {piece.strip(' ,')}"
        else:
            carry = piece  # a short opening ("Which company") leads into the next clause
    if carry and parts:
        parts[-1] = f"{parts[-1]}, {carry}"
    return tuple(parts) if len(parts) >= 2 else ()


INFLECTIONS = ("ed", "ing")
"""The regular endings of English past and present participles ("bankrolled", "funding")."""
VERB_FORMS = frozenset({"VBD", "VBN", "VBG"})
MIN_INFLECTED = 6


def typed_as_verb(word: str, question: str) -> bool:
    """Is ``word`` an inflected verb in ``question`` — a regular past or present participle
    ending ("-ed", "-ing", at least :data:`MIN_INFLECTED` letters) that the question's parse reads
    as that verb form ("who bankrolled the study")?  A word English inflects as a verb is no name,
    even one the word list lacks; in a question typed without capitals nothing else tells.  The
    ending and the parse must agree: a lower-case name alone is often mis-tagged ("did cohen
    vote": "cohen" read as a verb)."""
    low = fold(word)
    if len(low) < MIN_INFLECTED or not low.endswith(INFLECTIONS):
        return False
    return any(fold(t.text) == low and t.tag in VERB_FORMS for t in parse(question).tokens)


def cased(text: str) -> bool:
    """Does ``text`` carry case information: a capital anywhere but its first word (and "I")?"""
    return any(tok != "I" and any(ch.isupper() for ch in tok) for tok in _drop_first_word(text).split())


def _drop_first_word(text: str) -> str:
    """Sentence-initial capitals are not names ("Why", "Tell"), so drop the first word."""
    parts = text.strip().split(None, 1)
    return parts[1] if len(parts) == 2 else ""
