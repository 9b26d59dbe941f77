"""Stand-alone points: dangling starts compressed away, and points about another story dropped.

A news sentence often opens by pointing back at the one before it ("The assessment comes
after CNN reported…", "However, the ministry said…", "It has been stalled since June").
Lifted into a brief, the pointer dangles.  Two general repairs, by the sentence's form:

* **compress**: when what follows the pointer is itself a sentence (a connective and a
  comma, or a frame "The X comes after / follows" before a capitalised clause), the point
  starts there — an exact substring of the article, so its quote stays exact text;
* otherwise the sentence is **dangling** and a brief does not use it as a point (a better
  sentence of the same fact, or the next-best fact, takes its place).

**Topic drift**: a wrap-up article carries other stories; a point far from the story (low
similarity to the topic and the story's centroid) that shares no entity with the story is
about another story and is dropped.  A whole article can be about another story too (a page
of other headlines gathered with the cluster, an article of another event): in a brief over a
cluster of three or more articles (no topic), one much further from the others than they are
from each other (:func:`off_story_articles`) gives no points, and is not forced in to represent
itself.  With a topic, relevance to it decides which articles count: a two-sentence report that
contradicts the rest is far from them in meaning yet is the other side of a disagreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np

_CONNECTIVE = (
    r"(?:but|and|so|yet|still|however|also|meanwhile|moreover|furthermore|nevertheless|nonetheless|instead|"
    r"separately|additionally|in addition|as a result|since then|by then|even so|at the same time|"
    r"in the meantime|in turn|after that|for (?:its|his|her|their) part)"
)
_POINTER_NOUN = (
    r"(?:assessment|move|decision|report|statement|comments?|remarks?|announcement|news|development|step|"
    r"delay|call|meeting|talks|visit|plan|proposal|change|warning|ruling|vote|deal|agreement|letter|"
    r"postponement|decision|shift|setback|update|disclosure|revelation|claim|claims|figures?|numbers?|"
    r"findings?|measure|bill|law|incident|attack|episode|situation)"
)
_FRAME_VERB = r"(?:comes?|came|follows?|followed|arrives?|arrived)"
_FRAME_LINK = r"(?:after|as|amid|since|days after|a day after|weeks after|just after|shortly after|following)"

_ACT_NOUN = (
    r"(?:move|decision|announcement|development|step|news|revelation|disclosure|comments?|remarks?|assessment|"
    r"shift|setback|update|statement|claims?|findings?|episode|situation|incident|ruling|action|actions|response)"
)
"""Nouns that name an earlier act or report in the abstract ("The move…", "The decision…"): with
"the" they point back at the sentence before, unlike a concrete event ("The meeting between A and
B…"), which names what it is."""

COMPRESSIBLE_STARTS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^{_CONNECTIVE}\s*,?\s+(?=(?-i:[A-Z])|[“\"'])", re.I),
    re.compile(rf"^(?:the|this|that|these|those|it|its)\s+(?:\w+\s+)?(?:{_POINTER_NOUN}\s+)?{_FRAME_VERB}\s+"
               rf"{_FRAME_LINK}\s+(?=(?-i:[A-Z])|[“\"'])", re.I),
)
"""Pointers that can be cut off: what follows is a sentence of its own (it starts with a capital)."""

DANGLING_STARTS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^(?:it|they|them|he|she|him|her|his|hers|its|their|theirs|this|that|these|those|such)\b"
               r"(?!\s+(?:is|was|remains|remained|seems|seemed|appears|appeared|has been|had been|will be|would be)"
               r"\s+(?:\w+\s+){0,2}?(?:that|to|whether|why|when|how|if|where|who|what)\b)", re.I),
    re.compile(rf"^{_CONNECTIVE}\b", re.I),
    re.compile(rf"^(?:the|this|that|these|those)\s+(?:\w+\s+)?{_POINTER_NOUN}\s+{_FRAME_VERB}\b", re.I),
    re.compile(r"^(?:the|both|all|each)\s+(?:two|three|four|pair|men|women|sides|leaders|diplomats|officials|"
               r"ministers|parties|countries|companies|groups)\b(?!\s+(?:of|from|in)\b)", re.I),
    re.compile(r"^(?:the|this|that)\s+(?:same|latter|former|above|following)\b", re.I),
    re.compile(rf"^the\s+{_ACT_NOUN}\s+(?:by|of|from)\s+[^,;]{{1,90}}?\s+{_FRAME_VERB}\b", re.I),
    re.compile(rf"^the\s+{_ACT_NOUN}\s+(?:is|was|has|had|comes|came|marks|marked|follows|followed|drew|draws|"
               rf"sparked|prompted|angered|surprised|would|could|will)\b", re.I),
)
"""Openings that point back at a previous sentence (a pronoun that is not the dummy "it" of "it
remains unclear why", a connective, "The assessment comes…", "The two diplomats…", "The move by
the company came as…", "The decision was criticised…")."""


def compress_start(text: str) -> int:
    """Characters to cut from the start of ``text`` so it no longer opens with a pointer (0: none)."""
    for pattern in COMPRESSIBLE_STARTS:
        m = pattern.match(text)
        if m and len(text[m.end():].split()) >= 5:
            return m.end() + compress_start(text[m.end():])
    return 0


def dangling_start(text: str) -> bool:
    """Does ``text`` open with a reference to something outside it, or inside a quotation that
    opened in an earlier sentence ("All of them?” Keilar responded")?"""
    stripped = text.lstrip(" \"'“‘(")
    return any(p.match(stripped) for p in DANGLING_STARTS) or starts_inside_quote(text)


def starts_inside_quote(text: str) -> bool:
    """A closing curly quote before any opening one: the sentence begins inside a quotation."""
    close = text.find("”")
    return close >= 0 and not 0 <= text.find("“") < close


def broken_quote(text: str) -> bool:
    """Unbalanced quotation marks: a piece of a quotation that runs over several sentences."""
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


DRIFT_SIMILARITY = 0.3
"""A point whose MiniLM cosine to the story (the larger of topic and centroid similarity) is below
this, and that names none of the story's entities, is about another story.  Measured on
``corpus/`` (2026-12-06): of the 83 sentences the brief on the postponed ministers' meeting reads, the lowest
sit at 0.27-0.37 and only two fall below 0.3, both without a name ("No additional information was
available in the item.", "The headline penalty is a tariff."); of the 62 for the brief on
one country's oil exports, none.  The cut is deliberately low: the entity condition does most of the work, and a
sentence naming the story's people is never dropped."""


def story_entities(name_sets: Iterable[tuple[str, frozenset[str] | set[str]]], topic_names: set[str]) -> set[str]:
    """The story's entities: the topic's names and names that two or more articles use."""
    seen: dict[str, set[str]] = {}
    for article, found in name_sets:
        for n in found:
            seen.setdefault(n, set()).add(article)
    return set(topic_names) | {n for n, arts in seen.items() if len(arts) >= 2}


def drifted(similarity: float, names: set[str] | frozenset[str], entities: set[str]) -> bool:
    """Is a point about another story (far from it and naming none of its entities)?"""
    return similarity < DRIFT_SIMILARITY and not (set(names) & entities)


OFF_STORY_RATIO = 0.7
"""An article is about another story when the cosine of its mean sentence vector to the mean of the
other articles' is below this share of the median of that same leave-one-out cosine over the others.
Measured on the first 12 Multi-News dev clusters (2026-12-07), each with one article of the next
cluster added: cluster members sit at 0.84-1.3 of the others' median, the added article at
0.05-0.66; one member, a page of unrelated headlines, at 0.25."""
OFF_STORY_MIN_ARTICLES = 3
"""With two articles neither can be told to be the odd one out."""


def off_story_articles(means: Mapping[str, np.ndarray]) -> set[str]:
    """Articles (by id → unit mean sentence vector) much further from the rest than the rest are
    from each other (:data:`OFF_STORY_RATIO`)."""
    if len(means) < OFF_STORY_MIN_ARTICLES:
        return set()
    ids = list(means)
    vecs = np.stack([means[a] for a in ids])
    total = vecs.sum(axis=0)
    loo = {}
    for a, v in zip(ids, vecs, strict=True):
        rest = total - v
        loo[a] = float(v @ rest) / (float(np.linalg.norm(rest)) or 1.0)
    out = set()
    for a in ids:
        others = sorted(loo[b] for b in ids if b != a)
        if loo[a] < OFF_STORY_RATIO * float(np.median(others)):
            out.add(a)
    return out
