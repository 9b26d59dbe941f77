"""Conversation state: earlier turns kept as typed records, a follow-up resolved into a full question.

Each earlier user turn is resolved in order against the turns before it (so a follow-up of
a follow-up still knows what was asked first) and kept as a :class:`PastTurn`: its full
question, its :class:`QuestionFrame`, what it named as written — typed by how it named it
(a place after "in/at", a thing after "the", an owner before "'s") — its proper names
(:func:`proper_names`: never a headline's common word), and the people its answer named.
A question typed in lower case is read with its proper names capitalised, so it is typed
the same way.  A new question is then resolved against the latest turns, by number and type:

* a question with its own subject (it names someone or something proper) and nothing that
  points back starts fresh — nothing of an earlier turn leaks into it;
* "they/them/their" become the parties of the latest turn ("Hale and Orsen"), else the
  one organisation it asked about (never a place, a person, a date, or the members a
  partitive "how many of them" counts), else the group of people it described ("why were
  people marching in Velmar" -> "the people marching in Velmar"), else the group its answer
  has acting or speaking ("police said" -> "the police"; :mod:`.referents`);
* "he/she/him/his/her" the person it asked about as its answer names them ("Vole" ->
  "Ada Vole"), else as it named them (written in full as the answer writes them: "Lo Pan"
  -> "Lo Pan Tai"), else — unless it asked "who" — the person it described ("the man bitten
  by the otter", or the name its answer gives in apposition: "Ado Renk, a fisherman"), else
  the first person its answer named — after "who was the shooter at the depot" said as the
  asked role ("the shooter at the depot": :func:`in_asked_role`); a one-word name the
  question gave beats the value its wh-phrase asks for ("what party was Carter registered
  with": Carter, :func:`named_over_asked`); a name written only before a noun ("the alleged
  Orlan spy") is nobody (:func:`name_modifiers`); and once a "she" was resolved, the next
  follow-up's "she" is the same referent (:attr:`PastTurn.referent`);
* a possessive its own clause's subject owns ("why was Velland keen to get its hands on
  her", "the professor … her student") is left alone (:func:`bound_possessive`);
* "it/its" and a trailing "that/this" the thing it asked about ("the Fishing Quotas Act",
  "the ring theft"), never a person or a place: after "why was X arrested", "it" is what
  happened ("(about X arrested)"); a name that only modifies a person ("the Orrin Mart
  guard") is not "it" either, the thing asked for is ("what weapon" -> "the weapon"); a name
  that only modifies a thing stands for that thing ("the secret Orlan memo", not "Orlan", also
  when "they" took the name); a question that names nothing proper gives the phrase its verb
  acts on, from its parse ("who announced it?" after "... announce the new ferry timetable");
  an "it" still left once another pronoun was resolved ("when it happened") is searched about
  the earlier question's event ("(about the boat stolen in Corvell)"), and so is a follow-up
  whose "they" only the answer's acting group could mean ("who did the police arrest? (about
  Pell Dunmore attacked)": "the police" names nothing of what the conversation is about);
* an elliptical question ("and why?", "when?") takes the latest question with its
  question word swapped ("Why was the Fishing Quotas Act introduced?"), rebuilt by the parse
  when the old word opened a phrase ("How many people died in Velmar?" + "where?" -> "Where
  did people die in Velmar?": :mod:`.ellipsis`); "and when was that?" is such an ellipsis
  (:func:`demonstrative_ellipsis`);
* anything else that leans on the conversation (no names of its own) keeps its words and
  is searched about the earlier subject: "Where did the complaints come from? (about Acme Rail)",
  or with the earlier place phrase as written when the subject came after "in/at/..." ("Who
  was the shooter in the Velmar shooting?").

The result is a :class:`Resolution` whose frame is made from the full question exactly
as if it had been asked so (plus the carried names when nothing could be substituted).

History arrives as plain role/content turns over HTTP, so it is hostile input: only the
last :data:`MAX_MESSAGES` messages are read and each is cut to :data:`MAX_MESSAGE_CHARS`;
every scan below is a single left-to-right pass (linear in the history's size).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from briefbot.language.countries import country_stems
from briefbot.language.gazetteer import DETERMINERS, Gazetteer
from briefbot.language.lexicon import is_common_word
from briefbot.language.parse import parse
from briefbot.language.question import SAY_QUESTION, QuestionFrame, analyse_question, cased
from briefbot.language.text import MONTHS, STOPWORDS, WEEKDAYS, content_words, names, stem, tokens
from briefbot.writing.ellipsis import complete_ellipsis
from briefbot.writing.markers import strip_markers
from briefbot.writing.referents import (
    NOUN_TAGS,
    Description,
    acting_group,
    asked_role,
    descriptions,
    named_as,
    person_description,
    relative_event,
    subject_thing,
    thing_around,
    thing_description,
    topic_thing,
    under,
)

Message = dict[str, str]

MAX_MESSAGES = 12
"""Messages of the history read (the latest ones): six question/answer pairs."""
MAX_MESSAGE_CHARS = 4000
"""Characters of one message read (its head: an answer's lead names the people first)."""
PERSON_ALONE = 0.2
"""A full name is a person's when the corpus writes its last word (the surname) standing
alone at least this share of its capitalised uses (:meth:`Gazetteer.alone_share`: "Carter
said", "told Moreno").  On corpus/ surnames score 0.35-0.5 and the heads of institutions'
and laws' names 0.0 ("the Senate", "White House", "the Act", "Foreign Ministry"), so the
cut sits in the wide gap between."""

_CAPITAL_RUN = re.compile(r"[A-Z][\w'’]*(?:(?:[ \t]+|[–—-])[A-Z][\w'’]*)*")
"""A run of capitalised words (joined by spaces or dashes).  No two parts of the pattern
can match the same character, so it runs in linear time on any input."""
_WORD = re.compile(r"[^\W_][\w'’]*")
_LEADING_LINK = re.compile(r"^\s*(?:and|but|so|also|then|ok(?:ay)?|well)\b[\s,]*", re.I)
_PLURAL = re.compile(r"\b(?:they|them|their|theirs)\b", re.I)
_PERSONAL = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.I)
_THING = re.compile(r"\b(?:it|its)\b|\b(?:that|this)(?=\s*[?.!]?\s*$)", re.I)
_WH_START = re.compile(r"^\s*(why|when|where|who|whom|what|which|how(?:\s+(?:many|much|long))?)\b", re.I)
QUESTION_WORDS = frozenset("why when where who whom what which how many much long exactly then so".split())
"""Words an elliptical question ("and why?", "how many then?") is made of."""


def normalize_history(history: Sequence[Any] | None, bounded: bool = True) -> list[Message]:
    """``[{"role", "content"}]`` (Gradio messages) or ``[(user, assistant)]`` pairs as messages;
    ``bounded``: only the last :data:`MAX_MESSAGES` messages, each cut to :data:`MAX_MESSAGE_CHARS`
    (what resolving a follow-up reads).  A front end that validates the history against the
    configured caps (``briefbot.writing.limits``) reads it unbounded first, so that an oversized
    message is refused with a clear message rather than silently cut."""
    items = list(history or [])
    items = items[-MAX_MESSAGES:] if bounded else items
    cap = MAX_MESSAGE_CHARS if bounded else None
    out: list[Message] = []
    for item in items:
        if isinstance(item, dict):
            role, content = item.get("role"), item.get("content")
            if role in ("user", "assistant") and isinstance(content, str):
                out.append({"role": role, "content": content[:cap]})
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            if item[0]:
                out.append({"role": "user", "content": str(item[0])[:cap]})
            if item[1]:
                out.append({"role": "assistant", "content": str(item[1])[:cap]})
    return out[-MAX_MESSAGES:] if bounded else out


# ---------------------------------------------------------------------- names as written
PREPOSITIONS = frozenset("about of on to for in into over with against from by at after before between".split())
"""Words before a name that make it the thing talked about, not the actor ("about NATO")."""


LOCATIVE = frozenset("in at near from outside inside across".split())
"""Prepositions before a place ("in Corvell", "at the airport"): a place is neither "he" nor "they"."""


def name_runs(text: str) -> list[tuple[str, str]]:
    """``(run, word before it)`` for each capitalised run of ``text``, in one pass; a run
    at the start of the text loses its first word when that is a function word ("Why",
    "What did")."""
    out: list[tuple[str, str]] = []
    last_word = ""
    pos = 0
    for m in _CAPITAL_RUN.finditer(text):
        gap = text[pos:m.start()]
        words = _WORD.findall(gap)
        if words:
            last_word = words[-1]
        run = m.group(0)
        parts = run.split()
        while parts and parts[0].casefold() in STOPWORDS:
            last_word, parts = parts[0], parts[1:]
        if parts:
            out.append((" ".join(parts), last_word))
        last_word = run.split()[-1] if run.split() else last_word
        pos = m.end()
    return out


def person_name(words: list[str], before: str, gazetteer: Gazetteer | None = None) -> str | None:
    """The person's full name in a run of capitalised ``words`` (``before``: the word in front
    of the run), or None when the run names an institution, a law or a place.

    Told apart by how the text and the corpus use the words, not by a list: a run after a
    determiner is a thing ("the Fishing Quotas Act", "a White House official"); titles
    are the words of the run the corpus mostly writes in lower case ("leader", "president",
    "secretary of state"), so the name is what follows the last of them; and the surname
    must stand alone elsewhere in the corpus (:data:`PERSON_ALONE`).  One word is a person
    only when the corpus says so that way (a surname standing alone, not a country)."""
    if before.casefold() in DETERMINERS or (len(words) > 1 and re.search(r"['’]s$", words[0])):
        return None  # "the Senate", "Acmeland's Foreign Ministry": things, an owner's thing
    if gazetteer is not None:
        titles = [i for i, w in enumerate(words) if stem(w) in gazetteer.vocabulary and stem(w) not in gazetteer.names]
        words = words[titles[-1] + 1:] if titles else words
        share = gazetteer.alone_share(words[-1]) if words else None
        if share is not None and share < PERSON_ALONE and not _name_first(words, before, gazetteer):
            return None
        if (len(words) == 1 and share is not None and not country_stems(words[0]) and not words[0].isupper()
                and before.casefold() not in PREPOSITIONS):
            return words[0]  # a surname the corpus writes alone ("Brook put it this way"; not "in Velmar")
    country = country_stems(" ".join(words))
    if words and country and all(stem(w) in country for w in words):
        return None  # "North Korea", "North Korean": a country, its people
    return " ".join(words) if len(words) >= 2 else None


def _name_first(words: list[str], before: str, gazetteer: Gazetteer) -> bool:
    """A full name whose first word the corpus writes on its own while the last it does not
    ("Lin Baozhi" with "Lin said"; "Pell Dunmore" with "Mr Dunmore" only): a given or family
    name first.  Not after a preposition ("in Shu Ping village", "outside Orrin Mart's")."""
    if len(words) < 2 or before.casefold() in PREPOSITIONS | LOCATIVE:
        return False
    if re.search(r"['’]s$", words[0]) or country_stems(words[0]):
        return False  # "Acmeland's Foreign Ministry", "Acmeland Railways": a country's thing
    first = gazetteer.alone_share(words[0])
    last = gazetteer.capital_share(words[-1])
    return (first is not None and first >= PERSON_ALONE and not words[0].isupper()
            and last is not None and last >= PROPER_SHARE)  # not "Sewerage Department", "Compassion Over Killing"


def people_in(text: str, gazetteer: Gazetteer | None = None, limit: int = 3) -> tuple[str, ...]:
    """The first ``limit`` people ``text`` names (one pass): full names first, in order, then
    surnames standing alone (one word may be an adjective the corpus capitalises, "Republican")."""
    full: list[str] = []
    alone: list[str] = []
    for run, before in name_runs(text):
        person = person_name(re.sub(r"['’]s$", "", run).split(), before, gazetteer)  # "Jo Hale’s": her name
        found = full if person and " " in person else alone
        if person and person not in found:
            found.append(person)
            if len(full) >= limit:
                break
    return tuple((full + alone)[:limit])


def parties_of(question: str, frame: QuestionFrame, gazetteer: Gazetteer | None = None,
               institutions: bool = False) -> tuple[str, ...]:
    """The parties a question asks about, as written: its capitalised runs ("Hale–Orsen" is two
    parties), else (typed in lower case) its words the frame counts as names.  With a corpus,
    runs whose last word it never writes alone are institutions or laws, not parties that
    "they" could mean ("the Senate", "the Fishing Quotas Act": :data:`PERSON_ALONE`), unless
    ``institutions`` asks for every named thing."""
    out: list[str] = []
    runs = name_runs(question)
    for run, _ in runs:
        for part in re.split(r"[–—-]", run):
            part = re.sub(r"['’]s$", "", part.strip())
            share = gazetteer.alone_share(part.split()[-1]) if gazetteer is not None and part else None
            if part and part not in out and not dated_or_initial(part) and (
                    institutions or share is None or share >= PERSON_ALONE):
                out.append(part)
    if not runs:  # typed in lower case
        out = lower_case_parties(question, frame)
    return tuple(out)


CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)


def dated_or_initial(part: str) -> bool:
    """Is a capitalised run no party: a date ("October", "Monday") or one letter (the "U" of
    "U.S.", which the run pattern cuts at its dots)?"""
    words = part.split()
    return len(part) == 1 or all(w.casefold() in CALENDAR for w in words)


def lower_case_parties(question: str, frame: QuestionFrame) -> list[str]:
    """The parties of a question typed in lower case: runs of the words its frame counts as
    names, adjacent words (only spaces between them) joined into one ("ada holm", "li wen
    hao" — one party each), words joined by a dash or anything else kept apart ("hale-orsen":
    two parties), as written."""
    out: list[str] = []
    run: list[str] = []
    end = -1
    for m in _WORD.finditer(question):
        if stem(m.group(0)) not in frame.names:
            if run:
                out.append(" ".join(run))
            run, end = [], -1
            continue
        if run and not question[end:m.start()].isspace():
            out.append(" ".join(run))
            run = []
        run.append(m.group(0))
        end = m.end()
    if run:
        out.append(" ".join(run))
    return list(dict.fromkeys(out))


PROPER_SHARE = 0.75
"""A word typed in lower case is a proper name when the corpus capitalises at least this share
of its mid-sentence uses (:meth:`Gazetteer.capital_share`).  On the real-text dev set names and
their parts score 0.95-1.0 (a company's, a city's, the parts of a full name), on corpus/ 0.79
at least ("holm"); the common words headlines capitalise score 0.0-0.71 ("Water", "Secret",
"Golf", "Bill"), which the corpus gazetteer's 0.5 cut (made for telling names in general)
lets through as names."""


def proper_names(question: str, frame: QuestionFrame, gazetteer: Gazetteer | None = None,
                 unseen: bool = True) -> frozenset[str]:
    """The stems of ``question``'s names that name something, not a headline's common words.

    Capitals tell them in a question typed with capitals.  Typed in lower case, the question's
    names come from the corpus, which also counts the title-case words of headlines ("Varga
    Fires Workers After Secret Video": "secret") and the common words of others' names ("The
    New York Times": "times").  A proper name is one the corpus nearly always writes
    capitalised (:data:`PROPER_SHARE`) and that is a name of its own: written standing alone
    somewhere (:meth:`Gazetteer.alone_share`), or a word English does not write in lower case
    ("Dunmore"), or next to such a word in the question ("orrin mart", "ada vole").  With
    ``unseen``, a word the corpus never uses that English does not write in lower case also
    counts (a name the corpus does not know: it gives the question a subject of its own,
    though there is nothing to carry)."""
    if gazetteer is None or cased(question):
        return frame.names
    words = _WORD.findall(question)
    strength = [_name_strength(w, frame, gazetteer, unseen) for w in words]
    out = set()
    for i, (word, level) in enumerate(zip(words, strength, strict=True)):
        beside = (i > 0 and strength[i - 1] == 2) or (i + 1 < len(words) and strength[i + 1] == 2)
        if level == 2 or (level == 1 and beside):
            out.add(stem(word))
    return frozenset(out)


def _name_strength(word: str, frame: QuestionFrame, gazetteer: Gazetteer, unseen: bool) -> int:
    """2: a name of its own; 1: a name's part (capitalised by the corpus, never on its own);
    0: not a proper name (:func:`proper_names`)."""
    if stem(word) not in frame.names:
        return 0
    share = gazetteer.capital_share(word)
    if share is None and word.endswith("s"):
        word = word[:-1]  # "hales", "dunmores": a possessive typed without its apostrophe
        share = gazetteer.capital_share(word)
    if share is None:
        return 2 if unseen and stem(word) not in gazetteer.vocabulary else 0
    if share < PROPER_SHARE:
        return 0
    return 2 if (gazetteer.alone_share(word) or 0.0) > 0.0 or not is_common_word(word) else 1


def cased_view(question: str, proper: frozenset[str], gazetteer: Gazetteer | None = None) -> str:
    """``question`` with its proper names capitalised (a question typed in lower case read as
    if typed with capitals, so that runs, parties and subjects are found the same way); a name
    typed with an "s" the corpus never writes on it is its possessive ("hales lawyer" ->
    "Hale's lawyer")."""
    def cap(m: re.Match[str]) -> str:
        word = m.group(0)
        if stem(word) not in proper:
            return word
        if (gazetteer is not None and word.endswith("s") and gazetteer.capital_share(word) is None
                and gazetteer.capital_share(word[:-1]) is not None):
            return word[0].upper() + word[1:-1] + "'s"
        return word[0].upper() + word[1:]
    return _WORD.sub(cap, question)


def object_phrase(question: str) -> str | None:
    """The first phrase after a preposition that names something: an optional determiner and
    the words up to the next function word ("about NATO membership" -> "NATO membership",
    "to the Fishing Quotas Act in the Senate" -> "the Fishing Quotas Act").  A
    possessive names its owner ("to Velland's gas production" -> "Velland"), also after the
    lower-case words that open the phrase ("for getting Ado's family out" -> "Ado": a gerund
    opening the phrase, :func:`_gerunds`, is dropped: its object is what the phrase is about)."""
    words = list(_WORD.finditer(question))
    for n, m in enumerate(words[:-1]):
        if m.group(0).casefold() not in PREPOSITIONS:
            continue
        rest = words[n + 1:]
        det = 1 if rest[0].group(0).casefold() in DETERMINERS else 0
        phrase = []
        for w in rest[det:]:
            if w.group(0).casefold() in STOPWORDS:
                break
            phrase.append(w)
        if not phrase or not any(w.group(0)[0].isupper() for w in phrase):
            continue
        if not det and len(phrase) > 1 and phrase[0].group(0).islower():
            phrase = phrase[_gerunds(question, phrase):]  # "for getting Ado's family": the gerund's object
        if re.search(r"['’]s$", phrase[0].group(0)):
            return re.sub(r"['’]s$", "", phrase[0].group(0))
        return question[rest[0].start() if phrase[0] is rest[det] else phrase[0].start():phrase[-1].end()]
    return None


def _gerunds(question: str, phrase: list[re.Match[str]]) -> int:
    """How many words open ``phrase`` that the parse of ``question`` tags as gerunds (VBG: "getting"
    in "for getting Ado's family out"; not the noun "funding" of "the funding Velland got"),
    at most all but its last."""
    gerunds = {t.text for t in parse(question).tokens if t.tag == "VBG"}
    n = 0
    while n < len(phrase) - 1 and phrase[n].group(0) in gerunds:
        n += 1
    return n


def subject_of(question: str) -> str | None:
    """The thing a question asks about, as written: its :func:`object_phrase`, else the first
    capitalised run after a determiner or preposition (else the first run), with its determiner; names joined by a
    dash modify the noun that follows, which joins them ("the Hale–Orsen meeting"; "the
    Fishing Quotas Act" in "what would the Fishing Quotas Act require"; "Acme Rail" in
    "how much did Acme Rail spend").  A possessive names its owner ("Velland's gas" -> "Velland")."""
    phrase = object_phrase(question)
    if phrase:
        return phrase
    first: str | None = None
    for m in _CAPITAL_RUN.finditer(question):
        parts = m.group(0).split()
        while parts and parts[0].casefold() in STOPWORDS:
            parts = parts[1:]
        if not parts:
            continue
        phrase = " ".join(parts)
        before = _WORD.findall(question[max(0, m.start() - 12):m.start()])
        lead = before[-1].casefold() if before else ""
        owner = re.sub(r"['’]s$", "", phrase)
        if owner != phrase:  # "Velland's gas production": the owner is the thing
            first = first or owner
            continue
        if lead not in DETERMINERS and lead not in PREPOSITIONS:
            first = first or phrase
            continue
        after = _WORD.match(question, m.end() + 1) if question[m.end():m.end() + 1] == " " else None
        modifies = bool(after and after.group(0).casefold() not in STOPWORDS and after.group(0).islower())
        compound = len(re.split(r"[–—-]", phrase)) > 1  # "Hale–Orsen": names that modify a noun
        if compound and modifies:
            phrase = f"{phrase} {after.group(0)}"  # type: ignore[union-attr]
        elif modifies and " " not in phrase:
            return phrase  # one name before a noun modifies it ("the Corvell ring thief"): the name
        return f"{lead} {phrase}" if lead in DETERMINERS else phrase
    return first


def thing_phrase(question: str) -> str | None:
    """The first phrase after a preposition that starts with a determiner, up to the next
    function word, when the question names nothing ("for the ring theft" -> "the ring theft"):
    what "it" can mean after a question without names."""
    words = list(_WORD.finditer(question))
    for n, m in enumerate(words[:-2]):
        if m.group(0).casefold() not in PREPOSITIONS or words[n + 1].group(0).casefold() not in DETERMINERS:
            continue
        phrase = []
        for w in words[n + 2:]:
            if w.group(0).casefold() in STOPWORDS:
                break
            phrase.append(w)
        if phrase:
            return question[words[n + 1].start():phrase[-1].end()]
    return None


# ---------------------------------------------------------------------- state
@dataclass(frozen=True)
class PastTurn:
    """One earlier turn: its full question, frame, parties and subject as written, and the
    people its answer named."""

    question: str
    frame: QuestionFrame
    parties: tuple[str, ...]
    subject: str | None
    people: tuple[str, ...] = ()
    answer_names: frozenset[str] = frozenset()
    answer: str = ""
    """Its answer's text (what "he" is checked against: :func:`written_in`)."""
    """Stems of the words its answer writes capitalised (real text names its names so)."""
    proper: frozenset[str] | None = None
    """Stems of the question's names that name something (:func:`proper_names`); None: all
    of the frame's names."""
    thing: str | None = None
    """What "it" can mean when the question names nothing: :func:`thing_phrase` ("the ring theft")."""
    named: tuple[str, ...] = ()
    """Everything the question names (:func:`parties_of` with institutions), for "he" and a
    "they" that means one organisation."""
    places: tuple[str, ...] = ()
    """What it names after a place preposition ("in Corvell"): neither "he" nor "they"."""
    things: tuple[str, ...] = ()
    """What it names after a determiner or a place preposition ("at the Orrin Mart warehouse"): not a person."""
    owners: tuple[str, ...] = ()
    """What it names as an owner ("Hale's lawyer"): the question asks about the owned."""
    modifiers: tuple[str, ...] = ()
    """What it names only before a noun of its own ("the alleged Orlan spy"): a word of that
    noun's phrase, not someone a "he" can mean (:func:`name_modifiers`)."""
    preposition: str | None = None
    """The place preposition (:data:`LOCATIVE`) before its subject as written ("in" for "in the Velmar shooting"), None
    when the subject follows none ("how much did Acme Rail spend"): a follow-up without a subject
    of its own is then asked with the same phrase ("who was the shooter in the Velmar shooting"),
    as a person would ask it in full."""
    referent: str | None = None
    """Who its "he"/"she" was resolved to (:attr:`Resolution.person`): what a later "she" means."""
    view: str = ""
    """The full question with its proper names capitalised (:func:`cased_view`), as parsed for
    what "it" means (:func:`.referents.topic_thing`); empty: the question as written."""

    def carried_names(self) -> frozenset[str]:
        """The names a follow-up without a subject carries from this turn: the question's
        proper names, never a headline's common word ("secret", "golf") that the corpus
        lists as a name only because titles capitalise it."""
        return self.frame.names if self.proper is None else self.frame.names & self.proper

    def about(self) -> str:
        """What a subjectless follow-up is about, as written: the subject, else the parties
        that name a carried name."""
        if self.subject:
            return self.subject
        keep = self.carried_names()
        return " ".join(p for p in self.parties if any(stem(w) in keep for w in p.split()))

    @property
    def speaker(self) -> str | None:
        said = SAY_QUESTION.search(self.question)
        if said and said.group(1).casefold() not in ("he", "she", "they"):
            return said.group(1)
        return None

    def agent(self) -> str | None:
        """The one thing this question named, places aside (what a "he" can still mean when
        nothing better is known: the question named no one else)."""
        agents = [p for p in self.named if p not in self.places + self.things + self.modifiers]
        return agents[0] if len(agents) == 1 else None

    def organisation(self, gazetteer: Gazetteer | None = None) -> str | None:
        """The one party of this question that a plural "they" can mean when it is not a group
        of people: an organisation ("how many staff did they sack" after a question about
        Varga).  Not a person (:func:`lone_person`), not a place ("in Corvell")."""
        agents = [p for p in self.named if p not in self.places]
        if len(agents) != 1 or lone_person(self, gazetteer) == agents[0]:
            return None
        return agents[0]


@dataclass(frozen=True)
class Resolution:
    """A question resolved against the conversation."""

    question: str
    """As asked."""
    text: str
    """The full question: searched, judged against and shown ("When did Hale and Orsen
    last speak by phone?")."""
    follow_up: bool = False
    carried: frozenset[str] = frozenset()
    """Name stems carried over from earlier turns when nothing in the question could be
    replaced by them (the frame requires them as if the question had named them)."""
    person: str | None = None
    """Who its "he"/"she" became: the next follow-up's "she" is the same person, said the same
    way (a follow-up of a follow-up keeps its referent; it is not read back from the text)."""

    def frame(self, gazetteer: Gazetteer | None = None) -> QuestionFrame:
        """The frame of the full question, as if it had been asked so."""
        frame = analyse_question(self.text, gazetteer)
        if self.carried:
            frame = replace(frame, names=frame.names | self.carried, words=frame.words | self.carried,
                            context_names=self.carried)
        return frame


@dataclass(frozen=True)
class Conversation:
    """The earlier turns, oldest first (at most :data:`MAX_MESSAGES` // 2)."""

    turns: tuple[PastTurn, ...] = ()

    @classmethod
    def from_history(cls, history: Sequence[Any] | None, gazetteer: Gazetteer | None = None) -> Conversation:
        """Replay the history's user turns in order, each resolved against those before it;
        an assistant message gives the people of the turn it answers."""
        conv = cls()
        for message in normalize_history(history):
            if message["role"] == "user":
                conv = conv.add(conv.resolve(message["content"], gazetteer), gazetteer)
            elif conv.turns:
                last = conv.turns[-1]
                people = people_in(message["content"], gazetteer)
                conv = Conversation(conv.turns[:-1] + (replace(last, people=people, answer=message["content"],
                                                               answer_names=names(message["content"])),))
        return conv

    def add(self, resolution: Resolution, gazetteer: Gazetteer | None = None) -> Conversation:
        """The conversation with ``resolution`` as its latest turn.  A question typed in lower
        case is read with its proper names capitalised (:func:`cased_view`), so its parties and
        subject are found as in the same question typed with capitals."""
        frame = resolution.frame(gazetteer)
        proper = proper_names(resolution.text, frame, gazetteer, unseen=False) | resolution.carried
        view = resolution.text
        if gazetteer is not None and not cased(view):
            view = cased_view(view, proper, gazetteer)
        if gazetteer is not None and not cased(resolution.text):
            frame_view = replace(frame, names=frame.names & proper)  # no headline word is a party
        else:
            frame_view = frame
        parties = parties_of(view, frame_view, gazetteer)
        named = parties_of(view, frame_view, gazetteer, institutions=True)
        runs = [(re.sub(r"['’]s$", "", run), before, run) for run, before in name_runs(view)]
        places = tuple(run for run, before, _ in runs if before.casefold() in LOCATIVE)
        things = tuple(run for run, before, _ in runs if before.casefold() in DETERMINERS | LOCATIVE)
        owners = tuple(run for run, _, written in runs if written != run)
        subject = subject_of(view)
        modifiers = name_modifiers(view)
        turn = PastTurn(resolution.text, frame, parties, subject, proper=proper, thing=thing_phrase(view),
                        named=named, places=places, owners=owners, things=things, modifiers=modifiers,
                        preposition=preposition_before(view, subject), view=view, referent=resolution.person)
        return Conversation((self.turns + (turn,))[-(MAX_MESSAGES // 2):])

    @property
    def last(self) -> PastTurn | None:
        return self.turns[-1] if self.turns else None

    def resolve(self, question: str, gazetteer: Gazetteer | None = None) -> Resolution:
        """``question`` as a full question (module docstring)."""
        question = question.strip()
        last = self.last
        if last is None:
            return Resolution(question, question)
        own = _LEADING_LINK.sub("", question).strip() or question
        own = own[0].upper() + own[1:]
        frame = analyse_question(own, gazetteer)
        named = proper_names(own, frame, gazetteer)  # a headline word is no subject of its own
        points_back = bool(_PLURAL.search(own) or _PERSONAL.search(own) or _THING.search(own))
        if named and not points_back:
            return Resolution(question, own)  # its own subject: a fresh question, nothing carried
        if elliptical(own) or demonstrative_ellipsis(own):
            swapped = complete_ellipsis(last.question, own) or swap_question_word(last.question, own)
            if swapped:
                return Resolution(question, swapped, True)
        text, answer_group, person = self._substitute(own, gazetteer)
        if text != own:
            event = self.event(gazetteer) if _EVENT.search(text) else None
            about = last.about()
            if answer_group and not event and about and not content_words(about) & content_words(text):
                event = self.event(gazetteer) or about  # "the police" alone names nothing of the earlier question
            if event and not content_words(event) <= content_words(text):
                text = f"{text.rstrip()} (about {event})"  # "... when it happened": the earlier question's event
            # typed in lower case: the names put in keep it so (its frame finds names as it would)
            return Resolution(question, text.lower() if typed_lower(question) else text, True, person=person)
        if named:
            return Resolution(question, own)
        about = last.about()
        if about and content_words(about) <= content_words(own):
            return Resolution(question, own, True, last.carried_names())
        if _EVENT.search(own) and last.subject and last.subject == lone_person(last, gazetteer):
            about = event_of(last.question)  # "was it timed" after "why was X arrested": "X arrested"
        if about and typed_lower(question):
            about = about.lower()  # read with capitals, said as typed
        preposition = last.preposition if about and about.casefold() == (last.subject or "").casefold() else None
        if preposition and not _STRANDED.search(own):
            # "who was the shooter" after "how many died in the Velmar shooting": "... in the Velmar shooting"
            body = own.rstrip()
            mark = body[-1] if body[-1:] in "?.!" else ""
            text = f"{body.rstrip('?.! ')} {preposition} {about}{mark}"
            return Resolution(question, text, True, last.carried_names())
        suffix = f" (about {about})" if about else ""
        return Resolution(question, own.rstrip() + suffix, True, last.carried_names())

    def event(self, gazetteer: Gazetteer | None = None) -> str | None:
        """What happened in the latest question, for an "it" no thing of it can be: the event of
        its relative clause ("the woman whose ring was stolen in Corvell" -> "the ring stolen in
        Corvell"), else what it asked happened to the one person it named ("why was Pell Dunmore
        arrested" -> "Pell Dunmore arrested", :func:`event_of`); None when it told no event."""
        last = self.last
        if last is None:
            return None
        event = relative_event(last.view or last.question)
        if event is None and last.subject and last.subject == lone_person(last, gazetteer):
            event = event_of(last.question)
        return event

    def _substitute(self, own: str, gazetteer: Gazetteer | None = None) -> tuple[str, bool, str | None]:
        """``own`` with its pronouns replaced by what they point to in the latest turns (and
        no names carried: the question is then as if asked in full with those names; carrying
        the latest question's names beside a person only its answer named was tried, and moved
        the status of a corpus follow-up away from its full question's without fixing any).

        A question that names a person itself keeps its "he"/"she", and one naming two
        parties its "they": they most likely mean its own names ("Did Jo Carter say he would
        wait?").  Also says whether "they" became a group only the latest answer has acting
        ("police said" -> "the police"): a common noun that names nothing of what the
        conversation is about, so the caller searches about the earlier event as well; and the
        person "he"/"she" became (None when none did)."""
        last = self.last
        assert last is not None
        text = own
        answer_group = False
        if _PLURAL.search(text) and len(parties_of(own, analyse_question(own, gazetteer), gazetteer)) < 2:
            # "when will they announce if he is charged": they are not he, so not the one party
            members = bool(_PARTITIVE.search(text) or _PERSONAL.search(text))
            group, answer_group = self._group(gazetteer, members=members, described=not bound_their(own))
            if group:
                text = _of_phrase(text, _PLURAL, group) or _PLURAL.sub(lambda m: _plural_form(m.group(0), group),
                                                                     text, count=1)
        person = None
        if _PERSONAL.search(text) and not people_in(own, gazetteer) and not bound_possessive(text, _PERSONAL):
            person, _ = self.person(gazetteer)
            if person:
                text = _of_phrase(text, _PERSONAL, person) or _PERSONAL.sub(lambda m: _personal_form(m, person),
                                                                           text, count=1)
        thing = None if bound_possessive(text, _THING) else _THING.search(text)
        subject = last.subject or last.thing
        if subject is None and thing:
            # nothing proper asked about: the phrase it acts on ("announce the help fund": the help fund)
            subject = topic_thing(last.view or last.question, asked=last.frame.kind == "what")
        elif subject is not None and subject == lone_person(last, gazetteer):
            subject = last.thing  # "it" is no person (after "why was Pell Dunmore arrested": the event)
        elif subject is not None and subject in last.places:
            # no place either: after "who stole the ring in Corvell", the ring its verb acts on
            subject = last.thing or (topic_thing(last.view or last.question)
                                     if thing and not _HAPPENED.search(text) else None)
        elif thing and subject is not None and _modifies_a_person(subject, last.question):
            subject = thing_description(last.question, asked=last.frame.kind == "what")  # "the depot guard": the weapon
        elif thing and subject is not None and subject == object_phrase(last.view or last.question):
            # "what does the memo show about the FBI": "it" is the memo its verb is said of, not the FBI
            subject = (subject_thing(last.view or last.question)
                       or thing_around(subject, last.view or last.question) or subject)
        elif thing and subject is not None:
            subject = thing_around(subject, last.view or last.question) or subject  # "the secret Carrow footage"
        if thing and subject and _HAPPENED.search(text) and not _a_phrase(subject):
            subject = last.thing  # "when did it happen" after "what did Moscow say about the call": the call
        said = subject is not None and subject.casefold() in text.casefold()  # "they" became it already
        if thing and subject and not said and (thing.group(0).lower() in ("it", "its") or _a_phrase(subject)):
            # a trailing "that"/"this" is a thing, not a name ("before this" is no "before Hale")
            text = _THING.sub(lambda m: f"{subject}'s" if m.group(0).lower() == "its" else subject, text, count=1)
        return text, answer_group and text != own, person

    def group(self, gazetteer: Gazetteer | None = None, members: bool = False, described: bool = True) -> str | None:
        """Who "they" are: the parties of the latest turn that names two or more, else the one
        organisation it asked about (not for ``members``: "how many of them" counts people),
        else, when it named no one, the people its answer named (two or more), else (when
        ``described``) the group of people it described ("why were people protesting": "the
        people protesting ..."; :func:`person_description`); None when no turn names a group."""
        return self._group(gazetteer, members, described)[0]

    def _group(self, gazetteer: Gazetteer | None = None, members: bool = False,
               described: bool = True) -> tuple[str | None, bool]:
        """:meth:`group`, and whether it is only the group the latest answer has acting."""
        for turn in reversed(self.turns):
            if len(turn.parties) >= 2:
                return " and ".join(turn.parties[:3]), False
            organisation = None if members else turn.organisation(gazetteer)
            if organisation:
                return organisation, False
            if len(turn.people) >= 2 and not turn.named:  # a question that named no one asked about them
                return " and ".join(turn.people[:2]), False
            group = person_description(turn.question, plural=True, names=turn.carried_names()) if described else None
            if group:
                return group.text, False  # "why were people protesting": the people protesting
        last = self.last  # else the people its answer has acting or speaking ("police said")
        acting = acting_group(strip_markers(last.answer)) if last is not None and described else None
        return acting, acting is not None

    def person(self, gazetteer: Gazetteer | None = None) -> tuple[str | None, bool]:
        """Who "he"/"she" is, and whether only the answer named them: the first person the
        latest answer named, else the speaker or the one person the latest question named
        (:func:`lone_person`)."""
        for turn in reversed(self.turns):
            if turn.referent:  # its own "she" was resolved: the same person, said the same way
                return turn.referent, False
            # the person the question asked about, as the answer names them ("Vole" ->
            # "Ada Vole"), else as the question does, else the first person the answer named
            asked = {stem(w) for p in turn.named if p not in turn.owners + turn.places + turn.things + turn.modifiers
                     for w in p.split()}
            for person in turn.people:
                if {stem(w) for w in person.split()} & asked:
                    return person, False
            if turn.speaker:
                return turn.speaker, False
            person = lone_person(turn, gazetteer)
            if person:
                return written_in(person, turn.answer), False
            people = [p for p in turn.people if p not in turn.places]  # "in Corvell": a place
            described = (None if _WHO.match(turn.question)
                         else person_description(turn.question, plural=False, names=turn.carried_names()))
            agent = named_over_asked(turn, described, gazetteer)
            if agent:  # "what party was Cohen registered with": he is Cohen, not the party asked for
                return written_in(agent, turn.answer), False
            if described:  # "the man bitten by the panda": said, not guessed from the answer
                return named_as(described, tuple(people), turn.answer) or described.text, False
            if people:
                return in_asked_role(people[0], turn.question), True
            person = turn.agent()
            if person:
                return person, False
        return None, False


def name_modifiers(question: str) -> tuple[str, ...]:
    """The capitalised runs of ``question`` written just before a lower-case word of its own
    phrase ("Orlan" in "the alleged Orlan spy", "Orrin Mart" in "the Orrin Mart guard"): they
    name the kind of thing the noun is, not a party of the question (one linear pass)."""
    runs = list(_CAPITAL_RUN.finditer(question))
    if not runs:
        return ()
    nouns = {t.text for t in parse(question).tokens if t.tag in ("NN", "NNS")}  # not "Carter registered"
    out: list[str] = []
    for m in runs:
        after = _WORD.match(question, m.end() + 1) if question[m.end():m.end() + 1] == " " else None
        if after and after.group(0).islower() and after.group(0) in nouns:
            out.append(m.group(0))
    return tuple(out)


_DEMONSTRATIVE = re.compile(r"^\s*(?:why|when|where|how)\s+(?:was|is|did)\s+(?:that|this)(?:\s+happen)?\s*[?.!]*\s*$",
                            re.I)


def demonstrative_ellipsis(question: str) -> bool:
    """Is ``question`` an ellipsis with a demonstrative ("and when was that?", "why did that
    happen?")?  "That" is what the latest question asked about as a whole (its event), so it
    is completed as "when?" is: "which reporters pulled the prank" + "when was that" -> "When
    did the reporters pull the prank"."""
    return bool(_DEMONSTRATIVE.match(question))


def bound_possessive(question: str, pronoun: re.Pattern[str]) -> bool:
    """Is the first ``pronoun`` of ``question`` a possessive that its own subject owns ("why was
    Velland so keen to get its hands on him", "when did the professor get the text from her
    student")?  A possessive after a subject noun of its own clause most likely means that
    subject, not anyone of an earlier turn (by the parse: a ``poss`` token after a noun subject;
    not "how long had her family been away", where it opens the subject, nor "what name was on
    his passport", whose subject is the asked thing)."""
    m = pronoun.search(question)
    if m is None:
        return False
    toks = parse(question).tokens
    at = next((i for i, t in enumerate(toks) if t.text.casefold() == m.group(0).casefold()), None)
    if at is None or toks[at].dep != "poss":
        return False
    asked = {k for k, t in enumerate(toks) if t.tag in ("WDT", "WP")}
    return any(t.dep in ("nsubj", "nsubjpass") and t.tag in NOUN_TAGS and not any(under(toks, k, i) for k in asked)
               for i, t in enumerate(toks[:at]))  # not "what name was on his passport": the asked one


def named_over_asked(turn: PastTurn, described: Description | None, gazetteer: Gazetteer | None = None) -> str | None:
    """The one name ``turn``'s question gave, when the only person it described is the thing
    its wh-phrase asks for ("what party was Cohen registered with": "the party" is the value
    asked, Cohen the one asked about) and the name reads as a person's: one word the corpus
    writes standing alone as a surname (:data:`PERSON_ALONE`), or without a corpus any single
    name.  Not a place or a thing it names ("in Corvell", "the Orrin Mart"); None otherwise."""
    if described is None or not described.asked:
        return None
    agent = turn.agent()
    if agent is None or " " in agent or agent in turn.owners:
        return None
    if gazetteer is None:
        return agent
    share = gazetteer.alone_share(agent)
    return agent if share is not None and share >= PERSON_ALONE and not country_stems(agent) else None


def in_asked_role(person: str, question: str) -> str:
    """Who ``person``, whom the answer to ``question`` named first, is to a follow-up: the role
    the question asked about when it was a "who is/was …" question ("the shooter at the
    depot"), as the user typed it, else the name.  A follow-up asked in full says the role the
    user knows ("what weapon did the depot shooter use"), and the follow-up is that full question
    once resolved: with the answer's name put beside the role (round 12) the two were searched
    apart and got different statuses (realnews rn-riteaid-weapon-she, -record-she)."""
    role = asked_role(question)
    return role if role and person.casefold() not in role.casefold() else person


_STRANDED = re.compile(r"\b(?:" + "|".join(sorted(PREPOSITIONS)) + r")\W*$", re.I)
"""A question ending on its preposition ("drive off in?"): another phrase after it would not read."""


def preposition_before(question: str, subject: str | None) -> str | None:
    """The place preposition written just before ``subject`` in ``question`` ("in" for "killed in
    the Velmar shooting"), lower case; None when the subject follows none or another one ("the
    border with Velmar": an argument of its own noun, which another question's words do not take)."""
    if not subject:
        return None
    m = re.search(r"\b([A-Za-z]+)\s+" + re.escape(subject), question)
    word = m.group(1).casefold() if m else ""
    return word if word in LOCATIVE else None


_THEIR = re.compile(r"\btheir\b", re.I)


def bound_their(question: str) -> bool:
    """Does ``question``'s "their" follow a plural noun of its own ("how many homes had their
    water cut off"), which it most likely means?  Then no earlier description stands for it."""
    m = _THEIR.search(question)
    return bool(m) and any(d.plural for d in descriptions(question[:m.start()]))


def _modifies_a_person(subject: str, question: str) -> bool:
    """Is ``subject`` ("the Orrin Mart") only the first words of a phrase of ``question``
    that names a person ("the orrin mart guard")?  Then "it" cannot mean it."""
    person = person_description(question, plural=False)  # names are not skipped: "the orrin mart" is one
    if person is None:
        return False
    said, text = without_determiner(subject), without_determiner(person.text)
    return text != said and text.startswith(said + " ")


def without_determiner(phrase: str) -> str:
    """``phrase`` in lower case without its opening determiner ("the Orrin Mart" -> "orrin mart"):
    a name before a noun is written without one ("Corvell" in "the Corvell ring thief")."""
    words = phrase.casefold().split()
    return " ".join(words[1:] if words and words[0] in DETERMINERS else words)


_WHO = re.compile(r"^\W*(?:and\s+)?(?:who|whom)\b", re.I)


def written_in(person: str, answer: str) -> str:
    """``person`` as ``answer`` writes them in full, when it writes them with more name after
    the words asked ("kim jong" -> "Kim Jong Nam", "Kim Jong-nam"), else as asked.  Only
    capitalised words or a dash-joined part count as more name (in one linear scan)."""
    if not answer or not person:
        return person
    m = re.search(r"(?i:" + re.escape(person) + r")((?:[ \t]+[A-Z][\w'’]*|-[^\W_][\w'’]*)+)", answer)
    if m is None:
        return person
    more = re.sub(r"['’]s$", "", m.group(1))
    return person + more


_EVENT = re.compile(r"\bit\b", re.I)
_HAPPENED = re.compile(r"\bit\s+(?:happen(?:ed|s)?|occur(?:red|s)?|t(?:ake|akes|ook)\s+place)\b", re.I)
"""An "it" that is the subject of happening: the earlier question's event, never one of its things."""
_AUXILIARY = re.compile(r"^\s*(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could)\b\s*", re.I)


def event_of(question: str) -> str:
    """What a question asked happened, without its question word and auxiliary ("why was
    Pell Dunmore arrested" -> "Pell Dunmore arrested"): what "it" means after a question
    about a person."""
    wh = _WH_START.match(question)
    rest = question[wh.end():] if wh else question
    head = _WORD.match(rest.strip())
    if wh and head and wh.group(1).casefold() in ("what", "which") and not _AUXILIARY.match(rest):
        rest = rest.strip()[head.end():]  # "what poison killed X": the asked noun goes too
    return _AUXILIARY.sub("", rest).strip().rstrip("?.! ")


def _a_phrase(subject: str) -> bool:
    """Is ``subject`` a thing's phrase ("the ring theft", "NATO membership"), not a bare name
    ("Hale"): what a trailing "that"/"this" can mean."""
    words = _WORD.findall(subject)
    return len(words) > 1 and (words[0].casefold() in DETERMINERS or any(w.islower() for w in words))


_PARTITIVE = re.compile(r"\b(?:of|among)\s+(?:them|they)\b", re.I)
""""how many of them", "any of them": the members of a group, never an organisation."""


def lone_person(turn: PastTurn, gazetteer: Gazetteer | None = None) -> str | None:
    """The one person a question asked about, when its only party (places aside) is a
    person's name ("why was ada holm arrested" -> "ada holm"): two or more words whose last
    the corpus writes standing alone as a surname (:data:`PERSON_ALONE`), or whose first it
    writes standing alone (:func:`_name_first`: "Pell Dunmore" written "Mr Dunmore"); not
    what it names after a determiner or a place preposition ("at the Orrin Mart warehouse");
    without a corpus, two words."""
    agents = [p for p in (turn.named or turn.parties) if p not in turn.places]
    if len(agents) != 1 or len(agents[0].split()) < 2 or agents[0] in turn.things:
        return None
    party = agents[0]
    if gazetteer is None:
        return party
    words = party.split()
    last = gazetteer.alone_share(words[-1])
    if last is not None and last >= PERSON_ALONE:
        return party
    return party if _name_first(words, "", gazetteer) else None


def _plural_form(pronoun: str, group: str) -> str:
    return possessive(group) if pronoun.lower() in ("their", "theirs") else group


def possessive(referent: str) -> str:
    """``referent``'s possessive: "the protesters'" for a plural description, else "'s"; a role
    with a name in apposition after it ("the shooter, Ada Vole") owns through the name ("Ada Vole's")."""
    referent = referent.rpartition(", ")[2]
    plural = referent.split()[0].casefold() == "the" and referent.endswith("s")
    return f"{referent}'" if plural else f"{referent}'s"


_POSSESSED = re.compile(r"\b(?:his|her|their)\s+([^\W_][\w'’-]*)", re.I)


def _of_phrase(text: str, pronoun: re.Pattern[str], referent: str) -> str | None:
    """``text`` with its first pronoun, when that is a possessive before a noun, said as "the
    NOUN of REFERENT" — for a referent with a phrase after its head ("who was his lawyer" ->
    "who was the lawyer of the man bitten by the panda", not "... panda's lawyer"); None when
    the referent has no such phrase or the pronoun is no possessive before a noun."""
    first = pronoun.search(text)
    words = referent.casefold().split()
    if first is None or not any(w in PREPOSITIONS for w in words[1:]):
        return None
    m = _POSSESSED.match(text, first.start())
    if m is None or m.group(1).casefold() in STOPWORDS:
        return None
    return f"{text[:m.start()]}the {m.group(1)} of {closed_apposition(referent, text[m.end():])}{text[m.end():]}"


def _personal_form(m: re.Match[str], person: str) -> str:
    """"his"/"hers" become the person's possessive; so does "her" before a noun ("her family";
    not "shoot at her" or "hold her?")."""
    word = m.group(0).lower()
    if word in ("his", "hers"):
        return possessive(person)
    if word == "her":
        after = _WORD.match(m.string, m.end() + 1) if m.string[m.end():m.end() + 1] == " " else None
        if after and after.group(0).casefold() not in STOPWORDS:
            return possessive(person)
    return closed_apposition(person, m.string[m.end():])


def closed_apposition(referent: str, rest: str) -> str:
    """``referent`` put before ``rest`` of a question: a name in apposition ("the shooter at the
    depot, Ada Vole") closes with a comma when words follow ("…, Ada Vole, use?")."""
    return f"{referent}," if ", " in referent and re.match(r"\s*[^\W_]", rest) else referent


def typed_lower(question: str) -> bool:
    """Was ``question`` typed all in lower case ("and what did the chinese ministry say")?"""
    return question.strip()[:1].islower() and not cased(question)


def elliptical(question: str) -> bool:
    """Is ``question`` only question words ("Why?", "And when exactly?", "How many then?")?"""
    words = tokens(question)
    return bool(words) and all(w in QUESTION_WORDS for w in words) and bool(_WH_START.match(question))


def swap_question_word(previous: str, ellipsis: str) -> str | None:
    """The previous question asked with the ellipsis's question word ("When was X introduced?"
    + "why?" -> "Why was X introduced?"); None when the previous question has no question word."""
    old, new = _WH_START.match(previous), _WH_START.match(ellipsis)
    if not old or not new:
        return None
    word = new.group(1)
    return word[0].upper() + word[1:].lower() + previous[old.end():]


def resolve(question: str, history: Sequence[Any] | None, gazetteer: Gazetteer | None = None) -> Resolution:
    """``question`` resolved against ``history`` (plain role/content turns)."""
    return Conversation.from_history(history, gazetteer).resolve(question, gazetteer)
