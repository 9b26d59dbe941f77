"""The entity gazetteer: which words the corpus itself writes as names.

A question typed in lower case ("why was the hale-moreno meeting postponed") has no
capitals to find its names by.  The articles do: at ingest, every word's occurrences
are counted — capitalised in the middle of a sentence, or lower case — and a word
is a *name* when the corpus writes it capitalised at least :data:`NAME_SHARE` of the
time, or — for a word it writes only at the start of sentences, where a capital says
nothing — when general English does not write it in lower case (:mod:`briefbot.language.lexicon`).
How often a capitalised word *stands alone* (no determiner, no capitalised word before
it) tells people from institutions: a surname does ("Carter said"), the head of an
institution's or a law's name does not ("the Senate", "White House", "the Act").
Joined names ("Hale–Moreno", "Hale/Moreno", "Hale and Moreno") and
possessives ("Hale's") resolve to their parts because :func:`briefbot.language.text.tokens`
splits and folds them the same way for questions and articles.

Stored as JSON next to the index (``entities-<collection>.json``), one entry of counts
per article with its content hash, so ingest and delete update it incrementally and
:meth:`Gazetteer.sync` repairs it after a crash or another process's write.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from briefbot.language.lexicon import is_common_word
from briefbot.language.text import (
    MONTHS,
    QUESTION_WORDS,
    STOPWORDS,
    WEEKDAYS,
    is_sentence_start,
    normalize,
    raw_tokens,
    stem,
)

CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)

NAME_SHARE = 0.5
"""A word is a name when at least this share of its mid-sentence occurrences are capitalised.
Calibrated on corpus/: people, places and organisations score 0.9-1.0; ordinary words
that open headlines or follow names ("House", "Act") stay far apart from common
words (< 0.1), so any cut between 0.3 and 0.7 gives the same names."""
VERSION = 5
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def _word(token: str) -> str:
    """The folded word form counted for ``token`` (possessive dropped)."""
    return token.casefold().removesuffix("'s")


def count_words(text: str) -> dict[str, list[int]]:
    """``{word: [capitalised, lower-case]}`` over mid-sentence occurrences in ``text``, by
    folded word form ("senators" and "Senate" are counted apart: one stem, two words)."""
    norm = normalize(text)
    counts: dict[str, list[int]] = {}
    for tok, start in raw_tokens(norm):
        if tok[0].isdigit() or len(tok) < 2:
            continue
        low = _word(tok)
        if low in STOPWORDS or low in QUESTION_WORDS or low in CALENDAR or len(low) < 2:
            continue  # months and weekdays are capitalised but are dates, not names
        entry = counts.setdefault(low, [0, 0])
        if not is_sentence_start(norm, start):  # a sentence's first word is known, but its case tells nothing
            entry[0 if tok[0].isupper() else 1] += 1
    return counts


def _is_name(cap: int, total: int, word: str) -> bool:
    """Capitalised at least :data:`NAME_SHARE` of the time mid-sentence — or, seen only at
    sentence starts, not a word English writes in lower case."""
    return (cap > 0 and cap / total >= NAME_SHARE) or (total == 0 and not is_common_word(word))


def count_alone(text: str) -> dict[str, int]:
    """``{word: n}``: capitalised mid-sentence occurrences that stand alone — neither after a
    determiner nor right after another capitalised word ("Carter said", "told Moreno"; not
    "the Senate", "White House", "Foreign Ministry")."""
    norm = normalize(text)
    toks = raw_tokens(norm)
    out: dict[str, int] = {}
    for i, (tok, start) in enumerate(toks):
        if not tok[0].isupper() or is_sentence_start(norm, start) or tok.casefold() in CALENDAR:
            continue
        prev, pstart = toks[i - 1] if i else ("", 0)
        joined = norm[pstart + len(prev):start].strip() in ("", "-", "/")
        if prev.casefold() in DETERMINERS or (joined and prev[:1].isupper()):
            continue
        out[_word(tok)] = out.get(_word(tok), 0) + 1
    return out


@dataclass
class Gazetteer:
    """Per-article word counts and the names they imply."""

    articles: dict[str, dict] = field(default_factory=dict)
    """article id -> {"hash": content hash, "counts": {word: [cap, lower]}, "alone": {word: n}}"""
    _words: dict[str, bool] | None = None
    _stems: frozenset[str] | None = None
    _vocabulary: frozenset[str] | None = None
    _alone: dict[str, tuple[int, int]] | None = None
    _capital: dict[str, tuple[int, int]] | None = None

    # ------------------------------------------------------------- queries
    def _tables(self) -> tuple[dict[str, bool], frozenset[str]]:
        """({word: is it a name}, stems of the names) over the whole corpus, once per change."""
        if self._words is None or self._stems is None:
            cap: Counter[str] = Counter()
            total: Counter[str] = Counter()
            for entry in self.articles.values():
                for word, (c, lower) in entry["counts"].items():
                    cap[word] += c
                    total[word] += c + lower
            self._words = {w: _is_name(cap[w], total[w], w) for w in total}
            self._stems = frozenset(stem(w) for w, name in self._words.items() if name)
        return self._words, self._stems

    @property
    def names(self) -> frozenset[str]:
        """Stems of the words the corpus writes as names."""
        return self._tables()[1]

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every stem the corpus uses (names or not)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(stem(w) for w in self._tables()[0])
        return self._vocabulary

    def alone_share(self, word: str) -> float | None:
        """Share of the corpus's capitalised mid-sentence uses of ``word`` that stand alone
        (:func:`count_alone`); None when the corpus never writes it so."""
        if self._alone is None:
            alone: dict[str, tuple[int, int]] = {}
            for entry in self.articles.values():
                for w, (c, _) in entry["counts"].items():
                    if c:
                        n, total = alone.get(w, (0, 0))
                        alone[w] = (n + entry.get("alone", {}).get(w, 0), total + c)
            self._alone = alone
        n, total = self._alone.get(_word(word), (0, 0))
        return n / total if total else None

    def capital_share(self, word: str) -> float | None:
        """Share of the corpus's mid-sentence uses of ``word`` that are capitalised; None when
        the corpus never writes it mid-sentence.  A name's parts score near 1 ("Varga", "Jong");
        a common word that headlines capitalise much less ("Secret", "Golf", "Bill")."""
        if self._capital is None:
            table: dict[str, tuple[int, int]] = {}
            for entry in self.articles.values():
                for w, (c, lower) in entry["counts"].items():
                    cap, total = table.get(w, (0, 0))
                    table[w] = (cap + c, total + c + lower)
            self._capital = table
        cap, total = self._capital.get(_word(word), (0, 0))
        return cap / total if total else None

    def resolve(self, text: str) -> frozenset[str]:
        """Stems of the words of ``text`` that are corpus names, whatever their case: a word the
        corpus uses is judged by how the corpus writes that very word ("senators" is not a
        name though "Senate" is); another form of a name ("Moreno's") by its stem."""
        words, stems = self._tables()
        out = set()
        for tok, _ in raw_tokens(text):
            low = _word(tok)
            if words.get(low, stem(tok) in stems):
                out.add(stem(tok))
        return frozenset(out)

    def unseen_names(self, text: str) -> frozenset[str]:
        """Stems of the words of ``text`` that the corpus never uses and English does not write
        in lower case ("oslo", "greta"): names the corpus does not know.

        Only meant for text without capitals, where nothing else tells a name; a word
        English writes in lower case ("year", "fled", "layoffs") is never one.  Empty when
        the corpus is empty (then every word would be unseen)."""
        vocabulary = self.vocabulary
        if not vocabulary:
            return frozenset()
        out = set()
        for tok, _ in raw_tokens(text):
            low = tok.casefold().removesuffix("'s")
            if len(low) < 3 or not low.isalpha() or low in STOPWORDS or low in QUESTION_WORDS or low in CALENDAR:
                continue
            s = stem(tok)
            if s not in vocabulary and not is_common_word(tok):
                out.add(s)
        return frozenset(out)

    # ------------------------------------------------------------- updates
    def add(self, article_id: str, content_hash: str, text: str) -> None:
        self.articles[article_id] = {"hash": content_hash, "counts": count_words(text), "alone": count_alone(text)}
        self._words = self._stems = self._vocabulary = self._alone = self._capital = None

    def remove(self, article_ids: Iterable[str]) -> None:
        for a in article_ids:
            self.articles.pop(a, None)
        self._words = self._stems = self._vocabulary = self._alone = self._capital = None

    def stale(self, hashes: Mapping[str, str]) -> tuple[list[str], list[str]]:
        """(articles to (re)count, articles to forget) against the stored content hashes."""
        todo = [a for a, h in hashes.items() if self.articles.get(a, {}).get("hash") != h]
        gone = [a for a in self.articles if a not in hashes]
        return todo, gone

    # ------------------------------------------------------------- storage
    def save(self, path: Path) -> None:
        """Write atomically (temp file + rename), so readers never see half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps({"version": VERSION, "articles": self.articles}))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """The stored gazetteer, or an empty one when the file is missing, old or unreadable."""
        try:
            state = json.loads(path.read_text())
        except (OSError, ValueError):
            return cls()
        if not isinstance(state, dict) or state.get("version") != VERSION:
            return cls()
        return cls(dict(state.get("articles") or {}))
