"""A topic brief told as a story: bottom line, what happened, why, who says what, what next, questions.

The brief's chosen points (groups of one fact across outlets), its timeline and its open
questions are sorted into the sections of design.md "Story briefs", by the form of each
sentence, never by its topic:

* **what next** — a sentence about what is scheduled or expected (its own date lies after its
  article's publication day, or it speaks of plans: "will", "is expected to", "may speak
  again later this week"): marked as expected, never listed as an event;
* **why** — a sentence that gives a reason (:data:`briefbot.truth.evidence.EXPLANATION`), with
  its attribution and whether it hedges;
* **what happened** — everything else that reports a happening, dated: timeline events by their
  event date, the brief's main points (the story's main event may carry no date in its
  sentence: it is dated by its earliest report, precision ``reported``);
* **who says what** — attributed claims ("CNN, citing a White House official, reported…")
  grouped by who makes them; the two sides of each disagreement stay in ``disagreements``,
  shown once;
* **questions** — hedged sentences phrased as questions
  (:mod:`briefbot.writing.summarize_questions`), with who raised them;
* **bottom line** — at most two sentences: the story's main event, and the best explanation
  when there is one.  The main event is the happening most of the story's articles lead with
  (:func:`lead_support`: how closely each independent article's title or first sentences say
  it), ahead of a detail that many articles repeat further down: news puts its main event in
  the headline and the lead, so the event reported in the most leads is the story's.

Every item is exact article text and cites ids of the brief's one source list; the timeline's
citations are renumbered into that list (:func:`adopt_timeline`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from briefbot.language.eventdates import resolve_date
from briefbot.language.features import attribution as in_text_attribution
from briefbot.language.forecast import is_forecast
from briefbot.schema import Citation, Disagreement, OpenQuestion, OutletView, Story, StoryItem, Timeline
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import EXPLANATION
from briefbot.truth.verify import content_words
from briefbot.writing.citation_book import CitationBook
from briefbot.writing.summarize_clean import dangling_start
from briefbot.writing.summarize_questions import as_question, refers_outside
from briefbot.writing.summarize_sentences import Group
from briefbot.writing.summarize_speakers import name_words, same_speaker, speaker_claim
from briefbot.writing.summarize_why import event_words, gives_reason

BOTTOM_LINE_SENTENCES = 2
LEAD_SENTENCES = 2
"""An article's lead for :func:`lead_support`: its title and its first this many usable sentences."""
TOP_SENTENCES = 6
"""An article's top for the story's event words (:func:`briefbot.writing.summarize_why.event_words`):
its title and first this many usable sentences.  With the two-sentence lead, the words two articles
share were too few on Multi-News dev (none at all for one of the first eight clusters, one name for
another); six give 8-35 words per cluster, all about the story's event and its people."""
LEAD_MATCH = (0.5, 0.7)
"""A sentence says what an article's lead says when their MiniLM cosine reaches the upper end;
between the two ends it counts in part (a soft count, so one borderline article does not flip the
main event).  Measured on corpus/ (2026-12-07): the postponement sentence sits at 0.60-1.0 against
the title or lead of four of the six articles on the postponed ministers' meeting, the call's
content at 1.0 against one (its own) and 0.55 against another; sentences of other stories sit
below 0.35."""

_LEAD_SOURCE = re.compile(
    r"^(?P<who>(?:[A-Z][\w'’.&-]*\s+){0,4}[A-Z][\w'’.&-]*"
    r"(?:\s+(?:report|reporting|statement|article|story|office|spokes(?:man|woman|person)))?)(?P<citing>,\s+citing\s+[^,]{2,80},)?\s+"
    r"(?:has\s+|had\s+)?(?:reported|reports|said|says|told|announced|confirmed|denied|claimed|stated|wrote)\b")
_ACCORDING = re.compile(r"^according\s+to\s+(?P<who>[^,]{2,80}),", re.I)
_GROUP_LEAD = re.compile(
    r"^(?P<who>(?:one|some|two|three|several|a|an|the|other)\s+(?:of\s+)?(?:[\w'’.-]+\s+){0,3}?"
    r"(?:sources?|officials?|spokes(?:man|woman|person)|diplomats?|aides?|analysts?|people))\s+"
    r"(?:familiar\s+with\s+[\w\s]{2,40}?\s+)?(?:said|say|says|told|reported)\b", re.I)
_TAIL_SOURCE = re.compile(
    r",\s+(?P<who>(?:[A-Z][\w'’.&-]*\s+){0,4}[A-Z][\w'’.&-]*|(?:a|an|one|the)\s+[\w\s'’-]{2,60}?)\s+"
    r"(?:said|says|reported|told\s+\w+)\.?[\"'”’]?$")


def attributed_to(text: str) -> str | None:
    """Who ``text`` credits in its own words: "CNN, citing a White House official", "Russia's
    Foreign Ministry", "one of CNN's sources"; None when it credits no one."""
    text = " ".join(text.split())
    m = _ACCORDING.match(text) or _LEAD_SOURCE.match(text) or _GROUP_LEAD.match(text) or _TAIL_SOURCE.search(text)
    if m and not names_no_one(m.group("who")):
        who = m.group("who").strip()
        citing = m.groupdict().get("citing")
        return who + (citing.rstrip(",") if citing else "")
    who = in_text_attribution(text)
    return None if who is None or names_no_one(who) else who


_FUNCTION_WORDS = frozenset({
    "as", "when", "while", "after", "before", "if", "because", "since", "though", "although", "once", "until",
    "in", "on", "at", "by", "for", "from", "with", "without", "of", "to", "into", "amid", "despite", "during",
    "and", "but", "or", "so", "yet", "then", "it", "this", "that", "there", "here", "what", "which"})
"""Words that open a clause or a phrase, never a speaker's name: "As reports of the shooting
circulated, relatives rushed" credits no one called "As"."""


def names_no_one(who: str) -> bool:
    """Does a matched speaker span open with a function word ("As reports…", "When Reuters reported…":
a clause, not the sentence's speaker)?"""
    words = who.split()
    return not words or words[0].casefold() in _FUNCTION_WORDS


_OPEN_CLAUSE = re.compile(r"\b(?:unclear|not\s+clear|unknown|not\s+(?:yet\s+)?known|uncertain|did\s+not\s+say|"
                          r"declined\s+to\s+say|no\s+(?:new\s+)?(?:date|reason|details))\b", re.I)


def raised_by(text: str) -> str | None:
    """Who says something is open: the attribution of the clause holding the hedge ("X reported
    that …; CNN said it remains unclear why" → "CNN"), else of the sentence."""
    for clause in re.split(r";\s+|\s+[—–]\s+", text):
        if _OPEN_CLAUSE.search(clause):
            return attributed_to(clause.strip()) or attributed_to(text)
    return attributed_to(text)


def is_expected(text: str, published: str | None) -> bool:
    """A forecast or plan: the sentence dates its event after the report, or its main clause speaks
    of the future (:func:`briefbot.language.forecast.is_forecast`, read from the parse)."""
    when = resolve_date(text, published)
    if when is not None and published and when.date > str(published)[:10]:
        return True
    return is_forecast(text)


def kind_of(text: str, published: str | None, hedged_open: bool, event: Sequence[str] = ()) -> str:
    """``question``, ``next``, ``why`` or ``happened`` (the first that fits, in that order).  A why
    names a reason (:data:`briefbot.truth.evidence.EXPLANATION`) and its parse attaches it to the
    story's event (``event``: the story's event words; :func:`briefbot.writing.summarize_why.gives_reason`)."""
    if hedged_open:
        return "question"
    if is_expected(text, published):
        return "next"
    if EXPLANATION.search(text) and gives_reason(text, event):
        return "why"
    return "happened"


def adopt_timeline(timeline: Timeline, book: CitationBook) -> Timeline:
    """The timeline with its citations numbered in the brief's source list (one numbering)."""
    events = []
    for e in timeline.events:
        cites = [replace(c, id=book.add_citation(c)) for c in e.citations]
        events.append(replace(e, citations=cites))
    return replace(timeline, events=events)


def lead_support(vector: np.ndarray, leads: Sequence[np.ndarray]) -> float:
    """How many articles lead with what ``vector`` says: per article (a matrix of its title and
    lead sentence vectors), its best cosine mapped onto 0..1 over :data:`LEAD_MATCH`, summed."""
    low, high = LEAD_MATCH
    total = 0.0
    for lead in leads:
        if len(lead):
            best = float(np.max(lead @ vector))
            total += min(1.0, max(0.0, (best - low) / (high - low)))
    return total


def tell_story(groups: Sequence[Group], open_groups: Sequence[Group], timeline: Timeline | None,
               disagreements: Sequence[Disagreement], book: CitationBook, open_hedges: frozenset[str],
               leads: Sequence[np.ndarray] = (), tops: Sequence[str] = ()) -> Story:
    """The story sections of a brief (see the module docstring); ``leads`` holds, per independent
    article, the vectors of its title and lead sentences (:func:`lead_support`), ``tops`` its title
    and first :data:`TOP_SENTENCES` sentences as text (the story's event words for the why section:
    :func:`briefbot.writing.summarize_why.event_words`)."""
    story = Story()
    ranked: list[tuple[float, str, StoryItem]] = []
    support: dict[int, float] = {}
    taken: list[tuple[str, int, int, StoryItem]] = []
    event = event_words(tops) if tops else []
    for g in groups:
        text = " ".join(g.rep.ev.text.split())
        published = min((s.ev.published for s in g.all if s.ev.published), default=None)
        kind = kind_of(text, published, bool(open_hedges & set(g.rep.ev.hedges)), event)
        item = _item(g, book, text, published, kind)
        taken += [(*s.ev.key, item) for s in g.all]
        ranked.append((g.score, kind, item))
        if leads and g.rep.ev.vector is not None:
            support[id(item)] = lead_support(g.rep.ev.vector, leads)
    events = _timeline_items(timeline, taken) if timeline is not None else []
    events = _fold_repeats(events, [(i, g.rep.ev.vector) for g, (_, _, i) in zip(groups, ranked, strict=True)])
    happened = sorted([i for _, k, i in ranked if k == "happened"] + [i for k, i in events if k == "happened"],
                      key=lambda i: (i.date or "9999", i.date_precision == "reported"))
    story.what_next = sorted([i for _, k, i in ranked if k == "next"] + [i for k, i in events if k == "next"],
                             key=lambda i: i.date or "9999")
    story.why = [i for _, k, i in sorted(ranked, key=lambda r: -r[0]) if k == "why"]
    sides = {" ".join(side.text.split()) for d in disagreements for side in d.sides}
    story.bottom_line = _bottom_line([r for r in ranked if r[2].text not in sides], support)
    top = {id(i) for i in story.bottom_line}
    story.who_says_what, told = who_says_what([i for i in happened if id(i) not in top], disagreements)
    story.what_happened = [i for i in happened if id(i) not in told]
    story.questions = _questions(open_groups, book)
    said_once(story, disagreements)
    return story


REPEATED_EVENT = 0.85
"""A timeline event at least this close (MiniLM cosine) to a point of the brief says the same fact
in another outlet's words: it is not listed again, its markers join the point's."""


def _fold_repeats(events: list[tuple[str, StoryItem]],
                  points: Sequence[tuple[StoryItem, np.ndarray | None]]) -> list[tuple[str, StoryItem]]:
    """Timeline events that are not already a point; a repeat gives the point its citations."""
    have = [(item, vec) for item, vec in points if vec is not None]
    if not events or not have:
        return events
    vecs = encode([i.text for _, i in events])
    out = []
    for (kind, ev), vec in zip(events, vecs, strict=True):
        sims = [float(v @ vec) for _, v in have]
        best = int(np.argmax(sims))
        if sims[best] >= REPEATED_EVENT:
            point = have[best][0]
            point.citations = list(dict.fromkeys(point.citations + ev.citations))
            point.outlets = list(dict.fromkeys(point.outlets + ev.outlets))
        else:
            out.append((kind, ev))
    return out


def said_once(story: Story, disagreements: Sequence[Disagreement]) -> None:
    """Nothing said twice: a bottom-line item is not listed again under what happened, why or
    what next; a sentence that is one side of a disagreement (shown there, with its outlet) is not
    listed again in a section when that side's citations carry all of its markers."""
    top = {id(i) for i in story.bottom_line}
    sides: dict[str, set[int]] = {}
    for d in disagreements:
        for side in d.sides:
            cites = sides.setdefault(" ".join(side.text.split()), set())
            cites |= {int(s.citation) for s in d.sides if s.citation is not None}

    def shown_elsewhere(item: StoryItem) -> bool:
        if id(item) in top:
            return True
        cited = sides.get(item.text)
        return cited is not None and set(item.citations) <= cited

    story.what_happened = [i for i in story.what_happened if not shown_elsewhere(i)]
    story.why = [i for i in story.why if not shown_elsewhere(i)]
    story.what_next = [i for i in story.what_next if not shown_elsewhere(i)]


def _item(g: Group, book: CitationBook, text: str, published: str | None, kind: str) -> StoryItem:
    when = resolve_date(text, published)
    date, precision = (when.date, when.precision) if when is not None else (published, "reported")
    if when is None and kind == "next":
        date = None  # an expectation the sentence does not date is undated, not "expected on the report's day"
    return StoryItem(
        text=text,
        citations=list(dict.fromkeys(book.add(s) for s in g.all)),
        date=(str(date)[:10] if date else None),
        date_precision=precision if date else None,
        outlets=list(dict.fromkeys(s.ev.source or s.ev.article_id for s in g.all)),
        attribution=attributed_to(text),
        hedged=bool(g.rep.ev.hedges) or kind == "next" and bool(re.search(r"\b(?:may|might|could)\b", text)),
    )


def _overlapped(c: Citation, taken: Sequence[tuple[str, int, int, StoryItem]]) -> StoryItem | None:
    """The point whose sentences overlap the quote of ``c``, if any."""
    return next((item for a, s, e, item in taken if a == c.article_id and s < c.end and c.start < e), None)


def _timeline_items(timeline: Timeline,
                    taken: Sequence[tuple[str, int, int, StoryItem]]) -> list[tuple[str, StoryItem]]:
    """Timeline events not already among the points, as happened or expected items; an event that
    is a point already gives the point the markers of its other reports (the same fact once, with
    all its markers)."""
    out: list[tuple[str, StoryItem]] = []
    joins: list[tuple[StoryItem, Citation]] = []
    for e in timeline.events:
        if not e.citations or dangling_start(e.text):
            continue
        point = next((p for p in (_overlapped(c, taken) for c in e.citations) if p is not None), None)
        if point is not None:
            joins += [(point, c) for c in e.citations if c.id not in point.citations]
            continue
        published = min((c.published for c in e.citations if c.published), default=None)
        expected = e.expected or bool(published) and e.date > str(published)[:10] or is_expected(e.text, published)
        item = StoryItem(e.text, [c.id for c in e.citations], e.date, e.date_precision, list(e.outlets),
                         attributed_to(e.text), bool(re.search(r"\b(?:may|might|could)\b", e.text)))
        out.append(("next" if expected else "happened", item))
    _join_reports(joins)
    return out


def _join_reports(joins: Sequence[tuple[StoryItem, Citation]]) -> None:
    """Add to each point the citations of the other reports of its event that say the same
    sentence (MiniLM cosine of quote and point >= :data:`REPEATED_EVENT`); a looser report of the
    event keeps its place in the timeline only, so no outlet is credited with what it did not say."""
    if not joins:
        return
    vecs = encode([t for p, c in joins for t in (p.text, c.quote)])
    for n, (point, c) in enumerate(joins):
        if float(vecs[2 * n] @ vecs[2 * n + 1]) >= REPEATED_EVENT:
            point.citations = list(dict.fromkeys(point.citations + [c.id]))
            if c.source and c.source not in point.outlets:
                point.outlets.append(c.source)


OUTLET_WEIGHT = 0.25
"""Each outlet carrying a point adds this to its lead support when choosing the main event (a fact
several outlets state is more likely the story's than one outlet's detail)."""
BACKGROUND_FACTOR = 0.5
"""A sentence whose first clause is in the past perfect ("The meeting had been scheduled to…") tells
backstory, not the news: its lead support counts this much."""
_PLUPERFECT = re.compile(r"\bhad\s+(?:not\s+|already\s+|long\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|t)\b", re.I)


def background(text: str) -> bool:
    """Is the sentence backstory (its first clause, up to a comma or "that", in the past perfect)?"""
    first = re.split(r",|;|\bthat\b", text, maxsplit=1)[0]
    return bool(_PLUPERFECT.search(first))


def main_event_key(support: float, outlets: int, text: str) -> float:
    """How strongly a point is the story's main event: lead support, then outlets; backstory and a
    point that leaves something open ("did not name the routes": a question, not an event) count less."""
    if as_question(text):
        return -1.0
    key = support + OUTLET_WEIGHT * outlets
    return key * BACKGROUND_FACTOR if background(text) else key


def _bottom_line(ranked: Sequence[tuple[float, str, StoryItem]], support: dict[int, float]) -> list[StoryItem]:
    """The main event (:func:`main_event_key` over what happened or is announced), then the best
    explanation (or the next happening).  The caller leaves out the sides of disagreements: a
    disputed version is not the story's settled bottom line, and its side is shown once, in the
    disagreement, with the other."""
    events = [r for r in ranked if r[1] in ("happened", "next")]
    events.sort(key=lambda r: (-main_event_key(support.get(id(r[2]), 0.0), len(r[2].outlets), r[2].text), -r[0]))
    why = [i for _, k, i in sorted(ranked, key=lambda r: -r[0]) if k == "why"]
    line = [i for _, _, i in events[:1]] + why[:1]
    if len(line) < BOTTOM_LINE_SENTENCES:
        line += [i for _, k, i in events[1:] if k == "happened" and i not in line  # a second fact the leads carry
                 and support.get(id(i), 0.0) > 0 and main_event_key(0.0, 1, i.text) > 0]
    return happening_first(line[:BOTTOM_LINE_SENTENCES])


def happening_first(line: list[StoryItem]) -> list[StoryItem]:
    """The bottom line leads with what happened, then who says what about it: when its first
    sentence is a party's statement (:func:`briefbot.writing.summarize_speakers.speaker_claim`:
    "Acme Watch, a rights group, said the video was shot in May …") and the second reports a
    happening in the outlet's own voice ("A rights group has released video that appears to show
    …"), the two change places; otherwise the order stands."""
    if len(line) == 2 and speaker_claim(line[0].text) is not None and speaker_claim(line[1].text) is None \
            and not EXPLANATION.search(line[1].text):
        return [line[1], line[0]]
    return line


def who_says_what(items: Sequence[StoryItem],
                  disagreements: Sequence[Disagreement]) -> tuple[list[OutletView], set[int]]:
    """Each named speaker with their claims, each a short clause of its own sentence
    (:func:`briefbot.writing.summarize_speakers.speaker_claim`), and the ids of the items told
    there (a reported statement is said once: under its speaker, not again under what happened).
    A sentence that is a side of a disagreement is left to ``disagreements`` (shown once, both
    sides); one without a named speaker stays where it was."""
    sides = {" ".join(side.text.split()) for d in disagreements for side in d.sides}
    views: list[OutletView] = []
    told: set[int] = set()
    for item in items:
        claim = None if item.text in sides else speaker_claim(item.text)
        if claim is None:
            continue
        said = replace(item, text=item.text[claim.start:claim.end], attribution=claim.who)
        view = next((v for v in views if same_speaker(v.who, claim.who)), None)
        if view is None:
            views.append(OutletView(claim.who, [said]))
        else:
            view.says.append(said)
            if len(claim.who) > len(view.who) and name_words(claim.who):
                view.who = claim.who  # "Ada Holm" names the speaker better than "Holm"
        told.add(id(item))
    return views, told


SAME_QUESTION = 0.45
"""Two phrased questions with the same question word, a shared content word and at least this
MiniLM cosine ask the same thing ("Why was the meeting pushed back?" / "Why has a planned
meeting between A and B been postponed?" sit at 0.5; questions about different things that
share the wh-word and a word, such as "Why was the vote delayed?", sit below 0.45)."""


def same_question(a: str, b: str, similarity: float) -> bool:
    """Do two phrased questions ask the same thing?"""
    wh_a, wh_b = a.split(" ", 1)[0].lower(), b.split(" ", 1)[0].lower()
    return wh_a == wh_b and similarity >= SAME_QUESTION and bool(content_words(a) & content_words(b))


def _questions(open_groups: Sequence[Group], book: CitationBook) -> list[OpenQuestion]:
    """Each open point phrased as a question once, with who raised it and the hedged sentences cited."""
    out: list[OpenQuestion] = []
    kept: list[tuple[str, np.ndarray]] = []
    for g in open_groups:
        question = next((q for q in (as_question(s.ev.text) for s in g.all) if q and not refers_outside(q)), None)
        if question is None:
            continue
        vec = encode([question])[0]
        if any(same_question(question, q, float(vec @ v)) for q, v in kept):
            continue
        kept.append((question, vec))
        raised = fewest_names(raised_by(s.ev.text) or s.ev.source or s.ev.article_id for s in g.all)
        out.append(OpenQuestion(question, raised, list(dict.fromkeys(book.add(s) for s in g.all))))
    return out


def fewest_names(names_: Iterable[str]) -> list[str]:
    """Each speaker once: a name that opens a longer credit of the list ("CNN" beside "CNN, citing a
    White House official") is that credit's, not a second speaker."""
    unique = list(dict.fromkeys(n for n in names_ if n))
    return [n for n in unique if not any(o != n and o.casefold().startswith(n.casefold() + ",") for o in unique)]
