"""Checks on text: support of a claim by quotes, hedge cues, conflicts, injected instructions.

No NLI model is available offline, so support combines MiniLM similarity with
lexical evidence: content-word recall and, strictly, the names, numbers and dates
of the claim, which must all occur in the cited quotes.  A claim that brings a new
name or number is unsupported however similar it sounds ("Lavrov said X" when no
quote has Lavrov saying anything is caught by the speaker check).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

STOPWORDS = frozenset(
    """a an the and or but if then else of to in on at by for with from into onto over under
    about after before during since until as than that this these those there here it its is
    are was were be been being am do does did doing done have has had having not no nor so
    too very can could should would may might must shall will just also only even still yet
    what which who whom whose when where why how whether all any both each few more most other
    some such own same i me my we our you your he him his she her they them their one ones
    s t up down out off again further once per via said says say tell told report reported
    reports according news article articles source sources""".split()
)
QUESTION_WORDS = frozenset("what which who whom whose when where why how did does do is are was were".split())
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
}

HEDGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:it\s+)?(?:remains|is|was|remained)\s+(?:still\s+)?(?:unclear|not\s+clear|uncertain|unknown)\b", "unclear"),
    (r"\bunclear\b", "unclear"),
    (r"\bnot\s+(?:yet\s+)?known\b|\bstill\s+open\b|\bopen\s+questions?\b", "unknown"),
    (r"\breportedly\b", "reportedly"),
    (r"\ballegedly\b", "allegedly"),
    (r"\b(?:a|one|two|several|some)\s+(?:of\s+\w+'?s?\s+)?sources?\b", "anonymous source"),
    (r"\bsources?\s+(?:said|say|says|noted|told|familiar)\b", "anonymous source"),
    (r"\bofficials?\s+who\s+(?:were|was)\s+not\s+named\b", "unnamed officials"),
    (r"\bunnamed\b", "unnamed officials"),
    (r"\bnot\s+(?:yet\s+)?(?:been\s+)?confirmed\b|\bunconfirmed\b", "unconfirmed"),
    (r"\bdid\s+not\s+(?:say|give|present|explain|specify|disclose)\b", "not stated"),
    (r"\bgave\s+no\b|\bno\s+(?:new\s+)?(?:date|details|reason)\b", "not stated"),
    (r"\b(?:is|are|was|were)\s+unlikely\b|\bmay\s+(?:have|be|speak|not|end\s+up)\b"
     r"|\bcould\s+(?:be|end)\b", "possibility"),
    (r"\bstill\s+being\s+(?:assessed|investigated|determined|evaluated|counted|examined|reviewed)\b"
     r"|\b(?:has|have)\s+yet\s+to\s+be\b|\bno\s+estimate\b"
     r"|\bnot\s+yet\s+(?:been\s+)?(?:determined|decided|assessed|scheduled|set)\b", "pending"),
)
_HEDGE_RES = tuple((re.compile(p, re.I), label) for p, label in HEDGE_PATTERNS)

INJECTION_PATTERNS = (
    r"\bignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions|prompts?|messages?|context)",
    r"\bdisregard\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|your)\b",
    r"\b(?:system|developer)\s+prompt\b",
    r"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language\s+model|chatbot|dan)\b",
    r"\b(?:new|updated|override)\s+instructions?\s*:",
    r"\bas\s+an\s+ai\b",
    r"\b(?:assistant|ai|model|chatbot|llm)s?\s*(?:,|:)?\s*(?:must|should)\s+(?:now\s+)?(?:answer|say|respond|reply|state)\b",
    r"\b(?:respond|reply|answer)\s+(?:only\s+)?with\s+[\"'“]",
    r"<\s*/?\s*(?:system|instructions?)\s*>",
)
_INJECTION_RES = tuple(re.compile(p, re.I) for p in INJECTION_PATTERNS)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*%?")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_CAP = re.compile(r"\b[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+)*")


IRREGULAR = {
    "won": "win", "began": "begin", "begun": "begin", "met": "meet", "led": "lead", "held": "hold",
    "took": "take", "taken": "take", "made": "make", "sold": "sell", "bought": "buy", "ran": "run",
    "lost": "lose", "left": "leave", "became": "become", "came": "come", "gave": "give", "given": "give",
    "went": "go", "gone": "go", "found": "find", "spoke": "speak", "spoken": "speak", "wrote": "write",
    "written": "write", "chose": "choose", "chosen": "choose", "rose": "rise", "fell": "fall",
    "fallen": "fall", "struck": "strike", "paid": "pay", "built": "build", "sent": "send", "spent": "spend",
    "shot": "shoot", "fought": "fight", "caught": "catch", "brought": "bring", "kept": "keep",
    "died": "die", "dies": "die", "dying": "die", "goes": "go",
}
"""Irregular past forms mapped to their base, so "who won" matches "wins" and "winner"."""


def stem(word: str) -> str:
    """A crude, deterministic stem: lower-case, strip possessives and common suffixes,
    map irregular past forms ("won" -> "win") and undouble a final consonant ("starring",
    "starred" -> "star")."""
    w = word.lower().replace("’", "'").strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if w in IRREGULAR:
        return IRREGULAR[w]
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "edly", "ied", "ies", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            base = w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            if suffix in ("ing", "ings", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            return base
    if len(w) == 4 and w.endswith("s") and w[-2] not in "suiy'" and w not in STOPWORDS:  # "wins" -> "win"
        return w[:-1]
    return w


def content_words(text: str) -> set[str]:
    """Stems of the words that carry meaning (no stop words, no question words)."""
    out: set[str] = set()
    for tok in _TOKEN.findall(text):
        low = tok.lower().replace("’", "'")
        if low in STOPWORDS or low in QUESTION_WORDS or len(low) < 2:
            continue
        out.add(stem(low) if not low[0].isdigit() else _norm_number(low))
    return out


def _norm_number(token: str) -> str:
    return token.rstrip("%.,").replace(",", "")


def numbers(text: str) -> set[str]:
    """Numbers in ``text`` (``500%`` -> ``500``, ``1,000`` -> ``1000``), plus spelled-out small ones."""
    found = {_norm_number(m) for m in _NUMBER.findall(text)}
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in NUMBER_WORDS:
            found.add(NUMBER_WORDS[word])
    return {n for n in found if n}


def names(text: str) -> set[str]:
    """Capitalised words that are not sentence-initial function words, lower-cased."""
    out: set[str] = set()
    for match in _CAP.finditer(text):
        for word in match.group(0).split():
            low = stem(word)
            if low in STOPWORDS or low in QUESTION_WORDS or low in MONTHS or len(low) < 2:
                continue
            out.add(low)
    return out


def hedges(sentence: str) -> list[str]:
    """Labels of the hedge cues in ``sentence`` ("unclear", "reportedly", ...)."""
    labels: list[str] = []
    for regex, label in _HEDGE_RES:
        if regex.search(sentence) and label not in labels:
            labels.append(label)
    return labels


def looks_like_injection(text: str) -> bool:
    """True when article text addresses an AI system with instructions."""
    return any(r.search(text) for r in _INJECTION_RES)


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
) -> SupportCheck:
    """Is ``claim`` supported by ``quotes``?

    ``similarity`` is the best embedding cosine between the claim and a quote.
    ``allowed_extra`` holds text whose names may appear in the claim without a quote
    (the outlets and titles of the cited articles, the question).
    """
    joined = " ".join(quotes)
    extra = " ".join(allowed_extra)
    quote_words = content_words(joined)
    claim_words = content_words(claim)
    recall = len(claim_words & quote_words) / len(claim_words) if claim_words else 1.0
    quote_numbers = numbers(joined)
    missing_numbers = sorted(numbers(claim) - quote_numbers - numbers(extra))
    quote_names = names(joined) | content_words(joined) | names(extra) | content_words(extra)
    missing_names = sorted(names(claim) - quote_names)
    missing = tuple(missing_numbers + missing_names)
    supported = not missing and (similarity >= min_similarity or recall >= min_recall)
    return SupportCheck(supported, float(similarity), float(recall), missing)


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarities of unit-length rows."""
    if a.size == 0 or b.size == 0:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    return a @ b.T


@dataclass(frozen=True)
class Conflict:
    """Two evidence sentences from different articles that disagree on a value."""

    first: int
    second: int
    kind: str
    """"number", "date" or "negation"."""
    detail: str


def find_conflicts(
    sentences: Sequence[str], article_ids: Sequence[str], vectors: np.ndarray,
    min_similarity: float = 0.6,
) -> list[Conflict]:
    """Pairs of similar sentences (same subject) from different articles with different values.

    Similar sentences that state different numbers or dates for the same thing, or
    where one negates what the other asserts, are reported.
    """
    conflicts: list[Conflict] = []
    sims = cosine_matrix(vectors, vectors)
    for i in range(len(sentences)):
        for j in range(i + 1, len(sentences)):
            if article_ids[i] == article_ids[j] or sims[i, j] < min_similarity:
                continue
            a, b = sentences[i], sentences[j]
            shared = content_words(a) & content_words(b)
            if len(shared) < 3:
                continue
            qa, qb = quantities(a), quantities(b)
            ya, yb = free_years(a), free_years(b)
            da, db = _dates(a), _dates(b)
            clash = sorted(u for u in qa.keys() & qb.keys() if not (qa[u] & qb[u]))
            if da and db and da != db and not (da & db):
                conflicts.append(Conflict(i, j, "date", f"{_fmt(da)} vs {_fmt(db)}"))
            elif ya and yb and not (ya & yb):
                conflicts.append(Conflict(i, j, "year", f"{_fmt(ya)} vs {_fmt(yb)}"))
            elif clash:
                unit = clash[0]
                conflicts.append(Conflict(i, j, "number", f"{_fmt(qa[unit])} vs {_fmt(qb[unit])} ({unit})"))
            elif _negated(a) != _negated(b) and sims[i, j] >= 0.9:
                conflicts.append(Conflict(i, j, "negation", "one report denies what the other states"))
    return conflicts


_YEAR = r"(?:1[89]|20)\d\d"
_NAMED_YEAR = re.compile(rf"\b([A-Z][\w'’\-]*)\s+(?:of\s+)?({_YEAR})\b")
_SCALE = frozenset("million millions billion billions trillion thousand thousands hundred hundreds".split())
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2})\b", re.I)
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\b", re.I)


def name_bound_years(text: str) -> set[str]:
    """Years that are part of a name, not a date: "the Sanctioning Russia Act of 2025", "Euro 2024"."""
    out = set()
    for m in _NAMED_YEAR.finditer(text):
        word = m.group(1).lower()
        if word not in STOPWORDS and word not in MONTHS and word not in QUESTION_WORDS:
            out.add(m.group(2))
    return out


def without_named_years(text: str) -> str:
    """``text`` with name-bound years blanked, so they are not read as dates."""
    named = name_bound_years(text)
    if not named:
        return text
    return re.sub(rf"\b(?:{'|'.join(sorted(named))})\b", " ", text)


def free_years(text: str) -> set[str]:
    """Years used as dates ("in 2019"), not those inside names."""
    return set(re.findall(rf"\b{_YEAR}\b", text)) - name_bound_years(text)


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
        value = NUMBER_WORDS.get(raw.lower(), _norm_number(raw))
        if m.group(2):
            out.setdefault("%", set()).add(value)
            continue
        scale = ""
        unit = None
        for word in m.group(3).split():
            low = word.lower()
            if low in _SCALE:
                scale += " " + low
                continue
            if low in STOPWORDS:
                break
            unit = stem(low)
            break
        if unit:
            out.setdefault(unit, set()).add(value + scale)
    return out


def _dates(text: str) -> set[str]:
    found = set()
    for m in _MONTH_DAY.finditer(text):
        found.add(f"{m.group(1)[:3].lower()} {int(m.group(2))}")
    for m in _DAY_MONTH.finditer(text):
        found.add(f"{m.group(2)[:3].lower()} {int(m.group(1))}")
    return found


def _negated(text: str) -> bool:
    return bool(re.search(r"\b(?:not|no|never|denied|denies|deny|false)\b|n't\b", text, re.I))


def _fmt(values: set[str]) -> str:
    return ", ".join(sorted(values))
