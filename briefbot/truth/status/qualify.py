"""Qualifier binding: the clause that answers must carry what the question pins down.

"Who won the cup in 2018", "when did the first season premiere", "what was the revenue in Q2":
the question picks one event of a series by a year, an ordinal or edition, a series number or
a quarter (:mod:`briefbot.language.clauses`).  A sentence on the story's topic often has a
filler of the slot for *another* event of the series, with the asked qualifier somewhere else in
the sentence ("Ada Holm won the final on Saturday, … since 2018") or not at all.  So a filler
counts only when its own clause (:func:`~briefbot.language.clauses.clause`, with the clauses that
describe it) —

* carries each asked qualifier, or the sentence states none of that kind: silent on an ordinal or
  series number; for a year, its report dates it — the published date, else the years its article
  names elsewhere (an undated passage's date line): another year, or no year at all, and the
  sentence does not answer for the asked year;
* never carries a contradicting one (another year, another number for the asked noun);
* and a qualifier the sentence states only outside that clause binds another event.

The fillers are read per slot kind (:func:`filler_tokens`): dates for *when*, new names for
*who*, figures for counts and amounts, otherwise the words that say the asked predicate.  A
sentence with no filler token at all is judged as a whole (its years and marks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefbot.language.clauses import asked_marks, attached_clauses, clause, qualifier_marks, years_at
from briefbot.language.parse import AGENT_TYPES, Parsed, parse
from briefbot.language.text import STOPWORDS, fold, stem, tokens

DATE_TYPES = frozenset({"DATE", "TIME"})
YEAR_IN_TEXT = re.compile(r"\b(?:1[89]|20)\d\d\b")
FIGURE_TYPES = frozenset({"MONEY", "CARDINAL", "PERCENT", "QUANTITY"})


@dataclass(frozen=True)
class Qualifiers:
    """What a question pins its event down by: years, and per noun the numbers that pick it."""
    years: frozenset[str]
    marks: dict[str, frozenset[int]]

    def __bool__(self) -> bool:
        return bool(self.years or self.marks)


def question_qualifiers(question: str, years: Iterable[str]) -> Qualifiers:
    """The qualifiers of ``question`` ("when did the first season premiere" → season: {1};
    "revenue in Q2 2020" → 2020 and quarter: {2})."""
    return Qualifiers(frozenset(years), asked_marks(parse(question)))


def filler_tokens(p: Parsed, kind: str | None, known: frozenset[str], asked: Iterable[str]) -> list[int]:
    """Where the slot's filler may sit: dates (*when*), names the question does not give (*who*),
    figures (counts, amounts), else the words saying an asked word (verbs first)."""
    if kind == "when":  # a date, not a qualifier the parser reads as one ("a first season")
        marked = {m.at for m in qualifier_marks(p)}
        inside = {i for e in p.entities if marked & set(range(e.start, e.end)) for i in range(e.start, e.end)}
        return [i for i, t in enumerate(p.tokens) if t.ent in DATE_TYPES and i not in inside]
    if kind == "who":
        return [i for e in p.entities if e.label in AGENT_TYPES
                and not {stem(w) for w in tokens(e.text) if w not in STOPWORDS} <= known
                for i in range(e.start, e.end)]
    if kind in ("how_many", "figure", "age"):
        return [i for i, t in enumerate(p.tokens) if t.ent in FIGURE_TYPES or t.pos == "NUM"]
    words = {stem(fold(w)) for w in asked}
    said = [i for i, t in enumerate(p.tokens) if stem(fold(t.text)) in words or stem(t.lemma) in words]
    return sorted(said, key=lambda i: p.tokens[i].pos != "VERB")


def carries(p: Parsed, where: frozenset[int], q: Qualifiers, published: str | None,
            article: frozenset[str] | None = None) -> bool:
    """Does the clause at ``where`` carry each of ``q`` (or is the sentence silent on it), with no
    contradicting one?  A sentence with no year is dated by its report: the published date, else
    the years its article's other sentences name (a passage's date line, "Feb 7, 2021 …"): none of
    them the asked one, or none at all, and the sentence is not about the asked year.  ``article``
    None: the article is not known (a sentence read alone), and its silence is not held against it."""
    everywhere = frozenset(range(len(p.tokens)))
    if q.years:
        here = years_at(p, where)
        if here and not here & q.years:
            return False  # another year's event
        if not here:
            if years_at(p, everywhere):
                return False  # the sentence's years date another clause's event
            if published:
                return published[:4] in q.years and _marks_carried(p, where, q)
            if article is not None and not article & q.years:
                return False  # an undated report whose article names another year, or none
    return _marks_carried(p, where, q)


def _marks_carried(p: Parsed, where: frozenset[int], q: Qualifiers) -> bool:
    marks = qualifier_marks(p)
    for noun, numbers in q.marks.items():
        here_n = {m.number for m in marks if m.noun == noun and m.at in where}
        if here_n and not here_n & numbers:
            return False  # another one of the series
        if not here_n and any(m.noun == noun for m in marks):
            return False  # the sentence numbers it only in another clause
    return True


def bound(p: Parsed, fillers: list[int], q: Qualifiers, published: str | None,
          article: frozenset[str] | None = None) -> bool:
    """Is some filler's clause (with the clauses describing it) qualified as asked?  Without a
    filler the sentence is judged as a whole."""
    if not q:
        return True
    if not fillers:
        return carries(p, frozenset(range(len(p.tokens))), q, published, article)
    return any(carries(p, clause(p, i) | attached_clauses(p, i), q, published, article) for i in fillers)


def qualified(question: str, years: Iterable[str], text: str, kind: str | None,
              known: frozenset[str], asked: Iterable[str], published: str | None,
              article: frozenset[str] | None = None) -> bool:
    """Does ``text`` answer within the qualifiers ``question`` pins its event by?  ``article``: the
    years its article names elsewhere (:func:`article_years`), or None when not known."""
    q = question_qualifiers(question, years)
    if not q:
        return True
    p = parse(text)
    return bound(p, filler_tokens(p, kind, known, asked), q, published, article)


def article_years(texts: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Per article id, the years its given texts (retrieved sentences, title) name."""
    out: dict[str, set[str]] = {}
    for article, text in texts:
        out.setdefault(article, set()).update(YEAR_IN_TEXT.findall(text))
    return {k: frozenset(v) for k, v in out.items()}
