"""Does a sentence hold the kind of answer the question asks for (a date, a number, a name, speech)?

Pure functions of the question frame and a sentence's text/features; the status rules
and the evidence selection read them.
"""

from __future__ import annotations

import re

from briefbot.language.cues import without_named_years
from briefbot.language.question import GENERIC_WORDS
from briefbot.language.text import (
    CALENDAR_CUE,
    DATE_CUE,
    FUTURE_CUE,
    MONTHS,
    NUMBER_WORDS,
    RELATIVE_PERIOD,
    SCALE_WORDS,
    STOPWORDS,
    TOKEN_CAP,
    fold,
    tokens,
)
from briefbot.language.timespans import has_duration
from briefbot.store.embeddings import encode_words
from briefbot.truth.evidence import EXPLANATION, REASON_UNKNOWN, Evidence, EvidenceSet, Focus, explains, speaker_quoted
from briefbot.truth.status.fill import close
from briefbot.truth.status.model import Thresholds
from briefbot.truth.verify import content_words, names, numbers, stem

YEAR = re.compile(r"(?:19|20)\d\d")
CONDITION = re.compile(r"\b(?:until|unless|once|as soon as|only after|not before|pending|depend(?:s|ing)? on)\b", re.I)
"""A "when" answered by a condition, not a date ("not until the two leaders have met")."""
PLACE = re.compile(r"\b(?:in|from|at|near|outside|across)\s+(?:the\s+)?([A-Z][\w'’\-]+)")
PARTIAL_HEDGES = frozenset({"pending", "unknown", "unclear"})
"""Hedges that say the asked-for fact is not known yet ("the damage is still being assessed")."""



FULL_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b",
    re.I,
)


def precision_bonus(focus: Focus, text: str) -> float:
    """Among fitting sentences, the most precise answer first: for "what did X say" X's own
    words (a direct quote), for "when" a full calendar date rather than a bare year, for
    "who" the sentence that covers most of what is asked."""
    if focus.kind == "say" and QUOTE.search(text):
        return 0.05
    if focus.kind == "when" and FULL_DATE.search(text):
        return 0.04
    if focus.kind == "who":  # the sentence about what is asked, not one that merely names someone
        asked = topical(focus)
        return 0.1 * len(asked & content_words(text)) / len(asked) if asked else 0.0
    return 0.0


QUOTE = re.compile(r"[\"“][^\"“”]{12,}[\"”]")
"""A direct quotation of 12+ characters.  An opening quote does not occur inside (no
nested double quotes), so each attempt stops at the next quote mark: linear on a run of
quote marks."""


def partial_answers(focus: Focus, pool: list[Evidence], t: Thresholds) -> list[Evidence]:
    """Strong evidence that the asked-for date or number is pending, unknown or conditional.

    Only for "when" and "how many/much": a figure can be "still being assessed".  A
    quote nobody reported, or a name nobody gave, stays insufficient evidence.
    """
    out: list[Evidence] = []
    if focus.kind not in ("when", "how_many"):
        return out
    for e in pool[:4]:
        if e.score < t.answered_score or not topical_hit(focus, e.text):
            continue
        if PARTIAL_HEDGES & set(e.hedges) or (focus.kind == "when" and CONDITION.search(e.text)):
            out.append(e)
    return out


def explanations(items: list[Evidence], selected: list[Evidence], floor: float) -> list[Evidence]:
    """Explanatory sentences that say something the selected evidence does not (that the
    reason is unknown is said once)."""
    out: list[Evidence] = []
    for e in items:
        if e.score < floor or e in selected or not explains(e.text):
            continue
        others = [*selected, *out]
        if not EXPLANATION.search(e.text) and any(REASON_UNKNOWN.search(o.text) for o in others):
            continue
        if e.vector is not None and any(
            o.vector is not None and float(e.vector @ o.vector) >= 0.6 for o in others
        ):
            continue
        out.append(e)
    return out


def date_numbers(published: str | None) -> set[str]:
    if not published:
        return set()
    y, m, d = published.split("-")
    return {y, str(int(d))}


def fits(focus: Focus, text: str) -> bool:
    """Does ``text`` hold the kind of answer ``focus`` asks for?"""
    if focus.kind == "say" and focus.speaker:
        return speaker_quoted(focus.speaker, text)
    if focus.kind == "when":
        return gives_date(focus, text) and topical_hit(focus, text)
    if focus.kind == "how_many":
        if focus.asks_duration:  # "how long": a stretch of time ("four days"), not a count
            return has_duration(text)
        return counts_something_asked(focus, text)
    if focus.kind == "who":
        if focus.asks_for_source:  # "who reported that …": a reporting source, not any name
            return names_a_source(focus, text)
        # a name the question does not already give; sentences about what is asked rank
        # first (``precision_bonus``), the asked year is checked per article (``in_year``)
        return bool(names(text) - focus.names - focus.words)
    if focus.kind == "why":
        return explains(text)
    if focus.kind == "what":
        return names_a_member(focus, text)
    if focus.kind == "where":
        return any(stem(m.group(1)) not in focus.names and stem(m.group(1)) not in focus.words
                   and m.group(1).lower() not in ("the", "a") for m in PLACE.finditer(text))
    return False


CLASS_WORDS = 2
"""A "which X" question's class is read from at most this many words after "which"."""


def asked_class(focus: Focus) -> frozenset[str]:
    """Stems of the class a "which X" question asks for ("which island does …" → island;
    "which news network …" → news, network); empty for other questions."""
    low = tokens(fold(focus.text))
    if focus.kind != "what" or "which" not in low:
        return frozenset()
    after = low[low.index("which") + 1:][:CLASS_WORDS]
    return frozenset(stem(w) for w in after if w not in STOPWORDS)


MEMBER_WINDOW = 3
"""A "which X" answer names its member within this many words of X ("the island of Carrow",
"Carrow island"); a name further off is about something else ("the network's sources
said Hale ...")."""


def names_a_member(focus: Focus, text: str) -> bool:
    """A "which X" answer: the sentence uses every word of X and names, next to X, something the
    question does not give ("the first crossing to the island of Carrow")."""
    cls = asked_class(focus)
    if not cls or not cls <= content_words(text):
        return False
    new = names(text) - focus.names - focus.words
    stems = [stem(t) for t in tokens(text)]
    near = [i for i, s in enumerate(stems) if s in cls]
    return any(s in new and any(abs(i - j) <= MEMBER_WINDOW for j in near) for i, s in enumerate(stems))


_CAP_WORD = rf"[A-Z][\w'.&-]{{0,{TOKEN_CAP}}}"
REPORTER = re.compile(
    rf"((?:{_CAP_WORD}\s+){{0,3}}{_CAP_WORD})\s+(?:has\s+|had\s+|have\s+)?(?:first\s+)?"
    r"(?:reported|said|announced|revealed|disclosed|wrote|told)\b"
    rf"|\b(?i:according)\s+to\s+((?:the\s+)?{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}})"
)
"""A named source and its reporting verb ("Bloomberg reported", "according to the Herald")."""


def names_a_source(focus: Focus, text: str) -> bool:
    """Does ``text`` name who reported or said something, other than the question's own names?"""
    for m in REPORTER.finditer(text):
        who = names(m.group(1) or m.group(2) or "")
        if who - focus.names - focus.words:
            return True
    return False


def in_year(focus: Focus, items: list[Evidence]) -> set[str]:
    """Articles whose retrieved text, title or date names the year a "who" question asks
    about ("who won in 2018?"): a name from a 2022 report is not the 2018 answer."""
    years = {n for n in focus.numbers if YEAR.fullmatch(n)}
    if focus.kind != "who" or not years:
        return {e.article_id for e in items}
    return {e.article_id for e in items
            if years & (numbers(e.text) | numbers(e.title) | date_numbers(e.published))}


def has_date(text: str) -> bool:
    """A date or time cue, not counting years inside names ("the Act of 2025")."""
    return bool(DATE_CUE.search(without_named_years(text)))


def gives_date(focus: Focus, text: str) -> bool:
    """Can ``text`` date what ``focus`` asks?  For a question about what is still to happen
    ("when will …", "when does X plan to …"), a period counted from the report's day ("this
    week", "yesterday") dates the asked event only in a sentence about the future
    (:data:`FUTURE_CUE`): "Reports this week point to delays" says when it was reported.
    Calendar dates count as for any "when" question (whether they belong to another event
    is judged by the pending/conditional rule)."""
    if not focus.asks_future:
        return has_date(text)
    plain = without_named_years(text)
    return bool(CALENDAR_CUE.search(plain) or (RELATIVE_PERIOD.search(plain) and FUTURE_CUE.search(plain)))


_FIGURE = rf"\d[\d,.]{{0,{TOKEN_CAP}}}"
"""A figure with its separators, bounded by :data:`TOKEN_CAP` (linear on a 10,000-digit run)."""
AMOUNT = re.compile(
    _FIGURE + r"\s*(?:%|percent|per cent|million|billion|trillion|thousand|tenge|dollars?|euros?|"
    r"pounds?|rubles?|roubles?|yuan|som|sum|manat|lari|dram)\b|[$€£]\s?\d",
    re.I,
)


def topical(focus: Focus) -> frozenset[str]:
    """The question's content words that are neither names, numbers nor question-frame words."""
    return focus.words - focus.names - focus.numbers - GENERIC_WORDS


def topical_hit(focus: Focus, text: str) -> bool:
    """Does ``text`` carry one of the question's non-name words (or has the question none)?"""
    asked = topical(focus)
    return not asked or bool(asked & content_words(text))


COUNTED = re.compile(rf"(\b[a-z]{{1,{TOKEN_CAP}}}\s+)?({_FIGURE}%?)\s+[^\W\d_]", re.I)


def counted_figure(focus: Focus, text: str) -> bool:
    """A figure that counts something: a number before a word, not a year, a calendar day
    ("May 12") or one of the question's own numbers."""
    for m in COUNTED.finditer(without_named_years(text)):
        raw = m.group(2).rstrip("%.,")
        value = raw.replace(",", "")
        if YEAR.fullmatch(raw) or value in focus.numbers:  # "2,000" is a count, never a year
            continue
        if (m.group(1) or "").strip().lower() not in MONTHS:
            return True
    return False


def counts_in_other_words(focus: Focus, e: Evidence, t: Thresholds) -> bool:
    """A "how many" answer worded otherwise: a counted figure in a sentence that says the asked
    thing in other words (masked-predicate similarity ≥ ``predicate_match``) — "65 workers were
    evacuated" for "how many staff had to leave"."""
    return (focus.kind == "how_many" and e.predicate is not None and e.predicate >= t.predicate_match
            and counted_figure(focus, e.text))


COUNT_WORDS = frozenset(NUMBER_WORDS) | SCALE_WORDS | frozenset(
    "dozen dozens scores first second third fourth fifth sixth seventh eighth ninth tenth".split())
"""Numbers in words ("four people", "hundreds of employees", "the fifth time"): a count as much as digits."""
COUNT_WINDOW = 4


def counts_in_words(focus: Focus, text: str) -> bool:
    """A number in words followed, within :data:`COUNT_WINDOW` words, by one of the question's
    words ("Four people are in custody" for "how many people are held")."""
    toks = tokens(text)
    return any(tok in COUNT_WORDS and any(stem(w) in focus.words for w in toks[i + 1:i + 1 + COUNT_WINDOW])
               for i, tok in enumerate(toks))


def counted_in_words(text: str) -> list[list[str]]:
    """The (up to :data:`COUNT_WINDOW`) words after each number written in words ("six aircraft")."""
    toks = tokens(text)
    return [toks[i + 1:i + 1 + COUNT_WINDOW] for i, tok in enumerate(toks) if tok in COUNT_WORDS]


_COUNTED_WORDS = re.compile(rf"({_FIGURE}%?)((?:\s+[\w'’-]{{1,{TOKEN_CAP}}}){{1,4}})")
"""A figure and the (up to four) words after it: what it may count."""


def counts_something_asked(focus: Focus, text: str) -> bool:
    """A number next to one of the question's words ("85 senators", "four people"), or an
    amount of money."""
    if AMOUNT.search(text) and focus.asks_amount:
        return True
    if counts_in_words(focus, text):
        return True
    counted: list[list[str]] = []
    for m in _COUNTED_WORDS.finditer(text):
        raw = m.group(1).rstrip("%.,")
        value = raw.replace(",", "")
        if value in focus.numbers or YEAR.fullmatch(raw):
            continue  # the question's own numbers and years ("the Act of 2025") count nothing; "2,000" is no year
        words = [w.strip(".,;:!?\"'()“”’") for w in m.group(2).split()]
        if any(stem(w) in focus.words for w in words):
            return True
        counted.append(words)
    return counts_by_meaning(focus, counted + counted_in_words(text))


COUNTED_THING = re.compile(r"\bhow\s+many\s+(?:of\s+(?:the|their|his|her|its)\s+)?((?:[^\W\d_]+\s*){1,3})")
"""The words after "how many" (past "of the"): the counted thing and what qualifies it."""


def asked_things(focus: Focus) -> list[str]:
    """The head of the counted thing of a "how many" question as typed: the last word before the
    first function word or past-tense verb ("how many cops is …" → cops; "how many security people
    is britain sending" → people; "how many of the patients died" → patients); empty for other
    questions.  Only the head, not the rest of the question nor its qualifiers: "4,000 runners" does
    not count the cops of "how many cops will guard the marathon", nor do "law enforcement officers"
    count Britain's "security people" because "enforcement" is close to "security"."""
    m = COUNTED_THING.search(fold(focus.text))
    if not m:
        return []
    run: list[str] = []
    for w in m.group(1).split():
        if w in STOPWORDS or w in GENERIC_WORDS or (run and w.endswith("ed")):
            break
        run.append(w)
    return run[-1:]


COUNTED_MEANING_MAX = 24
"""At most this many figures' words are compared by meaning per sentence (bounds the
model passes on a sentence of many figures; a real one has a handful)."""


def counts_by_meaning(focus: Focus, counted: list[list[str]]) -> bool:
    """Do the words after one of the figures say an asked thing in other words (:func:`close`:
    stem or MiniLM cosine ≥ ``WORD_CLOSE``) — "six aircraft" for "how many planes", "40,000 police
    officers" for "how many cops", "ten children" for "how many kids"?  A question in a reader's
    words counts the same things as the report in the reporter's words.  Only the counted thing
    (:func:`asked_things`) is compared, not the rest of the question."""
    asked = asked_things(focus)
    counted = counted[:COUNTED_MEANING_MAX]
    if not asked or not counted:
        return False
    said = [fold(w) for ws in counted for w in ws if w.isalpha() and fold(w) not in STOPWORDS and len(w) > 2]
    if not said:
        return False
    encode_words([*dict.fromkeys([*asked, *said])])  # one model pass for the words close() compares
    return any(close(w, a) for w in said for a in asked)


def requirement(es: EvidenceSet, pool: list[Evidence], t: Thresholds) -> str | None:
    """A reason to abstain when the answer type is absent, else None."""
    focus = es.focus
    candidates = pool[:6]
    if focus.kind in ("when", "how_many", "who"):  # the date, number or name may sit in a weaker sentence
        candidates = candidates + [e for e in es.items[:12] if e.score >= 0.8 * t.min_score]
    texts = [e.text for e in candidates]
    if focus.kind == "say" and focus.speaker:
        if not any(speaker_quoted(focus.speaker, t) for t in texts):
            return f"no passage reports anything said by {focus.speaker.title()}"
    elif focus.kind == "when":
        if not any(gives_date(focus, t) for t in texts):
            return "no relevant passage gives a date or time"
    elif focus.kind == "how_many" and focus.asks_duration:
        if not any(has_duration(t) for t in texts):
            return "no relevant passage says how long"
    elif focus.kind == "how_many":
        if not any(counts_something_asked(focus, e.text) or counts_in_other_words(focus, e, t) for e in candidates):
            return "no relevant passage gives a number"
    elif focus.kind == "who":
        allowed = in_year(focus, es.items)
        if not any(e.article_id in allowed and fits(focus, e.text) for e in candidates):
            return "no relevant passage names anyone in connection with what is asked"
    return None


