"""Checks on text: support of a claim by quotes, hedge cues, numbers, injected instructions.

No NLI model is available offline, so support combines MiniLM similarity with
lexical evidence: content-word recall and, strictly, the names, numbers and dates
of the claim, which must all occur in the cited quotes.  A claim that brings a new
name or number is unsupported however similar it sounds ("Hale said X" when no
quote has Hale saying anything is caught by the speaker check).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from briefbot.language.features import features
from briefbot.language.text import (  # noqa: F401  (re-exported: the verifier's vocabulary is the toolkit's)
    IRREGULAR,
    MONTHS,
    NUMBER_WORDS,
    QUESTION_WORDS,
    SCALE_WORDS,
    STOPWORDS,
    content_words,
    names,
    norm_number,
    normalize,
    numbers,
    stem,
)


@dataclass(frozen=True)
class SupportCheck:
    """How well quotes support a claim."""

    supported: bool
    similarity: float
    recall: float
    missing: tuple[str, ...] = field(default_factory=tuple)
    """Names/numbers of the claim found in no quote."""


def check_support(
    claim: str,
    quotes: Sequence[str],
    similarity: float,
    allowed_extra: Iterable[str] = (),
    min_similarity: float = 0.62,
    min_recall: float = 0.6,
    cited_outlets: Iterable[str] | None = None,
) -> SupportCheck:
    """Is ``claim`` supported by ``quotes``?

    ``similarity`` is the best embedding cosine between the claim and a quote.
    ``allowed_extra`` holds text whose names may appear in the claim without a quote
    (the outlets and titles of the cited articles, the question).  ``cited_outlets``: the
    outlets of ``quotes`` themselves; when given, only they may speak in a quote without
    the claim keeping the attribution ("Bloomberg reported that X" cited from a Reuters
    article cannot become a bare "X", even when another article of the answer is
    Bloomberg's).  Without it, every name in ``allowed_extra`` counts as an outlet.
    """
    joined = " ".join(quotes)
    extra = " ".join(allowed_extra)
    quote_words = content_words(joined)
    claim_words = content_words(claim) - named_from(claim, joined, extra)
    recall = len(claim_words & quote_words) / len(claim_words) if claim_words else 1.0
    quote_numbers = numbers(joined)
    missing_numbers = sorted(numbers(claim) - quote_numbers - numbers(extra))
    quote_names = names(joined) | content_words(joined) | names(extra) | content_words(extra)
    missing_names = sorted(names(claim) - quote_names)
    missing = (tuple(missing_numbers + missing_names) + missing_months(claim, joined)
               + fidelity(claim, quotes, extra if cited_outlets is None else " ".join(cited_outlets),
                          topic=extra)
               + fragment(claim, quotes) + names_the_prompt(claim, quotes))
    supported = not missing and (similarity >= min_similarity or recall >= min_recall)
    return SupportCheck(supported, float(similarity), float(recall), missing)


def named_from(claim: str, quotes: str, extra: str) -> frozenset[str]:
    """Words of ``claim`` that only name what the question or a cited headline names (``extra``):
    its capitalised words found in ``extra`` and in no quote.  A writer that says "the Vell
    Harbour Act" where the quote says "the bill" has resolved the reference from the question;
    those words are neither supported nor unsupported content, so they leave the recall's
    count (a new name is still caught: it is in no quote and not in ``extra``)."""
    if not extra:
        return frozenset()
    own = names(claim) & (names(extra) | content_words(extra))
    return frozenset(own - content_words(quotes) - names(quotes))


CAUSAL = re.compile(r"\b(?:because|due\s+to|owing\s+to|caused|causing|led\s+to|as\s+a\s+result|resulted\s+in|"
                    r"thanks\s+to|since\s+the|so\s+that|therefore|which\s+is\s+why)\b", re.I)
"""Connectives that make one fact the cause of another."""
SPEECH = re.compile(r"\b(?:said|says|say|told|reported|reports|according|citing|claimed|claims|stated|"
                    r"announced|noted|wrote|added|sources?|reportedly|allegedly)\b", re.I)


def missing_months(claim: str, quotes: str) -> tuple[str, ...]:
    """Month names of the claim that no quote names (dates are strict, like numbers)."""
    def months(text: str) -> set[str]:
        return {m[:3] for m in re.findall(r"[a-z]+", normalize(text).casefold()) if m in MONTHS and m != "may"}
    return tuple(sorted(months(claim) - months(quotes)))


def fidelity(claim: str, quotes: Sequence[str], allowed: str = "", topic: str = "") -> tuple[str, ...]:
    """What a claim lost of its sources' stance: ``"hedge"`` when every quote is hedged or
    attributed (to someone other than the cited outlet) and the claim states it bare;
    ``"cause"`` when the claim makes a cause that no quote states.  ``topic``: the question and
    headlines, whose words a bare claim may repeat without restating a hedged quote."""
    out: list[str] = []
    stances = [features(q) for q in quotes]
    outlets = names(allowed)

    def hedged(f: object) -> bool:
        attribution = getattr(f, "attribution", None)
        return bool(getattr(f, "hedges", ())) or bool(attribution and names(attribution) - outlets)

    own = features(claim)
    bare = not own.hedges and not own.attribution and not SPEECH.search(normalize(claim))
    if bare and stances and all(hedged(f) for f in stances):
        out.append("hedge")
    elif bare and takes_from_hedged(claim, quotes, [hedged(f) for f in stances], topic):
        out.append("hedge")
    if not bare and not own.hedges and own.attribution and swapped_source(claim, stances, outlets):
        out.append("attribution")
    if CAUSAL.search(normalize(claim)) and not any(CAUSAL.search(normalize(q)) for q in quotes):
        out.append("cause")
    if sources_multiplied(claim, quotes):
        out.append("sources")
    return tuple(out)


_ONE_OF_SOURCES = re.compile(r"\bone\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?"
                             r"(?:[\w'’]+\s+){0,2}?sources\b", re.I)


def _plural_sources(text: str) -> bool:
    """Does ``text`` credit several unnamed sources ("sources said", "the paper's sources"), beyond
    "one of the paper's sources"?"""
    return bool(re.search(r"\bsources\b", _ONE_OF_SOURCES.sub(" ", normalize(text)), re.I))


def sources_multiplied(claim: str, quotes: Sequence[str]) -> bool:
    """Does ``claim`` credit several unnamed sources where its quotes credit one ("one of the
    Courier's sources said …" -> "the Courier's sources said …")?  One source's word made several
    sources' reads as better sourced than it is; the hedge cue ("a source", "sources said") is the
    same, so the cue table alone lets it through."""
    if not _plural_sources(claim):
        return False
    named = [q for q in quotes if re.search(r"\bsources?\b", normalize(q), re.I)]
    return bool(named) and not any(_plural_sources(q) for q in named)


def swapped_source(claim: str, stances: Sequence[object], outlets: set[str]) -> bool:
    """Does ``claim`` name a source its quotes do not?  When every quote is attributed to a
    named third party ("Bloomberg reported that …" in another outlet's article), a claim
    that gives a source must give one of theirs, not swap in the outlet or anyone else
    ("The Danube Dispatch reported that …")."""
    sources = [names(str(getattr(f, "attribution", "") or "")) for f in stances]
    if not sources or not all(src - outlets for src in sources):
        return False
    return not (set().union(*sources) & names(claim))


HEDGED_SHARE_WORDS = 2
"""Content words a bare claim may take from a hedged quote (and from no plain cited quote)
before it counts as restating that quote: one shared word is topic, two are its claim."""


def takes_from_hedged(claim: str, quotes: Sequence[str], hedged: Sequence[bool], topic: str = "") -> bool:
    """Does ``claim`` restate what only a hedged or attributed quote says?

    With several cited quotes, some plain and some hedged ("The meeting was postponed [1]"
    and "one source said they had differing expectations [2]"), a claim that fuses them
    into "The meeting was postponed due to different expectations" carries the hedged
    quote's own words ("differ", "expect") with no hedge of its own.  Words the ``topic`` (the
    question, the headlines) already gives are not the hedged quote's claim: "Staff in Orrin
    complained before the firm bought boots" for "which staff complained before it bought
    boots?" repeats the question, not a hedged "it did not say when the boots were bought".
    """
    plain = frozenset().union(*(content_words(q) for q, h in zip(quotes, hedged, strict=True) if not h),
                              content_words(topic))
    own = content_words(claim)
    for quote, is_hedged in zip(quotes, hedged, strict=True):
        if is_hedged and len((content_words(quote) - plain) & own) >= HEDGED_SHARE_WORDS:
            return True
    return False


_CLOSED_ENDS = frozenset(
    """a an the and or but nor so yet of to in on at by for with from into onto upon over under about
    after before during since until than as via per among between against toward towards through
    according despite including amid whether because if that which who whom whose their its his her
    our your my is are was were be been has have had will would can could should may might must
    shall do does did""".split()
)
"""Closed-class words (articles, prepositions, conjunctions, determiners, auxiliaries) that an
English sentence cannot end on: "…spoke by phone on October 20, according to." is cut off."""

_AUX = frozenset(
    """is are was were am has have had do does did will would can could should may might must shall
    isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't can't
    couldn't shouldn't""".split()
)
"""Finite auxiliaries and modals: a clause with one of them has a finite verb."""
_PRONOUNS = frozenset("i you he she it we they who which that there".split())
_DETERMINERS = frozenset("a an the its their his her our your my this that these those no each every".split())


def dangling_end(claim: str) -> bool:
    """Does the sentence end on a word that needs something after it (preposition, article,
    conjunction, auxiliary), or on a comma/colon?"""
    text = re.sub(r"[\s.!?\"'”’)\]]+$", "", normalize(claim))
    if not text or text[-1] in ",;:-–—(":
        return True
    last = re.findall(r"[A-Za-z']+$", text)
    return bool(last) and last[0].casefold() in _CLOSED_ENDS


def unbalanced_quotes(claim: str) -> bool:
    """An opened quotation never closed (or closed never opened)."""
    text = normalize(claim)
    if text.count("“") != text.count("”"):
        return True
    return text.count('"') % 2 == 1


def has_finite_verb(claim: str) -> bool:
    """A form-based test for a finite verb (no tagger offline): an auxiliary or modal, a
    past form ("-ed" or irregular), a word in "-s" not right after a determiner
    ("Norvalia says", "it remains"), or a lower-case word right after a name, pronoun
    or plural ("Brant and Osk meet", "officials say").  Lenient by design: it rejects only clauses with
    none of these ("The postponement of the meeting in Velmar" has none; "Orsen's
    planned meeting" passes on "planned")."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", normalize(claim))
    prev = ""
    subject = False
    for word in words:
        low = word.casefold().replace("’", "'")
        if low in _AUX or low in IRREGULAR or low == "said":
            return True
        if len(low) > 3 and low.endswith("ed"):
            return True
        if (len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s"))
                and prev not in _DETERMINERS and not word[0].isupper()):
            return True
        if subject and not word[0].isupper() and low not in _CLOSED_ENDS and low not in _DETERMINERS:
            return True  # a word right after a name, pronoun or plural: "Brant and Osk meet"
        subject = (word[0].isupper() and low not in _DETERMINERS) or low in _PRONOUNS or (
            len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "'s")))
        prev = low
    return False


def _bare(text: str) -> str:
    return re.sub(r"[\s.!?]+$", "", text.strip())


def fragment(claim: str, quotes: Sequence[str] = ()) -> tuple[str, ...]:
    """Why ``claim`` is not a whole sentence: ``"fragment"`` when it ends on a dangling
    word, leaves a quotation open, or has no finite verb.  A claim that is a whole quote
    is the source's own sentence and is judged by its support only; a part of one (a
    compressed span) is checked like any other claim."""
    text = normalize(claim).strip()
    if any(_bare(text) == _bare(normalize(q)) for q in quotes):
        return ()
    if dangling_end(text) or unbalanced_quotes(text) or not has_finite_verb(text):
        return ("fragment",)
    return ()


PROMPT_NOUNS = re.compile(r"\b(?:the|this|these|those|that|each|both)\s+(?:provided\s+|given\s+|numbered\s+)?"
                          r"(quotes?|quotations?|passages?|excerpts?|snippets?)\b", re.I)
"""How a writer refers to the material it was handed ("the quote indicates", "these passages"):
the nouns the model's prompt uses for its evidence, after a determiner."""


def names_the_prompt(claim: str, quotes: Sequence[str] = ()) -> tuple[str, ...]:
    """``("meta",)`` when ``claim`` talks about the material it was given ("The quote indicates
    that ...", "According to the passages, ...") rather than about the news: a reader has no
    quote in front of them.  Not when a cited quote itself uses the noun ("the quote was
    attributed to a senator" is news about a quotation)."""
    found = {m.group(1).casefold().rstrip("s") for m in PROMPT_NOUNS.finditer(normalize(claim))}
    if not found:
        return ()
    used = {w.rstrip("s") for q in quotes for w in re.findall(r"[a-z]+", normalize(q).casefold())}
    return ("meta",) if found - used else ()


_MATERIAL = (r"(?:the\s+|these\s+|this\s+)?(?:provided\s+|given\s+|numbered\s+)?"
             r"(?:quotes?|quotations?|passages?|excerpts?|snippets?)")
PROMPT_OPENER = re.compile(
    r"(?:(?:based\s+on|according\s+to|from)\s+(?:the\s+information\s+(?:provided|given)\s+in\s+)?"
    + _MATERIAL + r"(?:\s+(?:provided|given))?\s*,\s*"
    + r"|" + _MATERIAL + r"\s+(?:indicates?|shows?|says?|states?|suggests?|mentions?)\s+(?:that\s+)?)",
    re.I)
"""A sentence's opening that points at the model's prompt ("Based on the quotes, ", "According to
the provided passages, ", "The quote indicates that "): the writer's reference to its material,
not to anything a report says."""
_SENTENCE_OPENING = re.compile(r"(^|[\].!?][\"'”’]?\s+)(" + PROMPT_OPENER.pattern + r")", re.I)


def without_prompt_opener(text: str) -> str:
    """``text`` (one or more sentences, markers allowed) with each sentence's opening that points at
    the prompt (:data:`PROMPT_OPENER`) removed and the next letter capitalised: "The quote indicates
    that Osk's aide said X [1]." -> "Osk's aide said X [1]."  What is left is verified as any
    sentence is; a prompt noun elsewhere in a sentence is still the verifier's ``"meta"``."""
    def cut(m: re.Match[str]) -> str:
        return m.group(1) + "\x00"
    out = _SENTENCE_OPENING.sub(cut, text)
    return re.sub("\x00(.)", lambda m: m.group(1).upper(), out).replace("\x00", "")


def supporting(
    claim: str, quotes: Sequence[str], sims: Sequence[float], allowed_extra: Iterable[str] = ()
) -> list[int]:
    """Indices of the quotes that support ``claim`` (per-citation support).

    A quote is kept when it supports the claim alone, or when the quotes together do and
    leaving it out breaks that (claims that combine two quotes keep both).
    """
    allowed = list(allowed_extra)
    alone = [i for i, q in enumerate(quotes) if check_support(claim, [q], sims[i], allowed).supported]
    if alone:
        return alone
    best = max(sims, default=0.0)
    if not check_support(claim, quotes, best, allowed).supported:
        return []
    needed = []
    for i in range(len(quotes)):
        rest = [q for j, q in enumerate(quotes) if j != i]
        rest_best = max((s for j, s in enumerate(sims) if j != i), default=0.0)
        if not rest or not check_support(claim, rest, rest_best, allowed).supported:
            needed.append(i)
    return needed or list(range(len(quotes)))


_YEAR = r"(?:1[89]|20)\d\d"
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})\b", re.I)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\b", re.I)


def quantities(text: str) -> dict[str, set[str]]:
    """Counted amounts by what they count: "at least 85 senators" -> ``{"senator": {"85"}}``.

    Only a number followed by the thing it counts is a quantity; years, dates and numbers
    inside names are not, so "the Act of 2025" never conflicts with "two fronts".
    """
    years = set(re.findall(rf"\b{_YEAR}\b", text))
    dated = [m.span(2) for m in _MONTH_DAY.finditer(text)]  # the day in "October 20"
    out: dict[str, set[str]] = {}
    words = r"[A-Za-z][A-Za-z'’\-]*"
    number_words = "|".join(NUMBER_WORDS)
    pattern = (rf"(?<![\w.])(\d[\d,]*(?:\.\d+)?|(?i:{number_words})\b)"
               rf"(?:\s*(%|percent\b|per\s+cent\b))?((?:\s+{words}){{0,3}})")
    for m in re.finditer(pattern, text):
        raw = m.group(1)
        if raw in years or any(start <= m.start(1) < end for start, end in dated):
            continue
        value = NUMBER_WORDS.get(raw.lower(), norm_number(raw))
        if m.group(2):
            out.setdefault("%", set()).add(value)
            continue
        scale = ""
        unit = None
        for word in m.group(3).split():
            low = word.lower()
            if low in SCALE_WORDS:
                scale += " " + low
                continue
            if low in STOPWORDS:
                break
            unit = stem(low)
            break
        if unit:
            out.setdefault(unit, set()).add(value + scale)
    return out
