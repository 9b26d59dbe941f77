"""The one text toolkit: normalise, fold, tokenise, stem — the same way everywhere.

Every matching decision in briefbot (question words vs. sentence words, names, numbers,
dates, BM25 terms) goes through these functions, so a question typed in lower case,
with an ASCII hyphen instead of an en dash, a straight instead of a curly apostrophe,
or a slash between two names, yields exactly the same tokens as the article's text.

* :func:`normalize` — Unicode NFKC, dashes/quotes/slashes folded to ASCII.
* :func:`fold` — :func:`normalize` + casefold: the form used for matching.
* :func:`tokens` — words and numbers; joined names ("Hale-Moreno", "Hale/Moreno")
  split into their parts; possessives dropped.
* :func:`stem` — Snowball English (PyStemmer, the stemmer bm25s uses) with a small
  table of irregular verb forms ("won" -> "win"), so "who won" matches "wins".
* :data:`STOPWORDS` — the one stop-word list, shared by the rules and BM25.
* :data:`MONTHS`, :data:`WEEKDAYS`, :data:`NUMBER_WORDS` — the one calendar/number vocabulary.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_FOLD_TABLE = str.maketrans(
    {
        **{d: "-" for d in DASHES},
        **{q: "'" for q in "\u2018\u2019\u201a\u201b\u2032\u02bc"},
        **{q: '"' for q in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"},
        "\u2044": "/",
        "\u2215": "/",
        "\u00a0": " ",
    }
)

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
"""Words that carry no topic.  Shared by the rules and the BM25 index (via :func:`bm25_terms`)."""

QUESTION_WORDS = frozenset("what which who whom whose when where why how did does do is are was were".split())

MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
MONTH_NUMBER = {m: (i % 12) + 1 for i, m in enumerate(MONTHS[:12])} | {
    m: n for m, n in zip(MONTHS[12:], (1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12), strict=True)
}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
RELATIVE_DAYS = "today yesterday tomorrow tonight".split()
PERIOD_SHIFT = {"last": -1, "this": 0, "next": 1}
"""The words that place a named period relative to the report's own, and by how many periods
("last year": one back).  One source for every relative-date pattern (:data:`SHIFT`)."""
SHIFT = "(?:" + "|".join(PERIOD_SHIFT) + ")"
"""Pattern text: one of :data:`PERIOD_SHIFT`'s words ("last" / "this" / "next" + a period)."""
NEAR_SHIFT = rf"(?:(?:later|earlier)\s+this|{SHIFT[3:-1]})"
"""Pattern text: :data:`SHIFT` or "later this" / "earlier this" ("later this month")."""
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
}
SCALE_WORDS = frozenset("million millions billion billions trillion thousand thousands hundred hundreds".split())

IRREGULAR = {
    "won": "win", "began": "begin", "begun": "begin", "met": "meet", "led": "lead", "held": "hold",
    "took": "take", "taken": "take", "made": "make", "sold": "sell", "bought": "buy", "ran": "run",
    "lost": "lose", "left": "leave", "became": "become", "came": "come", "gave": "give", "given": "give",
    "went": "go", "gone": "go", "found": "find", "spoke": "speak", "spoken": "speak", "wrote": "write",
    "written": "write", "chose": "choose", "chosen": "choose", "rose": "rise", "fell": "fall",
    "fallen": "fall", "struck": "strike", "paid": "pay", "built": "build", "sent": "send", "spent": "spend",
    "shot": "shoot", "fought": "fight", "caught": "catch", "brought": "bring", "kept": "keep",
    "died": "die", "dies": "die", "dying": "die", "goes": "go", "winner": "win", "winners": "win",
}
"""Irregular forms mapped to their base before stemming (grammar, not a case list)."""

TOKEN_CAP = 64
"""The longest run of one kind of character (a word, a number with its separators) a pattern
reads as one token.  Patterns over untrusted text bound their repeated parts by it
(``[\\d,.]{0,TOKEN_CAP}`` rather than ``[\\d,.]*``), so a match attempt at each position
costs at most ~TOKEN_CAP steps and a 10,000-digit run is read in linear time (issue 21, N3);
a longer run is read by its last TOKEN_CAP characters.  No real word or figure is this long
(the longest English dictionary words have ~45 letters; 10^63 is past any reported amount)."""

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d[\d,]*(?:\.\d+)?%?")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"(\[]\s*)$")

_local = threading.local()


def normalize(text: str) -> str:
    """NFKC with dashes, quotes and fraction slashes folded to ASCII (lengths may change)."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD_TABLE)


QUESTION_FRAMING = re.compile(r"^\s*(?:do|does)\s+(?:we|you|they|the\s+\w+)\s+know\s+(?:if|whether|)\s*", re.I)
"""'Do we know why …' / 'Do we know if …' frames the real question."""


def question_form(text: str) -> str:
    """The one form a question is embedded and searched in: :func:`normalize`-d (dashes,
    quotes), without a "Do we know …" frame, spaces collapsed, closed by one "?".
    ("Hale-Moreno" and "Hale–Moreno", with or without "?", embed alike; MiniLM ignores
    case itself.)  A text with a "?" inside (a follow-up with its context) keeps its end."""
    core = " ".join(QUESTION_FRAMING.sub("", normalize(text).strip()).split()) or " ".join(text.split())
    return core if "?" in core.rstrip("?") else core.rstrip(" .!?") + "?"


def fold(text: str) -> str:
    """The matching form: :func:`normalize` + casefold."""
    return normalize(text).casefold()


def _stemmer() -> Stemmer.Stemmer:
    st = getattr(_local, "stemmer", None)
    if st is None:  # PyStemmer objects are not thread-safe: one per thread
        st = _local.stemmer = Stemmer.Stemmer("english")
    return st


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The matching stem of one word: folded, possessive dropped, irregular form mapped, Snowball."""
    w = fold(word).strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if not w or w[0].isdigit():
        return norm_number(w)
    w = IRREGULAR.get(w, w)
    return _stemmer().stemWord(w)


def norm_number(token: str) -> str:
    """``1,000`` -> ``1000``, ``500%`` -> ``500``."""
    return token.rstrip("%.,").replace(",", "")


def raw_tokens(text: str) -> list[tuple[str, int]]:
    """``(token, start)`` over :func:`normalize`-d text: words (joined names split on - / and
    whitespace) and numbers."""
    return [(m.group(0), m.start()) for m in _WORD.finditer(normalize(text))]


def tokens(text: str) -> list[str]:
    """Folded tokens of ``text`` (possessives dropped)."""
    out = []
    for tok, _ in raw_tokens(text):
        low = tok.casefold()
        if low.endswith("'s"):
            low = low[:-2]
        out.append(low)
    return out


@lru_cache(maxsize=100_000)
def content_words(text: str) -> frozenset[str]:
    """Stems of the words that carry meaning (no stop words, no question words)."""
    out: set[str] = set()
    for low in tokens(text):
        if low in STOPWORDS or low in QUESTION_WORDS or len(low) < 2:
            continue
        out.add(stem(low))
    return frozenset(out)


def bm25_terms(text: str) -> list[str]:
    """BM25 terms: the same tokens, stop words and stems as :func:`content_words` (with repeats)."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS and len(t) >= 2]


def is_sentence_start(text: str, pos: int) -> bool:
    """Is ``pos`` the first word of a sentence, line or quotation (capitals there are not names)?"""
    return bool(_SENTENCE_START.search(text[max(0, pos - 4):pos])) or pos == 0


@lru_cache(maxsize=100_000)
def names(text: str) -> frozenset[str]:
    """Stems of the capitalised words of ``text`` that are not sentence-initial function words
    or months.  (Names typed without capitals are found by :mod:`briefbot.language.gazetteer`.)"""
    norm = normalize(text)
    out: set[str] = set()
    for m in _WORD.finditer(norm):
        word = m.group(0)
        if not word[0].isupper():
            continue
        s = stem(word)
        low = word.casefold()
        if low in STOPWORDS or low in QUESTION_WORDS or low in MONTHS or len(s) < 2:
            continue
        if low in WEEKDAYS:
            continue
        out.add(s)
    return frozenset(out)


@lru_cache(maxsize=100_000)
def numbers(text: str) -> frozenset[str]:
    """Numbers in ``text`` (``500%`` -> ``500``, ``1,000`` -> ``1000``), plus spelled-out small ones."""
    norm = normalize(text)
    found = {norm_number(m) for m in _NUMBER.findall(norm)}
    for word in re.findall(r"[a-z]+", norm.casefold()):
        if word in NUMBER_WORDS:
            found.add(NUMBER_WORDS[word])
    return frozenset(n for n in found if n)


_MONTH_ALT = "|".join(MONTHS)
MONTH_DAY = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})\b(?!\s*(?:%|percent))", re.I)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_ALT})\b", re.I)
YEAR = r"(?:1[89]|20)\d\d"
CALENDAR_CUE = re.compile(rf"\b(?:\d{{4}}|{_MONTH_ALT}|{'|'.join(WEEKDAYS)})\b", re.I)
"""A date on the calendar: a year, a month or a weekday."""
RELATIVE_PERIOD = re.compile(rf"\b(?:{'|'.join(RELATIVE_DAYS)}|week|month|year)\b", re.I)
"""A period counted from the report's own day ("this week", "yesterday", "last month")."""
DATE_CUE = re.compile(f"{CALENDAR_CUE.pattern}|{RELATIVE_PERIOD.pattern}", re.I)
FUTURE_CUE = re.compile(
    r"\b(?:will|shall|plans?|planned|planning|scheduled|expected|due\s+to|set\s+to|going\s+to|"
    r"intends?|next|upcoming|coming|later|tomorrow|within)\b", re.I
)
"""Words that put a statement in the future: a relative period in such a sentence can date an
event still to come ("will vote next week"); elsewhere it dates the report ("Reports this
week point to delays")."""


@lru_cache(maxsize=100_000)
def day_dates(text: str) -> frozenset[str]:
    """Calendar days named in ``text`` as ``"oct 20"`` (month abbreviation + day)."""
    norm = normalize(text)
    found = set()
    for m in MONTH_DAY.finditer(norm):
        found.add(f"{m.group(1)[:3].lower()} {int(m.group(2))}")
    for m in DAY_MONTH.finditer(norm):
        found.add(f"{m.group(2)[:3].lower()} {int(m.group(1))}")
    return frozenset(found)


def mask_names(text: str, name_stems: frozenset[str] | set[str]) -> str:
    """``text`` without the words whose stem is one of ``name_stems`` (what is said, not who)."""
    kept = [tok for tok, _ in raw_tokens(text) if stem(tok) not in name_stems]
    return " ".join(kept)
