"""Stories: the collection's articles grouped into events, for the first screen a reader sees.

Why: a reader opening the app should see what is in the collection — its stories, not a
blank question box.  A *story* is a set of articles about one event, found without a
topic typed in:

* **one text counts once** — wire copies (:class:`~briefbot.store.copies.CopyGroups`)
  are folded into their original before clustering and listed with it afterwards;
* **affinity** between two texts = :data:`COSINE_WEIGHT` × the cosine of their stored
  article vectors (the centroid of their chunk embeddings) + the rest × how many of their
  names they share, each name weighted by its rarity in the collection (a name every
  article carries links nothing); texts published more than :data:`DATE_WINDOW_DAYS`
  apart have their affinity scaled by :data:`FAR_DATE_FACTOR`;
* **clustering**: the two groups with the strongest link merge while that link is at least
  :data:`STORY_LINK` and their mean affinity at least :data:`STORY_MEAN_FLOOR`.

Each story is described from its own text only: the **headline** is the exact title of its
most central article (closest to the story's centroid); **dates** are the span of its
publication dates; **outlets** are counted independently (copies once); a
**disagreement** is the first one :func:`briefbot.truth.conflicts.find_conflicts` finds
among the story's key sentences (its articles' most important sentences); **suggested
questions** are built by form from the story's facts — the question its sources leave open
(a hedged sentence phrased as a question), what its main speaker said about what it spoke of,
how many of what a sentence counts (in that sentence's own words), its most reported event day
— never from word lists about any one story.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from briefbot.language.eventdates import resolve_date
from briefbot.language.text import MONTHS, STOPWORDS, WEEKDAYS, is_sentence_start, stem
from briefbot.sources.articles import Article
from briefbot.store.copies import CopyGroups
from briefbot.store.embeddings import encode
from briefbot.store.index import Index
from briefbot.truth.conflicts import Disagreement, find_conflicts
from briefbot.truth.status import claim_of
from briefbot.writing.summarize_questions import as_question
from briefbot.writing.summarize_sentences import Sentence, article_sentences, embed_sentences
from briefbot.writing.summarize_story import same_question

STORY_LINK = 0.45
"""Two groups of articles are one story when their closest pair has at least this affinity...
Calibrated on corpus/ + the evals/ conflict fixtures: articles about one event sit at
0.45-0.97 (a two-sentence report of a call against the longer report of the same call:
0.49; two outlets on one footbridge opening: 0.97); articles of one region on different
subjects (one country's energy reports) at 0.2-0.4, kept apart."""
STORY_MEAN_FLOOR = 0.3
"""...and their mean pairwise affinity is at least this (no chains of single links)."""
COSINE_WEIGHT = 0.6
"""Share of the affinity that is the articles' embedding cosine; the rest is shared rare names."""
NAMES_NEED_COSINE = 0.4
"""Shared names count only between texts at least this close in meaning: two reports that both
name one country but are about different things (a deportation, power-plant financing; cosine
below 0.3 on corpus/) are not one story for sharing the country."""
DATE_WINDOW_DAYS = 7
"""Articles published further apart than this are less likely one event..."""
FAR_DATE_FACTOR = 0.7
"""...so their affinity is scaled by this (a follow-up weeks later still joins when close in words)."""
KEY_SENTENCES = 6
"""Sentences per article read for disagreements and questions: the article's lead."""
MAX_QUESTIONS = 3


@dataclass(frozen=True)
class StoryArticle:
    id: str
    title: str
    source: str
    published: str | None
    copies: tuple[str, ...] = ()
    """Other articles carrying this same text (wire copies), shown with it, not counted again."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.source, "published": self.published,
                "copies": list(self.copies)}


@dataclass
class Story:
    """One event of the collection, described from its own articles."""

    id: str
    headline: str
    """Exact title of the story's most central article."""
    headline_article_id: str
    articles: list[StoryArticle]
    date_from: str | None
    date_to: str | None
    outlets: list[str]
    independent_outlets: int
    names: list[str] = field(default_factory=list)
    """The story's most shared names, as written in its articles."""
    disagreement: Disagreement | None = None
    questions: list[str] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return [a.id for a in self.articles] + [c for a in self.articles for c in a.copies]

    def matches(self, query: str) -> bool:
        """Whether every word of ``query`` is in the story's headline, names, outlets or titles."""
        hay = " ".join([self.headline, *self.names, *self.outlets, *(a.title for a in self.articles)]).casefold()
        return all(w in hay for w in query.casefold().split())

    def to_dict(self) -> dict[str, Any]:
        d = self.disagreement
        return {
            "id": self.id,
            "headline": self.headline,
            "headline_article_id": self.headline_article_id,
            "articles": [a.to_dict() for a in self.articles],
            "article_ids": self.article_ids,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "outlets": self.outlets,
            "independent_outlets": self.independent_outlets,
            "names": self.names,
            "disagrees": d is not None,
            "disagreement": None if d is None else {
                "kind": d.kind,
                "sides": [{"text": s.text, "article_id": s.article_id, "outlet": s.outlet,
                           "start": s.start, "end": s.end} for s in d.sides],
            },
            "questions": self.questions,
        }


# ---------------------------------------------------------------------- affinity rules
def name_weights(name_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Each name's rarity, ``log(N / texts carrying it)``: a name in every text weighs 0."""
    df: Counter[str] = Counter(n for names in name_sets for n in names)
    total = len(name_sets)
    return {n: math.log(total / c) for n, c in df.items()}


def shared_names(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """Weighted Jaccard overlap of two texts' names (0..1)."""
    union = sum(weights.get(n, 0.0) for n in a | b)
    return sum(weights.get(n, 0.0) for n in a & b) / union if union else 0.0


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ``YYYY-MM-DD`` dates, None when either is unknown."""
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


def affinity(cosine: float, names_shared: float, gap_days: int | None) -> float:
    """How likely two texts report one event (see the module docstring)."""
    score = COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * (names_shared if cosine >= NAMES_NEED_COSINE else 0.0)
    if gap_days is not None and gap_days > DATE_WINDOW_DAYS:
        score *= FAR_DATE_FACTOR
    return score


def cluster(sim: np.ndarray, link: float = STORY_LINK, floor: float = STORY_MEAN_FLOOR) -> list[list[int]]:
    """Groups of the items of the square affinity matrix ``sim``.

    The two groups with the strongest single link merge while that link reaches ``link``
    and their mean pairwise affinity reaches ``floor``: one close report joins a story
    however broad the story is (a short report of a call joins the whole diplomacy story
    through the article about that call), while the floor stops chains of
    one-link-each from turning a region's news into one story.
    """
    groups: list[list[int]] = [[i] for i in range(sim.shape[0])]
    while len(groups) > 1:
        best, pair = -1.0, None
        for i, a in enumerate(groups):
            for j in range(i + 1, len(groups)):
                block = sim[np.ix_(a, groups[j])]
                strongest = float(block.max())
                if strongest >= link and float(block.mean()) >= floor and strongest > best:
                    best, pair = strongest, (i, j)
        if pair is None:
            break
        i, j = pair
        groups[i] = groups[i] + groups[j]
        del groups[j]
    return groups


# ---------------------------------------------------------------------- description rules
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*[\w]|[A-Z]")


def name_phrases(text: str, name_stems: frozenset[str]) -> list[str]:
    """Runs of consecutive name words of ``text`` as written ("Mara Orsen", "Senate")."""
    out: list[str] = []
    run: list[str] = []
    last_end = -1
    for m in _NAME_WORD.finditer(text):
        word = m.group(0).removesuffix("'s").removesuffix("’s")
        is_name = stem(word) in name_stems and word.casefold() not in STOPWORDS and not _calendar(word)
        joined = is_name and run and text[last_end:m.start()] == " "
        if is_name and (joined or not run):
            run.append(word)
        else:
            if run:
                out.append(" ".join(run))
            run = [word] if is_name else []
        last_end = m.end() if is_name else -1
    if run:
        out.append(" ".join(run))
    return out


def _calendar(word: str) -> bool:
    low = word.casefold()
    return low in MONTHS or low in WEEKDAYS or low.rstrip(".") in {m[:3] for m in MONTHS}


def top_names(texts: Sequence[str], name_stems: frozenset[str], k: int = 4, strict: bool = True) -> list[str]:
    """The names carried by most of ``texts`` (one count per text), longest form of each first seen.

    ``strict``: a one-word name must also stand somewhere mid-sentence; when that leaves no
    name at all (a company only ever named at the start of its sentences), the rule is dropped."""
    per_text: Counter[str] = Counter()
    for t in texts:
        per_text.update(set(name_phrases(t, name_stems)))
    ranked = sorted(per_text.items(), key=lambda kv: (-kv[1], -len(kv[0].split()), kv[0]))
    out: list[str] = []
    for phrase, _ in ranked:
        if strict and " " not in phrase and not _ever_mid_sentence(phrase, texts):
            continue  # "Buses continue…": capitalised only because it opens a sentence
        words = set(phrase.split())
        if any(words <= set(o.split()) or set(o.split()) <= words for o in out):
            continue  # "Orsen" after "Mara Orsen" says nothing new
        out.append(phrase)
        if len(out) == k:
            break
    return out if out or not strict else top_names(texts, name_stems, k, strict=False)


def _ever_mid_sentence(word: str, texts: Sequence[str]) -> bool:
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    return any(not is_sentence_start(t, m.start()) for t in texts for m in pattern.finditer(t))


def main_event_day(sentences: Sequence[Sentence], date_from: str | None, date_to: str | None) -> str | None:
    """The day-precision event date reported by most of the story's articles (one count per
    article; ties: earliest), among days within :data:`DATE_WINDOW_DAYS` of its reporting —
    a deadline months away is not what the story is about."""
    days: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for s in sentences:
        found = resolve_date(s.ev.text, s.ev.published)
        if found is None or found.precision != "day" or (s.ev.article_id, found.date) in seen:
            continue
        near = [g for ref in (date_from, date_to) if (g := days_apart(found.date, ref)) is not None]
        if near and min(near) > DATE_WINDOW_DAYS:
            continue
        seen.add((s.ev.article_id, found.date))
        days[found.date] += 1
    if not days:
        return None
    return sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


SPEECH_VERBS = frozenset(
    "said says told announced stated added denied confirmed warned wrote argued insisted "
    "claimed noted called urged".split()
)
"""Verbs of reporting speech: the name just before one is a speaker (grammar, not story words)."""
SPEAKER_WINDOW = 4
"""A reporting verb at most this many words after a name makes the name its speaker."""


def speakers(sentences: Sequence[Sentence], name_stems: frozenset[str]) -> list[str]:
    """Names that speak in the key sentences ("Orsen said", "according to the Kremlin"), most articles first."""
    per_article: dict[str, set[str]] = {}
    for s in sentences:
        text = s.ev.text
        for phrase in name_phrases(text, name_stems):
            at = text.find(phrase)
            after = re.findall(r"[A-Za-z']+", text[at + len(phrase):])[:SPEAKER_WINDOW]
            before = text[max(0, at - 20):at].casefold()
            if any(w.casefold() in SPEECH_VERBS for w in after) or before.rstrip().endswith("according to"):
                per_article.setdefault(phrase, set()).add(s.ev.article_id)
    return [p for p, _ in sorted(per_article.items(), key=lambda kv: (-len(kv[1]), -len(kv[0]), kv[0]))]


_COUNT = re.compile(
    r"\b(?:at\s+least\s+|more\s+than\s+|nearly\s+|about\s+|some\s+)?\d[\d,.]*\s+"
    r"(?:(?:million|billion|thousand|hundred)\s+)?(?P<noun>[a-z][a-z-]{3,})\s+(?P<verb>[a-z]+)\b(?P<rest>[^,.;:!?()]*)")
_NOT_COUNTED = frozenset({"years", "months", "weeks", "days", "hours", "minutes", "seconds", "percent"})
_VERB_AUX = frozenset({"were", "was", "are", "is", "have", "had", "has", "will", "would", "could", "may", "might"})
_PRONOUN = re.compile(r"\b(?:it|its|them|they|this|that|these|those|him|her|he|she)\b", re.I)


def count_question(sentences: Sequence[Sentence]) -> str | None:
    """"How many X …?" from a key sentence whose subject is counted ("at least 85 senators support the
    bill" → "How many senators support the bill?"): the count's own clause, when it names what it
    means (no pronoun left hanging) and its next word is a verb (an auxiliary or a lowercase word
    that is no function word)."""
    for s in sentences:
        for m in _COUNT.finditer(s.ev.text):
            noun, verb, rest = m.group("noun"), m.group("verb"), " ".join(m.group("rest").split())
            if not noun.endswith("s") or noun in _NOT_COUNTED or _calendar(noun):
                continue
            if verb not in _VERB_AUX and (verb in STOPWORDS or verb.endswith("s") and verb != noun):
                continue  # "85 senators in …", "12 drones and …": no verb follows the count
            rest = re.split(r"\s+(?:and|but|while|because|after|before|as|since|when)\s+", rest)[0].strip()
            clause = f"{verb} {rest}".strip()
            if _PRONOUN.search(clause) or len(clause.split()) < 2:
                continue
            return f"How many {noun} {clause}?"
    return None


OPEN_QUESTION_TEXTS = 2
"""An open point is suggested for a story of at least this many independent texts: other reports
then bear on it and the system answers ``uncertain`` with what is known ("Why was the meeting
pushed back?" on corpus/); a detail a lone report leaves out ("how many plants are involved") has
no answer in the collection (``insufficient_evidence`` on corpus/, 2026-12-07)."""
_WH_QUESTION = re.compile(r"^(?:Why|When|Where|Who|What|Which|How)\b")
_WH_WORD = re.compile(r"\b(?:why|when|where|who|what|which|how|whether)\b", re.I)


def open_question(sentences: Sequence[Sentence]) -> str | None:
    """The question the story's sources leave open (a hedged key sentence phrased as a question by
    :func:`briefbot.writing.summarize_questions.as_question`), the one most articles raise (phrasings
    that ask the same thing count together, by
    :func:`briefbot.writing.summarize_story.same_question`), in its shortest phrasing: only
    wh-questions that name what they ask about ("Why was the meeting pushed back?", never
    "How will it affect it?")."""
    raised: dict[str, set[str]] = {}
    for s in sentences:
        q = as_question(s.ev.text)
        if not q or not _WH_QUESTION.match(q) or _PRONOUN.search(q) or q.startswith("What are the ") \
                or len(_WH_WORD.findall(q)) > 1:
            # "What are the details of …" is the phrasing of last resort, and two coordinated embedded
            # questions ("which … were meant or where and when …") do not come out as one question
            continue
        raised.setdefault(q, set()).add(s.ev.article_id)
    if not raised:
        return None
    phrasings = list(raised)
    vecs = encode(phrasings)
    groups: list[list[int]] = []
    for i, q in enumerate(phrasings):
        home = next((g for g in groups if same_question(phrasings[g[0]], q, float(vecs[g[0]] @ vecs[i]))), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    articles = [set().union(*(raised[phrasings[i]] for i in g)) for g in groups]
    best = max(range(len(groups)), key=lambda k: len(articles[k]))
    return min((phrasings[i] for i in groups[best]), key=len)


def spoken_about(sentences: Sequence[Sentence], speaker: str, names: Sequence[str],
                 name_stems: frozenset[str]) -> str | None:
    """The story's most shared name that the speaker's own sentences mention ("What did X say about
    Y?" asks about something X spoke of)."""
    counts: Counter[str] = Counter()
    for s in sentences:
        if speaker not in s.ev.text:
            continue
        found = set(name_phrases(s.ev.text, name_stems))
        for n in names:
            if n in found and not set(n.split()) & set(speaker.split()):
                counts[n] += 1
    return next((n for n in names if counts[n]), None)


def human_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def suggested_questions(
    names: Sequence[str], speaking: Sequence[str], event_day: str | None, counted: str | None,
    open_point: str | None = None, subject: str | None = None,
) -> list[str]:
    """Up to :data:`MAX_QUESTIONS` questions, one per form, from the story's own facts: what its
    sources leave open (``open_point``), what its main speaker said about what it spoke of
    (``subject``, else the story's first name), how many of what it counts (``counted``, a whole
    question), what happened on its main day."""
    out: list[str] = [open_point] if open_point else []
    speaker = speaking[0] if speaking else None
    subject = subject or next((n for n in names if not speaker or not (set(n.split()) & set(speaker.split()))), None)
    if speaker and subject:
        out.append(f"What did {speaker} say about {subject}?")
    elif speaker:
        out.append(f"What did {speaker} say?")
    elif subject:
        out.append(f"What do the sources say about {subject}?")
    if counted:
        out.append(counted)
    if event_day:
        out.append(f"What happened on {human_day(event_day)}?")
    others = [n for n in names if n != subject and not any(n in q for q in out)]
    if len(out) < 2 and others:
        out.append(f"What do the sources say about {others[0]}?")
    return out[:MAX_QUESTIONS]


def story_id(article_ids: Sequence[str]) -> str:
    return "s-" + hashlib.sha1("\n".join(sorted(article_ids)).encode()).hexdigest()[:10]


# ---------------------------------------------------------------------- building
@dataclass
class _Text:
    """One independent text of the collection (an original with its wire copies)."""

    article: Article
    vector: np.ndarray
    names: frozenset[str]
    copies: list[str] = field(default_factory=list)
    copy_dates: list[str] = field(default_factory=list)
    """Publication dates of the copies: a republication is reporting on that day too."""


def _stored_texts(index: Index, copies: CopyGroups) -> list[_Text]:
    """Every stored article with its article vector; copies folded into their original."""
    records = index.records()
    vectors: dict[str, np.ndarray] = {}
    size = 500
    while True:
        got = index.articles.get(include=["embeddings"], limit=size, offset=len(vectors))
        for aid, vec in zip(got["ids"], got["embeddings"] if got["embeddings"] is not None else [], strict=True):
            vectors[aid] = np.asarray(vec, dtype=np.float32)
        if len(got["ids"]) < size:
            break
    gaz = index.gazetteer()
    texts: dict[str, _Text] = {}
    for aid in sorted(records, key=lambda a: (records[a].published or "", a)):
        root = copies.text_of(aid)
        if root != aid and root in texts:
            texts[root].copies.append(aid)
            texts[root].copy_dates += [records[aid].published] if records[aid].published else []
            continue
        article = index.get_article(aid)
        if article is None or aid not in vectors:
            continue
        texts[aid] = _Text(article, vectors[aid], gaz.resolve(article.title + "\n" + article.text))
    return list(texts.values())


def affinity_matrix(texts: Sequence[_Text]) -> np.ndarray:
    weights = name_weights([t.names for t in texts])
    vecs = np.stack([t.vector for t in texts])
    cos = vecs @ vecs.T
    n = len(texts)
    sim = np.eye(n, dtype=np.float32)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = texts[i], texts[j]
            s = affinity(float(cos[i, j]), shared_names(a.names, b.names, weights),
                         days_apart(a.article.published, b.article.published))
            sim[i, j] = sim[j, i] = s
    return sim


def build_stories(index: Index, copies: CopyGroups | None = None) -> list[Story]:
    """The collection's stories: most independent outlets first, then newest."""
    copies = copies or CopyGroups.of_index(index)
    texts = _stored_texts(index, copies)
    if not texts:
        return []
    sim = affinity_matrix(texts)
    name_stems = index.gazetteer().names
    stories = [_describe([texts[i] for i in group], index, copies, name_stems) for group in cluster(sim)]
    stories.sort(key=lambda s: (s.independent_outlets, s.date_to or "", len(s.articles), s.headline), reverse=True)
    return stories


def _describe(members: list[_Text], index: Index, copies: CopyGroups, name_stems: frozenset[str]) -> Story:
    vecs = np.stack([m.vector for m in members])
    centroid = vecs.mean(axis=0)
    central = members[int(np.argmax(vecs @ centroid))]
    dates = sorted([d for m in members if (d := m.article.published)] + [d for m in members for d in m.copy_dates])
    pairs = [(m.article.id, m.article.source) for m in members]
    pairs += [(c, copies.sources.get(c, "")) for m in members for c in m.copies]
    outlets = sorted({src for _, src in pairs if src})
    key = _key_sentences(index, [m.article for m in members], embed=len(members) > 1)
    names = top_names([m.article.title + "\n" + m.article.text for m in members], name_stems)
    disagreement = None
    if len(members) > 1:
        found = find_conflicts([claim_of(s.ev) for s in key])
        disagreement = found[0] if found else None
    return Story(
        id=story_id([m.article.id for m in members]),
        headline=central.article.title,
        headline_article_id=central.article.id,
        articles=[StoryArticle(m.article.id, m.article.title, m.article.source, m.article.published,
                               tuple(m.copies)) for m in members],
        date_from=dates[0] if dates else None,
        date_to=dates[-1] if dates else None,
        outlets=outlets,
        independent_outlets=copies.independent(pairs),
        names=names,
        disagreement=disagreement,
        questions=_questions(key, names, name_stems, dates, len(members)),
    )


def _questions(key: list[Sentence], names: list[str], name_stems: frozenset[str], dates: list[str],
               texts: int) -> list[str]:
    speaking = speakers(key, name_stems)
    return suggested_questions(
        names, speaking, main_event_day(key, dates[0] if dates else None, dates[-1] if dates else None),
        count_question(key), open_question(key) if texts >= OPEN_QUESTION_TEXTS else None,
        spoken_about(key, speaking[0], names, name_stems) if speaking else None)


def _key_sentences(index: Index, articles: list[Article], embed: bool) -> list[Sentence]:
    """Each article's first :data:`KEY_SENTENCES` usable sentences (news puts its key facts in
    the lead); embedded only when ``embed`` (a story of several texts, compared for conflicts):
    embedding every sentence of the collection would cost a minute on a busy laptop CPU."""
    out: list[Sentence] = []
    for sents in article_sentences(index, articles).values():
        out += sents[:KEY_SENTENCES]
    if embed:
        embed_sentences(out)
    return out
