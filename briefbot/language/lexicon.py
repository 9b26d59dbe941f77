"""General English: which words the language writes in lower case.

The corpus gazetteer (:mod:`briefbot.language.gazetteer`) decides what is a name from how the
articles write a word.  Two cases leave it without information:

* a question typed with no capitals ("what did greta lind say") naming something the
  articles never mention — the corpus has no casing for a word it never uses;
* a word the articles use only at the start of sentences ("Acme declined to
  comment"), where a capital says nothing.

For those words only, general English decides: a word that the dictionary lists in
lower case ("year", "fled", "layoff", "broadcaster") is a common word; one it lists only
capitalised ("Oslo", "Greta", "European") or not at all is taken for a name.

The dictionary is Webster's Second (``web2``, public domain, ~236,000 headwords with
their casing), shipped inside the ``english-words`` package.  Headwords are base forms,
so words are compared by their Snowball stems (``delayed`` -> ``delay``).  Loaded once
per process (~0.3 s), on first use.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer

from briefbot.language.text import IRREGULAR, STOPWORDS, fold, stem

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _common_stems() -> frozenset[str]:
    """Stems of the dictionary's lower-case headwords (empty when the word list is missing)."""
    try:
        from english_words import get_english_words_set
    except ImportError:  # pragma: no cover - a declared dependency; degrade to "no general English"
        return frozenset()
    with _lock:
        words = [w for w in get_english_words_set(["web2"], alpha=True) if w[:1].islower()]
    return frozenset(Stemmer.Stemmer("english").stemWords(words)) | frozenset(words)


def is_common_word(word: str) -> bool:
    """Does English write ``word`` in lower case (by its stem)?  Names and unknown words: False;
    everything True when the word list is not installed (the name rules then fall back to
    capitals and the corpus alone)."""
    low = fold(word).strip("'-")
    if low.endswith("'s"):
        low = low[:-2]
    if not low.isalpha():
        return True  # numbers and mixed tokens are not names by this test
    common = _common_stems()
    if not common:
        return True  # no word list installed: call nothing a name by this test (capitals and the corpus still do)
    return low in common or IRREGULAR.get(low, low) in common or stem(low) in common


def available() -> bool:
    """Is the general-English word list installed?"""
    return bool(_common_stems())


VOWELS = frozenset("aeiou")


def consonants(word: str) -> str:
    """``word`` without its vowels after the first letter, doubled letters once ("people" -> "ppl",
    "message" -> "msg", "government" -> "gvrnmnt")."""
    out = word[:1]
    for prev, ch in zip(word, word[1:], strict=False):
        if ch not in VOWELS and ch != prev:
            out += ch
    return out


def abbreviates(short: str, word: str) -> bool:
    """Is ``short`` a vowel-dropped abbreviation of ``word`` — the way casual writing shortens
    words ("ppl" people, "msg" message, "govt" government, "bldg" building, "yrs" years)?

    A general rule of English spelling, not a word list: ``short`` has no vowel, is no word of
    its own (:func:`is_common_word`), and its letters are ``word``'s consonants in order, with
    the same first two and last letter; the unmatched consonants are fewer than the matched
    ones (so "ppl" is not "popularly" nor "purple")."""
    s, w = fold(short), fold(word)
    if len(s) < 2 or len(w) <= len(s) or not s.isalpha() or set(s) & VOWELS or is_common_word(s):
        return False
    skeleton = consonants(w.removesuffix("s") if s[-1] != "s" else w)
    if not skeleton or s[:2] != skeleton[:2] or s[-1] != skeleton[-1] or len(skeleton) - len(s) >= len(s):
        return False
    it = iter(skeleton)
    return all(ch in it for ch in s)


@lru_cache(maxsize=1)
def _lower_words_by_start() -> dict[str, tuple[str, ...]]:
    """The dictionary's lower-case headwords grouped by the first two letters of their consonant
    skeleton (:func:`consonants`: "people" under "pp"), built once."""
    try:
        from english_words import get_english_words_set
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    groups: dict[str, list[str]] = {}
    with _lock:
        words = [w for w in get_english_words_set(["web2"], alpha=True) if w[:1].islower()]
    for w in words:
        groups.setdefault(consonants(w)[:2], []).append(w)
    return {k: tuple(v) for k, v in groups.items()}


@lru_cache(maxsize=4096)
def abbreviates_a_word(short: str) -> bool:
    """Is ``short`` a vowel-dropped abbreviation (:func:`abbreviates`) of some lower-case English
    word ("ppl" of "people", "govt" of "government")?  Then a question typed without capitals that
    uses it names no one: it is that word, even when the evidence says it in other words
    ("passengers" for "ppl")."""
    s = fold(short)
    if len(s) < 2 or not s.isalpha() or set(s) & VOWELS:
        return False
    return any(abbreviates(s, w) for w in _lower_words_by_start().get(s[:2], ()))


MIN_CLIPPING = 5
"""Letters a clipped word keeps at least ("intel" of "intelligence", "pharma" of "pharmaceutical"):
shorter starts ("mark" of "market", "ivor" of "ivory") are as often names as clippings."""


def clips(short: str, word: str) -> bool:
    """Is ``short`` a clipping of ``word`` — its first letters, the way casual writing shortens a
    long word ("intel" intelligence, "pharma" pharmaceutical)?

    A general rule of English word formation, not a word list: ``short`` has at least
    :data:`MIN_CLIPPING` letters and is no English word of its own, ``word`` is a lower-case
    English word (:func:`is_common_word`) that starts with it and is at least three letters longer."""
    s, w = fold(short), fold(word)
    return (len(s) >= MIN_CLIPPING and s.isalpha() and len(w) >= len(s) + 3 and w.startswith(s)
            and not is_common_word(s) and is_common_word(w))


PARTICLES = ("out", "off", "up", "down", "over", "back", "away")
"""The adverb particles English builds nouns from phrasal verbs with ("pay out" → "payout",
"lay off" → "layoff", "shut down" → "shutdown", "take over" → "takeover"): a closed class."""


def phrasal_base(word: str) -> str | None:
    """The verb of a noun made from a phrasal verb ("payout" → "pay", "layoffs" → "lay",
    "shut-offs" → "shut", "walkout" → "walk"), else None.

    A general rule of English word formation, not a word list: ``word`` (a plural ``s`` and a
    hyphen dropped) is a common English word (:func:`is_common_word`) of at least three letters
    followed by one of :data:`PARTICLES`.  Used where a question word is looked for in the
    evidence: an article that says the verb ("agreed to pay compensation") says the noun."""
    w = fold(word).replace("-", "")
    w = w[:-1] if w.endswith("s") and not w.endswith("ss") else w
    for particle in PARTICLES:
        base = w.removesuffix(particle)
        if base != w and len(base) >= 3 and base.isalpha() and base not in STOPWORDS and is_common_word(base):
            return base
    return None


HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")
"""A compound written with hyphens ("yo-yo", "co-workers", "shut-offs")."""


def joined_compounds(text: str) -> frozenset[str]:
    """The hyphenated compounds of ``text`` written as one word, folded ("yo-yo" → "yoyo",
    "co-workers" → "coworkers"): the way a reader types them.  A question word equal to one
    of them is the same word, whatever the tokens of either side ("yo" alone is no word).
    A general rule of English spelling, not a word list."""
    return frozenset(fold(m.group(0)).replace("-", "") for m in HYPHENATED.finditer(text))
